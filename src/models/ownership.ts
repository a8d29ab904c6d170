/**
 * Calls that take ownership of a resource passed to them, recognised by the callee's last
 * name without seeing its body: a promise's `resolve(conn)`, storing methods
 * (`this.pushConnection(id, conn)`, `map.set(id, conn)`), and helpers whose name says
 * they release (`releaseQuietly(conn)`, `withClosable(conn, fn)`). Regular-expression
 * sources, matched case-insensitively. A helper with any other name is taken to use the
 * resource, not keep it (`await runQueries(client)`), as DESIGN.md asks.
 */
export const ownershipTakingCalls: readonly string[] = [
  '^resolve$',
  // Collections (`map.set(id, conn)`, `pool.add(conn)`); prefixes only for verbs that do
  // not name query helpers, so `addUser(client, user)`, `registerTypes(client)` and
  // `trackQueryTime(client)` still count as uses. Same-file functions are judged by their
  // body instead (analyze.ts), whatever their name.
  '^(set|add|put)$',
  // The verb alone or with a noun that names a resource (`pushConnection`, `enqueueClient`):
  // `pushMetrics(client)` or `pushRows(client, rows)` only use it.
  '^(push|enqueue|adopt)(conn|connection|client|session|cursor|stream|resource|handle|runner|transaction|trx|tx)?s?$',
  // `stream.pipeline(source, …, target)` consumes the source and destroys it on failure.
  '^pipeline$',
  // `stack.use(lock)`: a DisposableStack disposes what it is given.
  '^use$',
  // Dependency-injection containers and application registries keep what is registered
  // for the life of the application: inversify's `bind(T).toConstantValue(redis)`,
  // tsyringe's `registerInstance(T, redis)`, awilix's `asValue(redis)`, fastify's
  // `decorate('redis', redis)`. Exact names: no query helper is called like these.
  '^(toConstantValue|registerInstance|asValue|decorate)$',
  // Releasing verbs, anchored at the start of the name (after `_` and a hedging word such
  // as `safe`/`try`/`quietly`), so `releaseQuietly(conn)` and `safeClose(conn)` take it over
  // and `disclose(conn)`, `enclosing(conn)` or `logReleaseTime(conn)` do not.
  '^_*(safe_?|try_?|do_?|quietly_?|force_?|with_?)?(releas|clos|dispos|destroy|clean_?up|tear_?down|finali[sz])',
];

/**
 * Methods that end a connection or cursor of any model, beside the model's own `release`:
 * `dispose()` is the Disposable convention, and what pool wrappers call on a record they
 * hand out (`@databases/connection-pool`'s `driver.dispose()`). Not for transactions,
 * which end by commit or rollback.
 */
export const universalReleaseMethods: readonly string[] = ['dispose'];

/**
 * Members of the global `Object` that return their first argument: `return
 * Object.assign(stream, { on })` returns the stream itself, so it is handed to the caller.
 */
export const firstArgumentReturningCalls: readonly string[] = [
  'assign',
  'freeze',
  'seal',
  'preventExtensions',
  'defineProperty',
  'defineProperties',
  'setPrototypeOf',
];
