import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { contains, getPropertyName } from '../flow/syntax.js';
import type { CompletionKind, FlowDomain, Path } from '../flow/types.js';
import {
  closesOnAssertedFailure,
  escapesThroughHandle,
  findUseAfterRelease,
  releasesOnArrival,
  reopens,
  getPromiseAllTarget,
  isKeepAliveListener,
  isLocalCallOptions,
  hasBoundReleaseMember,
  isReleasingCallback,
  isRelease,
  releasesOnSomePaths,
  takesOwnership,
  waitsForReceiver,
} from './effects.js';
import { forgetGuardScope, guardAcquisition } from './guards.js';
import { forgetRelease, forgetScope, updateFacts } from './path-facts.js';
import type { Site } from './site.js';
import { getChainedRelease } from './promise-chains.js';
import {
  carriesHolder,
  type DomainContext,
  holds,
  isHolder,
  isUsingDeclared,
  type Leak,
  type LeakKind,
  type LifetimeState,
  NONE,
  opensLazily,
  openedBy,
  capturesHolder,
  raiseState,
  returnsHolder,
  type SiteView,
  stateKey,
  type Status,
  type UseAfterRelease,
} from './state.js';
import { endsPath, mayThrow } from './throws.js';
import { throwEffect } from './throw-effects.js';
import { assertsExhausted, isAssertedDoneRead } from './exhaustion.js';
import { assertsReleased, provesAlias, provesPresent } from './assertions.js';
import { endOf, isBindingOf, isCallArgument, isInFinally } from './positions.js';


export { type DomainContext, type Leak, type LeakKind, type LifetimeState, noneState, openState } from './state.js';
export { type Status, type UseAfterRelease } from './state.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { canShareRun, coarseStateKey, dropDeadHolders, EffectRecorder, isFinalState, isInertState, isReopenable, mayBeUsedFrom } from './shared-runs.js';
import { assumeNullishTest, assumeTest } from './assume.js';
import { bindWrapper, withoutWrappers } from './carriers.js';
import { escapesWithCapture, hasKeepingMember } from './captures.js';

/**
 * Typestate of one acquisition site over the flow interpreter. Leaks are recorded as
 * they are found (where the last holder dies, is overwritten, or the value is dropped)
 * so each can name its own exit.
 */
export class LifetimeDomain implements FlowDomain<LifetimeState>, SiteView {
  readonly leaks = new Map<string, Leak>();
  /** Uses after a release, by the use's position. */
  readonly usesAfterRelease = new Map<number, UseAfterRelease>();
  /** Whether some path released the resource or handed it on. */
  settled = false;

  constructor(
    readonly site: Site,
    readonly context: DomainContext,
    private readonly startsAtAcquisition: boolean,
    /** Keep following released paths, to find uses after the release. */
    private readonly followReleased = false,
    /** The caller reads only leaks, uses after release and `returned` exits (see isFinal). */
    private readonly dropsFinal = false,
    /** Runs are shared with sites like this one (shared-runs.ts): how often their acquisitions were read. */
    private readonly sharing: { readonly siteReads: () => number } | null = null,
  ) {
    this.effects = new EffectRecorder(this, sharing?.siteReads ?? null);
  }

  /** Leaks, uses after release and releases, as found and as replayed from shared runs. */
  private readonly effects: EffectRecorder;

  readonly canShare = (range: TSESTree.Range, paths: readonly Path<LifetimeState>[]): boolean =>
    this.sharing !== null && canShareRun(this.site, range, paths);

  readonly beginEffects = (): void => {
    this.effects.begin();
  };
  readonly endEffects = (): { effects: readonly unknown[]; shareable: boolean } => this.effects.end();
  readonly replayEffects = (effects: readonly unknown[]): void => {
    this.effects.replay(effects);
  };

  /** See isFinalState; only for a caller that reads no exit states but `returned`. */
  readonly isFinal = (state: LifetimeState): boolean => this.dropsFinal && isFinalState(this.site, state, this.followReleased);

  /**
   * Once the acquisition is behind the interpreter, a path where nothing was acquired,
   * or where the resource was released, handed on or already reported, cannot change.
   * Before it (a whole-function run of a site acquired mid-body) `none` can still open.
   * A path past an explicit release matters, when uses after it are looked for, only while
   * something from `next` on can still use or release it: following it further is what
   * made long straight-line functions quadratic.
   */
  isSettled(state: LifetimeState, next: TSESTree.Node | null = null): boolean {
    if (state.status === 'released' && isReopenable(this.site, state)) {
      // `client.connect()` after `disconnect()` may open it again.
      return !mayBeUsedFrom(this, state, next);
    }
    if (state.status === 'released' && this.followReleased) {
      return state.releasedBy === null || !mayBeUsedFrom(this, state, next);
    }
    return state.status === 'none' ? this.startsAtAcquisition : state.status !== 'open';
  }

  /** FlowDomain.isInert (see isInertState), and no holder or releasing function named from `next` on. */
  readonly isInert = (state: LifetimeState, next: TSESTree.Node): boolean =>
    this.dropsFinal && isInertState(this.site, state, next) && !mayBeUsedFrom(this, state, next);

  key(state: LifetimeState): string {
    return stateKey(state);
  }

  readonly coarseKey = (state: LifetimeState): string => coarseStateKey(this.site, state);

  transfer(node: TSESTree.Node, incoming: LifetimeState): LifetimeState {
    const state = updateFacts(this, node, incoming);
    if (node === this.site.value) {
      return this.acquire(state);
    }
    if (
      state.status === 'returned' &&
      node.type === AST_NODE_TYPES.ReturnStatement &&
      !(node.argument && this.site.value && contains(node.argument, this.site.value)) &&
      !returnsHolder(this, node, state)
    ) {
      // Only a `finally` runs after `return client`; its own `return` replaces the value.
      return this.leak('return', node, { ...state, status: 'open' });
    }
    if (node.type === AST_NODE_TYPES.CallExpression && (state.status === 'open' || state.status === 'released') && endsPath(this, node)) {
      // `process.exit()` ends the process; mocha's `this.skip()` throws: nothing runs after.
      return this.with(state, 'handedOff');
    }
    if (state.status === 'released') {
      if (provesAlias(this, node, state)) {
        return this.with(state, 'handedOff');
      }
      if (node.type === AST_NODE_TYPES.CallExpression && reopens(this, node, withoutWrappers(this, state))) {
        return { ...state, status: 'open', releasedBy: null };
      }
      if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
        const use = findUseAfterRelease(this, node, withoutWrappers(this, state));
        if (use) {
          this.effects.record({ use, at: node.range[0] });
        }
      } else if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.Identifier) {
        // `client = await pool.connect()` after the release: the name holds another one now.
        const variable = this.context.resolve(node.left);
        const id = variable ? this.context.idOf(variable) : -1;
        return state.holders.includes(id)
          ? forgetRelease(this, { ...state, holders: state.holders.filter((holder) => holder !== id) })
          : state;
      }
      return state;
    }
    if (state.status === 'returned' && node.type === AST_NODE_TYPES.CallExpression && isRelease(this, node, { ...state, status: 'open' })) {
      // `try { return c; } finally { c?.release(); throw e; }`: released before the
      // `finally` replaces the return, so nothing is lost when it completes abruptly.
      return this.with(state, 'released', node);
    }
    if (state.status !== 'open') {
      return state;
    }
    if (this.site.errorVariable !== null && provesPresent(node, this.site.errorVariable, (inner) => this.context.resolve(inner))) {
      // `expect(err).to.be.an(Error)`, `err.message` in a driver callback: it failed, handing over nothing.
      return NONE;
    }
    const wrapped = bindWrapper(this, node, state);
    if (wrapped) {
      return wrapped;
    }
    switch (node.type) {
      case AST_NODE_TYPES.CallExpression:
        return this.call(node, state);
      case AST_NODE_TYPES.TaggedTemplateExpression: // `` prisma.$queryRaw`select 1` ``
        return state.dormant && opensLazily(this, node, state) ? { ...state, dormant: false } : state;
      case AST_NODE_TYPES.MemberExpression:
        // `expect(doc).to.be.null` after the last read, `expect(c.quit.called).to.be.true`: or the test failed.
        return assertsExhausted(this, node, state) || assertsReleased(this, node, state) ? this.with(state, 'released') : state;
      case AST_NODE_TYPES.ForOfStatement:
        // `for (const row of cursor)` / `for await`: completing the loop uses the resource
        // up, and leaving it early by `break`, `return` or a throw calls its `return()`.
        return isHolder(this, node.right, state) ? this.with(state, 'released') : state;
      case AST_NODE_TYPES.NewExpression:
        // `new Repo(client)` takes the resource over; `new Promise((resolve) => { …
        // client.release(); … })` runs a function that releases it (an executor at once,
        // a callback later): the function decides, as a releasing callback does for a call.
        return node.arguments.some((argument) => isHolder(this, argument, state) || isReleasingCallback(this, argument, state))
          ? this.with(state, 'handedOff')
          : state;
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.ObjectExpression:
        // Stored in an object or array that may outlive the function, or in an object with a
        // bound release as a member (`{ return: it.return?.bind(it), next }`): handed off. An
        // options object passed straight to a call (`User.create(data, { transaction: t })`)
        // is a use, like passing the resource itself, also when kept in a local `const` first.
        if (!carriesHolder(this, node, state) && !hasBoundReleaseMember(this, node, state) && !hasKeepingMember(this, node, state)) return state;
        return isCallArgument(node) || isLocalCallOptions(this, node) ? state : this.with(state, 'handedOff');
      case AST_NODE_TYPES.VariableDeclarator: {
        const target = node.init && isHolder(this, node.init, state) ? node.id : getPromiseAllTarget(this, node, state);
        return target ? this.bind(target, state) : state;
      }
      case AST_NODE_TYPES.AssignmentExpression:
        return this.assign(node, state);
      case AST_NODE_TYPES.ReturnStatement: {
        if (!node.argument || !isHolder(this, node.argument, state)) {
          return this.dropAnonymous(node, state);
        }
        if (!isHolder(this, node.argument, withoutWrappers(this, state))) {
          // A wrapper goes to the caller, which does not get the resource as such (no acquirer).
          return this.with(state, 'handedOff');
        }
        // `return c` of a `using` variable still disposes it on the way out.
        const variable = this.context.resolve(node.argument);
        return this.with(state, variable && isUsingDeclared(variable) ? 'released' : 'returned');
      }
      case AST_NODE_TYPES.ExpressionStatement:
        return this.dropAnonymous(node, state);
      case AST_NODE_TYPES.YieldExpression:
        // The consumer gets it and the generator goes on: handed on, not returned.
        return node.argument && isHolder(this, node.argument, state) ? this.with(state, 'handedOff') : state;
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression: // one that uses a lazy resource may run, which opens it
        return this.closure(node, state.dormant && capturesHolder(this, node, state) ? { ...state, dormant: false } : state);
      default:
        return state;
    }
  }

  mayThrow(node: TSESTree.Node): boolean {
    return mayThrow(this, node);
  }

  throwState(node: TSESTree.Node, given: LifetimeState): LifetimeState {
    const before = openedBy(this, node, given), effect = throwEffect(this, node, before); // a call may fail after opening it
    if (effect === 'releaseFailed') {
      return { ...before, releasedBy: null };
    }
    return effect === null ? this.raise(before, true) : this.with(before, effect);
  }

  private raise(state: LifetimeState, raised: boolean): LifetimeState {
    return raiseState(this, state, raised);
  }

  assume(
    test: TSESTree.Expression,
    truthy: boolean,
    incoming: LifetimeState,
    skipped: TSESTree.Node | null,
  ): LifetimeState | null {
    return assumeTest(this, test, truthy, incoming, skipped);
  }

  assumeNullish(
    expr: TSESTree.Expression,
    nullish: boolean,
    state: LifetimeState,
    skipped: TSESTree.Node | null,
  ): LifetimeState | null {
    return assumeNullishTest(this, expr, nullish, state, skipped);
  }

  leaveScope(scope: TSESTree.Node, path: Path<LifetimeState>, kind: CompletionKind): LifetimeState {
    // Leaving a scope by a throw (also a `throw` statement), an exception is on its way out;
    // leaving a `catch` clause any other way, the one it caught is handled.
    const raised = kind === 'throw' ? true : scope.type === AST_NODE_TYPES.CatchClause ? false : path.state.raised === true;
    const state = forgetRelease(this, forgetGuardScope(this, scope, forgetScope(this, scope, dropDeadHolders(this, scope, this.raise(path.state, raised)))));
    if (state.status === 'returned' && scope === this.site.fn && kind !== 'return') {
      // `return client` was overridden by a `finally` that threw, broke out or fell through.
      return this.leak(kind, path.origin ?? endOf(scope), { ...state, status: 'open' });
    }
    if (state.status === 'open' && state.anonymous && scope === this.site.fn && waitsForReceiver(this.site)) {
      const discarded = kind === 'normal' || kind === 'return';
      return this.leak(discarded ? 'discarded' : kind, discarded ? this.site.node : (path.origin ?? endOf(scope)), state);
    }
    if (state.status !== 'open' || state.holders.length === 0) {
      return state;
    }
    const dying = new Set<number>();
    let disposed = false;
    for (const id of state.holders) {
      const variable = this.context.variableOf(id);
      if (variable && (variable.scope.block === scope || (scope === this.site.fn && this.context.isLocal(variable)))) {
        dying.add(id);
        disposed ||= isUsingDeclared(variable);
      }
    }
    if (dying.size === 0) {
      return state;
    }
    if (disposed) {
      return this.with(state, 'released');
    }
    const holders = state.holders.filter((id) => !dying.has(id));
    if (holders.length > 0) {
      return { ...state, holders };
    }
    return this.leak(kind, path.origin ?? endOf(scope), state);
  }

  /** `holds`, also for a returned resource: a `finally` after `return c` may still test and release `c`. */
  holdsAny(node: TSESTree.Node, state: LifetimeState): boolean {
    return holds(this, node, state.status === 'returned' ? { ...state, status: 'open' } : state);
  }

  /** `state` moved to `status`, with what a settled state keeps (holders, facts, the guard). */
  with(state: LifetimeState, status: Status, releasedBy: TSESTree.CallExpression | null = null): LifetimeState {
    // A released resource keeps its holders, so `if (client)` still narrows after release;
    // a returned one, so a `finally` returning the same variable is recognised.
    const holders = status === 'released' || status === 'returned' ? state.holders : [];
    if (status === 'released' || status === 'returned' || status === 'handedOff') {
      this.effects.record('settled');
    }
    const kept = status === 'open' || status === 'released';
    const facts = kept ? state.facts : [];
    const guarded = kept && state.guarded;
    return { status, holders, anonymous: false, undecided: state.undecided, dormant: false, releasedBy, facts, reads: [], guarded };
  }

  private leak(kind: LeakKind, at: TSESTree.Node, state: LifetimeState): LifetimeState {
    if (state.dormant) {
      // Never read, it never opened: nothing leaks, and nothing was settled either.
      return NONE;
    }
    if (!state.undecided) {
      // Given up unsettled in a `finally` that an exception entered: a leak only on a throw.
      const raised = kind === 'abandoned' && state.raised === true && isInFinally(at);
      const key = `${kind}:${String(at.range[0])}:${String(at.range[1])}${raised ? ':raised' : ''}`;
      this.effects.record({ key, leak: raised ? { kind, at, raised } : { kind, at } });
    }
    return this.with(state, 'lost');
  }

  private acquire(state: LifetimeState): LifetimeState {
    const current = state;
    const { destination } = this.site;
    if (current.status === 'open') {
      // Acquiring again at the same site while the previous one is open: if the previous
      // one's only holder is the variable about to receive the new one, it is lost.
      const target = destination.kind === 'variable' ? this.context.idOf(destination.variable) : -1;
      if (current.anonymous || (current.holders.length === 1 && current.holders[0] === target)) {
        this.leak('overwritten', this.site.node, current);
      }
    }
    const fresh = guardAcquisition(this, { ...NONE, status: 'open', dormant: this.site.opensOn.size > 0 });
    switch (destination.kind) {
      case 'variable':
        return { ...fresh, holders: [this.context.idOf(destination.variable)] };
      case 'returned':
        return this.with(fresh, 'returned');
      case 'handedOff':
        return this.with(fresh, 'handedOff');
      case 'member':
      case 'wrapped': // bound to its carrier where the wrapper is built (bindWrapper)
        return { ...fresh, anonymous: true };
      case 'discarded': // `await pool.getConnection(); … pool.close(0)`: the pool may close it.
        return waitsForReceiver(this.site) ? { ...fresh, anonymous: true } : this.leak('discarded', this.site.node, fresh);
    }
  }

  private call(node: TSESTree.CallExpression, state: LifetimeState): LifetimeState {
    const callee = skipTransparentWrappers(node.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    // A wrapper's own methods are not the resource's (`session.close()`); passing it on is.
    const direct = withoutWrappers(this, state);
    const onHolder = method !== null && callee.type === AST_NODE_TYPES.MemberExpression && isHolder(this, callee.object, direct);
    if (onHolder && this.site.abandon.matches(node, method)) {
      // `client.release()` with the transaction still open: the next borrower inherits it.
      return this.leak('abandoned', node, state);
    }
    if (isRelease(this, node, state)) {
      return this.with(state, 'released', node);
    }
    if (closesOnAssertedFailure(this, node, direct) || assertsReleased(this, node, direct)) {
      return this.with(state, 'released');
    }
    if (state.dormant && onHolder && state.anonymous && this.site.kind === 'cursor' && this.site.opensOn.has(method)) {
      // `coll.find(q).limit(1).next()`: a lazy cursor read once and never named is the
      // "find one" idiom, whose single batch the driver closes by itself most of the time;
      // whether more is left is not decidable here, so it is not reported. A connection
      // opened that way (`makeStore().getClient()`) is open, and dropped.
      return this.with(state, 'handedOff');
    }
    // Lazy: opened by `cursor.next()`, `prisma.user.findMany()`, `seed(prisma)`; the call may also take it.
    const opens = onHolder ? this.site.opensOn.has(method) || this.site.opensOn.has('*') : opensLazily(this, node, direct);
    return this.settleCall(node, state.dormant && opens ? { ...state, dormant: false } : state, direct);
  }

  private settleCall(node: TSESTree.CallExpression, state: LifetimeState, direct: LifetimeState): LifetimeState {
    const chained = getChainedRelease(this, node, direct);
    // `connect().then(() => client.query(sql)).then(release)`: a failing query skips it.
    if (chained.throwsAt) this.leak('throw', chained.throwsAt, state);
    const handedOn = chained.fulfilled || chained.throwsAt !== undefined || escapesThroughHandle(this, node, direct) || takesOwnership(this, node, state);
    if (handedOn || releasesOnArrival(this, node, state) || isKeepAliveListener(this, node, direct)) {
      return this.with(state, 'handedOff');
    }
    // A helper that releases it on some paths only (`done(c, nested)`) uses it; "never released" would be false.
    this.settled ||= releasesOnSomePaths(this, node, direct);
    return state;
  }

  private closure(node: TSESTree.Node, state: LifetimeState): LifetimeState {
    if (!this.site.releasingFunctions.has(node)) {
      // A returned or stored closure that uses the resource takes it along (captures.ts).
      return escapesWithCapture(this, node, state) ? this.with(state, 'handedOff') : state;
    }
    const parent = node.parent;
    // Bound to a local name, it releases when called (see releaseFunctions); passed as an
    // argument, the call decides; stored or returned, whoever runs it releases.
    if (
      parent?.type === AST_NODE_TYPES.VariableDeclarator ||
      parent?.type === AST_NODE_TYPES.CallExpression ||
      parent?.type === AST_NODE_TYPES.NewExpression
    ) {
      return state;
    }
    return this.with(state, 'handedOff');
  }

  private bind(target: TSESTree.Node, state: LifetimeState): LifetimeState {
    const variable = this.context.resolve(target);
    if (!variable || !this.context.isLocal(variable)) {
      return this.with(state, 'handedOff');
    }
    const id = this.context.idOf(variable);
    if (state.holders.includes(id)) {
      return state;
    }
    return { ...state, anonymous: false, holders: [...state.holders, id].sort((a, b) => a - b) };
  }

  private assign(node: TSESTree.AssignmentExpression, state: LifetimeState): LifetimeState {
    if (this.site.value !== null && isBindingOf(node, this.site.value)) {
      // The acquisition itself: `acquire` has bound the new value already.
      return state;
    }
    const target = skipTransparentWrappers(node.left);
    const settled = target.type === AST_NODE_TYPES.ArrayPattern ? getPromiseAllTarget(this, node, state) : null;
    if (settled) {
      return this.bind(settled, state);
    }
    if (target.type !== AST_NODE_TYPES.Identifier) {
      // `this.client = client`, `registry[id] = client`: stored where others can reach it.
      return isHolder(this, node.right, state) && node.operator === '=' ? this.with(state, 'handedOff') : state;
    }
    if (isHolder(this, node.right, state)) {
      return this.bind(target, state);
    }
    const variable = this.context.resolve(target);
    if (!variable) {
      return state;
    }
    const id = this.context.idOf(variable);
    if (!state.holders.includes(id)) {
      return state;
    }
    const holders = state.holders.filter((holder) => holder !== id);
    if (holders.length > 0) {
      return { ...state, holders };
    }
    return this.leak('overwritten', node, state);
  }

  /** At the end of a statement, a resource never bound to a variable is dropped. */
  private dropAnonymous(node: TSESTree.Node, state: LifetimeState): LifetimeState {
    if (state.anonymous && isAssertedDoneRead(this)) {
      return this.with(state, 'released'); // `const { done } = await it.next(); expect(done).toBe(true)`
    }
    return state.anonymous && !waitsForReceiver(this.site) ? this.leak('discarded', this.site.node, state) : state;
  }
}
