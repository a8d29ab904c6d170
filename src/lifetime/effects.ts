import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { climbTransparentWrappers } from '../util/wrappers.js';
import { contains, getAwaitedCall, getMethodCall, getPropertyName, getTrailingName, isFunctionNode } from '../flow/syntax.js';
import { getAllElementTarget, isEscapingHandle } from './destination.js';
import type { Site } from './site.js';
import { ownershipTakingCalls } from '../models/ownership.js';
import { isGuardedByFlag } from './flags.js';
import { isCarrierRelease, withoutWrappers } from './carriers.js';
import { isAbortOf, isAbortThrough } from './abort.js';
import { readsOwnState } from './assertions.js';
import { handsToContinuation } from './continuations.js';
import { assertsExhausted, readAssertedAtEnd } from './exhaustion.js';
import { isAssertedToFail } from './rejections.js';
import { isKeptByResult } from './captures.js';
import { carriesHolder, holds, isHolder, type LifetimeState, type SiteView, type UseAfterRelease } from './state.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

// Call effects: which calls release the tracked resource, hand it on, keep it alive for a
// listener, or use it after a release.

const ownershipPatterns = ownershipTakingCalls.map((source) => new RegExp(source, 'i'));

/** Whether `node` releases the resource: its release method, a `releaseVia` call, a release callback or a releasing function. */
export function isRelease(view: SiteView, node: TSESTree.CallExpression, held: LifetimeState): boolean {
  if (isCarrierRelease(view, node, held)) {
    // `session.client.release()`: through a local wrapper or component (carriers.ts).
    return true;
  }
  if (assertsExhausted(view, node, held)) {
    // `expect(await it.next()).toEqual({ value: undefined, done: true })`: used up, or the test failed.
    return true;
  }
  // A wrapper's own `close()` is not known to release what it wraps.
  const state = withoutWrappers(view, held);
  const callee = skipTransparentWrappers(node.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = getPropertyName(callee);
    if (name !== null && view.site.release.matches(node, name) && isHolder(view, callee.object, state)) {
      return true;
    }
    if (name !== null && view.site.releaseVia.has(name) && node.arguments.some((a) => isHolder(view, a, state))) {
      return true;
    }
    if (name !== null && closesReceiver(view, callee, name, node)) {
      return true;
    }
    if (isAbortOf(node, view.site.abortController, (target) => view.context.resolve(target))) {
      return true;
    }
  } else if (callee.type === AST_NODE_TYPES.Identifier) {
    const variable = view.context.resolve(callee);
    if (variable && view.site.releaseFunctions.has(variable)) {
      return true;
    }
    if (isAbortThrough(node, view.site.abortController, (target) => view.context.resolve(target))) {
      // `stop(ac)` with `stop = (ac) => ac.abort()`: the same abort, through a function.
      return true;
    }
  } else if (view.site.releasingFunctions.has(callee)) {
    // `(async () => { try { … } finally { c.release(); } })()`: a closure called where it is
    // written releases as the same closure bound to a name does.
    return true;
  }
  return node.arguments.some(
    (argument, index) => isHolder(view, argument, state) && view.context.releasesArgument(node, index) === true,
  );
}

/**
 * `pool.close(0)` on the pool the resource came from: the model says it closes every
 * connection the pool handed out, this one with them (oracledb, mysql). Whatever variable
 * holds the resource, it is the same pool variable that decides.
 */
function closesReceiver(view: SiteView, callee: TSESTree.MemberExpression, name: string, node: TSESTree.CallExpression): boolean {
  const { receiver, receiverReleases } = view.site;
  if (!receiver || !receiverReleases) {
    return false;
  }
  const object = skipTransparentWrappers(callee.object);
  return (
    object.type === AST_NODE_TYPES.Identifier &&
    receiverReleases.some((release) => release.method === name && (release.withArgument !== true || node.arguments.length > 0)) &&
    view.context.resolve(object) === receiver
  );
}

/**
 * `const [c1, c2] = await Promise.all([p1, p2])` with `p1` a pending acquisition held
 * here: `c1` takes the resource over (see getAllElementTarget); `null` otherwise.
 */
export function getPromiseAllTarget(
  view: SiteView,
  binding: TSESTree.VariableDeclarator | TSESTree.AssignmentExpression,
  state: LifetimeState,
): TSESTree.Node | null {
  const value = binding.type === AST_NODE_TYPES.VariableDeclarator ? binding.init : binding.right;
  const init = value ? skipTransparentWrappers(value) : null;
  const call = init?.type === AST_NODE_TYPES.AwaitExpression ? skipTransparentWrappers(init.argument) : null;
  const array = call?.type === AST_NODE_TYPES.CallExpression ? call.arguments[0] : undefined;
  const element = array?.type === AST_NODE_TYPES.ArrayExpression ? array.elements.find((item) => item && isHolder(view, item, state)) : null;
  return element && array?.type === AST_NODE_TYPES.ArrayExpression ? getAllElementTarget(array, element) : null;
}

/** Whether a resource discarded at `site` stays open until its pool's `close(0)` (see below). */
export function waitsForReceiver(site: Site): boolean {
  return site.destination.kind === 'discarded' && hasReceiverReleaseAfter(site);
}

/**
 * Whether `site.fn` calls one of the releases of the site's receiver (`pool.close(0)`)
 * after the acquisition: then a resource discarded there is the pool's to close.
 */
export function hasReceiverReleaseAfter(site: Site): boolean {
  const { receiver, receiverReleases } = site;
  if (!receiver || !receiverReleases?.length) {
    return false;
  }
  return receiver.references.some((reference) => {
    const member = reference.identifier.parent;
    const call = member.parent;
    const name = member.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(member) : null;
    return (
      call?.type === AST_NODE_TYPES.CallExpression &&
      call.callee === member &&
      reference.identifier.range[0] > site.node.range[1] &&
      contains(site.fn, call) &&
      receiverReleases.some((release) => release.method === name && (release.withArgument !== true || call.arguments.length > 0))
    );
  });
}

/**
 * `if (pool) await pool.close(0)` while the resource is open: the pool it came from is an
 * object, as long as the variable was not written after the acquisition (`pool = null`).
 */
export function isOpenReceiver(view: SiteView, subject: TSESTree.Node, before: TSESTree.Node): boolean {
  const { receiver, receiverReleases } = view.site;
  const inner = skipTransparentWrappers(subject);
  return (
    receiver !== undefined &&
    receiver !== null &&
    receiverReleases !== undefined &&
    receiverReleases.length > 0 &&
    inner.type === AST_NODE_TYPES.Identifier &&
    view.context.resolve(inner) === receiver &&
    !receiver.references.some(
      (reference) =>
        reference.isWrite() && reference.identifier.range[0] > view.site.node.range[1] && reference.identifier.range[0] < before.range[0],
    )
  );
}

/**
 * Whether `node` passes the resource to a helper that releases it on some of its paths only
 * (`done(client, nested)`): a use, but some path does release it, so the report must name
 * the path that leaks rather than say it is never released.
 */
export function releasesOnSomePaths(view: SiteView, node: TSESTree.CallExpression, state: LifetimeState): boolean {
  return node.arguments.some(
    (argument, index) => isHolder(view, argument, state) && view.context.releasesArgument(node, index) === 'partly',
  );
}

/**
 * Whether `call` makes a handle of the resource (the model's `handles`: `client.db()`) that
 * leaves the function, taking the resource along (`return client.db('app')`).
 */
export function escapesThroughHandle(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): boolean {
  const callee = skipTransparentWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  return (
    method !== null &&
    callee.type === AST_NODE_TYPES.MemberExpression &&
    view.site.handles?.has(method) === true &&
    isHolder(view, callee.object, state) &&
    isEscapingHandle(call, (node) => view.context.resolve(node), (variable) => view.context.isLocal(variable))
  );
}

/**
 * A function argument that releases the resource: a closure, `done` passed on, or (given
 * the state) the release method itself, `client.end` or `client.end.bind(client)`.
 */
export function isReleasingCallback(view: SiteView, argument: TSESTree.Node, state?: LifetimeState): boolean {
  if (view.site.releasingFunctions.has(argument)) {
    return true;
  }
  if (state !== undefined && isBoundRelease(view, argument, state)) {
    return true;
  }
  const variable = argument.type === AST_NODE_TYPES.Identifier ? view.context.resolve(argument) : null;
  return variable !== null && view.site.releaseFunctions.has(variable);
}

/**
 * An object literal with a bound release among its members (`{ return:
 * it.return?.bind(it), next }`): whoever gets the object can release the resource, as with
 * a member function that releases it (see the domain's closures).
 */
export function hasBoundReleaseMember(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
  return (
    node.type === AST_NODE_TYPES.ObjectExpression &&
    node.properties.some(
      (property) => property.type === AST_NODE_TYPES.Property && isBoundRelease(view, property.value, state),
    )
  );
}

/** `client.end` or `client.end.bind(client)` on a holder, with a release that takes no argument it needs. */
function isBoundRelease(view: SiteView, argument: TSESTree.Node, state: LifetimeState): boolean {
  let inner = skipTransparentWrappers(argument);
  if (
    inner.type === AST_NODE_TYPES.CallExpression &&
    inner.callee.type === AST_NODE_TYPES.MemberExpression &&
    getPropertyName(inner.callee) === 'bind'
  ) {
    inner = skipTransparentWrappers(inner.callee.object);
  }
  if (inner.type !== AST_NODE_TYPES.MemberExpression) {
    return false;
  }
  const method = getPropertyName(inner);
  return method !== null && view.site.release.isPlain(method) && isHolder(view, inner.object, state);
}

/**
 * `pending.then((conn) => conn.release())` on a holder of the promise an acquisition returned
 * (not awaited where it was made): the handler gets the resource once it is made and releases
 * it on every path, and when the acquisition fails nothing was made. The resource is that
 * handler's from here on (ali-rds: a connection that arrives after its wait timed out).
 */
export function releasesOnArrival(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): boolean {
  const callee = skipTransparentWrappers(call.callee);
  const value = view.site.value;
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    getPropertyName(callee) !== 'then' ||
    value?.type !== AST_NODE_TYPES.CallExpression ||
    !holds(view, skipTransparentWrappers(callee.object), state)
  ) {
    return false;
  }
  const handler = call.arguments[0] ? skipTransparentWrappers(call.arguments[0]) : null;
  return handler !== null && isFunctionNode(handler) && view.context.releasesParameter(handler, 0, view.site) === true;
}

/**
 * Whether `call` passes the resource to a callee whose name says it keeps or releases it,
 * to one whose summary the analysis gave up on, or to the caller's error-first callback.
 */
export function takesOwnership(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): boolean {
  if (call.arguments.some((argument, index) => isHolder(view, argument, state) && view.context.releasesArgument(call, index) === 'unknown')) {
    // A callee whose summary could not be worked out (recorded on the debug channel): it
    // may release the resource or keep it, so nothing is decided here.
    return true;
  }
  const name = getTrailingName(call.callee);
  if (call.arguments.some((argument, index) => isHolder(view, argument, state) && view.context.takesArgument(call, index))) {
    // The callee's body keeps it (stores it where it escapes, hands it to a releasing callback).
    return true;
  }
  if (handsToContinuation(view, call, state) || isKeptByResult(view, call, state)) {
    // `cb(null, conn)`: the callback-style return, to the caller's continuation; or an
    // object built on the resource, kept in a bigger one (captures.ts).
    return true;
  }
  return (
    name !== null &&
    !view.context.isSameFileFunction(call) &&
    ownershipPatterns.some((pattern) => pattern.test(name)) &&
    call.arguments.some((argument) => carriesHolder(view, argument, state))
  );
}

/**
 * `client.on('notification', …)`, `subscriber.subscribe(channel, …)` (a model's keep-alive
 * event or method, on the resource; `node` may be the call's `await`): the resource now
 * lives for its listener, by design.
 */
export function isKeepAliveListener(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
  const call = getAwaitedCall(node);
  const callee = call ? skipTransparentWrappers(call.callee) : null;
  if (!call || callee?.type !== AST_NODE_TYPES.MemberExpression || !isHolder(view, callee.object, state)) {
    return false;
  }
  const method = getPropertyName(callee);
  if (method !== null && view.site.keepAliveMethods.has(method)) {
    return true;
  }
  const [event] = call.arguments;
  return event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string' && view.site.keepAliveEvents.has(event.value);
}

/** Whether `node` (a call, or the `await` of one) reads the resource in a way whose failure ends it. */
export function closesOnError(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
  const call = getAwaitedCall(node);
  if (!call || view.site.closesOnError.size === 0) {
    return false;
  }
  const member = getMethodCall(call);
  return member !== null && view.site.closesOnError.has(member.method) && isHolder(view, member.object, state);
}

/** Whether `call` opens the released resource again: `client.connect()` after `client.disconnect()` (the model's `reopenedBy`). */
export function reopens(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): boolean {
  const callee = skipTransparentWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  return (
    method !== null &&
    callee.type === AST_NODE_TYPES.MemberExpression &&
    (view.site.reopenedBy?.has(method) ?? false) &&
    holds(view, callee.object, state)
  );
}

/**
 * Whether `call` reads the resource in a way whose failure ends it (`closesOnError`) and a
 * test asserts that it fails: `await expect(iterator.next()).rejects.toThrow()`. Where the
 * test goes on, the read failed and the resource is finished (a generator that threw, a
 * source torn down): nothing is left to close. Where it did not fail, the assertion throws.
 */
export function closesOnAssertedFailure(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): boolean {
  if (view.site.closesOnError.size === 0) {
    return false;
  }
  const callee = skipTransparentWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  return (
    method !== null &&
    callee.type === AST_NODE_TYPES.MemberExpression &&
    view.site.closesOnError.has(method) &&
    isHolder(view, callee.object, state) &&
    isAssertedToFail(call, (node) => view.context.resolve(node))
  );
}

/** A use, or a second release, of the resource after it was released, if `node` is one. */
export function findUseAfterRelease(
  view: SiteView,
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression,
  state: LifetimeState,
): UseAfterRelease | null {
  const release = state.releasedBy;
  if (!release || release === node) {
    return null;
  }
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    // A template tagged with a callable resource is a call of it: `` reserved`select 1` ``.
    const used =
      view.site.callable &&
      holds(view, node.tag, state) &&
      !isGuardedByFlag(node, release, view.site.fn, (target) => view.context.resolve(target));
    return used ? { use: node, release, twice: false } : null;
  }
  const callee = skipTransparentWrappers(node.callee);
  // `conn.release(); await pool.end()`: ending the pool the connection came from closes the
  // connections it still has, and one given back is among them, not released a second time.
  const twice =
    isRelease(view, node, state) &&
    !(callee.type === AST_NODE_TYPES.MemberExpression && closesReceiver(view, callee, getPropertyName(callee) ?? '', node));
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  const used =
    (method !== null &&
      callee.type === AST_NODE_TYPES.MemberExpression &&
      view.site.uses.has(method) &&
      !(view.site.usableAfterRelease?.has(method) ?? false) &&
      !(view.site.reopenedBy?.has(method) ?? false) &&
      holds(view, callee.object, state)) ||
    (view.site.callable && callee.type === AST_NODE_TYPES.Identifier && holds(view, callee, state));
  // `if (!tx.finished) await tx.rollback()`: the resource's own state says whether it is
  // still open, so the call runs only when it is (see readsOwnState).
  if (
    ((twice && view.site.releaseTwiceFails) || (!twice && used && !readAssertedAtEnd(view, node))) &&
    !isGuardedByFlag(node, release, view.site.fn, (target) => view.context.resolve(target), (test) => readsOwnState(view, test, state))
  ) {
    return { use: node, release, twice };
  }
  return null;
}

/**
 * `const opts = { transaction: t }` read only as a call's argument (`Model.create(x, opts)`):
 * an options object kept in a local name, a use like passing `t` itself, not a hand-off.
 */
export function isLocalCallOptions(view: SiteView, node: TSESTree.Node): boolean {
  const declarator = node.parent;
  if (
    declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
    declarator.init !== node ||
    declarator.id.type !== AST_NODE_TYPES.Identifier ||
    declarator.parent.kind !== 'const'
  ) {
    return false;
  }
  const variable = view.context.resolve(declarator.id);
  return (
    variable !== null &&
    view.context.isLocal(variable) &&
    variable.references.every((reference) => {
      if (reference.init === true) {
        return true;
      }
      const outer = climbTransparentWrappers(reference.identifier);
      const parent = outer.parent;
      return (
        reference.isReadOnly() &&
        parent?.type === AST_NODE_TYPES.CallExpression &&
        parent.callee !== outer &&
        parent.arguments.includes(outer as TSESTree.CallExpressionArgument)
      );
    })
  );
}
