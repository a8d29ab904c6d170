// no-leaked-connection, callback-style code: a resource given to the caller's error-first
// callback (`cb(null, conn)`) is returned to the caller, not leaked; a callback parameter
// called without an error slot first (`fn(client)`) only uses it.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL_CALLBACK, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // The callback-style acquirer: `cb(null, conn)` is its return.
    {
      code: `${MYSQL_CALLBACK}
export function getConnection(cb: (err: Error | null, conn?: mysql.PoolConnection) => void) {
  pool.getConnection((err, conn) => {
    if (err) return cb(err);
    cb(null, conn);
  });
}`,
    },
    // Passed on with the error of the driver's own callback, from a nested callback.
    {
      code: `${MYSQL_CALLBACK}
export function begin(cb: (err: Error | null, conn?: mysql.PoolConnection) => void) {
  pool.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.beginTransaction((beginError) => {
      cb(beginError, conn);
    });
  });
}`,
    },
    // `undefined` and a caught error in the error slot.
    {
      code: `${PG}
export async function open(callback: (err: unknown, client?: pg.PoolClient) => void) {
  const client = await pool.connect();
  try {
    await client.query('SET search_path TO app');
  } catch (error) {
    return callback(error, client);
  }
  callback(undefined, client);
}`,
    },
    // loopback's MongoDB connector: the session goes to the connector's callback, and its
    // commit()/rollback() end it.
    {
      code: `import { MongoClient } from 'mongodb';
export function beginTransaction(client: MongoClient, options: object, cb: Function) {
  const session = client.startSession();
  session.startTransaction(options);
  cb(null, session);
}`,
    },
  ],
  invalid: [
    // A callback parameter given the client alone runs the caller's code with it: a use,
    // and the function still owns the client.
    {
      code: `${PG}
export async function withClient(fn: (client: pg.PoolClient) => Promise<void>) {
  const client = await pool.connect();
  await fn(client);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
export async function withClient(fn: (client: pg.PoolClient) => Promise<void>) {
  const client = await pool.connect();
  try {
    await fn(client);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // The callback gets the rows, not the connection.
    {
      code: `${MYSQL_CALLBACK}
export function rows(sql: string, cb: (err: Error | null, rows?: unknown) => void) {
  pool.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.query(sql, (queryError, result) => {
      cb(queryError, result);
    });
  });
}`,
      errors: [{ messageId: 'neverReleased', line: 4 }],
    },
    // No error slot first: not the error-first convention.
    {
      code: `${MYSQL_CALLBACK}
export function first(cb: (conn: mysql.PoolConnection, other: null) => void) {
  pool.getConnection((err, conn) => {
    if (err) return;
    cb(conn, null);
  });
}`,
      errors: [{ messageId: 'neverReleased', line: 4 }],
    },
    // A local function, not the caller's continuation.
    {
      code: `${MYSQL_CALLBACK}
export function local() {
  const done = (e: unknown, c: unknown) => {};
  pool.getConnection((err, conn) => {
    done(null, conn);
  });
}`,
      errors: [{ messageId: 'neverReleased', line: 5 }],
    },
  ],
});
