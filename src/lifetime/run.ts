import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { GiveUpReason } from '../debug.js';
import { type FunctionExits, type FunctionNode, type GaveUp, hasGivenUp, interpretFunction } from '../flow/interpreter.js';
import type { KnownArgument } from '../summaries/arguments.js';
import type { ParsedModule } from '../summaries/modules.js';
import {
  type CallLike,
  cannotThrow as functionCannotThrow,
  constructionCannotThrow as summaryConstructionCannotThrow,
  type ThrowSummaryHost,
} from '../summaries/throws.js';
import { getEnclosingFunction } from '../flow/syntax.js';
import type { ResourceKind } from '../models/index.js';
import { nonThrowingCalls } from '../models/non-throwing.js';
import type { AnalysisOptions, GiveUpReport, SiteReport } from './collector.js';
import {
  type DomainContext,
  type Leak,
  LifetimeDomain,
  type LifetimeState,
  noneState,
  openState,
  type UseAfterRelease,
} from './domain.js';
import { createReceiverProvenance, type InstanceMethod, type ReceiverProvenance } from '../provenance/index.js';
import { FileFacts } from './facts.js';
import { type Match, ReceiverOrigins } from './recognize.js';
import { getRegion, isPlainlyReachable, isUnderFinally } from './region.js';
import { isUsingDeclared, leakPosition } from './state.js';
import type { Site } from './site.js';
import { type SiteHost, SiteRecognizer } from './sites.js';
import { type ImportedClass, type ImportedFunction, isImportCallShape } from './imported.js';
import { SameFileSummaries } from './summaries.js';
import type { ParameterEffect, SummaryHost } from './summary-host.js';
import { ThrowModel } from './throw-model.js';
import { SharedRunsByClass } from './shared-runs.js';
import { getConditionKind, getFlagValueAt } from './conditions.js';
import { getTransactionProtocol } from './protocols.js';
import { cannotThrow } from './throws.js';
import { ReachableByModel } from './reachable.js';
import type { CollectedNodes } from './collector.js';

type Variable = TSESLint.Scope.Variable;

interface SiteResult {
  readonly leaks: Leak[];
  readonly usesAfterRelease: readonly UseAfterRelease[];
  readonly settled: boolean;
  /** Some path returns the resource to the caller, so the function is an acquirer. */
  readonly returned: boolean;
  /** Why the analysis stopped short on the site's function, if it did. */
  readonly gaveUp: GaveUp | null;
}

/** The analysis of one file: recognises its sites, summarises its functions, interprets each site. */
export class FileAnalysis implements DomainContext, SiteHost, SummaryHost {
  readonly facts: FileFacts;
  readonly origins: ReceiverOrigins;
  readonly options: AnalysisOptions;
  readonly releasers: readonly string[];
  readonly throwModel: ThrowModel;
  private readonly sites: SiteRecognizer;
  private readonly summaries: SameFileSummaries;
  private readonly provenance: ReceiverProvenance | null;
  private readonly ids = new Map<Variable, number>();
  private readonly variablesById: Variable[] = [];
  private readonly results = new Map<Site, SiteResult>();
  private readonly sitesByFunction = new Map<FunctionNode, Site[]>();
  private readonly plainCallsByFunction = new Map<FunctionNode, TSESTree.CallExpression[]>();
  private readonly conditionKinds = new Map<Variable, 'flag' | 'stable' | null>();
  private readonly reachable = new ReachableByModel();
  /** Functions the analysis stopped short on (see GiveUpReport). */
  readonly giveUps: GiveUpReport[] = [];
  private readonly giveUpKeys = new Set<string>();
  /** Acquiring calls that cannot throw (see ResourceModel.acquireCannotThrow). */
  private readonly quietAcquisitions = new Set<TSESTree.Node>();
  private prepared = false;
  private calls: readonly TSESTree.CallExpression[] | null = null;
  /** The site being interpreted, for isLocal. */
  private currentFunction: FunctionNode | null = null;

  constructor(
    private readonly collector: CollectedNodes,
    readonly index: Map<string, Match[]>,
    scopeManager: TSESLint.Scope.ScopeManager,
    private readonly getText: (node: TSESTree.Node) => string,
    /** The other module this analysis reads for summaries; `null` for the linted file. */
    readonly module: ParsedModule | null = null,
  ) {
    this.facts = new FileFacts(scopeManager, collector.requireCalls);
    const provenance = createReceiverProvenance(collector.options.imported?.lookup ?? null, module, (identifier) => this.facts.resolve(identifier));
    this.provenance = provenance;
    this.origins = new ReceiverOrigins(this.facts, collector.creations, provenance);
    this.options = collector.options;
    this.releasers = collector.options.releasers;
    this.throwModel = collector.options.throwModel ?? new ThrowModel();
    this.sites = new SiteRecognizer(this);
    this.summaries = new SameFileSummaries(this);
  }

  /**
   * Recognises the file's own acquisition sites and groups its calls by function: what a
   * summary of one of its functions needs. The analysis of another module stops here;
   * its summaries are made on demand.
   */
  prepare(): void {
    if (this.prepared) {
      return;
    }
    this.prepared = true;
    for (const call of this.collector.candidates) {
      const site = this.sites.recognize(call);
      if (site) {
        this.addSite(site);
      }
    }
    if (this.sitesByFunction.size === 0 && !this.options.imported) {
      return;
    }
    for (const call of this.callsToSummarise()) {
      const fn = getEnclosingFunction(call);
      if (fn) {
        const list = this.plainCallsByFunction.get(fn) ?? [];
        list.push(call);
        this.plainCallsByFunction.set(fn, list);
      }
    }
  }

  run(): SiteReport[] {
    this.prepare();
    if (this.sitesByFunction.size === 0 && !this.options.imported) {
      return [];
    }
    // Calls to functions that hand out a fresh resource (in this file or another module) are acquisitions too.
    for (const call of this.callsToSummarise()) {
      const site = this.summaries.recognizeAcquirerCall(call);
      if (site) {
        this.addSite(site);
      }
    }
    const reports: SiteReport[] = [];
    for (const sites of this.sitesByFunction.values()) {
      for (const site of sites) {
        const { leaks, settled, usesAfterRelease, returned, gaveUp } = this.analyzeSite(site);
        reports.push({
          site,
          settled,
          usesAfterRelease,
          returned,
          gaveUp: gaveUp ? { reason: gaveUp.reason, detail: gaveUp.detail } : null,
          leaks: [...leaks].sort((a, b) => leakPosition(a) - leakPosition(b)),
        });
      }
    }
    return reports;
  }

  // ------------------------------------------------------------ DomainContext

  resolve(node: TSESTree.Node): Variable | null {
    return this.facts.resolve(node);
  }

  idOf(variable: Variable): number {
    let id = this.ids.get(variable);
    if (id === undefined) {
      id = this.variablesById.length;
      this.ids.set(variable, id);
      this.variablesById.push(variable);
    }
    return id;
  }

  variableOf(id: number): Variable | undefined {
    return this.variablesById[id];
  }

  isLocal(variable: Variable): boolean {
    return variable.scope.variableScope.block === this.currentFunction;
  }

  conditionKind(variable: Variable): 'flag' | 'stable' | null {
    let kind = this.conditionKinds.get(variable);
    if (kind === undefined) {
      kind = getConditionKind(variable);
      this.conditionKinds.set(variable, kind);
    }
    return kind;
  }

  isQuietAcquisition(call: TSESTree.CallExpression): boolean {
    return this.quietAcquisitions.has(call);
  }

  /** The throw model as the cannot-throw summary asks it, for calls whose callee is not read. */
  private readonly modelMayThrow = (call: CallLike): boolean => !cannotThrow(this, call);
  private readonly modelMayReject = (awaited: TSESTree.AwaitExpression): boolean => !cannotThrow(this, awaited);

  calleeCannotThrow(call: TSESTree.CallExpression): boolean {
    const callee = this.throwHost(this.modelMayThrow, this.modelMayReject).calleeOf(call);
    return callee !== null && functionCannotThrow(callee.fn, callee.host);
  }

  calledFunction(call: TSESTree.CallExpression): { readonly fn: FunctionNode; readonly context: DomainContext } | null {
    this.prepare();
    const fn = this.summaries.getSameFileFunction(call);
    const imported = fn ? null : this.findImported(call);
    return fn ? { fn, context: this } : imported ? { fn: imported.fn, context: imported.analysis } : null;
  }

  constructionCannotThrow(call: TSESTree.NewExpression): boolean {
    return summaryConstructionCannotThrow(call, this.ownThrowHost());
  }

  isTypedCollectionCall(receiver: TSESTree.Node, method: string): boolean {
    return this.options.types?.isBuiltinCollectionCall(receiver, method, nonThrowingCalls.collections) ?? false;
  }

  flagValueAtAcquisition(variable: Variable, site: Site): boolean | null {
    // Where a site acquires is what sites sharing runs differ in (see shared-runs.ts).
    this.siteReads += 1;
    return getFlagValueAt(variable, site);
  }

  isSameFileFunction(call: TSESTree.CallExpression): boolean {
    return this.summaries.getSameFileFunction(call) !== null;
  }

  releasesArgument(call: TSESTree.CallExpression, index: number): boolean | 'partly' | 'unknown' {
    return this.summaries.releasesArgument(call, index, this.currentSite);
  }

  takesArgument(call: TSESTree.CallExpression, index: number): boolean {
    return this.summaries.argumentEffect(call, index, this.currentSite) === 'takes';
  }

  returnedArgument(call: TSESTree.CallExpression): number | null {
    return this.summaries.returnedArgument(call);
  }

  callbackResultArgument(call: TSESTree.CallExpression): number | null {
    return this.summaries.callbackResultArgument(call);
  }

  // ------------------------------------------------------------ SiteHost, SummaryHost

  markQuiet(call: TSESTree.Node): void {
    this.quietAcquisitions.add(call);
  }

  sitesOf(fn: FunctionNode): readonly Site[] {
    return this.sitesByFunction.get(fn) ?? [];
  }

  plainCallsOf(fn: FunctionNode): readonly TSESTree.CallExpression[] {
    return this.plainCallsByFunction.get(fn) ?? [];
  }

  findImported(call: TSESTree.CallExpression): ImportedFunction | null {
    const { imported } = this.options;
    // Else a method of an imported class, called on an instance (`db.getConnection()`, `db = new RDSClient()`).
    const found = imported?.find(call, this.module, this) ?? null;
    const method = found === null && imported ? this.instanceMethod(call) : null;
    return found ?? (imported && method?.module && method.module !== this.module ? imported.functionIn(call, method.fn, method.module) : null);
  }

  instanceMethodOf(call: TSESTree.CallExpression): FunctionNode | null {
    const method = this.instanceMethod(call);
    return method && method.module === this.module ? method.fn : null;
  }

  /** The method an instance's call reaches (provenance), unless the call is an acquisition the models recognise. */
  private instanceMethod(call: TSESTree.CallExpression): InstanceMethod | null {
    const fn = getEnclosingFunction(call);
    const isSite = fn !== null && (this.sitesByFunction.get(fn) ?? []).some((site) => site.node === call);
    return isSite ? null : (this.provenance?.instanceMethod(call) ?? null);
  }

  findImportedClass(reference: TSESTree.Node): ImportedClass | null {
    return this.options.imported?.findClass(reference, this.module, this) ?? null;
  }

  nestImported<T>(call: TSESTree.Node, fallback: T, summarise: () => T): T {
    return this.options.imported ? this.options.imported.nest(call, fallback, summarise) : fallback;
  }

  /** Whether `fn`, a function of this module, releases its parameter `index` on every path, for `site`'s release. */
  releasesParameter(fn: FunctionNode, index: number, site: Site): boolean | 'unknown' {
    this.prepare();
    return this.summaries.releasesParameter(fn, index, site);
  }

  /** What `fn`, a function of this module, does to its parameter `index` on every path, for `site`'s release. */
  parameterEffect(fn: FunctionNode, index: number, site: Site, known: readonly KnownArgument[] = []): ParameterEffect | null | 'unknown' {
    this.prepare();
    return this.summaries.parameterEffect(fn, index, site, known);
  }

  /**
   * The host for `cannotThrow` (src/summaries/throws.ts) in this module: it finds callees as the other summaries
   * do, and asks `mayThrow` (the throw model) about every other call.
   */
  throwHost(mayThrow: (call: CallLike) => boolean, mayReject?: (awaited: TSESTree.AwaitExpression) => boolean): ThrowSummaryHost {
    this.prepare();
    return this.summaries.throwHost(mayThrow, mayReject);
  }

  /**
   * The host with which another module's summaries read this module's functions: the throw
   * model asked about this module's calls resolves their names here (an import of `chalk`
   * in this module is this module's to see).
   */
  ownThrowHost(): ThrowSummaryHost {
    return this.throwHost(this.modelMayThrow, this.modelMayReject);
  }

  /** The site `fn`, a function of this module, returns to its callers, when it is an acquirer. */
  acquirerOf(fn: FunctionNode): Site | null {
    this.prepare();
    return this.summaries.getAcquirer(fn);
  }

  /** Calls that may reach a summarised function: by plain name or on `this`, and with imports, `ns.f()` too. */
  private callsToSummarise(): readonly TSESTree.CallExpression[] {
    if (!this.calls) {
      const { plainCalls, creations } = this.collector;
      const known = new Set(plainCalls);
      this.calls = this.options.imported
        ? [
            ...plainCalls,
            ...creations.filter(
              (node): node is TSESTree.CallExpression =>
                node.type === AST_NODE_TYPES.CallExpression && !known.has(node) && isImportCallShape(node),
            ),
          ]
        : plainCalls;
    }
    return this.calls;
  }

  buildSite(...args: Parameters<SiteRecognizer['buildSite']>): Site {
    return this.sites.buildSite(...args);
  }

  private currentSite: Site | null = null;
  /** How often a site's own acquisition was read (see flagValueAtAcquisition). */
  private siteReads = 0;
  private readonly sharedRuns = new SharedRunsByClass((fn) => this.sitesOf(fn));

  private addSite(site: Site): void {
    const list = this.sitesByFunction.get(site.fn) ?? [];
    list.push(site);
    this.sitesByFunction.set(site.fn, list);
  }

  // ------------------------------------------------------------ analysis

  analyzeSite(site: Site): SiteResult {
    const cached = this.results.get(site);
    if (cached) {
      return cached;
    }
    // Recursion guard: a site is its own pending result while it is analysed.
    const pending: SiteResult = { leaks: [], usesAfterRelease: [], returned: false, settled: true, gaveUp: null };
    this.results.set(site, pending);
    // Handed on, disposed by `using` (every way out of its scope disposes it; with no explicit
    // release either, nothing can use it after one), or returned outside any `finally` that
    // could override the return: no path of this function can leak it, so there is nothing
    // to interpret.
    // A transaction settled elsewhere by design: nothing this function's paths can judge.
    const protocol = getTransactionProtocol(site, this.sitesByFunction.get(site.fn) ?? [], (node) => this.resolve(node));
    if (protocol !== null) {
      this.noteGiveUp(site.fn, site.kind, 'unsupported', protocol);
      const result: SiteResult = { leaks: [], usesAfterRelease: [], settled: true, returned: false, gaveUp: null };
      this.results.set(site, result);
      return result;
    }
    const disposed =
      site.destination.kind === 'variable' &&
      site.value !== null &&
      site.releaseCalls.length === 0 &&
      isUsingDeclared(site.destination.variable);
    if (
      disposed ||
      site.destination.kind === 'handedOff' ||
      (site.destination.kind === 'returned' && !isUnderFinally(site))
    ) {
      const result: SiteResult = {
        leaks: [],
        usesAfterRelease: [],
        settled: true,
        returned: site.destination.kind === 'returned',
        gaveUp: null,
      };
      this.results.set(site, result);
      return result;
    }
    const entry =
      site.value === null && site.destination.kind === 'variable'
        ? openState([this.idOf(site.destination.variable)])
        : noneState();
    const { exits, leaks, settled, usesAfterRelease, gaveUp } = this.interpret(site, entry, true);
    if (gaveUp) {
      this.noteGiveUp(site.fn, site.kind, gaveUp.reason, gaveUp.detail);
    }
    const result: SiteResult = exits
      ? { leaks, settled, usesAfterRelease, returned: exits.return.some((path) => path.state.status === 'returned'), gaveUp: null }
      : { leaks: [], usesAfterRelease: [], settled: true, returned: false, gaveUp };
    this.results.set(site, result);
    return result;
  }

  interpret(
    site: Site,
    entry: LifetimeState,
    /** Only leaks, uses after release and `returned` exits are read: final paths are dropped (LifetimeDomain.isFinal). */
    dropsFinal = false,
  ): {
    /** `null` when the site is dead code or the interpreter gave up (then `gaveUp` says why). */
    exits: FunctionExits<LifetimeState> | null;
    leaks: Leak[];
    settled: boolean;
    usesAfterRelease: UseAfterRelease[];
    gaveUp: GaveUp | null;
  } {
    const region = getRegion(site);
    const domain = new LifetimeDomain(
      site,
      this,
      region !== null || site.value === null,
      this.collector.followReleased,
      dropsFinal,
      dropsFinal ? { siteReads: () => this.siteReads } : null,
    );
    if (region && site.value !== null && !isPlainlyReachable(region.statement, site.fn)) {
      const reachable = this.reachable.get(site, domain, this.options.stepBudget);
      if (hasGivenUp(reachable)) {
        return { exits: null, leaks: [], settled: true, usesAfterRelease: [], gaveUp: reachable };
      }
      if (!reachable.has(site.value)) {
        // Dead code: a whole-function run would never reach it.
        return { exits: null, leaks: [], settled: true, usesAfterRelease: [], gaveUp: null };
      }
    }
    const saved = { fn: this.currentFunction, site: this.currentSite };
    this.currentFunction = site.fn;
    this.currentSite = site;
    try {
      const exits = interpretFunction(
        site.fn,
        domain,
        entry,
        region,
        this.options.stepBudget,
        dropsFinal ? this.sharedRuns.for(site) : null,
      );
      if (hasGivenUp(exits)) {
        return { exits: null, leaks: [], settled: true, usesAfterRelease: [], gaveUp: exits };
      }
      return {
        exits,
        leaks: [...domain.leaks.values()],
        settled: domain.settled,
        usesAfterRelease: [...domain.usesAfterRelease.values()],
        gaveUp: null,
      };
    } finally {
      this.currentFunction = saved.fn;
      this.currentSite = saved.site;
    }
  }

  /** Records that the analysis of `fn` stopped short, for the rules to put on the debug channel. */
  noteGiveUp(fn: FunctionNode, kind: ResourceKind, reason: GiveUpReason, detail: string): void {
    const key = `${String(fn.range[0])}:${kind}`;
    if (!this.giveUpKeys.has(key)) {
      this.giveUpKeys.add(key);
      this.giveUps.push({ fn, kind, reason, detail });
    }
  }

  withFunction<T>(fn: FunctionNode, action: () => T): T {
    const saved = this.currentFunction;
    this.currentFunction = fn;
    try {
      return action();
    } finally {
      this.currentFunction = saved;
    }
  }

  text(node: TSESTree.Node): string {
    return this.getText(node);
  }
}
