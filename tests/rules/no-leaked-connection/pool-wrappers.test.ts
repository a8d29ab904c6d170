// no-leaked-connection, the drivers' own pool wrappers whose API differs from a plain pool:
// mysql2 / mysql / mariadb pool clusters and their namespaces, a pool's `.promise()` form,
// and `end()` on a pooled connection (which gives it back). The pool libraries ORMs build
// on (sequelize-pool, tarn) are in drivers-prisma-mongoose-pools.test.ts.

import rule from '../../../rules/no-leaked-connection.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // A cluster's connection given back in `finally`.
    `import mysql from 'mysql2/promise';
const cluster = mysql.createPoolCluster();
export async function read(sql: string) {
  const conn = await cluster.getConnection('REPLICA*');
  try {
    return await conn.query(sql);
  } finally {
    conn.release();
  }
}`,
    // The callback form on a namespace of a cluster.
    `import mysql from 'mysql';
const cluster = mysql.createPoolCluster();
export function read(sql: string, done: (err: unknown, rows?: unknown) => void) {
  cluster.of('REPLICA*').getConnection((err, conn) => {
    if (err) return done(err);
    conn.query(sql, (error, rows) => {
      conn.release();
      done(error, rows);
    });
  });
}`,
    // mariadb: `end()` on a pooled connection gives it back to the pool.
    `import mariadb from 'mariadb';
const pool = mariadb.createPool({});
export async function count() {
  const conn = await pool.getConnection();
  try {
    return await conn.query('select count(*) from t');
  } finally {
    await conn.end();
  }
}`,
    // A cluster's \`of()\` on something that is no cluster: not a pool.
    `import mysql from 'mysql2/promise';
export async function pick(registry: { of(name: string): { getConnection(): Promise<{ id: number }> } }) {
  const entry = await registry.of('a').getConnection();
  return entry.id;
}`,
  ],
  invalid: [
    // A namespace of a cluster built here: the query may throw before the release.
    {
      code: `import mysql from 'mysql2/promise';
const cluster = mysql.createPoolCluster();
export async function read(sql: string) {
  const conn = await cluster.of('REPLICA*').getConnection();
  const rows = await conn.query(sql);
  conn.release();
  return rows;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: {
            name: 'conn',
            what: "pool connection from `cluster.of('REPLICA*').getConnection()`",
            exit: 'if `conn.query(…)` on line 5 throws',
          },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              output: `import mysql from 'mysql2/promise';
const cluster = mysql.createPoolCluster();
export async function read(sql: string) {
  await using conn = await cluster.of('REPLICA*').getConnection();
  const rows = await conn.query(sql);
  return rows;
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `import mysql from 'mysql2/promise';
const cluster = mysql.createPoolCluster();
export async function read(sql: string) {
  const conn = await cluster.of('REPLICA*').getConnection();
  let rows;
  try {
    rows = await conn.query(sql);
  } finally {
    conn.release();
  }
  return rows;
}`,
            },
          ],
        },
      ],
    },
    // The promise form of a pool built here, kept under a name of its own: left open on the
    // early return.
    {
      code: `import mysql from 'mysql2';
const writer = mysql.createPool({}).promise();
export async function save(row: { id?: number }) {
  const conn = await writer.getConnection();
  if (!row.id) return null;
  await conn.end();
  return row.id;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `writer.getConnection()`', exit: 'on the `return` on line 5' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 44,
        },
      ],
    },
  ],
});
