import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { climbTransparentWrappers, isTransparentWrapper } from '../util/wrappers.js';

type Variable = TSESLint.Scope.Variable;

// Syntax questions the lifetime domain asks as a path moves: where a variable is last
// referenced (so a path can stop following a released resource), whether an assignment
// stores the acquired value, whether a value is handed to a call, where a scope ends.

const lastReferences = new WeakMap<Variable, number>();

/** Where the last reference to `variable` in the file starts. */
export function getLastReference(variable: Variable): number {
  let last = lastReferences.get(variable);
  if (last === undefined) {
    last = -1;
    for (const reference of variable.references) {
      last = Math.max(last, reference.identifier.range[0]);
    }
    lastReferences.set(variable, last);
  }
  return last;
}

/** Whether `assignment` stores `value` (through `await`, `?:`, `??` and type wrappers). */
export function isBindingOf(assignment: TSESTree.Node, value: TSESTree.Node): boolean {
  let current: TSESTree.Node = value;
  while (current !== assignment) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (
      parent !== undefined &&
      (parent.type === AST_NODE_TYPES.AssignmentExpression ||
        parent.type === AST_NODE_TYPES.AwaitExpression ||
        parent.type === AST_NODE_TYPES.ConditionalExpression ||
        parent.type === AST_NODE_TYPES.LogicalExpression ||
        isTransparentWrapper(parent))
    ) {
      current = parent;
    } else {
      return false;
    }
  }
  return true;
}

/** Whether `node` is passed straight to a function call (not to `new`). */
export function isCallArgument(node: TSESTree.Node): boolean {
  const current = climbTransparentWrappers(node);
  const parent = current.parent;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current as TSESTree.CallExpressionArgument);
}

/** Where a path falls off the end of `scope`: its closing brace, for messages. */
export function endOf(scope: TSESTree.Node): TSESTree.Node {
  if (
    (scope.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      scope.type === AST_NODE_TYPES.FunctionDeclaration ||
      scope.type === AST_NODE_TYPES.FunctionExpression) &&
    scope.body.type === AST_NODE_TYPES.BlockStatement
  ) {
    return scope.body;
  }
  return scope;
}

/**
 * Whether `node` runs in a `finally` block, not in a `catch` clause, nearest first: a path
 * that reaches it while an exception is on its way out entered the `finally` by that throw
 * (one that reaches a `catch` body has been caught there).
 */
export function isInFinally(node: TSESTree.Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.CatchClause) {
      return false;
    }
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.finalizer === child) {
      return true;
    }
    if (
      parent.type === AST_NODE_TYPES.FunctionDeclaration ||
      parent.type === AST_NODE_TYPES.FunctionExpression ||
      parent.type === AST_NODE_TYPES.ArrowFunctionExpression
    ) {
      return false;
    }
  }
  return false;
}
