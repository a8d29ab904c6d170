import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';

/**
 * An expression that only wraps another one for the type checker or for optional chaining:
 * `x!`, `x as T`, `<T>x`, `x satisfies T`, `f<T>` and the `ChainExpression` around `a?.b`.
 * None of them changes the value at run time, so every layer looks through all of them.
 */
export type TransparentWrapper =
  | TSESTree.ChainExpression
  | TSESTree.TSAsExpression
  | TSESTree.TSInstantiationExpression
  | TSESTree.TSNonNullExpression
  | TSESTree.TSSatisfiesExpression
  | TSESTree.TSTypeAssertion;

/** Whether `node` is one of the wrappers that do not change a value (see {@link TransparentWrapper}). */
export function isTransparentWrapper(node: TSESTree.Node): node is TransparentWrapper {
  switch (node.type) {
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSInstantiationExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return true;
    default:
      return false;
  }
}

/** Removes every transparent wrapper around an expression: `(x as T)!` → `x`. */
export function skipTransparentWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (isTransparentWrapper(current)) {
    current = current.expression;
  }
  return current;
}

/**
 * Removes the transparent wrappers and any `await` around an expression:
 * `await (pool.connect() satisfies Promise<C>)` → `pool.connect()`. For questions about the
 * value a promise settles with, where awaiting it or not makes no difference.
 */
export function skipAwaitAndWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = skipTransparentWrappers(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) {
    current = skipTransparentWrappers(current.argument);
  }
  return current;
}

/**
 * Climbs from `node` through the transparent wrappers around it and returns the outermost
 * one (or `node` itself): the node whose parent says where the value goes.
 */
export function climbTransparentWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && isTransparentWrapper(current.parent) && current.parent.expression === current) {
    current = current.parent;
  }
  return current;
}

/** EventEmitter methods that return the emitter itself. */
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'off', 'removeListener', 'setMaxListeners']);

/**
 * The emitter under listener registrations, which return it: `client` of `client.on('error',
 * onError)` (so `client.on('error', reject).connect()` connects `client`).
 */
export function skipListenerCalls(node: TSESTree.Node): TSESTree.Node {
  let inner = skipTransparentWrappers(node);
  while (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTransparentWrappers(inner.callee);
    if (
      callee.type !== AST_NODE_TYPES.MemberExpression ||
      callee.computed ||
      callee.property.type !== AST_NODE_TYPES.Identifier ||
      !LISTENER_METHODS.has(callee.property.name)
    ) {
      break;
    }
    inner = skipTransparentWrappers(callee.object);
  }
  return inner;
}
