import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/create-rule.js';
import { describeLeak, type LeakMessageId, leakMessages } from '../src/lifetime/describe.js';
import { FileCollector } from '../src/lifetime/analyze.js';
import { getTryFinallyFix } from '../src/lifetime/fix.js';
import {
  type PlacementMessageId,
  placementMessages,
  reportDisposableLeak,
  reportReleaseOutsideFinally,
  requireFinallySchema,
} from '../src/lifetime/placement.js';
import { builtinModels } from '../src/models/index.js';
import { modelsFromUserResources, type UserResource, userResourceSchema } from '../src/settings.js';
import { getTypedResources } from '../src/types/resources.js';

type Options = [
  {
    resources?: UserResource[];
    releasers?: string[];
    requireFinally?: boolean;
  },
];

type MessageIds = LeakMessageId | PlacementMessageId | 'wrapInTryFinallySuggestion';

export default createRule<Options, MessageIds>({
  name: 'no-leaked-connection',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow database connections that are not released on every path out of a function',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      ...leakMessages,
      ...placementMessages,
      wrapInTryFinallySuggestion: 'Wrap the rest of the block in `try { … } finally { {{release}}; }`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          resources: {
            type: 'array',
            items: userResourceSchema,
            description: 'Connection-like resources of your own: how they are acquired and released.',
          },
          releasers: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Functions that take ownership of a connection passed to them.',
          },
          requireFinally: requireFinallySchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ resources: [], releasers: [], requireFinally: false }],
  },
  create(context, [options]) {
    const models = [...builtinModels, ...modelsFromUserResources(options.resources ?? [], 'connection')];
    const collector = new FileCollector({
      models,
      kinds: new Set(['connection']),
      releasers: options.releasers ?? [],
      types: getTypedResources(context),
    });
    const { sourceCode } = context;
    return {
      CallExpression: (node) => {
        collector.onCall(node);
      },
      NewExpression: (node) => {
        collector.onNew(node);
      },
      'Program:exit': () => {
        const report = (descriptor: TSESLint.ReportDescriptor<MessageIds>): void => {
          context.report(descriptor);
        };
        const getText = (node: TSESTree.Node): string => sourceCode.getText(node);
        for (const { site, leaks, settled } of collector.analyze(sourceCode.scopeManager, getText)) {
          const description = describeLeak(site, leaks, settled, getText);
          if (!description) {
            if (options.requireFinally === true) {
              reportReleaseOutsideFinally(report, site, sourceCode);
            }
            continue;
          }
          const disposable = collector.options.types?.getDisposable(site.node);
          if (disposable && reportDisposableLeak(report, site, description, disposable.disposal)) {
            continue;
          }
          // A try/finally fixes a path that skips the release; not an overwrite or a
          // dropped value, and not a release done by a helper the fix cannot see.
          const mechanical =
            description.messageId !== 'overwritten' &&
            description.messageId !== 'discarded' &&
            !(settled && site.releaseCalls.length === 0);
          const fix = mechanical ? getTryFinallyFix(site, sourceCode) : null;
          context.report({
            node: site.node,
            messageId: description.messageId,
            data: description.data,
            suggest: fix
              ? [{ messageId: 'wrapInTryFinallySuggestion', data: { release: fix.release }, fix: fix.apply }]
              : [],
          });
        }
      },
    };
  },
});
