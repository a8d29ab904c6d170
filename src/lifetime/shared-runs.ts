import type { LifetimeState } from './state.js';
import type { Site } from './site.js';
import { MethodSet } from './methods.js';
import type { SharedRuns } from '../flow/types.js';

// Sites of one function that behave alike share their runs of statements. A loop that
// releases and re-acquires under n conditions has n sites, each live round the whole loop:
// interpreted one by one, each runs the loop's n statements. Sites that differ only in
// where they acquire (same holder, same models, same release calls) do the same to the
// same state in every statement that holds neither acquisition (LifetimeDomain.canShare),
// so the first run of such a statement is recorded and the others replay it.

/** Fields of a site that only its messages, fixes or own acquisition read. */
const OWN_FIELDS = new Set(['node', 'value', 'choice', 'name', 'what', 'fixHints', 'releaseCall']);

const ids = new WeakMap<object, number>();
let nextId = 0;

/** An identity for an object: two sites share a class only with the very same objects. */
function identity(value: object): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = nextId;
    nextId += 1;
    ids.set(value, id);
  }
  return id;
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'undefined' ? 'undefined' : JSON.stringify(value);
  }
  if (value instanceof MethodSet) {
    return `methods(${value.signature})`;
  }
  if (Array.isArray(value) || value instanceof Set) {
    return `[${[...(value as Iterable<unknown>)].map(describe).join(',')}]`;
  }
  return `#${String(identity(value))}`;
}

/**
 * What a site's behaviour depends on, apart from where it acquires: sites with the same
 * class key run every statement that holds neither acquisition the same way.
 */
export function siteClassKey(site: Site): string {
  const parts: string[] = [];
  for (const [field, value] of Object.entries(site)) {
    if (field === 'choice') {
      parts.push(`choice=${String(value === null)}`);
    } else if (field === 'destination') {
      const destination = value as Site['destination'];
      parts.push(`destination=${destination.kind}${destination.kind === 'variable' ? describe(destination.variable) : ''}`);
    } else if (!OWN_FIELDS.has(field)) {
      parts.push(`${field}=${describe(value)}`);
    }
  }
  return parts.join('|');
}

/**
 * The shared runs of each class of sites with more than one member in a function (a site
 * alone has no one to share with, and recording costs).
 */
export class SharedRunsByClass {
  private readonly keys = new Map<Site, string>();
  private readonly runs = new Map<string, SharedRuns<LifetimeState>>();
  private readonly counted = new Set<Site['fn']>();
  private readonly members = new Map<string, number>();

  constructor(private readonly sitesOf: (fn: Site['fn']) => readonly Site[]) {}

  /** The runs `site` shares with the sites like it, or `null` when it is alone. */
  for(site: Site): SharedRuns<LifetimeState> | null {
    if (site.value === null) {
      return null;
    }
    if (!this.counted.has(site.fn)) {
      this.counted.add(site.fn);
      for (const other of this.sitesOf(site.fn)) {
        if (other.value !== null) {
          const key = `${String(site.fn.range[0])}/${siteClassKey(other)}`;
          this.keys.set(other, key);
          this.members.set(key, (this.members.get(key) ?? 0) + 1);
        }
      }
    }
    const key = this.keys.get(site);
    if (key === undefined || (this.members.get(key) ?? 0) < 2) {
      return null;
    }
    let runs = this.runs.get(key);
    if (!runs) {
      runs = new Map();
      this.runs.set(key, runs);
    }
    return runs;
  }
}
