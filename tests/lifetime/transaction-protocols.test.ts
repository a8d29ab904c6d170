import tsParser from '@typescript-eslint/parser';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { takeDebugRecords } from '../../src/debug.js';

// Transactions settled in another function by design: a function that commits the
// transaction it was called in and begins the next one, and a class whose `begin()` and
// `commit()` work on the same field. The analysis cannot judge them: it stays silent and
// says why on the debug channel. Beside them, the same shapes that do leak.

const plugin = { rules } as unknown as ESLint.Plugin;

function lint(body: string): string[] {
  takeDebugRecords();
  const linter = new Linter({ configType: 'flat', cwd: '/repo' });
  const messages = linter.verify(
    `import pg from 'pg';
const pool = new pg.Pool();
declare function getMyClient(): Promise<pg.PoolClient>;
${body}`,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { leakguard: plugin },
        rules: { 'leakguard/no-unsettled-transaction': 'error' },
      },
    ],
    '/repo/src/db.ts',
  );
  return messages.map((message) => `${String(message.line)}: ${message.message}`);
}

function debugDetails(): string[] {
  return takeDebugRecords().map((record) => `${record.name}: ${record.detail}`);
}

describe('a transaction protocol across functions', () => {
  it('committing the caller\'s transaction and beginning the next one is not reported, and says so', () => {
    // saltcorn's postgres.ts: withTransaction() of the caller settles what this begins.
    expect(
      lint(`export const commitAndBeginNewTransaction = async (): Promise<void> => {
  const client = await getMyClient();
  await client.query('COMMIT;');
  await client.query('BEGIN;');
};`),
    ).toEqual([]);
    const details = debugDetails();
    expect(details).toHaveLength(1);
    expect(details[0]).toContain("commitAndBeginNewTransaction': a transaction protocol across functions: `client` is settled on line 6");
  });

  it('a rollback first is the same protocol', () => {
    expect(lint(`export async function restart(): Promise<void> {
  const client = await getMyClient();
  await client.query('ROLLBACK');
  await client.query('BEGIN');
}`)).toEqual([]);
  });

  it('a transaction the function begins, commits and begins again is its own', () => {
    const found = lint(`export async function twice(): Promise<void> {
  const client = await getMyClient();
  await client.query('BEGIN');
  await client.query('COMMIT');
  await client.query('BEGIN');
}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^8: .*never committed or rolled back/u);
    expect(debugDetails()).toEqual([]);
  });

  it('a client acquired here brings no caller\'s transaction: a ROLLBACK first does not make the BEGIN someone else\'s', () => {
    const found = lint(`export async function own(): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('ROLLBACK');
    await client.query('BEGIN');
    await client.query('select 1');
  } finally {
    client.release();
  }
}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('still open when `client.release()`');
  });

  it('a batch that commits every n rows and begins again is judged as usual', () => {
    const code = (end: string): string => `export async function load(rows: string[]): Promise<void> {
  const client = await getMyClient();
  await client.query('BEGIN');
  try {
    for (const [index, row] of rows.entries()) {
      await client.query(row);
      if (index % 100 === 99) {
        await client.query('COMMIT');
        await client.query('BEGIN');
      }
    }
    ${end}
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}`;
    expect(lint(code("await client.query('COMMIT');"))).toEqual([]);
    expect(lint(code('')).length).toBeGreaterThan(0);
    expect(debugDetails()).toEqual([]);
  });
});

describe('a transaction protocol across the methods of a class', () => {
  const unitOfWork = (commit: string): string => `export class UnitOfWork {
  constructor(private readonly client: pg.PoolClient) {}
  async begin(): Promise<void> {
    const client = this.client;
    await client.query('BEGIN');
  }
  ${commit}
}`;

  it('begun on a field in one method and settled on it in another: not reported, and says so', () => {
    expect(lint(unitOfWork("async commit(): Promise<void> { await this.client.query('COMMIT'); }"))).toEqual([]);
    expect(debugDetails()).toEqual([
      "async method 'begin': a transaction protocol across methods: `client` is `this.client`, whose transaction the method `commit()` settles",
    ]);
  });

  it('through a local copy of the field in the settling method too', () => {
    expect(
      lint(unitOfWork("async rollback(): Promise<void> { const c = this.client; await c.query('ROLLBACK'); }")),
    ).toEqual([]);
  });

  it('no method that settles it: reported', () => {
    expect(lint(unitOfWork("async read(): Promise<void> { await this.client.query('select 1'); }"))).toHaveLength(1);
  });

  it('another field settled: reported', () => {
    expect(
      lint(`export class Two {
  constructor(private readonly client: pg.PoolClient, private readonly other: pg.PoolClient) {}
  async begin(): Promise<void> {
    const client = this.client;
    await client.query('BEGIN');
  }
  async commit(): Promise<void> { await this.other.query('COMMIT'); }
}`),
    ).toHaveLength(1);
  });
});
