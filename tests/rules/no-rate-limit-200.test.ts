import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-rate-limit-200.js';

const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});

ruleTester.run('no-rate-limit-200', rule, {
  valid: [
    // Express: the refusal carries 429 in the chain; `code: 429` in the body is fine then.
    `
app.get('/a', async (req, res) => {
  const { success } = await ratelimit.limit(req.ip);
  if (!success) {
    return res.status(429).json({ code: 429, msg: 'rate limited' });
  }
  res.json({ ok: true });
});`,
    // Express: the status is set on an earlier line of the same path.
    `
app.get('/a', async (req, res) => {
  res.status(429);
  if (await limiter.isRateLimited(req.ip)) {
    return res.json({ error: 'Too many requests' });
  }
  res.status(200).json({ ok: true });
});`,
    // The response goes to a helper that may set the status: the rule cannot tell.
    `
app.get('/a', async (req, res) => {
  setRateLimitHeaders(res);
  if (await limiter.isRateLimited(req.ip)) {
    return res.json({ error: 'Too many requests' });
  }
});`,
    // A helper of this file that sets the status, whatever its parameter is called.
    `
function refuse(r, retryAfter) {
  r.set('Retry-After', String(retryAfter));
  r.statusCode = 429;
}
app.get('/a', async (req, res) => {
  const { success, reset } = await ratelimit.limit(req.ip);
  if (!success) {
    refuse(res, reset);
    return res.json({ error: 'Too many requests' });
  }
  res.json({ ok: true });
});`,
    // A helper that takes \`res\` from its caller: its caller may have set 429.
    `
function sendTooMany(res, message) {
  res.json({ error: 'Too many requests', message });
}`,
    // A Koa helper only ever called from this file: its caller may have set 429 before the call.
    `
function tooMany(ctx) {
  ctx.body = 'Too many requests';
}
app.use(async (ctx, next) => {
  if (await limiter.isRateLimited(ctx.ip)) {
    ctx.status = 429;
    return tooMany(ctx);
  }
  await next();
});`,
    // The failure is handed on: next(err) and the framework's error handler decide.
    `
app.use(async (req, res, next) => {
  try {
    await limiter.consume(req.ip);
    next();
  } catch (err) {
    next(err);
  }
});`,
    // A health check whose body mentions limits is not a refusal.
    `
app.get('/health', (req, res) => {
  res.json({ status: 'ok', rateLimit: { limit: 100, remaining: 20 }, message: 'limits loaded' });
});`,
    // The allowed side of the limiter's answer sends 200 on purpose.
    `
app.get('/a', async (req, res) => {
  const { success } = await ratelimit.limit(req.ip);
  if (success) {
    return res.json({ data: await load() });
  }
  return res.status(429).send('Too many requests');
});`,
    // After an early exit on the allowed side, the rest is the refusal, with 429.
    `
app.use(async (req, res, next) => {
  const { success } = await ratelimit.limit(req.ip);
  if (success) return next();
  res.statusCode = 429;
  res.end('Too many requests');
});`,
    // \`limit\` alone is a page size, not a limiter.
    `
app.get('/items', async (req, res) => {
  if (items.length > limit) {
    return res.json({ items: items.slice(0, limit), more: true });
  }
  res.json({ items });
});`,
    // Koa: the status set after the body still counts, because it is read when the handler returns.
    `
app.use(async (ctx, next) => {
  try {
    await limiter.consume(ctx.ip);
  } catch {
    ctx.body = { message: 'Too many requests' };
    ctx.status = 429;
    return;
  }
  await next();
});`,
    // Koa: ctx.throw hands the refusal on with its status.
    `
app.use(async (ctx, next) => {
  try {
    await limiter.consume(ctx.ip);
  } catch {
    ctx.throw(429, 'Too many requests');
  }
  await next();
});`,
    // Fastify: reply.code(429) set on the line before.
    `
fastify.get('/x', async (request, reply) => {
  try {
    await limiter.consume(request.ip);
  } catch {
    reply.code(429);
    return reply.send({ error: 'rate limited' });
  }
  return { ok: true };
});`,
    // Hono: the status argument.
    `
app.get('/z', async (c) => {
  if (await limiter.isRateLimited(c.req.header('x-forwarded-for'))) {
    return c.json({ error: 'Too many requests' }, 429);
  }
  return c.json({ ok: true });
});`,
    // Hono: HTTPException hands the refusal on.
    `
app.use(async (c, next) => {
  const { success } = await ratelimit.limit(c.req.header('x-real-ip') ?? 'anon');
  if (!success) {
    throw new HTTPException(429, { message: 'Too many requests' });
  }
  await next();
});`,
    // Next.js: { status: 429 }.
    `
export async function POST(req) {
  const { success } = await ratelimit.limit(ip(req));
  if (!success) {
    return NextResponse.json({ error: 'Too many requests' }, { status: 429 });
  }
  return NextResponse.json({ ok: true });
}`,
    // The Fetch API: a status that comes from elsewhere cannot be decided.
    `
export async function GET(req) {
  const { success, reset } = await ratelimit.limit(ip(req));
  if (!success) {
    return new Response('Too many requests', { status: statusFor(reset) });
  }
  return new Response('ok');
}`,
    // Node http: writeHead(429).
    `
http.createServer((req, res) => {
  if (limiter.tryRemoveTokens(1)) {
    handle(req, res);
    return;
  }
  res.writeHead(429, { 'Retry-After': '1' });
  res.end('Too many requests');
});`,
    // AWS Lambda: statusCode 429.
    `
export const handler = async (event) => {
  const { success } = await ratelimit.limit(event.requestContext.identity.sourceIp);
  if (!success) {
    return { statusCode: 429, body: JSON.stringify({ message: 'Too many requests' }) };
  }
  return { statusCode: 200, body: JSON.stringify({ ok: true }) };
};`,
    // NestJS: throwing ThrottlerException answers 429.
    `
@Controller('otp')
class OtpController {
  @Post()
  async send(@Body() body) {
    if (await this.limiter.isRateLimited(body.phone)) {
      throw new ThrottlerException();
    }
    return { sent: true };
  }
}`,
    // express-rate-limit: a handler that uses the configured status.
    `
app.use(rateLimit({
  windowMs: 60_000,
  limit: 100,
  handler: (req, res, next, options) => res.status(options.statusCode).json({ error: options.message }),
}));`,
    // express-rate-limit with the default 429.
    `
app.use(rateLimit({ windowMs: 60_000, limit: 100, statusCode: 429, message: 'Too many requests' }));`,
    // A refusal status that is a variable: cannot decide.
    `
app.get('/a', async (req, res) => {
  const { success } = await ratelimit.limit(req.ip);
  if (!success) {
    return res.status(STATUS_TOO_MANY).json({ error: 'Too many requests' });
  }
});`,
    // A failed request to an upstream service that rate-limits: a fetch Response being read.
    `
async function fetchQuota() {
  const res = await fetch(url);
  if (res.status === 429) {
    const body = await res.json();
    return body.retryAfter;
  }
}`,
  ],
  invalid: [
    // The incident: a hand-written limiter check answering 200 with "rate limited" in the body.
    {
      code: `
app.get('/a', async (req, res) => {
  const { success } = await ratelimit.limit(req.ip);
  if (!success) {
    return res.json({ code: 429, msg: 'rate limited' });
  }
  res.json({ ok: true });
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            reason: 'the branch where `!success` holds',
            why: "Express's default when no status is set",
          },
          line: 5,
          column: 12,
          endLine: 5,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
app.get('/a', async (req, res) => {
  const { success } = await ratelimit.limit(req.ip);
  if (!success) {
    return res.status(429).json({ code: 429, msg: 'rate limited' });
  }
  res.json({ ok: true });
});`,
            },
          ],
        },
      ],
    },
    // A helper of this file that only sets headers leaves the status alone.
    {
      code: `
const setRateLimitHeaders = (c, result) => {
  c.header('X-RateLimit-Limit', String(result.limit));
  c.header('X-RateLimit-Remaining', String(result.remaining));
};
app.use(async (c, next) => {
  const result = await ratelimit.limit(c.req.header('x-real-ip') ?? 'anon');
  setRateLimitHeaders(c, result);
  if (!result.success) {
    return c.text('Too many requests');
  }
  await next();
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'c.text(…)',
            status: 200,
            reason: 'the branch where `!result.success` holds',
            why: "Hono's default when no status is set",
          },
          line: 10,
          column: 12,
          endLine: 10,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: '429' },
              output: `
const setRateLimitHeaders = (c, result) => {
  c.header('X-RateLimit-Limit', String(result.limit));
  c.header('X-RateLimit-Remaining', String(result.remaining));
};
app.use(async (c, next) => {
  const result = await ratelimit.limit(c.req.header('x-real-ip') ?? 'anon');
  setRateLimitHeaders(c, result);
  if (!result.success) {
    return c.text('Too many requests', 429);
  }
  await next();
});`,
            },
          ],
        },
      ],
    },
    // An explicit 200 on the refusal branch.
    {
      code: `
app.use(async (req, res, next) => {
  if (await limiter.isRateLimited(req.ip)) {
    return res.status(200).send({ message: 'Slow down' });
  }
  next();
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'res.send(…)',
            status: 200,
            reason: 'the branch where `await limiter.isRateLimited(req.ip)` holds',
            why: 'set right there',
          },
          line: 4,
          column: 12,
          endLine: 4,
          endColumn: 58,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: '429' },
              output: `
app.use(async (req, res, next) => {
  if (await limiter.isRateLimited(req.ip)) {
    return res.status(429).send({ message: 'Slow down' });
  }
  next();
});`,
            },
          ],
        },
      ],
    },
    // rate-limiter-flexible: consume() rejects when the points are used up; the catch is the refusal.
    {
      code: `
app.use(async (req, res, next) => {
  try {
    await rateLimiter.consume(req.ip);
    next();
  } catch {
    res.send('Please wait');
  }
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'res.send(…)',
            status: 200,
            reason: 'the `catch` of `rateLimiter.consume(…)`',
            why: "Express's default when no status is set",
          },
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
app.use(async (req, res, next) => {
  try {
    await rateLimiter.consume(req.ip);
    next();
  } catch {
    res.status(429).send('Please wait');
  }
});`,
            },
          ],
        },
      ],
    },
    // A promise chain: the rejection handler of consume() is the refusal.
    {
      code: `
app.use((req, res, next) => {
  limiter
    .consume(req.ip)
    .then(() => next())
    .catch(() => res.json({ error: 'Too many requests' }));
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            reason: 'the rejection handler of `limiter.consume(…)`',
            why: "Express's default when no status is set",
          },
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 58,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
app.use((req, res, next) => {
  limiter
    .consume(req.ip)
    .then(() => next())
    .catch(() => res.status(429).json({ error: 'Too many requests' }));
});`,
            },
          ],
        },
      ],
    },
    // The body alone says so: a refusal with 200, whatever the condition.
    {
      code: `
app.post('/login', async (req, res) => {
  if (attempts.get(req.ip) > 5) {
    return res.json({ ok: false, message: 'Too many login attempts, try again later' });
  }
  res.json(await login(req.body));
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            reason: 'its body says "Too many login attempts"',
            why: "Express's default when no status is set",
          },
          line: 4,
          column: 12,
          endLine: 4,
          endColumn: 88,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
app.post('/login', async (req, res) => {
  if (attempts.get(req.ip) > 5) {
    return res.status(429).json({ ok: false, message: 'Too many login attempts, try again later' });
  }
  res.json(await login(req.body));
});`,
            },
          ],
        },
      ],
    },
    // Chinese "限流" (rate limited) in the body.
    {
      code: `
router.get('/api/list', (req, res) => {
  if (isLimited(req.ip)) {
    res.json({ code: -1, msg: '系统限流，请稍后再试' });
    return;
  }
  res.json({ code: 0, data: list() });
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            reason: 'the branch where `isLimited(req.ip)` holds',
            why: "Express's default when no status is set",
          },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
router.get('/api/list', (req, res) => {
  if (isLimited(req.ip)) {
    res.status(429).json({ code: -1, msg: '系统限流，请稍后再试' });
    return;
  }
  res.json({ code: 0, data: list() });
});`,
            },
          ],
        },
      ],
    },
    // A remaining-points comparison from rate-limiter-flexible's get().
    {
      code: `
app.use(async (req, res, next) => {
  const state = await limiter.get(req.ip);
  if (state && state.remainingPoints <= 0) {
    return res.end();
  }
  next();
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'res.end(…)',
            status: 200,
            reason: 'the branch where `state && state.remainingPoints <= 0` holds',
            why: "Node http's default when no status is set",
          },
          line: 5,
          column: 12,
          endLine: 5,
          endColumn: 21,
        },
      ],
    },
    // Koa: ctx.body with no status goes out as 200.
    {
      code: `
app.use(async (ctx, next) => {
  try {
    await limiter.consume(ctx.ip);
  } catch {
    ctx.body = { message: 'Too many requests' };
    return;
  }
  await next();
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'ctx.body = …',
            status: 200,
            reason: 'the `catch` of `limiter.consume(…)`',
            why: "Koa's default for a body set without a status",
          },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'ctx.status = 429;' },
              output: `
app.use(async (ctx, next) => {
  try {
    await limiter.consume(ctx.ip);
  } catch {
    ctx.status = 429;
    ctx.body = { message: 'Too many requests' };
    return;
  }
  await next();
});`,
            },
          ],
        },
      ],
    },
    // Fastify: reply.send with no code.
    {
      code: `
fastify.get('/x', async (request, reply) => {
  try {
    await limiter.consume(request.ip);
  } catch {
    return reply.send({ error: 'rate limited' });
  }
  return { ok: true };
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'reply.send(…)',
            status: 200,
            reason: 'the `catch` of `limiter.consume(…)`',
            why: "Fastify's default when no status is set",
          },
          line: 6,
          column: 12,
          endLine: 6,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'reply.code(429)' },
              output: `
fastify.get('/x', async (request, reply) => {
  try {
    await limiter.consume(request.ip);
  } catch {
    return reply.code(429).send({ error: 'rate limited' });
  }
  return { ok: true };
});`,
            },
          ],
        },
      ],
    },
    // Hono: c.json without a status.
    {
      code: `
app.use(async (c, next) => {
  const { success } = await ratelimit.limit(c.req.header('x-real-ip') ?? 'anon');
  if (!success) {
    return c.json({ error: 'slow down' });
  }
  await next();
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'c.json(…)',
            status: 200,
            reason: 'the branch where `!success` holds',
            why: "Hono's default when no status is set",
          },
          line: 5,
          column: 12,
          endLine: 5,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: '429' },
              output: `
app.use(async (c, next) => {
  const { success } = await ratelimit.limit(c.req.header('x-real-ip') ?? 'anon');
  if (!success) {
    return c.json({ error: 'slow down' }, 429);
  }
  await next();
});`,
            },
          ],
        },
      ],
    },
    // Next.js: NextResponse.json with no init.
    {
      code: `
export async function POST(req) {
  const { success } = await ratelimit.limit(ip(req));
  if (!success) {
    return NextResponse.json({ error: 'Too many requests' });
  }
  return NextResponse.json({ ok: true });
}`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'NextResponse.json(…)',
            status: 200,
            reason: 'the branch where `!success` holds',
            why: "Next.js's default without a `status`",
          },
          line: 5,
          column: 12,
          endLine: 5,
          endColumn: 61,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: '{ status: 429 }' },
              output: `
export async function POST(req) {
  const { success } = await ratelimit.limit(ip(req));
  if (!success) {
    return NextResponse.json({ error: 'Too many requests' }, { status: 429 });
  }
  return NextResponse.json({ ok: true });
}`,
            },
          ],
        },
      ],
    },
    // The Fetch API: new Response with an init that has no status.
    {
      code: `
export default {
  async fetch(request) {
    const { success } = await ratelimit.limit(request.headers.get('cf-connecting-ip'));
    if (!success) {
      return new Response('Too many requests', { headers: { 'Retry-After': '10' } });
    }
    return handle(request);
  },
};`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'new Response(…)',
            status: 200,
            reason: 'the branch where `!success` holds',
            why: "the Fetch API's default without a `status`",
          },
          line: 6,
          column: 14,
          endLine: 6,
          endColumn: 85,
        },
      ],
    },
    // Node http: writeHead(200) on the refusal.
    {
      code: `
http.createServer((req, res) => {
  if (!limiter.tryRemoveTokens(1)) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'throttled' }));
    return;
  }
  handle(req, res);
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'res.end(…)',
            status: 200,
            reason: 'the branch where `!limiter.tryRemoveTokens(1)` holds',
            // The line that set it on this path, not "an earlier line".
            why: 'set on line 4',
          },
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 52,
        },
      ],
    },
    // AWS Lambda: statusCode 200 on the refusal.
    {
      code: `
export const handler = async (event) => {
  const { success } = await ratelimit.limit(event.requestContext.identity.sourceIp);
  if (!success) {
    return { statusCode: 200, body: JSON.stringify({ message: 'Too many requests' }) };
  }
  return { statusCode: 200, body: JSON.stringify(await load(event)) };
};`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: '{ statusCode, body }',
            status: 200,
            reason: 'the branch where `!success` holds',
            why: 'set right there',
          },
          line: 5,
          column: 12,
          endLine: 5,
          endColumn: 87,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: '429' },
              output: `
export const handler = async (event) => {
  const { success } = await ratelimit.limit(event.requestContext.identity.sourceIp);
  if (!success) {
    return { statusCode: 429, body: JSON.stringify({ message: 'Too many requests' }) };
  }
  return { statusCode: 200, body: JSON.stringify(await load(event)) };
};`,
            },
          ],
        },
      ],
    },
    // NestJS: a refusal returned as a body from a route, which answers 201 for @Post().
    {
      code: `
@Controller('otp')
class OtpController {
  @Post()
  async send(@Body() body) {
    if (await this.limiter.isRateLimited(body.phone)) {
      return { success: false, message: 'Too many requests' };
    }
    return { sent: true };
  }
}`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'return … from @Post()',
            status: 201,
            reason: 'the branch where `await this.limiter.isRateLimited(body.phone)` holds',
            why: "NestJS's default without a `status`",
          },
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 63,
        },
      ],
    },
    // express-rate-limit configured to answer 200.
    {
      code: `
app.use(rateLimit({ windowMs: 60_000, limit: 100, statusCode: 200 }));`,
      errors: [
        {
          messageId: 'limiterConfig2xx',
          data: { call: 'rateLimit(…)', option: 'statusCode', status: 200 },
          line: 2,
          column: 63,
          endLine: 2,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'statusCode: 429' },
              output: `
app.use(rateLimit({ windowMs: 60_000, limit: 100, statusCode: 429 }));`,
            },
          ],
        },
      ],
    },
    // express-rate-limit: a custom handler that sends its own body without a status.
    {
      code: `
import rateLimit from 'express-rate-limit';
function onLimit(req, res) {
  res.json({ message: 'Slow down' });
}
app.use(rateLimit({ windowMs: 60_000, limit: 100, handler: onLimit }));`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            reason: 'the `handler` of `rateLimit(…)`',
            why: "Express's default when no status is set",
          },
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
import rateLimit from 'express-rate-limit';
function onLimit(req, res) {
  res.status(429).json({ message: 'Slow down' });
}
app.use(rateLimit({ windowMs: 60_000, limit: 100, handler: onLimit }));`,
            },
          ],
        },
      ],
    },
    // hono-rate-limiter: the handler answers with c.json and no status.
    {
      code: `
import { rateLimiter } from 'hono-rate-limiter';
app.use(rateLimiter({ windowMs: 60_000, limit: 100, keyGenerator: (c) => c.req.header('x-real-ip') ?? '', handler: (c) => c.json({ error: 'limit' }) }));`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'c.json(…)',
            status: 200,
            reason: 'the `handler` of `rateLimiter(…)`',
            why: "Hono's default when no status is set",
          },
          line: 3,
          column: 123,
          endLine: 3,
          endColumn: 149,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: '429' },
              output: `
import { rateLimiter } from 'hono-rate-limiter';
app.use(rateLimiter({ windowMs: 60_000, limit: 100, keyGenerator: (c) => c.req.header('x-real-ip') ?? '', handler: (c) => c.json({ error: 'limit' }, 429) }));`,
            },
          ],
        },
      ],
    },
    // A caught error recognised as a refusal, inside a general catch.
    {
      code: `
app.get('/search', async (req, res) => {
  try {
    res.json(await search(req.query.q));
  } catch (err) {
    if (err instanceof RateLimiterRes) {
      return res.json({ results: [], warning: 'busy' });
    }
    res.status(500).json({ error: err.message });
  }
});`,
      errors: [
        {
          messageId: 'rateLimit2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            reason: 'the branch where `err instanceof RateLimiterRes` holds',
            why: "Express's default when no status is set",
          },
          line: 7,
          column: 14,
          endLine: 7,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 429, replacement: 'res.status(429)' },
              output: `
app.get('/search', async (req, res) => {
  try {
    res.json(await search(req.query.q));
  } catch (err) {
    if (err instanceof RateLimiterRes) {
      return res.status(429).json({ results: [], warning: 'busy' });
    }
    res.status(500).json({ error: err.message });
  }
});`,
            },
          ],
        },
      ],
    },
  ],
});
