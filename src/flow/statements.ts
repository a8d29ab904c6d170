import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { addLabelled, asNormal, copyCompletions, emptyCompletions, mergeCompletionsInto, mergePaths, pathKey, withOrigin } from './paths.js';
import { Evaluator } from './evaluator.js';
import { dropTag, EXACT_FINALLY_DEPTH, mapCompletions, popTag, pushTag, WILDCARD } from './finally.js';
import { isLoopNode, type LoopNode } from './syntax.js';
import type { Completions, Path } from './types.js';
import { countSteps } from './work.js';

/** Statements whose `let`/`const`/`using` declarations live in a scope of their own. */
export function hasOwnScope(node: TSESTree.Node): boolean {
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

/**
 * The statement part of the interpreter: sequences, branches, labels, `switch`, `try` and
 * `finally`. Loops are in Loops, which extends this class.
 */
export abstract class Statements<S> extends Evaluator<S> {
  /** How many `finally` blocks the paths being run are inside. */
  private finallyDepth = 0;

  /** Runs a loop statement (see Loops). */
  protected abstract execLoop(node: LoopNode, paths: Path<S>[], labels: readonly string[]): Completions<S>;

  /**
   * Runs statements in sequence, from the one at index `from` on. At the top of a function or
   * region (`outermost`), no loop can bring control back, so once the domain says every path
   * is settled the rest cannot change anything and is skipped.
   */
  protected execStatements(
    statements: readonly TSESTree.Node[],
    paths: Path<S>[],
    outermost = false,
    /** The paths come from a statement before the list (see resumeFrom): check the first one too. */
    checkFirst = false,
    from = 0,
  ): Completions<S> {
    if (this.shared && statements.length - from > 1) {
      const first = statements[from];
      if (outermost && checkFirst && first && this.domain.isSettled && paths.every((path) => this.domain.isSettled?.(path.state, first))) {
        return { ...emptyCompletions<S>(), normal: paths };
      }
      // In halves of the whole list, so that the runs of sites resuming at different
      // statements of one list line up and are shared (see execWindow).
      return this.execWindow(statements, 0, statements.length, from, paths);
    }
    const result = emptyCompletions<S>();
    let current = paths;
    const inert: Path<S>[] = [];
    for (let index = from; index < statements.length; index++) {
      const statement = statements[index];
      if (!statement || current.length === 0) {
        break;
      }
      if (outermost && (checkFirst || index > from) && this.domain.isSettled && current.every((path) => this.domain.isSettled?.(path.state, statement))) {
        break;
      }
      current = this.setAsideInert(current, statement, inert);
      const completions = this.execStatement(statement, current);
      current = completions.normal;
      completions.normal = [];
      mergeCompletionsInto(this.domain, result, completions);
    }
    result.normal = inert.length > 0 ? mergePaths(this.domain, current, inert) : current;
    return result;
  }

  /**
   * `paths` without those the domain calls inert from `next` on (FlowDomain.isInert), which
   * go to `inert` and skip the rest of the list. In a loop body, a site released in one of
   * n statements would otherwise walk the other statements after it: n² over the sites.
   */
  private setAsideInert(paths: Path<S>[], next: TSESTree.Node, inert: Path<S>[]): Path<S>[] {
    const { domain } = this;
    if (!domain.isInert || !paths.some((path) => domain.isInert?.(path.state, next))) {
      return paths;
    }
    const live: Path<S>[] = [];
    for (const path of paths) {
      (domain.isInert(path.state, next) ? inert : live).push(path);
    }
    return live;
  }

  /**
   * Runs statements `from` on of the half `lo` to `hi` of a list: the halves wholly after
   * `from` as recorded runs (execRange), the one that holds it split again. A site that
   * resumes at statement i of a list of n then costs about log n recorded halves, the same
   * halves every other site of its class looks up, instead of n - i statements of its own.
   */
  private execWindow(statements: readonly TSESTree.Node[], lo: number, hi: number, from: number, paths: Path<S>[]): Completions<S> {
    if (paths.length === 0 || hi <= from) {
      return { ...emptyCompletions<S>(), normal: paths };
    }
    if (from <= lo) {
      return this.execRange(statements, lo, hi, paths);
    }
    const middle = lo + Math.floor((hi - lo) / 2);
    const result = this.execWindow(statements, lo, middle, from, paths);
    const rest = this.execWindow(statements, middle, hi, from, result.normal);
    const normal = rest.normal;
    result.normal = [];
    rest.normal = [];
    mergeCompletionsInto(this.domain, result, rest);
    result.normal = normal;
    return result;
  }

  /**
   * Runs statements `from` to `to` (exclusive) of a list in sequence, where the domain shares
   * runs with others (see FlowDomain.canShare): halves that hold nothing of this domain's
   * own are replayed when recorded from the same paths, else run and recorded. Sites that
   * share runs and each acquire in one statement of a long list then cost a few halves
   * each, not the whole list.
   */
  private execRange(statements: readonly TSESTree.Node[], from: number, to: number, paths: Path<S>[]): Completions<S> {
    const first = statements[from];
    const last = statements[to - 1];
    if (!first || !last || paths.length === 0) {
      return { ...emptyCompletions<S>(), normal: paths };
    }
    const inert: Path<S>[] = [];
    const live = this.setAsideInert(paths, first, inert);
    if (inert.length > 0) {
      const result = this.execRange(statements, from, to, live);
      result.normal = mergePaths(this.domain, result.normal, inert);
      return result;
    }
    if (to - from === 1) {
      return this.execStatement(first, paths);
    }
    return this.shareRun([first.range[0], last.range[1]], paths, '', () => {
      const middle = from + Math.floor((to - from) / 2);
      const result = this.execRange(statements, from, middle, paths);
      const rest = this.execRange(statements, middle, to, result.normal);
      const normal = rest.normal;
      result.normal = [];
      rest.normal = [];
      mergeCompletionsInto(this.domain, result, rest);
      result.normal = normal;
      return result;
    });
  }

  /** Runs one statement (see shareRun). */
  protected execStatement(node: TSESTree.Node, paths: Path<S>[], labels: readonly string[] = []): Completions<S> {
    if (paths.length === 0) {
      // Nothing reaches it (the statements after a `continue`, a branch no path takes):
      // running it would find nothing, and cost the size of what it holds.
      return emptyCompletions<S>();
    }
    return this.shareRun(node.range, paths, labels.join(','), () => this.runStatement(node, paths, labels));
  }

  /**
   * `run` covers the source `range` from `paths`; where the domain shares runs with others
   * (see FlowDomain.canShare), a run recorded from the same paths is replayed instead, and
   * a new one recorded.
   */
  private shareRun(range: TSESTree.Range, paths: Path<S>[], labels: string, run: () => Completions<S>): Completions<S> {
    const { domain, shared } = this;
    if (!shared || paths.length === 0 || domain.canShare?.(range, paths) !== true) {
      return run();
    }
    countSteps(1 + paths.length);
    const entry = paths.map((path) => `${pathKey(domain, path)}@${String(path.origin?.range[0] ?? '')}`).join(';');
    const key = `${String(range[0])}:${String(range[1])}|${labels}|${String(this.finallyDepth)}|${entry}`;
    const recorded = shared.get(key);
    if (recorded) {
      countSteps(recorded.effects.length);
      domain.replayEffects?.(recorded.effects);
      return copyCompletions(recorded.completions);
    }
    domain.beginEffects?.();
    let result: Completions<S> | null = null;
    try {
      result = run();
      return result;
    } finally {
      const effects = domain.endEffects?.();
      if (result && effects?.shareable === true) {
        shared.set(key, { completions: copyCompletions(result), effects: effects.effects });
      }
    }
  }

  private runStatement(node: TSESTree.Node, paths: Path<S>[], labels: readonly string[]): Completions<S> {
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

  protected execDeclaration(node: TSESTree.VariableDeclaration, paths: Path<S>[], out: Completions<S>): Path<S>[] {
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
  protected consumeLabel(node: TSESTree.LabeledStatement, result: Completions<S>): Completions<S> {
    const broken = result.break.get(node.label.name);
    if (broken) {
      result.break.delete(node.label.name);
      result.normal = mergePaths(this.domain, result.normal, asNormal(broken));
    }
    return result;
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
  protected runHandler(node: TSESTree.TryStatement, block: Completions<S>): Completions<S> {
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
  protected runFinally(finalizer: TSESTree.BlockStatement, incoming: Completions<S>): Completions<S> {
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
}
