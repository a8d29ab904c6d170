// no-leaked-cursor with type information, against the real libraries' declarations
// (mongodb, pg, pg-cursor; tests/fixtures/types/db.ts plays "another file"). Three groups:
// cases only types find; cases where types remove a syntax-only false positive; cases both
// modes must agree on (run by both testers).

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { ESLintUtils } from '@typescript-eslint/utils';
import rule from '../../rules/no-leaked-cursor.js';
import { syntaxRuleTester, typedRuleTester } from './testers.js';

type Options = ESLintUtils.InferOptionsTypeFromRule<typeof rule>;
type MessageIds = ESLintUtils.InferMessageIdsTypeFromRule<typeof rule>;

// ------------------------------------------------------------------ only types find these

/** Clean without types (the syntax cannot see them); reported with types. */
const onlyTypes: { code: string; errors: InvalidTestCase<MessageIds, Options>['errors'] }[] = [
  // `openCursor` (db.ts) is declared `Promise<FindCursor>`: its caller owns the cursor, and
  // leaves it open on the early return inside the loop.
  {
    code: `import { openCursor } from './db.js';
export async function firstMatch(check: (doc: unknown) => boolean) {
  const c = await openCursor();
  while (await c.hasNext()) {
    const doc = await c.next();
    if (check(doc)) return doc;
  }
  await c.close();
  return null;
}`,
    errors: [
      {
        messageId: 'leakOnReturn',
        data: { name: 'c', what: 'MongoDB cursor from `openCursor()`', exit: 'on the `return` on line 6' },
        line: 3,
        column: 19,
        endLine: 3,
        endColumn: 31,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import { openCursor } from './db.js';
export async function firstMatch(check: (doc: unknown) => boolean) {
  const c = await openCursor();
  try {
    while (await c.hasNext()) {
      const doc = await c.next();
      if (check(doc)) return doc;
    }
  } finally {
    await c.close();
  }
  return null;
}`,
          },
        ],
      },
    ],
  },
  // A mongodb Collection under a name that gives nothing away (`things`, db.ts): its `find()`
  // is a cursor by the receiver's type; open on the early return.
  {
    code: `import { things } from './db.js';
export async function firstBig(min: number) {
  const c = things.find({ total: { $gt: min } });
  while (await c.hasNext()) {
    const doc = await c.next();
    if (doc && doc.total > min * 2) return doc;
  }
  await c.close();
  return null;
}`,
    errors: [
      {
        messageId: 'leakOnReturn', line: 3, column: 13, endLine: 3, endColumn: 49,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import { things } from './db.js';
export async function firstBig(min: number) {
  const c = things.find({ total: { $gt: min } });
  try {
    while (await c.hasNext()) {
      const doc = await c.next();
      if (doc && doc.total > min * 2) return doc;
    }
  } finally {
    await c.close();
  }
  return null;
}`,
          },
        ],
      },
    ],
  },
  // The same collection through a `sort().limit()` chain (the chain returns the cursor):
  // a document is found and returned with the cursor still open.
  {
    code: `import { things } from './db.js';
export async function firstBig(min: number) {
  const c = things.find({ total: { $gt: min } }).sort({ total: -1 }).limit(10);
  const doc = await c.next();
  if (doc && doc.total > min * 2) return doc;
  await c.close();
  return null;
}`,
    errors: [
      {
        messageId: 'leakOnReturn', line: 3, column: 13, endLine: 3, endColumn: 49,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import { things } from './db.js';
export async function firstBig(min: number) {
  const c = things.find({ total: { $gt: min } }).sort({ total: -1 }).limit(10);
  try {
    const doc = await c.next();
    if (doc && doc.total > min * 2) return doc;
  } finally {
    await c.close();
  }
  return null;
}`,
          },
        ],
      },
    ],
  },
  // An aggregation cursor from a helper: the conversion of a document can throw with the
  // cursor open.
  {
    code: `import { openAggregation } from './db.js';
export async function totals(convert: (doc: unknown) => number) {
  const agg = await openAggregation();
  let sum = 0;
  for (let doc = await agg.next(); doc; doc = await agg.next()) {
    sum += convert(doc);
  }
  await agg.close();
  return sum;
}`,
    errors: [
      {
        messageId: 'leakOnThrow', line: 3, column: 21, endLine: 3, endColumn: 38,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import { openAggregation } from './db.js';
export async function totals(convert: (doc: unknown) => number) {
  const agg = await openAggregation();
  let sum;
  try {
    sum = 0;
    for (let doc = await agg.next(); doc; doc = await agg.next()) {
      sum += convert(doc);
    }
  } finally {
    await agg.close();
  }
  return sum;
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-leaked-cursor: only types find these', rule, {
  valid: [],
  invalid: onlyTypes,
});
syntaxRuleTester.run('no-leaked-cursor: without types these stay silent', rule, {
  valid: onlyTypes.map(({ code }) => ({ code })),
  invalid: [],
});

// ------------------------------------------------------- types remove syntax-only reports

/** Reported without types (the name and the mongodb import mislead); clean with types. */
const removedByTypes: { code: string; errors: InvalidTestCase<MessageIds, Options>['errors'] }[] = [
  // An in-memory stand-in called `collection` whose `find()` returns a plain iterator: there
  // is nothing to close, whatever the name and the import say.
  {
    code: `import type { Document } from 'mongodb';
import type { MemoryCollection } from './db.js';
export function firstOpen(collection: MemoryCollection<Document>, check: (d: Document) => boolean) {
  const docs = collection.find({ status: 'open' });
  let next = docs.next();
  while (!next.done) {
    if (check(next.value)) return next.value;
    next = docs.next();
  }
  return null;
}`,
    errors: [
      {
        messageId: 'leakOnReturn',
        data: { name: 'docs', what: 'MongoDB cursor from `collection.find()`', exit: 'on the `return` on line 7' },
        line: 4,
        column: 16,
        endLine: 4,
        endColumn: 51,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import type { Document } from 'mongodb';
import type { MemoryCollection } from './db.js';
export function firstOpen(collection: MemoryCollection<Document>, check: (d: Document) => boolean) {
  const docs = collection.find({ status: 'open' });
  try {
    let next = docs.next();
    while (!next.done) {
      if (check(next.value)) return next.value;
      next = docs.next();
    }
    return null;
  } finally {
    docs.close();
  }
}`,
          },
        ],
      },
    ],
  },
  // A `.stream()` whose chain starts at something called `db` that is no knex instance.
  {
    code: `export function rows(db: { select(): { stream(): NodeJS.ReadableStream } }, skip: boolean) {
  const stream = db.select().stream();
  if (skip) return null;
  return stream.pipe(process.stdout);
}`,
    errors: [
      {
        messageId: 'leakOnReturn',
        line: 2,
        column: 18,
        endLine: 2,
        endColumn: 38,
        suggestions: [],
      },
    ],
  },
  // An array parameter whose type is an alias: the syntax does not follow it, the types do.
  {
    code: `type Rows = readonly number[];
export function first(rows: Rows) {
  const it = rows[Symbol.iterator]();
  const head = it.next();
  if (head.done) return null;
  return head.value;
}`,
    errors: [
      {
        messageId: 'leakOnReturn',
        line: 3,
        column: 14,
        endLine: 3,
        endColumn: 37,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            data: { release: 'it.return?.()' },
            output: `type Rows = readonly number[];
export function first(rows: Rows) {
  const it = rows[Symbol.iterator]();
  try {
    const head = it.next();
    if (head.done) return null;
    return head.value;
  } finally {
    it.return?.();
  }
}`,
          },
        ],
      },
    ],
  },
  // A string and a Map parameter, by type (through aliases).
  {
    code: `type Text = string;
type Index = ReadonlyMap<string, number>;
export function heads(text: Text, index: Index) {
  const chars = text[Symbol.iterator]();
  const keys = index[Symbol.iterator]();
  return [chars.next().value, keys.next().value];
}`,
    errors: [
      {
        messageId: 'leakOnReturn',
        line: 4,
        column: 17,
        endLine: 4,
        endColumn: 40,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            data: { release: 'chars.return?.()' },
            output: `type Text = string;
type Index = ReadonlyMap<string, number>;
export function heads(text: Text, index: Index) {
  const chars = text[Symbol.iterator]();
  try {
    const keys = index[Symbol.iterator]();
    return [chars.next().value, keys.next().value];
  } finally {
    chars.return?.();
  }
}`,
          },
        ],
      },
      {
        messageId: 'leakOnReturn',
        line: 5,
        column: 16,
        endLine: 5,
        endColumn: 40,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            data: { release: 'keys.return?.()' },
            output: `type Text = string;
type Index = ReadonlyMap<string, number>;
export function heads(text: Text, index: Index) {
  const chars = text[Symbol.iterator]();
  const keys = index[Symbol.iterator]();
  try {
    return [chars.next().value, keys.next().value];
  } finally {
    keys.return?.();
  }
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-leaked-cursor: types remove these reports', rule, {
  valid: removedByTypes.map(({ code }) => ({ code })),
  invalid: [],
});
syntaxRuleTester.run('no-leaked-cursor: without types these are reported', rule, {
  valid: [],
  invalid: removedByTypes,
});

// --------------------------------------------------------------- both modes must agree

const agreedValid: (ValidTestCase<Options> | string)[] = [
  // `find` on an array of collection names in a file that imports mongodb: no cursor.
  `import { MongoClient } from 'mongodb';
export function pick(collections: string[], client: MongoClient) {
  const hit = collections.find((name) => name.startsWith('orders'));
  return hit ?? client.db().databaseName;
}`,
  // A helper's cursor read once with `next()` and found empty: a null `next()` exhausts it.
  `import { openCursor } from './db.js';
export async function first() {
  const c = await openCursor();
  const doc = await c.next();
  if (!doc) return null;
  await c.close();
  return doc;
}`,
  // Closed in `finally`, and read to the end with `for await` (which closes on early exits).
  `import type { Collection } from 'mongodb';
export async function scan(collection: Collection, check: (doc: unknown) => boolean) {
  const cursor = collection.find({});
  try {
    while (await cursor.hasNext()) {
      if (check(await cursor.next())) return true;
    }
    return false;
  } finally {
    await cursor.close();
  }
}`,
  `import { openCursor } from './db.js';
export async function any(check: (doc: unknown) => boolean) {
  const cursor = await openCursor();
  for await (const doc of cursor) {
    if (check(doc)) return true;
  }
  return false;
}`,
  // `toArray()` exhausts the cursor.
  `import { openCursor } from './db.js';
export async function all() {
  const cursor = await openCursor();
  return cursor.toArray();
}`,
];

const agreedInvalid: InvalidTestCase<MessageIds, Options>[] = [
  // A typed mongodb collection under a telling name: open on the early return.
  {
    code: `import { Collection } from 'mongodb';
export async function firstBig(collection: Collection, check: (d: unknown) => boolean) {
  const c = collection.find({});
  while (await c.hasNext()) {
    const doc = await c.next();
    if (check(doc)) return doc;
  }
  await c.close();
  return null;
}`,
    errors: [
      {
        messageId: 'leakOnReturn', line: 3, column: 13, endLine: 3, endColumn: 32,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import { Collection } from 'mongodb';
export async function firstBig(collection: Collection, check: (d: unknown) => boolean) {
  const c = collection.find({});
  try {
    while (await c.hasNext()) {
      const doc = await c.next();
      if (check(doc)) return doc;
    }
  } finally {
    await c.close();
  }
  return null;
}`,
          },
        ],
      },
    ],
  },
  // The incident, with pg-cursor: the row loop returns with the cursor open.
  {
    code: `import pg from 'pg';
import Cursor from 'pg-cursor';
const pool = new pg.Pool();
export async function firstUnpriced(sql: string) {
  const client = await pool.connect();
  try {
    const cursor = client.query(new Cursor(sql));
    for (;;) {
      const rows = await cursor.read(100);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (row.price === null) return row;
      }
    }
    await cursor.close();
    return null;
  } finally {
    client.release();
  }
}`,
    errors: [
      {
        messageId: 'leakOnReturn', line: 7, column: 20, endLine: 7, endColumn: 49,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import pg from 'pg';
import Cursor from 'pg-cursor';
const pool = new pg.Pool();
export async function firstUnpriced(sql: string) {
  const client = await pool.connect();
  try {
    const cursor = client.query(new Cursor(sql));
    try {
      for (;;) {
        const rows = await cursor.read(100);
        if (rows.length === 0) break;
        for (const row of rows) {
          if (row.price === null) return row;
        }
      }
    } finally {
      await cursor.close();
    }
    return null;
  } finally {
    client.release();
  }
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-leaked-cursor: both modes agree (types)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
syntaxRuleTester.run('no-leaked-cursor: both modes agree (syntax)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
