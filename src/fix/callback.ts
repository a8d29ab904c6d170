import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contains } from '../flow/syntax.js';
import type { Site } from '../lifetime/site.js';
import type { Leak } from '../lifetime/state.js';
import { hasEscapeIn, hasJumpOut, isInStatements, isReadAfterRelease } from './escapes.js';
import { getHoisting } from './hoist.js';
import { getAnchor, getErrorName, getRegionEnd, getRegionStart, isWrittenAfter } from './region.js';
import { chooseRelease } from './settles.js';
import { isInNestedFunction } from './statements.js';
import { type Edit, getLineStart, indentLines } from './text.js';
import type { WrapPlan } from './wrap.js';

/**
 * The callback-style fix. Code written against a driver's callbacks releases inside them
 * (`cursor.read(10, (err, rows) => { …; client.end(); })`): once the callback is handed to
 * the call, releasing is its job, and the analysis takes the resource as handed on there,
 * whether the call then succeeds or fails. What leaks is a throw before that call. The fix
 * wraps the statements between the acquisition and that call in
 * `try { … } catch (e) { release; throw e; }`, and leaves the call and its callbacks as they
 * are: a `finally` would release under the callback, a release added inside the callback
 * would not cover the throws before it.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The index in `rest` of the first statement that hands the resource to a releasing callback. */
function findHandOff(site: Site, rest: readonly TSESTree.Statement[]): number {
  return rest.findIndex((statement) => [...site.releasingFunctions].some((fn) => contains(statement, fn)));
}

/** Whether a name bound to a releasing closure (`const done = () => client.end()`) is used in `region`. */
function callsReleaseFunction(site: Site, region: readonly TSESTree.Statement[]): boolean {
  return [...site.releaseFunctions].some((variable) =>
    variable.references.some((reference) => isInStatements(region, reference.identifier)),
  );
}

/**
 * Plans the release in a `catch` around the code before the callback that releases the
 * resource, or `null`: every release must sit in a callback, every leak must be a throw
 * inside that code, and that code may neither hand the resource on nor leave by `return`,
 * `break` or `continue`.
 */
export function planCatchBeforeCallback(site: Site, sourceCode: SourceCode, leaks: readonly Leak[]): WrapPlan | null {
  const anchor = getAnchor(site, sourceCode);
  if (!anchor || isWrittenAfter(site, anchor.statement) || leaks.length === 0 || leaks.some((leak) => leak.kind !== 'throw')) {
    return null;
  }
  if (site.releaseCalls.length === 0 || site.releaseCalls.some((call) => !isInNestedFunction(call, site.fn))) {
    return null;
  }
  const index = findHandOff(site, anchor.rest);
  const region = anchor.rest.slice(0, index);
  const first = region[0];
  const last = region.at(-1);
  if (index < 1 || !first || !last) {
    return null;
  }
  if (
    leaks.some((leak) => !isInStatements(region, leak.at)) ||
    region.some((statement) => hasJumpOut(statement)) ||
    hasEscapeIn(site, region) ||
    callsReleaseFunction(site, region) ||
    isReadAfterRelease(site, region, true)
  ) {
    return null;
  }
  const choice = chooseRelease(site, sourceCode, []);
  const start = getRegionStart(sourceCode, anchor, first);
  const end = getRegionEnd(sourceCode, last);
  if (!choice || start === null || end === null) {
    return null;
  }
  const hoisting = getHoisting(sourceCode, region, start, end);
  if (!hoisting) {
    return null;
  }
  const { indent, unit, eol } = anchor;
  const inner = `${indent}${unit}`;
  const error = getErrorName(sourceCode, site.fn);
  const lineStart = getLineStart(sourceCode.text, start);
  const opening = `${hoisting.declarations.length > 0 ? `${indent}let ${hoisting.declarations.join(', ')};${eol}` : ''}${indent}try {${eol}`;
  const closing = `${eol}${indent}} catch (${error}) {${eol}${inner}${choice.text};${eol}${inner}throw ${error};${eol}${indent}}`;
  const edits: Edit[] = [
    { start: lineStart, end: lineStart, text: opening },
    ...indentLines(sourceCode, start, end, unit),
    ...hoisting.edits,
    { start: end, end, text: closing },
  ];
  return { edits, call: choice.text };
}
