import { createRule } from '../src/create-rule.js';
import { refusalStatus } from '../src/http/index.js';
import { describeStatusSource, getStatusFix } from '../src/status/describe.js';
import { createStatusListeners, responseNamesSchema } from '../src/status/listen.js';

type Options = [
  {
    responseNames?: string[];
  },
];

type MessageIds = 'rateLimit2xx' | 'limiterConfig2xx' | 'useStatusSuggestion';

export default createRule<Options, MessageIds>({
  name: 'no-rate-limit-200',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow rate-limit branches and rate-limiter configurations that answer with a 2xx status',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      rateLimit2xx:
        '`{{send}}` answers {{status}} ({{why}}) on a rate-limit branch ({{reason}}); answer 429 so that alerts on failure statuses see the refusal.',
      limiterConfig2xx:
        '`{{call}}` is configured with `{{option}}: {{status}}`, so every refusal goes out as {{status}}; use 429 so that alerts on failure statuses see them.',
      useStatusSuggestion: 'Answer {{status}} instead: `{{replacement}}`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          responseNames: responseNamesSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ responseNames: [] }],
  },
  create(context, [options]) {
    return createStatusListeners(context, options.responseNames ?? [], ({ sends, configs }) => {
      for (const finding of sends) {
        // GraphQL and JSON-RPC answer refusals with 200 too, decided per function.
        if (finding.rateLimit === null || finding.protocol !== null) {
          continue;
        }
        const fix = getStatusFix(finding, refusalStatus);
        context.report({
          node: finding.site.node,
          messageId: 'rateLimit2xx',
          data: {
            send: finding.site.label,
            status: finding.statusText,
            reason: finding.rateLimit,
            why: describeStatusSource(finding),
          },
          suggest: fix
            ? [{ messageId: 'useStatusSuggestion', data: { status: refusalStatus, replacement: fix.replacement }, fix: fix.apply }]
            : [],
        });
      }
      for (const config of configs) {
        const replacement = String(refusalStatus);
        context.report({
          node: config.node,
          messageId: 'limiterConfig2xx',
          data: { call: config.call, option: config.option, status: config.status },
          suggest: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: refusalStatus, replacement: `${config.option}: ${replacement}` },
              fix: (fixer) => fixer.replaceText(config.node, replacement),
            },
          ],
        });
      }
    });
  },
});
