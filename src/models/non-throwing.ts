/**
 * Calls treated as never throwing, so a resource held across them is not reported as
 * leaking "if this call throws". Each is a deliberate approximation: these calls can
 * throw in principle (a console whose stream is closed), but a report naming them would
 * be read as a false positive. Plain data, consumed by the lifetime layer.
 */
export const nonThrowingCalls = {
  /** Any method on a receiver with one of these names: `console.log(…)`, `logger.info(…)`. */
  receivers: ['console', 'logger', 'log'],
  /** EventEmitter listener bookkeeping on any receiver: `client.on('error', …)`. */
  methods: [
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
    // MongoDB's `session.startTransaction()` only changes the session's state (an awaited
    // TypeORM `startTransaction()` can still fail: the `await` is a throw point of its own).
    'startTransaction',
  ],
  /** Constructors that only store their arguments: `new Cursor(sql, values)`. */
  constructors: ['Cursor', 'QueryStream'],
  /**
   * Methods of the built-in collections that cannot throw, on a local variable that is
   * only ever given `[…]`, `new Set(…)` or `new Map(…)`: `found.add(key)`.
   */
  collections: {
    Array: ['push', 'pop', 'shift', 'unshift', 'includes', 'indexOf', 'join', 'slice', 'concat', 'at', 'keys', 'values', 'entries'],
    Set: ['add', 'has', 'delete', 'clear', 'keys', 'values', 'entries'],
    Map: ['set', 'get', 'has', 'delete', 'clear', 'keys', 'values', 'entries'],
  },
  /** Plain functions: the timer globals only schedule a callback. */
  functions: ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'],
} as const;
