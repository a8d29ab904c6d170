import { isAbsolute } from 'node:path';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { ASTUtils } from '../util/ast-utils.js';
import { recordGiveUp } from '../debug.js';
import type { FunctionLike } from '../util/functions.js';
import { getImportBinding } from '../util/imports.js';
import { searchNode } from '../util/walk.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { memberOf, type ModuleValue, type ResolutionBudget, resolveRequest } from './exports.js';
import { FileProbe } from './files.js';
import { getModuleParser, getParsedModule, type LanguageOptionsLike, MODULE_LIMITS, type ModuleParser, type ParsedModule } from './modules.js';
import { type Resolution, resolveSpecifier } from './resolve.js';
import { getKeyName, type ImportRequest } from './table.js';

type Variable = TSESLint.Scope.Variable;

/** A callee found in another module: the function and the parsed module it lives in. */
export interface ResolvedCallee {
  readonly fn: FunctionLike;
  readonly module: ParsedModule;
}

/** A class found in another module: its declaration and the parsed module it lives in. */
export interface ResolvedClass {
  readonly cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
  readonly module: ParsedModule;
}

/** What following imports may cost while one file is linted. */
export const LOOKUP_LIMITS = {
  /** Module hops from a call to its function: import → barrel → re-export → … */
  maxHops: 8,
  /** Modules parsed (not found in the cache) while linting one file. */
  maxParsesPerFile: 40,
  /** Summaries of functions in other modules made inside one another (a helper's helper's …). */
  maxNesting: 12,
};

/** Who asks: the rule (for the debug channel) and the packages whose calls it models already. */
export interface LookupHost {
  readonly rule: string;
  /** Packages not to enter (the drivers the models describe: their calls are known without their source). */
  readonly isSkippedPackage?: (name: string) => boolean;
  /**
   * With type information: where the function a call of the linted file runs is declared
   * (its file, and the offset of its name), as the TypeScript program resolves it. The route
   * tried when the syntax finds nothing.
   */
  readonly declarationOf?: (call: TSESTree.CallExpression) => { readonly fileName: string; readonly nameStart: number } | null;
}

/** The part of a rule context a lookup needs. */
export interface LookupContext {
  readonly filename: string;
  readonly languageOptions?: LanguageOptionsLike;
}

/**
 * Finds the functions that calls in one linted file reach in other modules. Create one per
 * linted file ({@link createModuleLookup}): file-system answers are remembered for that lint
 * only, parsed modules for the process.
 */
export class ModuleLookup {
  private readonly probe = new FileProbe();
  private readonly modules = new Map<string, ParsedModule | null>();
  private readonly results = new Map<TSESTree.Node, ResolvedCallee | null>();
  private readonly classResults = new Map<TSESTree.Node, ResolvedClass | null>();
  private readonly reported = new Set<string>();
  private parses = 0;
  private nesting = 0;
  private currentCall: TSESTree.Node | null = null;

  constructor(
    readonly file: string,
    private readonly parser: ModuleParser,
    private readonly host: LookupHost,
  ) {}

  /** Whether the TypeScript program can say where a callee of the linted file is declared. */
  get hasTypeRoute(): boolean {
    return this.host.declarationOf !== undefined;
  }

  /** The rule this lookup reads modules for, for the debug channel. */
  get rule(): string {
    return this.host.rule;
  }

  /**
   * The function a call reaches through an import: `getClient()` imported from `./db`,
   * `db.getClient()` with `db` a namespace, a CommonJS module or an exported object, class or
   * instance. `resolveVariable` answers for the file the call is in (the linted file, or a
   * module a summary is being made of). `null` for anything else, including same-file functions.
   */
  resolveCall(
    call: TSESTree.CallExpression,
    from: ParsedModule | null,
    resolveVariable: (identifier: TSESTree.Identifier) => Variable | null,
  ): ResolvedCallee | null {
    if (this.results.has(call)) {
      return this.results.get(call) ?? null;
    }
    this.results.set(call, null);
    const result = this.resolveBySyntax(call, from, resolveVariable) ?? (from === null ? this.resolveByTypes(call) : null);
    this.results.set(call, result);
    return result;
  }

  private resolveBySyntax(
    call: TSESTree.CallExpression,
    from: ParsedModule | null,
    resolveVariable: (identifier: TSESTree.Identifier) => Variable | null,
  ): ResolvedCallee | null {
    const value = this.resolveValue(call, call.callee, from, resolveVariable);
    return value?.kind === 'function' ? { fn: value.fn, module: value.module } : null;
  }

  /**
   * The class a `new` (or an `extends`) names through an import: `new Parameter(…)` with
   * `Parameter` imported from `./parameter`, `new sql.Parameter(…)` on a namespace. `null`
   * for anything else, including same-file classes.
   */
  resolveClass(
    reference: TSESTree.Node,
    from: ParsedModule | null,
    resolveVariable: (identifier: TSESTree.Identifier) => Variable | null,
  ): ResolvedClass | null {
    if (this.classResults.has(reference)) {
      return this.classResults.get(reference) ?? null;
    }
    this.classResults.set(reference, null);
    const value = this.resolveValue(reference, reference, from, resolveVariable);
    const result = value?.kind === 'class' ? { cls: value.node, module: value.module } : null;
    this.classResults.set(reference, result);
    return result;
  }

  /** The value an expression rooted at an imported name (`a`, `ns.a.b`) has in its module. */
  private resolveValue(
    at: TSESTree.Node,
    expression: TSESTree.Node,
    from: ParsedModule | null,
    resolveVariable: (identifier: TSESTree.Identifier) => Variable | null,
  ): ModuleValue | null {
    const members: string[] = [];
    let base = skipTransparentWrappers(expression);
    while (base.type === AST_NODE_TYPES.MemberExpression) {
      const name = getKeyName(base.property, base.computed);
      if (name === null) {
        return null;
      }
      members.unshift(name);
      base = skipTransparentWrappers(base.object);
    }
    if (base.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    const link = getImportRequest(resolveVariable(base));
    if (!link) {
      return null;
    }
    const saved = this.currentCall;
    this.currentCall = at;
    try {
      const budget: ResolutionBudget = {
        load: (module, specifier) => this.load(module, specifier),
        hops: LOOKUP_LIMITS.maxHops,
        seen: new Set(),
        onTooDeep: (module) => {
          this.giveUp('summary', `import chain longer than ${LOOKUP_LIMITS.maxHops} modules at ${module.path}`);
        },
      };
      const target = this.load(from ?? this.file, link.specifier);
      let value: ModuleValue | null = target ? resolveRequest(target, link.request, budget) : null;
      for (const member of members) {
        value = memberOf(value, member, budget);
      }
      return value;
    } finally {
      this.currentCall = saved;
    }
  }

  /**
   * The type-aware route: the declaration the TypeScript program resolves the callee to, in
   * a module parsed as any other (same limits, same cache), found there by its name's offset.
   */
  private resolveByTypes(call: TSESTree.CallExpression): ResolvedCallee | null {
    const declared = this.host.declarationOf?.(call) ?? null;
    if (!declared || declared.fileName === this.file || isSkippedPath(declared.fileName, this.host.isSkippedPackage)) {
      return null;
    }
    const saved = this.currentCall;
    this.currentCall = call;
    try {
      const module = this.loadPath(declared.fileName);
      const fn = module ? findDeclaredFunction(module.ast, declared.nameStart) : null;
      return module && fn ? { fn, module } : null;
    } finally {
      this.currentCall = saved;
    }
  }

  /** A module by its absolute path, parsed (or from the cache); `null` when not to be had. */
  private loadPath(path: string): ParsedModule | null {
    const key = `\0${path}`;
    if (this.modules.has(key)) {
      return this.modules.get(key) ?? null;
    }
    const parsed = getParsedModule(path, this.parser, this.probe, () => {
      this.parses += 1;
      return this.parses <= LOOKUP_LIMITS.maxParsesPerFile;
    });
    const module = typeof parsed === 'string' ? null : parsed;
    if (typeof parsed === 'string') {
      this.reportFailure(parsed, path);
    }
    this.modules.set(key, module);
    return module;
  }

  /**
   * Runs the summary of a function in another module one level deeper. Past
   * {@link LOOKUP_LIMITS.maxNesting} the summary is unknown (`fallback`: for a resource
   * passed in, a use, as for any function the analysis cannot see), and the debug channel
   * says so: no chain of helpers can exhaust the stack.
   */
  nest<T>(call: TSESTree.Node, fallback: T, summarise: () => T): T {
    if (this.nesting >= LOOKUP_LIMITS.maxNesting) {
      const saved = this.currentCall;
      this.currentCall = call;
      this.giveUp('summary', `summaries of other modules' functions nested more than ${LOOKUP_LIMITS.maxNesting} deep`);
      this.currentCall = saved;
      return fallback;
    }
    this.nesting += 1;
    try {
      return this.guard(call, fallback, summarise);
    } finally {
      this.nesting -= 1;
    }
  }

  /**
   * Runs work on another module's code: a failure there must not stop the lint of this
   * file. It gives `fallback` (unknown), and the debug channel says what failed.
   */
  guard<T>(call: TSESTree.Node, fallback: T, work: () => T): T {
    try {
      return work();
    } catch (error) {
      const saved = this.currentCall;
      this.currentCall = call;
      this.giveUp('unsupported', `reading another module failed: ${error instanceof Error ? error.message : String(error)}`);
      this.currentCall = saved;
      return fallback;
    }
  }

  /** The module a specifier names from a file, parsed (or from the cache); `null` when not to be had. */
  load(from: ParsedModule | string, specifier: string): ParsedModule | null {
    const fromPath = typeof from === 'string' ? from : from.path;
    const key = `${fromPath}\0${specifier}`;
    if (this.modules.has(key)) {
      return this.modules.get(key) ?? null;
    }
    const resolution: Resolution | null = resolveSpecifier(fromPath, specifier, this.probe, {
      ...(this.host.isSkippedPackage ? { isSkippedPackage: this.host.isSkippedPackage } : {}),
    });
    let module: ParsedModule | null = null;
    if (resolution && resolution.path !== this.file) {
      const parsed = getParsedModule(resolution.path, this.parser, this.probe, () => {
        this.parses += 1;
        return this.parses <= LOOKUP_LIMITS.maxParsesPerFile;
      });
      if (typeof parsed === 'string') {
        this.reportFailure(parsed, resolution.path);
      } else {
        module = parsed;
      }
    }
    this.modules.set(key, module);
    return module;
  }

  private reportFailure(failure: 'budget' | 'missing' | 'parse-error' | 'too-large', path: string): void {
    if (failure === 'too-large') {
      this.giveUp('size', `${path} is over ${Math.round(MODULE_LIMITS.maxFileBytes / 1024)} KB and was not parsed`);
    } else if (failure === 'budget') {
      this.giveUp('summary', `more than ${LOOKUP_LIMITS.maxParsesPerFile} other modules to parse; ${path} was not`);
    } else if (failure === 'parse-error') {
      this.giveUp('unsupported', `${path} does not parse`);
    }
  }

  private giveUp(reason: 'size' | 'summary' | 'unsupported', detail: string): void {
    if (this.reported.has(detail)) {
      return;
    }
    this.reported.add(detail);
    const node = this.currentCall;
    recordGiveUp({
      rule: this.host.rule,
      file: this.file,
      line: node?.loc.start.line ?? 1,
      column: node?.loc.start.column ?? 0,
      name: 'a call into another module',
      reason,
      detail,
      // As for any callee with no summary: passing a resource to it is a use, and what it
      // returns is no acquisition, so the caller is judged without it.
      outcome: 'the call is read as an unknown function (a use of what it is passed)',
    });
  }
}

let enabled = true;

/**
 * Turns reading other modules off (or on again) for the process: the bench compares the
 * cost with and without, and the field test the reports. Not a user option: where a
 * parser is given, other modules are always read.
 */
export function setCrossModuleEnabled(value: boolean): void {
  enabled = value;
}

/**
 * A lookup for the file a rule is linting, or `null` when other modules cannot be read:
 * the host gives no parser (oxlint) or the file has no path on disk (`<input>`).
 */
export function createModuleLookup(context: LookupContext, host: LookupHost): ModuleLookup | null {
  if (!enabled || !isAbsolute(context.filename)) {
    return null;
  }
  const parser = getModuleParser(context.languageOptions);
  return parser ? new ModuleLookup(context.filename, parser, host) : null;
}

/** Nodes visited looking for a declaration by its offset (a module under the size limit has fewer). */
const MAX_DECLARATION_SEARCH = 200_000;

/** Whether `path` is in a package of node_modules the models describe already. */
function isSkippedPath(path: string, isSkippedPackage: ((name: string) => boolean) | undefined): boolean {
  const normalised = path.replace(/\\/g, '/');
  const index = normalised.lastIndexOf('/node_modules/');
  if (index < 0 || !isSkippedPackage) {
    return false;
  }
  const [first = '', second = ''] = normalised.slice(index + '/node_modules/'.length).split('/');
  return isSkippedPackage(first.startsWith('@') ? `${first}/${second}` : first);
}

/**
 * The function whose name starts at `nameStart`: a function declaration, a function or
 * arrow bound to a variable or a property, a class or object method.
 */
function findDeclaredFunction(ast: TSESTree.Program, nameStart: number): FunctionLike | null {
  const found = searchNode(
    ast,
    (node) => node.type === AST_NODE_TYPES.Identifier && node.range[0] === nameStart,
    { enterFunctions: true, limit: MAX_DECLARATION_SEARCH },
  ).node;
  const parent = found?.parent;
  if (!parent) {
    return null;
  }
  let value: TSESTree.Node | null = null;
  switch (parent.type) {
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.FunctionExpression:
      value = parent.id === found ? parent : null;
      break;
    case AST_NODE_TYPES.VariableDeclarator:
      value = parent.id === found ? parent.init : null;
      break;
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.Property:
      value = parent.key === found ? parent.value : null;
      break;
    default:
      break;
  }
  const inner = value ? skipTransparentWrappers(value) : null;
  return inner &&
    (inner.type === AST_NODE_TYPES.FunctionDeclaration ||
      inner.type === AST_NODE_TYPES.FunctionExpression ||
      inner.type === AST_NODE_TYPES.ArrowFunctionExpression)
    ? inner
    : null;
}

/** `import { a } from './m'` → the export `a` of `./m`; `* ` (namespace, `require`) → the module itself. */
function getImportRequest(variable: Variable | null): { specifier: string; request: ImportRequest } | null {
  const binding = getImportBinding(variable);
  if (!binding) {
    return null;
  }
  return {
    specifier: binding.source,
    request: binding.imported === '*' ? { kind: 'module' } : { kind: 'export', name: binding.imported },
  };
}

/**
 * Resolves identifiers to variables through a scope manager: for the bodies of other
 * modules, which have no ESLint `SourceCode` to ask. The innermost scope is found by
 * climbing parents to a node that opens one.
 */
export function getVariableResolver(scopeManager: TSESLint.Scope.ScopeManager): (identifier: TSESTree.Identifier) => Variable | null {
  return (identifier) => {
    let node: TSESTree.Node = identifier;
    for (;;) {
      const scope = scopeManager.acquire(node, true);
      if (scope) {
        return ASTUtils.findVariable(scope, identifier);
      }
      if (node.type === AST_NODE_TYPES.Program) {
        break;
      }
      node = node.parent;
    }
    return null;
  };
}
