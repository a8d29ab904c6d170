import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import connectionRule from '../../rules/no-leaked-connection.js';
import transactionRule from '../../rules/no-unsettled-transaction.js';
import useAfterReleaseRule from '../../rules/no-use-after-release.js';
import { takeDebugRecords } from '../../src/debug.js';
import { LOOKUP_LIMITS } from '../../src/summaries/callee.js';
import { FIXTURES, PRODUCT_CODE_SETTINGS } from './helpers.js';

const filename = `${FIXTURES}app/src/service.ts`;

const ruleTester = new RuleTester({
  settings: PRODUCT_CODE_SETTINGS,
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-unsettled-transaction across modules', transactionRule, {
  valid: [
    // settle() in a workspace package commits on one branch and rolls back on the other.
    {
      filename,
      code: `import knex from 'knex';
import { settle } from '@acme/tx-kit';
const db = knex({ client: 'pg' });
export async function save(row: object, ok: boolean) {
  const trx = await db.transaction();
  try {
    await trx('rows').insert(row);
  } catch (error) {
    await trx.rollback();
    throw error;
  }
  await settle(trx, ok);
}`,
    },
  ],
  invalid: [
    // Without the helper, one path leaves the transaction open.
    {
      filename,
      code: `import knex from 'knex';
import { audit } from './helpers/release.js';
const db = knex({ client: 'pg' });
export async function save(row: object) {
  const trx = await db.transaction();
  try {
    await trx('rows').insert(row);
  } catch (error) {
    await trx.rollback();
    throw error;
  }
  await audit(trx as never);
}`,
      errors: [{ messageId: 'leakAtEnd', line: 5, column: 21, endLine: 5, endColumn: 37 }],
    },
  ],
});

ruleTester.run('no-use-after-release across modules', useAfterReleaseRule, {
  valid: [
    {
      filename,
      code: `import { getClient, releaseQuietly } from './db.js';
export async function run(q: string) {
  const client = await getClient();
  try {
    return await client.query(q);
  } finally {
    releaseQuietly(client);
  }
}`,
    },
  ],
  invalid: [
    // The helper in ./db releases the client: the query after it uses a released client.
    {
      filename,
      code: `import { getClient, releaseQuietly } from './db.js';
export async function run(q: string) {
  const client = await getClient();
  releaseQuietly(client);
  return client.query(q);
}`,
      errors: [{ messageId: 'usedAfterRelease', line: 5, column: 10, endLine: 5, endColumn: 25 }],
    },
  ],
});

describe('a chain of releasing helpers deeper than the nesting bound', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-nesting-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const depth = LOOKUP_LIMITS.maxNesting + 2;
  for (let index = 0; index < depth; index += 1) {
    const body = index === depth - 1 ? 'client.release();' : `h${index + 1}(client);`;
    const header = index === depth - 1 ? '' : `import { h${index + 1} } from './h${index + 1}.js';\n`;
    writeFileSync(join(dir, `h${index}.ts`), `${header}export function h${index}(client: { release(): void }) {\n  ${body}\n}\n`);
  }
  const code = `import pg from 'pg';
import { h0 } from './h0.js';
const pool = new pg.Pool();
export async function run() {
  const client = await pool.connect();
  h0(client);
}
`;

  function lint(): Linter.LintMessage[] {
    return new Linter({ configType: 'flat', cwd: dir }).verify(
      code,
      [{ files: ['**/*.ts'], plugins: { leakguard: { rules: { 'no-leaked-connection': connectionRule } } as never }, languageOptions: { parser: tsParser }, rules: { 'leakguard/no-leaked-connection': 'error' } }],
      { filename: join(dir, 'main.ts') },
    );
  }

  it('is unknown past the bound (a use, so the client is reported) and says so on the debug channel', () => {
    takeDebugRecords();
    expect(lint().map((message) => message.messageId)).toEqual(['neverReleased']);
    const records = takeDebugRecords().filter((record) => record.reason === 'summary');
    expect(records).toHaveLength(1);
    expect(records[0]?.detail).toBe(`summaries of other modules' functions nested more than ${LOOKUP_LIMITS.maxNesting} deep`);
  });

  it('is followed to the end when the chain is within the bound', () => {
    const saved = LOOKUP_LIMITS.maxNesting;
    LOOKUP_LIMITS.maxNesting = depth + 1;
    try {
      expect(lint()).toEqual([]);
    } finally {
      LOOKUP_LIMITS.maxNesting = saved;
    }
  });
});
