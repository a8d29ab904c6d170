// The analysis core on shapes that used to crash it, slow it down without bound, or skip
// syntax: long chains of same-file summaries, deep `finally` nesting, wrappers around the
// acquisition, JSX children, class static blocks and field initialisers.

import { describe, expect, it } from 'vitest';
import { analyzeCode, header, printLeaks } from './helpers.js';

/** `try { step } finally { … }` nested `depth` deep inside `finally` blocks. */
function nestedFinally(depth: number): string {
  let inner = `await c.query('last');`;
  for (let level = 0; level < depth; level++) {
    inner = `try { await c.query('step ${String(level)}'); } finally { ${inner} }`;
  }
  return `${header}export async function leaky() {\n  const c = await pool.connect();\n  ${inner}\n  c.release();\n}\n`;
}

/** `count` functions, each passing the connection on to the next under a condition. */
function releaserChain(count: number): string {
  const functions = Array.from({ length: count }, (_, index) =>
    index + 1 < count
      ? `function r${String(index)}(c) { if (c.x) return r${String(index + 1)}(c); c.release(); }`
      : `function r${String(index)}(c) { c.release(); }`,
  );
  return `${header}${functions.join('\n')}\nexport async function run() {\n  const c = await pool.connect();\n  r0(c);\n}\n`;
}

/** `count` functions calling each other in a ring before releasing. */
function mutualReleasers(count: number): string {
  const functions = Array.from(
    { length: count },
    (_, index) => `function m${String(index)}(c, k) { if (k > 0) return m${String((index + 1) % count)}(c, k - 1); c.release(); }`,
  );
  return `${header}${functions.join('\n')}\nexport async function run() {\n  const c = await pool.connect();\n  m0(c, 3);\n}\n`;
}

/** `count` acquirers, each returning the next one's connection; the last connects. */
function acquirerChain(count: number): string {
  const functions = Array.from({ length: count }, (_, index) =>
    index + 1 < count
      ? `function a${String(index)}() { return a${String(index + 1)}(); }`
      : `function a${String(index)}() { return pool.connect(); }`,
  );
  return `${header}${functions.join('\n')}\nexport async function run() {\n  const c = await a0();\n  await c.query('q');\n  c.release();\n}\n`;
}

describe('summaries are iterative, memoised and cycle-safe', () => {
  it('300 functions passing a connection on under a condition: a releaser chain, no stack overflow', () => {
    const { reports } = analyzeCode(releaserChain(300));
    expect(printLeaks(reports)).toEqual(['c: ok']);
  });

  it('300 mutually recursive releasers: the cycle reads as "not known to release", no stack overflow', () => {
    // m0 releases only through m1 … m299 and back to m0, whose summary is being worked
    // out: the ring is not proven to release, so passing the connection is a use (which
    // may throw) and the connection is still open at the end.
    const { reports } = analyzeCode(mutualReleasers(300));
    expect(printLeaks(reports)).toEqual(['c: throw@305 normal@306']);
  });

  it('a recursive acquirer is an acquirer; its caller owns what it returns', () => {
    const { reports } = analyzeCode(`${header}
async function get(k) {
  if (k > 0) return get(k - 1);
  return pool.connect();
}
export async function run() {
  const c = await get(3);
  await c.query('q');
  c.release();
}`);
    // `get` returns its connection (no leak there); the caller's query can throw past the release.
    expect(printLeaks(reports)).toEqual(['pool.connect(): ok', 'c: throw@10']);
  });

  it('300 acquirers returning each other: the caller owns the connection, no stack overflow', () => {
    const { reports } = analyzeCode(acquirerChain(300));
    expect(printLeaks(reports).at(-1)).toBe('c: throw@305');
  });
});

describe('finally nesting', () => {
  it.each([12, 24, 40])('a leak under try/finally nested %i deep in finally blocks is found, not given up on', (depth) => {
    const { reports, collector } = analyzeCode(nestedFinally(depth));
    expect(printLeaks(reports)).toEqual(['c: throw@5']);
    expect(collector.giveUps()).toEqual([]);
  });
});

describe('wrappers around the acquisition', () => {
  it.each([
    ['`satisfies` inside the await', `const c = await (pool.connect() satisfies Promise<pg.PoolClient>);`],
    ['`satisfies` outside the await', `const c = (await pool.connect()) satisfies pg.PoolClient;`],
    ['`as` and `!`', `const c = (await pool.connect()!) as pg.PoolClient;`],
  ])('%s: released in finally, no report', (_title, acquisition) => {
    const { reports } = analyzeCode(`${header}
export async function run(q: string) {
  ${acquisition}
  try {
    return await c.query(q);
  } finally {
    c.release();
  }
}`);
    expect(printLeaks(reports)).toEqual(['c: ok']);
  });
});

describe('syntax evaluated generically', () => {
  it('a JSX child that awaits a query is a throw point before the release', () => {
    const { reports } = analyzeCode(
      `${header}
export async function Row({ q }) {
  const c = await pool.connect();
  const row = <td className="x">{await c.query(q)}</td>;
  c.release();
  return row;
}`,
      {},
      true,
    );
    expect(printLeaks(reports)).toEqual(['c: throw@6']);
  });

  it('a JSX attribute is evaluated too', () => {
    const { reports } = analyzeCode(
      `${header}
export async function Row({ q }) {
  const c = await pool.connect();
  const row = <td title={await c.query(q)} />;
  c.release();
  return row;
}`,
      {},
      true,
    );
    expect(printLeaks(reports)).toEqual(['c: throw@6']);
  });

  it.each([
    ['a class static block runs where the class is defined', `class A { static { c.release(); } }`],
    ['a static field initialiser runs where the class is defined', `class A { static done = c.release(); }`],
    ['a class expression with a static block', `const A = class { static { c.release(); } };`],
  ])('%s: it releases', (_title, declaration) => {
    const { reports } = analyzeCode(`${header}
export async function run() {
  const c = await pool.connect();
  ${declaration}
  return A;
}`);
    expect(printLeaks(reports)).toEqual(['c: ok']);
  });

  it('an instance field initialiser runs only when the class is instantiated: not a release here', () => {
    const { reports } = analyzeCode(`${header}
export async function run() {
  const c = await pool.connect();
  class A { done = c.release(); }
  return A;
}`);
    expect(printLeaks(reports)).toEqual(['c: return@7']);
  });
});
