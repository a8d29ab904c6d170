import { createRule } from '../src/create-rule.js';
import { type AllowedBody, matchesAllowedBody } from '../src/status/allowed.js';
import { describeStatusSource, getStatusFix } from '../src/status/describe.js';
import { createStatusListeners, responseNamesSchema } from '../src/status/listen.js';

type Options = [
  {
    allowedBodies?: AllowedBody[];
    responseNames?: string[];
  },
];

type MessageIds = 'error2xx' | 'useStatusSuggestion';

/** The status the suggestion offers: the failure's cause is unknown, so a server error. */
const FAILURE_STATUS = 500;

export default createRule<Options, MessageIds>({
  name: 'no-error-200',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow failure branches that answer an error body with a 2xx status',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      error2xx:
        '`{{send}}` answers {{status}} ({{why}}) with an error body ({{shape}}) from {{reason}}; send a 4xx or 5xx status so that monitoring sees the failure.',
      useStatusSuggestion: 'Answer {{status}} instead: `{{replacement}}`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowedBodies: {
            type: 'array',
            items: {
              type: 'object',
              minProperties: 1,
              additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
            },
            description:
              'Body shapes served as 200 on purpose: each is a set of keys with the literal value they must have, or "*" for any value.',
          },
          responseNames: responseNamesSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowedBodies: [], responseNames: [] }],
  },
  create(context, [options]) {
    const allowed = options.allowedBodies ?? [];
    return createStatusListeners(context, options.responseNames ?? [], ({ sends }) => {
      for (const finding of sends) {
        // One defect, one report: a refusal is no-rate-limit-200's.
        if (finding.rateLimit !== null || finding.failure === null || finding.body.errorShape === null) {
          continue;
        }
        // GraphQL and JSON-RPC answer errors with 200, decided per function.
        if (finding.protocol !== null || matchesAllowedBody(finding.site.body, allowed)) {
          continue;
        }
        const fix = getStatusFix(finding, FAILURE_STATUS);
        context.report({
          node: finding.site.node,
          messageId: 'error2xx',
          data: {
            send: finding.site.label,
            status: finding.statusText,
            shape: finding.body.errorShape,
            reason: finding.failure,
            why: describeStatusSource(finding),
          },
          suggest: fix
            ? [{ messageId: 'useStatusSuggestion', data: { status: FAILURE_STATUS, replacement: fix.replacement }, fix: fix.apply }]
            : [],
        });
      }
    });
  },
});
