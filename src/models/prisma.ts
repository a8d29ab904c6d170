import type { ResourceModel } from './types.js';

/**
 * Prisma: a `PrismaClient` holds a connection pool until `$disconnect()`. One made at
 * module level (the usual singleton) lives for the process and is not tracked; one made
 * in a function must be disconnected there, or returned or stored for someone who will.
 * The class is generated, often into the project (`./generated/prisma`), so its name is
 * the evidence wherever it is imported from.
 */
export const prismaModels = [
  {
    library: 'prisma',
    packages: ['@prisma/client'],
    kind: 'connection',
    what: 'Prisma client',
    acquire: [{ method: 'PrismaClient', construct: 'anywhere' }],
    release: ['$disconnect'],
    uses: ['$connect', '$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe', '$transaction', '$runCommandRaw'],
    releaseIsAsync: true,
    // The client connects on `$connect()` or its first query; one dropped before that (a
    // factory whose `prisma.$on(…)` throws) holds nothing.
    opensOn: ['$connect', '$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe', '$transaction', '$runCommandRaw'],
    opensThroughMembers: true,
  },
] as const satisfies readonly ResourceModel[];
