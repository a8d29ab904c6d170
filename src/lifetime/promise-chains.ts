import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getPropertyName, isFunctionNode } from '../flow/syntax.js';
import { searchNode } from '../util/walk.js';
import { climbTransparentWrappers, skipTransparentWrappers } from '../util/wrappers.js';
import { isReleasingCallback } from './effects.js';
import type { LifetimeState, SiteView } from './state.js';
import { mayThrow } from './throws.js';

// Promise chains on an acquiring call: which of its outcomes reach a handler that releases
// the resource (`.finally(release)`, `.then(release)`, `.catch(release)`), also through a
// `Promise.race` / `Promise.all` it went into.

/**
 * Which outcomes of `call` end in a releasing callback: one passed to the call itself
 * (a driver callback gets both error and result), or one chained on its promise —
 * `.finally(f)` covers both, `.then(f)` success, `.then(_, g)` and `.catch(g)` failure.
 */
export function getChainedRelease(
  view: SiteView,
  call: TSESTree.CallExpression,
  state?: LifetimeState,
): ChainedRelease {
  const root = getChainRoot(call);
  const fromRoot = root === call ? null : getChainedRelease(view, root, state);
  if (fromRoot?.throwsAt) {
    // `connect().then(() => client.query(sql)).then(release)`: a link of a chain releases
    // on the outcomes of the chain's first call that reach it.
    return fromRoot;
  }
  if (call.arguments.some((a) => isReleasingCallback(view, a, state))) {
    // A call whose result is awaited or kept (`const results = qr.stream(sql, [], onEnd,
    // onError)`) answers through that result, and takes the callback over only once it
    // returns: if it throws first, the resource is still the caller's. A driver's callback
    // style (`client.query(sql, () => done())`, the result dropped) fails through the callback.
    return { fulfilled: true, rejected: !isResultKept(call) };
  }
  // Where each outcome of the call may be along the chain: a fulfilment stays one through
  // `.catch(g)`, and a `.then(f)` whose handler may throw (`() => client.query(sql)`) turns
  // it into a rejection too, which a later `.then(release)` does not cover
  // (`connect().then(() => client.query(sql)).then(() => client.end()).catch(reject)`).
  let fulfilled: Forms = { fulfilled: true, rejected: false };
  let rejected: Forms = { fulfilled: false, rejected: true };
  let releases = false;
  let throwsAt: TSESTree.Node | null = null;
  const result = (): ChainedRelease => {
    const covered = { fulfilled: isSettled(fulfilled), rejected: isSettled(rejected) };
    // Only where the chain's promise is dropped: one awaited or returned answers its
    // rejection to the code around it, which may release.
    return releases && !covered.fulfilled && throwsAt !== null && isDropped(current) ? { ...covered, throwsAt } : covered;
  };
  let current: TSESTree.Node = call;
  // The combinator the promise went into (`Promise.race([p, timeout])`), if any.
  let combinator: string | null = null;
  for (;;) {
    const joined = getCombinator(view, current);
    if (joined) {
      combinator ??= joined.name;
      current = joined.call;
      continue;
    }
    const member: TSESTree.Node = current.parent;
    if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== current) {
      return result();
    }
    const name = getPropertyName(member);
    const next: TSESTree.Node = member.parent;
    if (next.type !== AST_NODE_TYPES.CallExpression) {
      return result();
    }
    const [first, second] = next.arguments.map((a) => isReleasingCallback(view, a, state));
    if (name === 'finally' && first === true) {
      return { fulfilled: true, rejected: true };
    }
    if (combinator !== null) {
      // The combined promise settles once every member settles (`allSettled`) or sooner,
      // but how it settles need not be how this member did (a race won by a timeout):
      // only a handler that runs either way covers the member.
      const either = name === 'then' && first === true && (second === true || combinator === 'allSettled');
      return either ? { fulfilled: true, rejected: true } : result();
    }
    const handlers =
      name === 'then'
        ? [{ node: next.arguments[0], releases: first === true }, { node: next.arguments[1], releases: second === true }]
        : name === 'catch'
          ? [{ node: undefined, releases: false }, { node: next.arguments[0], releases: first === true }]
          : null;
    if (!handlers) {
      return result();
    }
    const [onFulfilled, onRejected] = handlers as [Handler, Handler];
    releases ||= onFulfilled.releases || onRejected.releases;
    fulfilled = step(view, fulfilled, onFulfilled, onRejected);
    rejected = step(view, rejected, onFulfilled, onRejected);
    throwsAt ??= fulfilled.throwsAt ?? null;
    current = next;
  }
}

/** Whether the value of `node` is thrown away: `p.then(…).catch(…);` as a statement, or `void`. */
function isDropped(node: TSESTree.Node): boolean {
  const parent = climbTransparentWrappers(node).parent;
  return parent?.type === AST_NODE_TYPES.ExpressionStatement || (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void');
}

/** The first call of the promise chain `call` is a link of (`.then`, `.catch`, `.finally`), or `call` itself. */
function getChainRoot(call: TSESTree.CallExpression): TSESTree.CallExpression {
  let current = call;
  for (;;) {
    const callee = skipTransparentWrappers(current.callee);
    const name = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    const object = callee.type === AST_NODE_TYPES.MemberExpression ? skipTransparentWrappers(callee.object) : null;
    if ((name !== 'then' && name !== 'catch' && name !== 'finally') || object?.type !== AST_NODE_TYPES.CallExpression) {
      return current;
    }
    current = object;
  }
}

/** Which outcomes of a call a promise chain on it releases on. */
export interface ChainedRelease {
  readonly fulfilled: boolean;
  readonly rejected: boolean;
  /**
   * Where the chain releases on success only after a handler that may throw: that
   * handler's throwing call (`client.query(sql)` in `connect().then(() =>
   * client.query(sql)).then(release)`), whose rejection skips the release.
   */
  readonly throwsAt?: TSESTree.Node;
}

/** Where an outcome of the acquiring call may be along a promise chain; nowhere once released. */
interface Forms {
  readonly fulfilled: boolean;
  readonly rejected: boolean;
  /** The throwing call of a handler that turned the outcome into a rejection. */
  readonly throwsAt?: TSESTree.Node | null;
}

/** A handler of one link: its argument (absent: the outcome passes through) and whether it releases. */
interface Handler {
  readonly node: TSESTree.Node | undefined;
  readonly releases: boolean;
}

function isSettled(forms: Forms): boolean {
  return !forms.fulfilled && !forms.rejected;
}

/** Where an outcome goes through `.then(onFulfilled, onRejected)`. */
function step(view: SiteView, forms: Forms, onFulfilled: Handler, onRejected: Handler): Forms {
  let fulfilled = false;
  let rejected = false;
  let throwsAt: TSESTree.Node | null = null;
  for (const [present, handler] of [
    [forms.fulfilled, onFulfilled],
    [forms.rejected, onRejected],
  ] as const) {
    if (!present || handler.releases) {
      continue;
    }
    if (handler.node === undefined) {
      // No handler for this outcome: it passes through as it is.
      fulfilled ||= handler === onFulfilled;
      rejected ||= handler === onRejected;
      continue;
    }
    // A handler that returns gives a fulfilment; one that may throw, a rejection too.
    fulfilled = true;
    const thrower = getHandlerThrow(view, handler.node);
    rejected ||= thrower !== null;
    throwsAt ??= thrower;
  }
  return { fulfilled, rejected, throwsAt };
}

/**
 * Where a handler written in place may throw (or reject): the first call, `new`, `await` or
 * `throw` in its body (not in functions nested in it) that can; `null` if none can. A
 * handler given by name is taken not to, as before: what it does is not in view here.
 */
function getHandlerThrow(view: SiteView, node: TSESTree.Node): TSESTree.Node | null {
  const inner = skipTransparentWrappers(node);
  if (!isFunctionNode(inner)) {
    return null;
  }
  const found = searchNode(inner.body, (child) => {
    switch (child.type) {
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.ThrowStatement:
        return mayThrow(view, child);
      default:
        return false;
    }
  });
  return found.exhausted ? inner : found.node;
}

/** Whether `call`'s result is awaited or bound to a name, so it is not a callback-style call. */
function isResultKept(call: TSESTree.CallExpression): boolean {
  const outer = climbTransparentWrappers(call);
  const parent = outer.parent;
  return (
    parent?.type === AST_NODE_TYPES.AwaitExpression ||
    (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === outer) ||
    (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === outer)
  );
}

/**
 * `Promise.race([node, …])` (also `any`, `all`, `allSettled`) of the global `Promise` with
 * `node` among the members: the combinator and the call, else `null`.
 */
function getCombinator(view: SiteView, node: TSESTree.Node): { name: string; call: TSESTree.CallExpression } | null {
  const array = climbTransparentWrappers(node).parent;
  const call = array?.parent;
  if (array?.type !== AST_NODE_TYPES.ArrayExpression || call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== array) {
    return null;
  }
  const callee = skipTransparentWrappers(call.callee);
  const name = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    callee.object.type !== AST_NODE_TYPES.Identifier ||
    callee.object.name !== 'Promise' ||
    name === null ||
    !['race', 'any', 'all', 'allSettled'].includes(name) ||
    view.context.resolve(callee.object)?.defs.length
  ) {
    return null;
  }
  return { name, call };
}

