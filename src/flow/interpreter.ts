import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  addLabelled,
  asNormal,
  emptyCompletions,
  mergeCompletionsInto,
  mergePaths,
  pathKey,
  withOrigin,
} from './paths.js';
import { appendAll, BudgetExceeded, Evaluator } from './evaluator.js';
import { dropTag, EXACT_FINALLY_DEPTH, mapCompletions, popTag, pushTag, WILDCARD } from './finally.js';
import { isLoopNode, type LoopNode } from './syntax.js';
import type { Completions, FlowDomain, FunctionNode, Path } from './types.js';
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
): FunctionExits<S> | GaveUp {
  const size = fn.range[1] - fn.range[0];
  const budget = stepBudget ?? Math.max(MIN_STEPS, Math.ceil(size / 4) * STEPS_PER_NODE);
  const interpreter = new Interpreter(domain, budget);
  try {
    return interpreter.runFunction(fn, entry, region);
  } catch (error) {
    if (error instanceof BudgetExceeded) {
      return { gaveUp: true, reason: 'budget', detail: `${String(budget)} interpreter steps spent on ${String(size)} characters` };
    }
    throw error;
  }
}

/** Statements whose `let`/`const`/`using` declarations live in a scope of their own. */
function hasOwnScope(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ForStatement:
      return node.init?.type === AST_NODE_TYPES.VariableDeclaration && node.init.kind !== 'var';
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return node.left.type === AST_NODE_TYPES.VariableDeclaration && node.left.kind !== 'var';
    default:
      return false;
  }
}

/** The statement half of the interpreter: sequences, branches, loops, `switch`, `try`. */
class Interpreter<S> extends Evaluator<S> {
  /** How many `finally` blocks the paths being run are inside. */
  private finallyDepth = 0;

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
    let completions = this.execStatements(block.body.slice(Math.max(0, from)), paths, !isInLoop(block, fn));
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
        const rest = parent.body.slice(parent.body.indexOf(child as TSESTree.Statement) + 1);
        const result = this.execStatements(rest, completions.normal, !isInLoop(parent, fn), true);
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

  /**
   * Runs statements in sequence. At the top of a function or region (`outermost`), no
   * loop can bring control back, so once the domain says every path is settled the rest
   * cannot change anything and is skipped.
   */
  protected execStatements(
    statements: readonly TSESTree.Node[],
    paths: Path<S>[],
    outermost = false,
    /** The paths come from a statement before the list (see resumeFrom): check the first one too. */
    checkFirst = false,
  ): Completions<S> {
    const result = emptyCompletions<S>();
    let current = paths;
    for (const [index, statement] of statements.entries()) {
      if (current.length === 0) {
        break;
      }
      if (outermost && (checkFirst || index > 0) && this.domain.isSettled && current.every((path) => this.domain.isSettled?.(path.state, statement))) {
        break;
      }
      const completions = this.execStatement(statement, current);
      current = completions.normal;
      completions.normal = [];
      mergeCompletionsInto(this.domain, result, completions);
    }
    result.normal = current;
    return result;
  }

  private execStatement(node: TSESTree.Node, paths: Path<S>[], labels: readonly string[] = []): Completions<S> {
    this.tick();
    const out = emptyCompletions<S>();
    switch (node.type) {
      case AST_NODE_TYPES.BlockStatement:
        return this.leaveAll(node, this.execStatements(node.body, paths));
      case AST_NODE_TYPES.StaticBlock:
        return this.leaveAll(node, this.execStatements(node.body, paths));
      case AST_NODE_TYPES.ExpressionStatement:
        out.normal = this.transfer(node, this.evalExpr(node.expression, paths, out));
        return out;
      case AST_NODE_TYPES.VariableDeclaration:
        out.normal = this.execDeclaration(node, paths, out);
        return out;
      case AST_NODE_TYPES.ReturnStatement: {
        const value = node.argument ? this.evalExpr(node.argument, paths, out) : paths;
        out.return = withOrigin(this.transfer(node, value), node);
        return out;
      }
      case AST_NODE_TYPES.ThrowStatement: {
        const value = this.evalExpr(node.argument, paths, out);
        out.throw = mergePaths(this.domain, out.throw, withOrigin(this.transfer(node, value), node));
        return out;
      }
      case AST_NODE_TYPES.IfStatement: {
        const branches = this.evalCondition(node.test, paths, out, node.alternate, node.consequent);
        const consequent = this.execStatement(node.consequent, branches.truthy);
        mergeCompletionsInto(this.domain, out, consequent);
        if (node.alternate) {
          mergeCompletionsInto(this.domain, out, this.execStatement(node.alternate, branches.falsy));
        } else {
          out.normal = mergePaths(this.domain, out.normal, branches.falsy);
        }
        return out;
      }
      case AST_NODE_TYPES.LabeledStatement:
        return this.execLabeled(node, paths, labels);
      case AST_NODE_TYPES.BreakStatement:
        addLabelled(this.domain, out.break, node.label?.name ?? null, withOrigin(paths, node));
        return out;
      case AST_NODE_TYPES.ContinueStatement:
        addLabelled(this.domain, out.continue, node.label?.name ?? null, withOrigin(paths, node));
        return out;
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement: {
        const result = this.execLoop(node, paths, labels);
        return hasOwnScope(node) ? this.leaveAll(node, result) : result;
      }
      case AST_NODE_TYPES.SwitchStatement:
        return this.leaveAll(node, this.execSwitch(node, paths, labels));
      case AST_NODE_TYPES.TryStatement:
        return this.execTry(node, paths);
      case AST_NODE_TYPES.WithStatement: {
        const object = this.evalExpr(node.object, paths, out);
        mergeCompletionsInto(this.domain, out, this.execStatement(node.body, object));
        return out;
      }
      case AST_NODE_TYPES.FunctionDeclaration:
        // The body is a separate function; the domain may summarise what it captures.
        out.normal = this.transfer(node, paths);
        return out;
      case AST_NODE_TYPES.ClassDeclaration:
        out.normal = this.evalClass(node, paths, out);
        return out;
      case AST_NODE_TYPES.TSInterfaceDeclaration:
      case AST_NODE_TYPES.TSTypeAliasDeclaration:
      case AST_NODE_TYPES.TSDeclareFunction:
      case AST_NODE_TYPES.TSModuleDeclaration:
      case AST_NODE_TYPES.EmptyStatement:
      case AST_NODE_TYPES.DebuggerStatement:
        // Type-only declarations and statements that do nothing.
        out.normal = paths;
        return out;
      default:
        // Anything else (an enum's initialisers, syntax newer than this interpreter): its
        // parts in source order, so what they do is seen and new syntax fails closed.
        out.normal = this.transfer(node, this.evalChildren(node, paths, out));
        return out;
    }
  }

  private execDeclaration(node: TSESTree.VariableDeclaration, paths: Path<S>[], out: Completions<S>): Path<S>[] {
    let current = paths;
    for (const declarator of node.declarations) {
      if (declarator.init) {
        current = this.evalExpr(declarator.init, current, out);
      }
      current = this.evalPattern(declarator.id, current, out);
      current = this.transfer(declarator, current);
    }
    return current;
  }

  private execLabeled(node: TSESTree.LabeledStatement, paths: Path<S>[], labels: readonly string[]): Completions<S> {
    const ownLabels = [...labels, node.label.name];
    const body = node.body;
    const isLoop = isLoopNode(body) || body.type === AST_NODE_TYPES.LabeledStatement;
    return this.consumeLabel(node, this.execStatement(body, paths, isLoop ? ownLabels : []));
  }

  /** A labelled statement consumes `break label` (loops consumed theirs already). */
  private consumeLabel(node: TSESTree.LabeledStatement, result: Completions<S>): Completions<S> {
    const broken = result.break.get(node.label.name);
    if (broken) {
      result.break.delete(node.label.name);
      result.normal = mergePaths(this.domain, result.normal, asNormal(broken));
    }
    return result;
  }

  /**
   * Runs a loop to a fixpoint. The states at the loop head only grow and the domain is
   * finite, so this ends; honest loops need two passes.
   */
  private execLoop(
    node: LoopNode,
    paths: Path<S>[],
    labels: readonly string[],
  ): Completions<S> {
    const out = emptyCompletions<S>();
    let entry = paths;
    if (node.type === AST_NODE_TYPES.ForStatement && node.init) {
      entry =
        node.init.type === AST_NODE_TYPES.VariableDeclaration
          ? this.execDeclaration(node.init, entry, out)
          : this.evalExpr(node.init, entry, out);
    } else if (node.type === AST_NODE_TYPES.ForInStatement || node.type === AST_NODE_TYPES.ForOfStatement) {
      entry = this.evalExpr(node.right, entry, out);
      // The loop takes hold of what it iterates (a `for…of` closes its iterator on exit).
      entry = this.transfer(node, entry);
    }

    return this.iterateLoop(node, asNormal(entry), labels, out, []);
  }

  /**
   * Runs a loop's iterations from `head` (the paths at its head) until no new state reaches
   * the head; `exits` holds the paths that left it already.
   */
  private iterateLoop(
    node: LoopNode,
    start: Path<S>[],
    labels: readonly string[],
    out: Completions<S>,
    exits: Path<S>[],
  ): Completions<S> {
    let head = start;
    const seen = new Set<string>();
    for (;;) {
      const fresh = head.filter((path) => !seen.has(pathKey(this.domain, path)));
      if (fresh.length === 0) {
        break;
      }
      for (const path of fresh) {
        seen.add(pathKey(this.domain, path));
      }
      const body = this.runLoopIteration(node, fresh, out, exits);
      head = this.afterBody(node, body, labels, out, exits);
    }
    out.normal = mergePaths(this.domain, out.normal, exits);
    return out;
  }

  /**
   * Where the completions of one pass through a loop's body go: `break` out of the loop (to
   * `exits`), `continue` and the end of the body back to the head (returned, after the
   * update or do-while test), the rest to `out`.
   */
  private afterBody(
    node: LoopNode,
    body: Completions<S>,
    labels: readonly string[],
    out: Completions<S>,
    exits: Path<S>[],
  ): Path<S>[] {
    const ownLabels = new Set<string | null>([null, ...labels]);
    // Unlabelled and own-label break leave the loop; continue goes back to the head.
    const next: Path<S>[] = [...body.normal];
    for (const [label, broken] of body.break) {
      if (ownLabels.has(label)) {
        appendAll(exits, asNormal(broken));
      } else {
        addLabelled(this.domain, out.break, label, broken);
      }
    }
    for (const [label, continued] of body.continue) {
      if (ownLabels.has(label)) {
        appendAll(next, asNormal(continued));
      } else {
        addLabelled(this.domain, out.continue, label, continued);
      }
    }
    out.return = mergePaths(this.domain, out.return, body.return);
    out.throw = mergePaths(this.domain, out.throw, body.throw);
    return this.afterIteration(node, asNormal(next), out);
  }

  /** One pass through the loop's test and body; the loop's exits go to `exits`. */
  private runLoopIteration(
    node: LoopNode,
    head: Path<S>[],
    out: Completions<S>,
    exits: Path<S>[],
  ): Completions<S> {
    switch (node.type) {
      case AST_NODE_TYPES.DoWhileStatement:
        // The test runs after the body (see afterIteration); the head is the body's entry.
        return this.execStatement(node.body, head);
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.ForStatement: {
        if (!node.test) {
          return this.execStatement(node.body, head);
        }
        const branches = this.evalCondition(node.test, head, out, null, node.body);
        appendAll(exits, branches.falsy);
        return this.execStatement(node.body, branches.truthy);
      }
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement: {
        // Either the iteration is over, or the next value is bound to the left side.
        appendAll(exits, head);
        let bound = head;
        if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) {
          // Each step awaits the iterator's next(), which may reject.
          this.throwPoint(node, bound, out);
        }
        if (node.left.type === AST_NODE_TYPES.VariableDeclaration) {
          for (const declarator of node.left.declarations) {
            bound = this.evalPattern(declarator.id, bound, out);
          }
        } else {
          bound = this.evalPattern(node.left, bound, out);
        }
        bound = this.transfer(node.left, bound);
        return this.execStatement(node.body, bound);
      }
    }
  }

  /** What runs between one iteration and the next: `update`, or do-while's test. */
  private afterIteration(
    node: LoopNode,
    paths: Path<S>[],
    out: Completions<S>,
  ): Path<S>[] {
    if (node.type === AST_NODE_TYPES.ForStatement && node.update) {
      return this.evalExpr(node.update, paths, out);
    }
    if (node.type === AST_NODE_TYPES.DoWhileStatement) {
      const branches = this.evalCondition(node.test, paths, out, null, null);
      out.normal = mergePaths(this.domain, out.normal, branches.falsy);
      return branches.truthy;
    }
    return paths;
  }

  private execSwitch(node: TSESTree.SwitchStatement, paths: Path<S>[], labels: readonly string[]): Completions<S> {
    const out = emptyCompletions<S>();
    let discriminant = this.evalExpr(node.discriminant, paths, out);
    // No value analysis: any case may match. Tests run in order until one matches.
    let fallthrough: Path<S>[] = [];
    let defaultIndex = -1;
    const entries: Path<S>[][] = [];
    for (const [index, switchCase] of node.cases.entries()) {
      if (switchCase.test) {
        discriminant = this.evalExpr(switchCase.test, discriminant, out);
        entries[index] = discriminant;
      } else {
        defaultIndex = index;
        entries[index] = [];
      }
    }
    if (defaultIndex >= 0) {
      entries[defaultIndex] = discriminant;
    } else {
      out.normal = mergePaths(this.domain, out.normal, discriminant);
    }
    for (const [index, switchCase] of node.cases.entries()) {
      const entry = mergePaths(this.domain, entries[index] ?? [], fallthrough);
      const result = this.execStatements(switchCase.consequent, entry);
      fallthrough = result.normal;
      result.normal = [];
      mergeCompletionsInto(this.domain, out, result);
    }
    out.normal = mergePaths(this.domain, out.normal, fallthrough);
    for (const label of [null, ...labels]) {
      const broken = out.break.get(label);
      if (broken) {
        out.break.delete(label);
        out.normal = mergePaths(this.domain, out.normal, asNormal(broken));
      }
    }
    return out;
  }

  private execTry(node: TSESTree.TryStatement, paths: Path<S>[]): Completions<S> {
    const result = this.runHandler(node, this.execStatement(node.block, paths));
    if (!node.finalizer) {
      return result;
    }
    return this.runFinally(node.finalizer, result);
  }

  /** The `try` block completed with `block`: its throws go to the `catch` clause, if any. */
  private runHandler(node: TSESTree.TryStatement, block: Completions<S>): Completions<S> {
    if (!node.handler) {
      return block;
    }
    const caught = asNormal(block.throw);
    block.throw = [];
    const handlerOut = emptyCompletions<S>();
    let entry = caught;
    if (node.handler.param) {
      entry = this.evalPattern(node.handler.param, entry, handlerOut);
    }
    const handler = this.leaveAll(node.handler, this.execStatement(node.handler.body, entry));
    mergeCompletionsInto(this.domain, handlerOut, handler);
    mergeCompletionsInto(this.domain, block, handlerOut);
    return block;
  }

  /**
   * Runs a `finally` block once over every path entering it, each tagged with the
   * completion it resumes (`resume`): a path that completes the block normally goes on as
   * that completion (with its origin), one that completes it abruptly replaces it. Running
   * the block once per kind of completion instead would double the work at every level of
   * `try/finally` nested in a `finally`. Beyond EXACT_FINALLY_DEPTH levels the tag is a
   * wildcard, so paths that differ only in how they entered merge and resume as every
   * completion that entered: coarser, but linear in the nesting.
   */
  private runFinally(finalizer: TSESTree.BlockStatement, incoming: Completions<S>): Completions<S> {
    const routes = new Map<string, { paths: Path<S>[]; resume: (done: Path<S>[]) => void }>();
    const out = emptyCompletions<S>();
    const route = (tag: string, paths: Path<S>[], resume: (done: Path<S>[]) => void): void => {
      if (paths.length > 0) {
        routes.set(tag, { paths, resume });
      }
    };
    route('normal', incoming.normal, (done) => {
      out.normal = mergePaths(this.domain, out.normal, done);
    });
    route('return', incoming.return, (done) => {
      out.return = mergePaths(this.domain, out.return, done);
    });
    route('throw', incoming.throw, (done) => {
      out.throw = mergePaths(this.domain, out.throw, done);
    });
    for (const [label, paths] of incoming.break) {
      route(`break:${label ?? ''}`, paths, (done) => {
        addLabelled(this.domain, out.break, label, done);
      });
    }
    for (const [label, paths] of incoming.continue) {
      route(`continue:${label ?? ''}`, paths, (done) => {
        addLabelled(this.domain, out.continue, label, done);
      });
    }
    if (routes.size === 0) {
      return out;
    }
    const exact = this.finallyDepth < EXACT_FINALLY_DEPTH;
    const entry: Path<S>[] = [];
    for (const [tag, { paths }] of routes) {
      for (const path of paths) {
        entry.push({ ...path, resume: pushTag(path.resume, exact ? tag : WILDCARD) });
      }
    }
    this.finallyDepth += 1;
    let result: Completions<S>;
    try {
      result = this.execStatement(finalizer, mergePaths(this.domain, entry));
    } finally {
      this.finallyDepth -= 1;
    }
    const resumed = new Map<string, Path<S>[]>();
    for (const path of result.normal) {
      const { top, rest } = popTag(path.resume);
      const goOn: Path<S> = { state: path.state, origin: path.origin, ...(rest === undefined ? {} : { resume: rest }) };
      for (const tag of top === WILDCARD ? routes.keys() : [top]) {
        const list = resumed.get(tag) ?? [];
        list.push(goOn);
        resumed.set(tag, list);
      }
    }
    for (const [tag, done] of resumed) {
      routes.get(tag)?.resume(done);
    }
    // The block's own abrupt completions replace the ones that entered it.
    result.normal = [];
    mergeCompletionsInto(this.domain, out, mapCompletions(result, dropTag));
    return out;
  }

  // --------------------------------------------------------------- expressions

}

