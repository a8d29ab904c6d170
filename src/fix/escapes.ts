import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { contains, isFunctionNode, isLoopNode } from '../flow/syntax.js';
import type { Site } from '../lifetime/site.js';
import { isTransparentWrapper } from '../util/wrappers.js';

/**
 * How control and the resource leave the code a fix wraps: the holder handed on
 * (returned, stored, yielded), and `return` / `break` / `continue` out of a statement.
 * A fix that adds a `catch` must know both: a hand-off means the caller releases on
 * success, a jump out means the wrapped code can end without settling.
 */

/** The statement after `statement` in its block, if any. */
export function nextStatement(statement: TSESTree.Statement): TSESTree.Statement | undefined {
  const parent = statement.parent;
  if (parent.type !== AST_NODE_TYPES.BlockStatement) {
    return undefined;
  }
  return parent.body[parent.body.indexOf(statement) + 1];
}

/**
 * The index of the statement of `statements` that contains `node`, or -1. `statements` are
 * disjoint and in source order (a run of one block's statements, as a fix's region is), so
 * a binary search finds it: checking every reference of a holder, every settle or every
 * leak against a region of n statements costs n log n, not n².
 */
export function findStatementIndex(statements: readonly TSESTree.Node[], node: TSESTree.Node): number {
  let low = 0;
  let high = statements.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const statement = statements[middle];
    if (!statement) {
      return -1;
    }
    if (node.range[1] <= statement.range[0]) {
      high = middle - 1;
    } else if (node.range[0] >= statement.range[1]) {
      low = middle + 1;
    } else {
      return contains(statement, node) ? middle : -1;
    }
  }
  return -1;
}

/** Whether one of `statements` (disjoint, in source order) contains `node`. */
export function isInStatements(statements: readonly TSESTree.Node[], node: TSESTree.Node): boolean {
  return findStatementIndex(statements, node) >= 0;
}

/** Whether a reference to the holder in `node` hands the resource on (returned, stored, yielded). */
export function hasEscape(site: Site, node: TSESTree.Node): boolean {
  return hasEscapeIn(site, [node]);
}

/** Whether a reference to the holder in one of `statements` (disjoint, in source order) hands the resource on. */
export function hasEscapeIn(site: Site, statements: readonly TSESTree.Node[]): boolean {
  if (statements.length === 0) {
    return false;
  }
  if (site.destination.kind !== 'variable') {
    return true;
  }
  return site.destination.variable.references.some((reference) => {
    const identifier = reference.identifier as TSESTree.Node;
    return isInStatements(statements, identifier) && isEscape(identifier);
  });
}

/** Whether the holder is handed on inside a `try` block whose `finally` runs code after it. */
export function hasEscapeBeforeFinally(site: Site): boolean {
  if (site.destination.kind !== 'variable') {
    return false;
  }
  return site.destination.variable.references.some((reference) => {
    const identifier = reference.identifier as TSESTree.Node;
    if (!isEscape(identifier)) {
      return false;
    }
    for (let current: TSESTree.Node = identifier; current !== site.fn; current = current.parent) {
      const parent = current.parent;
      if (!parent) {
        return false;
      }
      if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === current && parent.finalizer) {
        return true;
      }
    }
    return false;
  });
}

/**
 * Whether a value reference hands the value on: returned, yielded, the body of an arrow,
 * stored (assigned, copied into another variable), given to `new` — directly or inside an
 * object or array literal that is. An object literal passed to a call (`{ session }`) is a
 * use: the analysis reads it so too.
 */
export function isEscape(identifier: TSESTree.Node): boolean {
  let node = identifier;
  let parent = node.parent;
  while (
    (parent?.type === AST_NODE_TYPES.Property && parent.value === node && parent.parent.type === AST_NODE_TYPES.ObjectExpression) ||
    parent?.type === AST_NODE_TYPES.ArrayExpression ||
    (parent !== undefined && isTransparentWrapper(parent)) ||
    parent?.type === AST_NODE_TYPES.AwaitExpression
  ) {
    node = parent.type === AST_NODE_TYPES.Property ? parent.parent : parent;
    parent = node.parent;
  }
  switch (parent?.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.YieldExpression:
      return true;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === node;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === node;
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === node;
    case AST_NODE_TYPES.NewExpression:
      return parent.arguments.includes(node as TSESTree.Expression);
    default:
      return false;
  }
}

/**
 * Whether control can leave `statement` other than by completing or throwing: a `return`,
 * or a `break`/`continue` whose target lies outside it (nested functions aside).
 */
export function hasJumpOut(statement: TSESTree.Statement): boolean {
  let found = false;
  const visit = (node: TSESTree.Node, loops: number, switches: number, labels: readonly string[]): void => {
    if (found || isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassBody) {
      return;
    }
    switch (node.type) {
      case AST_NODE_TYPES.ReturnStatement:
        found = true;
        return;
      case AST_NODE_TYPES.BreakStatement:
        found = node.label ? !labels.includes(node.label.name) : loops + switches === 0;
        return;
      case AST_NODE_TYPES.ContinueStatement:
        found = node.label ? !labels.includes(node.label.name) : loops === 0;
        return;
      default:
        break;
    }
    const isLoop = isLoopNode(node);
    const nextLabels = node.type === AST_NODE_TYPES.LabeledStatement ? [...labels, node.label.name] : labels;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') {
        continue;
      }
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as TSESTree.Node).type === 'string') {
          visit(child as TSESTree.Node, loops + (isLoop ? 1 : 0), switches + (node.type === AST_NODE_TYPES.SwitchStatement ? 1 : 0), nextLabels);
        }
      }
    }
  };
  visit(statement, 0, 0, []);
  return found;
}

/**
 * Whether the holder is read where a release the fix adds may already have run. With the
 * release in `finally` (`inCatch` false), that is any read after the wrapped statements,
 * in a `catch` around them, or before them in a loop around them. With the release in a `catch` that
 * rethrows, reads after the wrapped statements in their own block run only on success (or
 * after a new acquisition), but any other read outside them may follow the release.
 */
export function isReadAfterRelease(site: Site, region: readonly TSESTree.Statement[], inCatch: boolean): boolean {
  const first = region[0];
  const last = region.at(-1);
  if (site.destination.kind !== 'variable' || !first || !last) {
    return false;
  }
  return site.destination.variable.references.some((reference) => {
    const identifier = reference.identifier as TSESTree.Node;
    if (!reference.isRead() || isInStatements(region, identifier)) {
      return false;
    }
    if (identifier.range[1] <= first.range[0]) {
      // Before the wrapped code (`await client.connect()`): only a loop around both runs it after.
      return hasLoopAround(identifier, first, site.fn);
    }
    const afterInBlock = contains(first.parent, identifier) && identifier.range[0] >= last.range[1];
    return !(inCatch && afterInBlock);
  });
}

/** Whether a loop inside `fn` holds both `a` and `b`. */
function hasLoopAround(a: TSESTree.Node, b: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = a.parent; current && current !== fn; current = current.parent) {
    if (isLoopNode(current) && contains(current, b)) {
      return true;
    }
  }
  return false;
}
