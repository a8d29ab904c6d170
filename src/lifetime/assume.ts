import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getNullCheck, getPropertyName } from '../flow/syntax.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { isOpenReceiver } from './effects.js';
import { exhaustedWhen } from './exhaustion.js';
import { undecidedBySkip } from './flags.js';
import { guardedNullish, guardedOutcome } from './guards.js';
import { decide } from './path-facts.js';
import { holds, isHolder, type LifetimeState, NONE, type SiteView, type Status } from './state.js';

/**
 * What a tested condition tells about one site's resource: on which side of an `if`, a
 * `?.` or a `??` it can still be open, released, or was never acquired. The lifetime
 * domain's `assume` and `assumeNullish` are these.
 */

/** The parts of the lifetime domain an assumption needs. */
export interface AssumeHost extends SiteView {
  /** Whether `node` holds the resource, a returned one included. */
  holdsAny(node: TSESTree.Node, state: LifetimeState): boolean;
  /** `state` moved to `status`. */
  with(state: LifetimeState, status: Status): LifetimeState;
}

/** The state on the `truthy` side of `test`, or `null` where that side cannot be taken. */
export function assumeTest(
  host: AssumeHost,
  whole: TSESTree.Expression,
  truthy: boolean,
  incoming: LifetimeState,
  skipped: TSESTree.Node | null,
): LifetimeState | null {
  // `while ((step = it.next()), !step.done)`: the flow has run the sequence; its last
  // expression is what is tested.
  const test = lastOfSequence(whole);
  // `if (!given) client.release()` after `given ?? await pool.connect()`: decided by the guard.
  const guarded = guardedOutcome(host, test, incoming);
  if (guarded !== null) {
    return guarded === truthy ? incoming : null;
  }
  const state = decide(host, test, truthy, incoming);
  if (!state) {
    return null;
  }
  const check = getNullCheck(test);
  if (check && (host.holdsAny(check.subject, state) || (state.status === 'open' && isOpenReceiver(host, check.subject, test)))) {
    // A held resource is an object: truthy and not nullish; so is the pool it came from.
    const nullish = truthy === check.nullishWhenTrue;
    return nullish ? null : state;
  }
  if (
    state.status === 'open' &&
    host.site.errorVariable !== null &&
    check !== null &&
    !check.nullishWhenTrue &&
    host.context.resolve(check.subject) === host.site.errorVariable
  ) {
    // `if (err) return …` in a driver callback: no resource was handed over.
    return truthy ? NONE : state;
  }
  if (state.status === 'open' && host.site.exhaustion.length > 0) {
    const exhausted = exhaustedWhen(host, test, state);
    if (exhausted !== null) {
      // Read to the end, the resource has closed itself.
      return exhausted === truthy ? host.with(state, 'released') : state;
    }
  }
  return undecidedBySkip(host, state, skipped, test);
}

/** The state where `expr` is (or is not) nullish, or `null` where that cannot be. */
export function assumeNullishTest(
  host: AssumeHost,
  expr: TSESTree.Expression,
  nullish: boolean,
  state: LifetimeState,
  skipped: TSESTree.Node | null,
): LifetimeState | null {
  if (host.holdsAny(expr, state)) {
    return nullish ? null : state;
  }
  const guarded = guardedNullish(host, expr, state);
  if (guarded !== null) {
    return guarded === nullish ? state : null;
  }
  const member = skipTransparentWrappers(expr);
  if (
    nullish &&
    state.status === 'open' &&
    member.type === AST_NODE_TYPES.MemberExpression &&
    host.site.release.hasName(getPropertyName(member) ?? '') &&
    (holds(host, member.object, state) || (state.anonymous && isHolder(host, member.object, state)))
  ) {
    // `it.return?.()`, also on the acquisition itself (`src[Symbol.asyncIterator]().throw?.(e)`):
    // a resource without the release method has nothing to release.
    return host.with(state, 'released');
  }
  return undecidedBySkip(host, state, skipped, expr);
}

/** The last expression of a comma sequence (through parentheses and type wrappers), else the expression itself. */
function lastOfSequence(test: TSESTree.Expression): TSESTree.Expression {
  let inner = skipTransparentWrappers(test);
  while (inner.type === AST_NODE_TYPES.SequenceExpression) {
    const last = inner.expressions.at(-1);
    if (!last) {
      break;
    }
    inner = skipTransparentWrappers(last);
  }
  return inner === skipTransparentWrappers(test) ? test : (inner as TSESTree.Expression);
}
