import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { GiveUpReason } from '../debug.js';
import type { FunctionExits, FunctionNode } from '../flow/interpreter.js';
import type { ResourceKind } from '../models/index.js';
import { getEnclosingFunction, getPropertyName, isFunctionNode } from '../flow/syntax.js';
import { type LifetimeState, openState } from './domain.js';
import { type Destination, getDestination, getValueNode, type Site } from './site.js';
import { describeCall, partsOfSite, type SiteParts } from './sites.js';
import { climbTransparentWrappers, skipTransparentWrappers } from '../util/wrappers.js';

type Variable = TSESLint.Scope.Variable;

/** What same-file summaries need from the analysis of the file. */
export interface SummaryHost {
  readonly releasers: readonly string[];
  resolve(node: TSESTree.Node): Variable | null;
  idOf(variable: Variable): number;
  isLocal(variable: Variable): boolean;
  withFunction<T>(fn: FunctionNode, action: () => T): T;
  text(node: TSESTree.Node): string;
  /** The acquisition sites recognised in `fn`. */
  sitesOf(fn: FunctionNode): readonly Site[];
  /** Calls by plain name (or on `this`) in `fn`. */
  plainCallsOf(fn: FunctionNode): readonly TSESTree.CallExpression[];
  buildSite(
    fn: FunctionNode,
    node: TSESTree.Node,
    value: TSESTree.Node | null,
    destination: Destination,
    choice: TSESTree.Node | null,
    parts: SiteParts,
  ): Site;
  analyzeSite(site: Site): { readonly returned: boolean };
  interpret(
    site: Site,
    entry: LifetimeState,
  ): { readonly exits: FunctionExits<LifetimeState> | null; readonly gaveUp: { readonly detail: string } | null };
  /** Records that the analysis of `fn` stopped short. */
  noteGiveUp(fn: FunctionNode, kind: ResourceKind, reason: GiveUpReason, detail: string): void;
}

/**
 * Where the analysis finds the body a call runs. Same-file functions today (SameFileCallees);
 * a resolver for imported functions implements the same one method, and the summaries
 * built on it (releasers, acquirers) work unchanged.
 */
export interface CalleeLookup {
  /** The function `call` runs, when its body can be analysed; `null` otherwise. */
  getCallee(call: TSESTree.CallExpression): FunctionNode | null;
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
  private readonly releasers = new Map<string, boolean | 'unknown'>();
  /** Summaries being computed, innermost last. */
  private nesting = 0;
  private readonly callees: CalleeLookup;

  constructor(
    private readonly host: SummaryHost,
    callees?: CalleeLookup,
  ) {
    this.callees = callees ?? { getCallee: (call) => this.getSameFileFunction(call) };
  }

  /** Whether `call` releases its argument at `index`, for the release `site` needs: a `releasers` option or a releaser. */
  releasesArgument(call: TSESTree.CallExpression, index: number, site: Site | null): boolean | 'unknown' {
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
    const target = this.callees.getCallee(call);
    return target !== null && site !== null && this.releasesParameter(target, index, site);
  }

  /**
   * Whether `fn` releases its parameter at `index` on every path that returns normally;
   * memoised. `unknown` when its analysis gave up (on the debug channel).
   */
  releasesParameter(fn: FunctionNode, index: number, outer: Site): boolean | 'unknown' {
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
    return this.releasers.get(releaserKey(fn, index, outer)) ?? false;
  }

  private computeReleaser(fn: FunctionNode, index: number, outer: Site): void {
    const key = releaserKey(fn, index, outer);
    if (this.releasers.has(key)) {
      return;
    }
    const param = fn.params[index];
    // Assume "no" while the summary is being computed, so recursion ends.
    this.releasers.set(key, false);
    if (param?.type !== AST_NODE_TYPES.Identifier) {
      return;
    }
    this.nesting += 1;
    try {
      this.releasers.set(key, this.isReleaser(fn, param, outer));
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
    const inner = target ? this.getAcquirer(target) : null;
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
      what: `${kindWord} from ${describeCall(call, (node) => this.host.text(node))}`,
    });
  }

  /** The first site of `fn` that some path returns to the caller; memoised. */
  private getAcquirer(fn: FunctionNode): Site | null {
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

  /** `helper(...)` or `this.helper(...)` defined in this file. */
  getSameFileFunction(call: TSESTree.CallExpression): FunctionNode | null {
    const callee = skipTransparentWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const variable = this.host.resolve(callee);
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
  private isReleaser(fn: FunctionNode, param: TSESTree.Identifier, outer: Site): boolean | 'unknown' {
    const variable = this.host.resolve(param);
    if (!variable) {
      return false;
    }
    const site = this.host.buildSite(fn, param, null, { kind: 'variable', variable }, null, partsOfSite(outer));
    if (site.releaseCalls.length === 0) {
      return false;
    }
    const exits = this.host.interpret(site, openState([this.host.idOf(variable)]));
    if (!exits.exits) {
      if (exits.gaveUp) {
        // Unknown, so passing the resource to it is a use; the caller's report may be wrong.
        this.host.noteGiveUp(fn, outer.kind, 'summary', `releaser summary: ${exits.gaveUp.detail}`);
        return 'unknown';
      }
      return false;
    }
    // Throwing paths are left out: a releaser that logs before releasing is still one.
    return [...exits.exits.normal, ...exits.exits.return].every(
      (path) => path.state.status !== 'open' && path.state.status !== 'lost',
    );
  }
}

function releaserKey(fn: FunctionNode, index: number, outer: Site): string {
  return `${String(fn.range[0])}:${String(index)}:${outer.release.key}`;
}

/**
 * The nodes reachable from `root` through `next` that are not `done` yet, callees before
 * their callers (root last), walked with an explicit stack. A node met again while it is
 * on the stack (a cycle) is not entered twice.
 */
function postOrder<T>(root: T, keyOf: (node: T) => string, next: (node: T) => readonly T[], done: (node: T) => boolean): T[] {
  const order: T[] = [];
  const seen = new Set<string>([keyOf(root)]);
  const stack: { node: T; children: readonly T[] | null; index: number }[] = [{ node: root, children: null, index: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (!frame) {
      break;
    }
    frame.children ??= next(frame.node);
    const child = frame.children[frame.index];
    if (child === undefined) {
      stack.pop();
      order.push(frame.node);
      continue;
    }
    frame.index += 1;
    const key = keyOf(child);
    if (!seen.has(key) && !done(child)) {
      seen.add(key);
      stack.push({ node: child, children: null, index: 0 });
    }
  }
  return order;
}
