import { PRODUCT_CODE_SETTINGS } from './helpers.js';
import { RuleTester } from '@typescript-eslint/rule-tester';
import connectionRule from '../../rules/no-leaked-connection.js';
import transactionRule from '../../rules/no-unsettled-transaction.js';

// Acquisitions and uses the analysis follows within one function (issue: summaries, item 3).
const PG = `import pg from 'pg';
const pool = new pg.Pool();`;
const SEQUELIZE = `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://localhost/app');`;

const ruleTester = new RuleTester({
  settings: PRODUCT_CODE_SETTINGS,
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-unsettled-transaction: options objects', transactionRule, {
  valid: [
    // The options object only goes to calls; the transaction is settled on both paths.
    `${SEQUELIZE}
export async function run(Model: any, x: object) {
  const t = await sequelize.transaction();
  const opts = { transaction: t };
  try {
    await Model.create(x, opts);
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
    // Returned, the options object (and the transaction in it) is the caller's.
    `${SEQUELIZE}
export async function begin() {
  const t = await sequelize.transaction();
  const opts = { transaction: t };
  return opts;
}`,
  ],
  invalid: [
    // \`{ transaction: t }\` kept in a const and passed to a call is a use, not an escape:
    // nothing commits or rolls back \`t\`.
    {
      code: `${SEQUELIZE}
export async function run(Model: any, x: object) {
  const t = await sequelize.transaction();
  const opts = { transaction: t };
  await Model.create(x, opts);
}`,
      errors: [{ messageId: 'neverReleased', line: 4, column: 19, endLine: 4, endColumn: 42 }],
    },
  ],
});

ruleTester.run('no-leaked-connection: a resource received by .then()', connectionRule, {
  valid: [
    `${PG}
export function run(q: string) {
  return pool.connect().then((conn) => conn.query(q).finally(() => conn.release()));
}`,
    `${PG}
export function run(q: string) {
  return pool.connect().then(async (conn) => {
    try {
      return await conn.query(q);
    } finally {
      conn.release();
    }
  });
}`,
    // Passed on down the chain: the next handler (or the caller) owns it.
    `${PG}
export function run() {
  return pool.connect().then((conn) => conn);
}`,
  ],
  invalid: [
    // Leaks in the handler are reported as in the \`await\` form: the early return keeps \`conn\`.
    {
      code: `${PG}
export function run(q: string) {
  return pool.connect().then(async (conn) => {
    const rows = await conn.query(q);
    if (!rows) return null;
    conn.release();
    return rows;
  });
}`,
      errors: [{ messageId: 'leakOnReturn', line: 4, column: 10, endLine: 4, endColumn: 24, suggestions: [] }],
    },
    // The release runs only when the query succeeds.
    {
      code: `${PG}
export function run(q: string) {
  return pool.connect().then((conn) => {
    return conn.query(q).then(() => conn.release());
  });
}`,
      errors: [{ messageId: 'leakOnThrow', line: 4, column: 10, endLine: 4, endColumn: 24, suggestions: [] }],
    },
  ],
});

ruleTester.run('no-unsettled-transaction: a transaction received by .then()', transactionRule, {
  valid: [
    // Release methods handed on as callbacks are not followed: the handler is left alone.
    `import knex from 'knex';
const db = knex({ client: 'pg' });
export function create(user: object) {
  return db.transaction().then((trx) => trx('users').insert(user).then(trx.commit).catch(trx.rollback));
}`,
  ],
  invalid: [
    {
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export function create(user: object) {
  return db.transaction().then(async (trx) => {
    await trx('users').insert(user);
  });
}`,
      errors: [{ messageId: 'neverReleased', line: 4, column: 10, endLine: 4, endColumn: 26 }],
    },
  ],
});

ruleTester.run('no-leaked-connection: a resource kept across Promise.race', connectionRule, {
  valid: [
    `${PG}
export async function run(q: string, timeout: Promise<never>) {
  const conn = await Promise.race([pool.connect(), timeout]);
  try {
    await conn.query(q);
  } finally {
    conn.release();
  }
}`,
  ],
  invalid: [
    // The race settles with the connection: it is \`conn\`'s, and leaks if the query throws.
    {
      code: `${PG}
export async function run(q: string, timeout: Promise<never>) {
  const conn = await Promise.race([pool.connect(), timeout]);
  await conn.query(q);
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 36,
          endLine: 4,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${PG}
export async function run(q: string, timeout: Promise<never>) {
  const conn = await Promise.race([pool.connect(), timeout]);
  try {
    await conn.query(q);
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
