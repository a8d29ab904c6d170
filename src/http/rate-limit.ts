/**
 * What marks a rate limiter, as data: libraries, names, the results they hand back and
 * the words a refusal is written in.
 */

/** Sense of a boolean-ish value: whether truthy means the caller was refused. */
export type LimitSense = 'limited' | 'allowed';

/**
 * How a limiter method answers a refusal:
 * - `rejects`: its promise rejects with a refusal value (rate-limiter-flexible's
 *   `consume()` rejects with a `RateLimiterRes`). The `catch` around it *is* the
 *   rate-limit branch, except where the caught value is an `Error`: that is the store
 *   failing.
 * - `flag`: it resolves (or returns) a value that says whether the caller may go on
 *   (`{ success }`, `true`, a token count). A `catch` around it is the limiter failing, an
 *   infrastructure failure for `no-error-200`, never a refusal.
 */
export type RefusalStyle = 'rejects' | 'flag';

/** A method of a limiter object and how it answers. */
export interface LimiterMethod {
  readonly method: string;
  readonly refusal: RefusalStyle;
  /**
   * For `flag` methods: the property of the answer that says "allowed" (`success`), or
   * `null` when the answer itself does (`tryRemoveTokens()` → boolean; `removeTokens()` →
   * tokens left, negative when refused).
   */
  readonly flag?: string | null;
}

/** A middleware factory's options and what the library does with each (see `LimiterLibrary.middleware`). */
export interface LimiterMiddleware {
  /** Exports (or local names of the default export) that build the middleware. */
  readonly factories: readonly string[];
  /** Option that sets the refusal's status; 429 when absent. */
  readonly statusOption?: string;
  /**
   * Options whose function answers the refusal itself and *replaces* the library's own
   * answer, status included: a send there decides the status.
   */
  readonly handlerOptions: readonly string[];
  /**
   * Options the library calls (or sends) *after* it has set `statusOption`'s status: a
   * `message` function that sends `res.json(…)` goes out with 429, not 200.
   */
  readonly afterStatusOptions: readonly string[];
}

/** A rate-limiting library and what leakguard reads from it. */
export interface LimiterLibrary {
  readonly library: string;
  readonly packages: readonly string[];
  /**
   * Exported classes whose instances are limiters, for type-aware mode (a subclass counts:
   * `RateLimiterRedis` is a `RateLimiterAbstract`). Syntax-only mode takes any `new X()` of
   * an export of the package.
   */
  readonly limiterClasses?: readonly string[];
  /** Methods of a limiter instance and how each answers a refusal. */
  readonly methods?: readonly LimiterMethod[];
  /** Classes whose instances stand for a refusal: `err instanceof RateLimiterRes`. */
  readonly refusalClasses?: readonly string[];
  /** The library's middleware factory, when it has one. */
  readonly middleware?: LimiterMiddleware;
}

/**
 * One entry per library. Pinned against the real packages in tests/status/limiters.test.ts
 * (run in-process where they can; @upstash/ratelimit needs Redis and is pinned by its types).
 */
export const limiterLibraries = [
  {
    // The default handler sets `statusCode` (429) and then sends `message` (a function is
    // called with (req, res) after the status is set); a custom `handler` replaces both.
    library: 'express-rate-limit',
    packages: ['express-rate-limit'],
    middleware: {
      factories: ['rateLimit', 'default', 'slowDown'],
      statusOption: 'statusCode',
      handlerOptions: ['handler', 'onLimitReached'],
      afterStatusOptions: ['message'],
    },
  },
  {
    // The same contract for Hono: `c.status(statusCode)`, then `message` (or its result).
    library: 'hono-rate-limiter',
    packages: ['hono-rate-limiter'],
    middleware: {
      factories: ['rateLimiter'],
      statusOption: 'statusCode',
      handlerOptions: ['handler'],
      afterStatusOptions: ['message'],
    },
  },
  {
    // The builder's object is sent with the plugin's status (`statusCode` in the context).
    library: '@fastify/rate-limit',
    packages: ['@fastify/rate-limit', 'fastify-rate-limit'],
    middleware: { factories: ['default'], statusOption: 'statusCode', handlerOptions: ['errorResponseBuilder'], afterStatusOptions: [] },
  },
  {
    // koa2-ratelimit is a port of express-rate-limit with its options.
    library: 'koa2-ratelimit',
    packages: ['koa2-ratelimit'],
    middleware: {
      factories: ['RateLimit', 'middleware'],
      statusOption: 'statusCode',
      handlerOptions: ['handler', 'onLimitReached'],
      afterStatusOptions: ['message'],
    },
  },
  {
    // koa-ratelimit answers 429 itself and takes no handler.
    library: 'koa-ratelimit',
    packages: ['koa-ratelimit'],
  },
  {
    // `consume()` rejects with a RateLimiterRes once the points are used up, and with the
    // store's Error when the store fails (unless an insurance limiter takes over).
    // `penalty()`, `reward()`, `get()` and `block()` resolve; they reject only on store errors.
    library: 'rate-limiter-flexible',
    packages: ['rate-limiter-flexible'],
    limiterClasses: ['RateLimiterAbstract', 'RateLimiterCompatibleAbstract', 'RateLimiterUnion', 'BurstyRateLimiter'],
    methods: [{ method: 'consume', refusal: 'rejects' }],
    refusalClasses: ['RateLimiterRes'],
  },
  {
    // `limit()` and `blockUntilReady()` resolve `{ success, limit, remaining, reset }`;
    // they reject only when Redis fails.
    library: '@upstash/ratelimit',
    packages: ['@upstash/ratelimit'],
    limiterClasses: ['Ratelimit'],
    methods: [
      { method: 'limit', refusal: 'flag', flag: 'success' },
      { method: 'blockUntilReady', refusal: 'flag', flag: 'success' },
    ],
  },
  {
    library: 'bottleneck',
    packages: ['bottleneck'],
    refusalClasses: ['BottleneckError'],
  },
  {
    // `tryRemoveTokens()` returns whether the tokens were taken; `removeTokens()` resolves
    // the tokens left (-1 when refused with `fireImmediately`) and rejects only with a
    // RangeError for a request larger than the bucket.
    library: 'limiter',
    packages: ['limiter'],
    limiterClasses: ['RateLimiter', 'TokenBucket'],
    methods: [
      { method: 'tryRemoveTokens', refusal: 'flag', flag: null },
      { method: 'removeTokens', refusal: 'flag', flag: null },
    ],
  },
  {
    library: '@nestjs/throttler',
    packages: ['@nestjs/throttler'],
    refusalClasses: ['ThrottlerException'],
  },
] as const satisfies readonly LimiterLibrary[];

/**
 * Names (of a variable, property, function or class) that say "rate limiter", read as
 * words (`apiRateLimiter` is `api rate limiter`, `RATE_LIMIT` is `rate limit`), so that a
 * match is anchored at word boundaries. `limit` alone is not one: it is the page size of
 * half the APIs in the world.
 */
export const limiterNameWords = {
  /** Any word of the name is one of these (`loginLimiter`, `throttle`, `ratelimit`). */
  anyWord: ['limiter', 'limiters', 'ratelimit', 'ratelimiter', 'ratelimiters', 'ratelimiting', 'throttle', 'throttler', 'throttling', 'throttled'],
  /** Consecutive words (`rate limit…`, `too many`). */
  phrases: [
    ['rate', 'limit'],
    ['rate', 'limiter'],
    ['rate', 'limited'],
    ['rate', 'limiting'],
    ['rate', 'limits'],
    ['too', 'many'],
  ],
  /**
   * Words that name a limiter only as the name's head (`quota`, `quotaService`), not as a
   * qualifier of something else (`storageQuota.remaining` is disk space).
   */
  leadingWords: ['quota'],
};

/**
 * Names whose truthy value means the caller was refused (`isRateLimited`, `limited`,
 * `tooManyRequests`), or allowed (`success` from @upstash/ratelimit, `tryRemoveTokens()`
 * from limiter), matched against a condition's trailing name.
 */
export const limitSenseByName: readonly { readonly pattern: string; readonly sense: LimitSense }[] = [
  { pattern: '^(is|was|got|been|be)?(rate[-_]?)?limited$', sense: 'limited' },
  { pattern: '(limit|quota)[-_]?(exceeded|reached|hit)', sense: 'limited' },
  { pattern: '^(is|has|was)?[-_]?(exceeded|exceeds|over[-_]?limit|over[-_]?quota)', sense: 'limited' },
  { pattern: 'too[-_]?many', sense: 'limited' },
  { pattern: '^(is|was)?[-_]?throttled$', sense: 'limited' },
  { pattern: '^(should|must)[-_]?(throttle|rate[-_]?limit|limit)', sense: 'limited' },
  { pattern: '^is[-_]?(rate[-_]?)?limit(ed)?$', sense: 'limited' },
  { pattern: '^(success|allowed|is[-_]?allowed|ok|can[-_]?proceed|within[-_]?limit|has[-_]?tokens|try[-_]?remove[-_]?tokens)$', sense: 'allowed' },
];

/** Counters of what is left (`remainingPoints`, `remaining`): allowed while above zero. */
export const remainingNamePatterns = ['^remaining', 'remaining$', 'tokens[-_]?(left|remaining)', '^left$'];

/** Counters of what was used (`consumedPoints`, `totalHits`): refused once above the limit. */
export const usedNamePatterns = ['^consumed', 'hits$', '^(request|attempt)s?[-_]?count$', '^(requests|attempts)$', '^count$', '^current$'];

/**
 * Phrases that say a response is a rate-limit refusal, as case-insensitive regular
 * expression sources. They name the refusal, not the topic: a health check reporting
 * `{ rateLimit: { remaining: 10 } }` says nothing of the kind.
 */
export const refusalPhrases = [
  'too many (requests|attempts|calls|login attempts)',
  'rate[-_ ]?limit(ed|ing)?[-_ ]?(exceeded|reached|hit|triggered|exhausted)',
  'rate[-_ ]?limited',
  '\\bthrottled\\b',
  'quota[-_ ]?(exceeded|reached|exhausted)',
  'exceeded (the|your|its)? ?(rate|request|quota|limit)',
  '(request|requests|call|calls) limit (exceeded|reached)',
  '限流',
  '(请求|访问|操作)(过于|太)频繁',
  '频率限制',
];

/** Looser: "rate limit" alone counts when the body is also error-shaped (`{ error: 'Rate limit' }`). */
export const refusalTopicPhrases = ['rate[-_ ]?limit'];

/** The status of a rate-limit refusal, suggested as the fix. */
export const refusalStatus = 429;
