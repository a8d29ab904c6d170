import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionExits, FunctionNode } from '../flow/interpreter.js';
import { getEnclosingFunction, getPropertyName, isFunctionNode, skipTypeWrappers } from '../flow/syntax.js';
import { type LifetimeState, openState } from './domain.js';
import { type Destination, getDestination, getValueNode, type Site } from './site.js';
import { describeCall, partsOfSite, type SiteParts } from './sites.js';

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
  interpret(site: Site, entry: LifetimeState): { readonly exits: FunctionExits<LifetimeState> | null };
}

/**
 * What same-file functions do to resources: a function that returns a fresh resource is an
 * acquirer (its callers own what it returns); one that releases a parameter on every path
 * is a releaser.
 */
export class SameFileSummaries {
  private readonly acquirers = new Map<TSESTree.Node, Site | null>();
  private readonly releasers = new Map<string, boolean>();

  constructor(private readonly host: SummaryHost) {}

  /** Whether `call` releases its argument at `index`, for the release `site` needs: a `releasers` option or a same-file releaser. */
  releasesArgument(call: TSESTree.CallExpression, index: number, site: Site | null): boolean {
    const callee = skipTypeWrappers(call.callee);
    const name =
      callee.type === AST_NODE_TYPES.Identifier
        ? callee.name
        : callee.type === AST_NODE_TYPES.MemberExpression
          ? getPropertyName(callee)
          : null;
    if (name !== null && this.host.releasers.includes(name)) {
      return true;
    }
    const target = this.getSameFileFunction(call);
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

  /** A call to a same-file function that returns a fresh resource acquires it. */
  recognizeAcquirerCall(call: TSESTree.CallExpression): Site | null {
    const target = this.getSameFileFunction(call);
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
    this.acquirers.set(fn, null);
    const direct = this.host.sitesOf(fn);
    const nested = (this.host.plainCallsOf(fn))
      .map((call) => this.recognizeAcquirerCall(call))
      .filter((site): site is Site => site !== null);
    for (const site of [...direct, ...nested]) {
      if (this.host.analyzeSite(site).returned) {
        this.acquirers.set(fn, site);
        return site;
      }
    }
    return null;
  }

  /** `helper(...)` or `this.helper(...)` defined in this file. */
  getSameFileFunction(call: TSESTree.CallExpression): FunctionNode | null {
    const callee = skipTypeWrappers(call.callee);
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
  private isReleaser(fn: FunctionNode, param: TSESTree.Identifier, outer: Site): boolean {
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
      return false;
    }
    // Throwing paths are left out: a releaser that logs before releasing is still one.
    return [...exits.exits.normal, ...exits.exits.return].every(
      (path) => path.state.status !== 'open' && path.state.status !== 'lost',
    );
  }
}
