import type { TSESLint } from '@typescript-eslint/utils';
import type { ComponentSpec, ResourceModel } from '../models/index.js';
import { universalReleaseMethods } from '../models/ownership.js';
import { MethodSet } from './methods.js';
import type { Site } from './site.js';

// What a site takes from the models its acquisition matched: their release and use methods
// and flags merged into one description (or, for a same-file summary, copied from the site
// the summarised function acquires).

type Variable = TSESLint.Scope.Variable;

/** What a site takes from its models (or, for a same-file summary, from another site). */
export type SiteParts = Pick<
  Site,
  | 'abandon'
  | 'callable'
  | 'closesOnError'
  | 'exhaustion'
  | 'keepAliveEvents'
  | 'keepAliveMethods'
  | 'kind'
  | 'opensOn'
  | 'opensThroughMembers'
  | 'receiverReleases'
  | 'release'
  | 'releaseCall'
  | 'releaseIsAsync'
  | 'fixHints'
  | 'releaseCanFail'
  | 'releaseTwiceFails'
  | 'releaseVia'
  | 'uses'
  | 'usableAfterRelease'
  | 'reopenedBy'
  | 'handles'
  | 'what'
> & {
  /** Properties of the resource that are the resource (the models' `components`), by name. */
  readonly components?: ReadonlyMap<string, ComponentSpec>;
  /** The model lets an abort of the receiver's signal release (see findAbortController). */
  readonly releasedByAbort?: boolean;
  /** Methods that return the same resource (`find().sort()`). */
  readonly chain: ReadonlySet<string>;
  readonly releaseFunctions?: readonly Variable[];
  readonly errorVariable?: Variable | null;
  readonly thisGuard?: Site['thisGuard'];
};

/** Merges the models a call matched (usually one) into what its site needs. */
export function partsOf(models: readonly ResourceModel[], what: string): SiteParts {
  const [first] = models;
  const all = <T>(pick: (model: ResourceModel) => readonly T[] | undefined): T[] =>
    models.flatMap((model) => pick(model) ?? []);
  const kind = first?.kind ?? 'connection';
  const release = new MethodSet([
    ...all((model) => model.release),
    ...(kind === 'transaction' ? [] : universalReleaseMethods),
  ]);
  const releaseVia = new Set(all((model) => model.releaseVia));
  const [via] = releaseVia;
  // The advice names the model's own release (or its `releaseVia`), never the universal one.
  const ownRelease = new MethodSet(all((model) => model.release));
  return {
    kind,
    release,
    releaseVia,
    keepAliveEvents: new Set(all((model) => model.keepAliveEvents)),
    // A method that hands the resource on to its result ends this holder's duty as one that keeps it alive does.
    keepAliveMethods: new Set([...all((model) => model.keepAliveMethods), ...all((model) => model.handedOnBy)]),
    abandon: new MethodSet(all((model) => model.abandonedBy)),
    receiverReleases: all((model) => model.releasedByReceiver),
    uses: new Set(all((model) => model.uses)),
    usableAfterRelease: new Set(all((model) => model.usableAfterRelease)),
    reopenedBy: new Set(all((model) => model.reopenedBy)),
    handles: new Set(all((model) => model.handles)),
    components: new Map(all((model) => model.components).map((component) => [component.property, component])),
    releasedByAbort: models.length > 0 && models.every((model) => model.releasedByAbort === true),
    exhaustion: all((model) => model.exhaustion),
    // Where models disagree (`startTransaction()` is TypeORM's and MongoDB's), only what all say.
    releaseTwiceFails: models.every((model) => model.releaseTwiceFails === true),
    closesOnError: new Set(all((model) => model.closesOnError)),
    callable: models.every((model) => model.callable === true),
    opensOn: new Set(all((model) => model.opensOn)),
    opensThroughMembers: models.some((model) => model.opensThroughMembers === true),
    chain: new Set(all((model) => model.chain)),
    releaseCall: ownRelease.firstCall ?? via ?? release.firstCall ?? '',
    releaseIsAsync: first?.releaseIsAsync === true,
    fixHints: {
      rollbackCalls: models.flatMap((model) => (model.rollbackCall ? [{ call: model.rollbackCall, packages: model.packages }] : [])),
      disposal: models.length === 1 ? (first?.disposal ?? null) : null,
      releaseOptional: models.some((model) => model.releaseOptional === true),
      releaseIsOwn: ownRelease.firstCall !== null || via !== undefined,
    },
    releaseCanFail: models.some((model) => model.releaseCanFail ?? model.kind === 'transaction'),
    what,
  };
}

/** A site's model-derived parts, for a summary that stands for it elsewhere. */
export function partsOfSite(site: Site): SiteParts {
  return {
    kind: site.kind,
    release: site.release,
    releaseVia: site.releaseVia,
    keepAliveEvents: site.keepAliveEvents,
    keepAliveMethods: site.keepAliveMethods,
    abandon: site.abandon,
    uses: site.uses,
    ...(site.reopenedBy ? { reopenedBy: site.reopenedBy } : {}),
    ...(site.handles ? { handles: site.handles } : {}),
    exhaustion: site.exhaustion,
    releaseTwiceFails: site.releaseTwiceFails,
    closesOnError: site.closesOnError,
    callable: site.callable,
    opensOn: site.opensOn,
    opensThroughMembers: site.opensThroughMembers,
    chain: new Set(),
    releaseCall: site.releaseCall,
    releaseIsAsync: site.releaseIsAsync,
    fixHints: site.fixHints,
    releaseCanFail: site.releaseCanFail,
    what: site.what,
  };
}

