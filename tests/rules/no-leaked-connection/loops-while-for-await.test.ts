// no-leaked-connection, `while`, `do`-`while` and `for await` loops.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // \`while (true)\` without \`break\` ends only by its \`return\`: no path falls off its end.
    {
      code: `${PG}
async function spin() {
  const client = await pool.connect();
  let n = 0;
  while (true) {
    n += 1;
    if (n > 3) {
      client.release();
      return n;
    }
  }
}`,
    },
    // pg, for-await with break inside try/finally.
    {
      code: `${PG}
async function replay(source: AsyncIterable<string>) {
  const client = await pool.connect();
  try {
    for await (const sql of source) {
      if (sql === '') break;
      await client.query(sql);
    }
  } finally {
    client.release();
  }
}`,
    },
    // pg, while loop: released before the break, and in finally otherwise.
    {
      code: `${PG}
async function drain(queue: string[]) {
  while (queue.length > 0) {
    const client = await pool.connect();
    if (queue[0] === '') {
      client.release();
      break;
    }
    try {
      await client.query(queue[0]);
    } finally {
      client.release();
    }
    queue.shift();
  }
}`,
    },
    // pg, do-while acquiring per iteration with try/finally.
    {
      code: `${PG}
async function pages(count: number) {
  let page = 0;
  do {
    const client = await pool.connect();
    try {
      await client.query('select * from t offset $1 limit 100', [page * 100]);
    } finally {
      client.release();
    }
    page += 1;
  } while (page < count);
}`,
    },
    // mysql2, for-await inside try/finally.
    {
      code: `${MYSQL}
async function replay(source: AsyncIterable<string>) {
  const conn = await pool.getConnection();
  try {
    for await (const sql of source) {
      await conn.query(sql);
    }
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, while and do-while acquiring per iteration.
    {
      code: `${MYSQL}
async function poll(limit: number) {
  let n = 0;
  while (n < limit) {
    const conn = await pool.getConnection();
    try {
      await conn.query('select 1');
    } finally {
      conn.release();
    }
    n += 1;
  }
  do {
    const conn = await pool.getConnection();
    try {
      await conn.query('select 2');
    } finally {
      conn.release();
    }
    n -= 1;
  } while (n > 0);
}`,
    },
  ],
  invalid: [
    // pg, for-await: the early return skips the release (and the iteration itself may throw).
    {
      code: `${PG}
async function replay(source: AsyncIterable<string>) {
  const client = await pool.connect();
  for await (const sql of source) {
    if (sql === 'stop') return;
  }
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 6' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function replay(source: AsyncIterable<string>) {
  const client = await pool.connect();
  try {
    for await (const sql of source) {
      if (sql === 'stop') return;
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
    // pg, while loop with a `break` that skips the release.
    {
      code: `${PG}
async function poll(limit: number) {
  let n = 0;
  while (n < limit) {
    const client = await pool.connect();
    n += 1;
    if (n === 3) break;
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnBreak',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `break` on line 8' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function poll(limit: number) {
  let n = 0;
  while (n < limit) {
    const client = await pool.connect();
    try {
      n += 1;
      if (n === 3) break;
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
    // pg, do-while with a `continue` that skips the release.
    {
      code: `${PG}
async function pages(count: number) {
  let page = 0;
  do {
    const client = await pool.connect();
    page += 1;
    if (page % 2 === 0) continue;
    client.release();
  } while (page < count);
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `continue` on line 8' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function pages(count: number) {
  let page = 0;
  do {
    const client = await pool.connect();
    try {
      page += 1;
      if (page % 2 === 0) continue;
    } finally {
      client.release();
    }
  } while (page < count);
}`,
            },
          ],
        },
      ],
    },
    // mysql2, for-await whose iteration may throw before the release after the loop.
    {
      code: `${MYSQL}
async function replay(source: AsyncIterable<string>) {
  const conn = await pool.getConnection();
  for await (const sql of source) {
    if (sql === '') break;
  }
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if the `for await` iteration on line 5 throws' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function replay(source: AsyncIterable<string>) {
  await using conn = await pool.getConnection();
  for await (const sql of source) {
    if (sql === '') break;
  }
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function replay(source: AsyncIterable<string>) {
  const conn = await pool.getConnection();
  try {
    for await (const sql of source) {
      if (sql === '') break;
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
    // mysql2, while loop: `break` before the release.
    {
      code: `${MYSQL}
async function poll(limit: number) {
  let n = 0;
  while (true) {
    const conn = await pool.getConnection();
    if (n++ > limit) break;
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnBreak',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `break` on line 7' },
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function poll(limit: number) {
  let n = 0;
  while (true) {
    await using conn = await pool.getConnection();
    if (n++ > limit) break;
  }
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function poll(limit: number) {
  let n = 0;
  while (true) {
    const conn = await pool.getConnection();
    try {
      if (n++ > limit) break;
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
    // mysql2, do-while: `continue` before the release.
    {
      code: `${MYSQL}
async function pages(count: number) {
  let page = 0;
  do {
    const conn = await pool.getConnection();
    page += 1;
    if (page === 2) continue;
    conn.release();
  } while (page < count);
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `continue` on line 8' },
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function pages(count: number) {
  let page = 0;
  do {
    await using conn = await pool.getConnection();
    page += 1;
    if (page === 2) continue;
  } while (page < count);
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function pages(count: number) {
  let page = 0;
  do {
    const conn = await pool.getConnection();
    try {
      page += 1;
      if (page === 2) continue;
    } finally {
      conn.release();
    }
  } while (page < count);
}`,
            },
          ],
        },
      ],
    },
  ],
});
