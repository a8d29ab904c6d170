import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { GiveUpReason } from '../debug.js';
import type { FunctionNode } from '../flow/interpreter.js';
import type { ResourceKind, ResourceModel } from '../models/index.js';
import type { ParsedModule } from '../summaries/modules.js';
import type { TypedResources } from '../types/resources.js';
import type { Leak, UseAfterRelease } from './domain.js';
import { getCallName, indexModels, isPlainCall, type Match } from './recognize.js';
import type { ImportedFunctions } from './imported.js';
import { FileAnalysis } from './run.js';
import { findSameFileClass, OwnerModels } from './owner-models.js';
import { getVariableResolver } from '../summaries/callee.js';
import type { Site } from './site.js';
import type { ThrowModel } from './throw-model.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { getEnclosingFunction } from '../flow/syntax.js';

/** What the analysis is asked to look for. */
export interface AnalysisOptions {
  readonly models: readonly ResourceModel[];
  readonly kinds: ReadonlySet<ResourceKind>;
  /** Names of functions that take ownership of a resource passed to them. */
  readonly releasers: readonly string[];
  /**
   * Follow paths past a release, to find uses after it (no-use-after-release). A rule that
   * needs it asks with FileCollector.followReleasedPaths; the leak rules do not pay for it.
   */
  readonly followReleased?: boolean;
  /**
   * Interpreter steps allowed per function, overriding the default that grows with the
   * function's size; for tests of what happens when the analysis gives up.
   */
  readonly stepBudget?: number;
  /** Declared types, when the parser has a program: they add and overrule acquisitions. */
  readonly types?: TypedResources | undefined;
  /** Functions in other modules, when the host gives a parser to read them with. */
  readonly imported?: ImportedFunctions | undefined;
  /** Which calls cannot throw: the built-in data and `settings.leakguard.nonThrowing`. */
  readonly throwModel?: ThrowModel;
}

/** One acquisition with the leaks found for it. */
/** One acquisition with the leaks found for it. */
export interface SiteReport {
  readonly site: Site;
  /** Leaks in source order of where they happen; empty when every path is fine. */
  readonly leaks: readonly Leak[];
  /** Whether some path releases the resource or hands it on. */
  readonly settled: boolean;
  /** Uses of the resource after a release on some path (when asked for). */
  readonly usesAfterRelease: readonly UseAfterRelease[];
  /** Some path returns the resource to the caller: a `finally` must not release it. */
  readonly returned: boolean;
  /**
   * Set when the analysis stopped short on the site's function: then `leaks` is empty
   * because nothing is known, not because nothing leaks (see GiveUpReport).
   */
  readonly gaveUp: { readonly reason: GiveUpReason; readonly detail: string } | null;
}

/**
 * A function the analysis could not decide, for a resource kind: the rules stay silent on
 * it and put it on the debug channel (src/debug.ts). `budget`: the interpreter's step
 * budget for the function was spent; `summary`: what a same-file callee does could not be
 * worked out within the depth bound.
 */
export interface GiveUpReport {
  readonly fn: FunctionNode;
  readonly kind: ResourceKind;
  readonly reason: GiveUpReason;
  readonly detail: string;
}

/** What the collector gathered during ESLint's traversal, for the analysis to start from. */
export interface CollectedNodes {
  readonly options: AnalysisOptions;
  readonly candidates: readonly (TSESTree.CallExpression | TSESTree.NewExpression)[];
  readonly plainCalls: readonly TSESTree.CallExpression[];
  readonly requireCalls: readonly TSESTree.CallExpression[];
  readonly creations: readonly TSESTree.Node[];
  readonly followReleased: boolean;
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
  private following: boolean;
  private gaveUp: readonly GiveUpReport[] = [];

  constructor(readonly options: AnalysisOptions) {
    this.following = options.followReleased === true;
    this.index = indexModels(options.models.filter((model) => options.kinds.has(model.kind)));
  }

  /** Whether the analysis follows paths past a release (see followReleasedPaths). */
  get followReleased(): boolean {
    return this.following;
  }

  /**
   * Asks the analysis to follow paths past a release, to find uses after it. Called when a
   * rule is created, before the traversal; the leak rules alone never pay for it.
   */
  followReleasedPaths(): void {
    this.following = true;
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
    // A function that is its package's default export may be named anything (see getCandidates).
    if (this.index.has(name) || (this.index.has('default') && isPlainCall(node)) || this.options.types?.isCandidate(node) === true) {
      this.candidates.push(node);
    }
    const callee = skipTransparentWrappers(node.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (name === 'require') {
        this.requireCalls.push(node);
      } else {
        this.plainCalls.push(node);
      }
    } else if (callee.type === AST_NODE_TYPES.MemberExpression) {
      // `this.open()`, `super.open()`, `db.open()` on a same-file object or class, and
      // `this.db.open()` on an instance of a class in view: calls a known function may answer.
      const object = callee.object;
      if (
        object.type === AST_NODE_TYPES.ThisExpression ||
        object.type === AST_NODE_TYPES.Super ||
        object.type === AST_NODE_TYPES.Identifier ||
        (object.type === AST_NODE_TYPES.MemberExpression && object.object.type === AST_NODE_TYPES.ThisExpression)
      ) {
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
    const name = getCallName(node);
    // A class that is its package's default export may be named anything (see getCandidates).
    if ((name !== null && (this.index.has(name) || this.index.has('new default'))) || this.options.types?.isCandidate(node) === true) {
      this.candidates.push(node);
    }
  }

  /** Runs the analysis over everything collected, once: later calls get the same reports. */
  analyze(scopeManager: TSESLint.Scope.ScopeManager | null, getText: (node: TSESTree.Node) => string): SiteReport[] {
    if (this.reports) {
      return this.reports;
    }
    // Without an acquisition of its own, a file can still call an acquirer in another module.
    const noSites = this.candidates.length === 0 && (!this.options.imported || !this.hasPlainOrMemberCalls());
    if (noSites || !scopeManager) {
      this.reports = [];
      return this.reports;
    }
    const undecided = this.addOwnerModels(scopeManager);
    const analysis = this.createAnalysis(scopeManager, getText, null);
    for (const { creation, className } of undecided) {
      const fn = getEnclosingFunction(creation);
      if (fn) {
        analysis.noteGiveUp(
          fn,
          'connection',
          'unsupported',
          `\`new ${className}()\`: the class has a closing method, but no field it releases is seen to hold a fresh resource; not taken as a resource`,
        );
      }
    }
    this.reports = analysis.run();
    this.gaveUp = analysis.giveUps;
    return this.reports;
  }

  /** The functions the analysis stopped short on (after analyze). */
  giveUps(): readonly GiveUpReport[] {
    return this.gaveUp;
  }

  /** The analysis of what was collected; `module` is the other module it reads, `null` for the linted file. */
  createAnalysis(
    scopeManager: TSESLint.Scope.ScopeManager,
    getText: (node: TSESTree.Node) => string,
    module: ParsedModule | null,
  ): FileAnalysis {
    return new FileAnalysis(this, this.index, scopeManager, getText, module);
  }

  /**
   * Owner classes the file constructs (src/lifetime/owner-models.ts) join the models for
   * this file: `new C()` sites, and calls of an owner's opening method (`db.connect()`).
   */
  private addOwnerModels(scopeManager: TSESLint.Scope.ScopeManager): { creation: TSESTree.NewExpression; className: string }[] {
    const creations = this.candidates.filter((node): node is TSESTree.NewExpression => node.type === AST_NODE_TYPES.NewExpression);
    const program = scopeManager.globalScope?.block;
    if (creations.length === 0 || program?.type !== AST_NODE_TYPES.Program || !this.options.kinds.has('connection')) {
      return [];
    }
    const resolve = getVariableResolver(scopeManager);
    const lookup = this.options.imported?.lookup ?? null;
    const { models: owners, undecided } = new OwnerModels(this.options.models).modelsFor(creations, (call) => {
      const same = findSameFileClass(call, resolve, program);
      if (same) {
        return same;
      }
      const imported = lookup?.resolveClass(call.callee, null, resolve) ?? null;
      return imported ? { node: imported.cls, program: imported.module.ast } : null;
    });
    for (const [name, matches] of indexModels(owners)) {
      this.index.set(name, [...(this.index.get(name) ?? []), ...matches]);
      if (!name.startsWith('new ')) {
        // `db.connect()` was seen before its class was known to open.
        for (const call of this.creations) {
          if (call.type === AST_NODE_TYPES.CallExpression && getCallName(call) === name && !this.candidates.includes(call)) {
            this.candidates.push(call);
          }
        }
      }
    }
    return undecided;
  }

  private hasPlainOrMemberCalls(): boolean {
    return this.plainCalls.length > 0 || this.creations.some((node) => node.type === AST_NODE_TYPES.CallExpression);
  }
}
