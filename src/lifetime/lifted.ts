import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { FunctionNode } from '../flow/interpreter.js';
import { getEnclosingFunction, getTrailingName, isFunctionNode } from '../flow/syntax.js';
import { climbTransparentWrappers, skipAwaitAndWrappers, skipTransparentWrappers } from '../util/wrappers.js';

// Acquisitions written in a nested function that open a resource of the function around it,
// lifted to the place in that function where they have happened: a wrapper's callback
// (`await withTlsHint(() => client.connect())`) and a promise executor (`await new
// Promise((resolve, reject) => client.connect((err) => …))`). Syntax only; whether the
// wrapper returns what its callback returns is the summaries' question.

/**
 * `fn` as the callback argument of a call, when `fn` does nothing but return `call`
 * (`() => client.connect()`, `() => { return client.connect(); }`, also awaited): the wrapper
 * call and the callback's index in its arguments; `null` otherwise.
 */
export function getCallbackWrapper(
  call: TSESTree.CallExpression,
  fn: FunctionNode,
): { readonly wrapper: TSESTree.CallExpression; readonly index: number } | null {
  if (!isFunctionNode(fn) || fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    return null;
  }
  const [only] = fn.body.type === AST_NODE_TYPES.BlockStatement && fn.body.body.length === 1 ? fn.body.body : [];
  const body = fn.body.type !== AST_NODE_TYPES.BlockStatement ? fn.body : only?.type === AST_NODE_TYPES.ReturnStatement ? only.argument : null;
  if (!body || skipAwaitAndWrappers(body) !== call) {
    return null;
  }
  const argument = climbTransparentWrappers(fn);
  const wrapper = argument.parent;
  if (wrapper?.type !== AST_NODE_TYPES.CallExpression || wrapper.callee === argument) {
    return null;
  }
  const index = wrapper.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  return index >= 0 ? { wrapper, index } : null;
}

/**
 * `receiver.m(…)` written directly in the executor of a `new Promise` that the function
 * around it awaits: the executor, that promise, the function and the receiver (a plain
 * name); `null` otherwise. The executor runs the call itself (not in a handler it
 * registers), so the awaited promise settles after it.
 */
export function getAwaitedExecutor(call: TSESTree.CallExpression): {
  readonly executor: FunctionNode;
  readonly promise: TSESTree.NewExpression;
  readonly outer: FunctionNode;
  readonly receiver: TSESTree.Identifier;
} | null {
  const executor = getEnclosingFunction(call);
  const promise = executor ? climbTransparentWrappers(executor).parent : null;
  if (
    !executor ||
    promise?.type !== AST_NODE_TYPES.NewExpression ||
    promise.arguments[0] !== climbTransparentWrappers(executor) ||
    getTrailingName(promise.callee) !== 'Promise' ||
    climbTransparentWrappers(promise).parent?.type !== AST_NODE_TYPES.AwaitExpression
  ) {
    return null;
  }
  const outer = getEnclosingFunction(promise);
  const callee = skipTransparentWrappers(call.callee);
  const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipTransparentWrappers(callee.object) : null;
  return outer && receiver?.type === AST_NODE_TYPES.Identifier ? { executor, promise, outer, receiver } : null;
}

/** `() => pool.connect()` written as an argument, or the name of a function of this file (a declaration or a `const`). */
export function getFunctionArgument(
  argument: TSESTree.Node,
  resolve: (node: TSESTree.Node) => { readonly defs: readonly { readonly node: TSESTree.Node }[] } | null,
): FunctionNode | null {
  const inner = skipTransparentWrappers(argument);
  if (isFunctionNode(inner)) {
    return inner;
  }
  const node = inner.type === AST_NODE_TYPES.Identifier ? resolve(inner)?.defs[0]?.node : undefined;
  if (node?.type === AST_NODE_TYPES.FunctionDeclaration) {
    return node;
  }
  const init =
    node?.type === AST_NODE_TYPES.VariableDeclarator && node.parent.kind === 'const' && node.init ? skipTransparentWrappers(node.init) : null;
  return init && isFunctionNode(init) ? init : null;
}
