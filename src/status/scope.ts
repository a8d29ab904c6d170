import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { HttpTypes } from '../types/http.js';
import { type FunctionLike, resolveFunction } from '../util/functions.js';
import {
  collectImportedSources,
  getAliasOrigin,
  getImportBinding,
  type ImportBinding,
  resolveVariable,
  type ScopeGetter,
  type Variable,
} from '../util/imports.js';
import { searchNode, type SearchOptions } from '../util/walk.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

/** Called when the analysis gives up on part of a file: the node it gave up at and why. */
export type GiveUpListener = (node: TSESTree.Node, detail: string) => void;

/**
 * What the status analysis knows of one file beyond single nodes: names resolved by scope
 * analysis (cached per identifier), the packages it imports, type information when the
 * parser has a program, and where to say that it gave up.
 */
export class StatusScope {
  private readonly variables = new Map<TSESTree.Identifier, Variable | null>();
  private readonly origins = new Map<TSESTree.Identifier, Variable | null>();
  private sources: Set<string> | null = null;
  private readonly importAnswers = new Map<readonly string[], boolean>();

  constructor(
    readonly program: TSESTree.Program,
    readonly getScope: ScopeGetter,
    readonly types: HttpTypes | undefined,
    private readonly onGiveUp: GiveUpListener,
  ) {}

  /** The packages the file imports at its top level (a tie-breaker, never evidence alone). */
  get importedSources(): ReadonlySet<string> {
    this.sources ??= collectImportedSources(this.program);
    return this.sources;
  }

  /** Whether the file imports one of `packages` (answered once per list: the lists are the data's own). */
  importsAny(packages: readonly string[]): boolean {
    let answer = this.importAnswers.get(packages);
    if (answer === undefined) {
      answer = packages.some((name) => this.importedSources.has(name));
      this.importAnswers.set(packages, answer);
    }
    return answer;
  }

  /** The variable `identifier` refers to. */
  resolve(identifier: TSESTree.Identifier): Variable | null {
    let variable = this.variables.get(identifier);
    if (variable === undefined) {
      variable = resolveVariable(identifier, this.getScope);
      this.variables.set(identifier, variable);
    }
    return variable;
  }

  /** The variable a plain copy (`const r = res`) was copied from, or the identifier's own. */
  origin(identifier: TSESTree.Identifier): Variable | null {
    let origin = this.origins.get(identifier);
    if (origin === undefined) {
      const variable = this.resolve(identifier);
      origin = variable ? getAliasOrigin(variable, this.getScope) : null;
      this.origins.set(identifier, origin);
    }
    return origin;
  }

  /** The identifier that declares the origin of `identifier` (the parameter `res` for `r`). */
  originName(identifier: TSESTree.Identifier): TSESTree.Identifier {
    const origin = this.origin(identifier);
    const declared = origin?.identifiers[0];
    return declared ?? identifier;
  }

  /** The module export `identifier` is bound to. */
  getImport(identifier: TSESTree.Identifier): ImportBinding | null {
    return getImportBinding(this.resolve(identifier));
  }

  /** The initialiser of the variable an identifier refers to (the whole source of a destructuring). */
  getInit(identifier: TSESTree.Identifier): TSESTree.Expression | null {
    const definition = this.resolve(identifier)?.defs[0];
    return definition?.type === DefinitionType.Variable ? definition.node.init : null;
  }

  /** The same-file function an expression names. */
  resolveFunction(node: TSESTree.Node): FunctionLike | null {
    return resolveFunction(node, this.getScope);
  }

  /** Whether `identifier` is declared as a parameter (of any function). */
  isParameter(identifier: TSESTree.Identifier): boolean {
    return this.resolve(identifier)?.defs[0]?.type === DefinitionType.Parameter;
  }

  /**
   * A bounded search (see `searchNode`) that never gives up silently: when the budget runs
   * out it records why and answers `'unknown'`.
   */
  search(
    root: TSESTree.Node,
    predicate: (node: TSESTree.Node) => boolean,
    what: string,
    options: SearchOptions = {},
  ): TSESTree.Node | null | 'unknown' {
    const result = searchNode(root, predicate, options);
    if (result.exhausted) {
      this.onGiveUp(root, `${what}: more than ${String(options.limit ?? 5000)} nodes`);
      return 'unknown';
    }
    return result.node;
  }

  /** Records a give-up at `node`. */
  giveUp(node: TSESTree.Node, detail: string): void {
    this.onGiveUp(node, detail);
  }
}

/** The identifier `node` is, through transparent wrappers (`res!`, `res as Response`), or `null`. */
export function asIdentifier(node: TSESTree.Node | null | undefined): TSESTree.Identifier | null {
  const inner = node ? skipTransparentWrappers(node) : null;
  return inner?.type === AST_NODE_TYPES.Identifier ? inner : null;
}
