// Runs every leakguard rule (the `all` config) over ~3 MB of real JavaScript and
// TypeScript from node_modules: ESLint's and typescript-eslint's sources, bundled ESM,
// parsers, TypeScript declarations. The rules must never throw; whether they report
// anything on this code is not checked here. Every file is parsed by
// @typescript-eslint/parser, and JavaScript files also by ESLint's default parser (espree),
// whose trees differ in details rules must not depend on. The sample is deterministic,
// see scripts/real-world-sample.js.

import { readFileSync } from 'node:fs';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { getRealWorldSample } from '../scripts/real-world-sample.js';
import plugin from '../src/index.js';

const sample = getRealWorldSample();
const linter = new Linter({ configType: 'flat' });
const linted = new Set<string>();

type ParserName = 'typescript-eslint' | 'espree';

function lint(
  code: string,
  filename: string,
  parser: ParserName,
  sourceType: 'module' | 'commonjs',
): Linter.LintMessage[] {
  const config: Linter.Config[] = [
    {
      files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
      languageOptions: {
        ...(parser === 'typescript-eslint' ? { parser: tsParser } : {}),
        ecmaVersion: 'latest',
        sourceType,
      },
      // Inputs may contain eslint-disable comments for rules that are not loaded here.
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    plugin.configs.all,
  ];
  return linter.verify(code, config, { filename });
}

function isFatal(messages: readonly Linter.LintMessage[]): boolean {
  return messages.some((message) => message.fatal === true);
}

/**
 * Lints a file as a module, or as a script where it does not parse as a module (old
 * CommonJS using `with`, reserved words as names, …). Returns whether it parsed at all:
 * a file that parses neither way is not this plugin's business and is skipped.
 */
function lintEitherWay(code: string, filename: string, parser: ParserName): boolean {
  // A rule crash makes verify() throw, which fails the test with the rule's stack.
  return (
    !isFatal(lint(code, filename, parser, 'module')) || !isFatal(lint(code, filename, parser, 'commonjs'))
  );
}

describe('every rule on real-world code', () => {
  it('has a sample to run on', () => {
    expect(sample.length).toBeGreaterThan(20);
    expect(plugin.configs.all.plugins?.leakguard).toBe(plugin);
  });

  it.each(sample.map((file) => ({ ...file, title: `${file.name} (${String(Math.round(file.bytes / 1024))} kB)` })))(
    '$title',
    ({ path, name }) => {
      const code = readFileSync(path, 'utf8');
      const filename = `sample/${name}`;
      if (lintEitherWay(code, filename, 'typescript-eslint')) {
        linted.add(name);
      }
      if (/\.[cm]?js$/u.test(name)) {
        lintEitherWay(code, filename, 'espree');
      }
    },
  );

  it('parsed nearly all of the sample', () => {
    expect(linted.size).toBeGreaterThanOrEqual(Math.floor(sample.length * 0.9));
  });
});

// Constructs the sample may lack, each next to a call that makes a rule analyse the file.
describe('every rule on unusual syntax', () => {
  it.each([
    ['import-equals', `import pg = require('pg');\nimport cookie = require('cookie');\nconst pool = new pg.Pool();\nexport async function f(repo: any) {\n  const c = await pool.connect();\n  const s = repo.find({}).stream();\n  return [c, s];\n}`],
    ['export-import-equals', `export import Q = NS.Q;\nasync function f(db: any) { const t = await db.transaction(); return t; }`],
    ['computed iterator on a call', `function f(g: any) { const it = g()[Symbol.iterator](); it.next(); }`],
    ['BEGIN in a template with expressions', `async function f(pool: any) { const c = await pool.connect(); await c.query(\`BEGIN \${mode}\`); c.release(); }`],
  ])('%s', (_name, code) => {
    expect(isFatal(lint(code, 'unusual.ts', 'typescript-eslint', 'module'))).toBe(false);
  });
});
