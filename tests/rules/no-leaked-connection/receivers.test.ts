// no-leaked-connection, recognising receivers without types: pools built in view, imported, stored
// on `this`, and look-alikes that are not pools.

import rule from '../../../rules/no-leaked-connection.js';
import { PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // \`startSession()\` on a receiver that is no MongoDB client, in a file without MongoDB.
    {
      code: `export function track(analytics, user) {
  const session = analytics.startSession(user);
  return session.id;
}`,
    },
    // A receiver named like a pool but built by another constructor in view (agenda).
    {
      code: `import { Pool } from 'pg';
import { PostgresBackend } from './backend';
export async function start() {
  const backendWithPool = new PostgresBackend({ pool: new Pool() });
  await backendWithPool.connect();
  return backendWithPool;
}`,
    },
    // The pool comes from elsewhere: the imported driver (oracledb) decides that `close()` releases.
    {
      code: `import oracledb from 'oracledb';
export class Reports {
  pool: oracledb.Pool | undefined;
  async run(sql: string) {
    const conn = await this.pool!.getConnection();
    try {
      return await conn.execute(sql);
    } finally {
      await conn.close();
    }
  }
}`,
    },
    // Syntax-only mode: `array.find()`, `socket.connect()` and `someObject.connect()` without a driver
    // import are not connections (from the issue).
    {
      code: `import net from 'node:net';
async function f(items: number[], someObject: { connect(): Promise<unknown> }) {
  const socket = new net.Socket();
  socket.connect(80, 'example.com');
  const hit = items.find((item) => item > 1);
  const session = await someObject.connect();
  return [hit, session];
}`,
    },
    // Syntax-only mode: `socket.connect()` in a file that imports pg is still not a pool.
    {
      code: `${PG}
import net from 'node:net';
async function probe() {
  const socket = new net.Socket();
  await socket.connect(5432, 'db');
  return socket;
}`,
    },
    // pg, a pool imported from another module, acquired and released in finally.
    {
      code: `import { pool } from './db';
async function count() {
  const client = await pool.connect();
  try {
    return await client.query('select count(*) from t');
  } finally {
    client.release();
  }
}`,
    },
    // Syntax-only mode: `db.connect()` in a file that does not import a driver: the name `db` is not
    // enough evidence of a pg pool.
    {
      code: `import { db } from './db';
async function count() {
  const conn = await db.connect();
  return conn.query('select 1');
}`,
    },
  ],
  invalid: [
    // pg, a pool stored on `this` in the class: the query may throw before the release.
    {
      code: `${PG}
class Store {
  private pool = new pg.Pool();
  async count() {
    const client = await this.pool.connect();
    const res = await client.query('select count(*) from t');
    client.release();
    return res.rows;
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `this.pool.connect()`', exit: 'if `client.query(…)` on line 7 throws' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
class Store {
  private pool = new pg.Pool();
  async count() {
    const client = await this.pool.connect();
    let res;
    try {
      res = await client.query('select count(*) from t');
    } finally {
      client.release();
    }
    return res.rows;
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, a pool imported from another module (recognised by its name and the `.query`/`.release` use).
    {
      code: `import { pool } from './db';
async function run(sql: string) {
  const client = await pool.connect();
  await client.query(sql);
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 4 throws' },
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `import { pool } from './db';
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, CommonJS `require`: the query may throw before the release.
    {
      code: `const { Pool } = require('pg');
const pool = new Pool();
async function run(sql: string) {
  const client = await pool.connect();
  await client.query(sql);
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 5 throws' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `const { Pool } = require('pg');
const pool = new Pool();
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2 callback API turned into promises with `.promise()`: the query may throw before the release.
    {
      code: `import mysql from 'mysql2';
const pool = mysql.createPool({}).promise();
async function run(sql: string) {
  const conn = await pool.getConnection();
  await conn.query(sql);
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if `conn.query(…)` on line 5 throws' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `import mysql from 'mysql2';
const pool = mysql.createPool({}).promise();
async function run(sql: string) {
  const conn = await pool.getConnection();
  try {
    await conn.query(sql);
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
