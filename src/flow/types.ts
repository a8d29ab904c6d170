import type { TSESTree } from '@typescript-eslint/types';

/** A function whose body the interpreter can run. */
export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

/** The kinds of completion a statement can end with (ECMAScript's completion records). */
export type CompletionKind = 'normal' | 'return' | 'throw' | 'break' | 'continue';

/**
 * One abstract path through the code: the domain's state plus the node that started the
 * abrupt completion it is on (the `return`, the call that threw, the `continue`), so a
 * leak found where the path leaves a scope can name its cause. `origin` is `null` on
 * normal paths.
 */
export interface Path<S> {
  readonly state: S;
  readonly origin: TSESTree.Node | null;
  /**
   * Inside `finally` blocks: where the path goes on when the block completes normally, one
   * tag per enclosing `finally` being run (see the interpreter's runFinally). The
   * interpreter's own bookkeeping; domains never read it.
   */
  readonly resume?: string;
}

/** Where control can go after a statement: each kind with the paths that take it. */
export interface Completions<S> {
  normal: Path<S>[];
  return: Path<S>[];
  throw: Path<S>[];
  /** `break` paths by target label; `null` is an unlabelled `break`. */
  break: Map<string | null, Path<S>[]>;
  /** `continue` paths by target label; `null` is an unlabelled `continue`. */
  continue: Map<string | null, Path<S>[]>;
}

/**
 * What the interpreter asks of an abstract domain. The interpreter walks the syntax and
 * decides where control goes; the domain decides what each node does to its state. The
 * interpreter knows nothing of resources.
 */
export interface FlowDomain<S> {
  /** Identity of a state: paths with equal keys are merged. Must be cheap. */
  key(state: S): string;
  /**
   * A coarser identity: states with equal coarse keys do the same from here on and differ
   * only in what the domain reports of them (which call released a resource, named in a
   * report of a use after it). Beyond a few such paths at one point the interpreter keeps
   * the first ones (see MAX_ALIKE_PATHS in paths.ts). Optional; by default, `key`.
   */
  coarseKey?(state: S): string;
  /**
   * The effect of `node` once its operands have been evaluated. Called for expressions,
   * variable declarators, `return` and expression statements, and a `for…in`/`for…of` once
   * the value it iterates has been evaluated.
   */
  transfer(node: TSESTree.Node, state: S): S;
  /**
   * The state on the exceptional edge out of `node` (a call, `await`, `new`, tagged
   * template, `yield`), given the state before its own effect. Most effects have not
   * happened when a call throws (a connection that failed to open is not open).
   */
  throwState(node: TSESTree.Node, before: S): S;
  /**
   * Whether `node`, which the interpreter would treat as able to throw, really can.
   * Optional: everything that can throw in JavaScript does, by default.
   */
  mayThrow?(node: TSESTree.Node): boolean;
  /**
   * Narrows `state` by `test` having evaluated truthy (or falsy). `skipped` is the
   * branch not taken on this outcome, when the test guards one. Returns `null` when the
   * outcome is impossible in that state.
   */
  assume(test: TSESTree.Expression, truthy: boolean, state: S, skipped: TSESTree.Node | null): S | null;
  /** Narrows by `expr` being nullish (or not), for `?.` and `??`. `null` = impossible. */
  assumeNullish(expr: TSESTree.Expression, nullish: boolean, state: S, skipped: TSESTree.Node | null): S | null;
  /**
   * A path leaves `scope` (a block, loop head, `switch`, `catch` clause or the function
   * itself) with a completion of `kind`. Variables declared there die here.
   */
  leaveScope(scope: TSESTree.Node, path: Path<S>, kind: CompletionKind): S;
  /**
   * Whether nothing later in straight-line code (from `next`, the statement about to run, on;
   * `null` when unknown) can change `state` in a way the domain cares about, so the
   * interpreter may stop early. Optional; never settled by default.
   */
  isSettled?(state: S, next: TSESTree.Node | null): boolean;
  /**
   * Whether a path in `state` can be carried past `next` (a statement) and everything after
   * it in its list unchanged: nothing there can change the state or make the domain record
   * anything. Such paths skip the rest of the list, inside loops too (where isSettled, which
   * assumes no loop brings control back, is not asked). Must stay true for every later
   * statement once true. Optional; never by default.
   */
  isInert?(state: S, next: TSESTree.Node): boolean;
  /**
   * Whether nothing a path in `state` meets from here on can change it or matter to the
   * caller, so the interpreter drops the path (it is then missing from the exits too: only a
   * caller that reads nothing of a final path's exit may say so). Optional; never by default.
   */
  isFinal?(state: S): boolean;
  /**
   * Whether running the code at source `range` (a statement, or statements in sequence) from
   * `paths` gives the same completions and effects in this domain as in every other domain
   * that shares the same SharedRuns (the caller groups them), so a run recorded by one can be
   * replayed in another. Optional; with it, beginEffects, endEffects and replayEffects.
   */
  canShare?(range: TSESTree.Range, paths: readonly Path<S>[]): boolean;
  /** Starts recording what the domain records (leaks found, …); recordings nest. */
  beginEffects?(): void;
  /**
   * Ends the innermost recording: its effects, and whether the run read something of its
   * own domain that another does not share (then it is not kept).
   */
  endEffects?(): { readonly effects: readonly unknown[]; readonly shareable: boolean };
  /** Does again what a recorded run did (see endEffects). */
  replayEffects?(effects: readonly unknown[]): void;
}

/** A recorded run of one statement (see FlowDomain.canShare). */
export interface SharedRun<S> {
  readonly completions: Completions<S>;
  readonly effects: readonly unknown[];
}

/**
 * Runs of statements that domains which behave alike share, by statement, entry paths and
 * nesting: kept by the caller across the interpretations of those domains.
 */
export type SharedRuns<S> = Map<string, SharedRun<S>>;
