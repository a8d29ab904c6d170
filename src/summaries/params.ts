import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { FunctionLike } from '../util/functions.js';
import { searchNode } from '../util/walk.js';
import { skipAwaitAndWrappers, skipTransparentWrappers } from '../util/wrappers.js';

// The "returns parameter i" summary: a pass-through (`withTimeout(client)`, `traced(conn)`)
// hands its caller back what it was given, so the caller's result holds the caller's resource.

/** Nodes read in one function's body before the summary gives up (unknown). */
const MAX_NODES = 2000;

/**
 * The index of the parameter `fn` gives back on every path that returns normally, or `null`:
 * an expression body that is the parameter (`(c) => c`), or a block whose every `return`
 * gives the parameter back (also `return await c`) and whose last statement is a `return`
 * or a `throw` (so no path falls off its end with `undefined`). The parameter must be a plain
 * name that is never assigned. Syntax only: any path the summary cannot read makes it `null`.
 */
export function getReturnedParameter(fn: FunctionLike): number | null {
  const names = fn.params.map((param) => (param.type === AST_NODE_TYPES.Identifier ? param.name : null));
  const indexOf = (node: TSESTree.Node | null | undefined): number => {
    const inner = node ? skipAwaitAndWrappers(node) : null;
    return inner?.type === AST_NODE_TYPES.Identifier ? names.indexOf(inner.name) : -1;
  };
  return getReturnedIndex(fn, indexOf, (body) => {
    const last = body.body.at(-1);
    return last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement;
  });
}

/**
 * The one parameter index (by `indexOf`) that every `return` of `fn`, or its expression body,
 * gives back; `null` when a `return` gives back anything else, when the block body may run
 * off its end (`endsAbruptly` cannot tell it does not), or when the parameter is assigned.
 */
function getReturnedIndex(
  fn: FunctionLike,
  indexOf: (node: TSESTree.Node | null | undefined) => number,
  endsAbruptly: (body: TSESTree.BlockStatement) => boolean,
): number | null {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    const index = indexOf(fn.body);
    return index >= 0 && !isAssigned(fn, index) ? index : null;
  }
  if (!endsAbruptly(fn.body)) {
    return null;
  }
  const seen: { index: number | null } = { index: null };
  const found = searchNode(
    fn.body,
    (node) => {
      if (node.type !== AST_NODE_TYPES.ReturnStatement) {
        return false;
      }
      const returned = indexOf(node.argument);
      if (returned < 0 || (seen.index !== null && seen.index !== returned)) {
        return true;
      }
      seen.index = returned;
      return false;
    },
    { limit: MAX_NODES },
  );
  if (found.node !== null || found.exhausted || seen.index === null) {
    return null;
  }
  return isAssigned(fn, seen.index) ? null : seen.index;
}

/** Whether the parameter at `index` is assigned anywhere in `fn` (also in nested functions). */
function isAssigned(fn: FunctionLike, index: number): boolean {
  const param = fn.params[index];
  const name = param?.type === AST_NODE_TYPES.Identifier ? param.name : null;
  const found = searchNode(
    fn.body,
    (node) =>
      (node.type === AST_NODE_TYPES.AssignmentExpression || node.type === AST_NODE_TYPES.UpdateExpression) &&
      (node.type === AST_NODE_TYPES.AssignmentExpression ? node.left : node.argument).type === AST_NODE_TYPES.Identifier &&
      ((node.type === AST_NODE_TYPES.AssignmentExpression ? node.left : node.argument) as TSESTree.Identifier).name === name,
    { limit: MAX_NODES, enterFunctions: true },
  );
  return found.node !== null || found.exhausted;
}

// The "returns what parameter i returns" summary: a wrapper that calls a callback and gives
// back its result (`withTlsHint(() => client.connect())`, `retry(() => pool.getConnection())`,
// `timed(async () => …)`), so its caller's result is what the callback returned.

/**
 * The index of the parameter whose call's result `fn` gives back on every path that returns
 * normally, or `null`: each `return` gives `p(…)` (also `await p(…)`) or a `const` declared
 * as one (`const r = await p(); log(); return r`) for the same parameter `p`, which is a plain
 * name never assigned; and no path falls off the end of the body (it ends in a `return` or
 * `throw`, a `try` whose block and handler both do, an endless loop with no `break`).
 * Syntax only: any path the summary cannot read makes it `null`.
 */
export function getCallbackResultParameter(fn: FunctionLike): number | null {
  const names = fn.params.map((param) => (param.type === AST_NODE_TYPES.Identifier ? param.name : null));
  const indexOf = (node: TSESTree.Node | null | undefined, depth = 0): number => {
    const inner = node ? skipAwaitAndWrappers(node) : null;
    if (inner?.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTransparentWrappers(inner.callee);
      return callee.type === AST_NODE_TYPES.Identifier ? names.indexOf(callee.name) : -1;
    }
    if (inner?.type === AST_NODE_TYPES.Identifier && depth === 0) {
      // `const result = await op(); …; return result`
      const init = getConstInit(fn, inner.name);
      return init ? indexOf(init, 1) : -1;
    }
    return -1;
  };
  // A callee found by name may be an overload signature or an abstract method: no body.
  const body = fn.body as TSESTree.Node | null;
  if (body === null) {
    return null;
  }
  return getReturnedIndex(fn, indexOf, completesAbruptly);
}

/** The initialiser of `const name = …` declared directly in `fn`'s body (not in a nested function). */
function getConstInit(fn: FunctionLike, name: string): TSESTree.Expression | null {
  const found = searchNode(
    fn.body,
    (node) =>
      node.type === AST_NODE_TYPES.VariableDeclaration &&
      node.kind === 'const' &&
      node.declarations.some((declarator) => declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === name),
    { limit: MAX_NODES },
  );
  const declaration = found.node?.type === AST_NODE_TYPES.VariableDeclaration ? found.node : null;
  const declarator = declaration?.declarations.find(
    (candidate) => candidate.id.type === AST_NODE_TYPES.Identifier && candidate.id.name === name,
  );
  return declarator?.init ?? null;
}

/**
 * Whether no path through `statement` completes normally: it returns or throws on every
 * path, or loops for ever (`for (;;)`, `while (true)`) with no `break` in it.
 */
function completesAbruptly(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement: {
      const last = statement.body.at(-1);
      return last !== undefined && completesAbruptly(last);
    }
    case AST_NODE_TYPES.IfStatement:
      return statement.alternate !== null && completesAbruptly(statement.consequent) && completesAbruptly(statement.alternate);
    case AST_NODE_TYPES.TryStatement:
      return (
        (statement.finalizer !== null && completesAbruptly(statement.finalizer)) ||
        (completesAbruptly(statement.block) && (statement.handler === null || completesAbruptly(statement.handler.body)))
      );
    case AST_NODE_TYPES.ForStatement:
      return statement.test === null && !hasBreak(statement.body);
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return statement.test.type === AST_NODE_TYPES.Literal && statement.test.value === true && !hasBreak(statement.body);
    default:
      return false;
  }
}

/** Whether a `break` (of any target) occurs in `body`, outside nested functions. */
function hasBreak(body: TSESTree.Statement): boolean {
  const found = searchNode(body, (node) => node.type === AST_NODE_TYPES.BreakStatement, { limit: MAX_NODES });
  return found.node !== null || found.exhausted;
}
