// The paths a policy leaves unjudged are said on the debug channel (LEAKGUARD_DEBUG=1), one
// line per acquisition with the reason, and only then: a quiet run prints nothing.

import tsParser from '@typescript-eslint/parser';
import { type ESLint, Linter } from 'eslint';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rules } from '../../rules/index.js';

const plugin = { rules } as unknown as ESLint.Plugin;

const SCRIPT = `import oracledb from 'oracledb';
async function run() {
  const conn = await oracledb.getConnection({});
  await conn.execute('select 1');
  await conn.close();
}
run();
`;

function lint(code: string, filename: string): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat', cwd: '/repo' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { leakguard: plugin },
        rules: { 'leakguard/no-leaked-connection': 'error' },
      },
    ],
    { filename },
  );
}

describe('policy notes on the debug channel', () => {
  let written: string[];
  beforeEach(() => {
    written = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('names the entry point and the top-level start', () => {
    vi.stubEnv('LEAKGUARD_DEBUG', '1');
    expect(lint(SCRIPT, '/repo/scripts/load.ts')).toEqual([]);
    expect(written).toEqual([
      'leakguard: /repo/scripts/load.ts:3:22 leakguard/no-leaked-connection: 1 throw path of `conn` not judged: a failure of run() reaches the top level unhandled (line 7) and ends the process (throwPathsInEntryPoints reports them)\n',
    ]);
  });

  it('names the test-file policy in a test file', () => {
    vi.stubEnv('LEAKGUARD_DEBUG', '1');
    const test = SCRIPT.replace('run();\n', "it('loads', run);\n");
    expect(lint(test, '/repo/src/load.test.ts')).toEqual([]);
    expect(written).toEqual([
      'leakguard: /repo/src/load.test.ts:3:22 leakguard/no-leaked-connection: 1 throw path of `conn` not judged: a test file, where a throw fails the test (throwPathsInTests reports them)\n',
    ]);
  });

  it('prints nothing without LEAKGUARD_DEBUG', () => {
    vi.stubEnv('LEAKGUARD_DEBUG', '');
    expect(lint(SCRIPT, '/repo/scripts/load.ts')).toEqual([]);
    expect(written).toEqual([]);
  });
});
