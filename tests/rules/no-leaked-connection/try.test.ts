// no-leaked-connection, `try`/`catch`, `try`/`finally`, `try`/`catch`/`finally`, nested `try` and
// `return` inside `finally`.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // A \`finally\` that returns the same client as the \`try\` does not drop it.
    {
      code: `${PG}
async function open() {
  const client = await pool.connect();
  try {
    return client;
  } finally {
    return client;
  }
}`,
    },
    // A \`finally\` that releases the returned client and then throws or calls something that
    // may throw: the throw replaces the return, but the client is already released.
    {
      code: `${PG}
async function open(audit: () => Promise<void>) {
  let client;
  try {
    client = await pool.connect();
    return client;
  } finally {
    client?.release();
    throw new Error('closed');
  }
}`,
    },
    {
      code: `${PG}
async function open(audit: () => Promise<void>) {
  const client = await pool.connect();
  try {
    return client;
  } finally {
    if (client) client.release();
    await audit();
  }
}`,
    },
    // pg, try/finally: the release runs on the return and on a throwing query.
    {
      code: `${PG}
async function count() {
  const client = await pool.connect();
  try {
    const res = await client.query('select count(*) from t');
    return res.rows[0];
  } finally {
    client.release();
  }
}`,
    },
    // pg, try/catch: released on the happy path and in the catch, which rethrows.
    {
      code: `${PG}
async function save(row: unknown) {
  const client = await pool.connect();
  try {
    await client.query('insert into t values ($1)', [row]);
    client.release();
  } catch (error) {
    client.release();
    throw error;
  }
}`,
    },
    // pg, try/catch/finally: rollback in catch, release in finally.
    {
      code: `${PG}
async function transfer(from: number, to: number) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('update a set n = n - 1 where id = $1', [from]);
    await client.query('update a set n = n + 1 where id = $1', [to]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}`,
    },
    // pg, nested try: the inner catch swallows, the outer finally releases.
    {
      code: `${PG}
async function migrate() {
  const client = await pool.connect();
  try {
    try {
      await client.query('create table t (id int)');
    } catch {
      await client.query('truncate t');
    }
    await client.query('insert into t values (1)');
  } finally {
    client.release();
  }
}`,
    },
    // pg, return inside finally after the release: every completion has released.
    {
      code: `${PG}
async function vacuum() {
  const client = await pool.connect();
  try {
    await client.query('vacuum');
  } finally {
    client.release();
    return 'done';
  }
}`,
    },
    // pg, `release(err)` in catch destroys the client; the happy path releases normally.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  try {
    const res = await client.query(sql);
    client.release();
    return res;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}`,
    },
    // mysql2, try/finally.
    {
      code: `${MYSQL}
async function count() {
  const conn = await pool.getConnection();
  try {
    const [rows] = await conn.query('select count(*) as n from t');
    return rows;
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, try/catch releasing in both the happy path and the catch.
    {
      code: `${MYSQL}
async function save(row: unknown) {
  const conn = await pool.getConnection();
  try {
    await conn.query('insert into t set ?', [row]);
    conn.release();
  } catch (error) {
    conn.release();
    throw error;
  }
}`,
    },
    // mysql2, try/catch/finally around a transaction.
    {
      code: `${MYSQL}
async function transfer(from: number, to: number) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query('update a set n = n - 1 where id = ?', [from]);
    await conn.query('update a set n = n + 1 where id = ?', [to]);
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, nested try inside try/finally.
    {
      code: `${MYSQL}
async function upsert(row: unknown) {
  const conn = await pool.getConnection();
  try {
    try {
      await conn.query('insert into t set ?', [row]);
    } catch {
      await conn.query('update t set ?', [row]);
    }
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, return inside finally after the release.
    {
      code: `${MYSQL}
async function optimize() {
  const conn = await pool.getConnection();
  try {
    await conn.query('optimize table t');
  } finally {
    conn.release();
    return true;
  }
}`,
    },
  ],
  invalid: [
    // A `finally` that throws replaces `return client`: the caller never receives the client.
    // The function returns the client, so the advice is not a `finally` release.
    {
      code: `${PG}
async function open() {
  const client = await pool.connect();
  try {
    return client;
  } finally {
    await audit();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrowReturned',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `audit(…)` on line 8 throws' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // The `finally` releases the returned client only on one branch before it throws: on
    // the other, the throw replaces the return and the client is dropped. (No path returns
    // it, so the advice is the plain one; the release already sits in `finally`.)
    {
      code: `${PG}
async function open(st: { verbose: boolean }) {
  const client = await pool.connect();
  try {
    return client;
  } finally {
    if (st.verbose) client?.release();
    throw new Error('closed');
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `throw` on line 9' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // A `return` inside `finally` replaces `return client`: the client is dropped.
    {
      code: `${PG}
async function open() {
  const client = await pool.connect();
  try {
    return client;
  } finally {
    return null;
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 8' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, implicit throw inside try/catch: the catch returns without releasing.
    {
      code: `${PG}
async function save(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
    client.release();
    return true;
  } catch {
    return false;
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 10' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function save(sql: string) {
  const client = await pool.connect();
  try {
    try {
      await client.query(sql);
      return true;
    } catch {
      return false;
    }
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, try/catch/finally: released only in the catch; the happy path falls off the end.
    {
      code: `${PG}
async function save(sql: string) {
  let busy = true;
  const client = await pool.connect();
  try {
    await client.query(sql);
  } catch (error) {
    client.release();
    throw error;
  } finally {
    busy = false;
  }
  return busy;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 14' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function save(sql: string) {
  let busy = true;
  const client = await pool.connect();
  try {
    try {
      await client.query(sql);
    } catch (error) {
      throw error;
    } finally {
      busy = false;
    }
  } finally {
    client.release();
  }
  return busy;
}`,
            },
          ],
        },
      ],
    },
    // pg, nested try: when 'begin' or 'commit' throws, the outer catch returns without releasing.
    {
      code: `${PG}
async function run() {
  const client = await pool.connect();
  try {
    try {
      await client.query('begin');
    } finally {
      await client.query('commit');
    }
    client.release();
  } catch {
    return false;
  }
  return true;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 13' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function run() {
  const client = await pool.connect();
  try {
    try {
      try {
        await client.query('begin');
      } finally {
        await client.query('commit');
      }
    } catch {
      return false;
    }
  } finally {
    client.release();
  }
  return true;
}`,
            },
          ],
        },
      ],
    },
    // pg, return inside finally skips the release that follows it.
    {
      code: `${PG}
async function vacuum(skip: boolean) {
  const client = await pool.connect();
  try {
    await client.query('vacuum');
  } finally {
    if (skip) return;
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 8' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function vacuum(skip: boolean) {
  const client = await pool.connect();
  try {
    try {
      await client.query('vacuum');
    } finally {
      if (skip) return;
    }
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, implicit throw inside try: the catch logs and falls through without releasing.
    {
      code: `${MYSQL}
async function save(row: unknown) {
  let ok = true;
  const conn = await pool.getConnection();
  try {
    await conn.query('insert into t set ?', [row]);
    conn.release();
  } catch {
    ok = false;
  }
  return ok;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 12' },
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function save(row: unknown) {
  let ok = true;
  await using conn = await pool.getConnection();
  try {
    await conn.query('insert into t set ?', [row]);
  } catch {
    ok = false;
  }
  return ok;
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function save(row: unknown) {
  let ok = true;
  const conn = await pool.getConnection();
  try {
    try {
      await conn.query('insert into t set ?', [row]);
    } catch {
      ok = false;
    }
  } finally {
    conn.release();
  }
  return ok;
}`,
            },
          ],
        },
      ],
    },
    // mysql2, try/catch/finally: rollback in catch, but no release anywhere on the happy path.
    {
      code: `${MYSQL}
let inFlight = 0;
async function transfer(from: number) {
  const conn = await pool.getConnection();
  inFlight += 1;
  try {
    await conn.beginTransaction();
    await conn.query('update a set n = n - 1 where id = ?', [from]);
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    conn.release();
    throw error;
  } finally {
    inFlight -= 1;
  }
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the path that reaches the end of the function on line 18' },
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
let inFlight = 0;
async function transfer(from: number) {
  await using conn = await pool.getConnection();
  inFlight += 1;
  try {
    await conn.beginTransaction();
    await conn.query('update a set n = n - 1 where id = ?', [from]);
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    inFlight -= 1;
  }
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
let inFlight = 0;
async function transfer(from: number) {
  const conn = await pool.getConnection();
  try {
    inFlight += 1;
    try {
      await conn.beginTransaction();
      await conn.query('update a set n = n - 1 where id = ?', [from]);
      await conn.commit();
    } catch (error) {
      await conn.rollback();
      throw error;
    } finally {
      inFlight -= 1;
    }
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, nested try: the inner finally releases only after a query that may throw past it.
    {
      code: `${MYSQL}
async function upsert(row: unknown) {
  const conn = await pool.getConnection();
  try {
    try {
      await conn.query('insert into t set ?', [row]);
    } finally {
      await conn.query('unlock tables');
      conn.release();
    }
  } catch {
    return false;
  }
  return true;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 13' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function upsert(row: unknown) {
  await using conn = await pool.getConnection();
  try {
    try {
      await conn.query('insert into t set ?', [row]);
    } finally {
      await conn.query('unlock tables');
    }
  } catch {
    return false;
  }
  return true;
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function upsert(row: unknown) {
  const conn = await pool.getConnection();
  try {
    try {
      try {
        await conn.query('insert into t set ?', [row]);
      } finally {
        await conn.query('unlock tables');
      }
    } catch {
      return false;
    }
  } finally {
    conn.release();
  }
  return true;
}`,
            },
          ],
        },
      ],
    },
    // mysql2, return inside finally before the release.
    {
      code: `${MYSQL}
async function optimize(dryRun: boolean) {
  const conn = await pool.getConnection();
  try {
    await conn.query('optimize table t');
  } finally {
    if (dryRun) return false;
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 8' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function optimize(dryRun: boolean) {
  await using conn = await pool.getConnection();
  try {
    await conn.query('optimize table t');
  } finally {
    if (dryRun) return false;
  }
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function optimize(dryRun: boolean) {
  const conn = await pool.getConnection();
  try {
    try {
      await conn.query('optimize table t');
    } finally {
      if (dryRun) return false;
    }
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
