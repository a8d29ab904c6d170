import { cursorMessages } from '../src/lifetime/describe.js';
import { createLeakRule } from './util/leak-rule.js';

export default createLeakRule({
  name: 'no-leaked-cursor',
  kind: 'cursor',
  description: 'Disallow cursors, result streams and iterators that are not closed on every path out of a function',
  messages: cursorMessages,
  suggestion: 'Wrap the rest of the block in `try { … } finally { {{release}}; }`.',
  resourcesDescription: 'Cursors of your own: how they are opened and closed.',
});
