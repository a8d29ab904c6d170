import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { FunctionNode } from '../flow/interpreter.js';
import { searchNode } from '../util/walk.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

type Variable = TSESLint.Scope.Variable;

// Promise executors: `new Promise((resolve, reject) => { … resolve(conn) … })` hands what it
// resolves with to the promise, and a function returning that promise gives it to its caller.

/**
 * Calls that hand one of `holders` to the promise whose executor is `fn`: `resolve(holder)`
 * with `resolve` the first parameter of `new Promise((resolve, reject) => …)`, written in the
 * executor or in a function nested in it (`const onConnect = () => resolve(conn)`, registered
 * with `conn.once('connect', onConnect)`).
 */
export function findPromiseResolutions(
  holders: readonly Variable[],
  fn: TSESTree.Node,
  resolve: (node: TSESTree.Node) => Variable | null,
): TSESTree.CallExpression[] {
  const first = getExecutorResolver(fn);
  const resolver = first ? resolve(first) : null;
  if (!resolver) {
    return [];
  }
  const calls: TSESTree.CallExpression[] = [];
  for (const holder of holders) {
    for (const reference of holder.references) {
      const call = reference.identifier.parent;
      if (
        call.type === AST_NODE_TYPES.CallExpression &&
        call.arguments[0] === reference.identifier &&
        call.callee.type === AST_NODE_TYPES.Identifier &&
        resolve(call.callee) === resolver &&
        !calls.includes(call)
      ) {
        calls.push(call);
      }
    }
  }
  return calls;
}

/** The `resolve` parameter of `fn` when `fn` is the executor of a global `new Promise(fn)`. */
function getExecutorResolver(fn: TSESTree.Node): TSESTree.Identifier | null {
  const parent = fn.parent;
  if (
    (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) ||
    parent?.type !== AST_NODE_TYPES.NewExpression ||
    parent.arguments[0] !== fn ||
    parent.callee.type !== AST_NODE_TYPES.Identifier ||
    parent.callee.name !== 'Promise'
  ) {
    return null;
  }
  const [first] = fn.params;
  return first?.type === AST_NODE_TYPES.Identifier ? first : null;
}

/** The executors of the `new Promise(…)` expressions `fn` returns (also awaited, or as an arrow's body). */
export function getReturnedExecutors(fn: FunctionNode): FunctionNode[] {
  const executors: FunctionNode[] = [];
  const add = (value: TSESTree.Node | null | undefined): void => {
    let inner = value ? skipTransparentWrappers(value) : null;
    if (inner?.type === AST_NODE_TYPES.AwaitExpression) {
      inner = skipTransparentWrappers(inner.argument);
    }
    const executor =
      inner?.type === AST_NODE_TYPES.NewExpression && inner.callee.type === AST_NODE_TYPES.Identifier && inner.callee.name === 'Promise'
        ? inner.arguments[0]
        : undefined;
    if (executor?.type === AST_NODE_TYPES.ArrowFunctionExpression || executor?.type === AST_NODE_TYPES.FunctionExpression) {
      executors.push(executor);
    }
  };
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    add(fn.body);
    return executors;
  }
  searchNode(
    fn.body,
    (node) => {
      if (node.type === AST_NODE_TYPES.ReturnStatement) {
        add(node.argument);
      }
      return false;
    },
    { limit: 2000 },
  );
  return executors;
}
