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
   * receiver itself (`const client = new Client(); await client.connect();`).
   */
  readonly resource?: 'receiver' | 'result';
  /** Callback style, used when the call is given a function at the end of its arguments. */
  readonly callback?: CallbackSpec;
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
  /** Methods on the resource that release it (`release`, `end`). */
  readonly release: readonly string[];
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
}
