import { leakMessages } from '../src/lifetime/describe.js';
import { createLeakRule } from './util/leak-rule.js';

export default createLeakRule({
  name: 'no-leaked-connection',
  kind: 'connection',
  description: 'Disallow database connections that are not released on every path out of a function',
  messages: leakMessages,
  suggestion: 'Wrap the rest of the block in `try { … } finally { {{release}}; }`.',
  resourcesDescription: 'Connection-like resources of your own: how they are acquired and released.',
});
