import { transactionMessages } from '../src/lifetime/describe.js';
import { createLeakRule } from './util/leak-rule.js';

export default createLeakRule({
  name: 'no-unsettled-transaction',
  kind: 'transaction',
  description: 'Disallow transactions that are not committed or rolled back on every path out of a function',
  messages: transactionMessages,
  // A `finally` cannot decide between commit and rollback, so there is no mechanical fix.
  suggestion: null,
  resourcesDescription: 'Transactions of your own: how they are begun and settled.',
});
