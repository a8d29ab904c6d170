import type { TSESTree } from '@typescript-eslint/types';
import { type Leak, type LifetimeState, type SiteView, stateKey, type UseAfterRelease } from './state.js';
import type { Site } from './site.js';
import { MethodSet } from './methods.js';
import { getLastReference } from './positions.js';
import type { TSESLint } from '@typescript-eslint/utils';
import type { Path, SharedRuns } from '../flow/types.js';

type Variable = TSESLint.Scope.Variable;

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

/** Lists and sets as described, by identity: they are not changed once a site is built. */
const described = new WeakMap<object, string>();

/**
 * Short names for the lists of one analysis's sites, equal for equal lists. n sites of one
 * holder each list its n + 1 release calls: class keys that spelled the lists out cost n²
 * characters over the sites. Kept per analysis, so that the names go with it.
 */
class ListNames {
  private readonly byList = new WeakMap<object, string>();
  private readonly byText = new Map<string, string>();

  get(list: object, text: () => string): string {
    let name = this.byList.get(list);
    if (name === undefined) {
      const spelled = text();
      name = this.byText.get(spelled);
      if (name === undefined) {
        name = `[${String(this.byText.size)}]`;
        this.byText.set(spelled, name);
      }
      this.byList.set(list, name);
    }
    return name;
  }
}

function describe(value: unknown, names: ListNames | null = null): string {
  if (typeof value === 'function') {
    return `#${String(identity(value))}`;
  }
  if (value === null || typeof value !== 'object') {
    return typeof value === 'undefined' ? 'undefined' : JSON.stringify(value);
  }
  if (value instanceof MethodSet) {
    return `methods(${value.signature})`;
  }
  if (Array.isArray(value) || value instanceof Set) {
    // Sites of one holder share their lists (SiteRecognizer.getHolderFacts): described once.
    const spell = (): string => {
      let text = described.get(value);
      if (text === undefined) {
        text = `[${[...(value as Iterable<unknown>)].map((item) => describe(item)).join(',')}]`;
        described.set(value, text);
      }
      return text;
    };
    return names ? names.get(value, spell) : spell();
  }
  return `#${String(identity(value))}`;
}

/**
 * What a site's behaviour depends on, apart from where it acquires: sites with the same
 * class key run every statement that holds neither acquisition the same way. With `names`
 * (one per analysis), lists are named, not spelled out.
 */
export function siteClassKey(site: Site, names: ListNames | null = null): string {
  const parts: string[] = [];
  for (const [field, value] of Object.entries(site)) {
    if (field === 'choice') {
      parts.push(`choice=${String(value === null)}`);
    } else if (field === 'destination') {
      const destination = value as Site['destination'];
      parts.push(`destination=${destination.kind}${destination.kind === 'variable' ? describe(destination.variable, names) : ''}`);
    } else if (!OWN_FIELDS.has(field)) {
      parts.push(`${field}=${describe(value, names)}`);
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
  private readonly names = new ListNames();

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
          const key = `${String(site.fn.range[0])}/${siteClassKey(other, this.names)}`;
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

/**
 * A path that is lost (reported), handed on, or released with no use after the release
 * left to look for, can only become open again by its site acquiring again, which gives the
 * same fresh state the first acquisition gave: following it finds nothing, so the
 * interpreter may drop it (FlowDomain.isFinal).
 */
export function isFinalState(site: Site, state: LifetimeState, followReleased: boolean): boolean {
  if (state.status === 'lost' || state.status === 'handedOff') {
    return true;
  }
  return (
    state.status === 'released' &&
    !isReopenable(site, state) &&
    (!followReleased || state.releasedBy === null || (site.uses.size === 0 && !site.callable && !site.releaseTwiceFails))
  );
}

/**
 * A state's identity without which call released it (FlowDomain.coarseKey): paths released
 * by different calls do the same from there on, and differ only in the release a report of
 * a use after it names. A resource that may be opened again keeps its full identity.
 */
export function coarseStateKey(site: Site, state: LifetimeState): string {
  if (state.status !== 'released' || state.releasedBy === null || isReopenable(site, state)) {
    return stateKey(state);
  }
  let key = coarseKeys.get(state);
  if (key === undefined) {
    key = `~${stateKey({ ...state, releasedBy: null })}`;
    coarseKeys.set(state, key);
  }
  return key;
}

const coarseKeys = new WeakMap<LifetimeState, string>();

/**
 * A path released by a call (uses after it looked for), where the site does not acquire
 * again from `next` on, can be carried past the rest of its list (FlowDomain.isInert) once
 * nothing there names a holder or a releasing function (the domain checks that): it cannot
 * be used, released or opened again there. In a loop body a site released in one of n
 * statements otherwise walked the statements after it: n² over the sites.
 */
export function isInertState(site: Site, state: LifetimeState, next: TSESTree.Node): boolean {
  return (
    state.status === 'released' &&
    state.releasedBy !== null &&
    !isReopenable(site, state) &&
    (site.value === null || site.value.range[0] < next.range[0])
  );
}

/**
 * A released resource leaving the block that declares a holder loses that holder: no code
 * can name it any more (in a loop, the next iteration binds a new one). With no holder left,
 * forgetRelease makes the path final. Kept, a site released in one of n statements of a loop
 * body carried its dead holder round the loop and walked the statements before its own
 * again: n² over the sites, with uses after the release looked for.
 */
export function dropDeadHolders(view: SiteView, scope: TSESTree.Node, state: LifetimeState): LifetimeState {
  if (state.status !== 'released' || state.holders.length === 0 || scope === view.site.fn) {
    return state;
  }
  const holders = state.holders.filter((id) => view.context.variableOf(id)?.scope.block !== scope);
  return holders.length === state.holders.length ? state : { ...state, holders };
}

/** Whether a released resource may be opened again by its model's `reopenedBy` (a holder still names it). */
export function isReopenable(site: Site, state: LifetimeState): boolean {
  return (site.reopenedBy?.size ?? 0) > 0 && state.holders.length > 0;
}

/**
 * A run of the code at `range` can be shared with a site that behaves alike unless it
 * involves what differs between them: the acquisition, the branch it is acquired in, or a
 * resource not bound to a variable yet (its leak is reported on the acquisition).
 */
export function canShareRun(site: Site, range: TSESTree.Range, paths: readonly Path<LifetimeState>[]): boolean {
  const overlaps = (node: TSESTree.Node | null): boolean => node !== null && node.range[0] < range[1] && range[0] < node.range[1];
  return !overlaps(site.value) && !overlaps(site.node) && !overlaps(site.choice) && paths.every((path) => !path.state.anonymous);
}

/** What a domain records while it runs: a leak (by its key), a use after release, a release or hand-off. */
export type DomainEffect = 'settled' | { readonly key: string; readonly leak: Leak } | { readonly use: UseAfterRelease; readonly at: number };

/** Where a domain keeps what it found. */
interface EffectTarget {
  readonly leaks: Map<string, Leak>;
  readonly usesAfterRelease: Map<number, UseAfterRelease>;
  settled: boolean;
}

/**
 * The effects of one recording, each kept once: `settled` once, a leak by its key (the
 * first, as the target keeps the first), a use after release by its position (the last, as
 * the target keeps the last). A run that settles the resource in each of n statements then
 * records one effect, not n: replaying the halves of a long list (execRange) for each of n
 * sites would otherwise replay n²/2 effects.
 */
class Recording {
  private readonly effects = new Map<string, DomainEffect>();

  constructor(readonly reads: number) {}

  add(effect: DomainEffect): void {
    if (effect === 'settled') {
      this.effects.set('settled', effect);
    } else if ('use' in effect) {
      this.effects.set(`use:${String(effect.at)}`, effect);
    } else if (!this.effects.has(`leak:${effect.key}`)) {
      this.effects.set(`leak:${effect.key}`, effect);
    }
  }

  list(): DomainEffect[] {
    return [...this.effects.values()];
  }
}

/**
 * Applies a domain's effects and records them for shared runs (recordings nest: an inner
 * run's effects belong to the outer one too). A recording during which the analysis read a
 * site's own acquisition (`siteReads` moved) is not shareable.
 */
export class EffectRecorder {
  private readonly recordings: Recording[] = [];

  constructor(
    private readonly target: EffectTarget,
    private readonly siteReads: (() => number) | null,
  ) {}

  /** Applies `effect`, and adds it to the recording under way. */
  record(effect: DomainEffect): void {
    const { target } = this;
    if (effect === 'settled') {
      target.settled = true;
    } else if ('use' in effect) {
      target.usesAfterRelease.set(effect.at, effect.use);
    } else if (!target.leaks.has(effect.key)) {
      target.leaks.set(effect.key, effect.leak);
    }
    this.recordings.at(-1)?.add(effect);
  }

  /** Starts a recording. */
  begin(): void {
    this.recordings.push(new Recording(this.siteReads?.() ?? 0));
  }

  /** Ends the innermost recording: its effects, and whether it may be shared. */
  end(): { effects: readonly unknown[]; shareable: boolean } {
    const recording = this.recordings.pop();
    if (!recording) {
      return { effects: [], shareable: false };
    }
    const effects = recording.list();
    const parent = this.recordings.at(-1);
    if (parent) {
      for (const effect of effects) {
        parent.add(effect);
      }
    }
    return { effects, shareable: (this.siteReads?.() ?? 0) === recording.reads };
  }

  /** Does again what a recording did. */
  replay(effects: readonly unknown[]): void {
    for (const effect of effects as readonly DomainEffect[]) {
      this.record(effect);
    }
  }
}

/**
 * Whether a use after the release (or a second release) can still be found from `next` on:
 * a released path that nothing later names can be dropped or carried past its list.
 */
export function mayBeUsedFrom(view: SiteView, state: LifetimeState, next: TSESTree.Node | null): boolean {
  const { site } = view;
  if (site.uses.size === 0 && !site.callable && !site.releaseTwiceFails) {
    // Nothing done with it after a release is a defect this model knows of.
    return false;
  }
  if (next === null || state.anonymous) {
    return true;
  }
  const from = next.range[0];
  const referencedLater = (variable: Variable | undefined): boolean =>
    variable !== undefined && getLastReference(variable) >= from;
  return (
    state.holders.some((id) => referencedLater(view.context.variableOf(id))) ||
    [...site.releaseFunctions].some(referencedLater)
  );
}
