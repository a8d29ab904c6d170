import tsParser from '@typescript-eslint/parser';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';

// A resource through the promise combinators (`Promise.race`, `any`, `all`, `allSettled`)
// and through the promise an acquisition returns before it is awaited: the race's result
// may be the resource, a handler on the combined promise that runs either way covers each
// member, an `await` of the pending acquisition that rejects opened nothing, and a closure
// called where it is written releases as a named one does.

const plugin = { rules } as unknown as ESLint.Plugin;

function lint(body: string, filename = '/repo/src/service.ts'): string[] {
  const linter = new Linter({ configType: 'flat', cwd: '/repo' });
  const code = `import pg from 'pg';
const pool = new pg.Pool();
${body}`;
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { leakguard: plugin },
        rules: { 'leakguard/no-leaked-connection': 'error', 'leakguard/no-use-after-release': 'error' },
      },
    ],
    filename,
  );
  return messages.map((message) => `${String(message.line)}: ${message.message}`);
}

describe('a pending acquisition raced against a timeout', () => {
  // storage's pg-connection.test.ts: the queued connect wins the race and is released.
  const raced = `export async function f(waitForDrain: () => Promise<void>) {
  const queuedConnect = pool.connect();
  const queuedClient = await Promise.race([queuedConnect, waitForDrain().then(() => undefined)]);
  queuedClient?.release();
}`;

  it('the result of the race holds the connection: releasing it releases', () => {
    const found = lint(raced);
    expect(found).toHaveLength(1);
    // What remains is a real path: a rejected race (the timeout side) leaves the pending
    // connection to arrive with nobody to release it.
    expect(found[0]).toContain('not released if `Promise.race(…)` on line 5 throws');
    expect(found[0]).not.toContain('never released');
  });

  it('in a test file the throw path is not reported, so nothing is', () => {
    expect(lint(raced, '/repo/src/pool.test.ts')).toEqual([]);
  });

  it('Promise.any too', () => {
    expect(lint(raced.replace('Promise.race', 'Promise.any'))).toHaveLength(1);
    expect(lint(raced.replace('Promise.race', 'Promise.any'), '/repo/src/pool.test.ts')).toEqual([]);
  });

  it('a race whose result is never released is still reported', () => {
    const found = lint(`export async function f(wait: () => Promise<void>) {
  const queuedConnect = pool.connect();
  const queuedClient = await Promise.race([queuedConnect, wait()]);
  await wait();
}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('never released');
  });

  it('Promise.all is no race: its result is an array, not the connection', () => {
    const found = lint(`export async function f(wait: () => Promise<void>) {
  const queuedConnect = pool.connect();
  const both = await Promise.all([queuedConnect, wait()]);
  both.release();
}`);
    expect(found).toHaveLength(1);
  });

  it('a shadowing Promise is not the global one', () => {
    const found = lint(`const Promise = { race: (all: unknown[]) => all[1] };
export async function f(wait: () => Promise<void>) {
  const queuedConnect = pool.connect();
  const queuedClient = await Promise.race([queuedConnect, wait()]);
  queuedClient?.release();
}`);
    expect(found.some((message) => message.includes('never released'))).toBe(true);
  });
});

describe('awaiting the pending acquisition', () => {
  it('a rejected await of the promise the acquisition returned opened nothing', () => {
    expect(
      lint(`export async function f() {
  const pending = pool.connect();
  const client = await pending;
  try {
    await client.query('select 1');
  } finally {
    client.release();
  }
}`),
    ).toEqual([]);
  });

  it('a failing query after it still leaks', () => {
    const found = lint(`export async function f() {
  const pending = pool.connect();
  const client = await pending;
  await client.query('select 1');
  client.release();
}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('if `client.query(…)` on line 6 throws');
  });
});

describe('releases on a combined promise', () => {
  it.each([
    ['.finally() on a race', 'await Promise.race([c.query(sql), timeout()]).finally(() => c.release());'],
    ['.then(f, f) on a race', 'await Promise.race([c.query(sql), timeout()]).then(() => c.release(), () => c.release());'],
    ['.then(f) on allSettled, which never rejects', 'await Promise.allSettled([c.query(sql), timeout()]).then(() => c.release());'],
    ['.finally() inside the member', 'await Promise.race([c.query(sql).finally(() => c.release()), timeout()]);'],
    [
      'an async closure called in the race',
      'await Promise.race([(async () => { try { await c.query(sql); } finally { c.release(); } })(), timeout()]);',
    ],
    ['an async closure called at once', 'await (async () => { try { await c.query(sql); } finally { c.release(); } })();'],
  ])('%s releases', (_name, statement) => {
    expect(
      lint(`export async function f(sql: string, timeout: () => Promise<void>) {
  const c = await pool.connect();
  ${statement}
}`),
    ).toEqual([]);
  });

  it.each([
    // The race may be won by the timeout: the member's rejection then reaches no handler.
    ['.catch() on a race', 'await Promise.race([c.query(sql), timeout()]).catch(() => c.release());'],
    // Another member may reject first: `then` never runs.
    ['.then(f) on all', 'await Promise.all([c.query(sql), timeout()]).then(() => c.release());'],
  ])('%s does not cover a failing member', (_name, statement) => {
    const found = lint(`export async function f(sql: string, timeout: () => Promise<void>) {
  const c = await pool.connect();
  ${statement}
}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('if `c.query(…)` on line 5 throws');
  });
});
