import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { isLoopNode } from './syntax.js';
import type { FunctionNode } from './types.js';

// Where an interpretation can start in the middle of a function: at the statement that holds
// a node of interest, going on from there with the rest of every enclosing statement list
// and construct (a `catch`, a `finally`, the next iterations of a loop) up to the function's
// end. Nothing before that statement runs, which is what keeps the cost of one site to the
// code it can reach instead of the whole function.

/**
 * The statement to start from (a statement of `block`'s list) for a run that must cover
 * `node`. The interpreter resumes from it (see Interpreter.resumeFrom).
 */
export interface Region {
  readonly block: TSESTree.BlockStatement;
  readonly statement: TSESTree.Statement;
}

/**
 * Whether the interpreter can go on from a completed `child` into its `parent`. A `finally`
 * block cannot be resumed from (the paths in it carry where they go on, which a run that
 * starts inside it does not know), nor a `switch` case (the cases after it run by
 * fall-through) or anything else rare: a run that needs one starts at the construct instead.
 */
function canResumeInto(child: TSESTree.Node, parent: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.LabeledStatement:
    case AST_NODE_TYPES.WithStatement:
    case AST_NODE_TYPES.CatchClause:
      return true;
    case AST_NODE_TYPES.TryStatement:
      return parent.finalizer !== child;
    default:
      return isLoopNode(parent) && parent.body === child;
  }
}

/**
 * The innermost statement of a block of `fn` that holds `node`, moved out of whatever the
 * interpreter cannot resume from (see canResumeInto); `null` when there is none (an
 * expression body, a node outside any block of `fn`).
 */
export function getResumePoint(fn: FunctionNode, node: TSESTree.Node): Region | null {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return null;
  }
  let target: TSESTree.Node = node;
  for (;;) {
    let statement: TSESTree.Node = target;
    while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement) {
      if (statement.parent === fn) {
        return null;
      }
      statement = statement.parent;
    }
    const block = statement.parent;
    if (!block) {
      return null;
    }
    let blocked: TSESTree.Node | null = null;
    for (let child: TSESTree.Node = block; child !== fn.body; ) {
      const parent: TSESTree.Node | undefined = child.parent;
      if (!parent || parent === fn) {
        return null;
      }
      if (!canResumeInto(child, parent)) {
        blocked = parent;
        break;
      }
      child = parent;
    }
    if (!blocked) {
      return { block, statement: statement as TSESTree.Statement };
    }
    target = blocked;
  }
}

/** Whether a loop lies between `node` and `fn`: control can come back to `node`. */
export function isInLoop(node: TSESTree.Node, fn: FunctionNode): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isLoopNode(current)) {
      return true;
    }
  }
  return false;
}

/** The labels written directly before `loop` (`outer: for (…)`). */
export function getLabels(loop: TSESTree.Node): string[] {
  const labels: string[] = [];
  for (let current = loop.parent; current?.type === AST_NODE_TYPES.LabeledStatement; current = current.parent) {
    labels.unshift(current.label.name);
  }
  return labels;
}
