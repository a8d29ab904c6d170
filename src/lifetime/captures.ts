import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { isFunctionNode } from '../flow/syntax.js';
import { searchNode } from '../util/walk.js';
import { climbTransparentWrappers } from '../util/wrappers.js';
import { holds, type LifetimeState, type SiteView } from './state.js';

// A resource that only closures use, where the closures outlive the function: the adapter
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
 * (k) => redis.get(k) }`), in a function that releases it nowhere: the object carries it
 * as `{ redis }` would.
 */
export function hasCapturingMember(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
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
