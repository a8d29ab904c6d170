import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getNullCheck, getPropertyName } from '../flow/syntax.js';
import { getAssertedEquality, getAssertedNullish } from './assertions.js';
import { holds, type LifetimeState, type SiteView } from './state.js';
import { climbTransparentWrappers, skipAwaitAndWrappers, skipTransparentWrappers } from '../util/wrappers.js';
import { getWriteReferences } from '../util/references.js';
import { getSettledParameters } from '../summaries/params.js';
import type { ExhaustionSpec } from '../models/types.js';
import type { TSESLint } from '@typescript-eslint/utils';

type Variable = TSESLint.Scope.Variable;

// Exhaustion: a resource read to its end closes itself (`!(await cursor.hasNext())`,
// `rows.length === 0`, `step.done`), and the reads that say so.

/** `rows = await cursor.read(n)`: the variable now holds a read; any other value, not. */
export function writeRead(view: SiteView, node: TSESTree.VariableDeclarator | TSESTree.AssignmentExpression, state: LifetimeState): LifetimeState {
  const target = node.type === AST_NODE_TYPES.VariableDeclarator ? node.id : node.left;
  const value = node.type === AST_NODE_TYPES.VariableDeclarator ? node.init : node.right;
  const variable = target.type === AST_NODE_TYPES.Identifier ? view.context.resolve(target) : null;
  if (!variable) {
    return state;
  }
  const id = view.context.idOf(variable);
  const isRead = value !== null && readSignal(view, value, state, false) !== null;
  if (isRead === state.reads.includes(id)) {
    return state;
  }
  const reads = isRead ? [...state.reads, id].sort((a, b) => a - b) : state.reads.filter((read) => read !== id);
  return { ...state, reads };
}

/**
 * Whether `test` being truthy means the resource was used up (`true`), that it was not
 * (`false`), or neither (`null`): `!(await cursor.hasNext())`, `rows.length === 0`,
 * `step.done`, `doc === null`.
 */
export function exhaustedWhen(view: SiteView, test: TSESTree.Node, state: LifetimeState): boolean | null {
  const inner = skipTransparentWrappers(test);
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
    const result = exhaustedWhen(view, inner.argument, state);
    return result === null ? null : !result;
  }
  const check = getNullCheck(inner);
  if (check && readSignal(view, check.subject, state) === 'nullish') {
    return check.nullishWhenTrue;
  }
  if (inner.type === AST_NODE_TYPES.BinaryExpression && isZero(inner.right)) {
    const length = lengthOf(view, inner.left, state);
    if (length) {
      if (inner.operator === '===' || inner.operator === '==' || inner.operator === '<=') {
        return true;
      }
      if (inner.operator === '!==' || inner.operator === '!=' || inner.operator === '>') {
        return false;
      }
    }
    return null;
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = getPropertyName(inner);
    if (name === 'done' && readSignal(view, inner.object, state) === 'done') {
      return true;
    }
    return lengthOf(view, inner, state) ? false : null;
  }
  if (inner.type === AST_NODE_TYPES.Identifier && isDoneBinding(view, inner, state)) {
    return true;
  }
  const signal = readSignal(view, inner, state);
  return signal === 'falsy' || signal === 'nullish' ? false : null;
}

/** Whether `node` is `rows.length` of a read that is empty once the resource is used up. */
export function lengthOf(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
  const inner = skipTransparentWrappers(node);
  return (
    inner.type === AST_NODE_TYPES.MemberExpression &&
    getPropertyName(inner) === 'length' &&
    readSignal(view, inner.object, state) === 'empty'
  );
}

/** `const { done } = await it.next()`. */
export function isDoneBinding(view: SiteView, node: TSESTree.Identifier, state: LifetimeState): boolean {
  const definition = view.context.resolve(node)?.defs[0];
  const property = definition?.name.parent;
  const pattern = property?.parent;
  return (
    property?.type === AST_NODE_TYPES.Property &&
    getKeyName(property) === 'done' &&
    pattern?.type === AST_NODE_TYPES.ObjectPattern &&
    pattern.parent.type === AST_NODE_TYPES.VariableDeclarator &&
    pattern.parent.init !== null &&
    readSignal(view, pattern.parent.init, state, false) === 'done'
  );
}

/**
 * The exhaustion signal of a value read from the resource: `await cursor.hasNext()`,
 * `(step = await it.next())`, or a variable every write of which is such a read.
 */
export function readSignal(view: SiteView, node: TSESTree.Node, state: LifetimeState, followVariables = true): string | null {
  const inner = skipAwaitAndWrappers(node);
  if (inner.type === AST_NODE_TYPES.AssignmentExpression && inner.operator === '=') {
    return readSignal(view, inner.right, state, false);
  }
  if (inner.type === AST_NODE_TYPES.CallExpression && isGlobalRace(view, inner)) {
    // `await Promise.race([iterator.next(), timeout])`: the race settles with the read when it
    // wins; a racer that settles otherwise (a timeout that rejects, an abort value) is no
    // read, and makes the result say nothing of the resource.
    const [racers] = inner.arguments;
    const signals = new Set(
      racers?.type === AST_NODE_TYPES.ArrayExpression
        ? racers.elements.map((racer) => (racer && racer.type !== AST_NODE_TYPES.SpreadElement ? readSignal(view, racer, state) : null))
        : [],
    );
    signals.delete(null);
    const [only] = signals;
    return signals.size === 1 && only !== undefined ? only : null;
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTransparentWrappers(inner.callee);
    const name = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    const spec = name === null ? undefined : view.site.exhaustion.find((entry) => entry.method === name);
    return spec && callee.type === AST_NODE_TYPES.MemberExpression && holds(view, callee.object, state)
      ? spec.signal
      : settledRead(view, inner, state);
  }
  if (inner.type !== AST_NODE_TYPES.Identifier || !followVariables) {
    return null;
  }
  const variable = view.context.resolve(inner);
  const writes = variable ? getWriteReferences(variable).filter((reference) => reference.writeExpr) : [];
  const signals = new Set(writes.map((reference) => readSignal(view, reference.writeExpr ?? inner, state, false)));
  signals.delete(null);
  const [only] = signals;
  // Every write is a read of the same kind, or this path last wrote a read to it.
  const lastWriteIsRead = variable !== null && state.reads.includes(view.context.idOf(variable));
  return signals.size === 1 && only !== undefined && (lastWriteIsRead || writes.every((w) => readSignal(view, w.writeExpr ?? inner, state, false) !== null))
    ? only
    : null;
}

/** `Promise.race([…])` of the global `Promise`. */
function isGlobalRace(view: SiteView, call: TSESTree.CallExpression): boolean {
  const callee = skipTransparentWrappers(call.callee);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'Promise' &&
    getPropertyName(callee) === 'race' &&
    !view.context.resolve(callee.object)?.defs.length
  );
}

/**
 * `await abortable(signal, undefined, it.next())`: a helper that settles with one of its
 * arguments (getSettledParameters) passes a read on when every argument it may give back is a
 * read of the same kind, or — for an iterator's step, whose `.done` cannot be read on a missing
 * value — `undefined` or `null` (the helper's "aborted" answer, which never says "done").
 */
function settledRead(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): string | null {
  const called = view.context.calledFunction(call);
  const indexes = called ? getSettledParameters(called.fn) : null;
  const last = indexes?.at(-1);
  if (!indexes || last === undefined || call.arguments.slice(0, last + 1).some((a) => a.type === AST_NODE_TYPES.SpreadElement)) {
    return null;
  }
  const signals = new Set<string | null>();
  let missing = false;
  for (const index of indexes) {
    const argument = call.arguments[index];
    if (argument === undefined || isNullish(argument)) {
      missing = true;
    } else {
      signals.add(readSignal(view, argument, state, false));
    }
  }
  const [only] = signals;
  return signals.size === 1 && only !== undefined && only !== null && (!missing || only === 'done') ? only : null;
}

/** `undefined`, `null` or `void …`. */
function isNullish(node: TSESTree.Node): boolean {
  const inner = skipTransparentWrappers(node);
  return (
    (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined') ||
    (inner.type === AST_NODE_TYPES.Literal && inner.value === null && !('regex' in inner)) ||
    (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void')
  );
}

function isZero(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && node.value === 0;
}

function getKeyName(property: TSESTree.Property): string | null {
  return !property.computed && property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : null;
}

/**
 * An assertion that a read says the resource is used up: `expect(await it.next()).toEqual({
 * value: undefined, done: true })`, `expect(step.done).toBe(true)`,
 * `assert.deepStrictEqual(await it.next(), { done: true, value: undefined })`. The test goes
 * on only where it is; where it is not, the test has failed.
 */
export function assertsExhausted(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
  if (view.site.exhaustion.length === 0) {
    return false;
  }
  // `expect(doc).to.be.null` where `doc` holds the last `cursor.next()`: it answered the end.
  const nullish = getAssertedNullish(node);
  if (nullish) {
    return readSignal(view, nullish, state) === 'nullish';
  }
  const sides = getAssertedEquality(node);
  if (!sides) {
    return false;
  }
  const [subject, expected] = sides.map((side) => skipTransparentWrappers(side));
  if (!subject || !expected) {
    return false;
  }
  if (expected.type === AST_NODE_TYPES.Literal && expected.value === true) {
    return exhaustedWhen(view, subject, state) === true;
  }
  return readSignal(view, subject, state) === 'done' && isDoneObject(expected);
}

/**
 * `const { done } = await src[Symbol.asyncIterator]().next(); expect(done).toBe(true)`: the
 * resource is read once where it is made, never named, and the read's `done` is bound and
 * asserted true later: it answered its end (or the test failed), so it is not dropped open.
 */
export function isAssertedDoneRead(view: SiteView): boolean {
  const { value } = view.site;
  const member = value ? climbTransparentWrappers(value).parent : undefined;
  const read = member?.parent;
  if (
    value === null ||
    member?.type !== AST_NODE_TYPES.MemberExpression ||
    read?.type !== AST_NODE_TYPES.CallExpression ||
    read.callee !== member ||
    !view.site.exhaustion.some((spec) => spec.signal === 'done' && spec.method === getPropertyName(member))
  ) {
    return false;
  }
  const settled = climbTransparentWrappers(read).parent;
  const declarator = settled?.type === AST_NODE_TYPES.AwaitExpression ? climbTransparentWrappers(settled).parent : null;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.ObjectPattern) {
    return false;
  }
  const done = declarator.id.properties.find(
    (property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && getKeyName(property) === 'done',
  );
  const variable = done?.value.type === AST_NODE_TYPES.Identifier ? view.context.resolve(done.value) : null;
  return (variable?.references ?? []).some((reference) => {
    // `expect(done).toBe(true)`: the reference is the subject, two links up is the matcher.
    const matcher = reference.identifier.parent.parent?.parent;
    const sides = matcher ? getAssertedEquality(matcher) : null;
    const expected = sides ? skipTransparentWrappers(sides[1]) : null;
    return sides?.[0] === reference.identifier && expected?.type === AST_NODE_TYPES.Literal && expected.value === true;
  });
}

/** How far up from a read's value an assertion of it is looked for (`expect(v).to.be.null`: 3 levels). */
const ASSERTION_DEPTH = 5;

/**
 * Whether `call`, a read of the resource (`cursor.next()`), answers a value a test asserts to
 * be the end — `expect(await cursor.next()).to.be.null`, or a `const` holding it asserted so
 * (`const doc = await cursor.next(); expect(doc).to.be.null`). Such a read after the release
 * checks the released resource's contract (it answers nothing), on purpose: not a use.
 */
export function readAssertedAtEnd(view: SiteView, call: TSESTree.CallExpression): boolean {
  const callee = skipTransparentWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  const spec = view.site.exhaustion.find((entry) => entry.method === method);
  if (!spec || (spec.signal !== 'nullish' && spec.signal !== 'done')) {
    return false;
  }
  let value: TSESTree.Node = climbTransparentWrappers(call);
  if (value.parent?.type === AST_NODE_TYPES.AwaitExpression) {
    value = climbTransparentWrappers(value.parent);
  }
  const declarator = value.parent;
  if (declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init === value && declarator.id.type === AST_NODE_TYPES.Identifier) {
    const variable = view.context.resolve(declarator.id);
    return (variable?.references ?? []).some((reference) => !reference.init && isAssertedEnd(reference.identifier, spec.signal));
  }
  return isAssertedEnd(value, spec.signal);
}

/** Whether an assertion a few levels above `subject` passes only when it is the end (`null`, or a step `{ done: true }`). */
function isAssertedEnd(subject: TSESTree.Node, signal: string): boolean {
  let node: TSESTree.Node | undefined = subject.parent;
  for (let depth = 0; node && depth < ASSERTION_DEPTH; depth++, node = node.parent) {
    if (signal === 'nullish' && getAssertedNullish(node) === subject) {
      return true;
    }
    const sides = getAssertedEquality(node);
    const expected = sides ? skipTransparentWrappers(sides[1]) : null;
    if (
      signal === 'done' &&
      sides?.[0] === subject &&
      expected !== null &&
      isDoneObject(expected)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * The assertions that a read's callback answered the end — `cursor.next((err, doc) => {
 * expect(doc).to.be.null; done(); })`, the callback form of an asserted end —, for reads
 * of the `holders`: the functions around them end the resource as a release would (where
 * the test goes on, it was used up).
 */
export function findAssertedCallbackEnds(
  holders: readonly Variable[],
  exhaustion: readonly ExhaustionSpec[],
  resolve: (node: TSESTree.Node) => Variable | null,
): TSESTree.Node[] {
  const found: TSESTree.Node[] = [];
  for (const reference of holders.flatMap((holder) => holder.references)) {
    const member = reference.identifier.parent;
    const call = member.parent;
    const method = member.type === AST_NODE_TYPES.MemberExpression && member.object === reference.identifier ? getPropertyName(member) : null;
    const spec = exhaustion.find((entry) => entry.method === method && (entry.signal === 'nullish' || entry.signal === 'done'));
    const callback = call?.type === AST_NODE_TYPES.CallExpression && call.callee === member ? call.arguments.at(-1) : undefined;
    // Error-first: `(err, doc) => …`.
    const value =
      (callback?.type === AST_NODE_TYPES.FunctionExpression || callback?.type === AST_NODE_TYPES.ArrowFunctionExpression) && callback.params.length >= 2
        ? callback.params[1]
        : undefined;
    const variable = value?.type === AST_NODE_TYPES.Identifier ? resolve(value) : null;
    for (const use of variable && spec ? variable.references : []) {
      if (isAssertedEnd(use.identifier, spec?.signal ?? '')) {
        found.push(use.identifier);
      }
    }
  }
  return found;
}

/** An object literal with `done: true` (the expected side of `expect(step).toEqual({ done: true, … })`). */
function isDoneObject(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.ObjectExpression &&
    node.properties.some(
      (property) =>
        property.type === AST_NODE_TYPES.Property &&
        getKeyName(property) === 'done' &&
        property.value.type === AST_NODE_TYPES.Literal &&
        property.value.value === true,
    )
  );
}
