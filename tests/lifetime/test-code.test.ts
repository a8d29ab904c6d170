import tsParser from '@typescript-eslint/parser';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';

// Shapes of test code the lifetime rules read as tests mean them, linted as a user's
// configuration does, in a test file and in product code: pending acquisitions settled
// through `Promise.all` destructuring, pools closed with their connections.

const plugin = { rules } as unknown as ESLint.Plugin;

function lint(code: string, filename: string): { line: number; message: string }[] {
  const linter = new Linter({ configType: 'flat', cwd: '/repo' });
  return linter
    .verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
          plugins: { leakguard: plugin },
          rules: { 'leakguard/no-leaked-connection': 'error', 'leakguard/no-use-after-release': 'error' },
        },
      ],
      filename,
    )
    .map((message) => ({ line: message.line, message: message.message }));
}

const ORACLE = `import oracledb from 'oracledb';
const tracked: unknown[] = [];
`;

describe('Promise.all destructuring', () => {
  it('hands each pending acquisition to the element that receives it', () => {
    const code = `${ORACLE}export async function open(a: object, b: object) {
  const p1 = oracledb.getConnection(a), p2 = oracledb.getConnection(b);
  const [c1, c2] = await Promise.all([p1, p2]);
  tracked.push(c1, c2);
}`;
    expect(lint(code, '/repo/test/pool.test.ts')).toEqual([]);
  });

  it('follows the assignment form too', () => {
    const code = `${ORACLE}export async function open(a: object, b: object, reverse: boolean) {
  const p1 = oracledb.getConnection(a), p2 = oracledb.getConnection(b);
  let c1, c2;
  if (reverse) {
    [c2, c1] = await Promise.all([p2, p1]);
  } else {
    [c1, c2] = await Promise.all([p1, p2]);
  }
  tracked.push(c1, c2);
}`;
    expect(lint(code, '/repo/test/pool.test.ts')).toEqual([]);
  });

  it('releases through the element', () => {
    const code = `${ORACLE}export async function open(a: object, b: object) {
  const p1 = oracledb.getConnection(a), p2 = oracledb.getConnection(b);
  const [c1, c2] = await Promise.all([p1, p2]);
  await c1.close();
  await c2.close();
}`;
    expect(lint(code, '/repo/test/pool.test.ts')).toEqual([]);
  });

  it('still reports the element never released, and the rejection of the other outside tests', () => {
    const code = `${ORACLE}export async function open(a: object, b: object) {
  const p1 = oracledb.getConnection(a), p2 = oracledb.getConnection(b);
  const [c1, c2] = await Promise.all([p1, p2]);
  await c1.close();
  tracked.push(c2);
}`;
    // If one rejects, the other's connection may be open and nobody holds it.
    const product = lint(code, '/repo/src/pool.ts');
    expect(product.map((report) => report.line)).toEqual([4, 4]);
    expect(product[0]?.message).toMatch(/`p1`.*if `Promise\.all\(…\)` on line 5 throws/);
    expect(lint(code, '/repo/test/pool.test.ts')).toEqual([]);
    const unreleased = `${ORACLE}export async function open(a: object, b: object) {
  const p1 = oracledb.getConnection(a), p2 = oracledb.getConnection(b);
  const [c1, c2] = await Promise.all([p1, p2]);
  await c1.close();
}`;
    const reports = lint(unreleased, '/repo/test/pool.test.ts');
    expect(reports.map((report) => report.line)).toEqual([4]);
    expect(reports[0]?.message).toMatch(/`p2`.*never released/);
  });
});

describe('pool closed in a test', () => {
  it('closes a discarded connection with the pool, and the use after it is reported', () => {
    const code = `${ORACLE}export async function drain(settings: object) {
  const pool = await oracledb.createPool(settings);
  await pool.getConnection();
  const conn = await pool.getConnection();
  await pool.close(0);
  await conn.execute('select 1 from dual');
}`;
    const reports = lint(code, '/repo/test/poolDrain.test.ts');
    expect(reports.map((report) => report.line)).toEqual([8]);
    expect(reports[0]?.message).toMatch(/used by `conn\.execute\(.*after `pool\.close\(0\)` on line 7/);
  });
});

// Type tests (tstyche's `*.tst.ts`, tsd's `*.test-d.ts`) are checked by the compiler and
// never run: test files by default (fastify-postgres's `test-types/query.tst.ts`).
describe('type tests are test files', () => {
  const code = `import pg from 'pg';
const pool = new pg.Pool();
export async function typed() {
  const client = await pool.connect();
  await client.query('select 1');
  client.release();
}`;

  it.each(['/repo/test-types/query.tst.ts', '/repo/types/index.test-d.ts'])('%s: a throw-only leak is not reported', (filename) => {
    expect(lint(code, filename)).toEqual([]);
  });

  it('is reported in product code', () => {
    expect(lint(code, '/repo/src/query.ts').map((report) => report.line)).toEqual([4]);
  });
});
