import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { climbTransparentWrappers, skipTransparentWrappers } from './wrappers.js';

/** One link of a promise chain: `.then(onFulfilled, onRejected)`, `.catch(onRejected)`, `.finally(onSettled)`. */
export interface PromiseLink {
  readonly method: 'then' | 'catch' | 'finally';
  /** The call of the link (`p.then(…)`). */
  readonly call: TSESTree.CallExpression;
  /** The handler run when the promise before the link fulfils (`then`'s first argument). */
  readonly onFulfilled: TSESTree.CallExpressionArgument | null;
  /** The handler run when it rejects (`then`'s second argument, `catch`'s first). */
  readonly onRejected: TSESTree.CallExpressionArgument | null;
  /** The handler run either way (`finally`'s argument). */
  readonly onSettled: TSESTree.CallExpressionArgument | null;
}

const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

function getMemberName(node: TSESTree.MemberExpression): string | null {
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
    return node.property.name;
  }
  return node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === 'string' ? node.property.value : null;
}

/** The link `call` is, when it is `x.then(…)`, `x.catch(…)` or `x.finally(…)`. */
export function getPromiseLink(call: TSESTree.CallExpression): PromiseLink | null {
  const callee = skipTransparentWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) {
    return null;
  }
  const method = getMemberName(callee);
  if (method === null || !CHAIN_METHODS.has(method)) {
    return null;
  }
  const [first = null, second = null] = call.arguments;
  switch (method) {
    case 'then':
      return { method, call, onFulfilled: first, onRejected: second, onSettled: null };
    case 'catch':
      return { method, call, onFulfilled: null, onRejected: first, onSettled: null };
    default:
      return { method: 'finally', call, onFulfilled: null, onRejected: null, onSettled: first };
  }
}

/**
 * The links chained onto `node` (a promise-valued expression), outermost last:
 * `p.then(a).catch(b).finally(c)` read from `p` gives three links. Stops at the first
 * member access or call that is not a link.
 */
export function getChainedLinks(node: TSESTree.Node): PromiseLink[] {
  const links: PromiseLink[] = [];
  let current: TSESTree.Node = climbTransparentWrappers(node);
  for (;;) {
    const member = current.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== current) {
      return links;
    }
    const call = member.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) {
      return links;
    }
    const link = getPromiseLink(call);
    if (!link) {
      return links;
    }
    links.push(link);
    current = climbTransparentWrappers(call);
  }
}

/**
 * The promise a chain starts from: for `limiter.consume(ip).then(a).catch(b)`, read from
 * any of its links, the expression `limiter.consume(ip)`.
 */
export function getChainSource(call: TSESTree.CallExpression): TSESTree.Node {
  let current: TSESTree.Node = call;
  for (;;) {
    const inner = skipTransparentWrappers(current);
    if (inner.type !== AST_NODE_TYPES.CallExpression || !getPromiseLink(inner)) {
      return inner;
    }
    const callee = skipTransparentWrappers(inner.callee) as TSESTree.MemberExpression;
    current = callee.object;
  }
}

/**
 * The link whose rejection handler `fn` is (`p.catch(fn)`, `p.then(ok, fn)`), or `null`.
 * A function given to `finally` is not one: it cannot see the rejection.
 */
export function getRejectionLink(fn: TSESTree.Node): PromiseLink | null {
  const parent = fn.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression) {
    return null;
  }
  const link = getPromiseLink(parent);
  return link?.onRejected === fn ? link : null;
}
