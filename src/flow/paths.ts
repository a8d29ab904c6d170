import type { Completions, FlowDomain, Path } from './types.js';

/** A completion record with no paths. */
export function emptyCompletions<S>(): Completions<S> {
  return { normal: [], return: [], throw: [], break: new Map(), continue: new Map() };
}

/** Origins that are statements (`return`, `throw`, `break`) are what a reader sees written. */
function isExplicit(origin: Path<unknown>['origin']): boolean {
  return origin !== null && origin.type.endsWith('Statement');
}

/**
 * Merges path lists, keeping one path per distinct state. The first path seen for a
 * state wins, except that an explicit exit (a `throw` statement) replaces an implicit
 * one (a call that may throw) as the witness, so reports name what the code says.
 */
export function mergePaths<S>(domain: FlowDomain<S>, ...lists: readonly (readonly Path<S>[])[]): Path<S>[] {
  if (lists.length === 1 && (lists[0]?.length ?? 0) <= 1) {
    return [...(lists[0] ?? [])];
  }
  const seen = new Map<string, number>();
  const out: Path<S>[] = [];
  for (const list of lists) {
    for (const path of list) {
      const key = domain.key(path.state);
      const index = seen.get(key);
      if (index === undefined) {
        seen.set(key, out.length);
        out.push(path);
      } else if (isExplicit(path.origin) && !isExplicit(out[index]?.origin ?? null)) {
        out[index] = path;
      }
    }
  }
  return out;
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
  return paths.map((path) => (path.origin === null ? path : { state: path.state, origin: null }));
}

/** Paths with `origin` set, for a path that starts an abrupt completion at `origin`. */
export function withOrigin<S>(paths: readonly Path<S>[], origin: Path<S>['origin']): Path<S>[] {
  return paths.map((path) => ({ state: path.state, origin }));
}
