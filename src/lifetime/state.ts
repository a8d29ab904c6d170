import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { CompletionKind } from '../flow/types.js';
import type { FunctionNode } from '../flow/interpreter.js';
import { firstArgumentReturningCalls } from '../models/ownership.js';
import type { Site } from './site.js';
import { getReturnedExpressions, type ThrowModel } from './throw-model.js';
import { getPropertyName, isFunctionNode } from '../flow/syntax.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

type Variable = TSESLint.Scope.Variable;

/**
 * The typestate of one acquisition site on one path:
 * - `none`: not acquired (yet, or on this path at all);
 * - `open`: acquired and not yet released;
 * - `released`: released by this function;
 * - `returned`: given to the caller by `return`: the caller owns it now;
 * - `handedOff`: stored or passed where someone else releases it;
 * - `lost`: leaked here (already recorded), so later exits do not report it again.
 */
export type Status = 'handedOff' | 'lost' | 'none' | 'open' | 'released' | 'returned';

/** One path's state for one site. */
export interface LifetimeState {
  readonly status: Status;
  /** Local variables that hold the open resource, as ids from the analysis. */
  readonly holders: readonly number[];
  /** The resource is open but not bound to a variable yet (`(await pool.connect()).release()`). */
  readonly anonymous: boolean;
  /**
   * A release was skipped under a condition the analysis cannot relate to the choice the
   * resource was acquired under, so whether this path leaks is not decidable here.
   */
  readonly undecided: boolean;
  /** The resource holds nothing yet: it opens on first use (a MongoDB cursor's first read). */
  readonly dormant: boolean;
  /** The call that released it, when `released` by an explicit call (not used up). */
  readonly releasedBy: TSESTree.CallExpression | null;
  /**
   * Outcomes of tests of variables that never change (`if (quick)`), as `[id, truthy]`
   * sorted by id, so a later test of the same variable takes the same side.
   */
  readonly facts: readonly (readonly [number, boolean])[];
  /** Variables that hold, on this path, the latest value read from the resource (by id). */
  readonly reads: readonly number[];
  /**
   * The site acquired under a guard (`given ?? acquire()`, see guards.ts) on this path, and
   * the guarded value is still the one it tested, so later tests of it take the same side.
   */
  readonly guarded: boolean;
  /**
   * An exception is on its way out on this path (taken on a throw edge, not caught since):
   * a `finally` entered by it runs with this set. Kept only for sites whose model gives a
   * resource up without settling it (`abandonedBy`), and only while it is open, so a
   * release-with-the-transaction-open there can be told from one on a normal path.
   */
  readonly raised?: boolean;
}

/** How a leak leaves the function (or its scope). */
export type LeakKind = CompletionKind | 'abandoned' | 'discarded' | 'overwritten';

/** A use (or second release) of a resource after a release on some path. */
export interface UseAfterRelease {
  /** A call on the resource, or a template it tags (`` reserved`select 1` ``). */
  readonly use: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;
  readonly release: TSESTree.CallExpression;
  /** The use is itself a release. */
  readonly twice: boolean;
}

/** A leak found on some path. */
export interface Leak {
  readonly kind: LeakKind;
  /** The `return`, throwing call, `break`/`continue`, overwriting assignment, or scope end. */
  readonly at: TSESTree.Node;
  /**
   * An `abandoned` leak on a path where an exception is on its way out (a `finally` entered
   * by a throw): like a `throw` leak, it happens only when something failed.
   */
  readonly raised?: boolean;
}

/** Where a leaking path leaves: the end of a block it falls off, else where it starts. */
export function leakPosition(leak: Leak): number {
  return leak.kind === 'normal' ? leak.at.range[1] : leak.at.range[0];
}

/** What the domain needs to know beyond the site: same-file summaries and variable ids. */
export interface DomainContext {
  resolve(node: TSESTree.Node): Variable | null;
  idOf(variable: Variable): number;
  variableOf(id: number): Variable | undefined;
  /** Whether `variable` belongs to the analysed function (its parameters and locals). */
  isLocal(variable: Variable): boolean;
  /**
   * How a tested variable's value can be followed: `stable` if it never changes after its
   * declaration and is read more than once, `flag` if every value it is given is `true` or
   * `false` (in this function), `null` otherwise.
   */
  conditionKind(variable: Variable): 'flag' | 'stable' | null;
  /** Whether `call` acquires a resource whose model says the acquiring call does not throw. */
  isQuietAcquisition(call: TSESTree.CallExpression): boolean;
  /** With types: whether `receiver.method(…)` is a built-in collection's method that cannot throw. */
  isTypedCollectionCall(receiver: TSESTree.Node, method: string): boolean;
  /** A flag's value where `site` acquires, when the code before it decides it. */
  flagValueAtAcquisition(variable: Variable, site: Site): boolean | null;
  /** Whether `call` calls a function defined in this file (whose body then decides, not its name). */
  isSameFileFunction(call: TSESTree.CallExpression): boolean;
  /**
   * Whether calling `call` releases the argument at `index` (a releaser, an option);
   * `partly` when its callee releases it on some paths only (see ParameterEffect).
   */
  releasesArgument(call: TSESTree.CallExpression, index: number): boolean | 'partly' | 'unknown';
  /** Whether calling `call` takes the argument at `index` over (its callee stores it where it escapes). */
  takesArgument(call: TSESTree.CallExpression, index: number): boolean;
  /** The argument `call` gives back as its result (a pass-through), by its callee's body; `null` if none. */
  returnedArgument(call: TSESTree.CallExpression): number | null;
  /** Which calls cannot throw, and which end the process (src/lifetime/throws.ts). */
  readonly throwModel: ThrowModel;
  /**
   * Whether `call` reaches a function of this file or of another module whose body has no
   * throwing operation on any path (the cannot-throw summary, src/summaries/throws.ts).
   */
  calleeCannotThrow(call: TSESTree.CallExpression): boolean;
  /** The function `call` runs, in this file or another module, with that module's context; `null` when not known. */
  calledFunction(call: TSESTree.CallExpression): { readonly fn: FunctionNode; readonly context: DomainContext } | null;
  /** Whether `fn` (a handler written in this file) releases its parameter `index` on every path, for `site`'s release. */
  releasesParameter(fn: FunctionNode, index: number, site: Site): boolean | 'unknown';
  /** Whether `new C(…)` cannot throw by the body of `C` (same file or imported; see constructionCannotThrow). */
  constructionCannotThrow(call: TSESTree.NewExpression): boolean;
}

/** The site a domain tracks and what it asks of the file: what the helpers of the domain read. */
export interface SiteView {
  readonly site: Site;
  readonly context: DomainContext;
}

/** States are immutable, so each one's key is worked out once. */
const keys = new WeakMap<LifetimeState, string>();

/** The state before anything happened (shared: states are immutable). */
export const NONE: LifetimeState = {
  status: 'none',
  holders: [],
  anonymous: false,
  undecided: false,
  dormant: false,
  releasedBy: null,
  facts: [],
  reads: [],
  guarded: false,
};

/** The initial state for a site whose resource is open on entry (a parameter). */
export function openState(holders: readonly number[]): LifetimeState {
  return { ...NONE, status: 'open', holders: [...holders].sort((a, b) => a - b) };
}

/** The state before anything happened. */
export function noneState(): LifetimeState {
  return NONE;
}

/** Identity of a state, for merging paths: worked out once per (immutable) state. */
export function stateKey(state: LifetimeState): string {
  let key = keys.get(state);
  if (key === undefined) {
    const flags = `${state.anonymous ? 'a' : ''}${state.undecided ? 'u' : ''}${state.dormant ? 'd' : ''}${state.guarded ? 'g' : ''}${state.raised === true ? 'r' : ''}`;
    const facts = state.facts.map(([id, truthy]) => `${String(id)}${truthy ? '+' : '-'}`).join(',');
    key = `${state.status}|${state.holders.join(',')}|${flags}|${String(state.releasedBy?.range[0] ?? '')}|${facts}|${state.reads.join(',')}`;
    keys.set(state, key);
  }
  return key;
}

/** `state` with `raised` set or cleared, where the site can be given up unsettled (see LifetimeState.raised). */
export function raiseState(view: SiteView, state: LifetimeState, raised: boolean): LifetimeState {
  if (view.site.abandon.size === 0 || state.status !== 'open' || (state.raised === true) === raised) {
    return state;
  }
  return { ...state, raised };
}

/** Whether `node` evaluates to the tracked resource on this path. */
export function isHolder(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
  const inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) {
    return isHolder(view, inner.argument, state);
  }
  if (state.anonymous && view.site.value !== null && (inner === view.site.value || isValueOf(inner, view.site.value))) {
    return true;
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    // `withTimeout(client)`: a callee that gives back what it was given (a pass-through).
    const index = inner.arguments.findIndex((argument) => isHolder(view, argument, state));
    if (index >= 0 && view.context.returnedArgument(inner) === index) {
      return true;
    }
  }
  if (inner.type === AST_NODE_TYPES.CallExpression && isChainedOn(view, inner, state)) {
    // `const connected = await redis.connect()`: a method that returns the resource itself.
    return true;
  }
  if (inner.type === AST_NODE_TYPES.LogicalExpression && (inner.operator === '??' || inner.operator === '||')) {
    // A held resource is an object, so `held ?? other` and `held || other` are `held`.
    return holds(view, inner.left, state);
  }
  if (inner.type === AST_NODE_TYPES.CallExpression && isRaceOver(view, inner, state)) {
    // `await Promise.race([pending, timeout])` settles with the resource when it wins, as
    // the race around an acquisition does (getValueNode in site.ts).
    return true;
  }
  if (inner.type === AST_NODE_TYPES.CallExpression && fulfilsWithHolder(view, inner, state)) {
    // `ready.then(() => held)` settles with the resource: returning it returns the resource.
    return true;
  }
  if (inner.type === AST_NODE_TYPES.CallExpression && returnsFirstArgument(view, inner)) {
    // `Object.assign(held, { on })` is `held`.
    const [first] = inner.arguments;
    return first !== undefined && isHolder(view, first, state);
  }
  return holds(view, inner, state);
}

/** A call of one of the model's `chain` methods on a holder: its value is the resource. */
function isChainedOn(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): boolean {
  const callee = skipTransparentWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !view.site.chain?.size) {
    return false;
  }
  const method = getPropertyName(callee);
  return method !== null && view.site.chain.has(method) && holds(view, callee.object, state);
}

/** `Promise.race([…])` / `Promise.any([…])` of the global `Promise` with the resource among the racers. */
function isRaceOver(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): boolean {
  const callee = skipTransparentWrappers(call.callee);
  const [racers] = call.arguments;
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    callee.computed ||
    callee.object.type !== AST_NODE_TYPES.Identifier ||
    callee.object.name !== 'Promise' ||
    callee.property.type !== AST_NODE_TYPES.Identifier ||
    (callee.property.name !== 'race' && callee.property.name !== 'any') ||
    racers?.type !== AST_NODE_TYPES.ArrayExpression ||
    view.context.resolve(callee.object)?.defs.length
  ) {
    return false;
  }
  return racers.elements.some((racer) => racer !== null && racer.type !== AST_NODE_TYPES.SpreadElement && isHolder(view, racer, state));
}

/**
 * `p.then(() => held)`: a promise whose fulfilment handler, written in place, gives back the
 * resource on every `return`. The promise is fulfilled with the resource itself; a rejection
 * handler beside it (`(err) => (close(held), Promise.reject(err))`) is the caller's business
 * as much as a `catch` around `return held` would be.
 */
function fulfilsWithHolder(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): boolean {
  const callee = skipTransparentWrappers(call.callee);
  const handler = call.arguments[0] ? skipTransparentWrappers(call.arguments[0]) : null;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'then' || !handler || !isFunctionNode(handler)) {
    return false;
  }
  const returned = getReturnedExpressions(handler);
  return returned.length > 0 && returned.every((value) => isHolder(view, value, state));
}

/** `Object.assign(x, …)`, `Object.freeze(x)`: a global `Object` member that returns `x`. */
function returnsFirstArgument(view: SiteView, call: TSESTree.CallExpression): boolean {
  const callee = skipTransparentWrappers(call.callee);
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    callee.computed ||
    callee.object.type !== AST_NODE_TYPES.Identifier ||
    callee.object.name !== 'Object' ||
    callee.property.type !== AST_NODE_TYPES.Identifier ||
    !firstArgumentReturningCalls.includes(callee.property.name)
  ) {
    return false;
  }
  const variable = view.context.resolve(callee.object);
  return variable === null || variable.defs.length === 0;
}

/** Whether `node` is a variable holding the resource on this path. */
export function holds(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
  if (state.holders.length === 0 || (state.status !== 'open' && state.status !== 'released')) {
    return false;
  }
  const variable = view.context.resolve(node);
  return variable !== null && state.holders.includes(view.context.idOf(variable));
}

/**
 * For a resource whose model opens it through its members (see `opensThroughMembers`):
 * whether `node` goes through a property of it (`prisma.user.findMany()`), passes it to a
 * function (`seed(prisma)`), or tags a template with one of its opening methods
 * (`` prisma.$queryRaw`select 1` ``). A call of an opening method on it is the domain's.
 */
export function opensLazily(view: SiteView, node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, state: LifetimeState): boolean {
  if (!view.site.opensThroughMembers) {
    return false;
  }
  const callee = skipTransparentWrappers(node.type === AST_NODE_TYPES.CallExpression ? node.callee : node.tag);
  const object = callee.type === AST_NODE_TYPES.MemberExpression ? skipTransparentWrappers(callee.object) : null;
  if (object?.type === AST_NODE_TYPES.MemberExpression && isHolder(view, object.object, state)) {
    return true;
  }
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    return object !== null && method !== null && (view.site.opensOn.has(method) || view.site.opensOn.has('*')) && isHolder(view, object, state);
  }
  return node.arguments.some((argument) => isHolder(view, argument, state));
}

/**
 * The state a call fails in, for a resource that opens on any of its methods (`opensOn: ['*']`):
 * open where the call is one of them, since it may fail after opening (a TypeORM runner's first
 * `query()` takes a connection, then the query fails). A function the resource is only given
 * that fails at once has not opened it (a runner connects asynchronously); one that fails later
 * does so at the `await`, where the resource is open.
 */
export function openedBy(view: SiteView, node: TSESTree.Node, state: LifetimeState): LifetimeState {
  if (!state.dormant || node.type !== AST_NODE_TYPES.CallExpression || !view.site.opensOn.has('*')) {
    return state;
  }
  const callee = skipTransparentWrappers(node.callee);
  const onHolder = callee.type === AST_NODE_TYPES.MemberExpression && isHolder(view, callee.object, state);
  return onHolder ? { ...state, dormant: false } : state;
}

/**
 * For a resource whose model opens it through its members (see `opensThroughMembers`):
 * whether the function `fn`, created here, reads a variable that holds it
 * (`ids.map((id) => runner.manager.delete(T, id))`): whoever calls it may open it.
 */
export function capturesHolder(view: SiteView, fn: TSESTree.Node, state: LifetimeState): boolean {
  return (
    view.site.opensThroughMembers &&
    state.holders.some((id) =>
      (view.context.variableOf(id)?.references ?? []).some(
        (reference) => reference.identifier.range[0] >= fn.range[0] && reference.identifier.range[1] <= fn.range[1],
      ),
    )
  );
}

/** Whether `node` is the resource, or an object or array literal with it as a member. */
export function carriesHolder(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
  const inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.ObjectExpression) {
    return inner.properties.some((property) =>
      isHolder(view, property.type === AST_NODE_TYPES.Property ? property.value : property.argument, state),
    );
  }
  if (inner.type === AST_NODE_TYPES.ArrayExpression) {
    return inner.elements.some((element) => element !== null && isHolder(view, element, state));
  }
  return isHolder(view, inner, state);
}

function isValueOf(node: TSESTree.Node, value: TSESTree.Node): boolean {
  return value.type === AST_NODE_TYPES.AwaitExpression && skipTransparentWrappers(value.argument) === node;
}

/** Whether `variable` is declared by `using` or `await using`, so leaving its scope disposes it. */
export function isUsingDeclared(variable: Variable): boolean {
  return variable.defs.some(
    (definition) =>
      definition.type === DefinitionType.Variable &&
      definition.parent.kind.endsWith('using'),
  );
}

/** Whether `node` returns a variable that held the resource when it was returned. */
export function returnsHolder(view: SiteView, node: TSESTree.ReturnStatement, state: LifetimeState): boolean {
  const variable = node.argument ? view.context.resolve(node.argument) : null;
  return variable !== null && state.holders.includes(view.context.idOf(variable));
}
