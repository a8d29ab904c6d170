import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode } from '../flow/syntax.js';

/**
 * The first node in `node` matching `predicate`, outside nested functions unless
 * `enterFunctions`. Gives up after `budget.left` nodes (`budget.exhausted` then says so).
 */
export function findNode(
  node: TSESTree.Node,
  predicate: (node: TSESTree.Node) => boolean,
  budget: { left: number; exhausted?: boolean } = { left: 2000 },
  enterFunctions = false,
): TSESTree.Node | null {
  if (budget.left-- <= 0) {
    budget.exhausted = true;
    return null;
  }
  if (predicate(node)) {
    return node;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || value === null || typeof value !== 'object') {
      continue;
    }
    const children: unknown[] = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (
        child !== null &&
        typeof child === 'object' &&
        typeof (child as { type?: unknown }).type === 'string' &&
        (enterFunctions || !isFunctionNode(child as TSESTree.Node))
      ) {
        const found = findNode(child as TSESTree.Node, predicate, budget, enterFunctions);
        if (found) {
          return found;
        }
      }
    }
  }
  return null;
}

/** Whether `node` (outside nested functions) contains a node matching `predicate`. */
export function containsNode(node: TSESTree.Node, predicate: (node: TSESTree.Node) => boolean): boolean {
  return findNode(node, predicate) !== null;
}
