import type { TSESTree } from '@typescript-eslint/types';
import { type FunctionNode, type GaveUp, hasGivenUp, interpretFunction } from './interpreter.js';
import type { FlowDomain } from './types.js';

/**
 * The nodes of `fn` that some path reaches, found by running the interpreter with a
 * one-state domain. Callers that start interpreting mid-function use it to tell live
 * code from dead (`try {} catch { … }` never enters its catch). When the function is past
 * the interpreter's budget the result says so (GaveUp), never "nothing is reached". `mayThrow` is the caller's domain's: what it takes not
 * to throw must not open paths here either.
 */
export function collectReachable(
  fn: FunctionNode,
  mayThrow?: (node: TSESTree.Node) => boolean,
  stepBudget?: number,
): ReadonlySet<TSESTree.Node> | GaveUp {
  const reached = new Set<TSESTree.Node>();
  // The single state is `true`: `null` would read as "impossible" to assume().
  const domain: FlowDomain<true> = {
    key: () => '',
    transfer: (node, state) => {
      reached.add(node);
      return state;
    },
    throwState: (_node, before) => before,
    ...(mayThrow ? { mayThrow } : {}),
    assume: (_test, _truthy, state) => state,
    assumeNullish: (_expr, _nullish, state) => state,
    leaveScope: (_scope, path) => path.state,
  };
  const result = interpretFunction(fn, domain, true, null, stepBudget);
  return hasGivenUp(result) ? result : reached;
}
