// no-leaked-connection, `for` and `for-of` loops with `break`, `continue` and labels; acquisitions
// per iteration.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // pg, for loop acquiring per iteration: break and continue pass through finally.
    {
      code: `${PG}
async function insertBatches(batches: string[][]) {
  for (let i = 0; i < batches.length; i++) {
    const client = await pool.connect();
    try {
      if (batches[i].length === 0) continue;
      if (i > 10) break;
      await client.query('insert into t select unnest($1::text[])', [batches[i]]);
    } finally {
      client.release();
    }
  }
}`,
    },
    // pg, labelled break and continue out of nested loops inside try/finally.
    {
      code: `${PG}
async function runGroups(groups: string[][]) {
  const client = await pool.connect();
  try {
    outer: for (const group of groups) {
      for (const sql of group) {
        if (!sql) continue outer;
        if (sql === 'stop') break outer;
        await client.query(sql);
      }
    }
  } finally {
    client.release();
  }
}`,
    },
    // mysql2, for-of acquiring per iteration; continue and break go through finally.
    {
      code: `${MYSQL}
async function insertAll(rows: unknown[]) {
  for (const row of rows) {
    const conn = await pool.getConnection();
    try {
      if (row === null) continue;
      if (row === 'stop') break;
      await conn.query('insert into t set ?', [row]);
    } finally {
      conn.release();
    }
  }
}`,
    },
    // mysql2, labelled continue inside try/finally.
    {
      code: `${MYSQL}
async function runAll(groups: string[][]) {
  const conn = await pool.getConnection();
  try {
    outer: for (const group of groups) {
      for (const sql of group) {
        if (sql === '') continue outer;
        await conn.query(sql);
      }
    }
  } finally {
    conn.release();
  }
}`,
    },
  ],
  invalid: [
    // pg, `continue` in a loop that acquires per iteration (from the issue).
    {
      code: `${PG}
async function purge(ids: number[]) {
  for (const id of ids) {
    const client = await pool.connect();
    if (id === 0) continue;
    try {
      await client.query('delete from t where id = $1', [id]);
    } finally {
      client.release();
    }
  }
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `continue` on line 6' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
async function purge(ids: number[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      if (id === 0) continue;
      await client.query('delete from t where id = $1', [id]);
    } finally {
      client.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, `break` out of a for loop before the release.
    {
      code: `${PG}
async function drain(queue: string[]) {
  for (;;) {
    const client = await pool.connect();
    if (queue.length === 0) break;
    try {
      await client.query(queue[0]);
    } finally {
      client.release();
    }
    queue.shift();
  }
}`,
      errors: [
        {
          messageId: 'leakOnBreak',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `break` on line 6' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
async function drain(queue: string[]) {
  for (;;) {
    const client = await pool.connect();
    try {
      if (queue.length === 0) break;
      await client.query(queue[0]);
    } finally {
      client.release();
    }
    queue.shift();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, labelled `continue outer` from the inner loop skips the release.
    {
      code: `${PG}
async function runGroups(groups: string[][]) {
  outer: for (const group of groups) {
    for (const sql of group) {
      const client = await pool.connect();
      if (!sql) continue outer;
      try {
        await client.query(sql);
      } finally {
        client.release();
      }
    }
  }
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `continue` on line 7' },
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
async function runGroups(groups: string[][]) {
  outer: for (const group of groups) {
    for (const sql of group) {
      const client = await pool.connect();
      try {
        if (!sql) continue outer;
        await client.query(sql);
      } finally {
        client.release();
      }
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, labelled `break outer` leaves the client acquired in the inner loop open.
    {
      code: `${PG}
async function firstEmpty(groups: string[][]) {
  outer: for (const group of groups) {
    while (group.length > 0) {
      const client = await pool.connect();
      if (group[0] === '') break outer;
      client.release();
      group.shift();
    }
  }
}`,
      errors: [
        {
          messageId: 'leakOnBreak',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `break` on line 7' },
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function firstEmpty(groups: string[][]) {
  outer: for (const group of groups) {
    while (group.length > 0) {
      const client = await pool.connect();
      try {
        if (group[0] === '') break outer;
      } finally {
        client.release();
      }
      group.shift();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, acquiring in a loop into a variable declared outside it: the next iteration overwrites the
    // previous client while it is open.
    {
      code: `${PG}
async function runAll(statements: string[]) {
  let client;
  for (const sql of statements) {
    client = await pool.connect();
    await client.query(sql);
  }
  client?.release();
}`,
      errors: [
        {
          messageId: 'overwritten',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on line 6' },
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 34,
          suggestions: [],
        },
      ],
    },
    // pg, a loop acquiring per iteration that never releases.
    {
      code: `${PG}
async function runAll(statements: string[]) {
  for (const sql of statements) {
    const client = await pool.connect();
    await client.query(sql);
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function runAll(statements: string[]) {
  for (const sql of statements) {
    const client = await pool.connect();
    try {
      await client.query(sql);
    } finally {
      client.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, `continue` in a for-of loop that acquires per iteration.
    {
      code: `${MYSQL}
async function insertAll(rows: unknown[]) {
  for (const row of rows) {
    const conn = await pool.getConnection();
    if (row === null) continue;
    try {
      await conn.query('insert into t set ?', [row]);
    } finally {
      conn.release();
    }
  }
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `continue` on line 6' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'conn' },
              output: `${MYSQL}
async function insertAll(rows: unknown[]) {
  for (const row of rows) {
    const conn = await pool.getConnection();
    try {
      if (row === null) continue;
      await conn.query('insert into t set ?', [row]);
    } finally {
      conn.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, `break` in a classic for loop before the release.
    {
      code: `${MYSQL}
async function firstN(n: number) {
  for (let i = 0; i < 10; i++) {
    const conn = await pool.getConnection();
    if (i >= n) break;
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnBreak',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `break` on line 6' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function firstN(n: number) {
  for (let i = 0; i < 10; i++) {
    await using conn = await pool.getConnection();
    if (i >= n) break;
  }
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function firstN(n: number) {
  for (let i = 0; i < 10; i++) {
    const conn = await pool.getConnection();
    try {
      if (i >= n) break;
    } finally {
      conn.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, labelled `continue` to the outer loop skips the release.
    {
      code: `${MYSQL}
async function runAll(groups: string[][]) {
  outer: for (const group of groups) {
    for (const sql of group) {
      const conn = await pool.getConnection();
      if (sql === '') continue outer;
      conn.release();
    }
  }
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `continue` on line 7' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function runAll(groups: string[][]) {
  outer: for (const group of groups) {
    for (const sql of group) {
      await using conn = await pool.getConnection();
      if (sql === '') continue outer;
    }
  }
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function runAll(groups: string[][]) {
  outer: for (const group of groups) {
    for (const sql of group) {
      const conn = await pool.getConnection();
      try {
        if (sql === '') continue outer;
      } finally {
        conn.release();
      }
    }
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
