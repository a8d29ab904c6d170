/**
 * What marks a rate limiter, as data: libraries, names, the results they hand back and
 * the words a refusal is written in.
 */

/** Sense of a boolean-ish value: whether truthy means the caller was refused. */
export type LimitSense = 'limited' | 'allowed';

/** A rate-limiting library and what leakguard reads from it. */
export interface LimiterLibrary {
  readonly library: string;
  readonly packages: readonly string[];
  /** Options of its middleware factory whose function sends the refusal itself. */
  readonly handlerOptions?: readonly string[];
  /** Option of its middleware factory that sets the refusal's status. */
  readonly statusOption?: string;
  /** Methods whose promise rejects when the caller is over the limit. */
  readonly rejectingMethods?: readonly string[];
  /** Classes (or errors) that stand for a refusal: `err instanceof RateLimiterRes`. */
  readonly refusalClasses?: readonly string[];
}

export const limiterLibraries = [
  {
    library: 'express-rate-limit',
    packages: ['express-rate-limit'],
    handlerOptions: ['handler', 'onLimitReached'],
    statusOption: 'statusCode',
  },
  {
    library: 'hono-rate-limiter',
    packages: ['hono-rate-limiter'],
    handlerOptions: ['handler'],
    statusOption: 'statusCode',
  },
  {
    library: '@fastify/rate-limit',
    packages: ['@fastify/rate-limit', 'fastify-rate-limit'],
    handlerOptions: ['errorResponseBuilder'],
    statusOption: 'statusCode',
  },
  {
    // koa-ratelimit answers 429 itself and has no handler; koa2-ratelimit is a port of
    // express-rate-limit with its options.
    library: 'koa2-ratelimit',
    packages: ['koa2-ratelimit'],
    handlerOptions: ['handler', 'onLimitReached'],
    statusOption: 'statusCode',
  },
  {
    library: 'koa-ratelimit',
    packages: ['koa-ratelimit'],
  },
  {
    library: 'rate-limiter-flexible',
    packages: ['rate-limiter-flexible'],
    // consume() and penalty() reject with a RateLimiterRes once the points are used up.
    rejectingMethods: ['consume', 'penalty'],
    refusalClasses: ['RateLimiterRes'],
  },
  {
    library: '@upstash/ratelimit',
    packages: ['@upstash/ratelimit'],
  },
  {
    library: 'bottleneck',
    packages: ['bottleneck'],
    refusalClasses: ['BottleneckError'],
  },
  {
    library: 'limiter',
    packages: ['limiter'],
  },
  {
    library: '@nestjs/throttler',
    packages: ['@nestjs/throttler'],
    refusalClasses: ['ThrottlerException'],
  },
] as const satisfies readonly LimiterLibrary[];

/**
 * Names (of a variable, property, function or class) that say "rate limiter", as
 * case-insensitive regular-expression sources. `limit` alone is not one: it is the page
 * size of half the APIs in the world.
 */
export const limiterNamePatterns = [
  'rate[-_]?limit',
  'limiter',
  'throttl',
  'quota',
  'too[-_]?many',
  'ratelimiterres',
];

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
