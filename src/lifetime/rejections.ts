import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getPropertyName, isFunctionNode } from '../flow/syntax.js';
import { rejectionAssertions } from '../models/assertions.js';
import { getCallSites } from '../util/functions.js';
import { searchNode } from '../util/walk.js';
import { climbTransparentWrappers } from '../util/wrappers.js';
import { getWriteReferences } from '../util/references.js';

// Acquisitions a test asserts to fail. `await assert.rejects(async () => { await
// oracledb.getConnection(bad) })` either sees the acquisition reject, and nothing was
// acquired, or sees it succeed, and the test fails: no path has the resource and a test
// that passes. The acquisition must be the whole outcome of what is asserted: in
// `assert.rejects(async () => { const c = await pool.connect(); await c.query(bad) })` the
// connection is taken and the test passes with it open, which stays a leak.
//
// The outcome may travel before it is asserted: kept in a variable whose every read is
// asserted to fail (`const p = pool.getConnection(); try { await p; assert.fail() } catch
// {}`), or returned by a function of the file every call of which is asserted to fail
// (`const connect = async () => { await oracledb.getConnection(bad) }` and
// `assert.rejects(() => connect())` wherever it is called). And a call made once as a bare
// statement and repeated, identical, in the next statement under an assertion that it fails
// (`oracledb.getConnection(config); await assert.rejects(async () => await
// oracledb.getConnection(config))`): if the first succeeded, so would the second, and the
// test fails.

type Variable = TSESLint.Scope.Variable;

/** Finds the variable an identifier names (the analysis's scope lookup). */
export type Resolver = (node: TSESTree.Node) => Variable | null;

/** How many functions (or variables) an outcome is followed through to its assertion. */
const MAX_DEPTH = 3;

const functions: ReadonlySet<string> = new Set(rejectionAssertions.functions);
const members: ReadonlySet<string> = new Set(rejectionAssertions.members);
const failures: ReadonlySet<string> = new Set(rejectionAssertions.failures);

/** `assert.strict.rejects` as that text; `null` for a computed or other shape. */
function getDottedName(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Identifier) {
    return node.name;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
    const object = getDottedName(node.object);
    return object === null ? null : `${object}.${node.property.name}`;
  }
  return null;
}

/** The outermost node whose value is `call`'s outcome: the call, or the `await` of it. */
function climbOutcome(call: TSESTree.Node): TSESTree.Node {
  const node = climbTransparentWrappers(call);
  return node.parent?.type === AST_NODE_TYPES.AwaitExpression ? climbTransparentWrappers(node.parent) : node;
}

/**
 * Whether the member chain over `start` (`expect(x).rejects.toThrow()`,
 * `p.should.be.rejectedWith(E)`) names a member that requires a failure, without `.not`.
 */
function chainRequiresFailure(start: TSESTree.Node): boolean {
  let current: TSESTree.Node = start;
  let fails = false;
  for (;;) {
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
      const name = getPropertyName(parent);
      if (name === 'not') {
        return false;
      }
      fails ||= name !== null && members.has(name);
    } else if (!(parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === current)) {
      return fails;
    }
    current = parent;
  }
}

/**
 * Whether `node` (a promise, or a function) is what an assertion requires to fail:
 * `assert.rejects(node)`, `expect(node).rejects…`, `expect(node).to.be.rejectedWith(…)`,
 * `node.should.be.rejected`.
 */
function isFailureSubject(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === node) {
    const name = getDottedName(parent.callee);
    if (name !== null && functions.has(name)) {
      return true;
    }
    return name === 'expect' && chainRequiresFailure(parent);
  }
  return (
    parent?.type === AST_NODE_TYPES.MemberExpression &&
    parent.object === node &&
    getPropertyName(parent) === 'should' &&
    chainRequiresFailure(node)
  );
}

/**
 * The function whose outcome `outcome` is: an arrow's expression body, or the last
 * statement of its body (`return outcome`, or `await outcome;`). `null` otherwise.
 */
function getFunctionOfOutcome(outcome: TSESTree.Node): TSESTree.Node | null {
  const parent = outcome.parent;
  if (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === outcome) {
    return parent;
  }
  const statement =
    (parent?.type === AST_NODE_TYPES.ReturnStatement && parent.argument === outcome) ||
    (parent?.type === AST_NODE_TYPES.ExpressionStatement && parent.expression === outcome)
      ? parent
      : null;
  const block = statement?.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement || block.body.at(-1) !== statement) {
    return null;
  }
  return isFunctionNode(block.parent) ? block.parent : null;
}

/**
 * `try { await acquire(); assert.fail('connected') } catch (e) { … }`: the statement after
 * the acquisition fails the test, so it runs only on the path the test forbids.
 */
function isFollowedByFailure(outcome: TSESTree.Node): boolean {
  const parent = outcome.parent;
  let statement: TSESTree.Node | undefined;
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement) {
    statement = parent;
  } else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === outcome && parent.parent.declarations.length === 1) {
    statement = parent.parent;
  }
  const block = statement?.parent;
  if (
    !statement ||
    block?.type !== AST_NODE_TYPES.BlockStatement ||
    block.parent.type !== AST_NODE_TYPES.TryStatement ||
    block.parent.block !== block ||
    !block.parent.handler
  ) {
    return false;
  }
  const next = block.body[block.body.indexOf(statement as TSESTree.Statement) + 1];
  if (next?.type === AST_NODE_TYPES.ThrowStatement) {
    // `throw new Error('connected with a bad password')`: the same as `assert.fail(…)`.
    return true;
  }
  if (next?.type !== AST_NODE_TYPES.ExpressionStatement) {
    return false;
  }
  const call = next.expression;
  const name = call.type === AST_NODE_TYPES.CallExpression ? getDottedName(call.callee) : null;
  return name !== null && failures.has(name);
}

/** Whether `outcome` itself is asserted to fail: the subject of an assertion, or followed by a failure in a `try`. */
function isFailingOutcome(outcome: TSESTree.Node): boolean {
  return isFailureSubject(outcome) || isFollowedByFailure(outcome);
}

/**
 * The variable that keeps `outcome` (`const p = pool.getConnection()`) when nothing else
 * is ever stored in it; `null` otherwise.
 */
function getKeepingVariable(outcome: TSESTree.Node, resolve: Resolver): Variable | null {
  const parent = outcome.parent;
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== outcome || parent.id.type !== AST_NODE_TYPES.Identifier) {
    return null;
  }
  const variable = resolve(parent.id);
  return variable && getWriteReferences(variable).every((reference) => reference.init === true) ? variable : null;
}

/** The variable a function of the file is bound to (`function f`, `const f = async () => …`). */
function getFunctionBinding(fn: TSESTree.Node, resolve: Resolver): Variable | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    return fn.id ? resolve(fn.id) : null;
  }
  const parent = climbTransparentWrappers(fn).parent;
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier ? resolve(parent.id) : null;
}

/** How many nodes two expressions may have and still be compared. */
const MAX_COMPARED_NODES = 200;

/**
 * Node fields that say where a node is, not what it is: ESLint's `range` and `loc`, and the
 * `start` / `end` offsets oxlint's nodes carry as well.
 */
const positionKeys: ReadonlySet<string> = new Set(['parent', 'range', 'loc', 'start', 'end']);

function getContentKeys(node: Record<string, unknown>): string[] {
  return Object.keys(node).filter((key) => !positionKeys.has(key));
}

/** Whether two expressions are written the same (same shape, names and literals), within a node budget. */
function isSameExpression(a: unknown, b: unknown, budget: { left: number }): boolean {
  if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') {
    return a === b;
  }
  if (budget.left-- <= 0 || Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => isSameExpression(item, b[index], budget));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = getContentKeys(left);
  return keys.length === getContentKeys(right).length && keys.every((key) => isSameExpression(left[key], right[key], budget));
}

/** `acquire(config);` as a statement, with the same call asserted to fail in the next statement. */
function isRepeatedUnderFailure(call: TSESTree.Node, resolve: Resolver | undefined, depth: number): boolean {
  const outcome = climbOutcome(call);
  const statement = outcome.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || !('body' in statement.parent) || !Array.isArray(statement.parent.body)) {
    return false;
  }
  const siblings = statement.parent.body as TSESTree.Node[];
  const next = siblings[siblings.indexOf(statement) + 1];
  if (!next) {
    return false;
  }
  const repeated = searchNode(
    next,
    (node) =>
      node.type === call.type &&
      isSameExpression(node, call, { left: MAX_COMPARED_NODES }) &&
      isOutcomeAssertedToFail(climbOutcome(node), resolve, depth + 1),
    { enterFunctions: true },
  );
  return repeated.node !== null;
}

function isOutcomeAssertedToFail(outcome: TSESTree.Node, resolve: Resolver | undefined, depth: number): boolean {
  if (isFailingOutcome(outcome)) {
    return true;
  }
  const fn = getFunctionOfOutcome(outcome);
  if (fn !== null && isFailureSubject(climbTransparentWrappers(fn))) {
    return true;
  }
  if (!resolve || depth >= MAX_DEPTH) {
    return false;
  }
  if (fn !== null) {
    // A function of the file whose outcome is the acquisition: asserted to fail when every
    // call of it is (and it is not passed on, which would hide other callers).
    const { calls, complete } = getCallSites(getFunctionBinding(fn, resolve));
    return complete && calls.every((call) => isOutcomeAssertedToFail(climbOutcome(call), resolve, depth + 1));
  }
  const variable = getKeepingVariable(outcome, resolve);
  const reads = variable?.references.filter((reference) => reference.isRead()) ?? [];
  return reads.length > 0 && reads.every((read) => isOutcomeAssertedToFail(climbOutcome(read.identifier), resolve, depth + 1));
}

/**
 * Whether the acquisition `call` is asserted to fail: its outcome (or the outcome of the
 * function it ends) is what a rejection assertion requires to reject or throw, or the
 * statement after it in a `try` fails the test. Such a call acquires nothing on any path
 * where the test passes. With `resolve`, the outcome is followed through a variable that
 * keeps it and through a function of the file that returns it (see the top of this file).
 */
export function isAssertedToFail(call: TSESTree.CallExpression | TSESTree.NewExpression, resolve?: Resolver): boolean {
  return isOutcomeAssertedToFail(climbOutcome(call), resolve, 0) || isRepeatedUnderFailure(call, resolve, 0);
}
