import type { TSESTree } from '@typescript-eslint/types';
import { addLabelled, emptyCompletions, mergePaths, withState } from './paths.js';
import type { CompletionKind, Completions, FlowDomain, Path, SharedRuns } from './types.js';
import { countSteps } from './work.js';

// The operations every part of the interpreter applies to a set of paths: ask the domain
// what a node does, where a path throws, how a test narrows it, what leaving a scope means,
// and count the steps against the budget.

/** Thrown when the step budget is spent; interpretFunction turns it into a GaveUp result. */
export class BudgetExceeded extends Error {}

/**
 * The base of the interpreter (see Evaluator and Interpreter): the domain, the step budget,
 * and the domain's operations lifted from one state to a list of paths.
 */
export abstract class PathSteps<S> {
  private steps = 0;

  constructor(
    protected readonly domain: FlowDomain<S>,
    private readonly budget: number,
    /** Recorded runs this domain shares with others (see FlowDomain.canShare), if any. */
    protected readonly shared: SharedRuns<S> | null = null,
  ) {}

  protected tick(): void {
    this.steps += 1;
    countSteps(1);
    if (this.steps > this.budget) {
      throw new BudgetExceeded();
    }
  }

  protected leave(scope: TSESTree.Node, paths: readonly Path<S>[], kind: CompletionKind): Path<S>[] {
    return mergePaths(
      this.domain,
      this.dropFinal(paths.map((path) => withState(path, this.domain.leaveScope(scope, path, kind)))),
    );
  }

  /** `paths` without those whose state the domain calls final (see FlowDomain.isFinal). */
  protected dropFinal(paths: Path<S>[]): Path<S>[] {
    const { domain } = this;
    if (!domain.isFinal || !paths.some((path) => domain.isFinal?.(path.state))) {
      return paths;
    }
    return paths.filter((path) => domain.isFinal?.(path.state) !== true);
  }

  /** Every completion of `completions` leaves `scope`. */
  protected leaveAll(scope: TSESTree.Node, completions: Completions<S>): Completions<S> {
    const out = emptyCompletions<S>();
    out.normal = this.leave(scope, completions.normal, 'normal');
    out.return = this.leave(scope, completions.return, 'return');
    out.throw = this.leave(scope, completions.throw, 'throw');
    for (const [label, paths] of completions.break) {
      addLabelled(this.domain, out.break, label, this.leave(scope, paths, 'break'));
    }
    for (const [label, paths] of completions.continue) {
      addLabelled(this.domain, out.continue, label, this.leave(scope, paths, 'continue'));
    }
    return out;
  }

  protected transfer(node: TSESTree.Node, paths: Path<S>[]): Path<S>[] {
    countSteps(paths.length);
    let changed: Path<S>[] | null = null;
    for (const [index, path] of paths.entries()) {
      const state = this.domain.transfer(node, path.state);
      if (state !== path.state) {
        changed ??= paths.slice();
        changed[index] = withState(path, state);
      }
    }
    return changed ? mergePaths(this.domain, this.dropFinal(changed)) : paths;
  }

  /** `node` may throw here: its state before its own effect goes to the throw set. */
  protected throwPoint(node: TSESTree.Node, paths: readonly Path<S>[], out: Completions<S>): void {
    if (paths.length === 0 || this.domain.mayThrow?.(node) === false) {
      return;
    }
    out.throw = mergePaths(
      this.domain,
      out.throw,
      this.dropFinal(paths.map((path) => ({ ...path, state: this.domain.throwState(node, path.state), origin: node }))),
    );
  }

  protected narrow(
    paths: readonly Path<S>[],
    narrowOne: (state: S) => S | null,
  ): Path<S>[] {
    const out: Path<S>[] = [];
    for (const path of paths) {
      const state = narrowOne(path.state);
      if (state !== null) {
        out.push(withState(path, state));
      }
    }
    return mergePaths(this.domain, this.dropFinal(out));
  }
}

/** Appends without spreading, which overflows the stack on very many paths. */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) {
    target.push(item);
  }
}
