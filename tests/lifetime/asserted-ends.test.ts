import { Linter, type ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';

// An assertion in a test file that the last `next()` of a MongoDB cursor answered `null`
// (its end): chai's `.to.be.null` read as a property, Jest's `toBeNull()`, chai's
// `assert.isNull`, an equality with `null`. The test goes on only where the cursor is used up.
// (Kept apart from the rule's test files: a test file name is what makes the `expect`
// throw path not worth a report, and the type-aware replay skips cases with a file name.)

const plugin = { rules } as unknown as ESLint.Plugin;

function lint(body: string): { line: number; messageId: string | undefined }[] {
  const code = `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
it('reads', async () => {
  const cursor = client.db().collection('t').find({});
${body}
});`;
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [{ files: ['**/*.js'], plugins: { leakguard: plugin }, rules: { 'leakguard/no-leaked-cursor': 'error' } }],
    'cursor.test.js',
  );
  return messages.map((message) => ({ line: message.line, messageId: message.messageId }));
}

describe('asserted ends of a cursor', () => {
  it.each([
    ['chai, read as a property', '  const first = await cursor.next();\n  expect(first).to.exist;\n  const last = await cursor.next();\n  expect(last).to.be.null;'],
    ['Jest toBeNull()', '  const last = await cursor.next();\n  expect(last).toBeNull();'],
    ['chai assert.isNull', '  const last = await cursor.next();\n  assert.isNull(last);'],
    ['an equality with null', '  const last = await cursor.next();\n  assert.strictEqual(last, null);'],
  ])('%s closes it', (_name, body) => {
    expect(lint(body)).toEqual([]);
  });

  it.each([
    ['a negated chain', '  const doc = await cursor.next();\n  expect(doc).to.not.be.null;'],
    ['another value asserted null', '  const doc = await cursor.next();\n  expect(other).to.be.null;'],
    ['an equality with something else', '  const doc = await cursor.next();\n  assert.strictEqual(doc, 0);'],
  ])('%s leaves it open', (_name, body) => {
    expect(lint(body)).toEqual([{ line: 4, messageId: 'leakAtEnd' }]);
  });
});

// An iterator read once where it is made, its `done` bound and asserted true: it answered its end.
function lintIterator(assertion: string): { line: number; messageId: string | undefined }[] {
  const code = `declare function subscribe(): AsyncIterable<number>;
it('ends', async () => {
  const reservation = subscribe();
  const { done } = await reservation[Symbol.asyncIterator]().next();
  ${assertion}
});`;
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code.replace('declare function subscribe(): AsyncIterable<number>;', 'const subscribe = () => source;'),
    [{ files: ['**/*.js'], plugins: { leakguard: plugin }, rules: { 'leakguard/no-leaked-cursor': 'error' } }],
    'iterator.test.js',
  );
  return messages.map((message) => ({ line: message.line, messageId: message.messageId }));
}

describe('an asserted end of an unnamed iterator', () => {
  it('expect(done).toBe(true) uses it up', () => {
    expect(lintIterator('expect(done).toBe(true);')).toEqual([]);
  });

  it.each([
    ['asserted false', 'expect(done).toBe(false);'],
    ['not asserted', 'console.log(done);'],
  ])('%s leaves it dropped open', (_name, assertion) => {
    expect(lintIterator(assertion)).toEqual([{ line: 4, messageId: 'discarded' }]);
  });
});
