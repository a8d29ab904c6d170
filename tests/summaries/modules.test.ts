import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import * as espree from 'espree';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { takeDebugRecords } from '../../src/debug.js';
import { createModuleLookup, getVariableResolver, LOOKUP_LIMITS } from '../../src/summaries/callee.js';
import { FileProbe } from '../../src/summaries/files.js';
import { getModuleParser, getParsedModule, MODULE_LIMITS, type ModuleParser, parseWithScopes } from '../../src/summaries/modules.js';
import { getSummaryStats, resetSummaryStats } from '../../src/summaries/stats.js';
import { callsByCallee, FIXTURES, lookupFor, parseFixture, resolveIn } from './helpers.js';

function tsModuleParser(): ModuleParser {
  const parser = getModuleParser({ parser: tsParser, parserOptions: {} });
  if (!parser) {
    throw new Error('no parser');
  }
  return parser;
}

describe('the module cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-summaries-'));
  const file = join(dir, 'db.ts');
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    resetSummaryStats();
  });

  it('parses a module once and answers later lints from the cache', () => {
    const text = 'export function release(c) { c.release(); }\n';
    writeFileSync(file, text);
    const parser = tsModuleParser();
    const first = getParsedModule(file, parser, new FileProbe(), () => true);
    const second = getParsedModule(file, parser, new FileProbe(), () => true);
    expect(typeof first).toBe('object');
    expect(second).toBe(first);
    const stats = getSummaryStats();
    expect(stats).toMatchObject({ requests: 2, hits: 1, parses: 1, parsedChars: text.length });
    expect(stats.parseMs).toBeGreaterThan(0);
  });

  it('parses again when the file was edited (the editor saved a change)', () => {
    writeFileSync(file, 'export function release(c) { c.release(); }\n');
    const parser = tsModuleParser();
    const before = getParsedModule(file, parser, new FileProbe(), () => true);
    // Same size, and the modification time put back: only the content hash tells.
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'export function acquire(c) { c.connect(); }\n');
    utimesSync(file, atime, mtime);
    const after = getParsedModule(file, parser, new FileProbe(), () => true);
    expect(typeof after).toBe('object');
    expect(after).not.toBe(before);
    expect(typeof after === 'object' && after.text.includes('acquire')).toBe(true);
  });

  it('keeps the parse when a file is touched but not changed', () => {
    writeFileSync(file, 'export const same = 1;\n');
    const parser = tsModuleParser();
    const before = getParsedModule(file, parser, new FileProbe(), () => true);
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(getParsedModule(file, parser, new FileProbe(), () => true)).toBe(before);
    expect(getSummaryStats()).toMatchObject({ hits: 1, parses: 1 });
  });

  it('keeps modules parsed by different parsers apart', () => {
    writeFileSync(file, 'export const x = 1;\n');
    const one = getParsedModule(file, tsModuleParser(), new FileProbe(), () => true);
    const other = getModuleParser({ parser: { parseForESLint: tsParser.parseForESLint }, parserOptions: {} });
    expect(other).not.toBeNull();
    expect(other && getParsedModule(file, other, new FileProbe(), () => true)).not.toBe(one);
  });

  it('does not parse a file over the size limit', () => {
    writeFileSync(file, `export const big = '${'x'.repeat(200)}';\n`);
    const saved = MODULE_LIMITS.maxFileBytes;
    MODULE_LIMITS.maxFileBytes = 100;
    try {
      expect(getParsedModule(file, tsModuleParser(), new FileProbe(), () => true)).toBe('too-large');
    } finally {
      MODULE_LIMITS.maxFileBytes = saved;
    }
  });

  it('remembers a module that does not parse, without throwing', () => {
    writeFileSync(file, 'export function (;\n');
    const parser = tsModuleParser();
    expect(getParsedModule(file, parser, new FileProbe(), () => true)).toBe('parse-error');
    expect(getParsedModule(file, parser, new FileProbe(), () => true)).toBe('parse-error');
    expect(getSummaryStats()).toMatchObject({ parses: 1, hits: 1 });
  });

  it('sets parents and lists calls in traversal order', () => {
    writeFileSync(file, 'export function f(c) { a(b(c)); new D(); }\n');
    const parsed = getParsedModule(file, tsModuleParser(), new FileProbe(), () => true);
    if (typeof parsed === 'string') {
      throw new Error(parsed);
    }
    expect(parsed.calls.map((call) => parsed.text.slice(call.range[0], call.range[1]))).toEqual(['a(b(c))', 'b(c)', 'new D()']);
    expect(parsed.calls.every((call) => call.parent.type !== parsed.ast.type || call.parent === parsed.ast)).toBe(true);
    expect(parsed.calls[1]?.parent).toBe(parsed.calls[0]);
  });
});

describe('the parser other modules are read with', () => {
  it('is none when the host gives the rule no parser (oxlint): same-file summaries only', () => {
    expect(getModuleParser(undefined)).toBeNull();
    expect(getModuleParser({})).toBeNull();
    expect(createModuleLookup({ filename: `${FIXTURES}app/src/service.ts` }, { rule: 'r' })).toBeNull();
  });

  it('is none for a file that has no path (text from stdin)', () => {
    expect(createModuleLookup({ filename: '<input>', languageOptions: { parser: tsParser } }, { rule: 'r' })).toBeNull();
  });

  it("reads JavaScript with the file's own parser and scope-manager's scopes when typescript-eslint's parser is not installed", () => {
    const text = "import pg from 'pg';\nconst pool = new pg.Pool();\nexport async function open() {\n  const client = await pool.connect();\n  return client;\n}\n";
    const options = { ecmaVersion: 'latest', sourceType: 'module', range: true, loc: true, tokens: false, comment: false };
    const parsed = parseWithScopes(espree, '/project/src/db.js', text, options);
    const ast = parsed?.ast as TSESTree.Program | undefined;
    const scopeManager = parsed?.scopeManager as TSESLint.Scope.ScopeManager | undefined;
    const fn = ast?.body[2]?.type === AST_NODE_TYPES.ExportNamedDeclaration ? ast.body[2].declaration : null;
    const returned = fn?.type === AST_NODE_TYPES.FunctionDeclaration ? fn.body.body[1] : null;
    const identifier = returned?.type === AST_NODE_TYPES.ReturnStatement && returned.argument?.type === AST_NODE_TYPES.Identifier ? returned.argument : null;
    expect(identifier).not.toBeNull();
    // The returned `client` is a reference to the function's own variable, and `pool` a
    // module-level one: scopes as ESLint's own analysis gives them.
    const fnScope = fn ? scopeManager?.acquire(fn) : null;
    const client = fnScope?.set.get('client');
    expect(client?.defs[0]?.node.type).toBe(AST_NODE_TYPES.VariableDeclarator);
    expect(client?.references.some((reference) => reference.identifier === identifier)).toBe(true);
    expect(scopeManager?.globalScope?.childScopes[0]?.set.has('pool')).toBe(true);
    expect(parseWithScopes(espree, '/project/src/db.ts', text, options)).toBeNull();
  });

  it("is typescript-eslint's parser when the file's parser has no scope manager (espree)", () => {
    const espreeLike = { parse: () => ({ type: 'Program', body: [] }) };
    const lookup = createModuleLookup(
      { filename: `${FIXTURES}app/src/service.ts`, languageOptions: { parser: espreeLike, parserOptions: { ecmaVersion: 'latest' } } },
      { rule: 'r' },
    );
    const module = parseFixture('app/src/service.ts');
    expect(lookup && resolveIn(lookup, module, 'commit')).toEqual({ name: 'commit', file: 'app/src/utils/tx.ts' });
  });

  it('drops type-aware options, so no TypeScript program is built for another module', () => {
    let seen: unknown;
    const spy = {
      parseForESLint: (text: string, options: unknown) => {
        seen = options;
        return tsParser.parseForESLint(text, options as tsParser.ParserOptions);
      },
    };
    const parser = getModuleParser({ parser: spy, parserOptions: { projectService: true, project: './tsconfig.json', ecmaFeatures: { jsx: true } } });
    parser?.parse(`${FIXTURES}app/src/config.ts`, 'export const a = 1;');
    expect(seen).toMatchObject({ ecmaFeatures: { jsx: true }, sourceType: 'module', filePath: `${FIXTURES}app/src/config.ts` });
    expect(seen).not.toHaveProperty('projectService');
    expect(seen).not.toHaveProperty('project');
  });
});

describe('the per-file parse budget', () => {
  it('stops parsing new modules past the budget and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakguard-budget-'));
    try {
      copyFileSync(`${FIXTURES}app/src/db.ts`, join(dir, 'db.ts'));
      copyFileSync(`${FIXTURES}app/src/config.ts`, join(dir, 'config.ts'));
      const main = join(dir, 'main.ts');
      writeFileSync(main, "import { getClient } from './db';\nimport { openFromConfig } from './config';\ngetClient();\nopenFromConfig();\n");
      const saved = LOOKUP_LIMITS.maxParsesPerFile;
      LOOKUP_LIMITS.maxParsesPerFile = 1;
      takeDebugRecords();
      try {
        const lookup = createModuleLookup({ filename: main, languageOptions: { parser: tsParser } }, { rule: 'leakguard/x' });
        const parsed = getParsedModule(main, tsModuleParser(), new FileProbe(), () => true);
        if (!lookup || typeof parsed === 'string') {
          throw new Error('setup');
        }
        const calls = callsByCallee(parsed);
        const resolve = getVariableResolver(parsed.scopeManager);
        const getClient = calls.get('getClient');
        const openFromConfig = calls.get('openFromConfig');
        expect(getClient && lookup.resolveCall(getClient, null, resolve)).not.toBeNull();
        expect(openFromConfig && lookup.resolveCall(openFromConfig, null, resolve)).toBeNull();
      } finally {
        LOOKUP_LIMITS.maxParsesPerFile = saved;
      }
      expect(takeDebugRecords()).toEqual([
        expect.objectContaining({ rule: 'leakguard/x', reason: 'summary', line: 4, detail: expect.stringMatching(/^more than 1 other modules to parse; .*config\.ts was not$/u) as unknown }),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cache hits across linted files', () => {
  it('a second file importing the same modules parses none of them again', () => {
    resetSummaryStats();
    const module = parseFixture('app/src/service.ts');
    for (const callee of ['commit', 'quiet', 'helpers.open']) {
      resolveIn(lookupFor('app/src/service.ts'), module, callee);
    }
    resetSummaryStats();
    for (const callee of ['commit', 'quiet', 'helpers.open']) {
      resolveIn(lookupFor('app/src/service.ts'), module, callee);
    }
    const again = getSummaryStats();
    expect(again.parses).toBe(0);
    expect(again.hits).toBe(again.requests);
  });
});

describe('work on another module that fails', () => {
  it('gives the fallback and says so on the debug channel, never stopping the lint', () => {
    takeDebugRecords();
    const module = parseFixture('app/src/service.ts');
    const call = callsByCallee(module).get('commit');
    if (!call) {
      throw new Error('setup');
    }
    const lookup = lookupFor('app/src/service.ts', 'leakguard/y');
    expect(
      lookup.guard(call, 'unknown', () => {
        throw new Error('boom');
      }),
    ).toBe('unknown');
    expect(takeDebugRecords()).toEqual([
      expect.objectContaining({ rule: 'leakguard/y', reason: 'unsupported', line: call.loc.start.line, detail: 'reading another module failed: boom' }),
    ]);
  });
});
