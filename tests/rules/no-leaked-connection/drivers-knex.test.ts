// no-leaked-connection, knex instances: `knex(config)` called in a function builds a knex
// instance with its own connection pool, which holds its connections until `destroy()`. The
// acquisition is a call of the package's default export under any local name (the model's
// `method: 'default'`), and only with a config that may have a `connection` (the model's
// `argument.objectProperty`). Each case is a whole module.

import rule from '../../../rules/no-leaked-connection.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // At module level the instance lives for the process.
    `import knex from 'knex';
export const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function count(table: string) {
  return db(table).count();
}`,
    // Made per call and destroyed in \`finally\`.
    `import knex from 'knex';
export async function count(connection: string, table: string) {
  const db = knex({ client: 'pg', connection });
  try {
    return await db(table).count();
  } finally {
    await db.destroy();
  }
}`,
    // A factory hands the instance to its caller; a field keeps it for the owner's life; a
    // repository built on it takes it over.
    `import knex from 'knex';
export function getClient(config: object) {
  const client = knex(config);
  return client;
}
export class Store {
  db: unknown;
  open(config: object) {
    this.db = knex(config);
  }
}
class Repo {
  constructor(readonly db: unknown) {}
}
export function repo(config: object) {
  return new Repo(knex(config));
}`,
    // A config written without \`connection\` only builds SQL: the instance opens no pool.
    `import Knex from 'knex';
export function sql(table: string) {
  const builder = Knex({ client: 'pg' });
  return builder(table).where({ id: 1 }).toString();
}`,
    // A function of another package named \`knex\` is not knex.
    `import { knex } from './my-knex';
export async function run(config: object) {
  const db = knex(config);
  await db.raw('select 1');
}`,
  ],
  invalid: [
    // The default export under another name; the failing query skips \`destroy()\`.
    {
      code: `import makeKnex from 'knex';
export async function count(config: object, table: string) {
  const db = makeKnex({ client: 'pg', connection: config });
  const [row] = await db(table).count();
  await db.destroy();
  return row;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 3,
          column: 14,
          data: { name: 'db', what: 'knex instance from `makeKnex()`', exit: 'if `db(table).count(…)` on line 4 throws' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await db.destroy()' },
              output: `import makeKnex from 'knex';
export async function count(config: object, table: string) {
  const db = makeKnex({ client: 'pg', connection: config });
  let row;
  try {
    ([row] = await db(table).count());
  } finally {
    await db.destroy();
  }
  return row;
}`,
            },
          ],
        },
      ],
    },
    // A factory's instance, owned by its caller: the failing statement skips \`destroy()\`
    // (automatisch's postgres actions).
    {
      code: `import knex from 'knex';
const getClient = (connection: string) => knex({ client: 'pg', connection });
export async function run(connection: string, sql: string) {
  const client = getClient(connection);
  const { rows } = await client.raw(sql);
  client.destroy();
  return rows;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 18,
          data: { name: 'client', what: 'knex instance from `getClient()`', exit: 'if `client.raw(…)` on line 5 throws' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await client.destroy()' },
              output: `import knex from 'knex';
const getClient = (connection: string) => knex({ client: 'pg', connection });
export async function run(connection: string, sql: string) {
  const client = getClient(connection);
  let rows;
  try {
    ({ rows } = await client.raw(sql));
  } finally {
    await client.destroy();
  }
  return rows;
}`,
            },
          ],
        },
      ],
    },
    // CommonJS, never destroyed: a pool per call (automatisch's verify-credentials).
    {
      code: `const knex = require('knex');
export async function check(connection: string) {
  const db = knex({ client: 'pg', connection });
  await db.raw('select 1');
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 14,
          data: { name: 'db', what: 'knex instance from `knex()`', release: 'db.destroy()' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await db.destroy()' },
              output: `const knex = require('knex');
export async function check(connection: string) {
  const db = knex({ client: 'pg', connection });
  try {
    await db.raw('select 1');
  } finally {
    await db.destroy();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
