import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { FunctionLike } from '../util/functions.js';
import { searchNode } from '../util/walk.js';
import { skipAwaitAndWrappers } from '../util/wrappers.js';

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
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    const index = indexOf(fn.body);
    return index >= 0 && !isAssigned(fn, index) ? index : null;
  }
  const last = fn.body.body.at(-1);
  if (last?.type !== AST_NODE_TYPES.ReturnStatement && last?.type !== AST_NODE_TYPES.ThrowStatement) {
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
