import { builtinModels, type PackageTypeSpecifier, type ResourceModel } from '../models/index.js';

export type { PackageTypeSpecifier } from '../models/index.js';

/** A type whose values are resources of a model. */
export interface ResourceType {
  readonly type: PackageTypeSpecifier;
  readonly model: ResourceModel;
  /** See `ModelTypes.fromWrappers`. */
  readonly fromWrappers: boolean;
}

/** A type whose values acquire resources of a model (`pool.connect()` on a `pg.Pool`). */
export interface ReceiverType {
  readonly type: PackageTypeSpecifier;
  readonly model: ResourceModel;
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
 * Resource types, read from the models (src/models), in the models' order. The first entry
 * a type's own symbol matches decides, then its base types, nearest first: a `PoolClient`
 * is matched by its own name before the `Client` it extends.
 */
export const resourceTypes: readonly ResourceType[] = builtinModels.flatMap((model) =>
  model.types?.resource ? [{ type: model.types.resource, model, fromWrappers: model.types.fromWrappers === true }] : [],
);

/** Types that hand out the resources above, read from the models. */
export const receiverTypes: readonly ReceiverType[] = builtinModels.flatMap((model) =>
  model.types?.receiver ? [{ type: model.types.receiver, model }] : [],
);

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
