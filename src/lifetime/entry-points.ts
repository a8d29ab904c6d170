import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import {
  type FunctionLike,
  getCallSites,
  getEnclosingFunctionLike,
  getFunctionName,
  getFunctionVariable,
  isFunctionLike,
  resolveFunction,
} from '../util/functions.js';
import type { ScopeGetter } from '../util/imports.js';
import { getChainedLinks } from '../util/promises.js';
import { climbTransparentWrappers, skipTransparentWrappers } from '../util/wrappers.js';
import { getWriteReferences } from '../util/references.js';

/**
 * Entry points whose failure ends the process.
 *
 * A script's `async function run() { … }` started by a bare `run();` at the top of the
 * module has no one to hand its rejection to: since Node 15 an unhandled rejection
 * terminates the process, and the operating system closes every socket it held. A
 * connection that stays open only on a path where `run()` rejects is then not worth a
 * report. A connection left open when `run()` resolves still is: the open socket keeps
 * the event loop alive and the script hangs instead of exiting.
 *
 * The failure must reach the top of the process without being handled, which is decided
 * from the syntax of the one file:
 *
 * - the function is called only by name (not exported, not passed on, not reassigned),
 *   and every call is such a start;
 * - a start is a top-level statement `run();`, `void run();`, `await run();` (an ES module),
 *   optionally through `.then(f)` / `.finally(f)` links (they pass a rejection on), or an
 *   `await run()` / `return run()` in another function that is itself such an entry point,
 *   outside any `try` with a `catch` there (`main()` calling `await setup()`);
 * - a `.catch(h)` or `.then(f, h)` handles the rejection, and the process goes on living as
 *   long as something (the leaked connection) keeps it alive, so it is a start only when `h`
 *   ends the process itself (`process.exit(…)` or a rethrow before any `return`);
 * - a file that mentions `unhandledRejection`, `uncaughtException` or
 *   `setUncaughtExceptionCaptureCallback` may keep the process alive after the failure:
 *   there nothing is an entry point.
 *
 * A handler installed in another module (or `node --unhandled-rejections=warn`) cannot be
 * seen here; the `throwPathsInEntryPoints` option reports these paths as well.
 */

/** How a function's failure ends the process: the statement that starts it, and the functions it climbs through. */
export interface ProcessEnd {
  /** The top-level call (or the handler's `process.exit`) whose failure ends the process. */
  readonly start: TSESTree.Node;
  /** The entry functions the failure passes through, innermost first: `['setup', 'main']`. */
  readonly through: readonly string[];
}

/** How a failure leaves a function: thrown synchronously, or as the rejection of a returned promise. */
type Failure = 'throw' | 'rejection';

/** How deep `await inner()` inside `await outer()` is followed. */
const MAX_DEPTH = 6;

/** Names in a file that show a handler keeping the process alive after an unhandled failure. */
const processHandler = /\b(?:unhandledRejection|uncaughtException|setUncaughtExceptionCaptureCallback)\b/u;

/** The entry points of one file, memoised (see the module comment). */
export class EntryPoints {
  private readonly memo = new Map<string, ProcessEnd | null>();
  private readonly ids = new Map<TSESTree.Node, number>();
  private readonly handled: boolean;

  constructor(
    text: string,
    private readonly getScope: ScopeGetter,
  ) {
    this.handled = processHandler.test(text);
  }

  /**
   * How a failure of `fn` (a throw out of its body, or its rejection when it is async) ends
   * the process, or `null` when it may not: `fn` has other callers, a caller handles the
   * failure, or the file installs a process-level handler.
   */
  getProcessEnd(fn: FunctionLike): ProcessEnd | null {
    return this.handled ? null : this.ofFunction(fn, fn.async ? 'rejection' : 'throw', 0);
  }

  private ofFunction(fn: FunctionLike, failure: Failure, depth: number): ProcessEnd | null {
    if (fn.generator || depth > MAX_DEPTH) {
      return null;
    }
    const key = `${String(this.idOf(fn))}:${failure}`;
    if (this.memo.has(key)) {
      return this.memo.get(key) ?? null;
    }
    // A cycle (`run` awaiting itself) is not a start: settled as null while it is worked out.
    this.memo.set(key, null);
    const result = this.computeFunction(fn, failure, depth);
    this.memo.set(key, result);
    return result;
  }

  private computeFunction(fn: FunctionLike, failure: Failure, depth: number): ProcessEnd | null {
    const variable = getFunctionVariable(fn, this.getScope);
    const name = getFunctionName(fn);
    if (
      !variable ||
      name === null ||
      isExported(fn) ||
      getWriteReferences(variable).some((reference) => !reference.init)
    ) {
      return null;
    }
    const { calls, complete } = getCallSites(variable);
    if (!complete) {
      return null;
    }
    let first: ProcessEnd | null = null;
    for (const call of calls) {
      const end = failure === 'throw' ? this.ofThrowAt(call, depth) : this.ofRejectionOf(call, depth);
      if (!end) {
        return null;
      }
      first ??= end;
    }
    return first && { start: first.start, through: [name, ...first.through] };
  }

  /** Where a promise-valued `call` rejecting leads: through its links to a top-level statement, an `await` or a `return`. */
  private ofRejectionOf(call: TSESTree.CallExpression, depth: number): ProcessEnd | null {
    let node: TSESTree.Node = call;
    for (const link of getChainedLinks(call)) {
      if (link.onRejected) {
        return endsProcess(link.onRejected, this.getScope) ? { start: call, through: [] } : null;
      }
      node = link.call;
    }
    node = climbTransparentWrappers(node);
    let parent = node.parent;
    if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') {
      node = parent;
      parent = node.parent;
    }
    switch (parent?.type) {
      case AST_NODE_TYPES.AwaitExpression:
        return this.ofThrowAt(parent, depth);
      case AST_NODE_TYPES.ExpressionStatement:
        // Not awaited: nobody can handle the rejection. Only at the top level, though: a
        // floating call inside a function of a long-running program is a defect of its own,
        // and the program may install its process handlers in another module. A `try`
        // around it at the top level does not see the rejection.
        return getEnclosingFunctionLike(parent) === null ? { start: call, through: [] } : null;
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.ArrowFunctionExpression: {
        const outer = parent.type === AST_NODE_TYPES.ReturnStatement ? getEnclosingFunctionOrTry(parent) : parent;
        // `return run()` hands the rejection to the caller of the function it returns from.
        return outer && isFunctionLike(outer) ? this.ofFunction(outer, 'rejection', depth + 1) : null;
      }
      default:
        return null;
    }
  }

  /** Where an exception raised at `node` goes: up to a top-level statement, or out of an entry function. */
  private ofThrowAt(node: TSESTree.Node, depth: number): ProcessEnd | null {
    const outer = getEnclosingFunctionOrTry(node);
    if (outer === null) {
      return { start: node, through: [] };
    }
    if (!isFunctionLike(outer)) {
      // Inside a `try` with a `catch`: the failure may be handled and the process go on.
      return null;
    }
    return this.ofFunction(outer, outer.async ? 'rejection' : 'throw', depth + 1);
  }

  private idOf(node: TSESTree.Node): number {
    let id = this.ids.get(node);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(node, id);
    }
    return id;
  }
}

/**
 * What catches an exception raised at `node` first: the innermost enclosing function, or a
 * `try` whose block holds `node` and has a `catch`; `null` at the top level of the module.
 * A `try` with only a `finally` passes the exception on; so do `catch` and `finally` blocks.
 */
function getEnclosingFunctionOrTry(node: TSESTree.Node): FunctionLike | TSESTree.TryStatement | null {
  let child = node;
  let current = node.parent;
  while (current) {
    if (isFunctionLike(current)) {
      return current;
    }
    if (current.type === AST_NODE_TYPES.TryStatement && current.block === child && current.handler) {
      return current;
    }
    child = current;
    current = current.parent;
  }
  return null;
}

/** Whether `fn` is exported where it is declared (`export async function main`, `export const main = …`): other modules may call it. */
function isExported(fn: FunctionLike): boolean {
  const declaration = fn.parent.type === AST_NODE_TYPES.VariableDeclarator ? fn.parent.parent : fn;
  const parent = declaration.parent;
  return parent.type === AST_NODE_TYPES.ExportNamedDeclaration || parent.type === AST_NODE_TYPES.ExportDefaultDeclaration;
}

/** Whether `node` is `process.exit` (a member access, not a call). */
function isProcessExit(node: TSESTree.Node): boolean {
  const inner = skipTransparentWrappers(node);
  return (
    inner.type === AST_NODE_TYPES.MemberExpression &&
    !inner.computed &&
    inner.object.type === AST_NODE_TYPES.Identifier &&
    inner.object.name === 'process' &&
    inner.property.type === AST_NODE_TYPES.Identifier &&
    inner.property.name === 'exit'
  );
}

/** Whether a statement or expression ends the process or rethrows: `process.exit(1)`, `throw err`. */
function isEnding(node: TSESTree.Node): boolean {
  const inner = skipTransparentWrappers(node.type === AST_NODE_TYPES.ExpressionStatement ? node.expression : node);
  if (inner.type === AST_NODE_TYPES.ThrowStatement) {
    return true;
  }
  return inner.type === AST_NODE_TYPES.CallExpression && isProcessExit(inner.callee);
}

/** Whether a statement may `return` (outside nested functions) before a later one runs. */
function mayReturn(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.ReturnStatement) {
    return true;
  }
  if (isFunctionLike(node)) {
    return false;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || value === null || typeof value !== 'object') {
      continue;
    }
    const children: unknown[] = Array.isArray(value) ? value : [value];
    if (children.some((child) => isNode(child) && mayReturn(child))) {
      return true;
    }
  }
  return false;
}

function isNode(value: unknown): value is TSESTree.Node {
  return value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Whether a rejection handler ends the process on every path: `process.exit` itself, or a
 * function (in place or declared in the file) whose body reaches `process.exit(…)` or a
 * `throw` before anything that may return (`(e) => { console.error(e); process.exit(1); }`).
 * `console.error` and other handlers that only log let the process live on.
 */
function endsProcess(handler: TSESTree.Node, getScope: ScopeGetter): boolean {
  if (isProcessExit(handler)) {
    return true;
  }
  const fn = resolveFunction(handler, getScope);
  if (!fn) {
    return false;
  }
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return isEnding(fn.body);
  }
  for (const statement of fn.body.body) {
    if (isEnding(statement)) {
      return true;
    }
    if (mayReturn(statement)) {
      return false;
    }
  }
  return false;
}

/** JSON schema of the lifetime rules' `throwPathsInEntryPoints` option. */
export const throwPathsInEntryPointsSchema: JSONSchema4 = {
  type: 'boolean',
  description:
    'Also report resources that leak only when a script entry point (a function started by a top-level `main();` whose failure nobody handles) throws or rejects, which ends the process; by default only leaks on normal paths are reported there.',
};
