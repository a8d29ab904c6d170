import type { ResourceKind } from '../models/index.js';

/**
 * A named type from a package, in the shape of typescript-eslint's `TypeOrValueSpecifier`
 * (`{ from: 'package', name, package }`). A type matches when its symbol (or its type
 * alias, or a base type) has one of the names and is declared in one of the packages; a
 * package's `@types/` twin counts as the package.
 */
export interface PackageTypeSpecifier {
  readonly from: 'package';
  readonly name: string | readonly string[];
  readonly package: string | readonly string[];
}

/** Which model (src/models) a type belongs to: the first model with this library and kind (and `what`, when given). */
export interface ModelReference {
  readonly library: string;
  readonly kind: ResourceKind;
  /** Needed where a library has several models of one kind (pg's pool and client connections). */
  readonly what?: string;
}

/** A type whose values are resources of a model. */
export interface ResourceType extends ModelReference {
  readonly type: PackageTypeSpecifier;
  /**
   * Whether a value of this type returned by any function (awaited) was checked out for the
   * caller: pooled connections, query runners, sessions, cursors, transactions. `false` for
   * types that confirm an acquisition the model recognised but are also handed around
   * shared (a stand-alone `pg.Client`, a mysql2 `Connection`).
   */
  readonly fromWrappers: boolean;
}

/** A type whose values acquire resources of a model (`pool.connect()` on a `pg.Pool`). */
export interface ReceiverType extends ModelReference {
  readonly type: PackageTypeSpecifier;
}

/** The HTTP frameworks whose response objects the HTTP rules read statuses from. */
export type HttpFramework = 'express' | 'fastify' | 'hono' | 'koa' | 'node-http';

/** A type whose values answer an HTTP request. */
export interface ResponseType {
  readonly framework: HttpFramework;
  readonly type: PackageTypeSpecifier;
}

function inPackage(packageName: string | readonly string[], name: string | readonly string[]): PackageTypeSpecifier {
  return { from: 'package', name, package: packageName };
}

/**
 * Resource types, most specific first: a `PoolClient` is also a `Client`, and the first
 * entry a type (or one of its base types, nearest first) matches decides.
 */
export const resourceTypes: readonly ResourceType[] = [
  // Connections.
  { type: inPackage('pg', 'PoolClient'), library: 'pg', kind: 'connection', what: 'pool connection', fromWrappers: true },
  { type: inPackage('pg', 'Client'), library: 'pg', kind: 'connection', what: 'client connection', fromWrappers: false },
  {
    type: inPackage('mysql2', 'PoolConnection'),
    library: 'mysql2',
    kind: 'connection',
    what: 'pool connection',
    fromWrappers: true,
  },
  { type: inPackage('mysql2', 'Connection'), library: 'mysql2', kind: 'connection', what: 'connection', fromWrappers: false },
  { type: inPackage('typeorm', 'QueryRunner'), library: 'typeorm', kind: 'connection', fromWrappers: true },
  { type: inPackage('mongodb', 'ClientSession'), library: 'mongodb', kind: 'connection', fromWrappers: true },
  // Cursors and result streams.
  { type: inPackage('pg-cursor', 'Cursor'), library: 'pg-cursor', kind: 'cursor', fromWrappers: true },
  {
    type: inPackage('mongodb', ['FindCursor', 'AggregationCursor', 'ChangeStream']),
    library: 'mongodb',
    kind: 'cursor',
    fromWrappers: true,
  },
  // Transactions.
  { type: inPackage('knex', 'Transaction'), library: 'knex', kind: 'transaction', fromWrappers: true },
  { type: inPackage('sequelize', 'Transaction'), library: 'sequelize', kind: 'transaction', fromWrappers: true },
];

/** Types that hand out the resources above. */
export const receiverTypes: readonly ReceiverType[] = [
  { type: inPackage(['pg', 'pg-pool'], 'Pool'), library: 'pg', kind: 'connection', what: 'pool connection' },
  { type: inPackage('pg', 'Client'), library: 'pg', kind: 'connection', what: 'client connection' },
  { type: inPackage('mysql2', ['Pool', 'PoolCluster']), library: 'mysql2', kind: 'connection', what: 'pool connection' },
  { type: inPackage('typeorm', ['DataSource', 'Connection', 'EntityManager']), library: 'typeorm', kind: 'connection' },
  { type: inPackage('mongodb', 'MongoClient'), library: 'mongodb', kind: 'connection' },
  { type: inPackage('knex', 'Knex'), library: 'knex', kind: 'transaction' },
  { type: inPackage('sequelize', 'Sequelize'), library: 'sequelize', kind: 'transaction' },
];

/** Response objects of the HTTP frameworks, for the rules that read response statuses. */
export const responseTypes: readonly ResponseType[] = [
  // `app.get(path, (req, res) => …)` infers express-serve-static-core's Response, which
  // express's own `Response` extends.
  { framework: 'express', type: inPackage(['express', 'express-serve-static-core'], 'Response') },
  {
    framework: 'koa',
    type: inPackage('koa', ['Context', 'ParameterizedContext', 'ExtendableContext', 'BaseContext', 'DefaultContext']),
  },
  { framework: 'fastify', type: inPackage('fastify', 'FastifyReply') },
  { framework: 'hono', type: inPackage('hono', 'Context') },
  // Node's own response, and what builds on it without being express's (Next.js's
  // `NextApiResponse` is `ServerResponse & { json, status, … }`). Last: express's
  // Response extends it.
  { framework: 'node-http', type: inPackage('node', ['ServerResponse', 'Http2ServerResponse']) },
];

/**
 * Disposable types whose lifetime is not the creating function's business: the event loop
 * owns timers, servers, sockets, streams and child processes until they finish, and a
 * function that starts one means it to outlive the call. Every other type with
 * `[Symbol.dispose]` / `[Symbol.asyncDispose]` is a resource (see `disposableNodeTypes`).
 * Node's own types are exempt as a whole, except the ones listed there.
 */
export const exemptDisposablePackages: readonly string[] = ['node'];

/** Node types that are resources after all: an open file handle or directory is only closed by its owner. */
export const disposableNodeTypes: PackageTypeSpecifier = inPackage('node', ['FileHandle', 'Dir']);
