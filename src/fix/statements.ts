import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getPropertyName, isFunctionNode } from '../flow/syntax.js';
import { skipAwaitAndWrappers, skipTransparentWrappers } from '../util/wrappers.js';
import { type Edit, getLineEnd, getLineStart, getOwnLineIndent, isBlank, skipLineBreak } from './text.js';
import type { Site } from '../lifetime/site.js';

/**
 * What the fixes need to know about the statements they move, remove or keep: which
 * statement a release call is, what may run after it, which declarations must be hoisted,
 * and how to delete a statement together with its comments.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The statement directly in a block that holds `node`, through declarations, `await` and type wrappers. */
export function getStatementInBlock(
  node: TSESTree.Node,
): { statement: TSESTree.Statement; block: TSESTree.BlockStatement } | null {
  let current: TSESTree.Node = node;
  while (current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.BlockStatement) {
      return { statement: current as TSESTree.Statement, block: parent };
    }
    switch (parent.type) {
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init !== current) {
          return null;
        }
        break;
      case AST_NODE_TYPES.VariableDeclaration:
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.ExpressionStatement:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
        break;
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.right !== current || parent.parent.type !== AST_NODE_TYPES.ExpressionStatement) {
          return null;
        }
        break;
      default:
        return null;
    }
    current = parent;
  }
  return null;
}

/** The call an expression statement makes, through `await`, `void`, `?.` and type wrappers. */
export function getStatementCall(statement: TSESTree.Node): TSESTree.CallExpression | null {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) {
    return null;
  }
  const expression = skipAwaitAndWrappers(statement.expression);
  return expression.type === AST_NODE_TYPES.CallExpression ? expression : null;
}

/** `name.method(…)` of a call: the receiver's name and the method, or `null`. */
export function getMethodCall(call: TSESTree.CallExpression): { receiver: string; method: string } | null {
  const callee = skipTransparentWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) {
    return null;
  }
  const object = skipTransparentWrappers(callee.object);
  const method = getPropertyName(callee);
  return object.type === AST_NODE_TYPES.Identifier && method !== null ? { receiver: object.name, method } : null;
}

/** Whether `node` lies inside a function nested in `fn`. */
export function isInNestedFunction(node: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isFunctionNode(current)) {
      return true;
    }
  }
  return false;
}

/**
 * Whether evaluating `node` can neither throw nor have effects: names, literals, member
 * reads, and operators over them (a getter that throws is not worth giving up for).
 */
export function isInert(node: TSESTree.Node | null | undefined): boolean {
  if (!node) {
    return true;
  }
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.ThisExpression:
      return true;
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.every(isInert);
    case AST_NODE_TYPES.MemberExpression:
      return isInert(node.object) && (!node.computed || isInert(node.property));
    case AST_NODE_TYPES.ChainExpression:
      return isInert(node.expression);
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator !== 'delete' && isInert(node.argument);
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.BinaryExpression:
      return node.left.type !== AST_NODE_TYPES.PrivateIdentifier && isInert(node.left) && isInert(node.right);
    case AST_NODE_TYPES.ConditionalExpression:
      return isInert(node.test) && isInert(node.consequent) && isInert(node.alternate);
    case AST_NODE_TYPES.ObjectExpression:
      return node.properties.every(
        (property) => property.type === AST_NODE_TYPES.Property && !property.computed && isInert(property.value as TSESTree.Node),
      );
    case AST_NODE_TYPES.ArrayExpression:
      return node.elements.every((element) => element === null || isInert(element));
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
      return isInert(node.expression);
    default:
      return false;
  }
}

/** A `return` of an inert value (or none), or a `throw`: leaves at once, with no call in between. */
function getPlainExit(statement: TSESTree.Statement | undefined): 'return' | 'throw' | null {
  if (statement?.type === AST_NODE_TYPES.ReturnStatement && isInert(statement.argument)) {
    return 'return';
  }
  if (
    statement?.type === AST_NODE_TYPES.ThrowStatement &&
    (isInert(statement.argument) ||
      (statement.argument.type === AST_NODE_TYPES.NewExpression && statement.argument.arguments.every((argument) => isInert(argument))))
  ) {
    return 'throw';
  }
  return null;
}

/**
 * How control leaves the wrapped region after `statement` without running anything that
 * can throw: `return` or `throw` when a plain one follows it in its block, `end` when it
 * is the last thing the region runs (last in its block, up through `if`s and blocks to the
 * region's last statement), else `null` (more work follows, which a `catch` around the
 * region would answer with a second release).
 */
export function getWayOut(statement: TSESTree.Statement, region: readonly TSESTree.Statement[]): 'end' | 'return' | 'throw' | null {
  let current: TSESTree.Node = statement;
  for (;;) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.SwitchCase) {
      const list: readonly TSESTree.Statement[] =
        parent.type === AST_NODE_TYPES.BlockStatement ? parent.body : parent.consequent;
      const next = list[list.indexOf(current as TSESTree.Statement) + 1];
      if (region.includes(current as TSESTree.Statement)) {
        return next === undefined || !region.includes(next) ? 'end' : getPlainExit(next);
      }
      if (next) {
        return getPlainExit(next);
      }
      if (parent.type === AST_NODE_TYPES.SwitchCase) {
        return null;
      }
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.IfStatement && (parent.test as TSESTree.Node) !== current) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.LabeledStatement) {
      current = parent;
      continue;
    }
    return null;
  }
}

/**
 * The deletion of a statement: its whole line (and the comments on their own lines right
 * above it) when it stands alone on its line, else just its text and the blanks after it.
 * `comments` (on the lines above) and `trailing` (after it on its line) are the comment
 * texts it carried, for the fix to keep beside the statement it moves.
 */
export function getStatementDeletion(
  sourceCode: SourceCode,
  statement: TSESTree.Node,
): { edit: Edit; comments: string[]; trailing: string[] } | null {
  const { text } = sourceCode;
  const before = sourceCode.getTokenBefore(statement, { includeComments: false });
  const leading = sourceCode
    .getCommentsBefore(statement)
    .filter((comment) => (before === null || comment.loc.start.line > before.loc.end.line) && getOwnLineIndent(text, comment) !== null);
  const after = sourceCode.getTokenAfter(statement, { includeComments: false });
  const trailing = sourceCode
    .getCommentsAfter(statement)
    .filter((comment) => comment.loc.start.line === statement.loc.end.line && (after === null || comment.range[1] <= after.range[0]));
  const lastOnLine = trailing.at(-1) ?? statement;
  const lineEnd = getLineEnd(text, lastOnLine.range[1]);
  const ownLine = getOwnLineIndent(text, statement) !== null && isBlank(text, lastOnLine.range[1], lineEnd);
  if (ownLine) {
    // Leading comments are taken only when nothing but blank lines and comments separates
    // them from the statement (a comment above a blank line is about the code block).
    let first: TSESTree.Node | TSESTree.Comment = statement;
    for (const comment of [...leading].reverse()) {
      const between = text.slice(comment.range[1], first.range[0]);
      if (/(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)/.test(between)) {
        break;
      }
      first = comment;
    }
    const firstComment = leading.findIndex((comment) => comment === first);
    const moved = firstComment < 0 ? [] : leading.slice(firstComment);
    const start = getLineStart(text, first.range[0]);
    const end = skipLineBreak(text, lineEnd);
    return {
      edit: { start, end, text: '' },
      comments: moved.map((comment) => sourceCode.getText(comment as unknown as TSESTree.Node)),
      trailing: trailing.map((comment) => sourceCode.getText(comment as unknown as TSESTree.Node)),
    };
  }
  if (trailing.length > 0 || leading.some((comment) => comment.loc.end.line === statement.loc.start.line)) {
    return null;
  }
  let end = statement.range[1];
  while (text[end] === ' ' || text[end] === '\t') {
    end += 1;
  }
  return { edit: { start: statement.range[0], end, text: '' }, comments: [], trailing: [] };
}

/** Whether `node` is an `if` with no `else` and an inert test, whose body does nothing but `inner`. */
function isGuardOf(node: TSESTree.Node, inner: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.IfStatement || node.alternate !== null || !isInert(node.test)) {
    return false;
  }
  const body = node.consequent;
  return body === inner || (body.type === AST_NODE_TYPES.BlockStatement && body.body.length === 1 && body.body[0] === inner);
}

/**
 * What to delete to remove a release statement without leaving a husk: the statement,
 * or the `if (client) { … }` guarding only it, or the `finally { … }` clause holding only
 * it (of a `try` that keeps its `catch`). `null` when the statement cannot go alone (the
 * body of an `if` with an `else`, a `finally` of a `try` without `catch`).
 */
export function getRemovalUnit(statement: TSESTree.Statement): { node: TSESTree.Node; clause: TSESTree.TryStatement | null } | null {
  let unit: TSESTree.Node = statement;
  for (;;) {
    const parent: TSESTree.Node | undefined = unit.parent;
    if (!parent) {
      return null;
    }
    if (isGuardOf(parent, unit)) {
      unit = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.BlockStatement && isGuardOf(parent.parent, unit)) {
      unit = parent.parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.BlockStatement) {
      const owner = parent.parent;
      if (owner.type === AST_NODE_TYPES.TryStatement && owner.finalizer === parent && parent.body.length === 1) {
        return owner.handler ? { node: parent, clause: owner } : null;
      }
      return { node: unit, clause: null };
    }
    return null;
  }
}

/** Deletes a `finally { … }` clause: from the end of the `catch` block to the end of the `finally` block. */
export function getFinallyClauseDeletion(statement: TSESTree.TryStatement): Edit | null {
  const { handler, finalizer } = statement;
  if (!handler || !finalizer) {
    return null;
  }
  return { start: handler.range[1], end: finalizer.range[1], text: '' };
}

/** Arguments of `return` statements under `nodes` (outside nested functions) that are unawaited calls. */
export function collectUnawaitedReturns(nodes: readonly TSESTree.Node[]): TSESTree.Expression[] {
  const found: TSESTree.Expression[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassBody) {
      return;
    }
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) {
      const argument = skipTransparentWrappers(node.argument);
      if (argument.type === AST_NODE_TYPES.CallExpression || argument.type === AST_NODE_TYPES.ChainExpression) {
        found.push(node.argument);
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') {
        continue;
      }
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as TSESTree.Node).type === 'string') {
          visit(child as TSESTree.Node);
        }
      }
    }
  };
  for (const node of nodes) {
    visit(node);
  }
  return found;
}

/**
 * Unwrapping a `try { … } catch (e) { throw e; }` that is left once the fix removes the
 * release before its `throw`: the `try` line and the `catch` lines go, and the block's
 * lines keep their indentation (one deeper than the `try`, as the new `try` wants them).
 * `null` when the `catch` does more, the `try` has a `finally`, the layout is not one
 * statement per line, a comment would be lost, or a name the block declares is used
 * elsewhere in the function (unwrapped, the declaration could capture it).
 */
export function getUnwrap(
  sourceCode: SourceCode,
  statement: TSESTree.Statement,
  removed: ReadonlySet<TSESTree.Node>,
  fn: TSESTree.Node,
): { edits: Edit[]; keep: readonly [number, number] } | null {
  if (statement.type !== AST_NODE_TYPES.TryStatement || !statement.handler) {
    return null;
  }
  const { block, handler } = statement;
  const param = handler.param;
  const left = handler.body.body.filter((inner) => !removed.has(inner));
  const [only] = left;
  if (
    param?.type !== AST_NODE_TYPES.Identifier ||
    left.length !== 1 ||
    only?.type !== AST_NODE_TYPES.ThrowStatement ||
    only.argument.type !== AST_NODE_TYPES.Identifier ||
    only.argument.name !== param.name ||
    handler.body.body.length === left.length
  ) {
    return null;
  }
  const { text } = sourceCode;
  const openEnd = getLineEnd(text, block.range[0]);
  const closeStart = getLineStart(text, block.range[1] - 1);
  const handlerEnd = getLineEnd(text, handler.range[1]);
  if (
    getOwnLineIndent(text, statement) === null ||
    !isBlank(text, block.range[0] + 1, openEnd) ||
    !isBlank(text, closeStart, block.range[1] - 1) ||
    !isBlank(text, handler.range[1], handlerEnd)
  ) {
    return null;
  }
  if (statement.finalizer) {
    // `try { … } catch (e) { throw e; } finally { … }`: only the `catch` goes.
    return hasOtherComments(sourceCode, [block.range[1], handler.range[1]], removed)
      ? null
      : { edits: [{ start: block.range[1], end: handler.range[1], text: '' }], keep: [0, 0] };
  }
  if (hasOtherComments(sourceCode, [block.range[1], handler.range[1]], removed)) {
    return null;
  }
  const fnText = sourceCode.getText(fn);
  const outside = fnText.slice(0, block.range[0] - fn.range[0]) + fnText.slice(block.range[1] - fn.range[0]);
  for (const inner of block.body) {
    const declared =
      inner.type === AST_NODE_TYPES.VariableDeclaration || inner.type === AST_NODE_TYPES.FunctionDeclaration || inner.type === AST_NODE_TYPES.ClassDeclaration
        ? (sourceCode.scopeManager?.getDeclaredVariables(inner) ?? [])
        : [];
    if (declared.some((variable) => new RegExp(`(?<![\\w$])${variable.name.replace(/\$/g, '\\$')}(?![\\w$])`).test(outside))) {
      return null;
    }
  }
  return {
    edits: [
      { start: getLineStart(text, statement.range[0]), end: skipLineBreak(text, openEnd), text: '' },
      { start: closeStart, end: skipLineBreak(text, handlerEnd), text: '' },
    ],
    keep: [block.range[0], block.range[1]],
  };
}

/** Whether comments lie in `range` other than those around the removed statements (which the fix carries). */
function hasOtherComments(sourceCode: SourceCode, range: readonly [number, number], removed: ReadonlySet<TSESTree.Node>): boolean {
  const carried = new Set<TSESTree.Comment>();
  for (const node of removed) {
    for (const comment of [...sourceCode.getCommentsBefore(node), ...sourceCode.getCommentsAfter(node)]) {
      carried.add(comment);
    }
  }
  return sourceCode
    .getAllComments()
    .some((comment) => comment.range[0] >= range[0] && comment.range[1] <= range[1] && !carried.has(comment));
}

/**
 * The release a fix writes in `finally`: awaited where the release is async and the
 * function can wait. A release that may be missing (an iterator's `return`) is called as
 * `?.()` (an array's iterator has no `return`, and a plain call would throw there), awaited
 * for an async iterator as `for await` does: not waiting would leave its cleanup running
 * past the function, its failure an unhandled rejection.
 */
export function getReleaseText(site: Site): string {
  const optional = site.fixHints.releaseOptional;
  const awaited = site.fn.async && (site.releaseIsAsync || (optional && isAsyncIteratorCall(site.value)));
  const call = optional ? site.releaseCall.replace(/\(\)$/, '?.()') : site.releaseCall;
  return `${awaited ? 'await ' : ''}${site.name}${call}`;
}

/** Whether `node` is `x[Symbol.asyncIterator]()`. */
function isAsyncIteratorCall(node: TSESTree.Node | null): boolean {
  const call = node ? skipTransparentWrappers(node) : null;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression || !call.callee.computed) {
    return false;
  }
  const key = call.callee.property;
  return (
    key.type === AST_NODE_TYPES.MemberExpression &&
    key.object.type === AST_NODE_TYPES.Identifier &&
    key.object.name === 'Symbol' &&
    getPropertyName(key) === 'asyncIterator'
  );
}
