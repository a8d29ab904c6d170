// no-use-after-release with type information, against the real libraries' declarations
// (pg, typeorm, sequelize, mongodb; tests/fixtures/types/db.ts plays "another file"). Three
// groups: cases only types find; cases where types remove a syntax-only false positive;
// cases both modes must agree on (run by both testers).

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { ESLintUtils } from '@typescript-eslint/utils';
import rule from '../../rules/no-use-after-release.js';
import { syntaxRuleTester, typedRuleTester } from './testers.js';

type Options = ESLintUtils.InferOptionsTypeFromRule<typeof rule>;
type MessageIds = ESLintUtils.InferMessageIdsTypeFromRule<typeof rule>;

// ------------------------------------------------------------------ only types find these

/** Clean without types (the syntax cannot see them); reported with types. */
const onlyTypes: { code: string; errors: InvalidTestCase<MessageIds, Options>['errors'] }[] = [
  // `getClient` (db.ts) is declared `Promise<PoolClient>`: the query runs on a client already
  // back in the pool.
  {
    code: `import { getClient } from './db.js';
export async function count() {
  const client = await getClient();
  client.release();
  const res = await client.query('select 1');
  return res.rows;
}`,
    errors: [
      {
        messageId: 'usedAfterRelease',
        data: {
          name: 'client',
          what: 'pool connection from `getClient()`',
          use: "client.query('select 1')",
          release: 'client.release()',
          line: '4',
        },
        line: 5,
        column: 21,
        endLine: 5,
        endColumn: 45,
      },
    ],
  },
  // A TypeORM query runner from a helper, queried after release.
  {
    code: `import { openRunner } from './db.js';
export async function migrate() {
  const runner = await openRunner();
  await runner.release();
  await runner.query('select 1');
}`,
    errors: [{ messageId: 'usedAfterRelease', line: 5, column: 9, endLine: 5, endColumn: 33 }],
  },
  // A knex transaction on a knex instance whose name gives nothing away (`store: Knex`):
  // a query after the commit.
  {
    code: `import { store } from './db.js';
export async function close(id: number) {
  const trx = await store.transaction();
  await trx.commit();
  await trx.raw('select pg_notify(?, ?)', ['closed', String(id)]);
}`,
    errors: [{ messageId: 'usedAfterRelease', line: 5, column: 9, endLine: 5, endColumn: 66 }],
  },
  // A Sequelize transaction from a helper: rolled back after it was committed, when `ok`.
  {
    code: `import { beginSequelize } from './db.js';
export async function settle(ok: boolean) {
  const t = await beginSequelize();
  if (ok) await t.commit();
  await t.rollback();
}`,
    errors: [
      {
        messageId: 'releasedTwice',
        data: {
          name: 't',
          what: 'Sequelize transaction from `beginSequelize()`',
          use: 't.rollback()',
          release: 't.commit()',
          line: '4',
        },
        line: 5,
        column: 9,
        endLine: 5,
        endColumn: 21,
      },
    ],
  },
];

typedRuleTester.run('no-use-after-release: only types find these', rule, {
  valid: [],
  invalid: onlyTypes,
});
syntaxRuleTester.run('no-use-after-release: without types these stay silent', rule, {
  valid: onlyTypes.map(({ code }) => ({ code })),
  invalid: [],
});

// ------------------------------------------------------- types remove syntax-only reports

/** Reported without types (the name and the pg import mislead); clean with types. */
const removedByTypes: { code: string; errors: InvalidTestCase<MessageIds, Options>['errors'] }[] = [
  // `pool` is a Socket (db.ts) whose `connect()` resolves to the socket itself: its
  // `release()` does not end it.
  {
    code: `import pg from 'pg';
import { openSocket } from './db.js';
const pool = openSocket();
export async function probe() {
  const client = await pool.connect();
  client.release();
  return client.query('select 1');
}`,
    errors: [{ messageId: 'usedAfterRelease', line: 7, column: 10, endLine: 7, endColumn: 34 }],
  },
];

typedRuleTester.run('no-use-after-release: types remove these reports', rule, {
  valid: removedByTypes.map(({ code }) => ({ code })),
  invalid: [],
});
syntaxRuleTester.run('no-use-after-release: without types these are reported', rule, {
  valid: [],
  invalid: removedByTypes,
});

// --------------------------------------------------------------- both modes must agree

const agreedValid: (ValidTestCase<Options> | string)[] = [
  // Released once, in `finally`, after the last use.
  `import { getClient } from './db.js';
export async function count() {
  const client = await getClient();
  try {
    return await client.query('select 1');
  } finally {
    client.release();
  }
}`,
  // A MongoDB cursor may be closed twice: `close()` on a closed cursor does nothing.
  `import { openCursor } from './db.js';
export async function all() {
  const c = await openCursor();
  try {
    return await c.toArray();
  } finally {
    await c.close();
    await c.close();
  }
}`,
  // Committed or rolled back, never both.
  `import { Sequelize } from 'sequelize';
export async function settle(sequelize: Sequelize, ok: boolean) {
  const t = await sequelize.transaction();
  if (ok) await t.commit();
  else await t.rollback();
}`,
];

const agreedInvalid: InvalidTestCase<MessageIds, Options>[] = [
  // pg: a query on a client already back in the pool.
  {
    code: `import pg from 'pg';
const pool = new pg.Pool();
export async function count() {
  const client = await pool.connect();
  client.release();
  const res = await client.query('select 1');
  return res.rows;
}`,
    errors: [{ messageId: 'usedAfterRelease', line: 6, column: 21, endLine: 6, endColumn: 45 }],
  },
  // knex under a telling name: a query after the commit.
  {
    code: `import knex from 'knex';
const db = knex({});
export async function close(id: number) {
  const trx = await db.transaction();
  await trx.commit();
  await trx.raw('select pg_notify(?, ?)', ['closed', String(id)]);
}`,
    errors: [{ messageId: 'usedAfterRelease', line: 6, column: 9, endLine: 6, endColumn: 66 }],
  },
  // mysql2: released in `finally` and again on the happy path.
  {
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function count() {
  const conn = await pool.getConnection();
  try {
    await conn.query('select 1');
    conn.release();
  } finally {
    conn.release();
  }
}`,
    errors: [{ messageId: 'releasedTwice', line: 9, column: 5, endLine: 9, endColumn: 19 }],
  },
];

typedRuleTester.run('no-use-after-release: both modes agree (types)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
syntaxRuleTester.run('no-use-after-release: both modes agree (syntax)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
