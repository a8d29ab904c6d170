import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { isFunctionNode } from '../flow/syntax.js';
import { searchNode } from '../util/walk.js';
import { climbTransparentWrappers } from '../util/wrappers.js';
import { isCallArgument } from './positions.js';
import { holds, isHolder, type LifetimeState, type SiteView } from './state.js';

// A resource that only closures (or objects built on it) use, where they outlive the function: the adapter
// object a rate limiter is built on (`{ sadd: (k, ...m) => redis.sadd(k, ...m) }` given to
// `new Ratelimit({ redis: adapter })`), a returned query function (`return () =>
// client.query(q)`). Closing the resource here would break what the caller gets, so the
// caller's side owns it, as it does for the resource put in the object itself (`{ redis }`).
// Taken only where the function releases the resource nowhere (no release call, no release
// function, no carrier): a function that closes it itself is its owner, and its paths that
// skip the release are leaks whatever closures it built on the way.

/** Nodes looked at in one closure: a closure longer than this is not taken to capture the resource. */
const CAPTURE_SEARCH_LIMIT = 2000;

/** Whether the site's function releases the resource nowhere itself. */
function releasesNowhere(view: SiteView): boolean {
  const { site } = view;
  return site.releaseCalls.length === 0 && site.releaseFunctions.size === 0 && site.carriers === null;
}

/** Whether the closure `fn` reads a variable holding the resource on this path. */
function capturesHolder(view: SiteView, fn: TSESTree.Node, state: LifetimeState): boolean {
  const found = searchNode(
    fn,
    (node) => node.type === AST_NODE_TYPES.Identifier && holds(view, node, state),
    { limit: CAPTURE_SEARCH_LIMIT, enterFunctions: true },
  );
  return found.node !== null;
}

/**
 * Whether the object literal `node` has a member function that uses the resource (`{ get:
 * (k) => redis.get(k) }`), in a function that releases it nowhere: the object carries it as
 * `{ redis }` would.
 */
export function hasKeepingMember(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
  return (
    node.type === AST_NODE_TYPES.ObjectExpression &&
    releasesNowhere(view) &&
    node.properties.some(
      (property) =>
        property.type === AST_NODE_TYPES.Property && isFunctionNode(property.value) && capturesHolder(view, property.value, state),
    )
  );
}

/**
 * Whether `call` is given the resource and what it returns is built into a bigger object, not
 * awaited: a member of an object literal that is not a call's argument, or an argument of
 * `new` (`new Server({ adapter: createAdapter(pubClient, subClient) })`: socket.io's redis
 * adapter keeps both clients for the server's life). In a function that releases the resource
 * nowhere, the result keeps it, as the object would for `{ client }`. A helper whose result
 * does not keep what it was given (`{ count: countRows(client) }`) is taken for one that does:
 * in a function that never releases the client, its report is lost (a known false negative).
 */
export function isKeptByResult(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): boolean {
  const outer = climbTransparentWrappers(call);
  const parent = outer.parent;
  const builtIn =
    (parent?.type === AST_NODE_TYPES.NewExpression && parent.arguments.includes(outer as TSESTree.CallExpressionArgument)) ||
    (parent?.type === AST_NODE_TYPES.Property &&
      parent.value === outer &&
      parent.parent.type === AST_NODE_TYPES.ObjectExpression &&
      !isCallArgument(parent.parent));
  return builtIn && releasesNowhere(view) && call.arguments.some((argument) => isHolder(view, argument, state));
}

/**
 * Whether the closure `node` uses the resource and goes where the function cannot follow it:
 * returned (`return () => client.query(q)`) or stored in a member (`this.get = (k) =>
 * redis.get(k)`), in a function that releases the resource nowhere.
 */
export function escapesWithCapture(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
  const outer = climbTransparentWrappers(node);
  const parent = outer.parent;
  const escapes =
    parent?.type === AST_NODE_TYPES.ReturnStatement ||
    (parent?.type === AST_NODE_TYPES.AssignmentExpression &&
      parent.right === outer &&
      parent.operator === '=' &&
      parent.left.type === AST_NODE_TYPES.MemberExpression);
  return escapes && releasesNowhere(view) && capturesHolder(view, node, state);
}
