// no-leaked-connection, `using` / `await using`, generators, and dead code.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // \`return\` of an \`await using\` variable still disposes it on the way out, even when a
    // \`finally\` then throws.
    {
      code: `${PG}
async function probe() {
  try {
    await using client = await pool.connect();
    return client;
  } finally {
    await audit();
  }
}`,
    },
    // The catch of an empty try never runs: the acquisition in it is dead code.
    {
      code: `${PG}
async function never() {
  try {
  } catch {
    const client = await pool.connect();
  }
}`,
    },
    // pg, `await using` disposes the client on every path.
    {
      code: `${PG}
async function run(sql: string) {
  await using client = await pool.connect();
  const res = await client.query(sql);
  if (res.rowCount === 0) return null;
  return res.rows;
}`,
    },
    // pg, an async generator with try/finally: `return()` from the consumer runs the finally.
    {
      code: `${PG}
async function* rows(sql: string) {
  const client = await pool.connect();
  try {
    const res = await client.query(sql);
    yield* res.rows;
  } finally {
    client.release();
  }
}`,
    },
    // pg, dead code: the acquisition after a return never runs.
    {
      code: `${PG}
async function disabled() {
  return 0;
  const client = await pool.connect();
  await client.query('select 1');
}`,
    },
    // mysql2, `await using`.
    {
      code: `${MYSQL}
async function run(sql: string) {
  await using conn = await pool.getConnection();
  return conn.query(sql);
}`,
    },
    // mysql2, `using` (synchronous disposal) also releases at scope end.
    {
      code: `${MYSQL}
async function run(sql: string) {
  using conn = await pool.getConnection();
  return conn.query(sql);
}`,
    },
    // mysql2, an async generator releasing in finally.
    {
      code: `${MYSQL}
async function* stream(sql: string) {
  const conn = await pool.getConnection();
  try {
    const [rows] = await conn.query(sql);
    yield rows;
  } finally {
    conn.release();
  }
}`,
    },
  ],
  invalid: [
    // pg, `await using` on another value does not dispose the client.
    {
      code: `${PG}
async function run(sql: string, lock: AsyncDisposable) {
  await using held = lock;
  const client = await pool.connect();
  await client.query(sql);
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 6 throws' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function run(sql: string, lock: AsyncDisposable) {
  await using held = lock;
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
    // pg, generator: a consumer that stops early (`break` in its for-await) never resumes the
    // generator past the yield, so the release after the loop does not run.
    {
      code: `${PG}
async function* ids(list: number[]) {
  const client = await pool.connect();
  for (const id of list) {
    yield id;
  }
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if the consumer stops at the `yield` on line 6' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function* ids(list: number[]) {
  const client = await pool.connect();
  try {
    for (const id of list) {
      yield id;
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
    // pg, dead code: the release after the return never runs, so the client is never released.
    {
      code: `${PG}
async function run() {
  const client = await pool.connect();
  return client.processID;
  client.release();
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
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
    return client.processID;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, generator: a consumer that stops at the yield skips the release.
    {
      code: `${MYSQL}
async function* stream(sql: string) {
  const conn = await pool.getConnection();
  yield sql;
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if the consumer stops at the `yield` on line 5' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function* stream(sql: string) {
  await using conn = await pool.getConnection();
  yield sql;
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function* stream(sql: string) {
  const conn = await pool.getConnection();
  try {
    yield sql;
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, dead code: the release sits after a throw, so it never runs.
    {
      code: `${MYSQL}
async function fail() {
  const conn = await pool.getConnection();
  throw new Error('not implemented');
  conn.release();
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', release: 'conn.release()' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function fail() {
  await using conn = await pool.getConnection();
  throw new Error('not implemented');
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function fail() {
  const conn = await pool.getConnection();
  try {
    throw new Error('not implemented');
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
