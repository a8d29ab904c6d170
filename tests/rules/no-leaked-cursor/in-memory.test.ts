// no-leaked-cursor, things that are not resources: iterators over values in memory (arrays,
// Maps, Sets, strings, `arguments`, generator objects of same-file generators with nothing to
// clean up) hold nothing, so leaving them early is no leak; a generator with a `finally`, or a
// value not known to be in memory, still is. tests/types/ covers the same with types.

import rule from '../../../rules/no-leaked-cursor.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-cursor', rule, {
  valid: [
    // An iterator over an array literal holds nothing: leaving it early leaks nothing.
    `export function first() {
  const it = [1, 2, 3][Symbol.iterator]();
  const head = it.next();
  return head.value;
}`,
    // Over a Map, a Set and what their methods return, built here.
    `export function firstKey(entries: [string, number][]) {
  const index = new Map(entries);
  const seen = new Set<string>();
  const keys = index.keys()[Symbol.iterator]();
  const all = seen[Symbol.iterator]();
  return [keys.next().value, all.next().value];
}`,
    // Over a string, and over `Object.keys` / `Array.from` results.
    `export function heads(text: string, o: object) {
  const s = String(text);
  const chars = s[Symbol.iterator]();
  const names = Object.keys(o)[Symbol.iterator]();
  const copy = Array.from(names)[Symbol.iterator]();
  return [chars.next().value, names.next().value, copy.next().value];
}`,
    // Over the function's `arguments`.
    `export function firstArgument() {
  const it = arguments[Symbol.iterator]();
  return it.next().value;
}`,
    // Declared in memory: an array, a readonly tuple, a string (or null) and a Map parameter.
    `export function heads(rows: number[], pair: readonly [string, string], text: string | null, index: ReadonlyMap<string, number>) {
  const a = rows[Symbol.iterator]();
  const b = pair[Symbol.iterator]();
  const c = text![Symbol.iterator]();
  const d = index[Symbol.iterator]();
  return [a.next().value, b.next().value, c.next().value, d.next().value];
}`,
    // A string's matches, and an array variable declared with its type.
    `export function firstMatch(text: string, source: () => unknown) {
  const matches = text.matchAll(/a+/g)[Symbol.iterator]();
  const list: Array<unknown> = [source()];
  const it = list[Symbol.iterator]();
  return [matches.next().value, it.next().value];
}`,
    // The generator object of a same-file generator with nothing to clean up.
    `function* numbers() {
  yield 1;
  yield 2;
}
export function first() {
  const gen = numbers();
  const it = gen[Symbol.iterator]();
  return it.next().value;
}`,
  ],
  invalid: [
    // A same-file generator that closes a handle in `finally`: left early, that `finally` never runs.
    {
      code: `function* lines(open: () => { read(): string | null; close(): void }) {
  const handle = open();
  try {
    for (let line = handle.read(); line !== null; line = handle.read()) yield line;
  } finally {
    handle.close();
  }
}
export function firstLine(open: () => { read(): string | null; close(): void }) {
  const it = lines(open)[Symbol.iterator]();
  return it.next().value;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 10,
          column: 14,
          endLine: 10,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'it.return?.()' },
              output: `function* lines(open: () => { read(): string | null; close(): void }) {
  const handle = open();
  try {
    for (let line = handle.read(); line !== null; line = handle.read()) yield line;
  } finally {
    handle.close();
  }
}
export function firstLine(open: () => { read(): string | null; close(): void }) {
  const it = lines(open)[Symbol.iterator]();
  try {
    return it.next().value;
  } finally {
    it.return?.();
  }
}`,
            },
          ],
        },
      ],
    },
    // A type named like a Map that is declared here is not the built-in one.
    {
      code: `interface Map<K, V> extends AsyncIterable<[K, V]> { close(): void }
export async function first(index: Map<string, number>) {
  const it = index[Symbol.asyncIterator]();
  return (await it.next()).value;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await it.return?.()' },
              output: `interface Map<K, V> extends AsyncIterable<[K, V]> { close(): void }
export async function first(index: Map<string, number>) {
  const it = index[Symbol.asyncIterator]();
  try {
    return (await it.next()).value;
  } finally {
    await it.return?.();
  }
}`,
            },
          ],
        },
      ],
    },
    // An array that is reassigned from something else is not known to be in memory.
    {
      code: `export function first(source: Iterable<number>) {
  let items: Iterable<number> = [];
  items = source;
  const it = items[Symbol.iterator]();
  return it.next().value;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 4,
          column: 14,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'it.return?.()' },
              output: `export function first(source: Iterable<number>) {
  let items: Iterable<number> = [];
  items = source;
  const it = items[Symbol.iterator]();
  try {
    return it.next().value;
  } finally {
    it.return?.();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
