import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { FileCollector } from '../../src/lifetime/analyze.js';
import { ImportedFunctions } from '../../src/lifetime/imported.js';
import { builtinModels } from '../../src/models/index.js';
import { type CallLike, callCannotThrow, cannotThrow, classCannotThrow, THROW_SUMMARY_LIMITS } from '../../src/summaries/throws.js';
import { getFunctionName, isFunctionLike } from '../../src/util/functions.js';
import { lookupFor, parseFixture } from './helpers.js';

// The "cannot throw" summary (issue: summaries, item 1), read with the callees the other
// summaries find. The throw model here: `Date.now()` and `console.*` cannot throw, all else may.
function mayThrow(call: CallLike): boolean {
  const callee = call.type === AST_NODE_TYPES.TaggedTemplateExpression ? call.tag : call.callee;
  const text =
    callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && callee.property.type === AST_NODE_TYPES.Identifier
      ? `${callee.object.name}.${callee.property.name}`
      : '';
  return !(text === 'Date.now' || text.startsWith('console.'));
}

const options = { models: builtinModels, kinds: new Set(['connection'] as const), releasers: [] };

function feed(collector: FileCollector, root: TSESTree.Node, keys: Record<string, readonly string[] | undefined>): void {
  const visit = (node: TSESTree.Node, parent: TSESTree.Node | undefined): void => {
    (node as { parent?: TSESTree.Node }).parent = parent;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      collector.onCall(node);
    } else if (node.type === AST_NODE_TYPES.NewExpression) {
      collector.onNew(node);
    }
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof (item as TSESTree.Node).type === 'string') {
          visit(item as TSESTree.Node, node);
        }
      }
    }
  };
  visit(root, undefined);
}

/** Every named function (declarations, methods, properties) of `code` and whether it cannot throw. */
function summarise(code: string): Record<string, boolean> {
  const { ast, scopeManager, visitorKeys } = parseForESLint(code, { range: true, loc: true, ecmaVersion: 'latest', sourceType: 'module' });
  const collector = new FileCollector(options);
  feed(collector, ast, visitorKeys);
  const analysis = collector.createAnalysis(scopeManager, (node) => code.slice(node.range[0], node.range[1]), null);
  const host = analysis.throwHost(mayThrow);
  const out: Record<string, boolean> = {};
  const walk = (node: TSESTree.Node): void => {
    if (isFunctionLike(node)) {
      const name =
        getFunctionName(node) ??
        (node.parent.type === AST_NODE_TYPES.MethodDefinition || node.parent.type === AST_NODE_TYPES.Property
          ? code.slice(node.parent.key.range[0], node.parent.key.range[1])
          : null);
      if (name !== null) {
        out[name] = cannotThrow(node, host);
      }
    }
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof (item as TSESTree.Node).type === 'string') {
          walk(item as TSESTree.Node);
        }
      }
    }
  };
  walk(ast);
  return out;
}

/** Every named class of `code` and whether constructing it cannot throw. */
function summariseClasses(code: string): Record<string, boolean> {
  const { ast, scopeManager, visitorKeys } = parseForESLint(code, { range: true, loc: true, ecmaVersion: 'latest', sourceType: 'module' });
  const collector = new FileCollector(options);
  feed(collector, ast, visitorKeys);
  const analysis = collector.createAnalysis(scopeManager, (node) => code.slice(node.range[0], node.range[1]), null);
  const host = analysis.throwHost(mayThrow);
  const out: Record<string, boolean> = {};
  for (const statement of ast.body) {
    if (statement.type === AST_NODE_TYPES.ClassDeclaration) {
      out[statement.id.name] = classCannotThrow(statement, host);
    }
  }
  return out;
}

describe('cannot throw', () => {
  it('is a function with no throwing operation on any path, through the callees it reads', () => {
    expect(
      summarise(`
function now() { return Date.now(); }
function log(x) { console.log(x, now()); }
function risky(x) { return JSON.parse(x); }
function viaRisky(x) { log(x); return risky(x); }
function thrower(x) { if (!x) throw new Error('no'); return x; }
function empty() {}
const arrow = (x) => x + 1;
function makesClosure() { return () => JSON.parse('x'); }
function awaitsPlain() { return Date.now(); }
async function awaitsSafe() { await awaitsPlain(); }
async function awaitsUnknown(p) { await p; }
function callsNew() { return new Map(); }
`),
    ).toEqual({
      now: true,
      log: true,
      risky: false,
      viaRisky: false,
      thrower: false,
      empty: true,
      arrow: true,
      makesClosure: true,
      awaitsPlain: true,
      awaitsSafe: true,
      awaitsUnknown: false,
      callsNew: false,
    });
  });

  it('does not count what a try with a catch catches, but counts the catch and finally', () => {
    expect(
      summarise(`
function swallow(x) { try { return JSON.parse(x); } catch { return null; } }
function rethrow(x) { try { return JSON.parse(x); } catch (e) { throw e; } }
function onlyFinally(x) { try { return JSON.parse(x); } finally { console.log('done'); } }
function failingFinally(x) { try { return 1; } catch { return 2; } finally { JSON.parse(x); } }
`),
    ).toEqual({ swallow: true, rethrow: false, onlyFinally: false, failingFinally: false });
  });

  it('reads class methods through this and super, and object-literal methods', () => {
    expect(
      summarise(`
class Base { stamp() { return Date.now(); } }
class Clock extends Base {
  tick() { return this.stamp(); }
  tock() { return super.stamp(); }
  fail() { return this.missing(); }
}
const util = {
  mark() { return Date.now(); },
  twice() { return this.mark() + util.mark(); },
};
`),
    ).toMatchObject({ stamp: true, tick: true, tock: true, fail: false, mark: true, twice: true });
  });

  it('answers "may throw" for recursion and mutual recursion', () => {
    expect(
      summarise(`
function down(n) { return n > 0 ? down(n - 1) : 0; }
function ping(n) { return n > 0 ? pong(n - 1) : 0; }
function pong(n) { return n > 0 ? ping(n - 1) : 0; }
`),
    ).toEqual({ down: false, ping: false, pong: false });
  });

  it('answers "may throw" past the depth bound', () => {
    const chain = Array.from({ length: THROW_SUMMARY_LIMITS.maxDepth + 2 }, (_, index) =>
      index === THROW_SUMMARY_LIMITS.maxDepth + 1 ? `function f${String(index)}() { return Date.now(); }` : `function f${String(index)}() { return f${String(index + 1)}(); }`,
    ).join('\n');
    const result = summarise(chain);
    expect(result.f0).toBe(false);
    expect(result[`f${String(THROW_SUMMARY_LIMITS.maxDepth)}`]).toBe(true);
  });

  it('reads functions in other modules, also re-exported under another name', () => {
    const module = parseFixture('app/src/throwing/caller.ts');
    const imported = new ImportedFunctions(lookupFor('app/src/throwing/caller.ts'), options);
    const collector = new FileCollector({ ...options, imported });
    for (const call of module.calls) {
      if (call.type === AST_NODE_TYPES.CallExpression) {
        collector.onCall(call);
      } else {
        collector.onNew(call);
      }
    }
    const analysis = collector.createAnalysis(module.scopeManager, (node) => module.text.slice(node.range[0], node.range[1]), null);
    const host = analysis.throwHost(mayThrow);
    const calls = new Map(
      module.calls.flatMap((call) =>
        call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.Identifier ? [[call.callee.name, call] as const] : [],
      ),
    );
    const answer = (name: string): boolean => {
      const call = calls.get(name);
      if (!call) {
        throw new Error(`no call to ${name}`);
      }
      return callCannotThrow(call, host);
    };
    expect({ label: answer('label'), parse: answer('parse'), safeParse: answer('safeParse') }).toEqual({
      label: true,
      parse: false,
      safeParse: true,
    });
  });

  it('reads classes: constructor, instance fields and superclass; not decorators or setters', () => {
    expect(
      summariseClasses(`
class Point { x = 0; constructor(x, y) { this.x = x; this.y = y; console.log('point'); } }
class Empty {}
class Point3 extends Point { constructor(x, y, z) { super(x, y); this.z = z; } }
class Inherits extends Point {}
class BadSuperArgument extends Point { constructor(text) { super(JSON.parse(text), 0); } }
class Unknown extends Base {}
class Validating { constructor(x) { if (!x) throw new Error('x'); this.x = x; } }
class ParsedField { data = JSON.parse('{}'); }
class StaticField { static data = JSON.parse('{}'); onDone = () => JSON.parse('x'); }
class Setter { constructor(v) { this.v = v; } set v(value) { this.raw = value; } }
@sealed class Decorated {}
class Cyclic extends Cyclic {}
`),
    ).toEqual({
      Point: true,
      Empty: true,
      Point3: true,
      Inherits: true,
      BadSuperArgument: false,
      Unknown: false,
      Validating: false,
      ParsedField: false,
      StaticField: true,
      Setter: false,
      Decorated: false,
      Cyclic: false,
    });
  });
});
