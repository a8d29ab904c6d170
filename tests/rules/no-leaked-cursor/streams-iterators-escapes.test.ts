// no-leaked-cursor, what is a cursor (and what is not), streams, manual iterators, chains, escapes,
// helpers, `await using`, generators and dead code.

import rule from '../../../rules/no-leaked-cursor.js';
import { MONGO, PG, STREAM, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-cursor', rule, {
  valid: [
    // A release called optionally on the acquisition itself: where the iterator has no
    // \`throw\` / \`return\`, it has nothing to close (grafast's executor).
    `export function fail(stream: AsyncIterable<unknown>, e: Error) {
  stream[Symbol.asyncIterator]().throw?.(e)?.then(null, () => {});
}
export function stop(stream: AsyncIterable<unknown>) {
  stream[Symbol.asyncIterator]().return?.();
}`,
    // Returned inside a new iterator whose \`return\` is the old one's, bound (ruru's fetcher).
    `export function mapped(result: AsyncIterable<number>): AsyncIterableIterator<number> {
  const iterator = result[Symbol.asyncIterator]();
  return {
    return: iterator.return?.bind(iterator),
    next: async () => {
      const { done, value } = await iterator.next();
      return { done, value: value * 2 };
    },
    [Symbol.asyncIterator]() { return this; },
  } as AsyncIterableIterator<number>;
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
    // Both returns come after \`next()\` said done; the loop tests the last expression of a
    // comma sequence (sequelize's join).
    `export function join(iterable: Iterable<string>, glue: string): string {
  const iterator = iterable[Symbol.iterator]();
  const first = iterator.next();
  if (first.done) {
    return '';
  }
  let result = String(first.value);
  let item;
  while (((item = iterator.next()), !item.done)) {
    result += glue + String(item.value);
  }
  return result;
}`,
    // knex: a stream with a callback is managed by knex.
    `import knex from 'knex';
const db = knex({});
function exportAll(res) {
  return db('users').select('*').stream((stream) => stream.pipe(res));
}`,
    // The receiver decides, not the file's imports: \`got.stream(url)\` in a file that
    // imports knex or TypeORM is an HTTP stream, not a query's.
    `import knex from 'knex';
import { DataSource } from 'typeorm';
import got from 'got';
export const db = knex({});
export const source = new DataSource({ type: 'postgres' });
export function fetchTo(url, out, skip) {
  const body = got.stream(url);
  if (skip) return null;
  return body.pipe(out);
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
    // Dead code.
    `${PG}
async function never(client, sql) {
  return 0;
  const cursor = client.query(new Cursor(sql));
}`,
  ],
  invalid: [
    // An optional call of a method that is not a release reads it and drops it.
    {
      code: `export async function first(stream: AsyncIterable<unknown>) {
  return await stream[Symbol.asyncIterator]().next?.();
}`,
      errors: [{ messageId: 'discarded', line: 2 }],
    },
    // The same loop, left early on a long item: the iterator is not done there.
    {
      code: `export function joinShort(iterable: Iterable<string>, glue: string): string {
  const iterator = iterable[Symbol.iterator]();
  let result = '';
  let item;
  while (((item = iterator.next()), !item.done)) {
    if (item.value.length > 80) return result;
    result += glue + item.value;
  }
  return result;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 2,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'iterator.return?.()' },
              output: `export function joinShort(iterable: Iterable<string>, glue: string): string {
  const iterator = iterable[Symbol.iterator]();
  try {
    let result = '';
    let item;
    while (((item = iterator.next()), !item.done)) {
      if (item.value.length > 80) return result;
      result += glue + item.value;
    }
    return result;
  } finally {
    iterator.return?.();
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
              data: { release: 'await it.return?.()' },
              output: `async function firstEven(source) {
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const step = await it.next();
      if (step.done) return null;
      if (step.value % 2 === 0) return step.value;
    }
  } finally {
    await it.return?.();
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
  ],
});
