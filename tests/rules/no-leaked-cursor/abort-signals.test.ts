// Iterators of a source made with an AbortSignal (`createTransport({ signal: ac.signal })`):
// aborting the signal tears the source down and finishes its iterators, so `ac.abort()`
// closes them; and `next()` after `return()` is legal (it answers `{ done: true }`). An
// iterator whose `next()` a test asserts to reject is finished where the test goes on.

import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../../rules/no-leaked-cursor.js';
import useRule from '../../../rules/no-use-after-release.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-cursor', rule, {
  valid: [
    // The controller made here aborts the transport the iterator came from.
    `import { createTransport } from './transport';
export async function first(url: string) {
  const ac = new AbortController();
  const transport = createTransport({ url, signal: ac.signal });
  const iterator = transport[Symbol.asyncIterator]();
  const head = await iterator.next();
  ac.abort();
  return head;
}`,
    // The signal bound to a name first; the abort in \`finally\` closes it on every path.
    `import { createTransport } from './transport';
export async function first(url: string) {
  const ac = new AbortController();
  const signal = ac.signal;
  const transport = new Transport({ url, signal });
  const iterator = transport[Symbol.asyncIterator]();
  try {
    return await iterator.next();
  } finally {
    ac.abort();
  }
}`,
    // A function that aborts the controller it is given is the abort (atproto's table of
    // ways to stop a transport, iterated with \`for … of\`).
    `import { createTransport } from './transport';
const stops = [
  { name: 'polite', stop: (ac: AbortController) => ac.abort() },
  { name: 'destructive', stop: (ac: AbortController) => { ac.abort(new Error('boom')); } },
];
export async function check(url: string) {
  for (const { stop } of stops) {
    const ac = new AbortController();
    const transport = createTransport({ url, signal: ac.signal });
    const iterator = transport[Symbol.asyncIterator]();
    const parked = iterator.next().catch(() => 'rejected');
    stop(ac);
    await parked;
  }
}`,
    `import { createTransport } from './transport';
function shutdown(controller: AbortController) {
  controller.abort();
}
export async function first(url: string) {
  const ac = new AbortController();
  const transport = createTransport({ url, signal: ac.signal });
  const iterator = transport[Symbol.asyncIterator]();
  const head = await iterator.next();
  shutdown(ac);
  return head;
}`,
    // A test asserts that \`next()\` rejects (atproto's transport tests): where the test
    // goes on, the iterator failed and is finished; where it did not, the test fails.
    `import { createTransport } from './transport';
it('fails on overflow', async () => {
  const transport = createTransport({ url: 'ws://localhost' });
  const iterator = transport[Symbol.asyncIterator]();
  await expect(iterator.next()).rejects.toBeInstanceOf(Error);
});`,
    `import assert from 'node:assert';
import { createTransport } from './transport';
export async function checkOverflow() {
  const transport = createTransport({ url: 'ws://localhost' });
  const iterator = transport[Symbol.asyncIterator]();
  await assert.rejects(iterator.next());
}`,
    // A step read through a helper that settles with one of its arguments (grafast's
    // \`abortable(signal, valueForAbort, promise)\`): \`undefined\` when aborted, else the
    // step, so a true \`step.done\` is the iterator's end.
    `function abortable<T, F>(signal: AbortSignal, valueForAbort: F, promiseOrValue: T | Promise<T>) {
  if (signal.aborted) {
    return valueForAbort;
  }
  if (!(promiseOrValue instanceof Promise)) {
    return promiseOrValue;
  }
  const promise = promiseOrValue;
  return new Promise<T | F>((resolve, reject) => {
    const resolveWithoutArgs = () => resolve(valueForAbort);
    signal.addEventListener('abort', resolveWithoutArgs, { once: true });
    void promise.then(
      (val) => {
        signal.removeEventListener('abort', resolveWithoutArgs);
        resolve(val);
      },
      (e) => reject(e),
    );
  });
}
export async function drain(payload: AsyncIterable<number>, signal: AbortSignal) {
  const values: number[] = [];
  const payloadIterator = payload[Symbol.asyncIterator]();
  while (true) {
    const next = await abortable(signal, undefined, payloadIterator.next());
    if (next === undefined) {
      await payloadIterator.return?.(undefined);
      break;
    }
    if (next.done) {
      break;
    }
    values.push(next.value);
  }
  return values;
}`,
    // The same through \`p.then(resolve, reject)\` in a helper of another shape.
    `function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(resolve, reject);
  });
}
export async function drain(rows: AsyncIterable<number>) {
  const values: number[] = [];
  const iterator = rows[Symbol.asyncIterator]();
  for (;;) {
    const step = await withTimeout(iterator.next(), 1000);
    if (step.done) return values;
    values.push(step.value);
  }
}`,
  ],
  invalid: [
    // One of the ways to stop does not abort on every path: not taken as the abort.
    {
      code: `import { createTransport } from './transport';
const stops = [
  { name: 'polite', stop: (ac: AbortController) => ac.abort() },
  { name: 'maybe', stop: (ac: AbortController) => { if (Math.random() > 0.5) return; ac.abort(); } },
];
export async function check(url: string) {
  for (const { stop } of stops) {
    const ac = new AbortController();
    const transport = createTransport({ url, signal: ac.signal });
    const iterator = transport[Symbol.asyncIterator]();
    const parked = iterator.next().catch(() => 'rejected');
    stop(ac);
    await parked;
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 10,
          column: 22,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              output: `import { createTransport } from './transport';
const stops = [
  { name: 'polite', stop: (ac: AbortController) => ac.abort() },
  { name: 'maybe', stop: (ac: AbortController) => { if (Math.random() > 0.5) return; ac.abort(); } },
];
export async function check(url: string) {
  for (const { stop } of stops) {
    const ac = new AbortController();
    const transport = createTransport({ url, signal: ac.signal });
    const iterator = transport[Symbol.asyncIterator]();
    try {
      const parked = iterator.next().catch(() => 'rejected');
      stop(ac);
      await parked;
    } finally {
      await iterator.return?.();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // Asserted to resolve, the iterator is still open after the test's last line.
    {
      code: `import { createTransport } from './transport';
it('reads one', async () => {
  const transport = createTransport({ url: 'ws://localhost' });
  const iterator = transport[Symbol.asyncIterator]();
  await expect(iterator.next()).resolves.toBeDefined();
});`,
      errors: [
        {
          messageId: 'leakAtEnd',
          line: 4,
          column: 20,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              output: `import { createTransport } from './transport';
it('reads one', async () => {
  const transport = createTransport({ url: 'ws://localhost' });
  const iterator = transport[Symbol.asyncIterator]();
  try {
    await expect(iterator.next()).resolves.toBeDefined();
  } finally {
    await iterator.return?.();
  }
});`,
            },
          ],
        },
      ],
    },
    // Made with a signal, but never aborted: the iterator stays open on the return.
    {
      code: `import { createTransport } from './transport';
export async function first(url: string) {
  const ac = new AbortController();
  const transport = createTransport({ url, signal: ac.signal });
  const iterator = transport[Symbol.asyncIterator]();
  const head = await iterator.next();
  return head;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 5,
          column: 20,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              output: `import { createTransport } from './transport';
export async function first(url: string) {
  const ac = new AbortController();
  const transport = createTransport({ url, signal: ac.signal });
  const iterator = transport[Symbol.asyncIterator]();
  try {
    const head = await iterator.next();
    return head;
  } finally {
    await iterator.return?.();
  }
}`,
            },
          ],
        },
      ],
    },
    // A controller from the caller may be another one by the time it aborts: not taken as the release.
    {
      code: `import { createTransport } from './transport';
export async function first(url: string, ac: AbortController) {
  const transport = createTransport({ url, signal: ac.signal });
  const iterator = transport[Symbol.asyncIterator]();
  const head = await iterator.next();
  ac.abort();
  return head;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 4,
          column: 20,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              output: `import { createTransport } from './transport';
export async function first(url: string, ac: AbortController) {
  const transport = createTransport({ url, signal: ac.signal });
  const iterator = transport[Symbol.asyncIterator]();
  try {
    const head = await iterator.next();
    ac.abort();
    return head;
  } finally {
    await iterator.return?.();
  }
}`,
            },
          ],
        },
      ],
    },
    // A different controller's abort does not close this transport.
    {
      code: `import { createTransport } from './transport';
export async function first(url: string) {
  const ac = new AbortController();
  const other = new AbortController();
  const transport = createTransport({ url, signal: ac.signal });
  const iterator = transport[Symbol.asyncIterator]();
  const head = await iterator.next();
  other.abort();
  return head;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 6,
          column: 20,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              output: `import { createTransport } from './transport';
export async function first(url: string) {
  const ac = new AbortController();
  const other = new AbortController();
  const transport = createTransport({ url, signal: ac.signal });
  const iterator = transport[Symbol.asyncIterator]();
  try {
    const head = await iterator.next();
    other.abort();
    return head;
  } finally {
    await iterator.return?.();
  }
}`,
            },
          ],
        },
      ],
    },
    // A helper that may settle with another value than the step (a fallback the caller
    // gives it): its \`done\` is not the iterator's, and the return after the loop leaves it open.
    {
      code: `function orElse<T, F>(promise: Promise<T>, fallback: F): Promise<T | F> {
  return new Promise((resolve) => {
    promise.then((value) => resolve(value), () => resolve(fallback));
  });
}
export async function drain(rows: AsyncIterable<number>) {
  const values: number[] = [];
  const iterator = rows[Symbol.asyncIterator]();
  for (;;) {
    const step = await orElse(iterator.next(), { done: true, value: undefined });
    if (step.done) break;
    values.push(step.value);
  }
  return values;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 8,
          column: 20,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              output: `function orElse<T, F>(promise: Promise<T>, fallback: F): Promise<T | F> {
  return new Promise((resolve) => {
    promise.then((value) => resolve(value), () => resolve(fallback));
  });
}
export async function drain(rows: AsyncIterable<number>) {
  const values: number[] = [];
  const iterator = rows[Symbol.asyncIterator]();
  try {
    for (;;) {
      const step = await orElse(iterator.next(), { done: true, value: undefined });
      if (step.done) break;
      values.push(step.value);
    }
    return values;
  } finally {
    await iterator.return?.();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

const plainTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

plainTester.run('no-use-after-release', useRule, {
  valid: [
    // `next()` after `return()` answers `{ done: true }`: the iterator protocol allows it.
    `import { createTransport } from './transport';
export async function stopTwice(url: string) {
  const transport = createTransport({ url });
  const iterator = transport[Symbol.asyncIterator]();
  await iterator.next();
  await iterator.return!();
  return iterator.next();
}`,
  ],
  invalid: [
    // A pg client used after its release is still reported: only the iterator's `next()` stays legal.
    {
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function run() {
  const client = await pool.connect();
  client.release();
  await client.query('select 1');
}`,
      errors: [{ messageId: 'usedAfterRelease', line: 6 }],
    },
  ],
});
