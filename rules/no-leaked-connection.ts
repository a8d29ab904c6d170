import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/create-rule.js';
import { describeLeak, type LeakMessageId, leakMessages } from '../src/lifetime/describe.js';
import { FileCollector } from '../src/lifetime/analyze.js';
import { getTryFinallyFix } from '../src/lifetime/fix.js';
import { builtinModels } from '../src/models/index.js';
import { modelsFromUserResources, type UserResource, userResourceSchema } from '../src/settings.js';

type Options = [
  {
    resources?: UserResource[];
    releasers?: string[];
  },
];

type MessageIds = LeakMessageId | 'wrapInTryFinallySuggestion';

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
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ resources: [], releasers: [] }],
  },
  create(context, [options]) {
    const models = [...builtinModels, ...modelsFromUserResources(options.resources ?? [], 'connection')];
    const collector = new FileCollector({
      models,
      kinds: new Set(['connection']),
      releasers: options.releasers ?? [],
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
        const getText = (node: TSESTree.Node): string => sourceCode.getText(node);
        for (const { site, leaks, settled } of collector.analyze(sourceCode.scopeManager, getText)) {
          const description = describeLeak(site, leaks, settled, getText);
          if (!description) {
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
