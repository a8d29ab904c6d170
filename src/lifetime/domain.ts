import { TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  contains,
  getAwaitedCall,
  getNullCheck,
  getPropertyName,
  getTrailingName,
  skipTypeWrappers,
} from '../flow/syntax.js';
import { nonThrowingCalls } from '../models/non-throwing.js';
import { ownershipTakingCalls } from '../models/ownership.js';
import type { CompletionKind, FlowDomain, Path } from '../flow/types.js';
import { isGuardedByFlag, readsFlag } from './flags.js';
import type { Site } from './site.js';

type Variable = TSESLint.Scope.Variable;
const { DefinitionType } = TSESLint.Scope;

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
  /** A flag's value where `site` acquires, when the code before it decides it. */
  flagValueAtAcquisition(variable: Variable, site: Site): boolean | null;
  /** Whether `call` calls a function defined in this file (whose body then decides, not its name). */
  isSameFileFunction(call: TSESTree.CallExpression): boolean;
  /** Whether calling `call` releases the argument at `index` (a same-file releaser, an option). */
  releasesArgument(call: TSESTree.CallExpression, index: number): boolean;
}

const ownershipPatterns = ownershipTakingCalls.map((source) => new RegExp(source, 'i'));

/** States are immutable, so each one's key is worked out once. */
const keys = new WeakMap<LifetimeState, string>();

/** How many test outcomes one path remembers. */
const MAX_FACTS = 4;

const NONE: LifetimeState = {
  status: 'none',
  holders: [],
  anonymous: false,
  undecided: false,
  dormant: false,
  releasedBy: null,
  facts: [],
  reads: [],
};

/** The initial state for a site whose resource is open on entry (a parameter). */
export function openState(holders: readonly number[]): LifetimeState {
  return { ...NONE, status: 'open', holders: [...holders].sort((a, b) => a - b) };
}

/** The state before anything happened. */
export function noneState(): LifetimeState {
  return NONE;
}

/**
 * Typestate of one acquisition site over the flow interpreter. Leaks are recorded as
 * they are found (where the last holder dies, is overwritten, or the value is dropped)
 * so each can name its own exit.
 */
export class LifetimeDomain implements FlowDomain<LifetimeState> {
  readonly leaks = new Map<string, Leak>();
  /** Uses after a release, by the use's position. */
  readonly usesAfterRelease = new Map<number, UseAfterRelease>();
  /** Whether some path released the resource or handed it on. */
  settled = false;

  constructor(
    private readonly site: Site,
    private readonly context: DomainContext,
    private readonly startsAtAcquisition: boolean,
    /** Keep following released paths, to find uses after the release. */
    private readonly followReleased = false,
  ) {}

  /**
   * Once the acquisition is behind the interpreter, a path where nothing was acquired,
   * or where the resource was released, handed on or already reported, cannot change.
   * Before it (a whole-function run of a site acquired mid-body) `none` can still open.
   */
  isSettled(state: LifetimeState): boolean {
    if (state.status === 'released' && this.followReleased) {
      return state.releasedBy === null;
    }
    return state.status === 'none' ? this.startsAtAcquisition : state.status !== 'open';
  }

  key(state: LifetimeState): string {
    let key = keys.get(state);
    if (key === undefined) {
      const flags = `${state.anonymous ? 'a' : ''}${state.undecided ? 'u' : ''}${state.dormant ? 'd' : ''}`;
      const facts = state.facts.map(([id, truthy]) => `${String(id)}${truthy ? '+' : '-'}`).join(',');
      key = `${state.status}|${state.holders.join(',')}|${flags}|${String(state.releasedBy?.range[0] ?? '')}|${facts}|${state.reads.join(',')}`;
      keys.set(state, key);
    }
    return key;
  }

  transfer(node: TSESTree.Node, incoming: LifetimeState): LifetimeState {
    // A declaration run again (in a loop) gives its variable a new value; a flag takes the
    // value written to it.
    let state = incoming;
    if (incoming.facts.length > 0) {
      if (node.type === AST_NODE_TYPES.VariableDeclarator) {
        state = this.forget(node.id, state);
      } else if (node.type === AST_NODE_TYPES.VariableDeclaration) {
        // The binding of a `for (const x of …)` loop, once per iteration.
        for (const declarator of node.declarations) {
          state = this.forget(declarator.id, state);
        }
      }
    }
    if (
      (state.status === 'open' || state.status === 'released') &&
      (node.type === AST_NODE_TYPES.VariableDeclarator || node.type === AST_NODE_TYPES.AssignmentExpression)
    ) {
      state = this.writeFlag(node, state);
      if (state.status === 'open' && this.site.exhaustion.length > 0) {
        state = this.writeRead(node, state);
      }
    }
    if (node === this.site.value) {
      return this.acquire(state);
    }
    if (
      state.status === 'returned' &&
      node.type === AST_NODE_TYPES.ReturnStatement &&
      !(node.argument && this.site.value && contains(node.argument, this.site.value)) &&
      !this.returnsHolder(node, state)
    ) {
      // Only a `finally` runs after `return client`; its own `return` replaces the value.
      return this.leak('return', node, { ...state, status: 'open' });
    }
    if (state.status === 'released') {
      if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
        this.checkUseAfterRelease(node, state);
      } else if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.Identifier) {
        // `client = await pool.connect()` after the release: the name holds another one now.
        const variable = this.context.resolve(node.left);
        const id = variable ? this.context.idOf(variable) : -1;
        return state.holders.includes(id) ? { ...state, holders: state.holders.filter((holder) => holder !== id) } : state;
      }
      return state;
    }
    if (state.status !== 'open') {
      return state;
    }
    switch (node.type) {
      case AST_NODE_TYPES.CallExpression:
        return this.call(node, state);
      case AST_NODE_TYPES.ForOfStatement:
        // `for (const row of cursor)` / `for await`: completing the loop uses the resource
        // up, and leaving it early by `break`, `return` or a throw calls its `return()`.
        return this.isHolder(node.right, state) ? this.with(state, 'released') : state;
      case AST_NODE_TYPES.NewExpression:
        return node.arguments.some((argument) => this.isHolder(argument, state)) ? this.with(state, 'handedOff') : state;
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.ObjectExpression:
        // Stored in an object or array that may outlive the function: handed off. An
        // options object passed straight to a call (`User.create(data, { transaction: t })`)
        // is a use, like passing the resource itself.
        return this.carriesHolder(node, state) && !isCallArgument(node) ? this.with(state, 'handedOff') : state;
      case AST_NODE_TYPES.VariableDeclarator:
        return node.init && this.isHolder(node.init, state) ? this.bind(node.id, state) : state;
      case AST_NODE_TYPES.AssignmentExpression:
        return this.assign(node, state);
      case AST_NODE_TYPES.ReturnStatement: {
        if (!node.argument || !this.isHolder(node.argument, state)) {
          return this.dropAnonymous(node, state);
        }
        // `return c` of a `using` variable still disposes it on the way out.
        const variable = this.context.resolve(node.argument);
        return this.with(state, variable && isUsingDeclared(variable) ? 'released' : 'returned');
      }
      case AST_NODE_TYPES.ExpressionStatement:
        return this.dropAnonymous(node, state);
      case AST_NODE_TYPES.YieldExpression:
        // The consumer gets it and the generator goes on: handed on, not returned.
        return node.argument && this.isHolder(node.argument, state) ? this.with(state, 'handedOff') : state;
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        return this.closure(node, state);
      default:
        return state;
    }
  }

  mayThrow(node: TSESTree.Node): boolean {
    if (node.type === AST_NODE_TYPES.NewExpression) {
      const callee = skipTypeWrappers(node.callee);
      return !(callee.type === AST_NODE_TYPES.Identifier && (nonThrowingCalls.constructors as readonly string[]).includes(callee.name));
    }
    if (node.type !== AST_NODE_TYPES.CallExpression) {
      return true;
    }
    if (this.context.isQuietAcquisition(node)) {
      // `client.query(new Cursor(sql))`: a failure arrives through the cursor.
      return false;
    }
    const callee = skipTypeWrappers(node.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      return !(nonThrowingCalls.functions as readonly string[]).includes(callee.name);
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return true;
    }
    const method = getPropertyName(callee);
    const receiver = getTrailingName(callee.object);
    if (method !== null && this.site.release.matches(node, method) && !this.site.releaseIsAsync) {
      // Giving a pooled connection back does not throw (whichever connection it is).
      return false;
    }
    return !(
      (method !== null && (nonThrowingCalls.methods as readonly string[]).includes(method)) ||
      (receiver !== null && (nonThrowingCalls.receivers as readonly string[]).includes(receiver)) ||
      (method !== null && this.isCollectionMethod(callee.object, method))
    );
  }

  /** `found.add(key)` on a local `const found = new Set()`: a built-in that cannot throw. */
  private isCollectionMethod(receiver: TSESTree.Node, method: string): boolean {
    const inner = skipTypeWrappers(receiver);
    const variable = inner.type === AST_NODE_TYPES.Identifier ? this.context.resolve(inner) : null;
    const writes = variable?.references.filter((reference) => reference.writeExpr) ?? [];
    if (writes.length === 0) {
      return false;
    }
    return writes.every((reference) => {
      const value = reference.writeExpr ? skipTypeWrappers(reference.writeExpr) : null;
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

  throwState(node: TSESTree.Node, before: LifetimeState): LifetimeState {
    if (
      before.releasedBy !== null &&
      node.type === AST_NODE_TYPES.AwaitExpression &&
      skipTypeWrappers(node.argument) === before.releasedBy
    ) {
      // `await trx.commit()` rejected: the release failed (see the call's own throw edge).
      return { ...before, releasedBy: null };
    }
    if (before.status !== 'open') {
      return before;
    }
    if (node.type === AST_NODE_TYPES.NewExpression && node.arguments.some((a) => this.isHolder(a, before))) {
      // `new Repo(client)` takes the client over, as `return new Repo(await pool.connect())` does.
      return this.with(before, 'handedOff');
    }
    if (this.closesOnError(node, before)) {
      // A cursor whose read fails is finished: there is nothing left to close.
      return this.with(before, 'released');
    }
    if (node.type !== AST_NODE_TYPES.CallExpression) {
      return before;
    }
    if (this.isRelease(node, before)) {
      // A release that fails (a `commit()` that throws) settles nothing a later rollback
      // would repeat, so it does not count as the release for a use after it.
      return this.with(before, 'released');
    }

    // A call that registers a releasing callback (`client.query(sql, () => done())`) or
    // whose promise is chained to one (`client.query(sql).finally(() => client.release())`)
    // fails through that callback, in practice, not synchronously.
    if (this.getChainedRelease(node).rejected || this.takesOwnership(node, before)) {
      return this.with(before, 'handedOff');
    }
    return before;
  }

  /**
   * Which outcomes of `call` end in a releasing callback: one passed to the call itself
   * (a driver callback gets both error and result), or one chained on its promise —
   * `.finally(f)` covers both, `.then(f)` success, `.then(_, g)` and `.catch(g)` failure.
   */
  private getChainedRelease(call: TSESTree.CallExpression): { fulfilled: boolean; rejected: boolean } {
    if (call.arguments.some((a) => this.isReleasingCallback(a))) {
      return { fulfilled: true, rejected: true };
    }
    const covered = { fulfilled: false, rejected: false };
    let current: TSESTree.Node = call;
    for (;;) {
      const member: TSESTree.Node = current.parent;
      if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== current) {
        return covered;
      }
      const name = getPropertyName(member);
      const next: TSESTree.Node = member.parent;
      if (next.type !== AST_NODE_TYPES.CallExpression) {
        return covered;
      }
      const [first, second] = next.arguments.map((a) => this.isReleasingCallback(a));
      if (name === 'finally' && first === true) {
        return { fulfilled: true, rejected: true };
      }
      if (name === 'then') {
        covered.fulfilled ||= first === true;
        covered.rejected ||= second === true;
      } else if (name === 'catch') {
        covered.rejected ||= first === true;
      } else {
        return covered;
      }
      current = next;
    }
  }

  assume(
    test: TSESTree.Expression,
    truthy: boolean,
    incoming: LifetimeState,
    skipped: TSESTree.Node | null,
  ): LifetimeState | null {
    const state = this.decide(test, truthy, incoming);
    if (!state) {
      return null;
    }
    const check = getNullCheck(test);
    if (check && this.holds(check.subject, state)) {
      // A held resource is an object: truthy and not nullish.
      const nullish = truthy === check.nullishWhenTrue;
      return nullish ? null : state;
    }
    if (
      state.status === 'open' &&
      this.site.errorVariable !== null &&
      check !== null &&
      !check.nullishWhenTrue &&
      this.context.resolve(check.subject) === this.site.errorVariable
    ) {
      // `if (err) return …` in a driver callback: no resource was handed over.
      return truthy ? NONE : state;
    }
    if (state.status === 'open' && this.site.exhaustion.length > 0) {
      const exhausted = this.exhaustedWhen(test, state);
      if (exhausted !== null) {
        // Read to the end, the resource has closed itself.
        return exhausted === truthy ? this.with(state, 'released') : state;
      }
    }
    return this.skip(state, skipped, test);
  }

  /**
   * Records the outcome of a test of a stable variable, or finds it contradicts an
   * earlier test of the same variable on this path (`null`).
   */
  private decide(test: TSESTree.Expression, truthy: boolean, state: LifetimeState): LifetimeState | null {
    if (state.status !== 'open' && state.status !== 'released') {
      return state;
    }
    const inner = skipTypeWrappers(test);
    const variable = inner.type === AST_NODE_TYPES.Identifier ? this.context.resolve(inner) : null;
    const kind = variable ? this.context.conditionKind(variable) : null;
    if (!variable || !kind) {
      return state;
    }
    const id = this.context.idOf(variable);
    const known =
      state.facts.find(([factId]) => factId === id)?.[1] ??
      (kind === 'flag' ? this.context.flagValueAtAcquisition(variable, this.site) : null);
    if (known !== null) {
      return known === truthy ? this.setFact(state, id, known) : null;
    }
    // A few facts catch the correlated tests real code has; more would multiply paths.
    return state.facts.length < MAX_FACTS ? this.setFact(state, id, truthy) : state;
  }

  private setFact(state: LifetimeState, id: number, value: boolean): LifetimeState {
    const current = state.facts.find(([factId]) => factId === id);
    if (current?.[1] === value) {
      return state;
    }
    const facts = [...state.facts.filter(([factId]) => factId !== id), [id, value] as const].sort((a, b) => a[0] - b[0]);
    return { ...state, facts };
  }

  /** `rows = await cursor.read(n)`: the variable now holds a read; any other value, not. */
  private writeRead(node: TSESTree.VariableDeclarator | TSESTree.AssignmentExpression, state: LifetimeState): LifetimeState {
    const target = node.type === AST_NODE_TYPES.VariableDeclarator ? node.id : node.left;
    const value = node.type === AST_NODE_TYPES.VariableDeclarator ? node.init : node.right;
    const variable = target.type === AST_NODE_TYPES.Identifier ? this.context.resolve(target) : null;
    if (!variable) {
      return state;
    }
    const id = this.context.idOf(variable);
    const isRead = value !== null && this.readSignal(value, state, false) !== null;
    if (isRead === state.reads.includes(id)) {
      return state;
    }
    const reads = isRead ? [...state.reads, id].sort((a, b) => a - b) : state.reads.filter((read) => read !== id);
    return { ...state, reads };
  }

  /** `done = true`, `let found = false`: a flag takes a known value. */
  private writeFlag(node: TSESTree.Node, state: LifetimeState): LifetimeState {
    let target: TSESTree.Node | null = null;
    let value: TSESTree.Node | null = null;
    if (node.type === AST_NODE_TYPES.VariableDeclarator) {
      target = node.id;
      value = node.init;
    } else if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') {
      target = node.left;
      value = node.right;
    }
    if (target?.type !== AST_NODE_TYPES.Identifier || value?.type !== AST_NODE_TYPES.Literal || typeof value.value !== 'boolean') {
      return state;
    }
    const variable = this.context.resolve(target);
    return variable && this.context.conditionKind(variable) === 'flag'
      ? this.setFact(state, this.context.idOf(variable), value.value)
      : state;
  }

  /** Drops what is known of the variables of a scope being left. */
  private forgetScope(scope: TSESTree.Node, state: LifetimeState): LifetimeState {
    if (state.facts.length === 0 && state.reads.length === 0) {
      return state;
    }
    const alive = (id: number): boolean => this.context.variableOf(id)?.scope.block !== scope;
    const facts = state.facts.filter(([id]) => alive(id));
    const reads = state.reads.filter(alive);
    return facts.length === state.facts.length && reads.length === state.reads.length ? state : { ...state, facts, reads };
  }

  /** Drops what is known of the variables a declaration binds. */
  private forget(target: TSESTree.Node, state: LifetimeState): LifetimeState {
    const variable = target.type === AST_NODE_TYPES.Identifier ? this.context.resolve(target) : null;
    if (!variable) {
      return state;
    }
    const id = this.context.idOf(variable);
    return state.facts.some(([factId]) => factId === id)
      ? { ...state, facts: state.facts.filter(([factId]) => factId !== id) }
      : state;
  }

  /**
   * Whether `test` being truthy means the resource was used up (`true`), that it was not
   * (`false`), or neither (`null`): `!(await cursor.hasNext())`, `rows.length === 0`,
   * `step.done`, `doc === null`.
   */
  private exhaustedWhen(test: TSESTree.Node, state: LifetimeState): boolean | null {
    const inner = skipTypeWrappers(test);
    if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
      const result = this.exhaustedWhen(inner.argument, state);
      return result === null ? null : !result;
    }
    const check = getNullCheck(inner);
    if (check && this.readSignal(check.subject, state) === 'nullish') {
      return check.nullishWhenTrue;
    }
    if (inner.type === AST_NODE_TYPES.BinaryExpression && isZero(inner.right)) {
      const length = this.lengthOf(inner.left, state);
      if (length) {
        if (inner.operator === '===' || inner.operator === '==' || inner.operator === '<=') {
          return true;
        }
        if (inner.operator === '!==' || inner.operator === '!=' || inner.operator === '>') {
          return false;
        }
      }
      return null;
    }
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(inner);
      if (name === 'done' && this.readSignal(inner.object, state) === 'done') {
        return true;
      }
      return this.lengthOf(inner, state) ? false : null;
    }
    if (inner.type === AST_NODE_TYPES.Identifier && this.isDoneBinding(inner, state)) {
      return true;
    }
    const signal = this.readSignal(inner, state);
    return signal === 'falsy' || signal === 'nullish' ? false : null;
  }

  /** Whether `node` is `rows.length` of a read that is empty once the resource is used up. */
  private lengthOf(node: TSESTree.Node, state: LifetimeState): boolean {
    const inner = skipTypeWrappers(node);
    return (
      inner.type === AST_NODE_TYPES.MemberExpression &&
      getPropertyName(inner) === 'length' &&
      this.readSignal(inner.object, state) === 'empty'
    );
  }

  /** `const { done } = await it.next()`. */
  private isDoneBinding(node: TSESTree.Identifier, state: LifetimeState): boolean {
    const definition = this.context.resolve(node)?.defs[0];
    const property = definition?.name.parent;
    const pattern = property?.parent;
    return (
      property?.type === AST_NODE_TYPES.Property &&
      getKeyName(property) === 'done' &&
      pattern?.type === AST_NODE_TYPES.ObjectPattern &&
      pattern.parent.type === AST_NODE_TYPES.VariableDeclarator &&
      pattern.parent.init !== null &&
      this.readSignal(pattern.parent.init, state, false) === 'done'
    );
  }

  /**
   * The exhaustion signal of a value read from the resource: `await cursor.hasNext()`,
   * `(step = await it.next())`, or a variable every write of which is such a read.
   */
  private readSignal(node: TSESTree.Node, state: LifetimeState, followVariables = true): string | null {
    let inner = skipTypeWrappers(node);
    if (inner.type === AST_NODE_TYPES.AwaitExpression) {
      inner = skipTypeWrappers(inner.argument);
    }
    if (inner.type === AST_NODE_TYPES.AssignmentExpression && inner.operator === '=') {
      return this.readSignal(inner.right, state, false);
    }
    if (inner.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(inner.callee);
      const name = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
      const spec = name === null ? undefined : this.site.exhaustion.find((entry) => entry.method === name);
      return spec && callee.type === AST_NODE_TYPES.MemberExpression && this.holds(callee.object, state)
        ? spec.signal
        : null;
    }
    if (inner.type !== AST_NODE_TYPES.Identifier || !followVariables) {
      return null;
    }
    const variable = this.context.resolve(inner);
    const writes = variable?.references.filter((reference) => reference.writeExpr) ?? [];
    const signals = new Set(writes.map((reference) => this.readSignal(reference.writeExpr ?? inner, state, false)));
    signals.delete(null);
    const [only] = signals;
    // Every write is a read of the same kind, or this path last wrote a read to it.
    const lastWriteIsRead = variable !== null && state.reads.includes(this.context.idOf(variable));
    return signals.size === 1 && only !== undefined && (lastWriteIsRead || writes.every((w) => this.readSignal(w.writeExpr ?? inner, state, false) !== null))
      ? only
      : null;
  }

  assumeNullish(
    expr: TSESTree.Expression,
    nullish: boolean,
    state: LifetimeState,
    skipped: TSESTree.Node | null,
  ): LifetimeState | null {
    if (this.holds(expr, state)) {
      return nullish ? null : state;
    }
    const member = skipTypeWrappers(expr);
    if (
      nullish &&
      state.status === 'open' &&
      member.type === AST_NODE_TYPES.MemberExpression &&
      this.site.release.hasName(getPropertyName(member) ?? '') &&
      this.holds(member.object, state)
    ) {
      // `it.return?.()`: a resource without the release method has nothing to release.
      return this.with(state, 'released');
    }
    return this.skip(state, skipped, expr);
  }

  leaveScope(scope: TSESTree.Node, path: Path<LifetimeState>, kind: CompletionKind): LifetimeState {
    const state = this.forgetScope(scope, path.state);
    if (state.status === 'returned' && scope === this.site.fn && kind !== 'return') {
      // `return client` was overridden by a `finally` that threw, broke out or fell through.
      return this.leak(kind, path.origin ?? endOf(scope), { ...state, status: 'open' });
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

  private with(state: LifetimeState, status: Status, releasedBy: TSESTree.CallExpression | null = null): LifetimeState {
    // A released resource keeps its holders, so `if (client)` still narrows after release;
    // a returned one, so a `finally` returning the same variable is recognised.
    const holders = status === 'released' || status === 'returned' ? state.holders : [];
    if (status === 'released' || status === 'returned' || status === 'handedOff') {
      this.settled = true;
    }
    const facts = status === 'open' || status === 'released' ? state.facts : [];
    return { status, holders, anonymous: false, undecided: state.undecided, dormant: false, releasedBy, facts, reads: [] };
  }

  private leak(kind: LeakKind, at: TSESTree.Node, state: LifetimeState): LifetimeState {
    if (state.dormant) {
      // Never read, it never opened: nothing leaks.
      return this.with(state, 'handedOff');
    }
    if (!state.undecided) {
      const key = `${kind}:${String(at.range[0])}:${String(at.range[1])}`;
      if (!this.leaks.has(key)) {
        this.leaks.set(key, { kind, at });
      }
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
    const fresh: LifetimeState = { ...NONE, status: 'open', dormant: this.site.opensOn.size > 0 };
    switch (destination.kind) {
      case 'variable':
        return { ...fresh, holders: [this.context.idOf(destination.variable)] };
      case 'returned':
        return this.with(fresh, 'returned');
      case 'handedOff':
        return this.with(fresh, 'handedOff');
      case 'member':
        return { ...fresh, anonymous: true };
      case 'discarded':
        return this.leak('discarded', this.site.node, fresh);
    }
  }

  /** Whether `node` evaluates to the tracked resource on this path. */
  private isHolder(node: TSESTree.Node, state: LifetimeState): boolean {
    const inner = skipTypeWrappers(node);
    if (inner.type === AST_NODE_TYPES.AwaitExpression) {
      return this.isHolder(inner.argument, state);
    }
    if (state.anonymous && this.site.value !== null && (inner === this.site.value || isValueOf(inner, this.site.value))) {
      return true;
    }
    if (inner.type === AST_NODE_TYPES.LogicalExpression && (inner.operator === '??' || inner.operator === '||')) {
      // A held resource is an object, so `held ?? other` and `held || other` are `held`.
      return this.holds(inner.left, state);
    }
    return this.holds(inner, state);
  }

  /** Whether `node` is a variable holding the resource on this path. */
  private holds(node: TSESTree.Node, state: LifetimeState): boolean {
    if (state.holders.length === 0 || (state.status !== 'open' && state.status !== 'released')) {
      return false;
    }
    const variable = this.context.resolve(node);
    return variable !== null && state.holders.includes(this.context.idOf(variable));
  }

  private isRelease(node: TSESTree.CallExpression, state: LifetimeState): boolean {
    const callee = skipTypeWrappers(node.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(callee);
      if (name !== null && this.site.release.matches(node, name) && this.isHolder(callee.object, state)) {
        return true;
      }
      if (name !== null && this.site.releaseVia.has(name) && node.arguments.some((a) => this.isHolder(a, state))) {
        return true;
      }
    } else if (callee.type === AST_NODE_TYPES.Identifier) {
      const variable = this.context.resolve(callee);
      if (variable && this.site.releaseFunctions.has(variable)) {
        return true;
      }
    }
    return node.arguments.some(
      (argument, index) => this.isHolder(argument, state) && this.context.releasesArgument(node, index),
    );
  }

  private call(node: TSESTree.CallExpression, state: LifetimeState): LifetimeState {
    const callee = skipTypeWrappers(node.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    const onHolder = method !== null && callee.type === AST_NODE_TYPES.MemberExpression && this.isHolder(callee.object, state);
    if (onHolder && this.site.abandon.matches(node, method)) {
      // `client.release()` with the transaction still open: the next borrower inherits it.
      return this.leak('abandoned', node, state);
    }
    if (this.isRelease(node, state)) {
      return this.with(state, 'released', node);
    }
    if (state.dormant && onHolder && this.site.opensOn.has(method)) {
      // `coll.find(q).limit(1).next()`: a lazy cursor read once and never named is the
      // "find one" idiom, whose single batch the driver closes by itself most of the time;
      // whether more is left is not decidable here, so it is not reported.
      return state.anonymous ? this.with(state, 'handedOff') : { ...state, dormant: false };
    }
    if (this.getChainedRelease(node).fulfilled || this.takesOwnership(node, state)) {
      return this.with(state, 'handedOff');
    }
    if (this.isKeepAliveListener(node, state) || (onHolder && this.site.keepAliveMethods.has(method))) {
      // `client.on('notification', …)`, `subscriber.subscribe(channel, …)`.
      return this.with(state, 'handedOff');
    }
    // A callback that releases the resource takes it over: `.finally(() => c.release())`,
    // `stream.on('end', () => c.release())`.
    return state;
  }

  /** Whether `node` (a call, or the `await` of one) reads the resource in a way whose failure ends it. */
  private closesOnError(node: TSESTree.Node, state: LifetimeState): boolean {
    const call = getAwaitedCall(node);
    if (!call || this.site.closesOnError.size === 0) {
      return false;
    }
    const callee = skipTypeWrappers(call.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    return (
      method !== null &&
      callee.type === AST_NODE_TYPES.MemberExpression &&
      this.site.closesOnError.has(method) &&
      this.isHolder(callee.object, state)
    );
  }

  /**
   * Records a use, or a second release, of the resource after it was released. A template
   * tagged with a callable resource (`` reserved`select 1` ``) is a call of it.
   */
  private checkUseAfterRelease(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, state: LifetimeState): void {
    const release = state.releasedBy;
    if (!release || release === node) {
      return;
    }
    if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      if (
        this.site.callable &&
        this.holds(node.tag, state) &&
        !isGuardedByFlag(node, release, this.site.fn, (target) => this.context.resolve(target))
      ) {
        this.usesAfterRelease.set(node.range[0], { use: node, release, twice: false });
      }
      return;
    }
    const twice = this.isRelease(node, state);
    const callee = skipTypeWrappers(node.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    const used =
      (method !== null &&
        callee.type === AST_NODE_TYPES.MemberExpression &&
        this.site.uses.has(method) &&
        this.holds(callee.object, state)) ||
      (this.site.callable && callee.type === AST_NODE_TYPES.Identifier && this.holds(callee, state));
    if (
      ((twice && this.site.releaseTwiceFails) || (!twice && used)) &&
      !isGuardedByFlag(node, release, this.site.fn, (target) => this.context.resolve(target))
    ) {
      this.usesAfterRelease.set(node.range[0], { use: node, release, twice });
    }
  }

  /** Whether `node` returns a variable that held the resource when it was returned. */
  private returnsHolder(node: TSESTree.ReturnStatement, state: LifetimeState): boolean {
    const variable = node.argument ? this.context.resolve(node.argument) : null;
    return variable !== null && state.holders.includes(this.context.idOf(variable));
  }

  /** `client.on('notification', …)`: the resource now lives for its listener, by design. */
  private isKeepAliveListener(call: TSESTree.CallExpression, state: LifetimeState): boolean {
    const callee = skipTypeWrappers(call.callee);
    const [event] = call.arguments;
    return (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      event?.type === AST_NODE_TYPES.Literal &&
      typeof event.value === 'string' &&
      this.site.keepAliveEvents.has(event.value) &&
      this.isHolder(callee.object, state)
    );
  }

  /** Whether `call` passes the resource to a callee whose name says it keeps or releases it. */
  private takesOwnership(call: TSESTree.CallExpression, state: LifetimeState): boolean {
    const name = getTrailingName(call.callee);
    return (
      name !== null &&
      !this.context.isSameFileFunction(call) &&
      ownershipPatterns.some((pattern) => pattern.test(name)) &&
      call.arguments.some((argument) => this.carriesHolder(argument, state))
    );
  }

  /** Whether `node` is the resource, or an object or array literal with it as a member. */
  private carriesHolder(node: TSESTree.Node, state: LifetimeState): boolean {
    const inner = skipTypeWrappers(node);
    if (inner.type === AST_NODE_TYPES.ObjectExpression) {
      return inner.properties.some((property) =>
        this.isHolder(property.type === AST_NODE_TYPES.Property ? property.value : property.argument, state),
      );
    }
    if (inner.type === AST_NODE_TYPES.ArrayExpression) {
      return inner.elements.some((element) => element !== null && this.isHolder(element, state));
    }
    return this.isHolder(inner, state);
  }

  /** A function argument that releases the resource: a closure, or `done` passed on. */
  private isReleasingCallback(argument: TSESTree.Node): boolean {
    if (this.site.releasingFunctions.has(argument)) {
      return true;
    }
    const variable = argument.type === AST_NODE_TYPES.Identifier ? this.context.resolve(argument) : null;
    return variable !== null && this.site.releaseFunctions.has(variable);
  }

  private closure(node: TSESTree.Node, state: LifetimeState): LifetimeState {
    if (!this.site.releasingFunctions.has(node)) {
      return state;
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
    const target = skipTypeWrappers(node.left);
    if (target.type !== AST_NODE_TYPES.Identifier) {
      // `this.client = client`, `registry[id] = client`: stored where others can reach it.
      return this.isHolder(node.right, state) && node.operator === '=' ? this.with(state, 'handedOff') : state;
    }
    if (this.isHolder(node.right, state)) {
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
    return state.anonymous ? this.leak('discarded', this.site.node, state) : state;
  }

  /**
   * Taking a branch that skips a release, under a condition the analysis cannot relate to
   * the resource, leaves the path undecided when the condition may well be the same
   * decision: the choice the resource was acquired under (`if (!this.runner) await
   * runner.release()`), or a flag that records the release (`if (!released) …`).
   */
  private skip(state: LifetimeState, skipped: TSESTree.Node | null, test: TSESTree.Node): LifetimeState {
    if (
      state.status !== 'open' ||
      state.undecided ||
      skipped === null ||
      !this.site.releaseCalls.some((call) => contains(skipped, call))
    ) {
      return state;
    }
    // A test inside the acquiring branch itself is not that choice: it is decided here.
    const sameChoice = this.site.choice !== null && !contains(this.site.choice, skipped);
    // `if (!released) client.release()`: the flag says whether this path released already.
    // Flags that only ever hold `true` or `false` are followed exactly (see decide).
    const flag = readsFlag(
      test,
      (node) => this.context.resolve(node),
      (variable) => this.context.conditionKind(variable) === 'flag',
    );
    return sameChoice || flag ? { ...state, undecided: true } : state;
  }
}

/** Whether `assignment` stores `value` (through `await`, `?:`, `??` and type wrappers). */
function isBindingOf(assignment: TSESTree.Node, value: TSESTree.Node): boolean {
  let current: TSESTree.Node = value;
  while (current !== assignment) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (
      parent !== undefined &&
      (parent.type === AST_NODE_TYPES.AssignmentExpression ||
        parent.type === AST_NODE_TYPES.AwaitExpression ||
        parent.type === AST_NODE_TYPES.ConditionalExpression ||
        parent.type === AST_NODE_TYPES.LogicalExpression ||
        parent.type === AST_NODE_TYPES.TSAsExpression ||
        parent.type === AST_NODE_TYPES.TSNonNullExpression)
    ) {
      current = parent;
    } else {
      return false;
    }
  }
  return true;
}

/** Whether `node` is passed straight to a function call (not to `new`). */
function isCallArgument(node: TSESTree.Node): boolean {
  let current = node;
  while (
    current.parent?.type === AST_NODE_TYPES.TSAsExpression ||
    current.parent?.type === AST_NODE_TYPES.TSSatisfiesExpression
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current as TSESTree.CallExpressionArgument);
}

function isZero(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && node.value === 0;
}

function getKeyName(property: TSESTree.Property): string | null {
  return !property.computed && property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : null;
}

function isValueOf(node: TSESTree.Node, value: TSESTree.Node): boolean {
  return value.type === AST_NODE_TYPES.AwaitExpression && skipTypeWrappers(value.argument) === node;
}

function isUsingDeclared(variable: Variable): boolean {
  return variable.defs.some(
    (definition) =>
      definition.type === DefinitionType.Variable &&
      definition.parent.kind.endsWith('using'),
  );
}

/** Where a path falls off the end of `scope`: its closing brace, for messages. */
function endOf(scope: TSESTree.Node): TSESTree.Node {
  if (
    (scope.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      scope.type === AST_NODE_TYPES.FunctionDeclaration ||
      scope.type === AST_NODE_TYPES.FunctionExpression) &&
    scope.body.type === AST_NODE_TYPES.BlockStatement
  ) {
    return scope.body;
  }
  return scope;
}
