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
    // Not over values in memory: `[…][Symbol.iterator]()` holds nothing.
    acquire: [
      { method: '@@asyncIterator', receiver: { any: true, notInMemory: true } },
      { method: '@@iterator', receiver: { any: true, notInMemory: true } },
    ],
    release: ['return', 'throw'],
    uses: ['next'],
    // `next()` after `return()` answers `{ done: true }`.
    usableAfterRelease: ['next'],
    // An event source made with `{ signal }` ends its iterators when the signal aborts (also
    // through a function that aborts the controller it is given).
    releasedByAbort: true,
    exhaustion: [{ method: 'next', signal: 'done' }],
    // A generator that throws is finished.
    closesOnError: ['next'],
    releaseIsAsync: false,
    releaseOptional: true,
    types: {
      notReceiver: {
        from: 'package',
        name: [
          'Array', 'ReadonlyArray', 'String', 'Map', 'ReadonlyMap', 'Set', 'ReadonlySet', 'IArguments',
          'ArrayIterator', 'MapIterator', 'SetIterator', 'StringIterator', 'Int8Array', 'Uint8Array',
          'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array',
          'Float64Array', 'BigInt64Array', 'BigUint64Array',
        ],
        package: 'typescript',
      },
    },
  },
] as const satisfies readonly ResourceModel[];
