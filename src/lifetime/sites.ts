import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { FunctionNode } from '../flow/interpreter.js';
import { getEnclosingFunction, getPropertyName, getTrailingName, isFunctionNode } from '../flow/syntax.js';
import type { ResourceKind } from '../models/index.js';
import type { GiveUpReason } from '../debug.js';
import { getFieldDestination } from './field-holders.js';
import type { AnalysisOptions } from './collector.js';
import type { FileFacts } from './facts.js';
import { partsOf, type SiteParts } from './site-parts.js';
import { findPromiseResolutions } from './executors.js';
import { findContinuationCalls } from './continuations.js';
import { findAssertedCallbackEnds } from './exhaustion.js';
import { getCandidates, type Match, matchCall, type ReceiverOrigins } from './recognize.js';
import { climbValue, getDestination, getPromisedValue, getThenHandler, getValueNode, isDeclaredAs, isKept, passesReleaseMethod } from './destination.js';
import {
  type Destination,
  findEnclosingFunctions,
  findReleaseCalls,
  getFunctionBinding,
  getPotentialHolders,
  isStoredBefore,
  type Site,
} from './site.js';
import { isAssertedToFail } from './rejections.js';
import { describeCall } from './describe.js';
import { type CarriedDestination, climbToMember, findCarriers, getCarriedDestination, nameCarried } from './carriers.js';
import { findAbortController } from './abort.js';
import { getAwaitedExecutor, getCallbackWrapper } from './lifted.js';
import { skipListenerCalls, skipTransparentWrappers } from '../util/wrappers.js';


type Variable = TSESLint.Scope.Variable;

/** What recognising acquisition sites needs from the analysis of the file. */
export interface SiteHost {
  readonly options: AnalysisOptions;
  readonly index: Map<string, Match[]>;
  readonly facts: FileFacts;
  readonly origins: ReceiverOrigins;
  resolve(node: TSESTree.Node): Variable | null;
  /** Whether `variable` belongs to the function `withFunction` runs in. */
  isLocal(variable: Variable): boolean;
  withFunction<T>(fn: FunctionNode, action: () => T): T;
  text(node: TSESTree.Node): string;
  /** Records an acquiring call whose models say it cannot throw. */
  markQuiet(call: TSESTree.Node): void;
  /** The argument `call` gives back as its result (a pass-through); `null` if none. */
  returnedArgument?(call: TSESTree.CallExpression): number | null;
  /** The argument whose call's result `call` gives back (a wrapper of a callback); `null` if none. */
  callbackResultArgument?(call: TSESTree.CallExpression): number | null;
  /** Records, for the debug channel, what the analysis left undecided in `fn`. */
  noteGiveUp?(fn: FunctionNode, kind: ResourceKind, reason: GiveUpReason, detail: string): void;
}

/** What a site's holder says (see SiteRecognizer.getHolderFacts). */
interface HolderFacts {
  readonly releaseFunctions: ReadonlySet<Variable>;
  readonly releaseCalls: readonly TSESTree.CallExpression[];
  readonly resolveCalls: readonly TSESTree.CallExpression[];
  readonly releasingFunctions: ReadonlySet<TSESTree.Node>;
  readonly carriers: Site['carriers'];
}

/** Turns candidate calls into acquisition sites: what is acquired, where it goes, what releases it. */
export class SiteRecognizer {
  /** Holder facts by holder, then by function and release models (see getHolderFacts). */
  private readonly holderFacts = new WeakMap<Variable, Map<string, HolderFacts>>();

  constructor(private readonly host: SiteHost) {}

  recognize(call: TSESTree.CallExpression | TSESTree.NewExpression): Site | null {
    const named = getCandidates(call, this.host.index);
    const { types, models, kinds } = this.host.options;
    if (!named && !types) {
      return null;
    }
    const syntactic = named
      ? matchCall(call, named, this.host.origins, this.host.facts, (match) => this.isUsedAsResource(call, match))
      : [];
    // Any plain call may be a package's default export (`knex(config)`); one that is not is a
    // call no model names, a question for the checker only where it is a candidate of its own.
    const byDefaultOnly =
      syntactic.length === 0 && named?.every((match) => match.spec.method === 'default' && match.spec.construct === undefined) === true;
    if (byDefaultOnly && types?.isCandidate(call) !== true) {
      return null;
    }
    const candidates = byDefaultOnly ? undefined : named;
    // A call whose name acquires only with a telling argument (`client.query('BEGIN')`,
    // `client.query(new Cursor(…))`) and has none is no acquisition whatever its type says;
    // asking the checker about every `query()` would cost more than the rest of the rule.
    const needsArgument =
      syntactic.length === 0 && candidates !== undefined && candidates.every((match) => match.spec.argument !== undefined);
    const matches = types && !needsArgument ? types.refine(call, syntactic, models, kinds) : syntactic;
    const [first] = matches;
    if (!first || isAssertedToFail(call, (node) => this.host.resolve(node))) {
      // `assert.rejects(async () => { await oracledb.getConnection(bad) })`: no path where
      // the test passes holds it.
      return null;
    }
    if (matches.every((match) => match.model.acquireCannotThrow === true)) {
      this.host.markQuiet(call);
    }
    const parts = partsOf(
      matches.map((match) => match.model),
      `${first.model.what} from ${describeCall(call, (node) => this.host.text(node), first.spec.argument !== undefined)}`,
    );
    const last = call.arguments.at(-1);
    const callback = first.spec.callback;
    if (callback && last && isFunctionNode(last)) {
      if (callback.resourceParam === undefined) {
        // `await new Promise((resolve, reject) => client.connect((err) => …))`: the caller's
        // client is open once the awaited promise settles (sequelize's postgres dialect).
        return call.type === AST_NODE_TYPES.CallExpression ? this.executorSite(call, parts) : null;
      }
      return this.callbackSite(call, last, { ...callback, resourceParam: callback.resourceParam }, parts);
    }
    if (callback && last && isCallbackReference(last)) {
      // `pool.connect(onConnect)`: the resource goes to a function defined elsewhere.
      return null;
    }
    const fn = getEnclosingFunction(call);
    if (!fn) {
      return null;
    }
    const value = getPromisedValue(getValueNode(call, parts.chain), first.spec, parts.chain);
    const handler = first.spec.resource === 'receiver' ? null : getThenHandler(value);
    if (handler && !passesReleaseMethod(handler, parts.release)) {
      // `pool.connect().then((conn) => …)`: the handler receives the resource and owns it,
      // as the code after `const conn = await pool.connect()` would.
      return this.callbackSite(call, handler, { resourceParam: 0 }, parts);
    }
    const callee = skipTransparentWrappers(call.callee);
    const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipListenerCalls(callee.object) : null;
    if (first.spec.resource === 'receiver' && matches.every((match) => match.spec.answersNothing === true) && isKept(value)) {
      // `const tx = await adapter.startTransaction()`: a method of that name that returns
      // the transaction is another library's (a Prisma driver adapter's), not the model's.
      return null;
    }
    if (first.spec.resource === 'receiver' && receiver && receiver.type !== AST_NODE_TYPES.NewExpression) {
      // `await client.connect()`, `await client.query('BEGIN')`: the receiver itself holds
      // the open resource. A parameter's caller may settle it, so only locals count.
      // `await withTlsHint(() => client.connect())` opens the caller's client where the
      // wrapper, which returns what its callback returns, is called.
      const wrapper = call.type === AST_NODE_TYPES.CallExpression ? this.getWrapperCall(call, fn, receiver) : null;
      const outer = wrapper ? getEnclosingFunction(wrapper) : null;
      if (wrapper && outer) {
        return this.receiverSite(outer, wrapper, receiver, getValueNode(wrapper, parts.chain), parts);
      }
      if (first.spec.fulfilsWithReceiver === true) {
        // `pools.set(name, pool.connect())`, `return pool.connect()`: the call's value is the
        // receiver, so it is stored or returned with that value.
        const found = this.host.withFunction(fn, () =>
          getDestination(value, (node) => this.host.resolve(node), (variable) => this.host.isLocal(variable)),
        );
        // A promise chain on it (`pool.connect().then(…)`) keeps it here, on the receiver.
        const chained = climbValue(value).node.parent?.type === AST_NODE_TYPES.MemberExpression;
        if ((found.destination.kind === 'handedOff' && !chained) || found.destination.kind === 'returned') {
          return this.buildSite(fn, call, value, found.destination, found.choice, parts);
        }
      }
      return this.receiverSite(fn, call, receiver, value, parts);
    }
    const inertTypes = new Set(matches.flatMap((match) => match.model.inertTypes ?? []));
    if (inertTypes.size > 0 && isDeclaredAs(value, inertTypes)) {
      // `ds.createQueryRunner() as MongoQueryRunner`: the model says such a value holds nothing.
      return null;
    }
    const found = this.host.withFunction(fn, () =>
      getDestination(value, (node) => this.host.resolve(node), (variable) => this.host.isLocal(variable)),
    );
    const { choice } = found;
    const field =
      found.destination.kind === 'handedOff'
        ? getFieldDestination(fn, value, parts.release, this.host.facts, (detail) => this.host.noteGiveUp?.(fn, parts.kind, 'unsupported', detail))
        : null;
    const destination = field ?? found.destination;
    if (destination.kind === 'member') {
      // `ds.createQueryRunner().connection` reads a property that takes nothing.
      const member = climbToMember(value);
      const name = member ? getPropertyName(member) : null;
      if (name !== null && matches.some((match) => match.model.inertMembers?.includes(name) === true)) {
        return null;
      }
    }
    return this.buildSite(fn, call, value, destination, choice, parts);
  }

  /** The site of a resource its receiver holds (`client` of `await client.connect()`), when the receiver is a local of `fn`. */
  private receiverSite(fn: FunctionNode, call: TSESTree.Node, receiver: TSESTree.Node, value: TSESTree.Node, parts: SiteParts): Site | null {
    const variable = this.host.withFunction(fn, () => {
      const resolved = this.host.resolve(receiver);
      return resolved &&
        this.host.isLocal(resolved) &&
        !isParameter(resolved) &&
        !isStoredBefore(resolved, call.range[0], (node) => this.host.resolve(node))
        ? resolved
        : null;
    });
    return variable ? this.buildSite(fn, call, value, { kind: 'variable', variable }, null, parts) : null;
  }

  /**
   * The site of `receiver.connect(cb)` written in the executor of an awaited `new Promise`,
   * on a local of the function around it, opened where that promise is awaited (see
   * getAwaitedExecutor); elsewhere a callback-style receiver acquisition is not tracked.
   */
  private executorSite(call: TSESTree.CallExpression, parts: SiteParts): Site | null {
    const found = getAwaitedExecutor(call);
    return found && this.isOuterVariable(found.executor, found.receiver)
      ? this.receiverSite(found.outer, found.promise, found.receiver, getValueNode(found.promise, parts.chain), parts)
      : null;
  }

  /**
   * The wrapper call `fn` is the callback of, when `fn` only returns `call` on a receiver of
   * the function around it and the wrapper returns what that callback returns
   * (`withTlsHint(() => client.connect())`, see getCallbackResultParameter).
   */
  private getWrapperCall(call: TSESTree.CallExpression, fn: FunctionNode, receiver: TSESTree.Node): TSESTree.CallExpression | null {
    const found = this.host.callbackResultArgument ? getCallbackWrapper(call, fn) : null;
    return found && this.isOuterVariable(fn, receiver) && this.host.callbackResultArgument?.(found.wrapper) === found.index
      ? found.wrapper
      : null;
  }

  /** Whether `node` names a variable of a function around `fn`, not of `fn` itself. */
  private isOuterVariable(fn: FunctionNode, node: TSESTree.Node): boolean {
    return this.host.withFunction(fn, () => {
      const variable = this.host.resolve(node);
      return variable !== null && !this.host.isLocal(variable);
    });
  }

  /**
   * Weak evidence holds when the resource is later used as one (`.query`, `.release`): the
   * call's result, or for a resource that lives on its receiver (`conn.beginTransaction()`),
   * the receiver.
   */
  private isUsedAsResource(call: TSESTree.CallExpression | TSESTree.NewExpression, match: Match): boolean {
    const fn = getEnclosingFunction(call);
    if (!fn) {
      return false;
    }
    const methods = new Set([
      ...match.model.release.map((pattern) => (typeof pattern === 'string' ? pattern : pattern.method)),
      ...(match.model.uses ?? []),
    ]);
    const via = new Set(match.model.releaseVia ?? []);
    const callee = skipTransparentWrappers(call.callee);
    if (match.spec.resource === 'receiver') {
      const receiver =
        callee.type === AST_NODE_TYPES.MemberExpression ? this.host.withFunction(fn, () => this.host.resolve(skipListenerCalls(callee.object))) : null;
      return receiver !== null && isUsedWith(receiver, methods, via, match.model.callable === true);
    }
    const chain = new Set(match.model.chain ?? []);
    const value = getPromisedValue(getValueNode(call, chain), match.spec, chain);
    const { destination } = this.host.withFunction(fn, () =>
      getDestination(value, (node) => this.host.resolve(node), (variable) => this.host.isLocal(variable)),
    );
    if (destination.kind === 'member') {
      const member = value.parent;
      const name = member?.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(member) : null;
      return name !== null && methods.has(name);
    }
    return destination.kind === 'variable' && isUsedWith(destination.variable, methods, via, match.model.callable === true);
  }

  private callbackSite(
    call: TSESTree.CallExpression | TSESTree.NewExpression,
    fn: FunctionNode,
    callback: NonNullable<Match['spec']['callback']> & { readonly resourceParam: number },
    parts: SiteParts,
  ): Site | null {
    const param = fn.params[callback.resourceParam];
    if (param?.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    const variable = this.host.resolve(param);
    if (!variable) {
      return null;
    }
    const paramVariable = (index: number | undefined): Variable | null => {
      const node = index === undefined ? undefined : fn.params[index];
      return node?.type === AST_NODE_TYPES.Identifier ? this.host.resolve(node) : null;
    };
    const releaseParam = paramVariable(callback.releaseParam);
    return this.buildSite(fn, call, null, { kind: 'variable', variable }, null, {
      ...parts,
      releaseFunctions: releaseParam ? [releaseParam] : [],
      errorVariable: paramVariable(callback.errorParam),
    });
  }

  /** The variable `pool` of `pool.getConnection()`, resolved where the call is. */
  private getReceiver(fn: FunctionNode, node: TSESTree.Node): Variable | null {
    if (node.type !== AST_NODE_TYPES.CallExpression) {
      return null;
    }
    const callee = skipTransparentWrappers(node.callee);
    const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipTransparentWrappers(callee.object) : null;
    return receiver?.type === AST_NODE_TYPES.Identifier ? this.host.withFunction(fn, () => this.host.resolve(receiver)) : null;
  }

  /**
   * What a site's holder says, computed once per holder, function and release models:
   * the calls that release it (through the variables that may hold it), the functions they
   * are in and the carriers. A loop that re-acquires into one variable under n conditions
   * has n sites with the one holder; reading the holder's references for each made
   * recognising them quadratic (cubic with the release calls' deduplication).
   */
  private getHolderFacts(fn: FunctionNode, first: Variable | null, parts: SiteParts, seed: CarriedDestination['seed'] | null): HolderFacts {
    const key =
      first && !seed
        ? [
            String(fn.range[0]),
            parts.release.signature,
            [...parts.releaseVia].join(','),
            ...(parts.releaseFunctions ?? []).map((variable) => `${variable.name}@${String(variable.identifiers[0]?.range[0])}`),
          ].join('|')
        : null;
    const known = first && key !== null ? this.holderFacts.get(first)?.get(key) : undefined;
    if (known) {
      return known;
    }
    const facts = this.computeHolderFacts(fn, first, parts, seed);
    if (first && key !== null) {
      const byKey = this.holderFacts.get(first) ?? new Map<string, HolderFacts>();
      byKey.set(key, facts);
      this.holderFacts.set(first, byKey);
    }
    return facts;
  }

  private computeHolderFacts(fn: FunctionNode, first: Variable | null, parts: SiteParts, seed: CarriedDestination['seed'] | null): HolderFacts {
    const holders = getPotentialHolders(
      first,
      (target) => this.host.resolve(target),
      this.host.returnedArgument ? (call) => this.host.returnedArgument?.(call) ?? null : undefined,
    );
    const releaseFunctions = new Set(parts.releaseFunctions ?? []);
    let releaseCalls = findReleaseCalls(holders, parts.release, parts.releaseVia, releaseFunctions);
    // A handler that resolves the executor's promise with the resource hands it on as a
    // releasing one does (`conn.once('connect', () => resolve(conn))`).
    const resolveCalls = findPromiseResolutions(holders, fn, (target) => this.host.resolve(target));
    // So does one that gives it to the caller's error-first callback (`(err) => cb(err, conn)`).
    const handOffs = [
      ...resolveCalls,
      ...findContinuationCalls(holders, (target) => this.host.resolve(target)),
      ...findAssertedCallbackEnds(holders, parts.exhaustion, (target) => this.host.resolve(target)),
    ];
    let releasingFunctions = findEnclosingFunctions([...releaseCalls, ...handOffs], fn);
    // A cleanup closure bound to a name (`const done = () => client.release()`) releases
    // wherever it is called.
    for (const closure of releasingFunctions) {
      const binding = getFunctionBinding(closure, (target) => this.host.resolve(target));
      if (binding) {
        releaseFunctions.add(binding);
      }
    }
    if (releaseFunctions.size > (parts.releaseFunctions?.length ?? 0)) {
      releaseCalls = findReleaseCalls(holders, parts.release, parts.releaseVia, releaseFunctions);
      releasingFunctions = findEnclosingFunctions([...releaseCalls, ...handOffs], fn);
    }
    const resolve = (target: TSESTree.Node): Variable | null => this.host.resolve(target);
    const carriers = findCarriers(fn, holders, seed, releaseCalls, parts.release, parts.releaseVia, resolve);
    if (carriers && carriers.releaseCalls.length > 0) {
      releaseCalls = [...releaseCalls, ...carriers.releaseCalls];
      releasingFunctions = findEnclosingFunctions([...releaseCalls, ...handOffs], fn);
    }
    return { releaseFunctions, releaseCalls, resolveCalls, releasingFunctions, carriers };
  }

  buildSite(
    fn: FunctionNode,
    node: TSESTree.Node,
    value: TSESTree.Node | null,
    destination: Destination,
    choice: TSESTree.Node | null,
    parts: SiteParts,
  ): Site {
    // Put in a wrapper or read through a member: kept where the function's own release
    // corroborates it (carriers.ts), else as before.
    const carried = value ? getCarriedDestination(fn, value, destination, (target) => this.host.resolve(target), parts.components) : null;
    const site = carried ? this.buildPlainSite(fn, node, value, carried.destination, carried.choice, parts, carried.seed) : null;
    return site?.carriers ? site : this.buildPlainSite(fn, node, value, destination, choice, parts, null);
  }

  private buildPlainSite(
    fn: FunctionNode,
    node: TSESTree.Node,
    value: TSESTree.Node | null,
    destination: Destination,
    choice: TSESTree.Node | null,
    parts: SiteParts,
    seed: CarriedDestination['seed'] | null,
  ): Site {
    const first = destination.kind === 'variable' ? destination.variable : null;
    const { releaseFunctions, releaseCalls, resolveCalls, releasingFunctions, carriers } = this.getHolderFacts(fn, first, parts, seed);
    return {
      fn,
      node,
      kind: parts.kind,
      value,
      destination,
      choice,
      thisGuard: parts.thisGuard ?? null,
      release: parts.release,
      receiverReleases: parts.receiverReleases,
      receiver: parts.receiverReleases?.length ? this.getReceiver(fn, node) : null,
      abortController: parts.releasedByAbort ? findAbortController(this.getReceiver(fn, node)) : null,
      usableAfterRelease: parts.usableAfterRelease,
      reopenedBy: parts.reopenedBy,
      handles: parts.handles,
      releaseVia: parts.releaseVia,
      abandon: parts.abandon,
      uses: parts.uses,
      exhaustion: parts.exhaustion,
      releaseTwiceFails: parts.releaseTwiceFails,
      closesOnError: parts.closesOnError,
      callable: parts.callable,
      opensOn: parts.opensOn,
      opensThroughMembers: parts.opensThroughMembers,
      chain: parts.chain,
      releaseFunctions,
      errorVariable: parts.errorVariable ?? null,
      releaseCalls,
      carriers,
      resolveCalls,
      releasingFunctions,
      keepAliveEvents: parts.keepAliveEvents,
      keepAliveMethods: parts.keepAliveMethods,
      name: first ? first.name : seed && carriers ? nameCarried(seed) : this.host.text(node),
      what: parts.what,
      releaseCall: parts.releaseCall,
      releaseIsAsync: parts.releaseIsAsync,
      fixHints: parts.fixHints,
      releaseCanFail: parts.releaseCanFail,
    };
  }
}

/** An argument that may be a callback: a name or a member, not a literal or an object. */
function isCallbackReference(node: TSESTree.Node): boolean {
  const inner = skipTransparentWrappers(node);
  return inner.type === AST_NODE_TYPES.Identifier || inner.type === AST_NODE_TYPES.MemberExpression;
}

export { describeCall };

/** Whether `variable` is a parameter of its function. */
function isParameter(variable: Variable): boolean {
  return variable.defs.some((definition) => definition.type === DefinitionType.Parameter);
}

/**
 * Whether some reference to `variable` calls one of `methods` on it (`client.query(…)`),
 * passes it to one of `via` (`pool.release(resource)`), or calls it when the resource is
 * callable (`trx('t')`, `` reserved`select 1` ``).
 */
function isUsedWith(variable: Variable, methods: ReadonlySet<string>, via: ReadonlySet<string>, callable: boolean): boolean {
  return variable.references.some((reference) => {
    const identifier = reference.identifier as TSESTree.Node;
    const parent = identifier.parent;
    if (
      callable &&
      ((parent?.type === AST_NODE_TYPES.TaggedTemplateExpression && parent.tag === identifier) ||
        (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === identifier))
    ) {
      return true;
    }
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(identifier as TSESTree.Expression)) {
      const name = getTrailingName(parent.callee);
      return name !== null && via.has(name);
    }
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== identifier) {
      return false;
    }
    const name = getPropertyName(parent);
    return name !== null && methods.has(name);
  });
}
