import type { TSESTree } from '@typescript-eslint/types';

/** The start offsets of a list's nodes, sorted, per list: the lists asked about are not changed once built. */
const sortedStarts = new WeakMap<readonly TSESTree.Node[], { starts: number[]; ends: number[] }>();

/**
 * Whether one of `nodes` lies within `outer`. The nodes' positions are sorted once per
 * list, so that the question costs log n: it is asked at every branch the interpreter
 * skips, of a list (a site's release calls) that grows with the function.
 */
export function hasNodeWithin(nodes: readonly TSESTree.Node[], outer: TSESTree.Node): boolean {
  let sorted = sortedStarts.get(nodes);
  if (!sorted) {
    const ordered = [...nodes].sort((a, b) => a.range[0] - b.range[0]);
    sorted = { starts: ordered.map((node) => node.range[0]), ends: ordered.map((node) => node.range[1]) };
    sortedStarts.set(nodes, sorted);
  }
  const { starts, ends } = sorted;
  // The first node starting at or after `outer` starts; nodes of one tree are nested or
  // disjoint, so each node starting inside `outer` before its end also ends inside it.
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((starts[middle] ?? 0) < outer.range[0]) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  for (let index = low; index < starts.length && (starts[index] ?? Infinity) < outer.range[1]; index++) {
    if ((ends[index] ?? Infinity) <= outer.range[1]) {
      return true;
    }
  }
  return false;
}
