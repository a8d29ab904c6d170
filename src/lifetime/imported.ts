import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { FunctionNode } from '../flow/interpreter.js';
import type { ModuleLookup } from '../summaries/callee.js';
import type { ParsedModule } from '../summaries/modules.js';
import { isTransparentWrapper, skipTransparentWrappers } from '../util/wrappers.js';
import type { AnalysisOptions } from './collector.js';
import { FileCollector } from './collector.js';
import type { FileAnalysis } from './run.js';

/** A class in another module, with the analysis of its module. */
export interface ImportedClass {
  readonly cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
  readonly analysis: FileAnalysis;
}

/** A function in another module, with the analysis of its module (which summarises it). */
export interface ImportedFunction {
  readonly fn: FunctionNode;
  readonly analysis: FileAnalysis;
}

/**
 * The other modules one linted file's analysis reaches: their analyses, made on demand with
 * the same models and options (syntax only: the type checker knows the linted file's nodes,
 * not these), kept for the lint of that file. Each module's analysis memoises its own
 * summaries, so a cycle between modules ends where a summary is already being made, as
 * within one file; the nesting of summaries across modules is bounded besides.
 */
export class ImportedFunctions {
  private readonly analyses = new Map<ParsedModule, FileAnalysis>();

  constructor(
    readonly lookup: ModuleLookup,
    private readonly options: AnalysisOptions,
  ) {}

  /** The function `call` (in `from`, `null` for the linted file) reaches in another module. */
  find(call: TSESTree.CallExpression, from: ParsedModule | null, analysis: FileAnalysis): ImportedFunction | null {
    // With types, the program also resolves calls on `this` and on what a name's type declares.
    if (!isImportCallShape(call) && !(from === null && this.lookup.hasTypeRoute)) {
      return null;
    }
    return this.lookup.guard(call, null, () => {
      const resolved = this.lookup.resolveCall(call, from, (identifier) => analysis.resolve(identifier));
      return resolved ? { fn: resolved.fn, analysis: this.analysisOf(resolved.module) } : null;
    });
  }

  /** A function of another module found otherwise (a method of an imported class's instance), with its module's analysis. */
  functionIn(call: TSESTree.CallExpression, fn: FunctionNode, module: ParsedModule): ImportedFunction | null {
    return this.lookup.guard(call, null, () => ({ fn, analysis: this.analysisOf(module) }));
  }

  /**
   * The class `reference` (the callee of a `new`, a superclass; in `from`, `null` for the
   * linted file) names in another module, with that module's analysis.
   */
  findClass(reference: TSESTree.Node, from: ParsedModule | null, analysis: FileAnalysis): ImportedClass | null {
    if (!isImportShape(reference)) {
      return null;
    }
    return this.lookup.guard(reference, null, () => {
      const resolved = this.lookup.resolveClass(reference, from, (identifier) => analysis.resolve(identifier));
      return resolved ? { cls: resolved.cls, analysis: this.analysisOf(resolved.module) } : null;
    });
  }

  /** See {@link ModuleLookup.nest}. */
  nest<T>(call: TSESTree.Node, fallback: T, summarise: () => T): T {
    return this.lookup.nest(call, fallback, summarise);
  }

  private analysisOf(module: ParsedModule): FileAnalysis {
    let analysis = this.analyses.get(module);
    if (!analysis) {
      const collector = new FileCollector({ ...this.options, types: undefined, followReleased: false, imported: this });
      for (const call of module.calls) {
        if (call.type === AST_NODE_TYPES.CallExpression) {
          collector.onCall(call);
        } else {
          collector.onNew(call);
        }
      }
      analysis = collector.createAnalysis(module.scopeManager, (node) => module.text.slice(node.range[0], node.range[1]), module);
      this.analyses.set(module, analysis);
      analysis.prepare();
    }
    return analysis;
  }
}

/** `f()`, `ns.f()`, `obj.a.f()`: a callee rooted at a plain name, which an import may bind. */
export function isImportCallShape(call: TSESTree.CallExpression): boolean {
  return isImportShape(call.callee);
}

/** `a`, `ns.a`, `obj.a.b`: an expression rooted at a plain name, which an import may bind. */
function isImportShape(expression: TSESTree.Node): boolean {
  let node = skipTransparentWrappers(expression);
  while (node.type === AST_NODE_TYPES.MemberExpression) {
    node = skipTransparentWrappers(node.object);
  }
  return node.type === AST_NODE_TYPES.Identifier;
}

/**
 * Whether a call's result is kept: declared, assigned, returned (also through `await`,
 * `??`, `?:`). Only such a call can hand its caller a resource to track, so only such a
 * call is looked up in other modules as a possible acquirer: `await commit(client)` is not.
 */
export function mayHoldResult(call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Node = call;
  for (;;) {
    const parent = parentOf(node);
    if (parent && isTransparentWrapper(parent)) {
      node = parent;
      continue;
    }
    switch (parent?.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.LogicalExpression:
        node = parent;
        continue;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === node) {
          return false;
        }
        node = parent;
        continue;
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === node;
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.right === node;
      case AST_NODE_TYPES.ReturnStatement:
        return true;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return parent.body === node;
      default:
        return false;
    }
  }
}

/** A node's parent, `undefined` at the root (the AST types leave that case out). */
function parentOf(node: TSESTree.Node): TSESTree.Node | undefined {
  return node.parent;
}
