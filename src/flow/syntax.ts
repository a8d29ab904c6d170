import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { skipAwaitAndWrappers, skipTransparentWrappers } from '../util/wrappers.js';
import type { FunctionNode } from './interpreter.js';

/** What a condition says about whether an expression is nullish. */
export interface NullCheck {
  /** The expression tested. */
  readonly subject: TSESTree.Node;
  /** `true`: the condition holds exactly when the subject is nullish (or falsy, for `!x`). */
  readonly nullishWhenTrue: boolean;
}

function isNullLiteral(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Literal && node.value === null && !('regex' in node)) ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') ||
    (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void')
  );
}

/**
 * Reads `x`, `x != null`, `x !== undefined`, `x == null`, `null === x` as a test of
 * whether `x` holds a value. A bare `x` tests truthiness, which for an object is the
 * same as not being nullish.
 */
export function getNullCheck(test: TSESTree.Node): NullCheck | null {
  const node = skipTransparentWrappers(test);
  if (node.type === AST_NODE_TYPES.BinaryExpression) {
    const { operator } = node;
    if (operator !== '==' && operator !== '!=' && operator !== '===' && operator !== '!==') {
      return null;
    }
    const other = isNullLiteral(node.right) ? node.left : isNullLiteral(node.left) ? node.right : null;
    if (!other) {
      return null;
    }
    return { subject: skipTransparentWrappers(other), nullishWhenTrue: operator === '==' || operator === '===' };
  }
  return { subject: node, nullishWhenTrue: false };
}

/**
 * The name of a non-computed (or string-literal) member's property; `@@iterator` for
 * `[Symbol.iterator]`; `#pool` for the private name `this.#pool` (never the same as `pool`).
 */
export function getPropertyName(node: TSESTree.MemberExpression): string | null {
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
    return node.property.name;
  }
  if (node.property.type === AST_NODE_TYPES.PrivateIdentifier) {
    return `#${node.property.name}`;
  }
  if (node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === 'string') {
    return node.property.value;
  }
  // `x[Symbol.asyncIterator]` is named `@@asyncIterator`, as the specification writes it.
  const symbol = node.property;
  if (
    node.computed &&
    symbol.type === AST_NODE_TYPES.MemberExpression &&
    !symbol.computed &&
    symbol.object.type === AST_NODE_TYPES.Identifier &&
    symbol.object.name === 'Symbol' &&
    symbol.property.type === AST_NODE_TYPES.Identifier
  ) {
    return `@@${symbol.property.name}`;
  }
  return null;
}

/**
 * The method a call calls and what it calls it on (`a.query(q)`, `a!.query(q)`, `(a as T).query(q)`),
 * looking through transparent wrappers; `null` for a call of anything but a named member.
 */
export function getMethodCall(call: TSESTree.CallExpression): { method: string; object: TSESTree.Node } | null {
  const callee = skipTransparentWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) {
    return null;
  }
  const method = getPropertyName(callee);
  return method === null ? null : { method, object: callee.object };
}

/** The last name in `pool`, `this.pool`, `db.readPool`, `getPool()`; `null` otherwise. */
export function getTrailingName(node: TSESTree.Node): string | null {
  const inner = skipTransparentWrappers(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier:
      return inner.name;
    case AST_NODE_TYPES.MemberExpression:
      return getPropertyName(inner);
    case AST_NODE_TYPES.AwaitExpression:
      return getTrailingName(inner.argument);
    default:
      return null;
  }
}

/** Whether `node` is a function expression, arrow or declaration. */
export function isFunctionNode(
  node: TSESTree.Node,
): node is TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression
  );
}

/** Whether `inner` lies within `outer` in the source. */
export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}


/** The innermost function around `node`, or `null` at the top level. */
export function getEnclosingFunction(node: TSESTree.Node): FunctionNode | null {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) {
      return current;
    }
    current = current.parent;
  }
  return null;
}

/** The call in `x.m(…)` or `await x.m(…)` (through type wrappers), or `null`. */
export function getAwaitedCall(node: TSESTree.Node): TSESTree.CallExpression | null {
  const inner = skipAwaitAndWrappers(node);
  return inner.type === AST_NODE_TYPES.CallExpression ? inner : null;
}

/** A loop statement: `for`, `for…in`, `for…of`, `while`, `do…while`. */
export type LoopNode =
  | TSESTree.DoWhileStatement
  | TSESTree.ForInStatement
  | TSESTree.ForOfStatement
  | TSESTree.ForStatement
  | TSESTree.WhileStatement;

export function isLoopNode(node: TSESTree.Node | undefined): node is LoopNode {
  return (
    node?.type === AST_NODE_TYPES.ForStatement ||
    node?.type === AST_NODE_TYPES.ForInStatement ||
    node?.type === AST_NODE_TYPES.ForOfStatement ||
    node?.type === AST_NODE_TYPES.WhileStatement ||
    node?.type === AST_NODE_TYPES.DoWhileStatement
  );
}
