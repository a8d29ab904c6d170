import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionExits, FunctionNode } from '../flow/interpreter.js';
import { getEnclosingFunction, getPropertyName, isFunctionNode, skipTypeWrappers } from '../flow/syntax.js';
import type { CallLike, ThrowSummaryHost } from '../summaries/throws.js';
import { type LifetimeState, openState } from './domain.js';
import { type Destination, getDestination, getValueNode, type Site } from './site.js';
import { type ImportedFunction, mayHoldResult } from './imported.js';
import { describeCall, partsOfSite, type SiteParts } from './sites.js';

type Variable = TSESLint.Scope.Variable;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Superclasses followed when a method is looked up. */
const MAX_CLASS_DEPTH = 8;

/** The name of a non-computed key: `open`, `'open'`. */
function getKeyName(key: TSESTree.Node): string | null {
  if (key.type === AST_NODE_TYPES.Identifier) {
    return key.name;
  }
  return key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string' ? key.value : null;
}

/**
 * What `this` is inside the function around `node`: the class of a method (or of a
 * property's arrow function), or the object literal of a method; `null` in a plain
 * `function` or at the top level. Arrow functions keep the `this` of their surroundings.
 */
function getThisOwner(node: TSESTree.Node): ClassNode | TSESTree.ObjectExpression | null {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.FunctionDeclaration) {
      const holder = current.parent;
      if (holder.type === AST_NODE_TYPES.MethodDefinition) {
        return holder.parent.parent;
      }
      if (holder.type === AST_NODE_TYPES.Property && holder.value === current && holder.parent.type === AST_NODE_TYPES.ObjectExpression) {
        return holder.parent;
      }
      return null;
    }
    if (current.type === AST_NODE_TYPES.PropertyDefinition) {
      return current.parent.parent;
    }
    current = current.parent;
  }
  return null;
}

/** The function-valued property `name` of an object literal: `open() {…}`, `open: async () => …`. */
function getObjectMember(object: TSESTree.ObjectExpression, name: string): FunctionNode | null {
  // The last property of that name wins, as at run time; a spread after it may replace it.
  for (let index = object.properties.length - 1; index >= 0; index--) {
    const property = object.properties[index];
    if (property?.type === AST_NODE_TYPES.SpreadElement) {
      return null;
    }
    if (property && !property.computed && property.kind === 'init' && getKeyName(property.key) === name) {
      const value = skipTypeWrappers(property.value);
      return isFunctionNode(value) ? value : null;
    }
  }
  return null;
}

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
  /** The function `call` reaches in another module, when other modules can be read. */
  findImported(call: TSESTree.CallExpression): ImportedFunction | null;
  /** Runs a summary of another module's function one level deeper (bounded; `fallback` past the bound). */
  nestImported<T>(call: TSESTree.Node, fallback: T, summarise: () => T): T;
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
  private readonly throwHosts = new WeakMap<(call: CallLike) => boolean, ThrowSummaryHost>();

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
    if (!site) {
      return false;
    }
    const target = this.getSameFileFunction(call);
    if (target) {
      return this.releasesParameter(target, index, site);
    }
    const imported = this.host.findImported(call);
    return imported
      ? this.host.nestImported(call, false, () => imported.analysis.releasesParameter(imported.fn, index, site))
      : false;
  }

  /** Whether `target` (a function of this file) releases its parameter `index` on every path; memoised. */
  releasesParameter(target: FunctionNode, index: number, site: Site): boolean {
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
    let inner: Site | null = null;
    if (target) {
      inner = this.getAcquirer(target);
    } else if (mayHoldResult(call)) {
      const imported = this.host.findImported(call);
      inner = imported ? this.host.nestImported(call, null, () => imported.analysis.acquirerOf(imported.fn)) : null;
    }
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
  getAcquirer(fn: FunctionNode): Site | null {
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

  /**
   * The host with which `cannotThrow` (src/summaries/throws.ts) reads this module's functions: callees found as
   * for the other summaries (this file, then other modules, each read with its own module's
   * host), and `mayThrow`, the throw model, for every other call. One host per throw model,
   * so its summaries are memoised.
   */
  throwHost(mayThrow: (call: CallLike) => boolean): ThrowSummaryHost {
    let host = this.throwHosts.get(mayThrow);
    if (!host) {
      host = {
        mayThrow,
        calleeOf: (call) => {
          if (call.type !== AST_NODE_TYPES.CallExpression) {
            return null;
          }
          const fn = this.getSameFileFunction(call);
          if (fn) {
            return { fn, host: this.throwHost(mayThrow) };
          }
          const imported = this.host.findImported(call);
          return imported ? { fn: imported.fn, host: imported.analysis.throwHost(mayThrow) } : null;
        },
      };
      this.throwHosts.set(mayThrow, host);
    }
    return host;
  }

  /**
   * The same-file function `call` reaches: `helper(…)` (a declaration, nested or not, or a
   * function bound to a `const`), `this.helper(…)` in a class (also inherited from a
   * same-file superclass) or in an object literal's method, `super.helper(…)`, and
   * `db.helper(…)` on a same-file object literal or class (its static methods).
   */
  getSameFileFunction(call: TSESTree.CallExpression): FunctionNode | null {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      return this.functionOfVariable(callee);
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    const name = getPropertyName(callee);
    if (name === null) {
      return null;
    }
    const object = skipTypeWrappers(callee.object);
    if (object.type === AST_NODE_TYPES.ThisExpression) {
      const owner = getThisOwner(callee);
      return owner?.type === AST_NODE_TYPES.ObjectExpression
        ? getObjectMember(owner, name)
        : owner
          ? this.getClassMember(owner, name, false)
          : null;
    }
    if (object.type === AST_NODE_TYPES.Super) {
      const owner = getThisOwner(callee);
      const parent = owner && owner.type !== AST_NODE_TYPES.ObjectExpression ? this.getSuperClass(owner) : null;
      return parent ? this.getClassMember(parent, name, false) : null;
    }
    if (object.type === AST_NODE_TYPES.Identifier) {
      const value = this.valueOfVariable(object);
      if (value?.type === AST_NODE_TYPES.ObjectExpression) {
        return getObjectMember(value, name);
      }
      if (value?.type === AST_NODE_TYPES.ClassDeclaration || value?.type === AST_NODE_TYPES.ClassExpression) {
        return this.getClassMember(value, name, true);
      }
    }
    return null;
  }

  /** The function a name is bound to in this file: a declaration or a `const` initialised with one. */
  private functionOfVariable(identifier: TSESTree.Identifier): FunctionNode | null {
    const value = this.valueOfVariable(identifier);
    return value && isFunctionNode(value) ? value : null;
  }

  /** What a name is bound to once in this file: a function or class declaration, or a `const`'s initialiser. */
  private valueOfVariable(identifier: TSESTree.Identifier): TSESTree.Node | null {
    const variable = this.host.resolve(identifier);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!definition) {
      return null;
    }
    const node = definition.node as TSESTree.Node;
    if (node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.ClassDeclaration) {
      return node;
    }
    if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.init) {
      // A function bound to any declaration (as before); an object or class only to a `const`.
      const init = skipTypeWrappers(node.init);
      return node.parent.kind === 'const' || isFunctionNode(init) ? init : null;
    }
    return null;
  }

  /** A method (or function-valued property) of a same-file class, looked up its superclasses too (bounded). */
  private getClassMember(cls: ClassNode, name: string, isStatic: boolean): FunctionNode | null {
    let current: ClassNode | null = cls;
    for (let depth = 0; current && depth < MAX_CLASS_DEPTH; depth++) {
      for (const member of current.body.body) {
        if (
          (member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) &&
          member.static === isStatic &&
          !member.computed &&
          (member.type === AST_NODE_TYPES.PropertyDefinition || member.kind === 'method') &&
          getKeyName(member.key) === name
        ) {
          const value = member.value ? skipTypeWrappers(member.value) : null;
          return value && isFunctionNode(value) ? value : null;
        }
      }
      current = this.getSuperClass(current);
    }
    return null;
  }

  /** The same-file class `cls` extends. */
  private getSuperClass(cls: ClassNode): ClassNode | null {
    const parent = cls.superClass ? skipTypeWrappers(cls.superClass) : null;
    const value = parent?.type === AST_NODE_TYPES.Identifier ? this.valueOfVariable(parent) : null;
    return value?.type === AST_NODE_TYPES.ClassDeclaration || value?.type === AST_NODE_TYPES.ClassExpression ? value : null;
  }

  /** Whether `fn` passes `variable` to a call that a summary may show releasing it (`h0(c)` → `h1(c)`). */
  private passesOn(fn: FunctionNode, variable: Variable): boolean {
    return this.host.plainCallsOf(fn).some((call) =>
      call.arguments.some((argument) => argument.type === AST_NODE_TYPES.Identifier && this.host.resolve(argument) === variable),
    );
  }

  /** Whether `fn` releases parameter `param` on every path that returns normally. */
  private isReleaser(fn: FunctionNode, param: TSESTree.Identifier, outer: Site): boolean {
    const variable = this.host.resolve(param);
    if (!variable) {
      return false;
    }
    const site = this.host.buildSite(fn, param, null, { kind: 'variable', variable }, null, partsOfSite(outer));
    // Nothing releases it here and it goes to no other function that might: no release.
    if (site.releaseCalls.length === 0 && !this.passesOn(fn, variable)) {
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
