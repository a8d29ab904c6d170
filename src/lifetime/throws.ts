import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { getPropertyName, getTrailingName } from '../flow/syntax.js';
import { nonThrowingCalls } from '../models/non-throwing.js';
import { closesOnError, getChainedRelease, isRelease, takesOwnership } from './effects.js';
import { isHolder, type LifetimeState, type SiteView } from './state.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

// Throws: which calls can throw at all, for the throw edges the interpreter adds.

/** Whether `node` (a call or `new`) can throw, as far as the models and the file tell. */
export function mayThrow(view: SiteView, node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.NewExpression) {
    const callee = skipTransparentWrappers(node.callee);
    return !(callee.type === AST_NODE_TYPES.Identifier && (nonThrowingCalls.constructors as readonly string[]).includes(callee.name));
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) {
    return true;
  }
  if (view.context.isQuietAcquisition(node)) {
    // `client.query(new Cursor(sql))`: a failure arrives through the cursor.
    return false;
  }
  const callee = skipTransparentWrappers(node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return !(nonThrowingCalls.functions as readonly string[]).includes(callee.name);
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) {
    return true;
  }
  const method = getPropertyName(callee);
  const receiver = getTrailingName(callee.object);
  if (method !== null && view.site.release.matches(node, method) && !view.site.releaseIsAsync) {
    // Giving a pooled connection back does not throw (whichever connection it is).
    return false;
  }
  return !(
    (method !== null && (nonThrowingCalls.methods as readonly string[]).includes(method)) ||
    (receiver !== null && (nonThrowingCalls.receivers as readonly string[]).includes(receiver)) ||
    (method !== null && isCollectionMethod(view, callee.object, method))
  );
}

/** `found.add(key)` on a local `const found = new Set()`: a built-in that cannot throw. */
export function isCollectionMethod(view: SiteView, receiver: TSESTree.Node, method: string): boolean {
  const inner = skipTransparentWrappers(receiver);
  const variable = inner.type === AST_NODE_TYPES.Identifier ? view.context.resolve(inner) : null;
  const writes = variable?.references.filter((reference) => reference.writeExpr) ?? [];
  if (writes.length === 0) {
    return false;
  }
  return writes.every((reference) => {
    const value = reference.writeExpr ? skipTransparentWrappers(reference.writeExpr) : null;
    let kind: keyof typeof nonThrowingCalls.collections | null = null;
    if (value?.type === AST_NODE_TYPES.ArrayExpression) {
      kind = 'Array';
    } else if (
      value?.type === AST_NODE_TYPES.NewExpression &&
      value.callee.type === AST_NODE_TYPES.Identifier &&
      (value.callee.name === 'Set' || value.callee.name === 'Map')
    ) {
      kind = value.callee.name;
    }
    return kind !== null && (nonThrowingCalls.collections[kind] as readonly string[]).includes(method);
  });
}

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
  if (node.type === AST_NODE_TYPES.NewExpression && node.arguments.some((a) => isHolder(view, a, before))) {
    // `new Repo(client)` takes the client over, as `return new Repo(await pool.connect())` does.
    return 'handedOff';
  }
  if (closesOnError(view, node, before)) {
    // A cursor whose read fails is finished: there is nothing left to close.
    return 'released';
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
  if (getChainedRelease(view, node).rejected || takesOwnership(view, node, before)) {
    return 'handedOff';
  }
  return null;
}
