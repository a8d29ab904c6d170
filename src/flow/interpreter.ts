import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { emptyCompletions, mergeCompletionsInto, withOrigin } from './paths.js';
import { BudgetExceeded } from './path-steps.js';
import { Loops } from './loops.js';
import { hasOwnScope } from './statements.js';
import { isLoopNode } from './syntax.js';
import type { Completions, FlowDomain, FunctionNode, Path, SharedRuns } from './types.js';
import { getLabels, isInLoop, type Region } from './resume.js';

export type { FunctionNode } from './types.js';
export type { Region } from './resume.js';

/** How a function body can end, after every local variable has left scope. */
export interface FunctionExits<S> {
  /** Paths that fall off the end of the body. */
  normal: Path<S>[];
  /** Paths that leave through `return` (or an expression body's value). */
  return: Path<S>[];
  /** Paths that leave through an exception. */
  throw: Path<S>[];
}

/**
 * The interpreter stopped short on a function. Never read as "nothing happens": callers
 * stay silent on the function and say so on the debug channel (src/debug.ts).
 */
export interface GaveUp {
  readonly gaveUp: true;
  readonly reason: 'budget';
  /** What was spent, for the debug record. */
  readonly detail: string;
}

/** Whether an interpretation gave up (see GaveUp). */
export function hasGivenUp(result: object): result is GaveUp {
  return 'gaveUp' in result;
}

/**
 * Work allowed per node of the function. A loop runs its body a few times to reach a
 * fixpoint and a `finally` once over all the paths entering it, so honest code stays far
 * below this; it bounds what no shape found so far reaches, where the analysis gives up
 * (visibly: see GaveUp) rather than slow the editor down.
 */
const STEPS_PER_NODE = 64;
const MIN_STEPS = 20_000;

/**
 * Runs `fn`'s body (or only `region` of it) in the abstract domain from `entry` and
 * returns how it can end, or that it gave up (the step budget spent): an explicit result
 * the caller must not read as "no paths".
 */
export function interpretFunction<S>(
  fn: FunctionNode,
  domain: FlowDomain<S>,
  entry: S,
  region: Region | null = null,
  /** Overrides the step budget (which grows with the function's size); for tests. */
  stepBudget?: number,
  /** Runs shared with domains that behave alike (see FlowDomain.canShare). */
  shared: SharedRuns<S> | null = null,
): FunctionExits<S> | GaveUp {
  const size = fn.range[1] - fn.range[0];
  const budget = stepBudget ?? Math.max(MIN_STEPS, Math.ceil(size / 4) * STEPS_PER_NODE);
  const interpreter = new Interpreter(domain, budget, shared);
  try {
    return interpreter.runFunction(fn, entry, region);
  } catch (error) {
    if (error instanceof BudgetExceeded) {
      return { gaveUp: true, reason: 'budget', detail: `${String(budget)} interpreter steps spent on ${String(size)} characters` };
    }
    throw error;
  }
}

/**
 * The interpreter: runs a function's body, or resumes from a statement in it (see
 * resumeFrom), over the statements, loops and expressions of the classes it extends.
 */
class Interpreter<S> extends Loops<S> {
  runFunction(fn: FunctionNode, entry: S, region: Region | null): FunctionExits<S> {
    const start: Path<S>[] = [{ state: entry, origin: null }];
    let completions: Completions<S>;
    if (region) {
      completions = this.resumeFrom(fn, region, start);
    } else if (fn.body.type === AST_NODE_TYPES.BlockStatement) {
      completions = this.execStatements(fn.body.body, start, true);
    } else {
      completions = emptyCompletions();
      const value = this.evalExpr(fn.body, start, completions);
      completions.return = withOrigin(value, fn.body);
    }
    // A `break`/`continue` still pending here has no target in `fn`: it cannot happen.
    return {
      normal: this.leave(fn, completions.normal, 'normal'),
      return: this.leave(fn, completions.return, 'return'),
      throw: this.leave(fn, completions.throw, 'throw'),
    };
  }

  /**
   * Runs from `region.statement` to the end of `fn`: the rest of its block, then, climbing
   * out, whatever each enclosing construct does with the completions of the one inside it
   * (the rest of a statement list, a `catch` and a `finally`, a label's `break`, the next
   * iterations of a loop), as a run of the whole function would after that statement.
   * Nothing before the statement runs: the caller's entry state is the state there.
   */
  private resumeFrom(fn: FunctionNode, region: Region, paths: Path<S>[]): Completions<S> {
    const { block, statement } = region;
    const from = block.body.indexOf(statement);
    let completions = this.execStatements(block.body, paths, !isInLoop(block, fn), false, Math.max(0, from));
    let child: TSESTree.Node = block;
    while (child !== fn.body) {
      if (child.type === AST_NODE_TYPES.BlockStatement) {
        completions = this.leaveAll(child, completions);
      }
      const parent: TSESTree.Node | undefined = child.parent;
      if (!parent || parent === fn) {
        break;
      }
      completions = this.resumeInto(fn, child, parent, completions);
      child = parent;
    }
    return completions;
  }

  /** What `parent` does after its part `child` completed with `completions` (see resumeFrom). */
  private resumeInto(fn: FunctionNode, child: TSESTree.Node, parent: TSESTree.Node, completions: Completions<S>): Completions<S> {
    switch (parent.type) {
      case AST_NODE_TYPES.BlockStatement: {
        const next = parent.body.indexOf(child as TSESTree.Statement) + 1;
        const result = this.execStatements(parent.body, completions.normal, !isInLoop(parent, fn), true, next);
        completions.normal = [];
        mergeCompletionsInto(this.domain, completions, result);
        completions.normal = result.normal;
        return completions;
      }
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.WithStatement:
        return completions;
      case AST_NODE_TYPES.LabeledStatement:
        return this.consumeLabel(parent, completions);
      case AST_NODE_TYPES.CatchClause:
        return this.leaveAll(parent, completions);
      case AST_NODE_TYPES.TryStatement: {
        const result = child === parent.block ? this.runHandler(parent, completions) : completions;
        return parent.finalizer ? this.runFinally(parent.finalizer, result) : result;
      }
      default: {
        if (!isLoopNode(parent)) {
          // getResumePoint starts outside anything else.
          throw new Error(`cannot resume into ${parent.type}`);
        }
        const out = emptyCompletions<S>();
        const exits: Path<S>[] = [];
        const labels = getLabels(parent);
        const head = this.afterBody(parent, completions, labels, out, exits);
        const result = this.iterateLoop(parent, head, labels, out, exits);
        return hasOwnScope(parent) ? this.leaveAll(parent, result) : result;
      }
    }
  }

  // ---------------------------------------------------------------- statements
}
