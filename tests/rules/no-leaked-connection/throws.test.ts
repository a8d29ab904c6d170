// no-leaked-connection, explicit and implicit throws outside `try`, and calls taken not to throw.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // Queueing a cursor does not throw (NodeBB): the client is released in finally.
    {
      code: `import pg from 'pg';
import Cursor from 'pg-cursor';
const pool = new pg.Pool();
export async function scan(match) {
  const client = await pool.connect();
  const cursor = client.query(new Cursor('SELECT key FROM t WHERE key ~ $1', [match]));
  try {
    let rows;
    do {
      rows = await cursor.read(100);
    } while (rows.length > 0);
  } finally {
    client.release();
  }
}`,
    },
    // A fluent logger chain in the catch before the release cannot throw either.
    {
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } catch (e) {
    log.atError().withCause(e).log('query failed');
    this.logger.child({ sql }).warn('retrying');
  }
  client.release();
}`,
    },
    // A log line styled by a colour library (a call and a template tag) cannot throw.
    {
      code: `import pg from 'pg';
import ansis from 'ansis';
import chalk from 'chalk';
const pool = new pg.Pool();
export async function run(sql: string) {
  const client = await pool.connect();
  console.log(ansis.green\`Running: \` + chalk.bold(sql));
  try {
    return await client.query(sql);
  } finally {
    client.release();
  }
}`,
    },
    // MongoDB's startTransaction() right after startSession() does not throw (parse-server).
    {
      code: `import { MongoClient } from 'mongodb';
export class Adapter {
  client = new MongoClient('mongodb://localhost');
  createTransactionalSession() {
    const session = this.client.startSession();
    session.startTransaction();
    return Promise.resolve(session);
  }
}`,
    },
    // Listener bookkeeping, logging, timers and pg's string escaping are taken not to throw
    // (a documented approximation), so nothing between the acquisition and the release can
    // skip it.
    {
      code: `${PG}
async function verify() {
  const client = await pool.connect();
  client.on('error', (err) => console.error(err));
  console.log('connected', client.processID);
  const timer = setInterval(() => undefined, 1000);
  const table = client.escapeIdentifier('t');
  client.release();
  clearInterval(timer);
  return table;
}`,
    },
    // pg, explicit throw after the release: the connection is back in the pool first.
    {
      code: `${PG}
async function load(id: number) {
  const client = await pool.connect();
  if (!id) {
    client.release();
    throw new Error('id required');
  }
  try {
    return await client.query('select * from t where id = $1', [id]);
  } finally {
    client.release();
  }
}`,
    },
    // pg, explicit throw inside try/finally.
    {
      code: `${PG}
async function load(id: number) {
  const client = await pool.connect();
  try {
    const res = await client.query('select * from t where id = $1', [id]);
    if (res.rowCount === 0) throw new Error('not found');
    return res.rows[0];
  } finally {
    client.release();
  }
}`,
    },
    // pg, implicit throws before the acquisition leave nothing open.
    {
      code: `${PG}
async function audited(sql: string) {
  await audit(sql);
  const client = await pool.connect();
  try {
    return await client.query(sql);
  } finally {
    client.release();
  }
}`,
    },
  ],
  invalid: [
    // pg, explicit throw while the client is open.
    {
      code: `${PG}
async function load(id: number) {
  const client = await pool.connect();
  if (!id) throw new Error('id required');
  try {
    return await client.query('select * from t where id = $1', [id]);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `throw` on line 5' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
async function load(id: number) {
  const client = await pool.connect();
  try {
    if (!id) throw new Error('id required');
    return await client.query('select * from t where id = $1', [id]);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, explicit `throw` of an existing error while the client is open.
    {
      code: `${PG}
async function load(id: number, invalid: Error) {
  const client = await pool.connect();
  if (!id) throw invalid;
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `throw` on line 5' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function load(id: number, invalid: Error) {
  const client = await pool.connect();
  try {
    if (!id) throw invalid;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, a same-file releaser called only on the happy path: the query may throw before it.
    {
      code: `${PG}
function giveBack(client: pg.PoolClient) {
  client.release();
}
async function run(sql: string) {
  const client = await pool.connect();
  await client.query(sql);
  giveBack(client);
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 8 throws' },
          line: 7,
          column: 24,
          endLine: 7,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, implicit throw outside try: `set` runs before the try/finally.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  await client.query('set statement_timeout = 1000');
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
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
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query('set statement_timeout = 1000');
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
    // mysql2, explicit throw while the connection is open.
    {
      code: `${MYSQL}
async function load(id: number) {
  const conn = await pool.getConnection();
  if (id < 0) throw new RangeError('id');
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `throw` on line 5' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function load(id: number) {
  await using conn = await pool.getConnection();
  if (id < 0) throw new RangeError('id');
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function load(id: number) {
  const conn = await pool.getConnection();
  try {
    if (id < 0) throw new RangeError('id');
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, explicit `throw` of an existing error while the connection is open.
    {
      code: `${MYSQL}
async function load(id: number, invalid: Error) {
  const conn = await pool.getConnection();
  if (id < 0) throw invalid;
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `throw` on line 5' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function load(id: number, invalid: Error) {
  await using conn = await pool.getConnection();
  if (id < 0) throw invalid;
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function load(id: number, invalid: Error) {
  const conn = await pool.getConnection();
  try {
    if (id < 0) throw invalid;
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, implicit throw outside try: the query runs before the try/finally.
    {
      code: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  await conn.query('set session sql_mode = ""');
  try {
    await conn.query(sql);
  } finally {
    conn.release();
  }
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
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'conn' },
              output: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  try {
    await conn.query('set session sql_mode = ""');
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
