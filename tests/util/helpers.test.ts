// The shared helpers on their own: names resolved to imports and declarations by scope
// analysis, same-file functions, promise chains, the bounded search, a variable's writes and
// nodes within a range.

import { parseForESLint } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { getCallSites, getFunctionName, resolveFunction } from '../../src/util/functions.js';
import {
  collectImportedSources,
  getAliasOrigin,
  getImportBinding,
  getSingleInit,
  resolveVariable,
} from '../../src/util/imports.js';
import { getChainedLinks, getChainSource, getRejectionLink } from '../../src/util/promises.js';
import { hasNodeWithin } from '../../src/util/ranges.js';
import { getWriteReferences } from '../../src/util/references.js';
import { searchNode } from '../../src/util/walk.js';
import { climbTransparentWrappers, skipAwaitAndWrappers, skipTransparentWrappers } from '../../src/util/wrappers.js';

interface Parsed {
  program: TSESTree.Program;
  getScope: (node: TSESTree.Node) => TSESLint.Scope.Scope;
  /** Every identifier named `name`, in source order. */
  ids: (name: string) => TSESTree.Identifier[];
  all: TSESTree.Node[];
}

function parse(code: string): Parsed {
  const result = parseForESLint(code, { range: true, loc: true, sourceType: 'module', ecmaVersion: 'latest' });
  const program = result.ast as TSESTree.Program;
  const all: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): void => {
    all.push(node);
    for (const key of result.visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child !== null && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') {
          (child as { parent?: TSESTree.Node }).parent = node;
          visit(child as TSESTree.Node);
        }
      }
    }
  };
  visit(program);
  const { scopeManager } = result;
  const getScope = (node: TSESTree.Node): TSESLint.Scope.Scope => {
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      const scope = scopeManager.acquire(current, true);
      if (scope) {
        return scope;
      }
    }
    return scopeManager.globalScope as never;
  };
  const ids = (name: string): TSESTree.Identifier[] =>
    all.filter((node): node is TSESTree.Identifier => node.type === AST_NODE_TYPES.Identifier && node.name === name);
  return { program, getScope, ids, all };
}

function lastUse(parsed: Parsed, name: string): TSESTree.Identifier {
  const found = parsed.ids(name).at(-1);
  if (!found) {
    throw new Error(`no ${name}`);
  }
  return found;
}

describe('getImportBinding', () => {
  it.each([
    ["import rateLimit from 'express-rate-limit'; rateLimit;", 'rateLimit', { source: 'express-rate-limit', imported: 'default' }],
    ["import { Ratelimit as RL } from '@upstash/ratelimit'; RL;", 'RL', { source: '@upstash/ratelimit', imported: 'Ratelimit' }],
    ["import * as flex from 'rate-limiter-flexible'; flex;", 'flex', { source: 'rate-limiter-flexible', imported: '*' }],
    ["const pg = require('pg'); pg;", 'pg', { source: 'pg', imported: '*' }],
    ["const { RateLimiterRedis: R = X } = require('rate-limiter-flexible'); R;", 'R', { source: 'rate-limiter-flexible', imported: 'RateLimiterRedis' }],
    ["const Pool = require('pg').Pool; Pool;", 'Pool', { source: 'pg', imported: 'Pool' }],
    ["async function f() { const m = await import('limiter'); m; }", 'm', { source: 'limiter', imported: '*' }],
  ])('%s', (code, name, expected) => {
    const parsed = parse(code);
    expect(getImportBinding(resolveVariable(lastUse(parsed, name), parsed.getScope))).toEqual(expected);
  });

  it('is null for a local value and an undeclared global', () => {
    const parsed = parse('const a = make(); a; b;');
    expect(getImportBinding(resolveVariable(lastUse(parsed, 'a'), parsed.getScope))).toBeNull();
    expect(getImportBinding(resolveVariable(lastUse(parsed, 'b'), parsed.getScope))).toBeNull();
  });

  it('lists the sources a module imports at its top level', () => {
    const parsed = parse(
      "import x from 'hono'; import 'side-effect'; import type { T } from 'types-only'; import { type U } from 'also-types'; const y = require('koa'); function f() { const z = require('pg'); }",
    );
    expect([...collectImportedSources(parsed.program)].sort()).toEqual(['hono', 'koa']);
  });
});

describe('getSingleInit and getAliasOrigin', () => {
  it('follows plain copies to the original, through wrappers', () => {
    const parsed = parse('function h(req, res) { const r = res; const s = r as any; s; }');
    const origin = getAliasOrigin(resolveVariable(lastUse(parsed, 's'), parsed.getScope) as TSESLint.Scope.Variable, parsed.getScope);
    expect(origin.name).toBe('res');
  });

  it('stops at a variable written twice, and is cycle-safe', () => {
    const parsed = parse('function h(res) { let r = res; r = other; r; var a = b; var b = a; a; }');
    const r = resolveVariable(lastUse(parsed, 'r'), parsed.getScope) as TSESLint.Scope.Variable;
    expect(getSingleInit(r)).toBeNull();
    expect(getAliasOrigin(r, parsed.getScope).name).toBe('r');
    const a = resolveVariable(lastUse(parsed, 'a'), parsed.getScope) as TSESLint.Scope.Variable;
    expect(['a', 'b']).toContain(getAliasOrigin(a, parsed.getScope).name);
  });
});

describe('same-file functions', () => {
  it('resolves declarations, const-bound functions and copies of them', () => {
    const parsed = parse('function a() {} const b = async () => {}; const c = b; a; b; c;');
    expect(getFunctionName(resolveFunction(lastUse(parsed, 'a'), parsed.getScope) as never)).toBe('a');
    expect(getFunctionName(resolveFunction(lastUse(parsed, 'c'), parsed.getScope) as never)).toBe('b');
    expect(resolveFunction(parsed.ids('b')[0] as TSESTree.Node, parsed.getScope)).not.toBeNull();
  });

  it('lists call sites and says when some use is not a call', () => {
    const parsed = parse('function send(res) {} send(a); send!(b); function other() {} other(); use(other);');
    const send = resolveVariable(lastUse(parsed, 'send'), parsed.getScope);
    expect(getCallSites(send)).toMatchObject({ complete: true });
    expect(getCallSites(send).calls).toHaveLength(2);
    const other = resolveVariable(lastUse(parsed, 'other'), parsed.getScope);
    expect(getCallSites(other).complete).toBe(false);
  });
});

describe('promise chains', () => {
  it('reads the links of a chain and its source', () => {
    const parsed = parse('limiter.consume(ip).then(ok, bad).catch(fail).finally(done);');
    const consume = parsed.all.find(
      (node): node is TSESTree.CallExpression =>
        node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression &&
        node.callee.property.type === AST_NODE_TYPES.Identifier && node.callee.property.name === 'consume',
    ) as TSESTree.CallExpression;
    const links = getChainedLinks(consume);
    expect(links.map((link) => link.method)).toEqual(['then', 'catch', 'finally']);
    expect(getChainSource(links[2]?.call as TSESTree.CallExpression)).toBe(consume);
    expect(getRejectionLink(lastUse(parsed, 'bad'))?.method).toBe('then');
    expect(getRejectionLink(lastUse(parsed, 'fail'))?.method).toBe('catch');
    expect(getRejectionLink(lastUse(parsed, 'ok'))).toBeNull();
    expect(getRejectionLink(lastUse(parsed, 'done'))).toBeNull();
  });
});

describe('searchNode', () => {
  it('finds in source order, skips nested functions unless asked', () => {
    const parsed = parse('function f() { a; (() => b)(); b; }');
    const fn = parsed.program.body[0] as TSESTree.Node;
    const isB = (node: TSESTree.Node): boolean => node.type === AST_NODE_TYPES.Identifier && node.name === 'b';
    const found = searchNode(fn, isB);
    expect(found.node).toBe(parsed.ids('b')[1]);
    expect(searchNode(fn, isB, { enterFunctions: true }).node).toBe(parsed.ids('b')[0]);
  });

  it('says when its budget ran out instead of answering "absent"', () => {
    const parsed = parse(`function f() { ${'x;'.repeat(100)} y; }`);
    const isY = (node: TSESTree.Node): boolean => node.type === AST_NODE_TYPES.Identifier && node.name === 'y';
    expect(searchNode(parsed.program, isY, { limit: 20 })).toEqual({ node: null, exhausted: true });
    expect(searchNode(parsed.program, isY).exhausted).toBe(false);
  });

  it('walks deep nesting without recursion', () => {
    // Built by hand: the parser itself overflows on input this deep.
    let node = { type: AST_NODE_TYPES.Identifier, name: 'x' } as unknown as TSESTree.Node;
    for (let depth = 0; depth < 100_000; depth++) {
      node = { type: AST_NODE_TYPES.UnaryExpression, operator: '!', prefix: true, argument: node } as unknown as TSESTree.Node;
    }
    const isX = (candidate: TSESTree.Node): boolean => candidate.type === AST_NODE_TYPES.Identifier;
    expect(searchNode(node, isX, { limit: 200_000 }).node).toMatchObject({ name: 'x' });
  });
});

describe('transparent wrappers', () => {
  // One set of wrappers for every layer: `!`, `as`, `<T>`, `satisfies`, `f<T>`, `?.`.
  const wrapped = [
    'const a = await (pool.connect() satisfies Promise<C>);',
    'const a = (await pool.connect()) as C;',
    'const a = await (pool.connect() as Promise<C>)!;',
    'const a = await await (pool?.connect());',
    'const a = pool.connect();',
  ];

  it.each(wrapped)('skipAwaitAndWrappers finds the call in %s', (code) => {
    const parsed = parse(code);
    const declarator = (parsed.program.body[0] as TSESTree.VariableDeclaration).declarations[0];
    const inner = skipAwaitAndWrappers(declarator.init as TSESTree.Node);
    expect(inner.type).toBe(AST_NODE_TYPES.CallExpression);
    expect(inner.range).toEqual(parsed.all.find((node) => node.type === AST_NODE_TYPES.CallExpression)?.range);
  });

  it('skipTransparentWrappers stops at an await; climbTransparentWrappers climbs to the outermost wrapper', () => {
    const parsed = parse('const a = ((pool.connect() satisfies P) as Q)!; const b = await (pool.connect() satisfies P);');
    const [first, second] = parsed.all.filter((node): node is TSESTree.CallExpression => node.type === AST_NODE_TYPES.CallExpression);
    const declarators = parsed.all.filter((node): node is TSESTree.VariableDeclarator => node.type === AST_NODE_TYPES.VariableDeclarator);
    expect(climbTransparentWrappers(first as TSESTree.Node)).toBe(declarators[0]?.init);
    expect(skipTransparentWrappers(declarators[0]?.init as TSESTree.Node)).toBe(first);
    expect(skipTransparentWrappers(declarators[1]?.init as TSESTree.Node).type).toBe(AST_NODE_TYPES.AwaitExpression);
    expect(climbTransparentWrappers(second as TSESTree.Node).parent?.type).toBe(AST_NODE_TYPES.AwaitExpression);
  });
});

describe('getWriteReferences', () => {
  it('lists the writes of a variable in source order, once per variable', () => {
    const parsed = parse('let x = 1; x; x = 2; f(x); x++; [x] = [3]; x;');
    const variable = resolveVariable(lastUse(parsed, 'x'), parsed.getScope);
    if (!variable) {
      throw new Error('no variable');
    }
    const writes = getWriteReferences(variable);
    expect(writes.map((reference) => reference.identifier.range[0])).toEqual(
      parsed.ids('x').filter((_, index) => [0, 2, 4, 5].includes(index)).map((id) => id.range[0]),
    );
    expect(writes.map((reference) => reference.init === true)).toEqual([true, false, false, false]);
    // The same list for every question about the variable: a variable used n times is read once.
    expect(getWriteReferences(variable)).toBe(writes);
  });
});

describe('hasNodeWithin', () => {
  it('finds a node of the list inside a range, in any order of the list', () => {
    const parsed = parse('if (a) { f(1); } else { g(2); } h(3);');
    const calls = parsed.all.filter((node) => node.type === AST_NODE_TYPES.CallExpression);
    const [ifStatement] = parsed.program.body as [TSESTree.IfStatement];
    const [f, g, h] = calls as [TSESTree.Node, TSESTree.Node, TSESTree.Node];
    expect(hasNodeWithin([h, f], ifStatement.consequent)).toBe(true);
    expect(hasNodeWithin([h, f], ifStatement.alternate as TSESTree.Node)).toBe(false);
    expect(hasNodeWithin([h, g], ifStatement.alternate as TSESTree.Node)).toBe(true);
    expect(hasNodeWithin([h], ifStatement)).toBe(false);
    expect(hasNodeWithin([], ifStatement)).toBe(false);
    // A node that holds the range is not within it.
    expect(hasNodeWithin([ifStatement], ifStatement.consequent)).toBe(false);
  });
});
