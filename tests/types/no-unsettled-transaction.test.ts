// no-unsettled-transaction with type information, against the real libraries' declarations
// (knex, sequelize, typeorm; tests/fixtures/types/db.ts plays "another file"). Three groups:
// cases only types find; cases where types remove a syntax-only false positive; cases both
// modes must agree on (run by both testers).

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { ESLintUtils } from '@typescript-eslint/utils';
import rule from '../../rules/no-unsettled-transaction.js';
import { syntaxRuleTester, typedRuleTester } from './testers.js';

type Options = ESLintUtils.InferOptionsTypeFromRule<typeof rule>;
type MessageIds = ESLintUtils.InferMessageIdsTypeFromRule<typeof rule>;

// ------------------------------------------------------------------ only types find these

/** Clean without types (the syntax cannot see them); reported with types. */
const onlyTypes: { code: string; errors: InvalidTestCase<MessageIds, Options>['errors'] }[] = [
  // A knex instance under a name that gives nothing away (`store: Knex`, db.ts): the
  // transaction stays open when the first update throws.
  {
    code: `import { store } from './db.js';
export async function move(from: number, to: number) {
  const trx = await store.transaction();
  await trx('accounts').where({ id: from }).decrement('balance', 1);
  await trx('accounts').where({ id: to }).increment('balance', 1);
  await trx.commit();
}`,
    errors: [
      {
        messageId: 'leakOnThrow',
        data: {
          name: 'trx',
          what: 'knex transaction from `store.transaction()`',
          exit: "if `trx('accounts').where({ id: from }).dec…(…)` on line 4 throws",
        },
        line: 3,
        column: 21,
        endLine: 3,
        endColumn: 40,
        suggestions: [
          {
            messageId: 'rollbackInCatchSuggestion',
            output: `import { store } from './db.js';
export async function move(from: number, to: number) {
  const trx = await store.transaction();
  try {
    await trx('accounts').where({ id: from }).decrement('balance', 1);
    await trx('accounts').where({ id: to }).increment('balance', 1);
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
          },
        ],
      },
    ],
  },
  // A helper from another file declared `Promise<Knex.Transaction>`: its caller must settle it.
  {
    code: `import { beginKnex } from './db.js';
export async function remove(id: number) {
  const trx = await beginKnex();
  await trx('accounts').where({ id }).del();
  await trx.commit();
}`,
    errors: [
      {
        messageId: 'leakOnThrow', line: 3, column: 21, endLine: 3, endColumn: 32,
        suggestions: [
          {
            messageId: 'rollbackInCatchSuggestion',
            output: `import { beginKnex } from './db.js';
export async function remove(id: number) {
  const trx = await beginKnex();
  try {
    await trx('accounts').where({ id }).del();
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
          },
        ],
      },
    ],
  },
  // A helper declared to return Sequelize's `Transaction`: not rolled back when the work throws.
  {
    code: `import { beginSequelize } from './db.js';
export async function run(work: () => Promise<void>) {
  const t = await beginSequelize();
  await work();
  await t.commit();
}`,
    errors: [
      {
        messageId: 'leakOnThrow',
        data: { name: 't', what: 'Sequelize transaction from `beginSequelize()`', exit: 'if `work(…)` on line 4 throws' },
        line: 3,
        column: 19,
        endLine: 3,
        endColumn: 35,
        suggestions: [
          {
            messageId: 'rollbackInCatchSuggestion',
            output: `import { beginSequelize } from './db.js';
export async function run(work: () => Promise<void>) {
  const t = await beginSequelize();
  try {
    await work();
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-unsettled-transaction: only types find these', rule, {
  valid: [],
  invalid: onlyTypes,
});
syntaxRuleTester.run('no-unsettled-transaction: without types these stay silent', rule, {
  valid: onlyTypes.map(({ code }) => ({ code })),
  invalid: [],
});

// ------------------------------------------------------- types remove syntax-only reports

// --------------------------------------------------------------- both modes must agree

const agreedValid: (ValidTestCase<Options> | string)[] = [
  // Silent without types too: a receiver's name is weak evidence that the result's use must
  // confirm, and an import of the driver only breaks ties between confirmed matches.
  // `db` is a job queue (db.ts) whose `transaction()` batches jobs: nothing to settle.
  `import knex from 'knex';
import type { JobQueue } from './db.js';
export async function batch(db: JobQueue) {
  const trx = await db.transaction();
  knex({}).raw('select 1');
  return trx.length;
}`,
  // A `transaction()` on an unrelated type without a telling name, in a file without knex.
  `import { queue } from './db.js';
export async function batch() {
  const jobs = await queue.transaction();
  return jobs.length;
}`,
  // Settled on every path: committed, rolled back in `catch`.
  `import knex from 'knex';
const db = knex({});
export async function move(id: number) {
  const trx = await db.transaction();
  try {
    await trx('accounts').where({ id }).del();
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
  // A handler: knex settles the transaction itself.
  `import knex from 'knex';
const db = knex({});
export async function move(id: number) {
  await db.transaction(async (trx) => {
    await trx('accounts').where({ id }).del();
  });
}`,
  // Sequelize's managed transaction, and TypeORM's `transaction(cb)`.
  `import { Sequelize } from 'sequelize';
import { DataSource } from 'typeorm';
export async function both(sequelize: Sequelize, ds: DataSource) {
  await sequelize.transaction(async () => {});
  await ds.transaction(async (manager) => manager.query('select 1'));
}`,
  // The transaction is handed to the caller.
  `import { beginKnex } from './db.js';
export async function begin() {
  const trx = await beginKnex();
  return trx;
}`,
];

const agreedInvalid: InvalidTestCase<MessageIds, Options>[] = [
  // Declared types are read without type information too (docs/provenance.md), so these
  // are reported in both modes.
  // The same through a parameter typed `Knex`.
  {
    code: `import type { Knex } from 'knex';
export async function archive(conn: Knex, id: number) {
  const trx = await conn.transaction();
  await trx('orders').where({ id }).del();
  await trx.commit();
}`,
    errors: [
      {
        messageId: 'leakOnThrow', line: 3, column: 21, endLine: 3, endColumn: 39,
        suggestions: [
          {
            messageId: 'rollbackInCatchSuggestion',
            output: `import type { Knex } from 'knex';
export async function archive(conn: Knex, id: number) {
  const trx = await conn.transaction();
  try {
    await trx('orders').where({ id }).del();
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
          },
        ],
      },
    ],
  },
  // Sequelize, the classic: not rolled back when the work throws.
  {
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function run(work: () => Promise<void>) {
  const t = await sequelize.transaction();
  await work();
  await t.commit();
}`,
    errors: [
      {
        messageId: 'leakOnThrow', line: 4, column: 19, endLine: 4, endColumn: 42,
        suggestions: [
          {
            messageId: 'rollbackInCatchSuggestion',
            output: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function run(work: () => Promise<void>) {
  const t = await sequelize.transaction();
  try {
    await work();
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
          },
        ],
      },
    ],
  },
  // knex under a telling name: the early return leaves the transaction open.
  {
    code: `import knex from 'knex';
const db = knex({});
export async function pay(id: number) {
  const trx = await db.transaction();
  try {
    const row = await trx('orders').where({ id }).first();
    if (!row) return false;
    await trx.commit();
    return true;
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
    errors: [{ messageId: 'leakOnReturn', line: 4, column: 21, endLine: 4, endColumn: 37 }],
  },
  // A TypeORM query runner's transaction: released with the transaction still open when the
  // query throws.
  {
    code: `import { DataSource } from 'typeorm';
export async function migrate(ds: DataSource) {
  const runner = ds.createQueryRunner();
  await runner.startTransaction();
  try {
    await runner.query('update t set x = 1');
    await runner.commitTransaction();
  } finally {
    await runner.release();
  }
}`,
    errors: [
      {
        messageId: 'abandoned', line: 4, column: 9, endLine: 4, endColumn: 34,
        suggestions: [
          {
            messageId: 'rollbackInCatchSuggestion',
            output: `import { DataSource } from 'typeorm';
export async function migrate(ds: DataSource) {
  const runner = ds.createQueryRunner();
  await runner.startTransaction();
  try {
    await runner.query('update t set x = 1');
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-unsettled-transaction: both modes agree (types)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
syntaxRuleTester.run('no-unsettled-transaction: both modes agree (syntax)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
