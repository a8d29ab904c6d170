import type { TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from '../../src/create-rule.js';
import type { ResourceKind } from '../../src/models/index.js';
import { modelsFromUserResources, releaserSchema, ruleResourceSchema, type UserResource } from '../../src/settings.js';
import { recordLeakPath } from '../../src/trace.js';
import { describeLeak, type LeakMessageId, pickReportedLeak } from '../../src/lifetime/describe.js';
import {
  getFinallySuggestion,
  getLeakSuggestions,
  getUsingSuggestion,
  type Suggestion,
  suggestionMessages,
  type SuggestionMessageId,
} from '../../src/fix/index.js';
import { noteSharedExit } from '../../src/lifetime/same-defect.js';
import {
  type PlacementMessageId,
  placementMessages,
  reportDisposableLeak,
  reportReleaseOutsideFinally,
  requireFinallySchema,
} from '../../src/lifetime/placement.js';
import { getCollector, recordGiveUps } from '../../src/lifetime/shared.js';
import { throwPathsInEntryPointsSchema } from '../../src/lifetime/entry-points.js';
import { createLeakPolicy } from '../../src/lifetime/leak-policy.js';
import { throwPathsInTestsSchema } from '../../src/lifetime/test-files.js';

/** Options shared by the rules that report leaks of one kind of resource. */
export type LeakRuleOptions = [
  {
    resources?: Omit<UserResource, 'kind' | 'uses'>[];
    releasers?: string[];
    requireFinally?: boolean;
    throwPathsInTests?: boolean;
    throwPathsInEntryPoints?: boolean;
  },
];

export type LeakRuleMessageId = LeakMessageId | PlacementMessageId | SuggestionMessageId;

interface LeakRuleConfig {
  readonly name: string;
  readonly kind: ResourceKind;
  readonly description: string;
  readonly messages: Readonly<Record<LeakMessageId, string>>;
  /**
   * The try/finally suggestion's text; `null` for resources a `finally` does not settle (a
   * transaction is committed on success and rolled back on failure: its suggestion rolls
   * back in `catch`), which then have no `requireFinally` option either.
   */
  readonly suggestion: string | null;
  readonly resourcesDescription: string;
}

/**
 * Builds a rule that reports resources of one kind left open on some path: the same
 * analysis for connections, cursors and transactions, with their own words.
 */
export function createLeakRule(config: LeakRuleConfig) {
  const settledInFinally = config.suggestion !== null;
  return createRule<LeakRuleOptions, LeakRuleMessageId>({
    name: config.name,
    meta: {
      type: 'problem',
      docs: { description: config.description, recommended: true },
      hasSuggestions: true,
      messages: {
        ...config.messages,
        ...placementMessages,
        ...suggestionMessages,
        wrapInTryFinallySuggestion: config.suggestion ?? 'Wrap the rest of the block in `try { … } finally { {{release}}; }`.',
      },
      schema: [
        {
          type: 'object',
          properties: {
            resources: {
              type: 'array',
              items: ruleResourceSchema,
              description: config.resourcesDescription,
            },
            releasers: releaserSchema,
            ...(settledInFinally ? { requireFinally: requireFinallySchema } : {}),
            throwPathsInTests: throwPathsInTestsSchema,
            throwPathsInEntryPoints: throwPathsInEntryPointsSchema,
          },
          additionalProperties: false,
        },
      ],
      defaultOptions: [
        {
          resources: [],
          releasers: [],
          ...(settledInFinally ? { requireFinally: false } : {}),
          throwPathsInTests: false,
          throwPathsInEntryPoints: false,
        },
      ],
    },
    create(context, [options]) {
      const collector = getCollector(
        context,
        modelsFromUserResources((options.resources ?? []).map((resource) => ({ ...resource, kind: config.kind }))),
        options.releasers ?? [],
      );
      const { sourceCode } = context;
      const judge = createLeakPolicy(context, options);
      return {
        ...collector.visitors(),
        'Program:exit': () => {
          const report = (descriptor: TSESLint.ReportDescriptor<LeakRuleMessageId>): void => {
            context.report(descriptor);
          };
          const getText = (node: TSESTree.Node): string => sourceCode.getText(node);
          const reports = collector.analyze(sourceCode.scopeManager, getText);
          // One defect, one report: two sites at one node (a resource matched by two models)
          // that would say the same thing are reported once.
          const said = new Set<string>();
          recordGiveUps(context, collector, new Set([config.kind]));
          for (const siteReport of reports) {
            const { site, settled, returned } = siteReport;
            if (site.kind !== config.kind) {
              continue;
            }
            const leaks = judge(site, siteReport.leaks);
            const disposable = collector.options.types?.getDisposable(site.node);
            const request = { site, leaks, settled, typedDisposal: disposable?.disposal ?? null };
            const described = describeLeak(site, leaks, settled, getText, returned);
            const description = described && noteSharedExit(siteReport, leaks, described, reports);
            if (!description) {
              if (options.requireFinally === true) {
                reportReleaseOutsideFinally(report, site, () => {
                  const using = getUsingSuggestion({ ...request, messageId: 'releaseOutsideFinally' }, sourceCode);
                  const wrap = getFinallySuggestion(site, sourceCode);
                  const moved = wrap?.messageId === 'wrapInTryFinallySuggestion' ? { ...wrap, messageId: 'moveToFinallySuggestion' as const } : wrap;
                  return [using, moved].filter((suggestion) => suggestion !== null);
                });
              }
              continue;
            }
            const saying = `${String(site.node.range[0])}:${description.messageId}:${JSON.stringify(description.data)}`;
            if (said.has(saying)) {
              continue;
            }
            said.add(saying);
            const suggest = (): Suggestion[] => getLeakSuggestions({ ...request, messageId: description.messageId }, sourceCode);
            if (disposable && reportDisposableLeak(report, site, description, disposable.disposal, suggest)) {
              continue;
            }
            recordLeakPath(context, { node: site.node, name: site.name, leak: pickReportedLeak(leaks), releases: site.releaseCalls });
            context.report({
              node: site.node,
              messageId: description.messageId,
              data: description.data,
              suggest: suggest(),
            });
          }
        },
      };
    },
  });
}
