import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { FunctionNode } from '../flow/interpreter.js';
import { getEnclosingFunction, getPropertyName } from '../flow/syntax.js';
import { getFunctionArgument } from './lifted.js';
import { openState } from './domain.js';
import { postOrder } from '../util/walk.js';
import { getReturnedExecutors } from './executors.js';
import { getThisGuard, type ThisGuard } from './guards.js';
import { getDestination, getValueNode } from './destination.js';
import type { Site } from './site.js';
import { partsOfSite } from './site-parts.js';
import { describeCall } from './sites.js';
import { SameFileCallees } from './callees.js';
import { mayHoldResult } from './imported.js';
import { getKnownArguments, type KnownArgument } from '../summaries/arguments.js';
import { getCallbackResultParameter, getReturnedParameter } from '../summaries/params.js';
import type { CallLike, ThrowSummaryHost } from '../summaries/throws.js';
import { nonThrowingCalls } from '../models/non-throwing.js';
import type { CalleeLookup, ParameterEffect, SummaryHost } from './summary-host.js';
import { climbTransparentWrappers, skipTransparentWrappers } from '../util/wrappers.js';

/** `this.m(…)`: the callee runs with the caller's `this`, so a guard on a field of it means the same there. */
function isCallOnThis(call: TSESTree.CallExpression): boolean {
  const callee = skipTransparentWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && skipTransparentWrappers(callee.object).type === AST_NODE_TYPES.ThisExpression;
}

/** `node.x` or `node.m(…)`: the node is only the object of a member access. */
function isMemberObject(node: TSESTree.Node): boolean {
  return node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node;
}

/**
 * How deep summaries may nest inside each other's computation when the dependencies were
 * not worked out up front (a resource passed on through an alias): past it the callee is
 * "unknown" (passing the resource is a use) and the debug channel says so.
 */
const MAX_NESTED_SUMMARIES = 16;

/**
 * What functions do to resources, worked out from their bodies with the same analysis and
 * memoised per function node: a function that returns a fresh resource is an acquirer (its
 * callers own what it returns); one that releases a parameter on every path that returns
 * normally is a releaser. Callees are found through a CalleeLookup.
 *
 * Cost and safety: before a summary is computed, the summaries it depends on (callees the
 * parameter is passed to, callees whose result is returned) are computed first, in an
 * explicit post-order walk rather than by recursion, so a chain of any length costs one
 * interpretation per function and cannot overflow the stack. A cycle (mutual recursion)
 * reads the summary being computed as "no", which ends it.
 */
export class SameFileSummaries {
  private readonly acquirers = new Map<TSESTree.Node, Site | null>();
  /** What functions do to a parameter, by key (see releaserKey); `unknown` when the analysis gave up. */
  private readonly releasers = new Map<string, ParameterEffect | null | 'unknown'>();
  private readonly throwHosts = new WeakMap<(call: CallLike) => boolean, ThrowSummaryHost>();
  /** Summaries being computed, innermost last. */
  private nesting = 0;
  private readonly callees: CalleeLookup;
  private readonly sameFile: SameFileCallees;

  constructor(
    private readonly host: SummaryHost,
    callees?: CalleeLookup,
  ) {
    this.sameFile = new SameFileCallees(
      (node) => this.host.resolve(node),
      (call) => this.host.instanceMethodOf?.(call) ?? null,
    );
    this.callees = callees ?? this.sameFile;
  }

  /** Whether `call` releases its argument at `index`, for the release `site` needs: a `releasers` option or a releaser. */
  releasesArgument(call: TSESTree.CallExpression, index: number, site: Site | null): boolean | 'partly' | 'unknown' {
    const callee = skipTransparentWrappers(call.callee);
    const name =
      callee.type === AST_NODE_TYPES.Identifier
        ? callee.name
        : callee.type === AST_NODE_TYPES.MemberExpression
          ? getPropertyName(callee)
          : null;
    if (name !== null && this.host.releasers.includes(name)) {
      return true;
    }
    const effect = this.argumentEffect(call, index, site);
    return effect === 'unknown' || effect === 'partly' ? effect : effect === 'releases';
  }

  /**
   * What `call` does to its argument at `index` by its callee's summary (this file, or
   * another module when they can be read), for `site`'s release.
   */
  argumentEffect(call: TSESTree.CallExpression, index: number, site: Site | null): ParameterEffect | null | 'unknown' {
    if (!site) {
      return null;
    }
    const target = this.callees.getCallee(call);
    if (target) {
      const effect = this.parameterEffect(target, index, site);
      // `done(client, false)`: a releaser under a condition on another parameter, called with it known.
      const known = isConditional(effect) ? getKnownArguments(target, call, index, (node) => this.host.resolve(node)) : [];
      return known.length > 0 ? this.parameterEffect(target, index, site, known) : effect;
    }
    const imported = this.host.findImported(call);
    return imported
      ? this.host.nestImported<ParameterEffect | null | 'unknown'>(call, null, () => {
          const effect = imported.analysis.parameterEffect(imported.fn, index, site);
          const known = isConditional(effect)
            ? getKnownArguments(
                imported.fn,
                call,
                index,
                (node) => imported.analysis.resolve(node),
                (node) => this.host.resolve(node),
              )
            : [];
          return known.length > 0 ? imported.analysis.parameterEffect(imported.fn, index, site, known) : effect;
        })
      : null;
  }

  /** The argument `call` gives back as its result (a pass-through: `withTimeout(client)`), by its callee's body; `null` if none. */
  returnedArgument(call: TSESTree.CallExpression): number | null {
    const target = this.callees.getCallee(call) ?? this.host.findImported(call)?.fn ?? null;
    return target ? getReturnedParameter(target) : null;
  }

  /**
   * The argument whose call's result `call` gives back (a wrapper: `withTlsHint(() =>
   * client.connect())`, `retry(() => pool.getConnection())`), by its callee's body in this file
   * or another module; `null` if none.
   */
  callbackResultArgument(call: TSESTree.CallExpression): number | null {
    const target = this.callees.getCallee(call) ?? this.host.findImported(call)?.fn ?? null;
    return target ? getCallbackResultParameter(target) : null;
  }

  /**
   * What a wrapper call acquires through the callback it calls and whose result it returns:
   * the first site of that callback (written in the call, or a function of this file named
   * there) that it returns; `null` if none.
   */
  private acquirerThroughCallback(call: TSESTree.CallExpression, target: FunctionNode | null): Site | null {
    const index = target ? getCallbackResultParameter(target) : this.callbackResultArgument(call);
    const argument = index === null ? undefined : call.arguments[index];
    const callback = argument ? getFunctionArgument(argument, (node) => this.host.resolve(node)) : null;
    return callback ? this.getAcquirer(callback) : null;
  }

  /**
   * Whether `fn` releases its parameter at `index` on every path that returns normally;
   * memoised. `unknown` when its analysis gave up (on the debug channel).
   */
  releasesParameter(fn: FunctionNode, index: number, outer: Site): boolean | 'unknown' {
    const effect = this.parameterEffect(fn, index, outer);
    return effect === 'unknown' ? 'unknown' : effect === 'releases';
  }

  /**
   * What `fn` does to its parameter at `index` on every path that returns normally (see
   * effectOn); memoised. `unknown` when its analysis gave up (on the debug channel).
   */
  parameterEffect(
    fn: FunctionNode,
    index: number,
    outer: Site,
    given: readonly KnownArgument[] = [],
  ): ParameterEffect | null | 'unknown' {
    if (given.length > 0) {
      return this.conditionalEffect(fn, index, outer, given);
    }
    const known = this.releasers.get(releaserKey(fn, index, outer));
    if (known !== undefined) {
      return known;
    }
    if (this.nesting >= MAX_NESTED_SUMMARIES) {
      this.host.noteGiveUp(fn, outer.kind, 'summary', `releaser summaries nested ${String(MAX_NESTED_SUMMARIES)} deep`);
      return 'unknown';
    }
    // Dependencies first, callees before callers, with an explicit stack.
    const order = postOrder<[FunctionNode, number]>(
      [fn, index],
      ([callee, param]) => releaserKey(callee, param, outer),
      ([callee, param]) => this.getForwardedParameters(callee, param),
      ([callee, param]) => this.releasers.has(releaserKey(callee, param, outer)),
    );
    for (const [callee, param] of order) {
      this.computeReleaser(callee, param, outer);
    }
    return this.releasers.get(releaserKey(fn, index, outer)) ?? null;
  }

  /**
   * What `fn` does to its parameter at `index` when the other parameters in `given` have the
   * truthiness given (see getKnownArguments); memoised. The callees it passes the parameter
   * to are summarised as the interpretation meets them, within the nesting bound.
   */
  private conditionalEffect(
    fn: FunctionNode,
    index: number,
    outer: Site,
    given: readonly KnownArgument[],
  ): ParameterEffect | null | 'unknown' {
    const key = `${releaserKey(fn, index, outer)}|${given.map(([at, truthy]) => `${String(at)}${truthy ? '+' : '-'}`).join(',')}`;
    const known = this.releasers.get(key);
    if (known !== undefined) {
      return known;
    }
    const param = fn.params[index];
    if (param?.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    if (this.nesting >= MAX_NESTED_SUMMARIES) {
      this.host.noteGiveUp(fn, outer.kind, 'summary', `releaser summaries nested ${String(MAX_NESTED_SUMMARIES)} deep`);
      return 'unknown';
    }
    this.releasers.set(key, null);
    this.nesting += 1;
    try {
      this.releasers.set(key, this.effectOn(fn, param, outer, given));
    } finally {
      this.nesting -= 1;
    }
    return this.releasers.get(key) ?? null;
  }

  private computeReleaser(fn: FunctionNode, index: number, outer: Site): void {
    const key = releaserKey(fn, index, outer);
    if (this.releasers.has(key)) {
      return;
    }
    const param = fn.params[index];
    // Assume "nothing" while the summary is being computed, so recursion ends as a use.
    this.releasers.set(key, null);
    if (param?.type !== AST_NODE_TYPES.Identifier) {
      return;
    }
    this.nesting += 1;
    try {
      this.releasers.set(key, this.effectOn(fn, param, outer));
    } finally {
      this.nesting -= 1;
    }
  }

  /** The same-file callees `fn` passes its parameter at `index` to, with the position. */
  private getForwardedParameters(fn: FunctionNode, index: number): [FunctionNode, number][] {
    const param = fn.params[index];
    const variable = param?.type === AST_NODE_TYPES.Identifier ? this.host.resolve(param) : null;
    const out: [FunctionNode, number][] = [];
    for (const reference of variable?.references ?? []) {
      const argument = climbTransparentWrappers(reference.identifier);
      const call = argument.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee === argument) {
        continue;
      }
      const position = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
      const callee = this.callees.getCallee(call);
      if (callee && position >= 0) {
        out.push([callee, position]);
      }
    }
    return out;
  }

  /** A call to a same-file function that returns a fresh resource acquires it. */
  recognizeAcquirerCall(call: TSESTree.CallExpression): Site | null {
    const target = this.callees.getCallee(call);
    let inner: Site | null = null;
    let thisGuard: ThisGuard | null = null;
    const onThis = isCallOnThis(call);
    if (target) {
      inner = this.getAcquirer(target);
      thisGuard = inner && onThis ? getThisGuard(inner, this.host) : null;
    } else if (mayHoldResult(call)) {
      const imported = this.host.findImported(call);
      inner = imported ? this.host.nestImported(call, null, () => imported.analysis.acquirerOf(imported.fn)) : null;
      thisGuard = inner && imported && onThis ? getThisGuard(inner, imported.analysis) : null;
    }
    // `await withTlsHint(() => pool.connect())`: the wrapper returns what its callback
    // returns, so the call acquires what the callback acquires.
    inner ??= mayHoldResult(call) ? this.acquirerThroughCallback(call, target) : null;
    const fn = getEnclosingFunction(call);
    if (!inner || !fn || fn === target) {
      return null;
    }
    const value = getValueNode(call);
    const { destination, choice } = this.host.withFunction(fn, () =>
      getDestination(value, (node) => this.host.resolve(node), (variable) => this.host.isLocal(variable)),
    );
    const kindWord = inner.what.split(' from ')[0] ?? inner.what;
    return this.host.buildSite(fn, call, value, destination, choice, {
      ...partsOfSite(inner),
      thisGuard,
      what: `${kindWord} from ${describeCall(call, (node) => this.host.text(node))}`,
    });
  }

  /** The first site of `fn` that some path returns to the caller; memoised. */
  getAcquirer(fn: FunctionNode): Site | null {
    if (this.acquirers.has(fn)) {
      return this.acquirers.get(fn) ?? null;
    }
    // Callees first (a chain of acquirers returning each other's result), with an explicit stack.
    const order = postOrder<FunctionNode>(
      fn,
      (node) => String(node.range[0]),
      (node) =>
        this.host
          .plainCallsOf(node)
          .map((call) => this.callees.getCallee(call))
          .filter((callee): callee is FunctionNode => callee !== null),
      (node) => this.acquirers.has(node),
    );
    for (const node of order) {
      this.computeAcquirer(node);
    }
    return this.acquirers.get(fn) ?? null;
  }

  private computeAcquirer(fn: FunctionNode): void {
    if (this.acquirers.has(fn)) {
      return;
    }
    // "Not an acquirer" while it is worked out, so recursion ends.
    this.acquirers.set(fn, null);
    // `return new Promise((resolve) => { const c = lib.createConnection(); … resolve(c); })`:
    // the promise the function returns resolves with what its executor acquires.
    const resolved = getReturnedExecutors(fn).flatMap((executor) =>
      this.host.sitesOf(executor).filter((site) => site.resolveCalls.length > 0),
    );
    if (resolved[0]) {
      this.acquirers.set(fn, resolved[0]);
      return;
    }
    const direct = this.host.sitesOf(fn);
    const nested = this.host
      .plainCallsOf(fn)
      .map((call) => this.recognizeAcquirerCall(call))
      .filter((site): site is Site => site !== null);
    for (const site of [...direct, ...nested]) {
      if (this.host.analyzeSite(site).returned) {
        this.acquirers.set(fn, site);
        return;
      }
    }
  }

  /**
   * The host with which `cannotThrow` (src/summaries/throws.ts) reads this module's functions: callees found as
   * for the other summaries (this file, then other modules, each read with its own module's
   * host), and `mayThrow` / `mayReject`, the throw model, for every other call and `await`. One host per throw model,
   * so its summaries are memoised.
   */
  throwHost(mayThrow: (call: CallLike) => boolean, mayReject?: (awaited: TSESTree.AwaitExpression) => boolean): ThrowSummaryHost {
    let host = this.throwHosts.get(mayThrow);
    if (!host) {
      host = {
        mayThrow,
        ...(mayReject ? { mayReject } : {}),
        calleeOf: (call) => {
          if (call.type !== AST_NODE_TYPES.CallExpression) {
            return null;
          }
          const fn = this.getSameFileFunction(call);
          if (fn) {
            return { fn, host: this.throwHost(mayThrow, mayReject) };
          }
          const imported = this.host.findImported(call);
          // The callee's module asks the throw model about its own calls, by its own names.
          return imported ? { fn: imported.fn, host: imported.analysis.ownThrowHost() } : null;
        },
        classOf: (reference) => {
          const cls = this.sameFile.getClass(reference);
          if (cls) {
            return { cls, host: this.throwHost(mayThrow, mayReject) };
          }
          const imported = this.host.findImportedClass(reference);
          return imported ? { cls: imported.cls, host: imported.analysis.ownThrowHost() } : null;
        },
        // A built-in superclass (`extends Error`) is not read; the data says its constructor is quiet.
        superCannotThrow: (reference) =>
          reference.type === AST_NODE_TYPES.Identifier && (nonThrowingCalls.superclasses as readonly string[]).includes(reference.name),
      };
      this.throwHosts.set(mayThrow, host);
    }
    return host;
  }

  /** See {@link SameFileCallees.getCallee}. */
  getSameFileFunction(call: TSESTree.CallExpression): FunctionNode | null {
    return this.sameFile.getCallee(call);
  }

  /**
   * What `fn` does to parameter `param` on every path that returns normally: `releases` when
   * each path releases it or hands it on and one at least releases; `takes` when each path
   * hands it on (stores it where it escapes, gives it to a releasing callback or to a callee
   * that takes it); `null` (a use) when a path leaves it open, loses it or returns it.
   */
  private effectOn(
    fn: FunctionNode,
    param: TSESTree.Identifier,
    outer: Site,
    given: readonly KnownArgument[] = [],
  ): ParameterEffect | null | 'unknown' {
    const variable = this.host.resolve(param);
    if (!variable) {
      return null;
    }
    const site = this.host.buildSite(fn, param, null, { kind: 'variable', variable }, null, partsOfSite(outer));
    // No release, and only read as `param.x` / `param.m(…)`: a use, known without a run.
    if (site.releaseCalls.length === 0 && variable.references.every((reference) => isMemberObject(reference.identifier))) {
      return null;
    }
    // The known parameters enter as outcomes of tests already taken (see decide).
    const facts = given
      .map(([at, truthy]) => {
        const node = fn.params[at];
        const name = node?.type === AST_NODE_TYPES.AssignmentPattern ? node.left : node;
        const known = name?.type === AST_NODE_TYPES.Identifier ? this.host.resolve(name) : null;
        return known ? ([this.host.idOf(known), truthy] as const) : null;
      })
      .filter((fact): fact is readonly [number, boolean] => fact !== null)
      .sort((a, b) => a[0] - b[0]);
    const exits = this.host.interpret(site, { ...openState([this.host.idOf(variable)]), facts });
    if (!exits.exits) {
      if (exits.gaveUp) {
        // Unknown, so passing the resource to it is a use; the caller's report may be wrong.
        this.host.noteGiveUp(fn, outer.kind, 'summary', `releaser summary: ${exits.gaveUp.detail}`);
        return 'unknown';
      }
      return null;
    }
    // Throwing paths are left out: a releaser that logs before releasing is still one.
    const statuses = [...exits.exits.normal, ...exits.exits.return].map((path) => path.state.status);
    const released = statuses.includes('released');
    if (statuses.length === 0 || statuses.some((status) => status !== 'released' && status !== 'handedOff')) {
      // Released on some paths and left open on the others (the summary's own run reports
      // those as lost where the parameter goes out of scope); not given back to the caller.
      return released && !statuses.includes('returned')
        ? 'partly'
        : null;
    }
    return released ? 'releases' : 'takes';
  }
}

/** Whether a summary may change when other arguments are known: it is a use, or releases on some paths. */
function isConditional(effect: ParameterEffect | null | 'unknown'): boolean {
  return effect === null || effect === 'partly';
}

function releaserKey(fn: FunctionNode, index: number, outer: Site): string {
  return `${String(fn.range[0])}:${String(index)}:${outer.release.key}`;
}
