import type { TSESTree } from '@typescript-eslint/types';
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
    // Children go on the stack in source order, then the new part is reversed so that the
    // first child is visited first; no array per node (this walk runs over whole bodies).
    const first = stack.length;
    const fields = node as unknown as Record<string, unknown>;
    for (const key in fields) {
      const value = fields[key];
      if (key === 'parent' || value === null || typeof value !== 'object') {
        continue;
      }
      if (Array.isArray(value)) {
        for (const child of value as unknown[]) {
          pushChild(stack, child, enterFunctions);
        }
      } else {
        pushChild(stack, value, enterFunctions);
      }
    }
    for (let low = first, high = stack.length - 1; low < high; low++, high--) {
      const swap = stack[low] as TSESTree.Node;
      stack[low] = stack[high] as TSESTree.Node;
      stack[high] = swap;
    }
  }
  return { node: null, exhausted: false };
}

function pushChild(stack: TSESTree.Node[], child: unknown, enterFunctions: boolean): void {
  if (
    child !== null &&
    typeof child === 'object' &&
    typeof (child as { type?: unknown }).type === 'string' &&
    (enterFunctions || !isFunctionLike(child as TSESTree.Node))
  ) {
    stack.push(child as TSESTree.Node);
  }
}

/**
 * The nodes reachable from `root` through `next` that are not `done` yet, callees before
 * their callers (root last), walked with an explicit stack. A node met again while it is
 * on the stack (a cycle) is not entered twice.
 */
export function postOrder<T>(root: T, keyOf: (node: T) => string, next: (node: T) => readonly T[], done: (node: T) => boolean): T[] {
  const order: T[] = [];
  const seen = new Set<string>([keyOf(root)]);
  const stack: { node: T; children: readonly T[] | null; index: number }[] = [{ node: root, children: null, index: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (!frame) {
      break;
    }
    frame.children ??= next(frame.node);
    const child = frame.children[frame.index];
    if (child === undefined) {
      stack.pop();
      order.push(frame.node);
      continue;
    }
    frame.index += 1;
    const key = keyOf(child);
    if (!seen.has(key) && !done(child)) {
      seen.add(key);
      stack.push({ node: child, children: null, index: 0 });
    }
  }
  return order;
}
