import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { FileCollector } from '../../src/lifetime/analyze.js';
import { builtinModels } from '../../src/models/index.js';

/** Runs the lifetime analysis on `code` and prints each site with its leaks. */
function analyze(code: string): string[] {
  const { ast, scopeManager, visitorKeys } = parseForESLint(code, {
    range: true,
    loc: true,
    ecmaVersion: 'latest',
    sourceType: 'module',
  });
  const collector = new FileCollector({ models: builtinModels, kinds: new Set(['connection']), releasers: [] });
  const visit = (node: TSESTree.Node, parent: TSESTree.Node | undefined): void => {
    (node as { parent?: TSESTree.Node }).parent = parent;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      collector.onCall(node);
    } else if (node.type === AST_NODE_TYPES.NewExpression) {
      collector.onNew(node);
    }
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof (item as TSESTree.Node).type === 'string') {
          visit(item as TSESTree.Node, node);
        }
      }
    }
  };
  visit(ast, undefined);
  const text = (node: TSESTree.Node): string => code.slice(node.range[0], node.range[1]);
  return collector
    .analyze(scopeManager, text)
    .map(
      ({ site, leaks }) =>
        `${site.name} (${site.what}): ${
          leaks.length === 0 ? 'ok' : leaks.map((leak) => `${leak.kind}@${String((leak.kind === 'normal' ? leak.at.loc.end : leak.at.loc.start).line)}`).join(' ')
        }`,
    );
}

const header = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;

describe('lifetime analysis', () => {
  it.each([
    [
      'the incident: a throw from the query and the early return in the row loop both leak',
      `async function f(sql) {
        const client = await pool.connect();
        const res = await client.query(sql);
        for (const row of res.rows) {
          if (row.sum === null) return 0;
        }
        client.release();
      }`,
      ['client (pool connection from `pool.connect()`): throw@5 return@7'],
    ],
    [
      'release in finally covers every path',
      `async function f(sql) {
        const client = await pool.connect();
        try { return await client.query(sql); } finally { client.release(); }
      }`,
      ['client (pool connection from `pool.connect()`): ok'],
    ],
    [
      'the nullish side of a failed acquisition is not open',
      `async function f(sql) {
        let client;
        try { client = await pool.connect(); await client.query(sql); } finally { if (client) client.release(); }
      }`,
      ['client (pool connection from `pool.connect()`): ok'],
    ],
    [
      'per-iteration acquisition leaks on continue and at the end of the loop body',
      `async function f(xs) {
        for (const x of xs) {
          const c = await pool.connect();
          if (x) continue;
          await c.query(x);
        }
      }`,
      ['c (pool connection from `pool.connect()`): continue@6 throw@7 normal@8'],
    ],
    [
      'overwriting the only reference leaks the first connection',
      `async function f() {
        let c = await pool.connect();
        c = null;
      }`,
      ['c (pool connection from `pool.connect()`): overwritten@5'],
    ],
    [
      'a discarded acquisition leaks at once',
      `async function f() { await pool.connect(); }`,
      ['pool.connect() (pool connection from `pool.connect()`): discarded@3'],
    ],
    [
      'a same-file acquirer makes its caller the owner',
      `async function open() { const c = await pool.connect(); return c; }
      async function use() { const c = await open(); await c.query('x'); c.release(); }`,
      [
        'c (pool connection from `pool.connect()`): ok',
        'c (pool connection from `open()`): throw@4',
      ],
    ],
    [
      'a same-file releaser takes ownership; an unknown helper does not',
      `function done(c) { c.release(); }
      async function a() { const c = await pool.connect(); try { await c.query('x'); } finally { done(c); } }
      async function b(helper) { const c = await pool.connect(); await helper(c); }`,
      [
        'c (pool connection from `pool.connect()`): ok',
        // helper(c) may throw, and if it does not, c falls off the end of b.
        'c (pool connection from `pool.connect()`): throw@5 normal@5',
      ],
    ],
  ])('%s', (_name, body, expected) => {
    expect(analyze(header + body)).toEqual(expected);
  });

  it('does not treat look-alikes as pools', () => {
    expect(
      analyze(`async function f(socket, items) { await socket.connect(); items.find((x) => x); await api.connect(); }`),
    ).toEqual([]);
  });
});
