// no-leaked-connection, promise chains, nested callbacks and the drivers' callback style.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, MYSQL_CALLBACK, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // A promise chain on a client that ends it on every outcome: in \`finally\`, or in both the
    // last \`then\` and the \`catch\`. Awaited, a rejection of the chain is the code around it's
    // to handle (here its \`finally\`).
    `import { Client } from 'pg';
export function run(sql: string) {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client
      .connect()
      .then(() => client.query(sql))
      .then((res) => resolve(res.rows))
      .catch((e) => reject(e))
      .finally(() => client.end());
  });
}
export function settled(sql: string) {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client
      .connect()
      .then(() => client.query(sql))
      .then(async (res) => {
        await client.end();
        resolve(res.rows);
      })
      .catch(async (e) => {
        await client.end();
        reject(e);
      });
  });
}
export async function awaited(sql: string) {
  const client = new Client();
  try {
    await client
      .connect()
      .then(() => client.query(sql))
      .then(() => client.end());
  } finally {
    await client.end();
  }
}`,
    // A driver callback given by name: the connection goes to a function this one cannot see.
    {
      code: `${PG}
function listen(onConnect: (err: Error, client: pg.PoolClient) => void) {
  pool.connect(onConnect);
}`,
    },
    // pg, promise chain: `pool.connect().then(c => c.query(sql).finally(() => c.release()))` (from the issue).
    {
      code: `${PG}
async function run(sql: string) {
  await pool.connect().then((c) => c.query(sql).finally(() => c.release()));
}`,
    },
    // pg, `.finally(() => client.release())` on the query chain hands the client to the callback.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  return client.query(sql).finally(() => client.release());
}`,
    },
    // pg, `.then(onFulfilled, onRejected)` releasing in both handlers.
    {
      code: `${PG}
async function rows(sql: string) {
  const client = await pool.connect();
  return client.query(sql).then(
    (res) => {
      client.release();
      return res.rows;
    },
    (error: unknown) => {
      client.release();
      throw error;
    },
  );
}`,
    },
    // pg, the driver's callback style: `if (err) return` leaves nothing open, and the query's
    // callback calls done().
    {
      code: `${PG}
function run(sql: string) {
  pool.connect((err, client, done) => {
    if (err) return console.error(err);
    client.query(sql, (queryError) => {
      done(queryError);
    });
  });
}`,
    },
    // pg, callback style releasing with `client.release()` before leaving the callback.
    {
      code: `${PG}
function ping() {
  pool.connect((err, client) => {
    if (err) throw err;
    client.release();
  });
}`,
    },
    // mysql2, promise chain with `.finally` releasing.
    {
      code: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  return conn.query(sql).finally(() => conn.release());
}`,
    },
    // mysql, the driver's callback style: `if (err)` leaves nothing open; the query's callback releases.
    {
      code: `${MYSQL_CALLBACK}
function run(sql: string) {
  pool.getConnection((err, conn) => {
    if (err) return;
    conn.query(sql, () => {
      conn.release();
    });
  });
}`,
    },
  ],
  invalid: [
    // A holder that is awaited later holds the pending acquisition: the report stands, but no
    // suggestion writes a release on the promise (\`p.release()\` is not a method of it).
    {
      code: `${MYSQL}
export async function f() {
  const p = pool.getConnection();
  const c = await p;
  await c.query('select 1');
  c.release();
}`,
      errors: [{ messageId: 'leakOnThrow', line: 4, suggestions: [] }],
    },
    // A parameter passed to the acquiring call is an argument, not a callback that would
    // make the call self-managing; and passing \`{ session }\` to a query is a use.
    {
      code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function run(opts, orders) {
  const session = client.startSession(opts);
  await orders.insertOne({}, { session });
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          data: { name: 'session', what: 'session from `client.startSession()`', release: 'session.endSession()' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await session.endSession()' },
              output: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function run(opts, orders) {
  const session = client.startSession(opts);
  try {
    await orders.insertOne({}, { session });
  } finally {
    await session.endSession();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, promise chain: `.then(onFulfilled)` releases only when the query succeeds; a failing query
    // leaks the client.
    {
      code: `${PG}
async function rows(sql: string) {
  const client = await pool.connect();
  return client.query(sql).then((res) => {
    client.release();
    return res.rows;
  });
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 5 throws' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, the driver's callback style: `done` is never called.
    {
      code: `${PG}
function run(sql: string) {
  pool.connect((err, client, done) => {
    if (err) return;
    client.query(sql);
  });
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 4,
          column: 3,
          endLine: 7,
          endColumn: 5,
          suggestions: [],
        },
      ],
    },
    // pg, the driver's callback style: the second early return skips `done()`.
    {
      code: `${PG}
function run(sql: string) {
  pool.connect((err, client, done) => {
    if (err) return;
    if (!sql) return;
    client.query(sql, () => done());
  });
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 6' },
          line: 4,
          column: 3,
          endLine: 8,
          endColumn: 5,
          suggestions: [],
        },
      ],
    },
    // pg, an Express handler: the connection is acquired in the nested arrow function, where the early
    // return leaks it.
    {
      code: `${PG}
import express from 'express';
const app = express();
app.get('/users/:id', async (req, res) => {
  const client = await pool.connect();
  if (!req.params.id) return res.status(400).end();
  try {
    res.json((await client.query('select * from users where id = $1', [req.params.id])).rows);
  } finally {
    client.release();
  }
});`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 7' },
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // mysql2, promise chain `.then(onFulfilled)`: a failing query leaks the connection.
    {
      code: `${MYSQL}
async function rows(sql: string) {
  const conn = await pool.getConnection();
  return conn.query(sql).then(([result]) => {
    conn.release();
    return result;
  });
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if `conn.query(…)` on line 5 throws' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    // mysql, the driver's callback style: the connection is never released.
    {
      code: `${MYSQL_CALLBACK}
function run(sql: string) {
  pool.getConnection((err, conn) => {
    if (err) throw err;
    conn.query(sql);
  });
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', release: 'conn.release()' },
          line: 4,
          column: 3,
          endLine: 7,
          endColumn: 5,
          suggestions: [],
        },
      ],
    },
    // mysql, the driver's callback style: an early return before the release.
    {
      code: `${MYSQL_CALLBACK}
function run(sql: string) {
  pool.getConnection((err, conn) => {
    if (err) return;
    if (sql === '') return;
    conn.query(sql, () => conn.release());
  });
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 6' },
          line: 4,
          column: 3,
          endLine: 8,
          endColumn: 5,
          suggestions: [],
        },
      ],
    },
    // pg, the driver's callback style: the release sits in the query's callback, but
    // \`render()\` may throw before the callback is handed over. The fix releases in a \`catch\`
    // around the code before that call (hoisting \`text\`), and leaves the callback alone.
    {
      code: `import pg from 'pg';
export function notify(id: number, render: (id: number) => string, done: (error?: Error) => void) {
  const client = new pg.Client();
  client.connect();
  const text = render(id);
  client.query('INSERT INTO mails (text) VALUES ($1)', [text], (error: Error) => {
    client.end();
    done(error);
  });
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'client connection from `client.connect()`', exit: 'if `render(…)` on line 5 throws' },
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'releaseBeforeCallbackSuggestion',
              data: { name: 'client', call: 'client.end()' },
              output: `import pg from 'pg';
export function notify(id: number, render: (id: number) => string, done: (error?: Error) => void) {
  const client = new pg.Client();
  client.connect();
  let text;
  try {
    text = render(id);
  } catch (err) {
    client.end();
    throw err;
  }
  client.query('INSERT INTO mails (text) VALUES ($1)', [text], (error: Error) => {
    client.end();
    done(error);
  });
}`,
            },
          ],
        },
      ],
    },
    // mysql, the driver's callback style with the connection as the callback's parameter:
    // \`build()\` may throw before the query's callback releases it. No suggestion: the
    // callback's body has no acquisition to anchor a fix on, and a \`finally\` would release
    // under the query's callback; the message says where the release belongs.
    {
      code: `${MYSQL_CALLBACK}
function run(build: () => string) {
  pool.getConnection((err, conn) => {
    if (err) return;
    const sql = build();
    conn.query(sql, () => conn.release());
  });
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if `build(…)` on line 6 throws' },
          line: 4,
          column: 3,
          endLine: 8,
          endColumn: 5,
          suggestions: [],
        },
      ],
    },
    // A dropped promise chain whose \`end()\` is in a \`then\` after the query: a failing query
    // skips it, and the \`catch\` only rejects (growthbook's \`runPostgresQuery\`). Listener
    // registrations return the client, so \`client.on('error', …).connect()\` connects it.
    {
      code: `import { Client } from 'pg';
export function run(sql: string) {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client
      .on('error', (err) => reject(err))
      .connect()
      .then(() => client.query(sql))
      .then(async (res) => {
        await client.end();
        resolve(res.rows);
      })
      .catch((e) => reject(e));
  });
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'client connection from `client.connect()`', exit: 'if `client.query(…)` on line 8 throws' },
          line: 5,
          column: 5,
          endLine: 7,
          endColumn: 17,
          suggestions: [],
        },
      ],
    },
  ],
});
