import type { ResourceModel } from './types.js';

/**
 * Bull and BullMQ: a `Queue`, `Worker`, `QueueEvents` or `FlowProducer` opens its own redis
 * connections (Bull up to three: client, subscriber, blocking client) when it is built, and
 * holds them until `close()`. Made at module level (the usual shape) it lives for the
 * process and is not tracked; made in a function (a test, a script, a request handler) it
 * must be closed there, or returned or stored for someone who will. The class must come
 * from the package: `Queue` and `Worker` are common names.
 */
/** What BullMQ's classes are used for, as evidence (their own methods). */
const bullmqUses = ['add', 'addBulk', 'pause', 'resume', 'drain', 'getJob', 'getJobs', 'waitUntilReady', 'run', 'obliterate'];

export const bullModels = [
  {
    library: 'bull',
    packages: ['bull'],
    kind: 'connection',
    what: 'Bull queue',
    // `const Queue = require('bull')`, `import Queue from 'bull'`: the class is the default export.
    acquire: [{ method: 'default', construct: 'package' }],
    release: ['close'],
    uses: ['add', 'process', 'pause', 'resume', 'empty', 'getJob', 'getJobs', 'count', 'isReady', 'obliterate'],
    releaseIsAsync: true,
  },
  {
    library: 'bullmq',
    packages: ['bullmq'],
    kind: 'connection',
    what: 'BullMQ queue',
    acquire: [{ method: 'Queue', construct: 'package' }],
    release: ['close'],
    uses: bullmqUses,
    releaseIsAsync: true,
  },
  {
    library: 'bullmq',
    packages: ['bullmq'],
    kind: 'connection',
    what: 'BullMQ worker',
    acquire: [{ method: 'Worker', construct: 'package' }],
    release: ['close'],
    uses: bullmqUses,
    releaseIsAsync: true,
  },
  {
    library: 'bullmq',
    packages: ['bullmq'],
    kind: 'connection',
    what: 'BullMQ queue-events listener',
    acquire: [{ method: 'QueueEvents', construct: 'package' }],
    release: ['close'],
    uses: bullmqUses,
    releaseIsAsync: true,
  },
  {
    library: 'bullmq',
    packages: ['bullmq'],
    kind: 'connection',
    what: 'BullMQ flow producer',
    acquire: [{ method: 'FlowProducer', construct: 'package' }],
    release: ['close'],
    uses: bullmqUses,
    releaseIsAsync: true,
  },
] as const satisfies readonly ResourceModel[];
