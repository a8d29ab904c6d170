import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { contains } from '../flow/syntax.js';
import type { Leak } from '../lifetime/state.js';
import type { Site } from '../lifetime/site.js';
import { findStatementIndex, hasEscapeBeforeFinally, hasEscapeIn, hasJumpOut, isInStatements, isReadAfterRelease, nextStatement } from './escapes.js';
import { getHoisting } from './hoist.js';
import {
  collectUnawaitedReturns,
  getFinallyClauseDeletion,
  getRemovalUnit,
  getStatementDeletion,
  getUnwrap,
  getWayOut,
} from './statements.js';
import { chooseRelease, getSettles, isSameCall, type Settle } from './settles.js';
import { type Anchor, getAnchor, getErrorName, getRegionEnd, getRegionStart, isWrittenAfter } from './region.js';
import { copyIndented, type Edit, getLineStart, getOwnLineIndent, indentLines } from './text.js';

/**
 * The wrapping fixes: the statements after an acquisition put in a new `try`, with
 * - `finally`: the release once in `finally`, every release of the region removed;
 * - `catch`: the release in `catch`, then rethrow — for a resource the function hands on
 *   (returns, stores), which a `finally` would release under its new owner;
 * - `rollback`: a transaction's rollback in `catch`, then rethrow, its commits kept in the
 *   `try` (a `finally` cannot choose between commit and rollback).
 */
export type WrapMode = 'catch' | 'finally' | 'rollback';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** A planned fix: its edits of the original text. */
export interface WrapPlan {
  readonly edits: readonly Edit[];
  /** The settling call the fix writes (`client.release()`, `await trx.rollback()`). */
  readonly call: string;
}

/** Drops the indent inserts that fall on lines an edit deletes. */
function dropIndentsInDeletions(indents: readonly Edit[], deletions: readonly Edit[]): Edit[] {
  return indents.filter((insert) => !deletions.some((deletion) => deletion.start <= insert.start && insert.start < deletion.end));
}

/**
 * Plans the fix of one mode, or `null` where it would not be mechanical. `rollbackCall` is
 * the transaction's rollback (`.rollback()`), for `rollback` mode; `leaks`, for `catch`
 * mode, the leaks the new `catch` must cover.
 */
export function planWrap(
  site: Site,
  sourceCode: SourceCode,
  mode: WrapMode,
  rollbackCall: string | null = null,
  leaks: readonly Leak[] = [],
): WrapPlan | null {
  const anchor = getAnchor(site, sourceCode);
  if (!anchor || isWrittenAfter(site, anchor.statement)) {
    return null;
  }
  const settles = getSettles(sourceCode, site);
  if (!settles || settles.some((settle) => !isInStatements(anchor.rest, settle.statement))) {
    return null;
  }
  const choice = mode === 'rollback' ? null : chooseRelease(site, sourceCode, settles);
  if (mode === 'rollback' ? !site.releaseCall.startsWith('.') || !site.fixHints.releaseIsOwn : choice === null) {
    return null;
  }
  if (mode === 'rollback' && rollbackCall !== null) {
    const added = planCatchClause(site, sourceCode, anchor, settles, rollbackCall);
    if (added) {
      return added;
    }
  }
  const { rest, indent, unit, eol } = anchor;
  const lastHolding = settles.reduce((last, settle) => Math.max(last, findStatementIndex(rest, settle.statement)), -1);
  let region: TSESTree.Statement[];
  if (mode === 'catch') {
    // Up to a final `return client;`, which stays after the `try`.
    const last = rest.at(-1);
    const keepsLast = last?.type === AST_NODE_TYPES.ReturnStatement && last.argument?.type === AST_NODE_TYPES.Identifier;
    region = rest.slice(0, Math.max(keepsLast ? rest.length - 1 : rest.length, lastHolding + 1));
  } else if (mode === 'rollback') {
    // Every way out of the wrapped code must commit (its last statement) or throw (into
    // the new `catch`): a `return` or `break` in it would leave the transaction open.
    // The wrapped code ends at the first commit written as a statement of its own; what
    // follows (`session.endSession()`) runs after the `try`, as before.
    const end = rest.findIndex((statement) => settles.some((settle) => settle.statement === statement && settle.suffix !== rollbackCall));
    if (end < 0 || rest.slice(0, end + 1).some((statement) => hasJumpOut(statement))) {
      return null;
    }
    region = rest.slice(0, end + 1);
  } else {
    region = lastHolding < 0 ? [...rest] : rest.slice(0, lastHolding + 1);
  }
  const first = region[0];
  const last = region.at(-1);
  if (!first || !last) {
    return null;
  }
  if (mode === 'catch' && leaks.some((leak) => !isInStatements(region, leak.at))) {
    // A throw after the wrapped code (`try { c = …; } finally {} throw …; return c;`)
    // never reaches the new `catch`: the fix would leave that leak.
    return null;
  }
  if (mode !== 'rollback' && isReadAfterRelease(site, region, mode === 'catch')) {
    return null;
  }
  const start = getRegionStart(sourceCode, anchor, first);
  const end = getRegionEnd(sourceCode, last);
  if (start === null || end === null) {
    return null;
  }
  const release = choice?.text ?? '';
  const releaseKey = choice?.key ?? site.releaseCall;
  const rollback = rollbackCall === null ? null : `${site.fn.async ? 'await ' : ''}${site.name}${rollbackCall}`;
  const deletions: Edit[] = [];
  const carried: string[] = [];
  const trailing: string[] = [];
  const removedClauses = new Set<TSESTree.Node>();
  const removed = new Set<TSESTree.Node>();
  for (const settle of settles) {
    if (!isInStatements(region, settle.statement)) {
      // After the wrapped code (`session.endSession()` after the commit): left as it is.
      continue;
    }
    let remove: boolean;
    if (mode === 'finally') {
      if (!isSameCall(settle, releaseKey)) {
        return null;
      }
      remove = true;
    } else {
      const way = getWayOut(settle.statement, region);
      const isRollback = rollbackCall !== null && isSameCall(settle, rollbackCall);
      const isRelease = mode === 'catch' && isSameCall(settle, releaseKey);
      const next = nextStatement(settle.statement);
      // A release or rollback right before a `throw` is what the new `catch` does.
      if ((isRollback || isRelease) && next?.type === AST_NODE_TYPES.ThrowStatement) {
        remove = true;
      } else if (way === 'end' || way === 'return') {
        remove = false;
      } else {
        return null;
      }
    }
    if (!remove) {
      continue;
    }
    const unit = getRemovalUnit(settle.statement);
    if (!unit) {
      return null;
    }
    if (unit.clause) {
      const deletion = getFinallyClauseDeletion(unit.clause);
      if (!deletion || removedClauses.has(unit.clause)) {
        return null;
      }
      removedClauses.add(unit.clause);
      deletions.push(deletion);
      continue;
    }
    const deletion = getStatementDeletion(sourceCode, unit.node);
    if (!deletion) {
      return null;
    }
    removed.add(unit.node);
    deletions.push(deletion.edit);
    carried.push(...deletion.comments.filter((comment) => !carried.includes(comment)));
    trailing.push(...deletion.trailing.filter((comment) => !trailing.includes(comment)));
  }
  if (mode === 'finally' && hasEscapeIn(site, region)) {
    return null;
  }
  if (mode === 'catch' && hasEscapeBeforeFinally(site)) {
    // `try { return client; } finally { await audit(); }`: the analysis takes the return
    // as the hand-off, and would still report the fixed code.
    return null;
  }
  // A region that held nothing but releases has nothing to protect.
  if (region.every((statement) => removed.has(statement))) {
    return null;
  }
  // `try { … } catch (e) { throw e; }`, left by removing the release in its `catch`, goes too.
  const kept: (readonly [number, number])[] = [];
  for (const statement of region) {
    const unwrap = getUnwrap(sourceCode, statement, removed, site.fn);
    if (!unwrap) {
      continue;
    }
    const catchDeletion = unwrap.edits.at(-1);
    if (!catchDeletion) {
      continue;
    }
    for (let index = deletions.length - 1; index >= 0; index -= 1) {
      const deletion = deletions[index];
      if (deletion && deletion.start >= catchDeletion.start && deletion.end <= catchDeletion.end) {
        deletions.splice(index, 1);
      }
    }
    deletions.push(...unwrap.edits);
    kept.push(unwrap.keep);
  }
  const returns = collectUnawaitedReturns(region);
  if (returns.length > 0 && !site.fn.async) {
    return null;
  }
  const hoisting = getHoisting(sourceCode, region, start, end);
  if (!hoisting) {
    return null;
  }
  const { text } = sourceCode;
  const lineStart = getLineStart(text, start);
  const opening = [
    ...(hoisting.declarations.length > 0 ? [`${indent}let ${hoisting.declarations.join(', ')};${eol}`] : []),
    `${indent}try {${eol}`,
  ].join('');
  const inner = `${indent}${unit}`;
  const commentLines = carried.map((comment) => `${inner}${comment}${eol}`).join('');
  const after = trailing.map((comment) => ` ${comment}`).join('');
  let closing: string;
  let call: string;
  if (mode === 'finally') {
    call = release;
    closing = `${eol}${indent}} finally {${eol}${commentLines}${inner}${release};${after}${eol}${indent}}`;
  } else {
    const settleCall = mode === 'rollback' ? rollback : release;
    if (settleCall === null) {
      return null;
    }
    call = settleCall;
    const error = getErrorName(sourceCode, site.fn);
    closing = `${eol}${indent}} catch (${error}) {${eol}${commentLines}${inner}${settleCall};${after}${eol}${inner}throw ${error};${eol}${indent}}`;
  }
  const indents = dropIndentsInDeletions(indentLines(sourceCode, start, end, unit), deletions).filter(
    (insert) => !kept.some(([from, to]) => from < insert.start && insert.start < to),
  );
  // When the region's last lines are deleted (a release at the end), the closing goes
  // where they started, as lines of its own.
  let closeAt = end;
  for (let moved = true; moved; ) {
    moved = false;
    for (const deletion of deletions) {
      if (deletion.start < closeAt && closeAt <= deletion.end) {
        closeAt = deletion.start;
        moved = true;
      }
    }
  }
  const atLineStart = closeAt !== end && closeAt === getLineStart(text, closeAt);
  const edits: Edit[] = [
    { start: lineStart, end: lineStart, text: opening },
    ...indents,
    ...deletions,
    ...hoisting.edits,
    ...returns.map((argument) => ({ start: argument.range[0], end: argument.range[0], text: 'await ' })),
    { start: closeAt, end: closeAt, text: atLineStart ? `${closing.slice(eol.length)}${eol}` : closing },
  ];
  return { edits, call };
}

/**
 * The move of the statements between an acquisition and a `try { … } finally { release }`
 * (without `catch`) that follows them into that `try`: the shape where a query between
 * `connect()` and the `try` is the only unprotected call.
 */
export function planMoveIntoTry(site: Site, sourceCode: SourceCode): WrapPlan | null {
  const anchor = getAnchor(site, sourceCode);
  if (!anchor || isWrittenAfter(site, anchor.statement)) {
    return null;
  }
  const settles = getSettles(sourceCode, site);
  const index = anchor.rest.findIndex((statement) => statement.type === AST_NODE_TYPES.TryStatement && statement.finalizer !== null && statement.handler === null);
  const target = anchor.rest[index];
  if (!settles || settles.length !== 1 || index < 1 || target?.type !== AST_NODE_TYPES.TryStatement || !target.finalizer) {
    return null;
  }
  const [settle] = settles;
  if (!settle || target.finalizer.body.length !== 1 || target.finalizer.body[0] !== settle.statement) {
    return null;
  }
  const moved = anchor.rest.slice(0, index);
  const first = moved[0];
  const last = moved.at(-1);
  const [firstInTry] = target.block.body;
  if (!first || !last || !firstInTry || hasEscapeIn(site, moved)) {
    return null;
  }
  const start = getRegionStart(sourceCode, anchor, first);
  const end = getRegionEnd(sourceCode, last);
  const tryIndent = getOwnLineIndent(sourceCode.text, target);
  const intoStart = getRegionStart(sourceCode, { ...anchor, statement: target }, firstInTry);
  if (start === null || end === null || tryIndent === null || intoStart === null) {
    return null;
  }
  if (!sourceCode.text.slice(target.block.range[0] + 1, intoStart).includes('\n') && !sourceCode.text.slice(target.block.range[0] + 1, intoStart).includes('\r')) {
    return null;
  }
  if (collectUnawaitedReturns(moved).length > 0) {
    return null;
  }
  // Names the moved statements declare stay visible in the `try` block; only uses after it need hoisting.
  const hoisting = getHoisting(sourceCode, moved, start, target.block.range[1]);
  if (!hoisting) {
    return null;
  }
  const { text } = sourceCode;
  const lineStart = getLineStart(text, start);
  const targetLineStart = getLineStart(text, target.range[0]);
  const movedText = applyHoisting(sourceCode, start, end, anchor.unit, hoisting.edits);
  const intoLineStart = getLineStart(text, intoStart);
  const edits: Edit[] = [
    { start: lineStart, end: targetLineStart, text: hoisting.declarations.length > 0 ? `${anchor.indent}let ${hoisting.declarations.join(', ')};${anchor.eol}` : '' },
    { start: intoLineStart, end: intoLineStart, text: `${anchor.indent}${anchor.unit}${movedText}${anchor.eol}` },
  ];
  return { edits, call: settle.via ? sourceCode.getText(settle.call) : `${site.name}${site.releaseCall}` };
}

/** The text of `[start, end)` indented one unit deeper, with the hoisting's edits applied. */
function applyHoisting(sourceCode: SourceCode, start: number, end: number, unit: string, edits: readonly Edit[]): string {
  if (edits.length === 0) {
    return copyIndented(sourceCode, start, end, unit);
  }
  // Apply the hoisting edits to a copy, then indent the copy's later lines the same way.
  const lines = indentLines(sourceCode, start, end, unit).filter((edit) => edit.start > start);
  const all = [...lines, ...edits].map((edit) => ({ ...edit, start: edit.start - start, end: edit.end - start }));
  const slice = sourceCode.text.slice(start, end);
  const sorted = [...all].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let position = 0;
  for (const edit of sorted) {
    result += slice.slice(position, edit.start) + edit.text;
    position = Math.max(position, edit.end);
  }
  return result + slice.slice(position);
}

/**
 * `begin; try { …; commit } finally { release }`: the `catch` that rolls back goes into
 * the existing `try`, between its block and its `finally`. The `try` must come right after
 * the begin, end with the commit, and have no other way out.
 */
function planCatchClause(site: Site, sourceCode: SourceCode, anchor: Anchor, settles: readonly Settle[], rollbackCall: string): WrapPlan | null {
  const [target] = anchor.rest;
  if (target?.type !== AST_NODE_TYPES.TryStatement || target.handler || !target.finalizer) {
    return null;
  }
  const commit = target.block.body.at(-1);
  const settle = settles.find((candidate) => candidate.statement === commit);
  if (!settle || settle.suffix === rollbackCall || settles.some((other) => other !== settle && contains(target.block, other.statement))) {
    return null;
  }
  if (target.block.body.some((statement) => hasJumpOut(statement))) {
    return null;
  }
  const indent = getOwnLineIndent(sourceCode.text, target);
  const closing = sourceCode.getLastToken(target.block);
  if (indent === null || !closing || getOwnLineIndent(sourceCode.text, closing as unknown as TSESTree.Node) === null) {
    return null;
  }
  const { eol, unit } = anchor;
  const error = getErrorName(sourceCode, site.fn);
  const call = `${site.fn.async ? 'await ' : ''}${site.name}${rollbackCall}`;
  const inner = `${indent}${unit}`;
  const at = target.block.range[1];
  return {
    edits: [{ start: at, end: at, text: ` catch (${error}) {${eol}${inner}${call};${eol}${inner}throw ${error};${eol}${indent}}` }],
    call,
  };
}
