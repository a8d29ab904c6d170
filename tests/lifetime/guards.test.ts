// Conditional ownership: a resource acquired on one side of a choice on a value that stays the
// same (`given ?? await pool.connect()`) is open exactly on the paths where that value was
// empty, so a release under a test of the same value (`if (!given)`) releases it on each of
// them. Each case prints the leaks of its one site (see printLeaks), lines counted from the
// header's first line.

import { describe, expect, it } from 'vitest';
import { analyzeCode, header, printLeaks } from './helpers.js';

const settled: readonly (readonly [string, string])[] = [
  [
    '`??` on a parameter, released under `if (!given)`',
    `async function run(sql, given) {
  const client = given ?? (await pool.connect());
  try {
    return await client.query(sql);
  } finally {
    if (!given) client.release();
  }
}`,
  ],
  [
    '`??` on a local read from a store, released under `if (!fromStore)`',
    `async function run(sql, store) {
  const fromStore = store.get();
  const client = fromStore ?? (await pool.connect());
  try {
    return await client.query(sql);
  } finally {
    if (!fromStore) client.release();
  }
}`,
  ],
  [
    '`||` on a member path, released under `if (!opts.conn)`',
    `async function run(sql, opts) {
  const conn = opts.conn || (await pool.connect());
  try {
    return await conn.query(sql);
  } finally {
    if (!opts.conn) conn.release();
  }
}`,
  ],
  [
    'a ternary on a parameter, released under `if (!tx)`',
    `async function run(sql, tx) {
  const c = tx ? tx : await pool.connect();
  try {
    return await c.query(sql);
  } finally {
    if (!tx) c.release();
  }
}`,
  ],
  [
    'a null check chooses, the same null check releases',
    `async function run(sql, tx) {
  const c = tx == null ? await pool.connect() : tx;
  try {
    return await c.query(sql);
  } finally {
    if (tx == null) c.release();
  }
}`,
  ],
  [
    'a field on `this`, released when the resource is not that field',
    `class Repo {
  async run(sql) {
    const c = this.client || (await pool.connect());
    try {
      return await c.query(sql);
    } finally {
      if (c !== this.client) c.release();
    }
  }
}`,
  ],
  [
    'a constant worked out from the guarded value',
    `async function run(sql, opts) {
  const owned = !opts.conn;
  const conn = opts.conn ?? (await pool.connect());
  try {
    return await conn.query(sql);
  } finally {
    if (owned) conn.release();
  }
}`,
  ],
  [
    'acquired in an `if` on the guarded value',
    `async function run(sql, opts) {
  let conn = opts.conn;
  if (!opts.conn) conn = await pool.connect();
  try {
    return await conn.query(sql);
  } finally {
    if (!opts.conn) conn.release();
  }
}`,
  ],
  [
    'a loop whose guarded value is declared in each iteration',
    `async function run(jobs) {
  for (const job of jobs) {
    const c = job.client ?? (await pool.connect());
    try {
      await c.query(job.sql);
    } finally {
      if (!job.client) c.release();
    }
  }
}`,
  ],
];

const leaking: readonly (readonly [string, string, string])[] = [
  [
    // The catch releases only what was given, so a failing query leaks the acquired one.
    'the catch tests the guard the wrong way round',
    `async function run(sql, given) {
  const client = given ?? (await pool.connect());
  try {
    await client.query(sql);
  } catch (error) {
    if (given) client.release();
    throw error;
  }
  if (!given) client.release();
}`,
    'client: throw@9',
  ],
  [
    // `other` says nothing about whether the client was acquired here.
    'the release is guarded by another value',
    `async function run(sql, given, other) {
  const client = given ?? (await pool.connect());
  try {
    return await client.query(sql);
  } finally {
    if (!other) client.release();
  }
}`,
    'client: return@6 throw@6',
  ],
  [
    // The guard is right, but the early return skips it.
    'the same shape returns early before the guarded release',
    `async function run(sql, given) {
  const client = given ?? (await pool.connect());
  const result = await client.query(sql);
  if (result.rowCount === 0) return null;
  if (!given) client.release();
  return result;
}`,
    'client: throw@5 return@6',
  ],
];

// The same through a same-class helper (`this.obtain()` returning `this.runner ?? acquire()`):
// its summary carries the field it was guarded by to the caller, on the same `this`. Each case
// prints the helper's own site (handed to the caller: ok) and then the caller's.
const settledThroughHelper: readonly (readonly [string, string, readonly string[]])[] = [
  [
    'a same-class helper returns the field or a fresh one; released when not the field',
    `class Builder {
  obtain() {
    return this.runner ?? pool.connect();
  }
  async execute(sql) {
    const c = await this.obtain();
    try {
      return await c.query(sql);
    } finally {
      if (c !== this.runner) c.release();
    }
  }
}`,
    ['pool.connect(): ok', 'c: ok'],
  ],
  [
    'a same-class helper; released in the `else` of `=== this.runner`',
    `class Builder {
  async obtain() {
    return this.runner || (await pool.connect());
  }
  async execute(sql) {
    const c = await this.obtain();
    try {
      return await c.query(sql);
    } finally {
      if (c === this.runner) {
        // given by the owner of the builder
      } else {
        c.release();
      }
    }
  }
}`,
    ['pool.connect(): ok', 'c: ok'],
  ],
  [
    'a helper inherited from a same-file superclass, released under `if (!this.runner)`',
    `class Base {
  obtain() {
    return this.runner ? this.runner : pool.connect();
  }
}
class Select extends Base {
  async count(sql) {
    const c = await this.obtain();
    try {
      return await c.query(sql);
    } finally {
      if (!this.runner) c.release();
    }
  }
}`,
    ['pool.connect(): ok', 'c: ok'],
  ],
  [
    'a helper calling a guarded helper',
    `class Builder {
  obtain() {
    return this.runner ?? pool.connect();
  }
  obtainForRead() {
    return this.obtain();
  }
  async execute(sql) {
    const c = await this.obtainForRead();
    try {
      return await c.query(sql);
    } finally {
      if (c !== this.runner) c.release();
    }
  }
}`,
    ['pool.connect(): ok', 'this.obtain(): ok', 'c: ok'],
  ],
];

const leakingThroughHelper: readonly (readonly [string, string, readonly string[]])[] = [
  [
    // The helper's choice is on its parameter, not on `this`: the caller cannot test it.
    'a same-class helper guarded by its parameter, released under a field test',
    `class Builder {
  obtain(given) {
    return given ?? pool.connect();
  }
  async execute(sql) {
    const c = await this.obtain(this.given);
    try {
      return await c.query(sql);
    } finally {
      if (c !== this.runner) c.release();
    }
  }
}`,
    ['pool.connect(): ok', 'c: return@10 throw@10'],
  ],
  [
    // The caller replaces the field before testing it: the test is about another value.
    'the caller writes the guarded field before the test',
    `class Builder {
  obtain() {
    return this.runner ?? pool.connect();
  }
  async execute(sql, next) {
    const c = await this.obtain();
    this.runner = next;
    try {
      return await c.query(sql);
    } finally {
      if (c !== this.runner) c.release();
    }
  }
}`,
    ['pool.connect(): ok', 'c: return@11 throw@11'],
  ],
  [
    // The guard is right, but the early return skips the release.
    'a same-class helper, early return before the guarded release',
    `class Builder {
  obtain() {
    return this.runner ?? pool.connect();
  }
  async execute(sql) {
    const c = await this.obtain();
    const result = await c.query(sql);
    if (result.rowCount === 0) return null;
    if (c !== this.runner) c.release();
    return result;
  }
}`,
    ['pool.connect(): ok', 'c: throw@9 return@10'],
  ],

];

describe('conditional ownership', () => {
  it.each(settled)('%s: settled on every path', (_name, code) => {
    expect(printLeaks(analyzeCode(header + code).reports)).toEqual([expect.stringMatching(/: ok$/)]);
  });

  it.each(leaking)('%s: reported', (_name, code, expected) => {
    expect(printLeaks(analyzeCode(header + code).reports)).toEqual([expected]);
  });
});

describe('conditional ownership through a same-class helper', () => {
  it.each(settledThroughHelper)('%s: settled on every path', (_name, code, expected) => {
    expect(printLeaks(analyzeCode(header + code).reports)).toEqual(expected);
  });

  it.each(leakingThroughHelper)('%s: reported', (_name, code, expected) => {
    expect(printLeaks(analyzeCode(header + code).reports)).toEqual(expected);
  });
});
