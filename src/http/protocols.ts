/**
 * Protocols that answer failures with HTTP 200 by convention, as data: where a function
 * follows one, its error bodies are the protocol's, not masked failures. Decided per
 * function, never per file: a file that mounts Apollo next to REST routes keeps its REST
 * routes checked.
 */

/** One protocol and how a function is recognised as following it. */
export interface ProtocolConvention {
  readonly protocol: string;
  /** Packages implementing the protocol: a function that calls into one serves it. */
  readonly packages: readonly string[];
  /** Body key sets that are the protocol's envelope (`{ jsonrpc, … }`, `{ data, errors }`). */
  readonly bodyShapes: readonly (readonly string[])[];
  /** Route paths that serve it (`app.post('/graphql', …)`), a case-insensitive regular-expression source. */
  readonly routePattern: string;
  /**
   * Object keys under which functions are the protocol's handlers: GraphQL resolver maps
   * (`resolvers: { Query: { … } }`), jayson's method maps.
   */
  readonly handlerMapKeys: readonly string[];
  /** Class decorators that make a class's methods the protocol's handlers (`@Resolver()`). */
  readonly classDecorators: readonly string[];
  /** Calls that register a handler, with the handler's argument index (`server.addMethod(name, fn)`). */
  readonly registrations: readonly { readonly method: string; readonly handlerArg: number }[];
}

export const protocolConventions = [
  {
    protocol: 'GraphQL',
    packages: [
      'graphql',
      '@apollo/server',
      'apollo-server',
      'apollo-server-express',
      'graphql-yoga',
      'mercurius',
      'type-graphql',
      '@nestjs/graphql',
      'express-graphql',
      'graphql-http',
      '@graphql-tools/schema',
    ],
    // `{ errors }` alone is also a REST validation answer; only the full envelope counts.
    bodyShapes: [['data', 'errors']],
    routePattern: '(^|/)graphql(/|$)',
    handlerMapKeys: ['resolvers', 'Query', 'Mutation', 'Subscription'],
    classDecorators: ['Resolver'],
    registrations: [],
  },
  {
    protocol: 'JSON-RPC',
    packages: ['json-rpc-2.0', 'jayson', 'json-rpc-server', '@open-rpc/server-js'],
    bodyShapes: [['jsonrpc']],
    routePattern: '(^|/)(json-?)?rpc(/|$)',
    handlerMapKeys: [],
    classDecorators: [],
    registrations: [{ method: 'addMethod', handlerArg: 1 }],
  },
] as const satisfies readonly ProtocolConvention[];
