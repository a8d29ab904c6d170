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
  /** The package's namespace or default import is itself a receiver (`oracledb.getConnection()`). */
  readonly namespace?: boolean;
  /**
   * Receiver names (the last identifier of `pool`, `this.pool`, `db.readPool`) that count
   * when the file imports one of the model's packages or the result is used as the
   * resource afterwards. Regular-expression sources, matched case-insensitively.
   */
  readonly names?: readonly string[];
  /** Receiver names that are enough on their own (from a user's declaration: `db.openSession`). */
  readonly exactNames?: readonly string[];
  /** The method name alone is distinctive enough (`createQueryRunner`). */
  readonly any?: boolean;
  /**
   * Any receiver, in a file that imports one of the model's packages: a query builder's
   * `.stream()` has no telling receiver name, but a file importing knex is evidence.
   */
  readonly inImportingFile?: boolean;
  /**
   * The receiver is (or was assigned) the result of a call to one of these methods:
   * `db.collection('users').find()`.
   */
  readonly fromMethods?: readonly string[];
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
    };

/** An argument that makes a call an acquisition: `client.query(new Cursor(sql))`. */
export interface ArgumentSpec {
  readonly index: number;
  /** The argument is `new X(…)` with `X` one of these exports of `packages` (`default` for a default import). */
  readonly constructs?: { readonly packages: readonly string[]; readonly names: readonly string[] };
  /** Regular-expression source (case-insensitive) that the argument's literal text must match. */
  readonly text?: string;
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
  /** Index of the parameter that receives the resource. */
  readonly resourceParam: number;
  /** Index of a parameter that releases the resource when called (`done`). */
  readonly releaseParam?: number;
}

/** One way to acquire a resource. */
export interface AcquireSpec {
  /** The method called on the receiver (`connect`), or the function name for `plain`. */
  readonly method: string;
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
  /** Callback style, used when the call is given a function at the end of its arguments. */
  readonly callback?: CallbackSpec;
  /** An argument the call must have to acquire (`new Cursor(…)`, a `'BEGIN'` statement). */
  readonly argument?: ArgumentSpec;
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
  /** Methods whose call on a value shows it is this resource (`query`), used as evidence. */
  readonly uses?: readonly string[];
  /**
   * Properties that can be read off a resource that was never kept without taking it:
   * a TypeORM runner's `.connection` is the data source, and the runner connects only
   * when it runs a query.
   */
  readonly inertMembers?: readonly string[];
  /**
   * Events whose listener makes the resource live on by design, handed to the event loop
   * (`client.on('notification', …)` on a pg client that LISTENs).
   */
  readonly keepAliveEvents?: readonly string[];
  /** Whether the release method returns a promise, so the suggested fix awaits it. */
  readonly releaseIsAsync?: boolean;
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
   */
  readonly opensOn?: readonly string[];
  /** The acquiring call does not throw: its failures arrive through the resource (pg-cursor). */
  readonly acquireCannotThrow?: boolean;
  /** Calling the resource itself uses it: a knex transaction is a query builder, `trx('t')`. */
  readonly callable?: boolean;
  /** Methods on the resource whose failure ends it: a cursor whose `read()` fails is done. */
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
}
