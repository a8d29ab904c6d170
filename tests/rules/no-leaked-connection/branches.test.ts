// no-leaked-connection, `if` guards, `switch` fallthrough, `&&`, `||`, `??` and `?.`.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // `!client || client.release()` decides `!client` as a condition: the release runs
    // whenever a client is held.
    {
      code: `${PG}
async function run(sql: string) {
  let client;
  try {
    client = await pool.connect();
    await client.query(sql);
  } finally {
    !client || client.release();
  }
}`,
    },
    // `c ?? acquire()` with c already held keeps the same client: nothing is overwritten.
    {
      code: `${PG}
async function keep() {
  let client = await pool.connect();
  client = client ?? (await pool.connect());
  client.release();
}`,
    },
    // pg, switch fallthrough: every case, falling through or not, reaches a release.
    {
      code: `${PG}
async function touch(mode: string) {
  let count = 0;
  const client = await pool.connect();
  switch (mode) {
    case 'a':
      count += 1;
    // falls through
    case 'b':
      client.release();
      break;
    default:
      client.release();
  }
  return count;
}`,
    },
    // pg, let before try, connect inside; `client && client.release()` in finally: on the path where
    // connect() threw, client is undefined and nothing is open.
    {
      code: `${PG}
async function run(sql: string) {
  let client;
  try {
    client = await pool.connect();
    await client.query(sql);
  } finally {
    client && client.release();
  }
}`,
    },
    // pg, `let c; try { c = await pool.connect(); … } finally { c?.release(); }` (from the issue).
    {
      code: `${PG}
async function run(sql: string) {
  let c;
  try {
    c = await pool.connect();
    await c.query(sql);
  } finally {
    c?.release();
  }
}`,
    },
    // pg, `??`: acquired only when no client was given, released under the matching condition:
    // on every path where the client is open, `given` was nullish, so `!given` holds there.
    {
      code: `${PG}
async function run(sql: string, given?: pg.PoolClient) {
  const client = given ?? (await pool.connect());
  try {
    return await client.query(sql);
  } finally {
    if (!given) client.release();
  }
}`,
    },
    // pg, `if (!client) throw …` right after connect: a held client is an object, so that branch is
    // impossible.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  if (!client) throw new Error('no client');
  try {
    return await client.query(sql);
  } finally {
    client.release();
  }
}`,
    },
    // pg, acquired only under a condition and released under `if (client)`: the guard follows the
    // variable, so every path is settled.
    {
      code: `${PG}
async function run(sql: string, useOwn: boolean) {
  let client: pg.PoolClient | undefined;
  if (useOwn) client = await pool.connect();
  try {
    await (client ?? pool).query(sql);
  } finally {
    if (client) client.release();
  }
}`,
    },
    // mysql2, switch fallthrough into a releasing case.
    {
      code: `${MYSQL}
async function touch(mode: string) {
  const conn = await pool.getConnection();
  switch (mode) {
    case 'read':
    case 'write':
      conn.release();
      break;
    default:
      conn.release();
  }
}`,
    },
    // mysql2, `if (conn) conn.release()` in finally after a connection acquired inside try.
    {
      code: `${MYSQL}
async function run(sql: string) {
  let conn;
  try {
    conn = await pool.getConnection();
    await conn.query(sql);
  } finally {
    if (conn) conn.release();
  }
}`,
    },
    // mysql2, `conn?.release()` and `conn && conn.release()` after a connection acquired inside try.
    {
      code: `${MYSQL}
async function run(sql: string) {
  let conn;
  try {
    conn = await pool.getConnection();
    await conn.query(sql);
  } finally {
    conn?.release();
  }
}
async function runAgain(sql: string) {
  let conn;
  try {
    conn = await pool.getConnection();
    await conn.query(sql);
  } finally {
    conn && conn.release();
  }
}`,
    },
  ],
  invalid: [
    // pg, switch fallthrough: case 'b' falls into case 'c', which breaks without releasing.
    {
      code: `${PG}
async function touch(mode: string) {
  let count = 0;
  const client = await pool.connect();
  switch (mode) {
    case 'a':
      client.release();
      break;
    case 'b':
      count += 1;
    // falls through
    case 'c':
      break;
    default:
      client.release();
  }
  return count;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 18' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, `&&`: released only when `keep` is false.
    {
      code: `${PG}
async function maybeRelease(keep: boolean) {
  const client = await pool.connect();
  !keep && client.release();
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the path that reaches the end of the function on line 6' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, `??`: released under a test of another value than the one the client was acquired
    // under, so a query that fails (or succeeds) with `other` set leaves it open.
    {
      code: `${PG}
async function run(sql: string, other: boolean, given?: pg.PoolClient) {
  const client = given ?? (await pool.connect());
  try {
    return await client.query(sql);
  } finally {
    if (!other) client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 6' },
          line: 4,
          column: 34,
          endLine: 4,
          endColumn: 48,
          suggestions: [],
        },
      ],
    },
    // pg, `??`: the side that acquires is never released.
    {
      code: `${PG}
async function run(sql: string, given?: pg.PoolClient) {
  const client = given ?? (await pool.connect());
  return client.query(sql);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 4,
          column: 34,
          endLine: 4,
          endColumn: 48,
          suggestions: [],
        },
      ],
    },
    // pg, `?.`: an optional call is still a call that may throw before the release.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  await client.query?.(sql);
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
              output: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query?.(sql);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, released in only one branch of an `if` (from the issue).
    {
      code: `${PG}
async function run(id: number) {
  const client = await pool.connect();
  if (id > 0) {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the path that reaches the end of the function on line 8' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, `this.pool?.connect()` and optional calls: the query may throw before the release.
    {
      code: `${PG}
class Store {
  pool?: pg.Pool;
  async run(sql: string) {
    const client = await this.pool?.connect();
    await client?.query(sql);
    client?.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `this.pool?.connect()`', exit: 'if `client?.query(…)` on line 7 throws' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 46,
          suggestions: [],
        },
      ],
    },
    // mysql2, switch: case 'read' falls through into a default that does not release.
    {
      code: `${MYSQL}
async function touch(mode: string) {
  let n = 0;
  const conn = await pool.getConnection();
  switch (mode) {
    case 'write':
      conn.release();
      break;
    case 'read':
      n += 1;
    // falls through
    default:
      n += 2;
  }
  return n;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 16' },
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    // mysql2, `&&`: released only when the rows came back.
    {
      code: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  const [rows] = await conn.query(sql);
  rows && conn.release();
  return rows;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 7' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    // mysql2, `?.`: an optional call may throw before the release too.
    {
      code: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  await conn.query?.(sql);
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
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function run(sql: string) {
  await using conn = await pool.getConnection();
  await conn.query?.(sql);
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  try {
    await conn.query?.(sql);
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, `??` with a release that runs only when `verbose` is nullish.
    {
      code: `${MYSQL}
async function run(verbose?: boolean) {
  const conn = await pool.getConnection();
  verbose ?? conn.release();
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the path that reaches the end of the function on line 6' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    // mysql2, released in one branch of an `if` only.
    {
      code: `${MYSQL}
async function run(ok: boolean) {
  const conn = await pool.getConnection();
  if (ok) conn.release();
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the path that reaches the end of the function on line 6' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function run(ok: boolean) {
  await using conn = await pool.getConnection();
}`,
            },
          ],
        },
      ],
    },
  ],
});
