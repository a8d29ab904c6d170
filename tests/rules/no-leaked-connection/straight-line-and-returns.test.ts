// no-leaked-connection, straight-line code and early returns: the first leaking exit is named.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // pg, straight line: nothing can throw between the acquisition and the release.
    {
      code: `${PG}
async function processId() {
  const client = await pool.connect();
  const id = client.processID;
  client.release();
  return id;
}`,
    },
    // pg, early return inside try/finally, from a for-of loop.
    {
      code: `${PG}
async function allExist(ids: number[]) {
  const client = await pool.connect();
  try {
    for (const id of ids) {
      const res = await client.query('select 1 from t where id = $1', [id]);
      if (res.rowCount === 0) return false;
    }
    return true;
  } finally {
    client.release();
  }
}`,
    },
    // pg, early return that releases first; the rest is covered by finally.
    {
      code: `${PG}
async function find(id: number) {
  const client = await pool.connect();
  if (id < 0) {
    client.release();
    return null;
  }
  try {
    return await client.query('select * from t where id = $1', [id]);
  } finally {
    client.release();
  }
}`,
    },
    // pg, `(await pool.connect()).release()` (from the issue).
    {
      code: `${PG}
async function warmUp() {
  (await pool.connect()).release();
}`,
    },
    // pg, an arrow function with an expression body.
    {
      code: `${PG}
export const warmUp = async () => (await pool.connect()).release();`,
    },
    // mysql2, straight line: nothing can throw before the release.
    {
      code: `${MYSQL}
async function threadId() {
  const conn = await pool.getConnection();
  const id = conn.threadId;
  conn.release();
  return id;
}`,
    },
    // mysql2, early return and explicit throw inside try/finally.
    {
      code: `${MYSQL}
async function load(id: number) {
  const conn = await pool.getConnection();
  try {
    if (id === 0) return null;
    const [rows] = await conn.execute('select * from t where id = ?', [id]);
    if (!rows) throw new Error('no rows');
    return rows;
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, early return after releasing.
    {
      code: `${MYSQL}
async function maybe(id: number) {
  const conn = await pool.getConnection();
  if (id < 0) {
    conn.release();
    return null;
  }
  try {
    return await conn.query('select * from t where id = ?', [id]);
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, `(await pool.getConnection()).release()`.
    {
      code: `${MYSQL}
async function warmUp() {
  (await pool.getConnection()).release();
}`,
    },
  ],
  invalid: [
    // pg, the incident: the row loop returns early (and the query may throw) before the release. The
    // report names the explicit exit, the `return`.
    {
      code: `${PG}
async function dailyTotal(day: string) {
  const client = await pool.connect();
  const res = await client.query('select sum(n) from t where day = $1', [day]);
  let total = 0;
  for (const row of res.rows) {
    if (row.sum === null) return 0;
    total += Number(row.sum);
  }
  client.release();
  return total;
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
async function dailyTotal(day: string) {
  const client = await pool.connect();
  let total;
  try {
    const res = await client.query('select sum(n) from t where day = $1', [day]);
    total = 0;
    for (const row of res.rows) {
      if (row.sum === null) return 0;
      total += Number(row.sum);
    }
  } finally {
    client.release();
  }
  return total;
}`,
            },
          ],
        },
      ],
    },
    // pg, straight line: the query may throw before the release. The release is the last statement,
    // so the suggestion moves it into a finally.
    {
      code: `${PG}
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
              output: `${PG}
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
    // pg, early return before the try/finally that would release.
    {
      code: `${PG}
async function find(id: number) {
  const client = await pool.connect();
  if (id < 0) return null;
  try {
    return await client.query('select * from t where id = $1', [id]);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 5' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
async function find(id: number) {
  const client = await pool.connect();
  try {
    if (id < 0) return null;
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
    // pg, two leaking paths: the query may throw, and `ok` false reaches the end of the function. The
    // report names the exit the code spells out (the end of the function) over the call that may throw.
    {
      code: `${PG}
async function run(ok: boolean) {
  const client = await pool.connect();
  await client.query('select 1');
  if (ok) client.release();
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the path that reaches the end of the function on line 7' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function run(ok: boolean) {
  const client = await pool.connect();
  try {
    await client.query('select 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, two explicit exits: the early return (line 5) comes before the end of the function (line 7) in
    // source order, so it is the one named.
    {
      code: `${PG}
async function run(id: number) {
  const client = await pool.connect();
  if (id === 0) return;
  if (id > 0) client.release();
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 5' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function run(id: number) {
  const client = await pool.connect();
  try {
    if (id === 0) return;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, `client.release;` without the call releases nothing (from the issue).
    {
      code: `${PG}
async function run() {
  const client = await pool.connect();
  client.release;
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
    client.release;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, straight line: the query may throw before the release.
    {
      code: `${MYSQL}
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
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function run(sql: string) {
  await using conn = await pool.getConnection();
  await conn.query(sql);
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
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
    // mysql2, early return before the try/finally.
    {
      code: `${MYSQL}
async function load(id: number) {
  const conn = await pool.getConnection();
  if (id === 0) return null;
  try {
    return await conn.execute('select * from t where id = ?', [id]);
  } finally {
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 5' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'conn' },
              output: `${MYSQL}
async function load(id: number) {
  const conn = await pool.getConnection();
  try {
    if (id === 0) return null;
    return await conn.execute('select * from t where id = ?', [id]);
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
