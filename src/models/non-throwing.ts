/**
 * Which calls can throw: the throw model's data. A resource held across a call that
 * cannot throw is not reported as leaking "if this call throws". Each entry is a
 * deliberate approximation: these calls can throw on extraordinary input (`Number(symbol)`,
 * a console whose stream is closed), but a report naming them would be read as a false
 * positive. Plain data, consumed by the lifetime layer (src/lifetime/throws.ts); users add
 * their own in `settings.leakguard.nonThrowing` (the same specifier shapes).
 */

/**
 * A function, method or constructor, named the way typescript-eslint names types and
 * values (`TypeOrValueSpecifier`), plus one shape of our own for methods on any receiver:
 *
 * - `{ from: 'lib', name: 'Date.now' }`: a global of the JavaScript or Node runtime that no
 *   declaration in the file shadows; `'Math.*'` is every member of `Math`;
 * - `{ from: 'package', package: 'lodash', name: 'uniqueId' }`: an export of a package,
 *   however it is imported (`import { uniqueId } from 'lodash'`, `_.uniqueId`,
 *   `require('lodash/uniqueId')`); `name: 'default'` is the default export; `'Logger.*'` is
 *   every member of the export `Logger` imported by name (`Logger.log(…)`);
 * - `{ from: 'method', name: 'bind' }`: a method of that name on any receiver;
 * - `name: '*'` in a `package` entry: every export, and every member of it however deep
 *   (`chalk.red.bold(…)`), called or used as a template tag.
 *
 * A `lib` or `package` entry with `returns` speaks of the value a call of the export
 * returns instead of the call itself (a factory): `{ from: 'package', package: 'debug',
 * name: 'default', returns: { call: true } }` says that `log` in `const log =
 * createDebug('app')` is a function whose calls cannot throw.
 */
export type CallSpecifier =
  | { readonly from: 'lib'; readonly name: string | readonly string[]; readonly returns?: NonThrowingValue }
  | {
      readonly from: 'package';
      readonly package: string | readonly string[];
      readonly name: string | readonly string[];
      readonly returns?: NonThrowingValue;
    }
  | {
      readonly from: 'method';
      readonly name: string | readonly string[];
      /**
       * The method calls the functions it is given and throws only what they throw:
       * `rows.forEach((row) => ids.push(row.id))` cannot throw where its callback cannot.
       * It counts only when its first argument is a function written in place.
       */
      readonly callbacks?: boolean;
    };

/**
 * What a factory's result does not throw on: a logger made by `createDebug('app')` or
 * `pino()`. Its value is followed through `const` bindings and the `derive` methods.
 */
export interface NonThrowingValue {
  /** Calling the value itself cannot throw: `log('acquired %s', id)`. */
  readonly call?: boolean;
  /** Its methods that cannot throw: `log.info(…)`. */
  readonly methods?: readonly string[];
  /**
   * Its methods that return another value of the same kind, and cannot throw either:
   * `log.child({ module })`, `debug.extend('pool')`.
   */
  readonly derive?: readonly string[];
}

/** Calls (and `new` of constructors) that do not throw on ordinary input. */
export const nonThrowingSpecifiers: readonly CallSpecifier[] = [
  {
    from: 'lib',
    name: [
      // Pure computations on ordinary values.
      'Math.*',
      'Date.now',
      'Date',
      'Array.isArray',
      'Array.of',
      'Number',
      'Number.isInteger',
      'Number.isFinite',
      'Number.isNaN',
      'Number.isSafeInteger',
      'String',
      'Boolean',
      'Symbol',
      // The global symbol registry: a string key in, a symbol out.
      'Symbol.for',
      'parseInt',
      'parseFloat',
      'isNaN',
      'isFinite',
      'Object.keys',
      'Object.values',
      'Object.entries',
      'Object.assign',
      'Object.freeze',
      // Defining a property of a plain object; it throws only on a non-object or a property
      // made non-configurable before, as `Object.assign` throws only on a read-only one.
      'Object.defineProperty',
      // A fresh object with that prototype; it throws only on a prototype that is neither an
      // object nor `null` (`Object.create(null)` is the usual dictionary).
      'Object.create',
      'Object.is',
      // Logging.
      'console.*',
      // Timers only schedule a callback.
      'setTimeout',
      'setInterval',
      'setImmediate',
      'clearTimeout',
      'clearInterval',
      'clearImmediate',
      'queueMicrotask',
      'process.nextTick',
      'process.hrtime',
      'process.hrtime.bigint',
      'performance.now',
      // A value promise: `await Promise.resolve()` is a tick.
      'Promise.resolve',
      // A rejected promise is returned, not thrown: `(err) => (close(c), Promise.reject(err))`.
      'Promise.reject',
      // Constructors of plain values and containers. A `new Promise(…)` does not throw
      // either: a throwing executor rejects the promise instead.
      'Map',
      'Set',
      'WeakMap',
      'WeakSet',
      'Error',
      'TypeError',
      'RangeError',
      'Promise',
      'AbortController',
      'EventEmitter',
    ],
  },
  // Node's stream and event classes only store their options.
  {
    from: 'package',
    package: ['stream', 'node:stream'],
    name: ['Transform', 'PassThrough', 'Readable', 'Writable', 'Duplex'],
  },
  { from: 'package', package: ['events', 'node:events'], name: ['EventEmitter', 'default'] },
  // NestJS's static logger (`Logger.log(…)`, `Logger.warn(…)`) writes to its logger service.
  { from: 'package', package: '@nestjs/common', name: 'Logger.*' },
  // pg's string escaping (exported by name since pg 8.11) is pure and total.
  { from: 'package', package: 'pg', name: ['escapeIdentifier', 'escapeLiteral'] },
  // `await setTimeout(ms)` from timers/promises resolves after the delay.
  { from: 'package', package: ['timers/promises', 'node:timers/promises'], name: ['setTimeout', 'setImmediate'] },
  // Counters, identity helpers and type tests of the utility libraries.
  {
    from: 'package',
    package: ['lodash', 'lodash-es', 'underscore'],
    name: ['uniqueId', 'identity', 'noop', 'isNil', 'isNull', 'isUndefined', 'isObject', 'isPlainObject', 'isString', 'isNumber', 'isBoolean', 'isFunction', 'isArray', 'isEmpty'],
  },
  // lodash's path helpers are total: `get` answers the default for a missing or nullish
  // link, `has` answers false, and `set` creates the missing links (it skips `__proto__`
  // and `constructor` keys). They throw only where a plain assignment would (a frozen
  // object in strict mode, a setter that throws). underscore's `get`/`has` read the same way.
  { from: 'package', package: ['lodash', 'lodash-es'], name: ['get', 'set', 'has', 'hasIn'] },
  { from: 'package', package: 'underscore', name: ['get', 'has'] },
  // semver's readers answer `null` for what is not a version (parse catches its own error;
  // coerce and clean go through it); its comparisons throw on invalid input and are not listed.
  { from: 'package', package: 'semver', name: ['coerce', 'valid', 'clean', 'parse'] },
  // Terminal colour libraries only wrap a string in escape codes (`chalk.red.bold(msg)`,
  // ``ansis.green`done` ``): a log line styled with them cannot throw where the plain one
  // cannot. Their exports are chains of such functions, so every member counts.
  {
    from: 'package',
    package: ['chalk', 'ansis', 'picocolors', 'colorette', 'yoctocolors', 'ansi-colors', 'colors/safe', 'cli-color'],
    name: '*',
  },
  // The `debug` package: `createDebug(namespace)` only builds a function, and that function
  // returns at once while its namespace is disabled (the default); enabled, it formats with
  // util.inspect (its `%j` formatter catches JSON errors) and writes to stderr, which does
  // not throw synchronously. `log.extend('sub')` makes another one.
  { from: 'package', package: 'debug', name: 'default' },
  { from: 'package', package: 'debug', name: 'default', returns: { call: true, derive: ['extend'] } },
  // pino loggers, `pino(options)` and their `child(bindings)`: a log call serialises with
  // safe-stable-stringify (circular and BigInt values included) and hands the line to a
  // stream that writes asynchronously; it throws only after the destination was destroyed
  // at shutdown. `pino(options)` itself is not listed: it throws on conflicting options.
  // winston is not listed: its `log()` runs the user's format pipeline synchronously.
  {
    from: 'package',
    package: 'pino',
    name: ['default', 'pino'],
    returns: { methods: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent', 'isLevelEnabled'], derive: ['child'] },
  },
  {
    from: 'method',
    name: [
      // `fn.bind(x)` makes a function; it calls nothing.
      'bind',
      // EventEmitter listener bookkeeping on any receiver: `client.on('error', …)`.
      'on',
      'once',
      'off',
      'addListener',
      'prependListener',
      'prependOnceListener',
      'removeListener',
      'removeAllListeners',
      'setMaxListeners',
      // pg's string escaping is pure and total.
      'escapeIdentifier',
      'escapeLiteral',
      // Appending to an array.
      'push',
      // mariadb's `conn.serverVersion()` reads what the handshake stored (it throws only
      // before the connection is made, where no connection object is handed out yet).
      'serverVersion',
      // MongoDB's `session.startTransaction()` only changes the session's state (an awaited
      // TypeORM `startTransaction()` can still fail: the `await` is a throw point of its own).
      'startTransaction',
      // TypeORM query runners' SQL-in-memory switches only set fields (BaseQueryRunner).
      'enableSqlMemory',
      'disableSqlMemory',
      'clearSqlMemory',
    ],
  },
  // The iteration methods of arrays, Maps and Sets call the callback they are given and throw
  // what it throws, nothing of their own: `charts.forEach((c) => setImmediate(…))`. `reduce`
  // is not listed (it throws on an empty array with no initial value), nor `sort` (its
  // comparator is optional, and a missing one is not "the callback cannot throw").
  {
    from: 'method',
    name: ['forEach', 'map', 'filter', 'flatMap', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex'],
    callbacks: true,
  },
];

/** Calls that end the process: nothing is left open after them, and no path goes on. */
export const processExits: readonly CallSpecifier[] = [{ from: 'lib', name: ['process.exit', 'process.abort'] }];

/**
 * Calls of test runners that always throw to end the test: no path goes on after them
 * (unlike `process.exit()`, the throw is a path of its own, and what the test holds stays
 * open on it).
 * - mocha: `this.skip()` in a `function` given to one of `mochaFunctions` (it throws a
 *   `Pending`);
 * - vitest: `ctx.skip()` / `ctx.skip('why')` on the context parameter of a test from
 *   `vitestPackages` (it throws a `PendingError`; `ctx.skip(condition)` returns when the
 *   condition is false, so a non-string argument does not count).
 * node:test's `t.skip()` only marks the test and returns: not listed.
 */
export const testSkips = {
  method: 'skip',
  mochaFunctions: ['it', 'specify', 'test', 'before', 'after', 'beforeEach', 'afterEach', 'describe', 'context'],
  vitestFunctions: ['it', 'test'],
  vitestPackages: ['vitest'],
} as const;

/**
 * The older, name-only part of the model, kept where no import or declaration can say
 * more: loggers by receiver name, and the cursor constructors a query takes.
 */
export const nonThrowingCalls = {
  /**
   * Any method on a receiver with one of these names, or on a chain of method calls that
   * starts from one: `logger.info(…)`, `log.warn(…)`, `log.atError().withCause(e).log(…)`.
   */
  receivers: ['console', 'logger', 'log'],
  /** Constructors that only store their arguments: `new Cursor(sql, values)`. */
  constructors: ['Cursor', 'QueryStream'],
  /**
   * Built-in superclasses whose constructor does not throw on ordinary input, so a project's
   * subclass is a value class when its own body is one: `class FleetError extends Error`.
   */
  superclasses: ['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError'],
  /**
   * Methods of the built-in collections (and other built-in objects) that cannot throw, on a
   * local variable that is only ever given `[…]`, `new Set(…)`, `new Map(…)` (or the weak
   * ones, or `new AbortController()`): `found.add(key)`, `controller.abort()`.
   */
  collections: {
    Array: ['push', 'pop', 'shift', 'unshift', 'includes', 'indexOf', 'join', 'slice', 'concat', 'at', 'keys', 'values', 'entries'],
    Set: ['add', 'has', 'delete', 'clear', 'keys', 'values', 'entries'],
    Map: ['set', 'get', 'has', 'delete', 'clear', 'keys', 'values', 'entries'],
    WeakSet: ['add', 'has', 'delete'],
    WeakMap: ['set', 'get', 'has', 'delete'],
    // `abort()` dispatches an event; a listener that throws is reported as an uncaught
    // exception on a later tick, never thrown out of `abort()` itself.
    AbortController: ['abort'],
  },
  /**
   * Methods of a string that cannot throw, on a string literal or template, or a parameter
   * or `const` declared `string` (or given a literal): `name.toLowerCase()`, `id.slice(1)`.
   * `replace` and `replaceAll` only with literal arguments: a replacement function runs
   * code, and `replaceAll` throws on a regular expression without the `g` flag. Not listed:
   * `repeat`, `normalize`, `match`, `search` (they throw on a bad count, form or pattern).
   */
  strings: {
    any: [
      'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'trim', 'trimStart', 'trimEnd',
      'slice', 'substring', 'charAt', 'charCodeAt', 'codePointAt', 'at', 'indexOf', 'lastIndexOf', 'includes',
      'startsWith', 'endsWith', 'split', 'concat', 'padStart', 'padEnd', 'toString', 'localeCompare',
    ],
    literalArguments: ['replace', 'replaceAll'],
    /** Those whose result is a string again: `name.trim().toLowerCase()` is a string method call too. */
    returnString: [
      'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'trim', 'trimStart', 'trimEnd',
      'slice', 'substring', 'charAt', 'at', 'concat', 'padStart', 'padEnd', 'toString', 'replace', 'replaceAll',
    ],
  },
} as const;
