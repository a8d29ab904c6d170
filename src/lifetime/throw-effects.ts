import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getSingleInit } from '../util/imports.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { closesOnError, isKeepAliveListener, isRelease, takesOwnership } from './effects.js';
import { getChainedRelease } from './promise-chains.js';
import { type DomainContext, holds, isHolder, type LifetimeState, type SiteView } from './state.js';
import { cannotReject, getCombinedMembers } from './throws.js';

// Throw edges: what an exception leaving a node does to the resource of one site (whether
// the node can throw at all is throws.ts's question).

/**
 * What the exceptional edge out of `node` does to an open resource: a failed release or
 * read ends it (`released`), a call that takes it over or fails through a releasing
 * callback hands it on (`handedOff`); `releaseFailed` is a rejected `await` of the release
 * itself; `null` is no change (most effects have not happened when a call throws).
 */
export function throwEffect(
  view: SiteView,
  node: TSESTree.Node,
  before: LifetimeState,
): 'handedOff' | 'releaseFailed' | 'released' | null {
  if (
    before.releasedBy !== null &&
    node.type === AST_NODE_TYPES.AwaitExpression &&
    skipTransparentWrappers(node.argument) === before.releasedBy
  ) {
    // `await trx.commit()` rejected: the release failed (see the call's own throw edge).
    return 'releaseFailed';
  }
  if (before.status !== 'open') {
    return null;
  }
  if (awaitsPendingAcquisition(view, node, before)) {
    // `const pending = pool.connect(); … await pending` rejected: the acquisition failed,
    // and nothing was opened.
    return 'released';
  }
  if (node.type === AST_NODE_TYPES.NewExpression && node.arguments.some((a) => isHolder(view, a, before))) {
    // `new Repo(client)` takes the client over, as `return new Repo(await pool.connect())` does.
    return 'handedOff';
  }
  if (closesOnError(view, node, before)) {
    // A cursor whose read fails is finished: there is nothing left to close.
    return 'released';
  }
  if (isKeepAliveListener(view, node, before)) {
    // A subscriber meant to outlive the function: a failed `subscribe()` does not make
    // closing it this function's job.
    return 'handedOff';
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) {
    return null;
  }
  if (isRelease(view, node, before)) {
    // A release that fails (a `commit()` that throws) settles nothing a later rollback
    // would repeat, so it does not count as the release for a use after it.
    return 'released';
  }

  // A call that registers a releasing callback (`client.query(sql, () => done())`) or
  // whose promise is chained to one (`client.query(sql).finally(() => client.release())`)
  // fails through that callback, in practice, not synchronously.
  if (getChainedRelease(view, node, before).rejected || takesOwnership(view, node, before)) {
    return 'handedOff';
  }
  return null;
}

/**
 * `await pending` where `pending` holds the promise the acquisition returned, not awaited
 * where it was made (`const pending = pool.connect()`): the `await` is where the
 * acquisition's own failure arrives.
 */
function awaitsPendingAcquisition(view: SiteView, node: TSESTree.Node, before: LifetimeState): boolean {
  const value = view.site.value;
  if (node.type !== AST_NODE_TYPES.AwaitExpression || value?.type !== AST_NODE_TYPES.CallExpression) {
    return false;
  }
  const argument = skipTransparentWrappers(node.argument);
  if (holds(view, argument, before)) {
    return true;
  }
  // `await Promise.race([pending, timeout])` where no other member can reject: a rejection
  // is the acquisition's own failure.
  const members = getCombinedMembers(argument);
  return (
    members !== null &&
    members.some((member) => holds(view, member, before)) &&
    members.every((member) => holds(view, member, before) || memberCannotReject(view.context, member))
  );
}

/** A promise that cannot reject: a call that cannot (see cannotReject), also through a `const` bound to one. */
function memberCannotReject(context: DomainContext, member: TSESTree.Node): boolean {
  const inner = skipTransparentWrappers(member);
  const value = inner.type === AST_NODE_TYPES.Identifier ? getSingleInit(context.resolve(inner)) : inner;
  return value !== null && cannotReject(context, value);
}
