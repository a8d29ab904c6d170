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
  withState,
} from './paths.js';
import { isLoopNode, type LoopNode } from './syntax.js';
import type { CompletionKind, Completions, FlowDomain, Path } from './types.js';

/** A function whose body the interpreter can run. */
export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

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

class BudgetExceeded extends Error {}

/** Levels of `finally` nesting at which paths remember exactly which completion they resume. */
const EXACT_FINALLY_DEPTH = 2;
/** The tag of a path that resumes as every completion that entered its `finally`. */
const WILDCARD = '*';
const TAG_SEPARATOR = '\u0001';

function pushTag(resume: string | undefined, tag: string): string {
  return resume === undefined ? tag : `${resume}${TAG_SEPARATOR}${tag}`;
}

function popTag(resume: string | undefined): { top: string; rest: string | undefined } {
  const at = resume?.lastIndexOf(TAG_SEPARATOR) ?? -1;
  if (resume === undefined || at < 0) {
    return { top: resume ?? WILDCARD, rest: undefined };
  }
  return { top: resume.slice(at + 1), rest: resume.slice(0, at) };
}

/** A path leaving a `finally` abruptly: it no longer resumes what entered the block. */
function dropTag<S>(path: Path<S>): Path<S> {
  const { rest } = popTag(path.resume);
  return { state: path.state, origin: path.origin, ...(rest === undefined ? {} : { resume: rest }) };
}

/** Every path of `completions` mapped by `map`. */
function mapCompletions<S>(completions: Completions<S>, map: (path: Path<S>) => Path<S>): Completions<S> {
  const out: Completions<S> = {
    normal: completions.normal.map(map),
    return: completions.return.map(map),
    throw: completions.throw.map(map),
    break: new Map(),
    continue: new Map(),
  };
  for (const [label, paths] of completions.break) {
    out.break.set(label, paths.map(map));
  }
  for (const [label, paths] of completions.continue) {
    out.continue.set(label, paths.map(map));
  }
  return out;
}

/**
 * Where to start interpreting: a statement directly inside `fn`'s body or inside a block
 * nested in it. Nothing before that statement can matter to the caller (its state is
 * the entry state), and a block-scoped resource cannot outlive its block, so the
 * interpreter runs from `statement` to the end of `block` and then leaves the function.
 */
export interface Region {
  readonly block: TSESTree.BlockStatement;
  readonly statement: TSESTree.Statement;
}

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

interface Branches<S> {
  truthy: Path<S>[];
  falsy: Path<S>[];
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

class Interpreter<S> {
  private steps = 0;
  /** How many `finally` blocks the paths being run are inside. */
  private finallyDepth = 0;

  constructor(
    private readonly domain: FlowDomain<S>,
    private readonly budget: number,
  ) {}

  runFunction(fn: FunctionNode, entry: S, region: Region | null): FunctionExits<S> {
    const start: Path<S>[] = [{ state: entry, origin: null }];
    let completions: Completions<S>;
    if (region) {
      const statements = region.block.body;
      const from = statements.indexOf(region.statement);
      completions = this.execStatements(statements.slice(Math.max(0, from)), start, true);
      if (region.block !== fn.body) {
        completions = this.leaveAll(region.block, completions);
      }
    } else if (fn.body.type === AST_NODE_TYPES.BlockStatement) {
      completions = this.execStatements(fn.body.body, start, true);
    } else {
      completions = emptyCompletions();
      const value = this.evalExpr(fn.body, start, completions);
      completions.return = withOrigin(value, fn.body);
    }
    // A `break`/`continue` out of a region leaves it for an enclosing loop; what the
    // domain cares about was settled when the paths left the region's block.
    return {
      normal: this.leave(fn, completions.normal, 'normal'),
      return: this.leave(fn, completions.return, 'return'),
      throw: this.leave(fn, completions.throw, 'throw'),
    };
  }

  private tick(): void {
    this.steps += 1;
    if (this.steps > this.budget) {
      throw new BudgetExceeded();
    }
  }

  private leave(scope: TSESTree.Node, paths: readonly Path<S>[], kind: CompletionKind): Path<S>[] {
    return mergePaths(
      this.domain,
      paths.map((path) => withState(path, this.domain.leaveScope(scope, path, kind))),
    );
  }

  /** Every completion of `completions` leaves `scope`. */
  private leaveAll(scope: TSESTree.Node, completions: Completions<S>): Completions<S> {
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

  private transfer(node: TSESTree.Node, paths: Path<S>[]): Path<S>[] {
    let changed: Path<S>[] | null = null;
    for (const [index, path] of paths.entries()) {
      const state = this.domain.transfer(node, path.state);
      if (state !== path.state) {
        changed ??= paths.slice();
        changed[index] = withState(path, state);
      }
    }
    return changed ? mergePaths(this.domain, changed) : paths;
  }

  /** `node` may throw here: its state before its own effect goes to the throw set. */
  private throwPoint(node: TSESTree.Node, paths: readonly Path<S>[], out: Completions<S>): void {
    if (paths.length === 0 || this.domain.mayThrow?.(node) === false) {
      return;
    }
    out.throw = mergePaths(
      this.domain,
      out.throw,
      paths.map((path) => ({ ...path, state: this.domain.throwState(node, path.state), origin: node })),
    );
  }

  private narrow(
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
    return mergePaths(this.domain, out);
  }

  // ---------------------------------------------------------------- statements

  /**
   * Runs statements in sequence. At the top of a function or region (`outermost`), no
   * loop can bring control back, so once the domain says every path is settled the rest
   * cannot change anything and is skipped.
   */
  private execStatements(statements: readonly TSESTree.Node[], paths: Path<S>[], outermost = false): Completions<S> {
    const result = emptyCompletions<S>();
    let current = paths;
    for (const [index, statement] of statements.entries()) {
      if (current.length === 0) {
        break;
      }
      if (outermost && index > 0 && this.domain.isSettled && current.every((path) => this.domain.isSettled?.(path.state, statement))) {
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

  /** Default values and computed keys in a binding pattern are evaluated too. */
  private evalPattern(pattern: TSESTree.Node, paths: Path<S>[], out: Completions<S>): Path<S>[] {
    switch (pattern.type) {
      case AST_NODE_TYPES.AssignmentPattern:
        return mergePaths(
          this.domain,
          paths,
          this.evalPattern(pattern.left, this.evalExpr(pattern.right, paths, out), out),
        );
      case AST_NODE_TYPES.ArrayPattern: {
        let current = paths;
        for (const element of pattern.elements) {
          if (element) {
            current = this.evalPattern(element, current, out);
          }
        }
        return current;
      }
      case AST_NODE_TYPES.ObjectPattern: {
        let current = paths;
        for (const property of pattern.properties) {
          if (property.type === AST_NODE_TYPES.RestElement) {
            current = this.evalPattern(property.argument, current, out);
          } else {
            if (property.computed) {
              current = this.evalExpr(property.key, current, out);
            }
            current = this.evalPattern(property.value, current, out);
          }
        }
        return current;
      }
      case AST_NODE_TYPES.RestElement:
        return this.evalPattern(pattern.argument, paths, out);
      case AST_NODE_TYPES.MemberExpression:
        return this.evalExpr(pattern.object, paths, out);
      default:
        return paths;
    }
  }

  private execLabeled(node: TSESTree.LabeledStatement, paths: Path<S>[], labels: readonly string[]): Completions<S> {
    const ownLabels = [...labels, node.label.name];
    const body = node.body;
    const isLoop = isLoopNode(body) || body.type === AST_NODE_TYPES.LabeledStatement;
    const result = this.execStatement(body, paths, isLoop ? ownLabels : []);
    // A labelled statement consumes `break label` (loops consumed theirs already).
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

    const ownLabels = new Set<string | null>([null, ...labels]);
    const exits: Path<S>[] = [];
    let head = asNormal(entry);
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
      head = this.afterIteration(node, asNormal(next), out);
    }
    out.normal = mergePaths(this.domain, out.normal, exits);
    return out;
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
    const block = this.execStatement(node.block, paths);
    let result: Completions<S> = block;
    if (node.handler) {
      const caught = asNormal(block.throw);
      block.throw = [];
      const handlerOut = emptyCompletions<S>();
      let entry = caught;
      if (node.handler.param) {
        entry = this.evalPattern(node.handler.param, entry, handlerOut);
      }
      const handler = this.leaveAll(node.handler, this.execStatement(node.handler.body, entry));
      mergeCompletionsInto(this.domain, handlerOut, handler);
      result = block;
      mergeCompletionsInto(this.domain, result, handlerOut);
    }
    if (!node.finalizer) {
      return result;
    }
    return this.runFinally(node.finalizer, result);
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

  /**
   * Evaluates `node` as a condition: the paths on which it is truthy and falsy.
   * `skipOnTruthy` / `skipOnFalsy` are the branches the statement skips on each outcome.
   */
  private evalCondition(
    node: TSESTree.Expression,
    paths: Path<S>[],
    out: Completions<S>,
    skipOnTruthy: TSESTree.Node | null,
    skipOnFalsy: TSESTree.Node | null,
  ): Branches<S> {
    this.tick();
    if (paths.length === 0) {
      return { truthy: [], falsy: [] };
    }
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
        // `while (true)`, `if (0)`: a constant test takes one side only.
        return node.value ? { truthy: paths, falsy: [] } : { truthy: [], falsy: paths };
      case AST_NODE_TYPES.UnaryExpression:
        if (node.operator === '!') {
          const inner = this.evalCondition(node.argument, paths, out, skipOnFalsy, skipOnTruthy);
          return { truthy: inner.falsy, falsy: inner.truthy };
        }
        break;
      case AST_NODE_TYPES.LogicalExpression: {
        if (node.operator === '&&') {
          const left = this.evalCondition(node.left, paths, out, skipOnTruthy, skipOnFalsy);
          const right = this.evalCondition(node.right, left.truthy, out, skipOnTruthy, skipOnFalsy);
          return { truthy: right.truthy, falsy: mergePaths(this.domain, left.falsy, right.falsy) };
        }
        if (node.operator === '||') {
          const left = this.evalCondition(node.left, paths, out, skipOnTruthy, skipOnFalsy);
          const right = this.evalCondition(node.right, left.falsy, out, skipOnTruthy, skipOnFalsy);
          return { truthy: mergePaths(this.domain, left.truthy, right.truthy), falsy: right.falsy };
        }
        // `a ?? b`: a when a is not nullish, else b.
        const left = this.evalExpr(node.left, paths, out);
        const present = this.narrow(left, (s) => this.domain.assumeNullish(node.left, false, s, node.right));
        const absent = this.narrow(left, (s) => this.domain.assumeNullish(node.left, true, s, null));
        const right = this.evalCondition(node.right, absent, out, skipOnTruthy, skipOnFalsy);
        return {
          truthy: mergePaths(
            this.domain,
            this.narrow(present, (s) => this.domain.assume(node.left, true, s, skipOnTruthy)),
            right.truthy,
          ),
          falsy: mergePaths(
            this.domain,
            this.narrow(present, (s) => this.domain.assume(node.left, false, s, skipOnFalsy)),
            right.falsy,
          ),
        };
      }
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        return this.evalCondition(node.expression, paths, out, skipOnTruthy, skipOnFalsy);
      default:
        break;
    }
    const value = this.evalExpr(node, paths, out);
    return {
      truthy: this.narrow(value, (s) => this.domain.assume(node, true, s, skipOnTruthy)),
      falsy: this.narrow(value, (s) => this.domain.assume(node, false, s, skipOnFalsy)),
    };
  }

  /**
   * Evaluates `node` for its value: returns the paths that complete normally and adds
   * the ones that throw to `out.throw`. `chainExit` collects paths short-circuited by
   * `?.` inside the current optional chain.
   */
  private evalExpr(
    node: TSESTree.Node,
    paths: Path<S>[],
    out: Completions<S>,
    chainExit: Path<S>[] | null = null,
  ): Path<S>[] {
    this.tick();
    if (paths.length === 0) {
      return paths;
    }
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.Literal:
      case AST_NODE_TYPES.ThisExpression:
      case AST_NODE_TYPES.Super:
      case AST_NODE_TYPES.MetaProperty:
      case AST_NODE_TYPES.PrivateIdentifier:
        return paths;
      case AST_NODE_TYPES.TemplateLiteral:
        return this.transfer(node, this.evalAll(node.expressions, paths, out));
      case AST_NODE_TYPES.ArrayExpression:
        return this.transfer(node, this.evalAll(node.elements, paths, out));
      case AST_NODE_TYPES.ObjectExpression: {
        let current = paths;
        for (const property of node.properties) {
          if (property.type === AST_NODE_TYPES.SpreadElement) {
            current = this.evalExpr(property.argument, current, out);
          } else {
            if (property.computed) {
              current = this.evalExpr(property.key, current, out);
            }
            current = this.evalExpr(property.value, current, out);
          }
        }
        return this.transfer(node, current);
      }
      case AST_NODE_TYPES.SpreadElement:
        return this.evalExpr(node.argument, paths, out);
      case AST_NODE_TYPES.SequenceExpression:
        return this.evalAll(node.expressions, paths, out);
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.UpdateExpression:
        return this.transfer(node, this.evalExpr(node.argument, paths, out));
      case AST_NODE_TYPES.BinaryExpression: {
        const left = this.evalExpr(node.left, paths, out);
        return this.transfer(node, this.evalExpr(node.right, left, out));
      }
      case AST_NODE_TYPES.LogicalExpression:
        return this.transfer(node, this.evalLogical(node, paths, out));
      case AST_NODE_TYPES.ConditionalExpression: {
        const branches = this.evalCondition(node.test, paths, out, node.alternate, node.consequent);
        return this.transfer(
          node,
          mergePaths(
            this.domain,
            this.evalExpr(node.consequent, branches.truthy, out),
            this.evalExpr(node.alternate, branches.falsy, out),
          ),
        );
      }
      case AST_NODE_TYPES.AssignmentExpression:
        return this.evalAssignment(node, paths, out);
      case AST_NODE_TYPES.MemberExpression:
        return this.transfer(node, this.evalMember(node, paths, out, chainExit));
      case AST_NODE_TYPES.ChainExpression: {
        const exit: Path<S>[] = [];
        const value = this.evalExpr(node.expression, paths, out, exit);
        return this.transfer(node, mergePaths(this.domain, value, exit));
      }
      case AST_NODE_TYPES.CallExpression:
        return this.evalCall(node, paths, out, chainExit);
      case AST_NODE_TYPES.NewExpression: {
        const callee = this.evalExpr(node.callee, paths, out);
        const args = this.evalAll(node.arguments, callee, out);
        this.throwPoint(node, args, out);
        return this.transfer(node, args);
      }
      case AST_NODE_TYPES.ImportExpression: {
        const source = this.evalExpr(node.source, paths, out);
        this.throwPoint(node, source, out);
        return this.transfer(node, source);
      }
      case AST_NODE_TYPES.TaggedTemplateExpression: {
        const tag = this.evalExpr(node.tag, paths, out);
        const quasi = this.evalAll(node.quasi.expressions, tag, out);
        this.throwPoint(node, quasi, out);
        return this.transfer(node, quasi);
      }
      case AST_NODE_TYPES.AwaitExpression: {
        const argument = this.evalExpr(node.argument, paths, out);
        this.throwPoint(node, argument, out);
        return this.transfer(node, argument);
      }
      case AST_NODE_TYPES.YieldExpression: {
        const argument = node.argument ? this.evalExpr(node.argument, paths, out) : paths;
        // At a `yield` the consumer may throw into the generator, or stop it early
        // (`break` out of for-of calls return()), which runs like a `return` here.
        this.throwPoint(node, argument, out);
        out.return = mergePaths(this.domain, out.return, withOrigin(argument, node));
        return this.transfer(node, argument);
      }
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSInstantiationExpression:
        return this.transfer(node, this.evalExpr(node.expression, paths, out, chainExit));
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        // A separate body: the domain summarises what creating it means.
        return this.transfer(node, paths);
      case AST_NODE_TYPES.ClassExpression:
        return this.evalClass(node, paths, out);
      default:
        // JSX, and any node type this interpreter does not know: its parts in source order.
        return this.transfer(node, this.evalChildren(node, paths, out));
    }
  }

  /**
   * A class definition runs its `extends` expression, computed keys, static field
   * initialisers and static blocks, in order; methods and instance fields are separate
   * bodies (the domain summarises what creating them means).
   */
  private evalClass(
    node: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
    paths: Path<S>[],
    out: Completions<S>,
  ): Path<S>[] {
    let current = node.superClass ? this.evalExpr(node.superClass, paths, out) : paths;
    for (const member of node.body.body) {
      if (member.type === AST_NODE_TYPES.StaticBlock) {
        const block = this.leaveAll(member, this.execStatements(member.body, current));
        // Only a throw can leave a static block early.
        out.throw = mergePaths(this.domain, out.throw, block.throw);
        current = block.normal;
        continue;
      }
      if ('computed' in member && member.computed && 'key' in member) {
        current = this.evalExpr(member.key, current, out);
      }
      if (
        (member.type === AST_NODE_TYPES.PropertyDefinition || member.type === AST_NODE_TYPES.AccessorProperty) &&
        member.static &&
        member.value
      ) {
        current = this.evalExpr(member.value, current, out);
      }
    }
    return this.transfer(node, current);
  }

  /** Evaluates the child nodes of `node` in source order (types and decorators aside). */
  private evalChildren(node: TSESTree.Node, paths: Path<S>[], out: Completions<S>): Path<S>[] {
    let current = paths;
    for (const child of getValueChildren(node)) {
      current = this.evalExpr(child, current, out);
    }
    return current;
  }

  private evalAll(nodes: readonly (TSESTree.Node | null)[], paths: Path<S>[], out: Completions<S>): Path<S>[] {
    let current = paths;
    for (const node of nodes) {
      if (node) {
        current = this.evalExpr(node, current, out);
      }
    }
    return current;
  }

  private evalLogical(node: TSESTree.LogicalExpression, paths: Path<S>[], out: Completions<S>): Path<S>[] {
    if (node.operator === '??') {
      const left = this.evalExpr(node.left, paths, out);
      const present = this.narrow(left, (s) => this.domain.assumeNullish(node.left, false, s, node.right));
      const absent = this.narrow(left, (s) => this.domain.assumeNullish(node.left, true, s, null));
      return mergePaths(this.domain, present, this.evalExpr(node.right, absent, out));
    }
    // `a && b` / `a || b`: the left side decides like a condition (so `!c || c.release()`
    // narrows `c`), and the right side runs on the side that does not short-circuit.
    const isAnd = node.operator === '&&';
    const branches = this.evalCondition(node.left, paths, out, isAnd ? null : node.right, isAnd ? node.right : null);
    const shortCircuit = isAnd ? branches.falsy : branches.truthy;
    const goOn = isAnd ? branches.truthy : branches.falsy;
    return mergePaths(this.domain, shortCircuit, this.evalExpr(node.right, goOn, out));
  }

  private evalAssignment(node: TSESTree.AssignmentExpression, paths: Path<S>[], out: Completions<S>): Path<S>[] {
    let target = paths;
    if (node.left.type === AST_NODE_TYPES.MemberExpression) {
      target = this.evalExpr(node.left.object, target, out);
      if (node.left.computed) {
        target = this.evalExpr(node.left.property, target, out);
      }
    }
    if (node.operator === '&&=' || node.operator === '||=' || node.operator === '??=') {
      // The right side runs only when the left does not already decide the value.
      const left = node.left;
      let keep: Path<S>[];
      let assign: Path<S>[];
      if (node.operator === '??=') {
        keep = this.narrow(target, (s) => this.domain.assumeNullish(left, false, s, node.right));
        assign = this.narrow(target, (s) => this.domain.assumeNullish(left, true, s, null));
      } else {
        const truthy = node.operator === '||=';
        keep = this.narrow(target, (s) => this.domain.assume(left, truthy, s, node.right));
        assign = this.narrow(target, (s) => this.domain.assume(left, !truthy, s, null));
      }
      // Only the paths that assign see the assignment's effect.
      return mergePaths(this.domain, keep, this.transfer(node, this.evalExpr(node.right, assign, out)));
    }
    let value = this.evalExpr(node.right, target, out);
    if (node.left.type === AST_NODE_TYPES.ObjectPattern || node.left.type === AST_NODE_TYPES.ArrayPattern) {
      value = this.evalPattern(node.left, value, out);
    }
    return this.transfer(node, value);
  }

  private evalMember(
    node: TSESTree.MemberExpression,
    paths: Path<S>[],
    out: Completions<S>,
    chainExit: Path<S>[] | null,
  ): Path<S>[] {
    let object = this.evalExpr(node.object, paths, out, chainExit);
    if (node.optional) {
      object = this.shortCircuit(node.object, object, chainExit);
    }
    return node.computed ? this.evalExpr(node.property, object, out) : object;
  }

  /** `x?.…`: paths where `x` is nullish leave the chain; the rest go on. */
  private shortCircuit(object: TSESTree.Expression, paths: Path<S>[], chainExit: Path<S>[] | null): Path<S>[] {
    const parent = object.parent;
    const chain = this.enclosingChainBody(parent);
    if (chainExit) {
      appendAll(chainExit, this.narrow(paths, (s) => this.domain.assumeNullish(object, true, s, chain)));
    }
    return this.narrow(paths, (s) => this.domain.assumeNullish(object, false, s, null));
  }

  /** The rest of the optional chain that a short-circuit at `node` skips. */
  private enclosingChainBody(node: TSESTree.Node | undefined): TSESTree.Node | null {
    let current = node;
    while (current && current.type !== AST_NODE_TYPES.ChainExpression) {
      current = current.parent;
    }
    return current ?? null;
  }

  private evalCall(
    node: TSESTree.CallExpression,
    paths: Path<S>[],
    out: Completions<S>,
    chainExit: Path<S>[] | null,
  ): Path<S>[] {
    let callee = this.evalExpr(node.callee, paths, out, chainExit);
    if (node.optional) {
      callee = this.shortCircuit(node.callee, callee, chainExit);
    }
    const args = this.evalAll(node.arguments, callee, out);
    this.throwPoint(node, args, out);
    return this.transfer(node, args);
  }
}

/** Keys of a node that never hold a value evaluated at run time. */
const NON_VALUE_KEYS = new Set([
  'parent',
  'loc',
  'range',
  'decorators',
  'typeAnnotation',
  'typeArguments',
  'typeParameters',
  'returnType',
]);

/** The child nodes of `node` that are evaluated, in source order (JSX children, enum initialisers, …). */
function getValueChildren(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (NON_VALUE_KEYS.has(key)) {
      continue;
    }
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (isNode(item)) {
        children.push(item);
      }
    }
  }
  return children.sort((a, b) => a.range[0] - b.range[0]);
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && Array.isArray((value as { range?: unknown }).range);
}

/** Appends without spreading, which overflows the stack on very many paths. */
function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) {
    target.push(item);
  }
}
