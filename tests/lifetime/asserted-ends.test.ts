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

/** Lints `code` as a test file with one rule of the plugin. */
function lintWith(rule: string, code: string): { line: number; messageId: string | undefined }[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [{ files: ['**/*.js'], plugins: { leakguard: plugin }, rules: { [`leakguard/${rule}`]: 'error' } }],
    'resource.test.js',
  );
  return messages.map((message) => ({ line: message.line, messageId: message.messageId }));
}

// A read after `close()` whose answer the test asserts to be the end checks the closed
// cursor's contract (apostrophe's db-connect adapters answer `null`): deliberate, not a use.
describe('a read after the release asserted to answer the end', () => {
  const closed = (body: string): string => `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
it('stops early', async () => {
  const cursor = client.db().collection('t').find({});
  await cursor.next();
  await cursor.close();
${body}
});`;

  it.each([
    ['held in a const, chai', '  const doc = await cursor.next();\n  expect(doc).to.be.null;'],
    ['asserted where it is read', '  expect(await cursor.next()).toBeNull();'],
  ])('%s is no use after release', (_name, body) => {
    expect(lintWith('no-use-after-release', closed(body))).toEqual([]);
  });

  it.each([
    ['asserted present', '  const doc = await cursor.next();\n  expect(doc).to.exist;'],
    ['not asserted', '  const doc = await cursor.next();\n  console.log(doc);'],
  ])('%s is one', (_name, body) => {
    expect(lintWith('no-use-after-release', closed(body))).toEqual([{ line: 7, messageId: 'usedAfterRelease' }]);
  });
});

// An assertion that a release method was called (spied on) releases the resource where the
// test goes on (bee-queue: a queue made with `quitCommandClient: true` quits the client it
// was given when it closes). (Naming the method alone, `expect(client.quit)`, already counts
// as handing the release on.)
describe('an asserted call of a release method', () => {
  const quitBy = (body: string): string => `import redis from 'redis';
import sinon from 'sinon';
it('quits the client it was given', async (t) => {
  const client = redis.createClient();
  sinon.spy(client, 'quit');
  await flushQueueOver(client);
${body}
});`;

  it.each([
    ["ava's t.true on sinon's .called", '  t.true(client.quit.called);'],
    ['chai on .calledOnce', '  expect(client.quit.calledOnce).to.be.true;'],
    ['Jest toHaveBeenCalled()', '  expect(client.quit).toHaveBeenCalled();'],
    ['chai-sinon .to.have.been.called', '  expect(client.quit).to.have.been.called;'],
    ['sinon.assert.calledOnce', '  sinon.assert.calledOnce(client.quit);'],
    ['an equality with true', '  assert.strictEqual(client.quit.called, true);'],
  ])('%s releases it', (_name, body) => {
    expect(lintWith('no-leaked-connection', quitBy(body))).toEqual([]);
  });

  it.each([
    ['asserted not called', '  t.false(client.quit.called);'],
    ['a negated chain', '  expect(client.quit.called).to.not.be.true;'],
    ['another method', '  t.true(client.ping.called);'],
  ])('%s does not', (_name, body) => {
    expect(lintWith('no-leaked-connection', quitBy(body))).toEqual([{ line: 4, messageId: 'neverReleased' }]);
  });
});

// The callback form (apostrophe's db-connect tests): the last read's callback asserts its
// document is `null`; the callbacks around that assertion end the cursor as a release would.
describe('an asserted end in a read callback', () => {
  const read = (last: string): string => `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
it('reads with callbacks', function (done) {
  const cursor = client.db().collection('t').find({});
  cursor.next(function (err, doc1) {
    if (err) {
      return done(err);
    }
    expect(doc1).to.exist;
    cursor.next(function (err, doc2) {
      if (err) {
        return done(err);
      }
      ${last};
      done();
    });
  });
});`;

  it('closes it', () => {
    expect(lintWith('no-leaked-cursor', read('expect(doc2).to.be.null'))).toEqual([]);
  });

  it.each([
    ['asserted present', 'expect(doc2).to.exist'],
    ['the error asserted null', 'expect(err).to.be.null'],
  ])('%s leaves it open', (_name, last) => {
    expect(lintWith('no-leaked-cursor', read(last))).toEqual([{ line: 4, messageId: 'leakAtEnd' }]);
  });
});

// An iterator read once where it is made, its `done` bound and asserted true: it answered its end.
describe('an asserted end of an unnamed iterator', () => {
  const read = (assertion: string): string => `const subscribe = () => source;
it('ends', async () => {
  const reservation = subscribe();
  const { done } = await reservation[Symbol.asyncIterator]().next();
  ${assertion}
});`;

  it('expect(done).toBe(true) uses it up', () => {
    expect(lintWith('no-leaked-cursor', read('expect(done).toBe(true);'))).toEqual([]);
  });

  it.each([
    ['asserted false', 'expect(done).toBe(false);'],
    ['not asserted', 'console.log(done);'],
  ])('%s leaves it dropped open', (_name, assertion) => {
    expect(lintWith('no-leaked-cursor', read(assertion))).toEqual([{ line: 4, messageId: 'discarded' }]);
  });
});
