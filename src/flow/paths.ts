import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Completions, FlowDomain, Path } from './types.js';

/** A completion record with no paths. */
export function emptyCompletions<S>(): Completions<S> {
  return { normal: [], return: [], throw: [], break: new Map(), continue: new Map() };
}

/**
 * How good a witness an origin is: a statement (`return`, `throw`, `break`) is what a
 * reader sees written; an awaited call is I/O that fails at run time; any other call
 * may throw in principle but rarely does (`util.promisify(fn)`).
 */
function witnessRank(origin: Path<unknown>['origin']): number {
  if (origin === null) {
    return 0;
  }
  if (origin.type.endsWith('Statement')) {
    return 2;
  }
  return origin.type === AST_NODE_TYPES.AwaitExpression || origin.parent?.type === AST_NODE_TYPES.AwaitExpression
    ? 1
    : 0;
}

/**
 * Merges path lists, keeping one path per distinct state. The first path seen for a
 * state wins, except that a better witness replaces it (see witnessRank): an explicit
 * `throw` replaces a call that may throw, and an awaited call a synchronous one, so
 * reports name what the code says and what fails in practice. Of paths that differ only
 * in what the domain reports of them, a few are kept (see keepFewAlike).
 */
export function mergePaths<S>(domain: FlowDomain<S>, ...lists: readonly (readonly Path<S>[])[]): Path<S>[] {
  const out = mergeDistinct(domain, lists);
  return out.length > MAX_ALIKE_PATHS && domain.coarseKey ? keepFewAlike(domain, out) : out;
}

/**
 * How many paths whose states differ only in what the domain reports (see
 * FlowDomain.coarseKey) are kept at one point. n conditional releases each leave a path
 * released by its own call; carried on to the end of the function, n such paths made it
 * cost n² (a flag tested n times, with uses after the release looked for).
 */
export const MAX_ALIKE_PATHS = 4;

/**
 * `paths` with at most MAX_ALIKE_PATHS of each coarse key, the first ones: the others do
 * what those do, so what is lost is at most a report that only their witness would make
 * (a use after a release by another call): the analysis is coarser there, never louder.
 */
function keepFewAlike<S>(domain: FlowDomain<S>, paths: Path<S>[]): Path<S>[] {
  const counts = new Map<string, number>();
  const kept = paths.filter((path) => {
    const state = domain.coarseKey?.(path.state) ?? '';
    const key = path.resume === undefined ? state : `${path.resume}\u0000${state}`;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    return count <= MAX_ALIKE_PATHS;
  });
  return kept.length === paths.length ? paths : kept;
}

function mergeDistinct<S>(domain: FlowDomain<S>, lists: readonly (readonly Path<S>[])[]): Path<S>[] {
  if (lists.length === 1 && (lists[0]?.length ?? 0) <= 1) {
    return [...(lists[0] ?? [])];
  }
  const seen = new Map<string, number>();
  const out: Path<S>[] = [];
  for (const list of lists) {
    for (const path of list) {
      const key = pathKey(domain, path);
      const index = seen.get(key);
      if (index === undefined) {
        seen.set(key, out.length);
        out.push(path);
      } else if (witnessRank(path.origin) > witnessRank(out[index]?.origin ?? null)) {
        out[index] = path;
      }
    }
  }
  return out;
}

/** Identity of a path: its state's key, and where it resumes after the `finally` blocks it is in. */
export function pathKey<S>(domain: FlowDomain<S>, path: Path<S>): string {
  const key = domain.key(path.state);
  return path.resume === undefined ? key : `${path.resume}\u0000${key}`;
}

/** `path` with another state (same origin, same place to resume). */
export function withState<S>(path: Path<S>, state: S): Path<S> {
  return state === path.state ? path : { ...path, state };
}

/** Adds `paths` to the list under `label` in a break/continue map. */
export function addLabelled<S>(
  domain: FlowDomain<S>,
  map: Map<string | null, Path<S>[]>,
  label: string | null,
  paths: readonly Path<S>[],
): void {
  if (paths.length === 0) {
    return;
  }
  map.set(label, mergePaths(domain, map.get(label) ?? [], paths));
}

/** Merges `from` into `into` kind by kind. */
export function mergeCompletionsInto<S>(domain: FlowDomain<S>, into: Completions<S>, from: Completions<S>): void {
  into.normal = mergePaths(domain, into.normal, from.normal);
  into.return = mergePaths(domain, into.return, from.return);
  into.throw = mergePaths(domain, into.throw, from.throw);
  for (const [label, paths] of from.break) {
    addLabelled(domain, into.break, label, paths);
  }
  for (const [label, paths] of from.continue) {
    addLabelled(domain, into.continue, label, paths);
  }
}

/** Paths with their origin cleared: an abrupt completion that has been caught is normal again. */
export function asNormal<S>(paths: readonly Path<S>[]): Path<S>[] {
  return paths.map((path) => (path.origin === null ? path : { ...path, origin: null }));
}

/** Paths with `origin` set, for a path that starts an abrupt completion at `origin`. */
export function withOrigin<S>(paths: readonly Path<S>[], origin: Path<S>['origin']): Path<S>[] {
  return paths.map((path) => ({ ...path, origin }));
}

/** A copy of `completions` whose lists can be changed without changing the original. */
export function copyCompletions<S>(completions: Completions<S>): Completions<S> {
  return {
    normal: [...completions.normal],
    return: [...completions.return],
    throw: [...completions.throw],
    break: new Map([...completions.break].map(([label, paths]) => [label, [...paths]])),
    continue: new Map([...completions.continue].map(([label, paths]) => [label, [...paths]])),
  };
}
