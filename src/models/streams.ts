import type { AcquireSpec, ResourceModel } from './types.js';

/**
 * A Node.js readable stream of query results that holds its connection until it is read to
 * the end, piped on or destroyed: a `data` or `readable` listener reads it to the end.
 */
export function resultStreamModel(
  library: string,
  packages: readonly string[],
  acquire: readonly AcquireSpec[],
  what = 'result stream',
): ResourceModel {
  return {
    library,
    packages,
    kind: 'cursor',
    what,
    acquire,
    release: ['destroy', 'pipe', 'toArray'],
    keepAliveEvents: ['data', 'readable'],
  };
}
