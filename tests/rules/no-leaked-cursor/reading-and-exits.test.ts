// no-leaked-cursor, reading a cursor to the end, and leaving it early: loops, `break` / `continue`
// / labels, `switch`, `try`, `&&` / `?.`, throws.

import rule from '../../../rules/no-leaked-cursor.js';
import { MONGO, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-cursor', rule, {
  valid: [
    // The read raced against a timeout that only rejects: when the race says \`done\`, the
    // iterator is done (its \`finally\` returns it on every other exit).
    `export async function* withTimeout<T>(source: AsyncIterable<T>, ms: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let completed = false;
  try {
    while (true) {
      const next = iterator.next();
      const result = await Promise.race([next, new Promise<IteratorResult<T>>((_, reject) => setTimeout(reject, ms))]);
      if (result.done) {
        completed = true;
        return;
      }
      yield result.value;
    }
  } finally {
    if (!completed) await iterator.return?.();
  }
}`,
    // A test that asserts the last read is done: the iterator is used up, or the test failed
    // (prisma's supabase runtime tests); also an asserted \`step.done\`. In a test file, where
    // a throwing \`expect\` fails the test anyway.
    {
      filename: 'rows.test.ts',
      code: `import { expect, it } from 'vitest';
declare const rows: AsyncIterable<number>;
it('drains', async () => {
  const iterator = rows[Symbol.asyncIterator]();
  expect(await iterator.next()).toEqual({ value: 1, done: false });
  expect(await iterator.next()).toEqual({ value: undefined, done: true });
});
it('ends', async () => {
  const iterator = rows[Symbol.asyncIterator]();
  const step = await iterator.next();
  expect(step.done).toBe(true);
});`,
    },
    // pg-cursor read to the end: an empty read means the cursor is done.
    `${PG}
async function total(client, sql) {
  const cursor = client.query(new Cursor(sql));
  let sum = 0;
  for (;;) {
    const rows = await cursor.read(100);
    if (rows.length === 0) break;
    for (const row of rows) sum += row.n;
  }
  return sum;
}`,
    // `while (rows.length)` with the read inside the loop.
    `${PG}
async function drain(client, sql) {
  const cursor = client.query(new Cursor(sql));
  let rows = await cursor.read(100);
  let count = 0;
  while (rows.length) {
    count += rows.length;
    rows = await cursor.read(100);
  }
  return count;
}`,
    // `!rows.length` and closing in finally.
    `${PG}
async function scan(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    for (;;) {
      const rows = await cursor.read(10);
      if (!rows.length) return;
      for (const row of rows) {
        if (row.bad) return;
      }
    }
  } finally {
    await cursor.close();
  }
}`,
    // Closed before the early return.
    `${PG}
async function first(client, sql) {
  const cursor = client.query(new Cursor(sql));
  const rows = await cursor.read(1);
  await cursor.close();
  if (rows.length === 0) return null;
  return rows[0];
}`,
    // A failed read ends the cursor: nothing to close on that path.
    `${PG}
async function one(client, sql) {
  const cursor = client.query(new Cursor(sql));
  const rows = await cursor.read(1);
  await cursor.close();
  return rows;
}`,
    // for await closes the cursor on break, return and throw.
    `${MONGO}
async function findFirst(db, name) {
  const cursor = db.collection('users').find({});
  for await (const doc of cursor) {
    if (doc.name === name) return doc;
    if (doc.stop) break;
    await audit(doc);
  }
  return null;
}`,
    `${MONGO}
async function findFirst(db) {
  for await (const doc of db.collection('users').find({})) {
    if (doc.ok) return doc;
  }
  return null;
}`,
    // hasNext() false: the cursor is exhausted and closed itself.
    `${MONGO}
async function walk(db) {
  const cursor = db.collection('events').find({});
  let n = 0;
  while (await cursor.hasNext()) {
    const doc = await cursor.next();
    n += doc.size;
  }
  return n;
}`,
    // next() returning null: exhausted.
    `${MONGO}
async function walk(db) {
  const cursor = db.collection('events').find({});
  const ids = [];
  for (;;) {
    const doc = await cursor.next();
    if (doc === null) break;
    ids.push(doc._id);
  }
  return ids;
}`,
    // The early exit closes first.
    `${MONGO}
async function walk(db) {
  const cursor = db.collection('events').find({});
  while (await cursor.hasNext()) {
    const doc = await cursor.next();
    if (doc.bad) {
      await cursor.close();
      return doc;
    }
  }
  return null;
}`,
    // try/finally around the loop.
    `${MONGO}
async function walk(db) {
  const cursor = db.collection('events').aggregate([{ $match: {} }]);
  try {
    while (await cursor.hasNext()) {
      const doc = await cursor.next();
      if (doc.bad) return doc;
    }
  } finally {
    await cursor.close();
  }
  return null;
}`,
    // A flag set when the cursor runs dry ends the loop (NodeBB's processSortedSet).
    `${MONGO}
async function processAll(db, processFn) {
  const cursor = db.collection('objects').find({}).batchSize(100);
  let done = false;
  const ids = [];
  while (!done) {
    const item = await cursor.next();
    if (item === null) {
      done = true;
    } else {
      ids.push(item.value);
    }
  }
  return ids;
}`,
    // \`readAsync\`, the promisified read; the variable is reassigned after the test.
    `${PG}
async function each(client, sql, handle) {
  const cursor = client.query(new Cursor(sql));
  while (true) {
    let rows = await cursor.readAsync(100);
    if (!rows.length) return;
    rows = rows.length > 10 ? [] : rows;
    console.log(rows.length);
  }
}`,
  ],
  invalid: [
    // A raced read that is not done leaves the iterator open at the last return.
    {
      code: `export async function first<T>(source: AsyncIterable<T>, other: Promise<IteratorResult<T>>) {
  const iterator = source[Symbol.asyncIterator]();
  const result = await Promise.race([iterator.next(), other]);
  if (result.done) return null;
  return result.value;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 2,
          column: 20,
          endLine: 2,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { name: 'iterator', call: 'await iterator.return?.()', release: 'await iterator.return?.()' },
              output: `export async function first<T>(source: AsyncIterable<T>, other: Promise<IteratorResult<T>>) {
  const iterator = source[Symbol.asyncIterator]();
  try {
    const result = await Promise.race([iterator.next(), other]);
    if (result.done) return null;
    return result.value;
  } finally {
    await iterator.return?.();
  }
}`,
            },
          ],
        },
      ],
    },
    // Asserting that it is *not* done leaves it open.
    {
      filename: 'rows.test.ts',
      code: `import { expect, it } from 'vitest';
declare const rows: AsyncIterable<number>;
it('reads one', async () => {
  const iterator = rows[Symbol.asyncIterator]();
  expect(await iterator.next()).not.toEqual({ value: undefined, done: true });
});`,
      errors: [
        {
          messageId: 'leakAtEnd',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await iterator.return?.()' },
              output: `import { expect, it } from 'vitest';
declare const rows: AsyncIterable<number>;
it('reads one', async () => {
  const iterator = rows[Symbol.asyncIterator]();
  try {
    expect(await iterator.next()).not.toEqual({ value: undefined, done: true });
  } finally {
    await iterator.return?.();
  }
});`,
            },
          ],
        },
      ],
    },
    // The incident: an early return in the row loop skips close().
    {
      code: `${PG}
async function firstBad(client, sql) {
  const cursor = client.query(new Cursor(sql));
  for (;;) {
    const rows = await cursor.read(100);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (!row.valid) return row;
    }
  }
  await cursor.close();
  return null;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 5,
          data: { name: 'cursor', what: 'cursor from `client.query(new Cursor(…))`', exit: 'on the `return` on line 10' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function firstBad(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    for (;;) {
      const rows = await cursor.read(100);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!row.valid) return row;
      }
    }
  } finally {
    await cursor.close();
  }
  return null;
}`,
            },
          ],
        },
      ],
    },
    // An explicit throw in the loop.
    {
      code: `${PG}
async function check(client, sql) {
  const cursor = client.query(new Cursor(sql));
  let rows = await cursor.read(100);
  while (rows.length > 0) {
    if (rows.some((r) => r.bad)) throw new Error('bad row');
    rows = await cursor.read(100);
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function check(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    let rows = await cursor.read(100);
    while (rows.length > 0) {
      if (rows.some((r) => r.bad)) throw new Error('bad row');
      rows = await cursor.read(100);
    }
  } finally {
    await cursor.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // An implicit throw from other work while the cursor is open.
    {
      code: `${PG}
async function copy(client, sql, target) {
  const cursor = client.query(new Cursor(sql));
  let rows = await cursor.read(100);
  while (rows.length > 0) {
    await target.insert(rows);
    rows = await cursor.read(100);
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 5,
          data: { name: 'cursor', what: 'cursor from `client.query(new Cursor(…))`', exit: 'if `target.insert(…)` on line 8 throws' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function copy(client, sql, target) {
  const cursor = client.query(new Cursor(sql));
  try {
    let rows = await cursor.read(100);
    while (rows.length > 0) {
      await target.insert(rows);
      rows = await cursor.read(100);
    }
  } finally {
    await cursor.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // A catch that swallows and returns.
    {
      code: `${PG}
async function safe(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    const rows = await cursor.read(100);
    await audit(rows);
    await cursor.close();
    return rows;
  } catch (error) {
    log(error);
    return [];
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function safe(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    try {
      const rows = await cursor.read(100);
      await audit(rows);
      return rows;
    } catch (error) {
      log(error);
      return [];
    }
  } finally {
    await cursor.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // break out of a labelled outer loop.
    {
      code: `${PG}
async function scan(client, sql) {
  const cursor = client.query(new Cursor(sql));
  outer: for (;;) {
    const rows = await cursor.read(100);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.stop) break outer;
    }
  }
  return 1;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 5,
          data: { name: 'cursor', what: 'cursor from `client.query(new Cursor(…))`', exit: 'on the `return` on line 13' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function scan(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    outer: for (;;) {
      const rows = await cursor.read(100);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (row.stop) break outer;
      }
    }
    return 1;
  } finally {
    await cursor.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // continue to the next item opens another cursor; the old one is lost.
    {
      code: `${PG}
async function perTable(client, tables) {
  for (const table of tables) {
    const cursor = client.query(new Cursor('SELECT * FROM ' + table));
    const rows = await cursor.read(10);
    if (rows.length < 10) continue;
    await cursor.close();
  }
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          line: 6,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function perTable(client, tables) {
  for (const table of tables) {
    const cursor = client.query(new Cursor('SELECT * FROM ' + table));
    try {
      const rows = await cursor.read(10);
      if (rows.length < 10) continue;
    } finally {
      await cursor.close();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // do-while with an early return.
    {
      code: `${PG}
async function scan(client, sql) {
  const cursor = client.query(new Cursor(sql));
  let rows;
  do {
    rows = await cursor.read(50);
    if (rows.some((r) => r.bad)) return false;
  } while (rows.length > 0);
  return true;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function scan(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    let rows;
    do {
      rows = await cursor.read(50);
      if (rows.some((r) => r.bad)) return false;
    } while (rows.length > 0);
    return true;
  } finally {
    await cursor.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // switch with fallthrough into a return.
    {
      code: `${PG}
async function byMode(client, sql, mode) {
  const cursor = client.query(new Cursor(sql));
  switch (mode) {
    case 'peek':
    case 'first':
      return (await cursor.read(1))[0];
    default:
      await cursor.close();
      return null;
  }
}`,
      errors: [{ messageId: 'leakOnReturn', line: 5 }],
    },
    // MongoDB: a hasNext/next loop that leaves early leaks (the example).
    {
      code: `${MONGO}
async function findBad(db) {
  const cursor = db.collection('events').find({});
  while (await cursor.hasNext()) {
    const doc = await cursor.next();
    if (doc.bad) return doc;
  }
  return null;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 4,
          data: {
            name: 'cursor',
            what: "MongoDB cursor from `db.collection('events').find()`",
            exit: 'on the `return` on line 7',
          },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${MONGO}
async function findBad(db) {
  const cursor = db.collection('events').find({});
  try {
    while (await cursor.hasNext()) {
      const doc = await cursor.next();
      if (doc.bad) return doc;
    }
    return null;
  } finally {
    await cursor.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // A break out of a next() loop.
    {
      code: `${MONGO}
async function firstN(db, n) {
  const cursor = db.collection('events').find({}).sort({ at: -1 });
  const out = [];
  let doc;
  while ((doc = await cursor.next()) !== null) {
    out.push(doc);
    if (out.length === n) break;
  }
  return out;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 4,
          data: { name: 'cursor', what: "MongoDB cursor from `db.collection('events').find()`", exit: 'on the `return` on line 11' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${MONGO}
async function firstN(db, n) {
  const cursor = db.collection('events').find({}).sort({ at: -1 });
  try {
    const out = [];
    let doc;
    while ((doc = await cursor.next()) !== null) {
      out.push(doc);
      if (out.length === n) break;
    }
    return out;
  } finally {
    await cursor.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // A nested try whose inner finally does not close.
    {
      code: `${PG}
async function nested(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    try {
      const rows = await cursor.read(10);
      if (rows.length > 5) return rows;
    } finally {
      log('read');
    }
    await cursor.close();
  } catch (error) {
    await cursor.close();
    throw error;
  }
  return [];
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function nested(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    try {
      const rows = await cursor.read(10);
      if (rows.length > 5) return rows;
    } finally {
      log('read');
    }
  } finally {
    await cursor.close();
  }
  return [];
}`,
            },
          ],
        },
      ],
    },
    // `&&` / `?.` around the early exit.
    {
      code: `${PG}
async function maybe(client, sql, opts) {
  const cursor = client.query(new Cursor(sql));
  const rows = await cursor.read(opts?.size ?? 10);
  if (opts && opts.peek) return rows;
  await cursor.close();
  return rows;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function maybe(client, sql, opts) {
  const cursor = client.query(new Cursor(sql));
  let rows;
  try {
    rows = await cursor.read(opts?.size ?? 10);
    if (opts && opts.peek) return rows;
  } finally {
    await cursor.close();
  }
  return rows;
}`,
            },
          ],
        },
      ],
    },
  ],
});
