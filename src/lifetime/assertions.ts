import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { calledAssertions, nullishAssertions, presenceAssertions } from '../models/assertions.js';
import { isHolder, type LifetimeState, type SiteView } from './state.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

type Variable = TSESLint.Scope.Variable;

// Proof that a driver callback's error is set, so the callback got no resource: a read of
// a property of the error (which would have thrown on `null`), or an assertion that it is
// present. Both are about the error variable itself, never about a name.

function isFalsyLiteral(node: TSESTree.Node | undefined): boolean {
  const inner = node ? skipTransparentWrappers(node) : null;
  if (!inner) {
    return true;
  }
  if (inner.type === AST_NODE_TYPES.Identifier) {
    return inner.name === 'undefined';
  }
  if (inner.type === AST_NODE_TYPES.UnaryExpression) {
    return inner.operator === 'void';
  }
  return inner.type === AST_NODE_TYPES.Literal && !inner.value;
}

/** The subject of `expect(x)` at the root of a matcher chain, and whether `.not` is in the chain. */
function getExpectSubject(callee: TSESTree.Node): { subject: TSESTree.Node | undefined; negated: boolean } | null {
  let current = skipTransparentWrappers(callee);
  let negated = false;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    if (!current.computed && current.property.type === AST_NODE_TYPES.Identifier && current.property.name === 'not') {
      negated = true;
    }
    current = skipTransparentWrappers(current.object);
  }
  if (
    current.type === AST_NODE_TYPES.CallExpression &&
    current.callee.type === AST_NODE_TYPES.Identifier &&
    current.callee.name === 'expect'
  ) {
    return { subject: current.arguments[0], negated };
  }
  return null;
}

function getCalleeName(callee: TSESTree.Node): string | null {
  const inner = skipTransparentWrappers(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    return inner.name;
  }
  if (
    inner.type === AST_NODE_TYPES.MemberExpression &&
    !inner.computed &&
    inner.object.type === AST_NODE_TYPES.Identifier &&
    inner.property.type === AST_NODE_TYPES.Identifier
  ) {
    return `${inner.object.name}.${inner.property.name}`;
  }
  return null;
}

/** Whether `node` is `variable` or a property read on it (`err`, `err.message`). */
function isAbout(node: TSESTree.Node | undefined, variable: Variable, resolve: (node: TSESTree.Node) => Variable | null): boolean {
  let inner = node ? skipTransparentWrappers(node) : null;
  while (inner?.type === AST_NODE_TYPES.MemberExpression) {
    inner = skipTransparentWrappers(inner.object);
  }
  return inner?.type === AST_NODE_TYPES.Identifier && resolve(inner) === variable;
}

/**
 * Whether evaluating `node` without throwing proves `error` present: `err.message`
 * (not `err?.message`), `assert(err)`, `expect(err).to.be.an(Error)`,
 * `expect(err).to.be(connectionFailure)`; not `expect(err).to.be(undefined)` nor `.not`.
 */
export function provesPresent(
  node: TSESTree.Node,
  error: Variable,
  resolve: (node: TSESTree.Node) => Variable | null,
): boolean {
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const object = skipTransparentWrappers(node.object);
    return (
      !node.optional &&
      object.type === AST_NODE_TYPES.Identifier &&
      resolve(object) === error &&
      node.parent.type !== AST_NODE_TYPES.UnaryExpression
    );
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) {
    return false;
  }
  const name = getCalleeName(node.callee);
  if (name !== null && (presenceAssertions.functions as readonly string[]).includes(name)) {
    const [subject] = node.arguments;
    return subject !== undefined && skipTransparentWrappers(subject).type === AST_NODE_TYPES.Identifier && isAbout(subject, error, resolve);
  }
  const callee = skipTransparentWrappers(node.callee);
  const expectation = getExpectSubject(callee);
  if (!expectation || expectation.negated || !isAbout(expectation.subject, error, resolve)) {
    return false;
  }
  const matcher =
    callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
      ? callee.property.name
      : null;
  if (matcher === null) {
    return false;
  }
  if ((presenceAssertions.matchers as readonly string[]).includes(matcher)) {
    return true;
  }
  return (presenceAssertions.comparisons as readonly string[]).includes(matcher) && !isFalsyLiteral(node.arguments[0]);
}

/**
 * `if (!runner.isReleased) await runner.release()`, `if (cursor.close) …`: a test of the
 * resource's own property guarding its release asks the resource whether it still needs
 * one, so skipping the release there is the resource's decision, not a leak.
 */
export function readsOwnState(view: SiteView, test: TSESTree.Node, state: LifetimeState): boolean {
  let inner = skipTransparentWrappers(test);
  while (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
    inner = skipTransparentWrappers(inner.argument);
  }
  // `it.return != null`, `typeof it.return === 'function'`: the same question, spelled out.
  if (inner.type === AST_NODE_TYPES.BinaryExpression && ['==', '!=', '===', '!=='].includes(inner.operator)) {
    const [left, right] = [inner.left, inner.right].map((side) => skipTransparentWrappers(side));
    const side = left && right && isNullish(right) ? left : left && right && isNullish(left) ? right : null;
    if (side && side.type !== AST_NODE_TYPES.PrivateIdentifier) {
      inner = side.type === AST_NODE_TYPES.UnaryExpression && side.operator === 'typeof' ? skipTransparentWrappers(side.argument) : side;
    } else if (left?.type === AST_NODE_TYPES.UnaryExpression && left.operator === 'typeof' && right?.type === AST_NODE_TYPES.Literal) {
      inner = skipTransparentWrappers(left.argument);
    } else if (left && right && (left.type === AST_NODE_TYPES.Literal) !== (right.type === AST_NODE_TYPES.Literal)) {
      // `client.status !== 'end'` (ioredis), `conn.state === 'disconnected'`: the resource's
      // own state compared with one of its values.
      inner = left.type === AST_NODE_TYPES.Literal ? right : left;
    }
  }
  if (inner.type === AST_NODE_TYPES.ChainExpression) {
    inner = skipTransparentWrappers(inner.expression);
  }
  return inner.type === AST_NODE_TYPES.MemberExpression && isHolder(view, inner.object, state);
}

/** `null`, `undefined` or `void 0`. */
function isNullish(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Literal && node.value === null) ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') ||
    (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void')
  );
}

/**
 * The two sides of an equality assertion that passes only when they are the same value:
 * `expect(a).to.equal(b)`, `expect(a).toBe(b)`, `assert.strictEqual(a, b)`; `null` for
 * anything else (a `.not` chain included).
 */
export function getAssertedEquality(node: TSESTree.Node): readonly [TSESTree.Node, TSESTree.Node] | null {
  if (node.type !== AST_NODE_TYPES.CallExpression) {
    return null;
  }
  const name = getCalleeName(node.callee);
  const [first, second] = node.arguments;
  if (name !== null && (presenceAssertions.equalities as readonly string[]).includes(name)) {
    return first !== undefined && second !== undefined ? [first, second] : null;
  }
  const callee = skipTransparentWrappers(node.callee);
  const expectation = getExpectSubject(callee);
  if (
    !expectation?.subject ||
    expectation.negated ||
    first === undefined ||
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    callee.computed ||
    callee.property.type !== AST_NODE_TYPES.Identifier ||
    !(presenceAssertions.comparisons as readonly string[]).includes(callee.property.name)
  ) {
    return null;
  }
  return [expectation.subject, first];
}

/**
 * `expect(client).to.equal(client2)` after `client.release()`: the released holder is the
 * same object as another variable's (a pool handing the same client out again), so what
 * follows may be that one's use. Which one is meant cannot be told: the site stops here.
 */
export function provesAlias(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
  const sides = getAssertedEquality(node);
  if (!sides) {
    return false;
  }
  const [left, right] = sides.map((side) => skipTransparentWrappers(side));
  if (left?.type !== AST_NODE_TYPES.Identifier || right?.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  return isHolder(view, left, state) !== isHolder(view, right, state);
}

/**
 * The subject of an assertion that passes only when it is `null` or `undefined`:
 * `expect(doc).to.be.null` (read, not called), `expect(doc).toBeNull()`,
 * `assert.isNull(doc)`, `assert.strictEqual(doc, null)`, `expect(doc).toBe(undefined)`;
 * `null` for anything else, a `.not` chain included.
 */
export function getAssertedNullish(node: TSESTree.Node): TSESTree.Node | null {
  const members: readonly string[] = nullishAssertions.members;
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    if (node.parent.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node) {
      return null;
    }
    const expectation = getExpectSubject(node);
    const name = !node.computed && node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : null;
    return expectation?.subject && !expectation.negated && name !== null && members.includes(name) ? expectation.subject : null;
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) {
    return null;
  }
  const name = getCalleeName(node.callee);
  if (name !== null && (nullishAssertions.functions as readonly string[]).includes(name)) {
    return node.arguments[0] ?? null;
  }
  const callee = skipTransparentWrappers(node.callee);
  const expectation = getExpectSubject(callee);
  if (
    expectation?.subject &&
    !expectation.negated &&
    callee.type === AST_NODE_TYPES.MemberExpression &&
    !callee.computed &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    members.includes(callee.property.name)
  ) {
    return expectation.subject;
  }
  const sides = getAssertedEquality(node);
  const expected = sides ? skipTransparentWrappers(sides[1]) : null;
  return sides && expected && isNullish(expected) ? sides[0] : null;
}

/** `a.b.c` of an identifier and non-computed members, else `null`. */
function getDottedName(node: TSESTree.Node): string | null {
  const inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    return inner.name;
  }
  if (inner.type !== AST_NODE_TYPES.MemberExpression || inner.computed || inner.property.type !== AST_NODE_TYPES.Identifier) {
    return null;
  }
  const object = getDottedName(inner.object);
  return object === null ? null : `${object}.${inner.property.name}`;
}

/** `holder.quit` where `quit` is one of the resource's release methods. */
function isReleaseMethodOf(view: SiteView, node: TSESTree.Node | undefined, state: LifetimeState): boolean {
  const inner = node ? skipTransparentWrappers(node) : null;
  return (
    inner?.type === AST_NODE_TYPES.MemberExpression &&
    !inner.computed &&
    inner.property.type === AST_NODE_TYPES.Identifier &&
    view.site.release.hasName(inner.property.name) &&
    isHolder(view, inner.object, state)
  );
}

/** `holder.quit.called`: a sinon spy on a release method that is true once it ran. */
function isCalledProperty(view: SiteView, node: TSESTree.Node | undefined, state: LifetimeState): boolean {
  const inner = node ? skipTransparentWrappers(node) : null;
  return (
    inner?.type === AST_NODE_TYPES.MemberExpression &&
    !inner.computed &&
    inner.property.type === AST_NODE_TYPES.Identifier &&
    (calledAssertions.spyProperties as readonly string[]).includes(inner.property.name) &&
    isReleaseMethodOf(view, inner.object, state)
  );
}

/**
 * Whether `node` asserts that a release method of the resource was called (spied on):
 * `t.true(client.quit.called)`, `expect(client.quit.calledOnce).to.be.true`,
 * `expect(client.quit).toHaveBeenCalled()`, `sinon.assert.calledOnce(client.quit)`. Where
 * the test goes on, the resource was released; where it was not, the assertion throws
 * (bee-queue's queue closed with `quitCommandClient: true` quits the client it was given).
 */
export function assertsReleased(view: SiteView, node: TSESTree.Node, state: LifetimeState): boolean {
  if (view.site.release.size === 0) {
    return false;
  }
  const isCall = node.type === AST_NODE_TYPES.CallExpression;
  const member = isCall ? skipTransparentWrappers(node.callee) : node;
  if (isCall) {
    const name = getDottedName(node.callee);
    const [first] = node.arguments;
    if (name !== null && (calledAssertions.truthFunctions as readonly string[]).includes(name)) {
      return isCalledProperty(view, first, state);
    }
    if (name !== null && (calledAssertions.spyFunctions as readonly string[]).includes(name)) {
      return isReleaseMethodOf(view, first, state);
    }
    const sides = getAssertedEquality(node);
    const expected = sides ? skipTransparentWrappers(sides[1]) : null;
    if (sides && expected?.type === AST_NODE_TYPES.Literal && expected.value === true) {
      return isCalledProperty(view, sides[0], state);
    }
  } else if (node.type !== AST_NODE_TYPES.MemberExpression || (node.parent.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node)) {
    return false; // a read member ends a chain only where it is not called
  }
  if (member.type !== AST_NODE_TYPES.MemberExpression || member.computed || member.property.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const expectation = getExpectSubject(member);
  if (!expectation?.subject || expectation.negated) {
    return false;
  }
  const matcher = member.property.name;
  return (
    ((calledAssertions.truthMembers as readonly string[]).includes(matcher) && isCalledProperty(view, expectation.subject, state)) ||
    ((calledAssertions.spyMembers as readonly string[]).includes(matcher) && isReleaseMethodOf(view, expectation.subject, state))
  );
}
