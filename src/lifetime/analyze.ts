import { TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionExits, type FunctionNode, interpretFunction, type Region } from '../flow/interpreter.js';
import { collectReachable } from '../flow/reachability.js';
import {
  contains,
  getEnclosingFunction,
  getPropertyName,
  isFunctionNode,
  isLoopNode,
  skipTypeWrappers,
} from '../flow/syntax.js';
import type { ResourceKind, ResourceModel } from '../models/index.js';
import type { TypedResources } from '../types/resources.js';
import {
  type DomainContext,
  type Leak,
  LifetimeDomain,
  type LifetimeState,
  noneState,
  openState,
  type UseAfterRelease,
} from './domain.js';
import { FileFacts } from './facts.js';
import { getLiteralText, MethodSet } from './methods.js';
import { getCallName, indexModels, type Match, matchCall, ReceiverOrigins } from './recognize.js';
import {
  type Destination,
  findEnclosingFunctions,
  findReleaseCalls,
  getDestination,
  getFunctionBinding,
  getPotentialHolders,
  getValueNode,
  isStoredBefore,
  type Site,
} from './site.js';

type Variable = TSESLint.Scope.Variable;
const { DefinitionType } = TSESLint.Scope;

/** What the analysis is asked to look for. */
export interface AnalysisOptions {
  readonly models: readonly ResourceModel[];
  readonly kinds: ReadonlySet<ResourceKind>;
  /** Names of functions that take ownership of a resource passed to them. */
  readonly releasers: readonly string[];
  /** Follow paths past a release, to find uses after it (no-use-after-release). */
  readonly followReleased?: boolean;
  /** Declared types, when the parser has a program: they add and overrule acquisitions. */
  readonly types?: TypedResources | undefined;
}

/** One acquisition with the leaks found for it. */
export interface SiteReport {
  readonly site: Site;
  /** Leaks in source order of where they happen; empty when every path is fine. */
  readonly leaks: readonly Leak[];
  /** Whether some path releases the resource or hands it on. */
  readonly settled: boolean;
  /** Uses of the resource after a release on some path (when asked for). */
  readonly usesAfterRelease: readonly UseAfterRelease[];
}

interface SiteResult {
  readonly leaks: Leak[];
  readonly usesAfterRelease: readonly UseAfterRelease[];
  readonly settled: boolean;
  /** Some path returns the resource to the caller, so the function is an acquirer. */
  readonly returned: boolean;
}

/**
 * Collects, during ESLint's own traversal, the few nodes the analysis starts from, so a
 * file with no acquisition costs one map lookup per call and nothing more.
 */
export class FileCollector {
  readonly candidates: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
  readonly plainCalls: TSESTree.CallExpression[] = [];
  readonly requireCalls: TSESTree.CallExpression[] = [];
  readonly creations: TSESTree.Node[] = [];
  private readonly index: Map<string, Match[]>;
  private lastVisited: TSESTree.Node | null = null;
  private reports: SiteReport[] | null = null;

  constructor(readonly options: AnalysisOptions) {
    this.index = indexModels(options.models.filter((model) => options.kinds.has(model.kind)));
  }

  /** Looks at a call as ESLint visits it. */
  onCall(node: TSESTree.CallExpression): void {
    // Rules that share this collector all call it for the same node, one after another.
    if (node === this.lastVisited) {
      return;
    }
    this.lastVisited = node;
    const name = getCallName(node);
    if (name === null) {
      return;
    }
    if (this.index.has(name) || this.options.types?.isCandidate(node) === true) {
      this.candidates.push(node);
    }
    const callee = skipTypeWrappers(node.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (name === 'require') {
        this.requireCalls.push(node);
      } else {
        this.plainCalls.push(node);
      }
    } else if (callee.type === AST_NODE_TYPES.MemberExpression) {
      if (callee.object.type === AST_NODE_TYPES.ThisExpression) {
        this.plainCalls.push(node);
      }
      this.creations.push(node);
    }
  }

  /** The rule listeners that feed this collector. */
  visitors(): { CallExpression: (node: TSESTree.CallExpression) => void; NewExpression: (node: TSESTree.NewExpression) => void } {
    return {
      CallExpression: (node) => {
        this.onCall(node);
      },
      NewExpression: (node) => {
        this.onNew(node);
      },
    };
  }

  /** Looks at a `new` expression as ESLint visits it. */
  onNew(node: TSESTree.NewExpression): void {
    if (node === this.lastVisited) {
      return;
    }
    this.lastVisited = node;
    this.creations.push(node);
    if (this.options.types?.isCandidate(node) === true) {
      this.candidates.push(node);
    }
  }

  /** Runs the analysis over everything collected, once: later calls get the same reports. */
  analyze(scopeManager: TSESLint.Scope.ScopeManager | null, getText: (node: TSESTree.Node) => string): SiteReport[] {
    if (this.reports) {
      return this.reports;
    }
    this.reports =
      this.candidates.length === 0 || !scopeManager
        ? []
        : new FileAnalysis(this, this.index, scopeManager, getText).run();
    return this.reports;
  }
}

/** Where a leaking path leaves: the end of a block it falls off, else where it starts. */
function leakPosition(leak: Leak): number {
  return leak.kind === 'normal' ? leak.at.range[1] : leak.at.range[0];
}

/**
 * The part of the function a site's lifetime can span: from the statement that acquires
 * to the end of the block that scopes its holder (or, for a value that is not kept in a
 * variable, of the block around the acquisition). Statements before the acquisition
 * cannot touch it, and a block-scoped holder dies with its block, where a leak on any
 * path out of the block is found. `null` means the whole function.
 */
function getRegion(site: Site): Region | null {
  if (site.value === null || site.fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return null;
  }
  let scope: TSESTree.Node = site.value;
  if (site.destination.kind === 'variable') {
    const holderScope = site.destination.variable.scope.block as TSESTree.Node;
    scope = holderScope === site.fn ? site.fn.body : holderScope;
  }
  let block: TSESTree.Node | undefined = scope;
  while (block && block.type !== AST_NODE_TYPES.BlockStatement) {
    block = block.parent;
  }
  if (!block || !contains(site.fn, block)) {
    return null;
  }
  // A `finally` outside the block may override a `return` from inside it: keep it in view.
  for (let current: TSESTree.Node = block; current !== site.fn; current = current.parent ?? site.fn) {
    if (current.parent?.type === AST_NODE_TYPES.TryStatement && current.parent.finalizer && current.parent.finalizer !== current) {
      return null;
    }
  }
  const statement = block.body.find((child) => contains(child, site.value ?? child));
  return statement ? { block, statement } : null;
}

/**
 * A fast path for reachability: `statement` sits in straight-line code (blocks and `try`
 * blocks) after only declarations and expression statements, so a path reaches it.
 */
function isPlainlyReachable(statement: TSESTree.Node, fn: FunctionNode): boolean {
  let current: TSESTree.Node = statement;
  while (current !== fn.body) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (parent?.type === AST_NODE_TYPES.BlockStatement) {
      for (const sibling of parent.body) {
        if (sibling === current) {
          break;
        }
        if (sibling.type !== AST_NODE_TYPES.VariableDeclaration && sibling.type !== AST_NODE_TYPES.ExpressionStatement) {
          return false;
        }
      }
    } else if (parent?.type !== AST_NODE_TYPES.TryStatement || parent.block !== current) {
      return false;
    }
    current = parent;
  }
  return true;
}

/** The member expression whose object is `value` (through `await` and type wrappers). */
function climbToMember(value: TSESTree.Node): TSESTree.MemberExpression | null {
  let node: TSESTree.Node = value;
  while (
    node.parent?.type === AST_NODE_TYPES.TSNonNullExpression ||
    node.parent?.type === AST_NODE_TYPES.TSAsExpression ||
    node.parent?.type === AST_NODE_TYPES.AwaitExpression
  ) {
    node = node.parent;
  }
  return node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node ? node.parent : null;
}

/** Whether the site's acquisition sits in a `try` (or `catch`) that has a `finally`. */
function isUnderFinally(site: Site): boolean {
  let current: TSESTree.Node = site.node;
  while (current !== site.fn && current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.finalizer && parent.finalizer !== current) {
      return true;
    }
    current = parent;
  }
  return false;
}

/** An argument that may be a callback: a name or a member, not a literal or an object. */
function isCallbackReference(node: TSESTree.Node): boolean {
  const inner = skipTypeWrappers(node);
  return inner.type === AST_NODE_TYPES.Identifier || inner.type === AST_NODE_TYPES.MemberExpression;
}

function describeCall(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  sourceText: (node: TSESTree.Node) => string,
  withArgument = false,
): string {
  // A chain written over several lines reads as one: `db\n  .collection(…)` → `db.collection(…)`.
  const text = sourceText(call.callee).replace(/\s*\n\s*(?=\??\.)/g, '').replace(/\s+/g, ' ');
  const prefix = call.type === AST_NODE_TYPES.NewExpression ? 'new ' : '';
  const argument = withArgument ? describeArgument(call.arguments[0], sourceText) : '';
  return `\`${prefix}${text.length > 40 ? `…${text.slice(-39)}` : text}(${argument})\``;
}

/** The argument that made a call an acquisition: `'BEGIN'`, `new Cursor(…)`. */
function describeArgument(argument: TSESTree.Node | undefined, sourceText: (node: TSESTree.Node) => string): string {
  const statement = getLiteralText(argument);
  if (statement !== null) {
    return statement.length <= 30 ? `'${statement.trim()}'` : '';
  }
  const inner = argument ? skipTypeWrappers(argument) : null;
  return inner?.type === AST_NODE_TYPES.NewExpression ? `new ${sourceText(inner.callee)}(…)` : '';
}

class FileAnalysis implements DomainContext {
  private readonly facts: FileFacts;
  private readonly origins: ReceiverOrigins;
  private readonly ids = new Map<Variable, number>();
  private readonly variablesById: Variable[] = [];
  private readonly results = new Map<Site, SiteResult>();
  private readonly sitesByFunction = new Map<FunctionNode, Site[]>();
  private readonly plainCallsByFunction = new Map<FunctionNode, TSESTree.CallExpression[]>();
  private readonly acquirers = new Map<TSESTree.Node, Site | null>();
  private readonly releasers = new Map<string, boolean>();
  private readonly conditionKinds = new Map<Variable, 'flag' | 'stable' | null>();
  /** Acquiring calls that cannot throw (see ResourceModel.acquireCannotThrow). */
  private readonly quietAcquisitions = new Set<TSESTree.Node>();
  /** The site being interpreted, for isLocal. */
  private currentFunction: FunctionNode | null = null;

  constructor(
    private readonly collector: FileCollector,
    private readonly index: Map<string, Match[]>,
    scopeManager: TSESLint.Scope.ScopeManager,
    private readonly getText: (node: TSESTree.Node) => string,
  ) {
    this.facts = new FileFacts(scopeManager, collector.requireCalls);
    this.origins = new ReceiverOrigins(this.facts, collector.creations);
  }

  run(): SiteReport[] {
    for (const call of this.collector.candidates) {
      const site = this.recognize(call);
      if (site) {
        this.addSite(site);
      }
    }
    if (this.sitesByFunction.size === 0) {
      return [];
    }
    for (const call of this.collector.plainCalls) {
      const fn = getEnclosingFunction(call);
      if (fn) {
        const list = this.plainCallsByFunction.get(fn) ?? [];
        list.push(call);
        this.plainCallsByFunction.set(fn, list);
      }
    }
    // Calls to same-file functions that hand out a fresh resource are acquisitions too.
    for (const call of this.collector.plainCalls) {
      const site = this.recognizeAcquirerCall(call);
      if (site) {
        this.addSite(site);
      }
    }
    const reports: SiteReport[] = [];
    for (const sites of this.sitesByFunction.values()) {
      for (const site of sites) {
        const { leaks, settled, usesAfterRelease } = this.analyzeSite(site);
        reports.push({
          site,
          settled,
          usesAfterRelease,
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

  flagValueAtAcquisition(variable: Variable, site: Site): boolean | null {
    const acquisition = site.value;
    const [definition] = variable.defs;
    const declarator = definition?.node as TSESTree.Node | undefined;
    if (
      !acquisition ||
      declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
      declarator.init?.type !== AST_NODE_TYPES.Literal ||
      typeof declarator.init.value !== 'boolean' ||
      declarator.range[1] > acquisition.range[0]
    ) {
      return null;
    }
    // Written between the declaration and the acquisition, or in a loop around the
    // acquisition (an earlier iteration), the value there is not the initial one.
    const loops = getEnclosingLoops(acquisition, site.fn);
    const rewritten = variable.references.some((reference) => {
      if (!reference.isWrite() || reference.init) {
        return false;
      }
      const at = reference.identifier.range[0];
      return at < acquisition.range[0] || loops.some((loop) => contains(loop, reference.identifier));
    });
    return rewritten ? null : declarator.init.value;
  }

  isSameFileFunction(call: TSESTree.CallExpression): boolean {
    return this.getSameFileFunction(call) !== null;
  }

  releasesArgument(call: TSESTree.CallExpression, index: number): boolean {
    const callee = skipTypeWrappers(call.callee);
    const name =
      callee.type === AST_NODE_TYPES.Identifier
        ? callee.name
        : callee.type === AST_NODE_TYPES.MemberExpression
          ? getPropertyName(callee)
          : null;
    if (name !== null && this.collector.options.releasers.includes(name)) {
      return true;
    }
    const target = this.getSameFileFunction(call);
    const site = this.currentSite;
    if (!target || !site) {
      return false;
    }
    const param = target.params[index];
    if (param?.type !== AST_NODE_TYPES.Identifier) {
      return false;
    }
    const key = `${String(target.range[0])}:${String(index)}:${site.release.key}`;
    const known = this.releasers.get(key);
    if (known !== undefined) {
      return known;
    }
    // Assume "no" while the summary is being computed, so recursion ends.
    this.releasers.set(key, false);
    const result = this.isReleaser(target, param, site);
    this.releasers.set(key, result);
    return result;
  }

  // ------------------------------------------------------------ recognition

  private currentSite: Site | null = null;

  private addSite(site: Site): void {
    const list = this.sitesByFunction.get(site.fn) ?? [];
    list.push(site);
    this.sitesByFunction.set(site.fn, list);
  }

  private recognize(call: TSESTree.CallExpression | TSESTree.NewExpression): Site | null {
    const name = call.type === AST_NODE_TYPES.CallExpression ? getCallName(call) : null;
    const candidates = name === null ? undefined : this.index.get(name);
    const { types, models, kinds } = this.collector.options;
    if (!candidates && !types) {
      return null;
    }
    const syntactic =
      candidates && call.type === AST_NODE_TYPES.CallExpression
        ? matchCall(call, candidates, this.origins, this.facts, (match) => this.isUsedAsResource(call, match))
        : [];
    // A call whose name acquires only with a telling argument (`client.query('BEGIN')`,
    // `client.query(new Cursor(…))`) and has none is no acquisition whatever its type says;
    // asking the checker about every `query()` would cost more than the rest of the rule.
    const needsArgument =
      syntactic.length === 0 && candidates !== undefined && candidates.every((match) => match.spec.argument !== undefined);
    const matches = types && !needsArgument ? types.refine(call, syntactic, models, kinds) : syntactic;
    const [first] = matches;
    if (!first) {
      return null;
    }
    if (matches.every((match) => match.model.acquireCannotThrow === true)) {
      this.quietAcquisitions.add(call);
    }
    const parts = partsOf(
      matches.map((match) => match.model),
      `${first.model.what} from ${describeCall(call, (node) => this.text(node), first.spec.argument !== undefined)}`,
    );
    const last = call.arguments.at(-1);
    const callback = first.spec.callback;
    if (callback && last && isFunctionNode(last)) {
      return this.callbackSite(call, last, callback, parts);
    }
    if (callback && last && isCallbackReference(last)) {
      // `pool.connect(onConnect)`: the resource goes to a function defined elsewhere.
      return null;
    }
    const fn = getEnclosingFunction(call);
    if (!fn) {
      return null;
    }
    const value = getValueNode(call, parts.chain);
    const callee = skipTypeWrappers(call.callee);
    const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : null;
    if (first.spec.resource === 'receiver' && receiver && receiver.type !== AST_NODE_TYPES.NewExpression) {
      // `await client.connect()`, `await client.query('BEGIN')`: the receiver itself holds
      // the open resource. A parameter's caller may settle it, so only locals count.
      const variable = this.withFunction(fn, () => {
        const resolved = this.resolve(receiver);
        return resolved &&
          this.isLocal(resolved) &&
          !isParameter(resolved) &&
          !isStoredBefore(resolved, call.range[0], (node) => this.resolve(node))
          ? resolved
          : null;
      });
      if (!variable) {
        return null;
      }
      return this.buildSite(fn, call, value, { kind: 'variable', variable }, null, parts);
    }
    const { destination, choice } = this.withFunction(fn, () =>
      getDestination(value, (node) => this.resolve(node), (variable) => this.isLocal(variable)),
    );
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

  /** Weak evidence holds when the result is later used as the resource (`.query`, `.release`). */
  private isUsedAsResource(call: TSESTree.CallExpression, match: Match): boolean {
    const fn = getEnclosingFunction(call);
    if (!fn) {
      return false;
    }
    const chain = new Set(match.model.chain ?? []);
    const { destination } = this.withFunction(fn, () =>
      getDestination(getValueNode(call, chain), (node) => this.resolve(node), (variable) => this.isLocal(variable)),
    );
    const methods = new Set([
      ...match.model.release.map((pattern) => (typeof pattern === 'string' ? pattern : pattern.method)),
      ...(match.model.uses ?? []),
    ]);
    if (destination.kind === 'member') {
      const member = getValueNode(call, chain).parent;
      const name = member?.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(member) : null;
      return name !== null && methods.has(name);
    }
    if (destination.kind !== 'variable') {
      return false;
    }
    return destination.variable.references.some((reference) => {
      const parent = (reference.identifier as TSESTree.Node).parent;
      if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== reference.identifier) {
        return false;
      }
      const name = getPropertyName(parent);
      return name !== null && methods.has(name);
    });
  }

  private callbackSite(
    call: TSESTree.CallExpression | TSESTree.NewExpression,
    fn: FunctionNode,
    callback: NonNullable<Match['spec']['callback']>,
    parts: SiteParts,
  ): Site | null {
    const param = fn.params[callback.resourceParam];
    if (param?.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    const variable = this.resolve(param);
    if (!variable) {
      return null;
    }
    const paramVariable = (index: number | undefined): Variable | null => {
      const node = index === undefined ? undefined : fn.params[index];
      return node?.type === AST_NODE_TYPES.Identifier ? this.resolve(node) : null;
    };
    const releaseParam = paramVariable(callback.releaseParam);
    return this.buildSite(fn, call, null, { kind: 'variable', variable }, null, {
      ...parts,
      releaseFunctions: releaseParam ? [releaseParam] : [],
      errorVariable: paramVariable(callback.errorParam),
    });
  }

  private buildSite(
    fn: FunctionNode,
    node: TSESTree.Node,
    value: TSESTree.Node | null,
    destination: Destination,
    choice: TSESTree.Node | null,
    parts: SiteParts,
  ): Site {
    const first = destination.kind === 'variable' ? destination.variable : null;
    const holders = getPotentialHolders(first, (target) => this.resolve(target));
    const releaseFunctions = new Set(parts.releaseFunctions ?? []);
    let releaseCalls = findReleaseCalls(holders, parts.release, parts.releaseVia, releaseFunctions);
    let releasingFunctions = findEnclosingFunctions(releaseCalls, fn);
    // A cleanup closure bound to a name (`const done = () => client.release()`) releases
    // wherever it is called.
    for (const closure of releasingFunctions) {
      const binding = getFunctionBinding(closure, (target) => this.resolve(target));
      if (binding) {
        releaseFunctions.add(binding);
      }
    }
    if (releaseFunctions.size > (parts.releaseFunctions?.length ?? 0)) {
      releaseCalls = findReleaseCalls(holders, parts.release, parts.releaseVia, releaseFunctions);
      releasingFunctions = findEnclosingFunctions(releaseCalls, fn);
    }
    return {
      fn,
      node,
      kind: parts.kind,
      value,
      destination,
      choice,
      release: parts.release,
      releaseVia: parts.releaseVia,
      abandon: parts.abandon,
      uses: parts.uses,
      exhaustion: parts.exhaustion,
      releaseTwiceFails: parts.releaseTwiceFails,
      closesOnError: parts.closesOnError,
      callable: parts.callable,
      opensOn: parts.opensOn,
      releaseFunctions,
      errorVariable: parts.errorVariable ?? null,
      releaseCalls,
      releasingFunctions,
      keepAliveEvents: parts.keepAliveEvents,
      name: first ? first.name : this.text(node),
      what: parts.what,
      releaseCall: parts.releaseCall,
      releaseIsAsync: parts.releaseIsAsync,
      fixHints: parts.fixHints,
    };
  }

  // ------------------------------------------------------------ summaries

  /** A call to a same-file function that returns a fresh resource acquires it. */
  private recognizeAcquirerCall(call: TSESTree.CallExpression): Site | null {
    const target = this.getSameFileFunction(call);
    const inner = target ? this.getAcquirer(target) : null;
    const fn = getEnclosingFunction(call);
    if (!inner || !fn || fn === target) {
      return null;
    }
    const value = getValueNode(call);
    const { destination, choice } = this.withFunction(fn, () =>
      getDestination(value, (node) => this.resolve(node), (variable) => this.isLocal(variable)),
    );
    const kindWord = inner.what.split(' from ')[0] ?? inner.what;
    return this.buildSite(fn, call, value, destination, choice, {
      ...partsOfSite(inner),
      what: `${kindWord} from ${describeCall(call, (node) => this.text(node))}`,
    });
  }

  /** The first site of `fn` that some path returns to the caller; memoised. */
  private getAcquirer(fn: FunctionNode): Site | null {
    if (this.acquirers.has(fn)) {
      return this.acquirers.get(fn) ?? null;
    }
    this.acquirers.set(fn, null);
    const direct = this.sitesByFunction.get(fn) ?? [];
    const nested = (this.plainCallsByFunction.get(fn) ?? [])
      .map((call) => this.recognizeAcquirerCall(call))
      .filter((site): site is Site => site !== null);
    for (const site of [...direct, ...nested]) {
      if (this.analyzeSite(site).returned) {
        this.acquirers.set(fn, site);
        return site;
      }
    }
    return null;
  }

  /** `helper(...)` or `this.helper(...)` defined in this file. */
  private getSameFileFunction(call: TSESTree.CallExpression): FunctionNode | null {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const variable = this.resolve(callee);
      const definition = variable?.defs[0];
      if (!definition) {
        return null;
      }
      const node = definition.node as TSESTree.Node;
      if (node.type === AST_NODE_TYPES.FunctionDeclaration) {
        return node;
      }
      if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init && isFunctionNode(node.init)) {
        return node.init;
      }
      return null;
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression) {
      const name = getPropertyName(callee);
      let current: TSESTree.Node | undefined = callee.parent;
      while (current && current.type !== AST_NODE_TYPES.ClassBody) {
        current = current.parent;
      }
      const method = current?.body.find(
        (member) =>
          member.type === AST_NODE_TYPES.MethodDefinition &&
          !member.computed &&
          member.key.type === AST_NODE_TYPES.Identifier &&
          member.key.name === name,
      );
      return method?.type === AST_NODE_TYPES.MethodDefinition && isFunctionNode(method.value) ? method.value : null;
    }
    return null;
  }

  /** Whether `fn` releases parameter `param` on every path that returns normally. */
  private isReleaser(fn: FunctionNode, param: TSESTree.Identifier, outer: Site): boolean {
    const variable = this.resolve(param);
    if (!variable) {
      return false;
    }
    const site = this.buildSite(fn, param, null, { kind: 'variable', variable }, null, partsOfSite(outer));
    if (site.releaseCalls.length === 0) {
      return false;
    }
    const exits = this.interpret(site, openState([this.idOf(variable)]));
    if (!exits.exits) {
      return false;
    }
    // Throwing paths are left out: a releaser that logs before releasing is still one.
    return [...exits.exits.normal, ...exits.exits.return].every(
      (path) => path.state.status !== 'open' && path.state.status !== 'lost',
    );
  }

  // ------------------------------------------------------------ analysis

  private analyzeSite(site: Site): SiteResult {
    const cached = this.results.get(site);
    if (cached) {
      return cached;
    }
    // Recursion guard: a site is its own pending result while it is analysed.
    const pending: SiteResult = { leaks: [], usesAfterRelease: [], returned: false, settled: true };
    this.results.set(site, pending);
    // Handed on, or returned outside any `finally` that could override the return: no
    // path of this function can leak it, so there is nothing to interpret.
    if (site.destination.kind === 'handedOff' || (site.destination.kind === 'returned' && !isUnderFinally(site))) {
      const result: SiteResult = {
        leaks: [],
        usesAfterRelease: [],
        settled: true,
        returned: site.destination.kind === 'returned',
      };
      this.results.set(site, result);
      return result;
    }
    const entry =
      site.value === null && site.destination.kind === 'variable'
        ? openState([this.idOf(site.destination.variable)])
        : noneState();
    const { exits, leaks, settled, usesAfterRelease } = this.interpret(site, entry);
    const result: SiteResult = exits
      ? { leaks, settled, usesAfterRelease, returned: exits.return.some((path) => path.state.status === 'returned') }
      : { leaks: [], usesAfterRelease: [], settled: true, returned: false };
    this.results.set(site, result);
    return result;
  }

  private interpret(
    site: Site,
    entry: LifetimeState,
  ): {
    exits: FunctionExits<LifetimeState> | null;
    leaks: Leak[];
    settled: boolean;
    usesAfterRelease: UseAfterRelease[];
  } {
    const region = getRegion(site);
    const domain = new LifetimeDomain(
      site,
      this,
      region !== null || site.value === null,
      this.collector.options.followReleased === true,
    );
    if (
      region &&
      site.value !== null &&
      !isPlainlyReachable(region.statement, site.fn) &&
      !collectReachable(site.fn, (node) => domain.mayThrow(node))?.has(site.value)
    ) {
      // Dead code (or past the budget): a whole-function run would never reach it.
      return { exits: null, leaks: [], settled: true, usesAfterRelease: [] };
    }
    const saved = { fn: this.currentFunction, site: this.currentSite };
    this.currentFunction = site.fn;
    this.currentSite = site;
    try {
      const exits = interpretFunction(site.fn, domain, entry, region);
      return {
        exits,
        leaks: exits ? [...domain.leaks.values()] : [],
        settled: domain.settled,
        usesAfterRelease: exits ? [...domain.usesAfterRelease.values()] : [],
      };
    } finally {
      this.currentFunction = saved.fn;
      this.currentSite = saved.site;
    }
  }

  private withFunction<T>(fn: FunctionNode, action: () => T): T {
    const saved = this.currentFunction;
    this.currentFunction = fn;
    try {
      return action();
    } finally {
      this.currentFunction = saved;
    }
  }

  private text(node: TSESTree.Node): string {
    return this.getText(node);
  }
}

/** What a site takes from its models (or, for a same-file summary, from another site). */
type SiteParts = Pick<
  Site,
  | 'abandon'
  | 'callable'
  | 'closesOnError'
  | 'exhaustion'
  | 'keepAliveEvents'
  | 'kind'
  | 'opensOn'
  | 'release'
  | 'releaseCall'
  | 'releaseIsAsync'
  | 'fixHints'
  | 'releaseTwiceFails'
  | 'releaseVia'
  | 'uses'
  | 'what'
> & {
  /** Methods that return the same resource (`find().sort()`). */
  readonly chain: ReadonlySet<string>;
  readonly releaseFunctions?: readonly Variable[];
  readonly errorVariable?: Variable | null;
};

/** Merges the models a call matched (usually one) into what its site needs. */
function partsOf(models: readonly ResourceModel[], what: string): SiteParts {
  const [first] = models;
  const all = <T>(pick: (model: ResourceModel) => readonly T[] | undefined): T[] =>
    models.flatMap((model) => pick(model) ?? []);
  const release = new MethodSet(all((model) => model.release));
  const releaseVia = new Set(all((model) => model.releaseVia));
  const [via] = releaseVia;
  return {
    kind: first?.kind ?? 'connection',
    release,
    releaseVia,
    keepAliveEvents: new Set(all((model) => model.keepAliveEvents)),
    abandon: new MethodSet(all((model) => model.abandonedBy)),
    uses: new Set(all((model) => model.uses)),
    exhaustion: all((model) => model.exhaustion),
    // Where models disagree (`startTransaction()` is TypeORM's and MongoDB's), only what all say.
    releaseTwiceFails: models.every((model) => model.releaseTwiceFails === true),
    closesOnError: new Set(all((model) => model.closesOnError)),
    callable: models.every((model) => model.callable === true),
    opensOn: new Set(all((model) => model.opensOn)),
    chain: new Set(all((model) => model.chain)),
    releaseCall: release.firstCall ?? via ?? '',
    releaseIsAsync: first?.releaseIsAsync === true,
    fixHints: {
      rollbackCalls: models.flatMap((model) => (model.rollbackCall ? [{ call: model.rollbackCall, packages: model.packages }] : [])),
      disposal: models.length === 1 ? (first?.disposal ?? null) : null,
    },
    what,
  };
}

/** A site's model-derived parts, for a summary that stands for it elsewhere. */
function partsOfSite(site: Site): SiteParts {
  return {
    kind: site.kind,
    release: site.release,
    releaseVia: site.releaseVia,
    keepAliveEvents: site.keepAliveEvents,
    abandon: site.abandon,
    uses: site.uses,
    exhaustion: site.exhaustion,
    releaseTwiceFails: site.releaseTwiceFails,
    closesOnError: site.closesOnError,
    callable: site.callable,
    opensOn: site.opensOn,
    chain: new Set(),
    releaseCall: site.releaseCall,
    releaseIsAsync: site.releaseIsAsync,
    fixHints: site.fixHints,
    what: site.what,
  };
}

/** See DomainContext.conditionKind. */
function getConditionKind(variable: Variable): 'flag' | 'stable' | null {
  const writes = variable.references.filter((reference) => reference.isWrite());
  const reads = variable.references.filter((reference) => reference.isRead()).length;
  if (!writes.some((reference) => !reference.init)) {
    // Only a variable tested twice can make one test decide another.
    const tests = variable.references.filter((reference) => isTested(reference.identifier)).length;
    return tests >= 2 && variable.defs.every((definition) => definition.type !== DefinitionType.ImportBinding)
      ? 'stable'
      : null;
  }
  const home = variable.scope.variableScope;
  const isFlag = writes.every(
    (reference) =>
      reference.from.variableScope === home &&
      reference.writeExpr?.type === AST_NODE_TYPES.Literal &&
      typeof reference.writeExpr.value === 'boolean' &&
      // `x = true` or `let x = false`, not `x ||= true`.
      (reference.init === true ||
        (reference.identifier.parent.type === AST_NODE_TYPES.AssignmentExpression &&
          reference.identifier.parent.operator === '=')),
  );
  return isFlag && reads > 0 ? 'flag' : null;
}

/** Whether `identifier` is itself a condition: `if (x)`, `!x`, `x && …`, `x ? … : …`. */
function isTested(identifier: TSESTree.Node): boolean {
  const parent = identifier.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === identifier;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!';
    case AST_NODE_TYPES.LogicalExpression:
      return parent.operator !== '??';
    default:
      return false;
  }
}

/** The loops between `node` and `fn`. */
function getEnclosingLoops(node: TSESTree.Node, fn: TSESTree.Node): TSESTree.Node[] {
  const loops: TSESTree.Node[] = [];
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isLoopNode(current)) {
      loops.push(current);
    }
  }
  return loops;
}

/** Whether `variable` is a parameter of its function. */
function isParameter(variable: Variable): boolean {
  return variable.defs.some((definition) => definition.type === DefinitionType.Parameter);
}
