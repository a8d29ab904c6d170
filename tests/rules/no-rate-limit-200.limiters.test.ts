// no-rate-limit-200, per limiter library: which `catch` is a refusal and which is the
// limiter failing, what express-rate-limit and hono-rate-limiter do with `message` and
// `handler`, names read as whole words, and GraphQL / JSON-RPC decided per function.

import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-rate-limit-200.js';

const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});

ruleTester.run('no-rate-limit-200 (limiters)', rule, {
  valid: [
    // koa2-ratelimit: a `message` function runs after the middleware set 429.
    `
import RateLimit from 'koa2-ratelimit';
app.use(RateLimit.middleware({ interval: { min: 1 }, max: 100, message: 'Too many requests' }));`,
    // limiter: the `catch` around `removeTokens()` is the bucket failing, not a refusal.
    `
import { RateLimiter } from 'limiter';
const limiter = new RateLimiter({ tokensPerInterval: 10, interval: 'second' });
app.get('/search', async (req, res) => {
  try {
    await limiter.removeTokens(1);
    res.json(await search(req.query.q));
  } catch (err) {
    res.json({ error: err.message });
  }
});`,
    // An error test away from any limiter says nothing about a refusal: the branch where it
    // does not hold is no rate-limit branch (passport's callback, not a limiter's catch).
    `
function authenticate(type, redirect) {
  return function auth(req, res, next) {
    passport.authenticate(type, (err, user, info) => {
      if ((err || info instanceof Error) && type === 'oidc') {
        return next(new CustomError('OIDC authentication failed.', 401));
      }
      if (redirect === 'header') {
        res.setHeader('HX-Redirect', '/logout');
        res.send('NOT_AUTHENTICATED');
        return;
      }
      next();
    })(req, res, next);
  };
}`,
    // @upstash/ratelimit resolves `{ success }`: its `catch` is Redis failing, not a refusal
    // (no-error-200's business), and the refusal branch answers 429.
    `
import { Ratelimit } from '@upstash/ratelimit';
const ratelimit = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(10, '10 s') });
export async function POST(request) {
  try {
    const { success } = await ratelimit.limit(ip(request));
    if (!success) return NextResponse.json({ error: 'Too many requests' }, { status: 429 });
  } catch (err) {
    return NextResponse.json({ error: 'limiter unavailable' });
  }
  return NextResponse.json(await handle(request));
}`,
    // limiter's tryRemoveTokens() answers with a flag: a `catch` around removeTokens() is a
    // failure (a request larger than the bucket), not a refusal.
    `
import { RateLimiter } from 'limiter';
const bucket = new RateLimiter({ tokensPerInterval: 10, interval: 'second' });
app.get('/a', async (req, res) => {
  try {
    await bucket.removeTokens(1);
  } catch (err) {
    return res.json({ error: 'bad request size' });
  }
  res.json(await load());
});`,
    // rate-limiter-flexible: inside its catch, an Error is the store failing, not a refusal.
    `
import { RateLimiterRedis } from 'rate-limiter-flexible';
const flex = new RateLimiterRedis({ storeClient: redis, points: 5, duration: 1 });
app.get('/a', async (req, res, next) => {
  try {
    await flex.consume(req.ip);
  } catch (rejection) {
    if (rejection instanceof Error) {
      return res.json({ error: 'limiter store down' });
    }
    return res.status(429).json({ error: 'Too many requests' });
  }
  next();
});`,
    // express-rate-limit sets statusCode (429) before it calls `message`.
    `
import { rateLimit } from 'express-rate-limit';
app.use(rateLimit({
  windowMs: 60_000,
  limit: 100,
  message: (req, res) => res.json({ error: 'Too many requests' }),
}));`,
    // The same for a message function declared beside the config.
    `
import rateLimit from 'express-rate-limit';
const tooMany = (req, res) => {
  res.json({ error: 'Too many requests' });
};
app.use(rateLimit({ windowMs: 60_000, limit: 100, message: tooMany }));`,
    // hono-rate-limiter: `message` is sent with the limiter's 429.
    `
import { rateLimiter } from 'hono-rate-limiter';
app.use(rateLimiter({ windowMs: 60_000, limit: 100, keyGenerator: (c) => c.req.header('x-key') ?? '', message: (c) => c.json({ error: 'Too many requests' }) }));`,
    // `quota` as a qualifier is no limiter: storageQuota is disk space.
    `
app.get('/upload', async (req, res) => {
  const storageQuota = await getStorage(req.user);
  if (storageQuota.remaining <= 0) {
    return res.json({ ok: false, reason: 'disk full' });
  }
  res.json(await accept(req));
});`,
    // GraphQL: a resolver answering a refusal in the GraphQL envelope follows the protocol.
    `
const resolvers = {
  Mutation: {
    login: async (_, args, { res, limiter }) => {
      const { success } = await limiter.limit(args.email);
      if (!success) {
        res.json({ errors: [{ message: 'Too many requests' }] });
        return null;
      }
      return signIn(args);
    },
  },
};`,
    // JSON-RPC: a method registered with addMethod.
    `
import { JSONRPCServer } from 'json-rpc-2.0';
const rpc = new JSONRPCServer();
rpc.addMethod('send', async (params, { res }) => {
  if (await limiter.isRateLimited(params.from)) {
    return res.json({ id: params.id, error: { code: -32000, message: 'Too many requests' } });
  }
  return deliver(params);
});`,
  ],
  invalid: [
    // koa2-ratelimit configured with a 2xx status.
    {
      code: `
import RateLimit from 'koa2-ratelimit';
app.use(RateLimit.middleware({ interval: { min: 1 }, max: 100, statusCode: 200 }));`,
      errors: [
        {
          messageId: 'limiterConfig2xx',
          line: 3,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'statusCode: 429' },
              output: `
import RateLimit from 'koa2-ratelimit';
app.use(RateLimit.middleware({ interval: { min: 1 }, max: 100, statusCode: 429 }));`,
            },
          ],
        },
      ],
    },
    // bottleneck: a caught BottleneckError is a refusal, answered with Koa's 200.
    {
      code: `
import Bottleneck from 'bottleneck';
const group = new Bottleneck.Group({ maxConcurrent: 2, highWater: 10, strategy: Bottleneck.strategy.OVERFLOW });
router.get('/export', async (ctx) => {
  try {
    ctx.body = await group.key(ctx.ip).schedule(() => exportAll());
  } catch (err) {
    if (err instanceof Bottleneck.BottleneckError) {
      ctx.body = { message: 'busy, try later' };
      return;
    }
    throw err;
  }
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          line: 9,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'ctx.status = 429;' },
              output: `
import Bottleneck from 'bottleneck';
const group = new Bottleneck.Group({ maxConcurrent: 2, highWater: 10, strategy: Bottleneck.strategy.OVERFLOW });
router.get('/export', async (ctx) => {
  try {
    ctx.body = await group.key(ctx.ip).schedule(() => exportAll());
  } catch (err) {
    if (err instanceof Bottleneck.BottleneckError) {
      ctx.status = 429;
      ctx.body = { message: 'busy, try later' };
      return;
    }
    throw err;
  }
});`,
            },
          ],
        },
      ],
    },
    // rate-limiter-flexible: the catch of consume() is the refusal.
    {
      code: `
import { RateLimiterMemory } from 'rate-limiter-flexible';
const flex = new RateLimiterMemory({ points: 5, duration: 1 });
app.get('/a', async (req, res, next) => {
  try {
    await flex.consume(req.ip);
    next();
  } catch {
    res.json({ error: 'Slow down' });
  }
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: { send: 'res.json(…)', status: 200, reason: 'the `catch` of `flex.consume(…)`', why: "Express's default when no status is set" },
          line: 9,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
import { RateLimiterMemory } from 'rate-limiter-flexible';
const flex = new RateLimiterMemory({ points: 5, duration: 1 });
app.get('/a', async (req, res, next) => {
  try {
    await flex.consume(req.ip);
    next();
  } catch {
    res.status(429).json({ error: 'Slow down' });
  }
});`,
            },
          ],
        },
      ],
    },
    // rate-limiter-flexible: the refusal side of the `instanceof Error` test.
    {
      code: `
import { RateLimiterRedis } from 'rate-limiter-flexible';
const flex = new RateLimiterRedis({ storeClient: redis, points: 5, duration: 1 });
app.get('/a', async (req, res, next) => {
  try {
    await flex.consume(req.ip);
  } catch (rejection) {
    if (rejection instanceof Error) {
      return res.status(503).json({ error: 'limiter store down' });
    }
    return res.json({ error: 'Slow down' });
  }
  next();
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          line: 11,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
import { RateLimiterRedis } from 'rate-limiter-flexible';
const flex = new RateLimiterRedis({ storeClient: redis, points: 5, duration: 1 });
app.get('/a', async (req, res, next) => {
  try {
    await flex.consume(req.ip);
  } catch (rejection) {
    if (rejection instanceof Error) {
      return res.status(503).json({ error: 'limiter store down' });
    }
    return res.status(429).json({ error: 'Slow down' });
  }
  next();
});`,
            },
          ],
        },
      ],
    },
    // rate-limiter-flexible through a promise chain: the rejection handler is the refusal.
    {
      code: `
import { RateLimiterMemory } from 'rate-limiter-flexible';
const flex = new RateLimiterMemory({ points: 5, duration: 1 });
app.use((req, res, next) => {
  flex.consume(req.ip).then(() => next()).catch(() => {
    res.send({ message: 'Slow down' });
  });
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: { send: 'res.send(…)', status: 200, reason: 'the rejection handler of `flex.consume(…)`', why: "Express's default when no status is set" },
          line: 6,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
import { RateLimiterMemory } from 'rate-limiter-flexible';
const flex = new RateLimiterMemory({ points: 5, duration: 1 });
app.use((req, res, next) => {
  flex.consume(req.ip).then(() => next()).catch(() => {
    res.status(429).send({ message: 'Slow down' });
  });
});`,
            },
          ],
        },
      ],
    },
    // @upstash/ratelimit: the refusal is the branch where `success` is false.
    {
      code: `
import { Ratelimit } from '@upstash/ratelimit';
const ratelimit = new Ratelimit({ redis, limiter: Ratelimit.fixedWindow(10, '60 s') });
export async function GET(request) {
  const { success } = await ratelimit.limit('api');
  if (!success) {
    return NextResponse.json({ message: 'Slow down' });
  }
  return NextResponse.json(await list());
}`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          line: 7,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: '{ status: 429 }' },
              output: `
import { Ratelimit } from '@upstash/ratelimit';
const ratelimit = new Ratelimit({ redis, limiter: Ratelimit.fixedWindow(10, '60 s') });
export async function GET(request) {
  const { success } = await ratelimit.limit('api');
  if (!success) {
    return NextResponse.json({ message: 'Slow down' }, { status: 429 });
  }
  return NextResponse.json(await list());
}`,
            },
          ],
        },
      ],
    },
    // limiter: a false tryRemoveTokens() is the refusal.
    {
      code: `
import { RateLimiter } from 'limiter';
const bucket = new RateLimiter({ tokensPerInterval: 10, interval: 'second' });
app.get('/a', (req, res) => {
  if (!bucket.tryRemoveTokens(1)) {
    return res.json({ error: 'Too many requests' });
  }
  res.json(load());
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: { send: 'res.json(…)', status: 200, reason: 'the branch where `!bucket.tryRemoveTokens(1)` holds', why: "Express's default when no status is set" },
          line: 6,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
import { RateLimiter } from 'limiter';
const bucket = new RateLimiter({ tokensPerInterval: 10, interval: 'second' });
app.get('/a', (req, res) => {
  if (!bucket.tryRemoveTokens(1)) {
    return res.status(429).json({ error: 'Too many requests' });
  }
  res.json(load());
});`,
            },
          ],
        },
      ],
    },
    // express-rate-limit: a `handler` replaces the answer, status included.
    {
      code: `
import rateLimit from 'express-rate-limit';
app.use(rateLimit({
  windowMs: 60_000,
  limit: 100,
  handler: (req, res) => res.json({ error: 'Slow down' }),
}));`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: { send: 'res.json(…)', status: 200, reason: 'the `handler` of `rateLimit(…)`', why: "Express's default when no status is set" },
          line: 6,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
import rateLimit from 'express-rate-limit';
app.use(rateLimit({
  windowMs: 60_000,
  limit: 100,
  handler: (req, res) => res.status(429).json({ error: 'Slow down' }),
}));`,
            },
          ],
        },
      ],
    },
    // express-rate-limit configured with a 2xx status: one report, on the option, and none
    // again for the message it colours.
    {
      code: `
import { rateLimit } from 'express-rate-limit';
app.use(rateLimit({
  statusCode: 200,
  message: (req, res) => res.json({ error: 'Too many requests' }),
}));`,
      errors: [
        {
          messageId: 'limiterConfig2xx',
          line: 4,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'statusCode: 429' },
              output: `
import { rateLimit } from 'express-rate-limit';
app.use(rateLimit({
  statusCode: 429,
  message: (req, res) => res.json({ error: 'Too many requests' }),
}));`,
            },
          ],
        },
      ],
    },
    // hono-rate-limiter: a `handler` answering with c.json() and no status.
    {
      code: `
import { rateLimiter } from 'hono-rate-limiter';
app.use(rateLimiter({
  windowMs: 60_000,
  limit: 100,
  keyGenerator: (c) => c.req.header('x-key') ?? '',
  handler: (c) => c.json({ error: 'Slow down' }),
}));`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          line: 7,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: '429' },
              output: `
import { rateLimiter } from 'hono-rate-limiter';
app.use(rateLimiter({
  windowMs: 60_000,
  limit: 100,
  keyGenerator: (c) => c.req.header('x-key') ?? '',
  handler: (c) => c.json({ error: 'Slow down' }, 429),
}));`,
            },
          ],
        },
      ],
    },
    // A REST route beside a GraphQL server in one file is checked.
    {
      code: `
import { createYoga } from 'graphql-yoga';
const yoga = createYoga({ schema });
app.use('/graphql', yoga);
app.post('/login', async (req, res) => {
  if (await loginLimiter.isRateLimited(req.ip)) {
    return res.json({ error: 'Too many login attempts' });
  }
  res.json(await signIn(req.body));
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          line: 7,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
import { createYoga } from 'graphql-yoga';
const yoga = createYoga({ schema });
app.use('/graphql', yoga);
app.post('/login', async (req, res) => {
  if (await loginLimiter.isRateLimited(req.ip)) {
    return res.status(429).json({ error: 'Too many login attempts' });
  }
  res.json(await signIn(req.body));
});`,
            },
          ],
        },
      ],
    },
  ],
});
