import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getNullCheck, getPropertyName } from '../flow/syntax.js';
import { searchNode } from '../util/walk.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import type { Site } from './site.js';
import { isHolder, type LifetimeState, type SiteView } from './state.js';
import { getWriteReferences } from '../util/references.js';

// Conditional ownership: `const runner = given ?? ds.createQueryRunner()` acquires exactly
// when `given` is nullish, so on every path where the runner is open `given` is nullish, and
// `if (!given) await runner.release()` releases on each of them. The acquisition's choice is
// read once per site as a guard on a stable value (a local or parameter never written after
// its declaration, or a member path on one, or on `this`, that the function never assigns);
// a path that acquired carries `guarded` until that value's declaration runs again, and tests
// of the same value on it take the side the guard implies.

type Variable = TSESLint.Scope.Variable;

/** How guards name values: the variables of the module the guarded function is in. */
export interface GuardNames {
  resolve(node: TSESTree.Node): Variable | null;
  idOf(variable: Variable): number;
}

/** What held of the guarded value where the resource was acquired. */
export type Holds = 'falsy' | 'nullish' | 'present' | 'truthy';

/**
 * A guard on a field of `this` carried out of an acquirer's summary to a caller on the same
 * `this`: `protected obtain() { return this.runner ?? ds.createQueryRunner(); }` hands its
 * caller `const r = this.obtain()` a runner that is fresh exactly when `this.runner` was
 * empty, so the caller's `if (r !== this.runner) await r.release()` releases what it owns.
 */
export interface ThisGuard {
  /** The member path on `this` (`this.runner`). */
  readonly key: string;
  readonly holds: Holds;
}

/** The condition under which a site acquires, on a value that stays the same afterwards. */
export interface AcquisitionGuard {
  /** The value tested, as a path key (`v12.conn`, `this.runner`). */
  readonly key: string;
  /** The variable the path starts from; `null` for `this`. */
  readonly base: Variable | null;
  readonly holds: Holds;
}

/** How many nodes the search for writes to a guarded member path visits at most. */
const WRITE_SEARCH_LIMIT = 20_000;

const guards = new WeakMap<object, AcquisitionGuard | null>();

/**
 * The guard of `view`'s site: what the choice it is acquired under says about a stable
 * value (`given ?? acquire()` → `given` nullish, `tx ? tx : acquire()` → `tx` falsy,
 * `if (!opts.conn) conn = acquire()` → `opts.conn` falsy); `null` when there is none.
 * Memoised per site.
 */
export function getAcquisitionGuard(view: SiteView): AcquisitionGuard | null {
  const { site } = view;
  let guard = guards.get(site);
  if (guard === undefined) {
    guard = readGuard(site, view.context);
    guards.set(site, guard);
  }
  return guard;
}

function readGuard(site: Site, names: GuardNames): AcquisitionGuard | null {
  const branch = site.choice;
  const parent = branch?.parent;
  if (!branch || !parent) {
    // Acquired by `this.obtain()`, whose own acquisition was guarded by a field of `this`:
    // that field, unless this function writes it.
    const carried = site.thisGuard;
    return carried && !isMemberPathWritten(names, site.fn, carried.key) ? { key: carried.key, base: null, holds: carried.holds } : null;
  }
  let condition: { subject: TSESTree.Node; holds: Holds } | null = null;
  if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === branch) {
    const holds = parent.operator === '??' ? 'nullish' : parent.operator === '||' ? 'falsy' : 'truthy';
    condition = { subject: parent.left, holds };
  } else if (
    (parent.type === AST_NODE_TYPES.ConditionalExpression || parent.type === AST_NODE_TYPES.IfStatement) &&
    parent.test !== branch
  ) {
    condition = readCondition(parent.test, parent.consequent === branch);
  }
  if (!condition) {
    return null;
  }
  const path = getStablePath(names, condition.subject);
  if (!path || (path.key.includes('.') && isMemberPathWritten(names, site.fn, path.key))) {
    return null;
  }
  return { key: path.key, base: path.base, holds: condition.holds };
}

/**
 * The guard `site` acquires under when it is on a field of `this` (see ThisGuard), for a
 * summary to carry out of `site`'s function; `null` otherwise. `names` are those of the
 * module `site` is in.
 */
export function getThisGuard(site: Site, names: GuardNames): ThisGuard | null {
  const guard = readGuard(site, names);
  return guard && guard.base === null && guard.key.startsWith('this.') ? { key: guard.key, holds: guard.holds } : null;
}

/** What `test` having come out `outcome` says of the value it tests. */
function readCondition(test: TSESTree.Node, outcome: boolean): { subject: TSESTree.Node; holds: Holds } | null {
  const inner = skipTransparentWrappers(test);
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
    return readCondition(inner.argument, !outcome);
  }
  if (inner.type === AST_NODE_TYPES.BinaryExpression) {
    const check = getNullCheck(inner);
    if (!check) {
      return null;
    }
    const nullish = outcome === check.nullishWhenTrue;
    if (inner.operator === '==' || inner.operator === '!=') {
      return { subject: check.subject, holds: nullish ? 'nullish' : 'present' };
    }
    // `x === undefined` says it is nullish; `x !== undefined` leaves `null` possible.
    return nullish ? { subject: check.subject, holds: 'nullish' } : null;
  }
  return { subject: inner, holds: outcome ? 'truthy' : 'falsy' };
}

/**
 * `node` as a path key when it names a value that cannot change within the function: a
 * variable written only by its declaration, `this`, or a member of one of those (whether
 * the function writes that member is the caller's to check: isMemberPathWritten).
 */
export function getStablePath(names: GuardNames, node: TSESTree.Node): { key: string; base: Variable | null } | null {
  let inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.ChainExpression) {
    inner = skipTransparentWrappers(inner.expression);
  }
  switch (inner.type) {
    case AST_NODE_TYPES.ThisExpression:
      return { key: 'this', base: null };
    case AST_NODE_TYPES.Identifier: {
      const variable = names.resolve(inner);
      if (!variable || variable.defs.length === 0 || getWriteReferences(variable).some((reference) => !reference.init)) {
        return null;
      }
      return { key: `v${String(names.idOf(variable))}`, base: variable };
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = getPropertyName(inner);
      const object = name === null ? null : getStablePath(names, inner.object);
      return object && name !== null ? { key: `${object.key}.${name}`, base: object.base } : null;
    }
    default:
      return null;
  }
}

/** Whether `fn` assigns, updates or deletes the member path `key` (or one of its prefixes). */
export function isMemberPathWritten(names: GuardNames, fn: TSESTree.Node, key: string): boolean {
  const written = getWrittenPaths(names, fn);
  return written === null || hasPrefixIn(key, written, true);
}

const writtenPaths = new WeakMap<TSESTree.Node, ReadonlySet<string> | null>();

/**
 * Every member path `fn` (nested functions included) assigns, updates or deletes, found in
 * one walk and memoised; `null` past the budget (then nothing is known to be unwritten).
 */
function getWrittenPaths(names: GuardNames, fn: TSESTree.Node): ReadonlySet<string> | null {
  if (writtenPaths.has(fn)) {
    return writtenPaths.get(fn) ?? null;
  }
  const written = new Set<string>();
  const add = (target: TSESTree.Node): void => {
    const path = getStablePath(names, target);
    if (path !== null) {
      written.add(path.key);
    }
  };
  const found = searchNode(
    fn,
    (node) => {
      if (node.type === AST_NODE_TYPES.AssignmentExpression) {
        add(node.left);
      } else if (node.type === AST_NODE_TYPES.UpdateExpression) {
        add(node.argument);
      } else if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete') {
        add(node.argument);
      }
      return false;
    },
    { limit: WRITE_SEARCH_LIMIT, enterFunctions: true },
  );
  const result = found.exhausted ? null : written;
  writtenPaths.set(fn, result);
  return result;
}

/** Whether `paths` holds `key` itself (when `self`) or a path `key` continues (`a.b` for `a.b.c`). */
export function hasPrefixIn(key: string, paths: ReadonlySet<string>, self: boolean): boolean {
  if (self && paths.has(key)) {
    return true;
  }
  for (let at = key.indexOf('.'); at !== -1; at = key.indexOf('.', at + 1)) {
    if (paths.has(key.slice(0, at))) {
      return true;
    }
  }
  return false;
}

/** `state` as the acquisition leaves it: carrying the site's guard when it has one. */
export function guardAcquisition(view: SiteView, state: LifetimeState): LifetimeState {
  return getAcquisitionGuard(view) ? { ...state, guarded: true } : state;
}

/**
 * Drops the guard when the declaration of the value it is on runs again (a loop around
 * both): the value tested from then on is another one.
 */
export function forgetGuard(view: SiteView, node: TSESTree.Node, state: LifetimeState): LifetimeState {
  if (!state.guarded || (node.type !== AST_NODE_TYPES.VariableDeclarator && node.type !== AST_NODE_TYPES.VariableDeclaration)) {
    return state;
  }
  const base = getAcquisitionGuard(view)?.base;
  const declares = base?.defs.some((definition) => definition.node === node || definition.parent === node) ?? false;
  return declares ? { ...state, guarded: false } : state;
}

/** Drops the guard when the scope that declares the value it is on is left. */
export function forgetGuardScope(view: SiteView, scope: TSESTree.Node, state: LifetimeState): LifetimeState {
  return state.guarded && getAcquisitionGuard(view)?.base?.scope.block === scope ? { ...state, guarded: false } : state;
}

/**
 * The outcome of `test` on a path that carries the guard, when the guard decides it: a
 * test of the guarded value's truthiness or nullishness (`!given`, `opts.conn == null`), or
 * a comparison of the resource with it (`runner !== this.runner`, which holds when the
 * guarded value was empty); `null` when it does not.
 */
export function guardedOutcome(view: SiteView, test: TSESTree.Node, state: LifetimeState): boolean | null {
  const guard = state.guarded ? getAcquisitionGuard(view) : null;
  return guard ? outcomeOf(view, guard, test, state, 0) : null;
}

function outcomeOf(view: SiteView, guard: AcquisitionGuard, test: TSESTree.Node, state: LifetimeState, depth: number): boolean | null {
  const inner = skipTransparentWrappers(test);
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
    const outcome = outcomeOf(view, guard, inner.argument, state, depth);
    return outcome === null ? null : !outcome;
  }
  const derived = depth < MAX_DERIVED && !isGuarded(view, guard, inner) ? getDerivedInit(view, inner) : null;
  if (derived) {
    // `const owned = !opts.conn`: a constant worked out from the guarded value.
    return outcomeOf(view, guard, derived, state, depth + 1);
  }
  if (inner.type === AST_NODE_TYPES.BinaryExpression && inner.left.type !== AST_NODE_TYPES.PrivateIdentifier) {
    const check = getNullCheck(inner);
    if (check) {
      const nullish = isGuarded(view, guard, check.subject) ? knownNullish(guard.holds) : null;
      if (nullish === null) {
        return null;
      }
      const loose = inner.operator === '==' || inner.operator === '!=';
      // Strictly equal to one of `null`/`undefined` is known only when the value is not nullish.
      return loose || !nullish ? nullish === check.nullishWhenTrue : null;
    }
    return compareWithHolder(view, guard, inner, state);
  }
  if (!isGuarded(view, guard, inner)) {
    return null;
  }
  return guard.holds === 'truthy' ? true : guard.holds === 'present' ? null : false;
}

/** Whether `expr` is nullish on a path that carries the guard, when the guard decides it. */
export function guardedNullish(view: SiteView, expr: TSESTree.Node, state: LifetimeState): boolean | null {
  const guard = state.guarded ? getAcquisitionGuard(view) : null;
  return guard && isGuarded(view, guard, expr) ? knownNullish(guard.holds) : null;
}

/** How many constants worked out from each other (`const owned = !given`) a test is followed through. */
const MAX_DERIVED = 3;

/** The initialiser of the stable variable `node` names (a `const`, or a `let` never written again). */
function getDerivedInit(view: SiteView, node: TSESTree.Node): TSESTree.Expression | null {
  if (node.type !== AST_NODE_TYPES.Identifier || !getStablePath(view.context, node)) {
    return null;
  }
  const definition = view.context.resolve(node)?.defs[0];
  const declarator = definition?.node;
  return declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.id.type === AST_NODE_TYPES.Identifier
    ? declarator.init
    : null;
}

function knownNullish(holds: Holds): boolean | null {
  return holds === 'nullish' ? true : holds === 'falsy' ? null : false;
}

function isGuarded(view: SiteView, guard: AcquisitionGuard, node: TSESTree.Node): boolean {
  return getStablePath(view.context, node)?.key === guard.key;
}

/**
 * `runner !== this.runner` where the resource is an object and the guarded value was empty
 * when it was acquired: they differ. (An object is never loosely equal to an empty value.)
 */
function compareWithHolder(view: SiteView, guard: AcquisitionGuard, test: TSESTree.BinaryExpression, state: LifetimeState): boolean | null {
  const { operator, left, right } = test;
  if (
    (operator !== '===' && operator !== '!==' && operator !== '==' && operator !== '!=') ||
    (guard.holds !== 'falsy' && guard.holds !== 'nullish')
  ) {
    return null;
  }
  const compared =
    (isHolder(view, left, state) && isGuarded(view, guard, right)) || (isHolder(view, right, state) && isGuarded(view, guard, left));
  return compared ? operator === '!==' || operator === '!=' : null;
}

/**
 * Whether `test`, skipping a release on a path that carries the guard, tests a value that
 * has nothing to do with the guarded one: another parameter or local (`if (!other)`), not
 * a constant worked out from the guarded value. Such a skip is no part of the choice the
 * resource was acquired under, so the path it leaves open leaks. Tests on `this` stay
 * undecided: a getter may read the guarded field.
 */
export function isUnrelatedToGuard(view: SiteView, test: TSESTree.Node, state: LifetimeState): boolean {
  const guard = state.guarded ? getAcquisitionGuard(view) : null;
  let subject = skipTransparentWrappers(test);
  while (subject.type === AST_NODE_TYPES.UnaryExpression && subject.operator === '!') {
    subject = skipTransparentWrappers(subject.argument);
  }
  subject = (subject.type === AST_NODE_TYPES.BinaryExpression ? getNullCheck(subject)?.subject : subject) ?? subject;
  const path = guard ? getStablePath(view.context, subject) : null;
  if (!guard || !path?.base || path.base === guard.base) {
    return false;
  }
  const init = getDerivedInit(view, subject);
  const base = guard.base;
  const mentionsGuard = (node: TSESTree.Node): boolean =>
    base === null ? node.type === AST_NODE_TYPES.ThisExpression : node.type === AST_NODE_TYPES.Identifier && view.context.resolve(node) === base;
  // A constant from the guarded value (`const owned = !given`), or from anything the
  // walk could not finish, may be the same decision.
  const found = init ? searchNode(init, mentionsGuard, { limit: 500 }) : null;
  return !found || (found.node === null && !found.exhausted);
}
