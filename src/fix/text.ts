import { AST_TOKEN_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';

/**
 * The source-text side of the suggested fixes: line breaks, indentation, and the ranges a
 * fix must never edit inside (strings, template literals, regular expressions, comments).
 * Fixes are built as small edits (insert an indent at a line start, delete a statement's
 * line, wrap a region) and applied to the original text at once, so nothing between the
 * edits is ever rewritten.
 */

/** One edit of the original text: replace `[start, end)` by `text`. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

type SourceCode = Readonly<TSESLint.SourceCode>;

const PROTECTED_TOKENS: ReadonlySet<string> = new Set([
  AST_TOKEN_TYPES.Template,
  AST_TOKEN_TYPES.String,
  AST_TOKEN_TYPES.RegularExpression,
  AST_TOKEN_TYPES.JSXText,
]);

const protectedCache = new WeakMap<object, readonly (readonly [number, number])[]>();

/**
 * The ranges of tokens and comments whose inside no fix may touch, sorted: template
 * literals (one token per quasi), strings (a `\` line continuation spans lines), regular
 * expressions, and comments (re-indenting a block comment edits its text).
 */
export function getProtectedRanges(sourceCode: SourceCode): readonly (readonly [number, number])[] {
  let ranges = protectedCache.get(sourceCode);
  if (!ranges) {
    const found: (readonly [number, number])[] = [];
    for (const token of sourceCode.ast.tokens) {
      if (PROTECTED_TOKENS.has(token.type)) {
        found.push(token.range);
      }
    }
    for (const comment of sourceCode.getAllComments()) {
      found.push(comment.range);
    }
    ranges = found.sort((a, b) => a[0] - b[0]);
    protectedCache.set(sourceCode, ranges);
  }
  return ranges;
}

/** Whether `offset` lies strictly inside a protected range (an edit there changes its text). */
export function isInsideProtected(sourceCode: SourceCode, offset: number): boolean {
  const ranges = getProtectedRanges(sourceCode);
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle];
    if (!range) {
      return false;
    }
    if (offset <= range[0]) {
      high = middle - 1;
    } else if (offset >= range[1]) {
      low = middle + 1;
    } else {
      return true;
    }
  }
  return false;
}

/** The line break the file uses at `offset`: the next one after it, else the first in the file. */
export function getLineBreak(text: string, offset: number): string {
  const next = /\r\n|\r|\n/.exec(text.slice(offset)) ?? /\r\n|\r|\n/.exec(text);
  return next ? next[0] : '\n';
}

/** The offset where the line holding `offset` starts. */
export function getLineStart(text: string, offset: number): number {
  let index = offset;
  while (index > 0 && text[index - 1] !== '\n' && text[index - 1] !== '\r') {
    index -= 1;
  }
  return index;
}

/** The offset where the line holding `offset` ends (before its line break). */
export function getLineEnd(text: string, offset: number): number {
  let index = offset;
  while (index < text.length && text[index] !== '\n' && text[index] !== '\r') {
    index += 1;
  }
  return index;
}

/** The offset after the line break at `offset` (a line end), or `offset` at the end of the text. */
export function skipLineBreak(text: string, offset: number): number {
  if (text.startsWith('\r\n', offset)) {
    return offset + 2;
  }
  return text[offset] === '\n' || text[offset] === '\r' ? offset + 1 : offset;
}

/** Whether only spaces and tabs lie in `[start, end)`. */
export function isBlank(text: string, start: number, end: number): boolean {
  return /^[ \t]*$/.test(text.slice(start, end));
}

/**
 * The indentation of the line where `node` starts, when `node` is the first thing on it;
 * `null` when something else precedes it there.
 */
export function getOwnLineIndent(text: string, node: TSESTree.Node | TSESTree.Comment): string | null {
  const start = getLineStart(text, node.range[0]);
  const indent = text.slice(start, node.range[0]);
  return /^[ \t]*$/.test(indent) ? indent : null;
}

/**
 * One level of indentation in the file around `indent`: a tab where the line is indented
 * with tabs, else the difference to the enclosing line's indentation, else the first
 * indented line's width in the file, else two spaces.
 */
export function getIndentUnit(text: string, indent: string, outerIndent: string | null): string {
  if (indent.includes('\t')) {
    return '\t';
  }
  if (outerIndent !== null && indent.length > outerIndent.length && indent.startsWith(outerIndent)) {
    return indent.slice(outerIndent.length);
  }
  const first = /^( +)\S/m.exec(text);
  if (first?.[1]) {
    return first[1];
  }
  return /^\t/m.test(text) ? '\t' : '  ';
}

/**
 * Edits that indent each line of `[start, end)` one `unit` deeper, leaving alone blank
 * lines and lines that start inside a template literal, string or comment.
 */
export function indentLines(sourceCode: SourceCode, start: number, end: number, unit: string): Edit[] {
  const { text } = sourceCode;
  const edits: Edit[] = [];
  for (let lineStart = getLineStart(text, start); lineStart < end; ) {
    const lineEnd = getLineEnd(text, lineStart);
    if (!isBlank(text, lineStart, lineEnd) && !isInsideProtected(sourceCode, lineStart)) {
      edits.push({ start: lineStart, end: lineStart, text: unit });
    }
    const next = skipLineBreak(text, lineEnd);
    if (next === lineEnd) {
      break;
    }
    lineStart = next;
  }
  return edits;
}

/**
 * Copies `[start, end)` of the text, each line indented `delta` deeper (lines starting
 * inside a protected range are copied as they are), for text a fix moves.
 */
export function copyIndented(sourceCode: SourceCode, start: number, end: number, unit: string): string {
  const edits = indentLines(sourceCode, start, end, unit).filter((edit) => edit.start >= start);
  return applyEdits(sourceCode.text.slice(0, end), edits).slice(start);
}

/**
 * Applies non-overlapping edits to `text`. Inserts at the same offset keep their order.
 * Throws when two edits overlap: a fix must be built so that they cannot.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index)
    .map(({ edit }) => edit);
  let result = '';
  let position = 0;
  for (const edit of sorted) {
    if (edit.start < position) {
      throw new Error('overlapping edits');
    }
    result += text.slice(position, edit.start) + edit.text;
    position = edit.end;
  }
  return result + text.slice(position);
}

/**
 * Whether an edit would change text inside a protected range: replacing a range whose
 * ends fall inside one, or inserting strictly inside one.
 */
export function touchesProtected(sourceCode: SourceCode, edits: readonly Edit[]): boolean {
  return edits.some((edit) => isInsideProtected(sourceCode, edit.start) || isInsideProtected(sourceCode, edit.end));
}

/**
 * The fix ESLint applies for a set of edits: one replacement spanning them all, computed
 * from the original text, or `null` when an edit would change a string, template literal,
 * regular expression or comment.
 */
export function toFix(
  sourceCode: SourceCode,
  edits: readonly Edit[],
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | null {
  if (edits.length === 0 || touchesProtected(sourceCode, edits)) {
    return null;
  }
  const start = Math.min(...edits.map((edit) => edit.start));
  const end = Math.max(...edits.map((edit) => edit.end));
  const shifted = edits.map((edit) => ({ start: edit.start - start, end: edit.end - start, text: edit.text }));
  let text: string;
  try {
    text = applyEdits(sourceCode.text.slice(start, end), shifted);
  } catch {
    return null;
  }
  return (fixer) => fixer.replaceTextRange([start, end], text);
}
