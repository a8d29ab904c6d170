import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { Site } from '../lifetime/site.js';
import { getStatementInBlock } from './statements.js';
import { getIndentUnit, getLineBreak, getLineEnd, getLineStart, getOwnLineIndent, isBlank } from './text.js';

/**
 * The region a wrapping fix works on: the statements after the acquisition in its block,
 * how that block is written (indentation, line breaks), and where the region's text starts
 * and ends with the comments that belong to it.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Where the acquisition sits and how the block around it is written. */
export interface Anchor {
  readonly statement: TSESTree.Statement;
  readonly block: TSESTree.BlockStatement;
  readonly rest: readonly TSESTree.Statement[];
  readonly indent: string;
  readonly unit: string;
  readonly eol: string;
}

/** The acquisition statement, its block and the block's layout; `null` where no fix can anchor there. */
export function getAnchor(site: Site, sourceCode: SourceCode): Anchor | null {
  if (site.value === null || site.destination.kind !== 'variable' || site.choice !== null) {
    return null;
  }
  if (site.node.parent?.type === AST_NODE_TYPES.ChainExpression) {
    // `await this.pool?.connect()` may hold nothing: a plain release could throw.
    return null;
  }
  const found = getStatementInBlock(site.value);
  if (!found) {
    return null;
  }
  const { statement, block } = found;
  if (statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.length !== 1) {
    return null;
  }
  const { text } = sourceCode;
  const indent = getOwnLineIndent(text, statement);
  if (indent === null) {
    return null;
  }
  const outer = block.parent;
  const outerIndent = getOwnLineIndent(text, outer.type === AST_NODE_TYPES.BlockStatement ? block : outer);
  return {
    statement,
    block,
    rest: block.body.slice(block.body.indexOf(statement) + 1),
    indent,
    unit: getIndentUnit(text, indent, outerIndent),
    eol: getLineBreak(text, statement.range[1]),
  };
}

/**
 * The holder's writes after the acquisition: a fix that releases in `finally` must
 * release what the acquisition stored, so any later assignment (`client = null`) rules it out.
 */
export function isWrittenAfter(site: Site, statement: TSESTree.Statement): boolean {
  if (site.destination.kind !== 'variable') {
    return true;
  }
  return site.destination.variable.references.some(
    (reference) => reference.isWrite() && reference.identifier.range[0] > statement.range[1],
  );
}

/** A name for the caught error that nothing in the function uses. */
export function getErrorName(sourceCode: SourceCode, fn: TSESTree.Node): string {
  const text = sourceCode.getText(fn);
  return ['error', 'err', 'caught', 'failure'].find((name) => !new RegExp(`\\b${name}\\b`).test(text)) ?? 'leakguardError';
}

/** Where the region starts: its first statement, or the comments on their own lines above it. */
export function getRegionStart(sourceCode: SourceCode, anchor: Anchor, first: TSESTree.Statement): number | null {
  const comments = sourceCode
    .getCommentsBefore(first)
    .filter((comment) => comment.loc.start.line > anchor.statement.loc.end.line);
  const start = comments[0]?.range[0] ?? first.range[0];
  return isBlank(sourceCode.text, getLineStart(sourceCode.text, start), start) ? start : null;
}

/** Where the region ends: its last statement and the comments after it on the same line. */
export function getRegionEnd(sourceCode: SourceCode, last: TSESTree.Statement): number | null {
  const trailing = sourceCode.getCommentsAfter(last).filter((comment) => comment.loc.start.line === last.loc.end.line);
  const end = trailing.at(-1)?.range[1] ?? last.range[1];
  return isBlank(sourceCode.text, end, getLineEnd(sourceCode.text, end)) ? end : null;
}

