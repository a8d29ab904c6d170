import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { contains, isFunctionNode } from '../flow/syntax.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { readsOwnState } from './assertions.js';
import { isUnrelatedToGuard } from './guards.js';
import type { LifetimeState, SiteView } from './state.js';
import { hasNodeWithin } from '../util/ranges.js';
import { getWriteReferences } from '../util/references.js';

type Variable = TSESLint.Scope.Variable;
type Resolve = (node: TSESTree.Node) => Variable | null;

/**
 * Whether `test` reads a flag: a variable the code assigns after declaring it, and only
 * ever with literals (`released = true`, `state = 'done'`), as in
 * `if (!released) client.release()`. Whether a path through such a test exists depends on
 * the flag's value, which the analysis follows only for `true`/`false` flags (those are
 * passed as `isTracked`). A variable given other values (a connection) is no flag.
 */
export function readsFlag(
  test: TSESTree.Node,
  resolve: Resolve,
  isTracked: (variable: Variable) => boolean = () => false,
): boolean {
  const inner = skipTransparentWrappers(test);
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier: {
      const variable = resolve(inner);
      if (variable === null || isTracked(variable)) {
        return false;
      }
      const writes = getWriteReferences(variable);
      return (
        writes.some((reference) => !reference.init) &&
        writes.every((reference) => reference.writeExpr?.type === AST_NODE_TYPES.Literal || isDoneRead(reference.writeExpr))
      );
    }
    case AST_NODE_TYPES.UnaryExpression:
      return readsFlag(inner.argument, resolve, isTracked);
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.BinaryExpression:
      return (
        (inner.left.type !== AST_NODE_TYPES.PrivateIdentifier && readsFlag(inner.left, resolve, isTracked)) ||
        readsFlag(inner.right, resolve, isTracked)
      );
    case AST_NODE_TYPES.MemberExpression:
      return readsFlag(inner.object, resolve, isTracked);
    default:
      return false;
  }
}

/**
 * `(step = it.next()).done`: an iterator's own true/false, kept in a flag that says whether
 * it was used up (Babel's `_n` in `for (…; !(_n = (_s = _i.next()).done); _n = true)`).
 */
function isDoneRead(node: TSESTree.Node | null | undefined): boolean {
  const inner = node ? skipTransparentWrappers(node) : null;
  return (
    inner?.type === AST_NODE_TYPES.MemberExpression &&
    !inner.computed &&
    inner.property.type === AST_NODE_TYPES.Identifier &&
    inner.property.name === 'done'
  );
}

/**
 * Whether `node` runs only under a flag test (see readsFlag) that does not contain `except`,
 * or under a test `asksResource` accepts (the resource's own state: `!tx.finished`).
 */
export function isGuardedByFlag(
  node: TSESTree.Node,
  except: TSESTree.Node,
  fn: TSESTree.Node,
  resolve: Resolve,
  asksResource: (test: TSESTree.Node) => boolean = () => false,
): boolean {
  for (let current: TSESTree.Node = node; current !== fn && !isFunctionNode(current); ) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) {
      return false;
    }
    let test: TSESTree.Node | null = null;
    if (
      (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) &&
      parent.test !== current
    ) {
      test = parent.test;
    } else if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === current) {
      test = parent.left;
    } else if (
      (parent.type === AST_NODE_TYPES.WhileStatement || parent.type === AST_NODE_TYPES.ForStatement) &&
      parent.body === current
    ) {
      test = parent.test;
    }
    if (test && !contains(test, except) && (readsFlag(test, resolve) || asksResource(test))) {
      return true;
    }
    current = parent;
  }
  return false;
}

/**
 * Taking a branch that skips a release, under a condition the analysis cannot relate to
 * the resource, leaves the path undecided when the condition may well be the same
 * decision: the choice the resource was acquired under (`if (!this.runner) await
 * runner.release()`), or a flag that records the release (`if (!released) …`).
 */
export function undecidedBySkip(
view: SiteView,
state: LifetimeState,
skipped: TSESTree.Node | null,
test: TSESTree.Node,
): LifetimeState {
  if (
    state.status !== 'open' ||
    state.undecided ||
    skipped === null ||
    !hasNodeWithin(view.site.releaseCalls, skipped)
  ) {
    return state;
  }
  // A test inside the acquiring branch itself is not that choice: it is decided here.
  // A test of another value than the one the acquisition was guarded by is not that choice.
  const sameChoice = view.site.choice !== null && !contains(view.site.choice, skipped) && !isUnrelatedToGuard(view, test, state);
  // `if (!released) client.release()`: the flag says whether this path released already.
  // Flags that only ever hold `true` or `false` are followed exactly (see decide).
  const flag = readsFlag(
    test,
    (node) => view.context.resolve(node),
    (variable) => view.context.conditionKind(variable) === 'flag',
  );
  return sameChoice || flag || readsOwnState(view, test, state) ? { ...state, undecided: true } : state;
}
