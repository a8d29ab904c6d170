import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getPropertyName, isFunctionNode } from '../flow/syntax.js';
import { rejectionAssertions } from '../models/assertions.js';
import { climbTransparentWrappers } from '../util/wrappers.js';

// Acquisitions a test asserts to fail. `await assert.rejects(async () => { await
// oracledb.getConnection(bad) })` either sees the acquisition reject, and nothing was
// acquired, or sees it succeed, and the test fails: no path has the resource and a test
// that passes. The acquisition must be the whole outcome of what is asserted: in
// `assert.rejects(async () => { const c = await pool.connect(); await c.query(bad) })` the
// connection is taken and the test passes with it open, which stays a leak.

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
  if (next?.type !== AST_NODE_TYPES.ExpressionStatement) {
    return false;
  }
  const call = next.expression;
  const name = call.type === AST_NODE_TYPES.CallExpression ? getDottedName(call.callee) : null;
  return name !== null && failures.has(name);
}

/**
 * Whether the acquisition `call` is asserted to fail: its outcome (or the outcome of the
 * function it ends) is what a rejection assertion requires to reject or throw, or the
 * statement after it in a `try` fails the test. Such a call acquires nothing on any path
 * where the test passes.
 */
export function isAssertedToFail(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const outcome = climbOutcome(call);
  if (isFailureSubject(outcome) || isFollowedByFailure(outcome)) {
    return true;
  }
  const fn = getFunctionOfOutcome(outcome);
  return fn !== null && isFailureSubject(climbTransparentWrappers(fn));
}
