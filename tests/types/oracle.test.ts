// The type oracle's plumbing: which package a declaration file belongs to, and one cached
// oracle per program.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLintUtils } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { getFileTypes, getPackageOfFile, type TypeOracle } from '../../src/types/oracle.js';
import { fixtureDir } from './testers.js';

describe('getPackageOfFile', () => {
  it.each([
    ['/app/node_modules/pg/lib/index.d.ts', 'pg'],
    ['/app/node_modules/@types/pg/index.d.ts', 'pg'],
    ['/app/node_modules/@types/express-serve-static-core/index.d.ts', 'express-serve-static-core'],
    ['/app/node_modules/@types/babel__core/index.d.ts', '@babel/core'],
    ['/app/node_modules/@mikro-orm/core/index.d.ts', '@mikro-orm/core'],
    ['/app/node_modules/typeorm/node_modules/debug/index.d.ts', 'debug'],
    ['C:\\app\\node_modules\\mongodb\\mongodb.d.ts', 'mongodb'],
    ['/app/src/db.ts', null],
  ])('%s is from %s', (file, expected) => {
    expect(getPackageOfFile(file)).toBe(expected);
  });
});

describe('getFileTypes', () => {
  const seen: (TypeOracle | undefined)[] = [];
  const probe = ESLintUtils.RuleCreator.withoutDocs({
    meta: { type: 'problem', messages: {}, schema: [], defaultOptions: [] },
    create(context) {
      seen.push(getFileTypes(context)?.oracle);
      return {};
    },
  });
  const lint = (typed: boolean): void => {
    const file = join(fixtureDir, 'db.ts');
    new Linter({ configType: 'flat' }).verify(
      readFileSync(file, 'utf8'),
      [
        {
          files: ['**/*.ts'],
          languageOptions: {
            parser: tsParser,
            parserOptions: typed ? { projectService: true, tsconfigRootDir: fixtureDir } : {},
          },
          plugins: { probe: { rules: { probe } } as never },
          rules: { 'probe/probe': 'error' },
        },
      ],
      { filename: file },
    );
  };

  it('is undefined without a program, and never throws', () => {
    seen.length = 0;
    lint(false);
    expect(seen).toEqual([undefined]);
  });

  it('hands out one oracle per program', () => {
    seen.length = 0;
    lint(true);
    lint(true);
    const [first, second] = seen;
    expect(first).toBeDefined();
    expect(second).toBe(first);
  });
});
