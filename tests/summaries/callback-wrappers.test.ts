import { RuleTester } from '@typescript-eslint/rule-tester';
import * as tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { describe, expect, it } from 'vitest';
import connectionRule from '../../rules/no-leaked-connection.js';
import { getCallbackResultParameter, getSettledParameters } from '../../src/summaries/params.js';
import { FIXTURES, PRODUCT_CODE_SETTINGS } from './helpers.js';

// A wrapper that calls its callback and gives back the callback's result
// (`withTlsHint(() => client.connect())`, `retry(() => pool.getConnection())`): its summary
// says "returns what argument k returns", and a call to it acquires what the callback
// acquires: the callback's returned resource, or the caller's client it connects. Linted as
// app/src/service.ts of the fixture tree; imported wrappers are in app/src/helpers/wrappers.ts.
const filename = `${FIXTURES}app/src/service.ts`;

/** Gives every node of `node` its `parent`, as ESLint's traversal does (summaries read them). */
function setParents(node: TSESTree.Node): void {
  for (const [key, value] of Object.entries(node)) {
    const children: unknown[] = key === 'parent' ? [] : Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (child !== null && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') {
        (child as { parent: TSESTree.Node }).parent = node;
        setParents(child as TSESTree.Node);
      }
    }
  }
}

/** The first function of `code`. */
function firstFunction(code: string): TSESTree.FunctionDeclaration | TSESTree.ArrowFunctionExpression {
  const program = tsParser.parse(code, { range: true });
  setParents(program);
  const [statement] = program.body;
  if (statement?.type === AST_NODE_TYPES.FunctionDeclaration) {
    return statement;
  }
  const init = statement?.type === AST_NODE_TYPES.VariableDeclaration ? statement.declarations[0].init : null;
  if (init?.type === AST_NODE_TYPES.ArrowFunctionExpression) {
    return init;
  }
  throw new Error('no function');
}

describe('getCallbackResultParameter', () => {
  it.each([
    ['an expression body', 'const w = (op) => op();', 0],
    ['an awaited result', 'async function w(x, op) { return await op(x); }', 1],
    ['a try whose catch rethrows', 'async function w(op) { try { return await op(); } catch (e) { throw hint(e); } }', 0],
    ['a retry loop ending in a throw', 'async function w(op, n) { let last; for (let i = 0; i < n; i++) { try { return await op(); } catch (e) { last = e; } } throw last; }', 0],
    ['a const returned later', 'async function w(op) { const t = Date.now(); const r = await op(); log(t); return r; }', 0],
    ['an endless loop without break', 'async function w(op) { for (;;) { try { return await op(); } catch { await sleep(); } } }', 0],
  ])('%s: the callback at that index', (_, code, expected) => {
    expect(getCallbackResultParameter(firstFunction(code))).toBe(expected);
  });

  it.each([
    ['a path that falls off the end', 'async function w(op) { try { return await op(); } catch (e) { log(e); } }'],
    ['another value returned on one path', 'async function w(op, c) { if (c) return c; return op(); }'],
    ['the callback called but not returned', 'async function w(op) { await op(); return true; }'],
    ['the parameter reassigned', 'async function w(op) { op = wrap(op); return op(); }'],
    ['two callbacks returned', 'function w(a, b, c) { if (c) { return a(); } else { return b(); } }'],
    ['a loop with a break', 'async function w(op) { while (true) { if (done) break; return op(); } }'],
  ])('%s: none', (_, code) => {
    expect(getCallbackResultParameter(firstFunction(code))).toBeNull();
  });
});

// The sibling summary of src/summaries/params.ts: a helper whose result is one of its
// arguments, or settles with one (\`abortable(signal, valueForAbort, promise)\`).
describe('getSettledParameters', () => {
  it.each([
    ['a parameter returned', 'const w = (p) => p;', [0]],
    ['one of two parameters', 'function w(s, v, p) { if (s.aborted) return v; return p; }', [1, 2]],
    [
      'a promise resolved with either',
      'function w(s, v, p) { const q = p; return new Promise((resolve, reject) => { s.on(\'abort\', () => resolve(v)); q.then((x) => resolve(x), (e) => reject(e)); }); }',
      [1, 2],
    ],
    ['a promise settled by then(resolve, reject)', 'function w(p, ms) { return new Promise((resolve, reject) => { setTimeout(reject, ms); p.then(resolve, reject); }); }', [0]],
  ])('%s: those indexes', (_, code, expected) => {
    expect(getSettledParameters(firstFunction(code))).toEqual(expected);
  });

  it.each([
    ['a path that falls off the end', 'function w(p) { if (p) return p; }'],
    ['another value returned', 'function w(p) { if (!p) return {}; return p; }'],
    ['resolved with another value', 'function w(p) { return new Promise((resolve) => { p.then(() => resolve(1)); }); }'],
    ['resolved with a rejection reason', 'function w(p) { return new Promise((resolve) => { p.then(null, (e) => resolve(e)); }); }'],
    ['resolve handed to an unknown function', 'function w(p) { return new Promise((resolve) => { register(resolve); resolve(p); }); }'],
    ['the parameter reassigned', 'function w(p) { p = wrap(p); return p; }'],
    ['a shadowing variable', 'function w(p) { return new Promise((resolve) => { const p = 1; resolve(p); }); }'],
  ])('%s: none', (_, code) => {
    expect(getSettledParameters(firstFunction(code))).toBeNull();
  });
});

const ruleTester = new RuleTester({
  settings: PRODUCT_CODE_SETTINGS,
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-leaked-connection: acquisitions inside a wrapper\'s callback', connectionRule, {
  valid: [
    // The connection the wrapper gives back is released in a `finally`.
    {
      filename,
      code: `import pg from 'pg';
const pool = new pg.Pool();
async function withHint<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    throw new Error(String(e));
  }
}
export async function run(q: string) {
  const client = await withHint(() => pool.connect());
  try {
    return await client.query(q);
  } finally {
    client.release();
  }
}`,
    },
    // The stand-alone client the wrapper connects is ended in a \`finally\`.
    {
      filename,
      code: `import pg from 'pg';
import { withRetry } from './helpers/wrappers.js';
export async function run(q: string) {
  const client = new pg.Client();
  await withRetry(() => client.connect());
  try {
    return await client.query(q);
  } finally {
    await client.end();
  }
}`,
    },
    // A wrapper that does not give back its callback's result hands out nothing: the
    // connection is lost inside the callback's promise, which is not this function's value.
    {
      filename,
      code: `import pg from 'pg';
import { quietly } from './helpers/wrappers.js';
const pool = new pg.Pool();
export async function run() {
  const done = await quietly(() => pool.connect());
  return done;
}`,
    },
    // A client the callback makes itself and returns: the wrapper's result, returned again.
    {
      filename,
      code: `import pg from 'pg';
import { timed } from './helpers/wrappers.js';
const pool = new pg.Pool();
export async function open() {
  return timed(() => pool.connect());
}`,
    },
    // A callee found by name may be an overload signature, which has no body to summarise
    // (typeorm's \`OrmUtils.uniq\`, here in another module): no summary.
    {
      filename,
      code: `import pg from 'pg';
import { Picks } from './helpers/wrappers.js';
const pool = new pg.Pool();
export async function run(ids: number[]) {
  const chosen = Picks.pick(ids, (id) => id > 0);
  const client = await pool.connect();
  try {
    return await client.query('select $1', [chosen]);
  } finally {
    client.release();
  }
}`,
    },
  ],
  invalid: [
    // A wrapper of the same class, called on \`this\`, gives back the pool's connection: the
    // failing query leaks it (malloy's \`withTlsHint(() => pool.connect())\`).
    {
      filename,
      code: `import pg from 'pg';
export class Db {
  pool = new pg.Pool();
  protected async withHint<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      throw new Error(String(e));
    }
  }
  async run(q: string) {
    const client = await this.withHint(() => this.pool.connect());
    await client.query(q);
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 12,
          data: { name: 'client', what: 'pool connection from `this.withHint()`', exit: 'if `client.query(…)` on line 13 throws' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `import pg from 'pg';
export class Db {
  pool = new pg.Pool();
  protected async withHint<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      throw new Error(String(e));
    }
  }
  async run(q: string) {
    const client = await this.withHint(() => this.pool.connect());
    try {
      await client.query(q);
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
    // An imported retry wrapper; the callback is a named function of this file.
    {
      filename,
      code: `import pg from 'pg';
import { withRetry } from './helpers/wrappers.js';
const pool = new pg.Pool();
const connect = () => pool.connect();
export async function run(q: string) {
  const client = await withRetry(connect);
  await client.query(q);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 6,
          data: { name: 'client', what: 'pool connection from `withRetry()`', release: 'client.release()' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `import pg from 'pg';
import { withRetry } from './helpers/wrappers.js';
const pool = new pg.Pool();
const connect = () => pool.connect();
export async function run(q: string) {
  const client = await withRetry(connect);
  try {
    await client.query(q);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // The caller's own client, connected inside the wrapper's callback (an async
    // \`this.getClient()\` made it): the failing setup leaks it.
    {
      filename,
      code: `import { Client } from 'pg';
import { timed } from './helpers/wrappers.js';
export class Runner {
  protected async getClient(): Promise<Client> {
    return new Client({});
  }
  async run(q: string) {
    const client = await this.getClient();
    await timed(() => client.connect());
    await client.query('SET TIME ZONE UTC');
    const result = await client.query(q);
    await client.end();
    return result;
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 9,
          data: { name: 'client', what: 'client connection from `client.connect()`', exit: 'if `client.query(…)` on line 10 throws' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await client.end()' },
              output: `import { Client } from 'pg';
import { timed } from './helpers/wrappers.js';
export class Runner {
  protected async getClient(): Promise<Client> {
    return new Client({});
  }
  async run(q: string) {
    const client = await this.getClient();
    await timed(() => client.connect());
    let result;
    try {
      await client.query('SET TIME ZONE UTC');
      result = await client.query(q);
    } finally {
      await client.end();
    }
    return result;
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
