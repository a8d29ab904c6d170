import type { TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { GiveUpReason } from '../debug.js';
import type { FunctionExits, FunctionNode } from '../flow/interpreter.js';
import type { ResourceKind } from '../models/index.js';
import type { LifetimeState } from './domain.js';
import type { Destination, Site } from './site.js';
import type { SiteParts } from './site-parts.js';
import type { ImportedClass, ImportedFunction } from './imported.js';

// The contract between the summaries (summaries.ts) and the analysis of a file (run.ts):
// what a summary says of a parameter, what it asks of its host, and where it finds callees.

type Variable = TSESLint.Scope.Variable;

/**
 * What a function does to a resource given as a parameter, on the paths that return
 * normally: `releases` / `takes` on every one of them; `partly` when it releases on some and
 * leaves it open on the others (`if (!nested) client.release()`), which is a use for the
 * caller, but one after which "never released" would be false.
 */
export type ParameterEffect = 'partly' | 'releases' | 'takes';

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
  /** The function `call` reaches in another module, when other modules can be read. */
  findImported(call: TSESTree.CallExpression): ImportedFunction | null;
  /** The same-file method a call on an instance of a same-file class reaches (`db.open()`, `db = new Repo()`). */
  instanceMethodOf?(call: TSESTree.CallExpression): FunctionNode | null;
  /** The class a `new` or `extends` names in another module, when other modules can be read. */
  findImportedClass(reference: TSESTree.Node): ImportedClass | null;
  /** Runs a summary of another module's function one level deeper (bounded; `fallback` past the bound). */
  nestImported<T>(call: TSESTree.Node, fallback: T, summarise: () => T): T;
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
