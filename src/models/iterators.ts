import type { ResourceModel } from './types.js';

/**
 * A manual iterator taken with `[Symbol.asyncIterator]()` or `[Symbol.iterator]()`: left
 * before it is `done` without `return()`, the generator behind it never runs its
 * `finally` (where a database cursor or file handle is closed).
 */
export const iteratorModels = [
  {
    library: 'JavaScript',
    packages: [],
    kind: 'cursor',
    what: 'iterator',
    acquire: [
      { method: '@@asyncIterator', receiver: { any: true } },
      { method: '@@iterator', receiver: { any: true } },
    ],
    release: ['return', 'throw'],
    uses: ['next'],
    exhaustion: [{ method: 'next', signal: 'done' }],
    // A generator that throws is finished.
    closesOnError: ['next'],
    releaseIsAsync: false,
  },
] as const satisfies readonly ResourceModel[];
