import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionLike } from './functions.js';

/** What a bounded search found: the node, or that it ran out of budget before it could say. */
export interface SearchResult {
  readonly node: TSESTree.Node | null;
  /** The budget ran out: `node === null` then means "not known", never "not there". */
  readonly exhausted: boolean;
}

/** Options of {@link searchNode}. */
export interface SearchOptions {
  /** How many nodes to visit at most. */
  readonly limit?: number;
  /** Whether to look inside nested functions (they run at another time). */
  readonly enterFunctions?: boolean;
}

/**
 * The first node in `root` (depth first, children in source order) matching `predicate`,
 * outside nested functions unless asked. The walk is iterative (no input can overflow
 * the stack) and bounded: when `limit` nodes have been visited it stops and says so,
 * so that a caller can record the give-up instead of reading it as "absent".
 */
export function searchNode(
  root: TSESTree.Node,
  predicate: (node: TSESTree.Node) => boolean,
  { limit = 5000, enterFunctions = false }: SearchOptions = {},
): SearchResult {
  const stack: TSESTree.Node[] = [root];
  let left = limit;
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if (left-- <= 0) {
      return { node: null, exhausted: true };
    }
    if (predicate(node)) {
      return { node, exhausted: false };
    }
    const children: TSESTree.Node[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent' || value === null || typeof value !== 'object') {
        continue;
      }
      for (const child of Array.isArray(value) ? (value as unknown[]) : [value]) {
        if (
          child !== null &&
          typeof child === 'object' &&
          typeof (child as { type?: unknown }).type === 'string' &&
          (enterFunctions || !isFunctionLike(child as TSESTree.Node))
        ) {
          children.push(child as TSESTree.Node);
        }
      }
    }
    for (let index = children.length - 1; index >= 0; index--) {
      stack.push(children[index] as TSESTree.Node);
    }
  }
  return { node: null, exhausted: false };
}
