import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-leaked-cursor.js';

// Each case is a small module; the imports and the pool come from these headers, so the
// code of a case proper starts on line 4 (PG) or line 3 (the others).
const PG = `import pg from 'pg';
import Cursor from 'pg-cursor';
const pool = new pg.Pool();`;
const MONGO = `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');`;
const STREAM = `import pg from 'pg';
import QueryStream from 'pg-query-stream';
const pool = new pg.Pool();`;

const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-leaked-cursor', rule, {
  valid: [
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
    // Returned to the caller, stored, passed on: someone else closes it.
    `${PG}
function open(client, sql) {
  return client.query(new Cursor(sql));
}`,
    `${PG}
function keep(client, sql, registry) {
  registry.cursor = client.query(new Cursor(sql));
}`,
    `${PG}
async function handOff(client, sql, readers) {
  const cursor = client.query(new Cursor(sql));
  readers.push(cursor);
}`,
    // A query that is not a cursor.
    `${PG}
async function plain(client, sql) {
  const res = await client.query(sql);
  if (!res.rows.length) return null;
  return res.rows;
}`,
    // Without the pg-cursor import, \`new Cursor\` is someone else's class.
    `import pg from 'pg';
async function other(client, sql) {
  const cursor = client.query(new Cursor(sql));
  return 1;
}`,
    // MongoDB: toArray reads to the end, including through a chain.
    `${MONGO}
async function list() {
  return client.db('app').collection('users').find({}).sort({ name: 1 }).limit(10).toArray();
}`,
    `${MONGO}
async function list(db) {
  const cursor = db.collection('users').find({ active: true }).project({ name: 1 });
  const docs = await cursor.toArray();
  return docs.map((doc) => doc.name);
}`,
    // A cursor that was never read has not run its query: nothing is held.
    `${MONGO}
async function maybe(db, skip) {
  const cursor = db.collection('users').find({});
  if (skip) return [];
  return cursor.toArray();
}`,
    // Read once and never named: the "find one" idiom (mongo-express's $collStats).
    `${MONGO}
async function stats(collection) {
  const newest = await collection.find({}).sort({ at: -1 }).limit(1).next();
  const storage = await collection.aggregate([{ $collStats: { storageStats: {} } }]).next();
  return [newest, storage];
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
    // await using closes on every exit.
    `${MONGO}
async function walk(db) {
  await using cursor = db.collection('events').find({});
  while (await cursor.hasNext()) {
    const doc = await cursor.next();
    if (doc.bad) return doc;
  }
  return null;
}`,
    // A change stream with a listener lives on by design.
    `${MONGO}
function subscribe(db, onChange) {
  const stream = db.collection('orders').watch();
  stream.on('change', onChange);
}`,
    // Array.prototype.find is not a cursor.
    `${MONGO}
function pick(users, id) {
  const user = users.find((u) => u.id === id);
  if (!user) return null;
  return user.name;
}`,
    // Streams: piped, consumed by a data listener, iterated, or handed to pipeline().
    `${STREAM}
async function exportRows(client, res) {
  const stream = client.query(new QueryStream('SELECT * FROM t'));
  stream.pipe(res);
}`,
    `${STREAM}
import { pipeline } from 'node:stream/promises';
async function exportRows(client, res) {
  const stream = client.query(new QueryStream('SELECT * FROM t'));
  await pipeline(stream, res);
}`,
    `${STREAM}
async function count(client) {
  const stream = client.query(new QueryStream('SELECT * FROM t'));
  let n = 0;
  for await (const row of stream) {
    if (row.last) break;
    n++;
  }
  return n;
}`,
    // Manual iterators: run until done, or returned.
    `async function firstTwo(source) {
  const it = source[Symbol.asyncIterator]();
  try {
    const a = await it.next();
    const b = await it.next();
    return [a.value, b.value];
  } finally {
    await it.return?.();
  }
}`,
    `async function all(source) {
  const it = source[Symbol.asyncIterator]();
  const out = [];
  for (;;) {
    const { done, value } = await it.next();
    if (done) break;
    out.push(value);
  }
  return out;
}`,
    `function all(source) {
  const it = source[Symbol.iterator]();
  const out = [];
  for (let step = it.next(); !step.done; step = it.next()) {
    out.push(step.value);
  }
  return out;
}`,
    // knex: a stream with a callback is managed by knex.
    `import knex from 'knex';
const db = knex({});
function exportAll(res) {
  return db('users').select('*').stream((stream) => stream.pipe(res));
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
    // Adding to a local Set cannot throw (NodeBB's scan).
    `${MONGO}
async function scan(db) {
  const cursor = db.collection('objects').find({});
  const found = new Set();
  while (await cursor.hasNext()) {
    const item = await cursor.next();
    found.add(item._key);
  }
  return Array.from(found);
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
    // Dead code.
    `${PG}
async function never(client, sql) {
  return 0;
  const cursor = client.query(new Cursor(sql));
}`,
  ],
  invalid: [
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
    // Read once and dropped: never closed or read to the end.
    {
      code: `${PG}
async function peek(client, sql) {
  const cursor = client.query(new Cursor(sql));
  const rows = await cursor.read(1);
  return rows[0];
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
async function peek(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    const rows = await cursor.read(1);
    return rows[0];
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
    // A collection held in a variable named for it.
    {
      code: `${MONGO}
async function firstMatch(usersCollection, pred) {
  const cursor = usersCollection.aggregate([{ $match: {} }]);
  while (await cursor.hasNext()) {
    const doc = await cursor.next();
    if (pred(doc)) return doc;
  }
  return null;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${MONGO}
async function firstMatch(usersCollection, pred) {
  const cursor = usersCollection.aggregate([{ $match: {} }]);
  try {
    while (await cursor.hasNext()) {
      const doc = await cursor.next();
      if (pred(doc)) return doc;
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
    // A change stream read with next() and left.
    {
      code: `${MONGO}
async function waitForInsert(db) {
  const changes = db.collection('orders').watch();
  const change = await changes.next();
  return change.fullDocument;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await changes.close()' },
              output: `${MONGO}
async function waitForInsert(db) {
  const changes = db.collection('orders').watch();
  try {
    const change = await changes.next();
    return change.fullDocument;
  } finally {
    await changes.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // Streams: returning before the stream is consumed.
    {
      code: `${STREAM}
async function exportRows(client, res, format) {
  const stream = client.query(new QueryStream('SELECT * FROM t'));
  if (format !== 'csv') {
    res.status(400).end();
    return;
  }
  stream.pipe(res);
}`,
      errors: [{ messageId: 'leakOnReturn', line: 5 }],
    },
    // knex: a stream taken and not consumed on one path.
    {
      code: `import knex from 'knex';
const db = knex({});
async function exportAll(res, allowed) {
  const stream = db('users').select('*').stream();
  if (!allowed) return false;
  stream.pipe(res);
  return true;
}`,
      errors: [{ messageId: 'leakOnReturn', line: 4 }],
    },
    // A chain written over several lines is named as one expression.
    {
      code: `${MONGO}
async function firstBad(db) {
  const cursor = db
    .collection('events')
    .find({});
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
          data: { name: 'cursor', what: "MongoDB cursor from `db.collection('events').find()`", exit: 'on the `return` on line 9' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${MONGO}
async function firstBad(db) {
  const cursor = db
    .collection('events')
    .find({});
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
    // A helper that reads the cursor is a use, not a hand-off (as for connections): a
    // helper whose name says it keeps or closes the cursor would be one.
    {
      code: `${PG}
async function viaHelper(client, sql) {
  const cursor = client.query(new Cursor(sql));
  await printRows(cursor);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 5,
          data: { name: 'cursor', what: 'cursor from `client.query(new Cursor(…))`', release: 'cursor.close()' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function viaHelper(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    await printRows(cursor);
  } finally {
    await cursor.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // A manual iterator left before done.
    {
      code: `async function firstEven(source) {
  const it = source[Symbol.asyncIterator]();
  for (;;) {
    const step = await it.next();
    if (step.done) return null;
    if (step.value % 2 === 0) return step.value;
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 2,
          data: { name: 'it', what: 'iterator from `source[Symbol.asyncIterator]()`', exit: 'on the `return` on line 6' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'it.return()' },
              output: `async function firstEven(source) {
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const step = await it.next();
      if (step.done) return null;
      if (step.value % 2 === 0) return step.value;
    }
  } finally {
    it.return();
  }
}`,
            },
          ],
        },
      ],
    },
    // The cursor is overwritten while open.
    {
      code: `${PG}
async function twice(client, a, b) {
  let cursor = client.query(new Cursor(a));
  await cursor.read(1);
  cursor = client.query(new Cursor(b));
  await cursor.close();
}`,
      errors: [{ messageId: 'overwritten', line: 5 }],
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
    // A generator that yields rows: the consumer may stop early.
    {
      code: `${PG}
async function* rows(client, sql) {
  const cursor = client.query(new Cursor(sql));
  for (;;) {
    const batch = await cursor.read(100);
    if (batch.length === 0) return;
    for (const row of batch) yield row;
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 5,
          data: { name: 'cursor', what: 'cursor from `client.query(new Cursor(…))`', exit: 'if the consumer stops at the `yield` on line 9' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function* rows(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    for (;;) {
      const batch = await cursor.read(100);
      if (batch.length === 0) return;
      for (const row of batch) yield row;
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

// `requireFinally` (on in `strict`): a close that a later edit could skip.
ruleTester.run('no-leaked-cursor with requireFinally', rule, {
  valid: [
    {
      code: `${PG}
async function firstRow(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    const rows = await cursor.read(1);
    return rows[0];
  } finally {
    await cursor.close();
  }
}`,
      options: [{ requireFinally: true }],
    },
  ],
  invalid: [
    {
      code: `${PG}
async function firstRow(client, sql) {
  const cursor = client.query(new Cursor(sql));
  const rows = await cursor.read(1);
  await cursor.close();
  return rows[0];
}`,
      options: [{ requireFinally: true }],
      errors: [
        {
          messageId: 'releaseOutsideFinally',
          line: 7,
          data: { name: 'cursor', what: 'cursor from `client.query(new Cursor(…))`', line: '7' },
          suggestions: [
            {
              messageId: 'moveToFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function firstRow(client, sql) {
  const cursor = client.query(new Cursor(sql));
  let rows;
  try {
    rows = await cursor.read(1);
  } finally {
    await cursor.close();
  }
  return rows[0];
}`,
            },
          ],
        },
      ],
    },
  ],
});
