/** What a resource is, which decides the rule that reports it. */
export type ResourceKind = 'connection' | 'cursor' | 'transaction';

/**
 * How to recognise the receiver of an acquiring method call without type information.
 * Evidence is tried strongest first (see docs/configuration.md).
 */
export interface ReceiverSpec {
  /** Classes from the model's packages whose instances are receivers (`new Pool()`). */
  readonly constructors?: readonly string[];
  /** Functions from the model's packages that return a receiver (`mysql.createPool()`). */
  readonly factories?: readonly string[];
  /**
   * Classes from the model's packages that are themselves receivers, through a static
   * method: `MongoClient.connect(url)` (the class imported, or `mongodb.MongoClient`).
   */
  readonly classes?: readonly string[];
  /** The package's namespace or default import is itself a receiver (`oracledb.getConnection()`). */
  readonly namespace?: boolean;
  /**
   * Receiver names (the last identifier of `pool`, `this.pool`, `db.readPool`): weak
   * evidence, which counts when the result is used as the resource afterwards (an import
   * of the model's package only chooses among such matches). Regular-expression sources,
   * matched case-insensitively.
   */
  readonly names?: readonly string[];
  /** Receiver names that are enough on their own (from a user's declaration: `db.openSession`). */
  readonly exactNames?: readonly string[];
  /** The method name alone is distinctive enough (`createQueryRunner`). */
  readonly any?: boolean;
  /**
   * A receiver that is a value in memory is none, whatever else says so: an array,
   * string, Map or Set built in view (and what their methods return), `arguments`, the
   * generator object of a same-file generator with nothing to clean up. Iterating such a
   * value holds nothing (`[1, 2][Symbol.iterator]()`).
   */
  readonly notInMemory?: boolean;
  /**
   * A receiver that is the value of an `await` (or a variable only ever assigned one) is
   * none: what an asynchronous call answers is data. For synchronous iteration: the values
   * with a synchronous iterator that hold something (generator objects, better-sqlite3's
   * `stmt.iterate()`) are made synchronously, and database drivers hand out their cursors
   * as asynchronous iterables.
   */
  readonly notAwaited?: boolean;
  /**
   * The receiver is (or was assigned) the result of a call to one of these methods:
   * `db.collection('users').find()`.
   */
  readonly fromMethods?: readonly string[];
  /**
   * The receiver is a builder chain, and the evidence above may be found on any link of it,
   * back to its root: a query builder's `.stream()` is knex's when the chain starts at a
   * knex instance (`db('users').where(…).stream()`, `knex.select().from(t).stream()`), and
   * nobody's when it starts at something else (`got.stream(url)`). Followed through calls,
   * member accesses and local variables, a few links deep.
   */
  readonly builderChain?: boolean;
}

/**
 * A method called on a resource, by name, optionally narrowed by its first argument:
 * `{ method: 'query', firstArgument: '^\\s*COMMIT\\b' }` is `client.query('COMMIT')`, and
 * `{ method: 'release', noArguments: true }` is `release()` but not `release(err)`.
 */
export type MethodPattern =
  | string
  | {
      readonly method: string;
      /** Regular-expression source (case-insensitive) the first argument's literal text must match. */
      readonly firstArgument?: string;
      /** Only a call without arguments. */
      readonly noArguments?: boolean;
      /**
       * Only a call whose result is then called with this method, which runs it: Kysely's
       * `trx.commit().execute()` (`trx.commit()` alone builds the statement and runs nothing).
       */
      readonly then?: string;
    };

/**
 * A call on the receiver an acquisition was made on (the pool) that releases every
 * resource it handed out, in use or not: oracledb's `pool.close(drainTime)`.
 */
export interface ReceiverRelease {
  readonly method: string;
  /**
   * Only a call with at least one argument: oracledb's `pool.close()` without a drain time
   * fails while connections are out, `pool.close(0)` closes them.
   */
  readonly withArgument?: boolean;
}

/** An argument that makes a call an acquisition: `client.query(new Cursor(sql))`. */
export interface ArgumentSpec {
  readonly index: number;
  /** The argument is `new X(…)` with `X` one of these exports of `packages` (`default` for a default import). */
  readonly constructs?: { readonly packages: readonly string[]; readonly names: readonly string[] };
  /** Regular-expression source (case-insensitive) that the argument's literal text must match. */
  readonly text?: string;
  /**
   * An object literal written as the argument must have this property (or a spread that may
   * give it): a knex config without `connection` only builds SQL and opens no pool. Any other
   * argument (a variable, an imported config) may have it and counts.
   */
  readonly objectProperty?: string;
}

/**
 * A test on a value read from the resource that tells it is used up, so it closed
 * itself: `await cursor.hasNext()` being false, `rows.length === 0` after `cursor.read()`.
 * - `falsy`: the read's result itself is falsy (`hasNext()`);
 * - `nullish`: the result is `null` (MongoDB `next()`);
 * - `done`: the result's `done` is true (an iterator's `next()`);
 * - `empty`: the result's `length` is 0 (pg-cursor `read()`).
 */
export interface ExhaustionSpec {
  readonly method: string;
  readonly signal: 'done' | 'empty' | 'falsy' | 'nullish';
}

/** A driver's callback-style acquisition: `pool.connect((err, client, done) => …)`. */
export interface CallbackSpec {
  /** Index of the error parameter; when it is truthy no resource was handed over. */
  readonly errorParam?: number;
  /**
   * Index of the parameter that receives the resource; absent where the resource is the
   * receiver (`resource: 'receiver'`: pg's `client.connect((err) => …)`), which is tracked only
   * where such a call runs in a `new Promise` executor the function awaits.
   */
  readonly resourceParam?: number;
  /** Index of a parameter that releases the resource when called (`done`). */
  readonly releaseParam?: number;
}

/** One way to acquire a resource. */
export interface AcquireSpec {
  /**
   * The method called on the receiver (`connect`), the function name for a plain call, or
   * the class name for an acquisition by `new` (see `construct`). For a plain call, `default`
   * is the package's default export under whatever local name the module gives it
   * (`import knex from 'knex'; knex(config)`, `const db = require('knex')(…)` is not a name).
   */
  readonly method: string;
  /**
   * The resource is acquired by constructing it, `new Method(…)`, not by a call:
   * - `package`: `Method` must be the export of that name of one of the model's packages
   *   (`new PrismaClient()` imported from `@prisma/client`, `new prisma.PrismaClient()`);
   *   `default` is the package's default export under whatever local name the module gives
   *   it (`const Redis = require('ioredis'); new Redis()`, `import Queue from 'bull'`);
   * - `anywhere`: the class name is distinctive enough from any module, for classes a
   *   tool generates into the project (Prisma's client in `./generated/prisma`).
   * A class constructed at module level lives for the process and is not tracked; one
   * constructed in a function must be released there or handed off. A class whose objects
   * hold nothing until a method opens them (`new pg.Client()` then `connect()`) is better
   * described by that method with `resource: 'receiver'` and `receiver.constructors`.
   */
  readonly construct?: 'anywhere' | 'package';
  /** How to recognise the receiver; absent for plain function calls. */
  readonly receiver?: ReceiverSpec;
  /**
   * Where the resource ends up: the call's (awaited) result, the default, or the
   * receiver itself (`const client = new Client(); await client.connect();`, a
   * transaction begun by `client.query('BEGIN')`). A receiver is tracked only when it is
   * a local variable of the function, not a parameter: a caller that passed it in may
   * settle it.
   */
  readonly resource?: 'receiver' | 'result';
  /**
   * With `resource: 'receiver'`: the call's promise is fulfilled with the receiver itself
   * (mssql's `await pool.connect()` is the pool), so where that value goes the resource goes:
   * `cache.set(key, pool.connect())` stores the pool, `return pool.connect()` returns it.
   */
  readonly fulfilsWithReceiver?: boolean;
  /**
   * With `resource: 'receiver'`: the call answers nothing (`void`, `Promise<void>`), so code
   * that keeps its result (`const tx = await adapter.startTransaction()`) calls another
   * library's method of the same name, one that returns the resource, and is no
   * acquisition of this model.
   */
  readonly answersNothing?: true;
  /** Callback style, used when the call is given a function at the end of its arguments. */
  readonly callback?: CallbackSpec;
  /** An argument the call must have to acquire (`new Cursor(…)`, a `'BEGIN'` statement). */
  readonly argument?: ArgumentSpec;
  /**
   * The call returns a pending operation, and the promise of the resource is this property
   * of it: tarn's `await pool.acquire().promise`.
   */
  readonly promiseProperty?: string;
  /**
   * The call returns a builder, and the resource is the (awaited) result of this method
   * called on it; without that call nothing is acquired: Kysely's `await
   * db.startTransaction().execute()`.
   */
  readonly resultMethod?: string;
}

/**
 * A named type from a package, in the shape of typescript-eslint's `TypeOrValueSpecifier`
 * (`{ from: 'package', name, package }`). A type matches when its symbol (or its type
 * alias, or a base type, nearest first) has one of the names and is declared in one of the
 * packages; a package's `@types/` twin counts as the package.
 */
export interface PackageTypeSpecifier {
  readonly from: 'package';
  readonly name: string | readonly string[];
  readonly package: string | readonly string[];
}

/** The model's declared types, for type-aware mode (they decide where syntax only guesses). */
export interface ModelTypes {
  /** Types whose values are this resource (`pg.PoolClient`). */
  readonly resource?: PackageTypeSpecifier;
  /**
   * Whether a value of the resource type, returned (awaited) by any function declared in
   * another file, was checked out for the caller: pooled connections, query runners,
   * sessions, cursors, transactions. Leave it out for types that only confirm an
   * acquisition the model recognised but are also handed around shared (a stand-alone
   * `pg.Client`, a mysql2 `Connection`).
   */
  readonly fromWrappers?: boolean;
  /** Types whose values acquire this resource (`pool.connect()` on a `pg.Pool`). */
  readonly receiver?: PackageTypeSpecifier;
  /**
   * Receiver types the model never applies to, whatever the syntax says: an iterator over
   * an `Array`, a `Map` or a string holds nothing. Primitives match by their wrapper
   * (`String`); TypeScript's own library declarations are the package `typescript`.
   */
  readonly notReceiver?: PackageTypeSpecifier;
}

/**
 * A property of the resource that is the same resource through another API, released by
 * the model's own release methods: mysql2's promise `PoolConnection.connection` is the
 * callback-API `PoolConnection` of the same pooled connection (its `release()` / `end()`
 * give it back to the pool). Kept in a local (`const conn = (await
 * pool.getConnection()).connection`), the local holds the resource.
 */
export interface ComponentSpec {
  readonly property: string;
  /**
   * Its methods whose failures arrive through the callback they are given or the object
   * they return (an event emitter), never thrown: the callback API's `query()` and
   * `execute()`. They are no throw points for the resource.
   */
  readonly quietMethods?: readonly string[];
  /**
   * Methods of what a quiet method returns that cannot throw either: the Query's `stream()`,
   * which builds a Readable fed by the Query's events.
   */
  readonly quietResults?: readonly string[];
}

/** Everything leakguard knows about one resource of one library, as data. */
export interface ResourceModel {
  /** The library, for messages and docs (`pg`). */
  readonly library: string;
  /** Import specifiers whose presence in a file is evidence for this model. */
  readonly packages: readonly string[];
  readonly kind: ResourceKind;
  /** What the resource is called in messages (`pool connection`). */
  readonly what: string;
  readonly acquire: readonly AcquireSpec[];
  /**
   * Calls on the resource that release it (`release`, `end`, `close`, `commit`), or use it
   * up so that it releases itself (a cursor's `toArray()`).
   */
  readonly release: readonly MethodPattern[];
  /** Methods on the receiver that release a resource passed to them (`pool.release(conn)`). */
  readonly releaseVia?: readonly string[];
  /**
   * Calls on the receiver the resource was acquired from (the pool) that release it with
   * every other resource of that receiver once they run (`pool.close(0)`). Not a pool's
   * `end()` that waits for its resources to come back (pg-pool's).
   */
  readonly releasedByReceiver?: readonly ReceiverRelease[];
  /**
   * The resource ends when the `AbortSignal` its receiver was made with aborts:
   * `createTransport({ signal: ac.signal })[Symbol.asyncIterator]()` is closed by
   * `ac.abort()`, which tears the source down and finishes its iterators.
   */
  readonly releasedByAbort?: boolean;
  /**
   * Uses that stay legal after the release: an iterator's `next()` answers
   * `{ done: true }` once `return()` has run, so calling it then is no use after release.
   */
  readonly usableAfterRelease?: readonly string[];
  /**
   * Methods that make a released resource usable again, holding what it held before: an
   * ioredis or node-redis client's `connect()` after `disconnect()` opens a new connection.
   * After one, uses are legal and the resource must be released again.
   */
  readonly reopenedBy?: readonly string[];
  /**
   * Methods of the resource whose result is a handle that keeps it reachable: a MongoDB
   * client's `db(name)`. Building a handle does no I/O, so it is no throw point for the
   * resource. Kept in a local, the handle is a way of using the resource; returned
   * or stored where others reach it (`return client.db('app')`, `this.db = db`), it hands the
   * resource on with it, to whoever keeps the handle for as long as it uses it.
   */
  readonly handles?: readonly string[];
  /** Properties of the resource that are the same resource through another API (see ComponentSpec). */
  readonly components?: readonly ComponentSpec[];
  /** Methods whose call on a value shows it is this resource (`query`), used as evidence. */
  readonly uses?: readonly string[];
  /**
   * Properties that can be read off a resource that was never kept without taking it:
   * a TypeORM runner's `.connection` is the data source, and the runner connects only
   * when it runs a query.
   */
  readonly inertMembers?: readonly string[];
  /**
   * Type names that, asserted on the acquisition (`… as MongoQueryRunner`) or declared on
   * the variable it is bound to (`const r: MongoQueryRunner = …`), say that the value holds
   * nothing to give back: TypeORM's MongoDB runner shares the driver's one client, and its
   * `release()` does nothing.
   */
  readonly inertTypes?: readonly string[];
  /**
   * Events whose listener makes the resource live on by design, handed to the event loop
   * (`client.on('notification', …)` on a pg client that LISTENs).
   */
  readonly keepAliveEvents?: readonly string[];
  /**
   * Methods whose call on the resource keeps it alive on purpose, handed to the event loop:
   * a redis client that `subscribe()`s is a subscriber for the life of the process.
   */
  readonly keepAliveMethods?: readonly string[];
  /**
   * Methods on the resource whose result carries it on, to be settled through that value:
   * Kysely's `await trx.savepoint('a').execute()` is the same transaction under a new name.
   * The new holder is not followed: after such a call the resource is no longer this
   * holder's to release, as after a keep-alive method.
   */
  readonly handedOnBy?: readonly string[];
  /** Whether the release method returns a promise, so the suggested fix awaits it. */
  readonly releaseIsAsync?: boolean;
  /**
   * Whether the release itself can fail in a way that leaves another resource of the model
   * open: a `commit()` that is rejected (so a transaction's release is a throw point).
   * Defaults to `true` for transactions and `false` otherwise: giving a connection back or
   * closing a cursor or client (`client.end()`, `pool.end()`) is not taken to throw, so a
   * report never names it as the call that leaks another connection.
   */
  readonly releaseCanFail?: boolean;
  /**
   * Calls on the resource's holder that give it up without settling it: a pg client
   * `release()`d to the pool with its transaction still open.
   */
  readonly abandonedBy?: readonly MethodPattern[];
  /** Methods that return the same resource, so a chain keeps it: `find().sort().limit()`. */
  readonly chain?: readonly string[];
  /** Tests that show the resource was used up and closed itself. */
  readonly exhaustion?: readonly ExhaustionSpec[];
  /**
   * The resource holds nothing until one of these methods is first called on it: a MongoDB
   * cursor runs its query on the first `next()`, so one dropped before that leaks nothing.
   * `'*'`: any method of it (a TypeORM runner takes its connection on the first of `connect()`,
   * `query()`, `startTransaction()` or a schema method, which all query).
   */
  readonly opensOn?: readonly string[];
  /**
   * With `opensOn`: a query through one of the resource's properties opens it too, and so
   * does passing it to a function. A Prisma client connects on `$connect()` or on its first
   * query, `prisma.user.findMany()`; registering a listener (`prisma.$on(…)`) opens nothing.
   */
  readonly opensThroughMembers?: boolean;
  /** The acquiring call does not throw: its failures arrive through the resource (pg-cursor). */
  readonly acquireCannotThrow?: boolean;
  /**
   * Calling the resource itself uses it, plainly or as a template tag: a knex transaction
   * is a query builder, `trx('t')`; a postgres.js reserved connection runs
   * `` reserved`select 1` ``.
   */
  readonly callable?: boolean;
  /**
   * Methods on the resource whose failure ends it: a cursor whose `read()` fails is done; so
   * is an iterator whose `next()` a test asserts to reject (`await
   * expect(it.next()).rejects.toThrow()`), where the test goes on.
   */
  readonly closesOnError?: readonly string[];
  /** Whether releasing it a second time is an error (pg's "Release called on client which has already been released"). */
  readonly releaseTwiceFails?: boolean;
  /**
   * The call that undoes a transaction on failure, after the receiver, written into the
   * `catch` a suggested fix adds (`.rollback()`, `.query('ROLLBACK')`).
   */
  readonly rollbackCall?: string;
  /**
   * The resource implements `Symbol.asyncDispose` (`async`) or `Symbol.dispose` (`sync`)
   * when it comes from one of `packages`, so a suggested fix can declare it with
   * `await using` / `using`.
   */
  readonly disposal?: { readonly kind: 'async' | 'sync'; readonly packages: readonly string[] };
  /**
   * The release method is optional in the protocol (an iterator's `return`: array iterators
   * have none), so a suggested fix calls it as `?.()` and awaits it for an async iterator,
   * as `for` / `for await` do; a plain call would throw where the method is missing.
   */
  readonly releaseOptional?: boolean;
  /** The library's own types for the resource and its receivers, for type-aware mode. */
  readonly types?: ModelTypes;
}
