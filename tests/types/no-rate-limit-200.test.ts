// no-rate-limit-200 with type information, against the real declarations of express
// (@types/express), koa (@types/koa), fastify and hono. Three groups: cases only types
// find; cases where types remove a syntax-only false positive; cases both modes must agree
// on (run by both testers).

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { ESLintUtils } from '@typescript-eslint/utils';
import rule from '../../rules/no-rate-limit-200.js';
import { syntaxRuleTester, typedRuleTester } from './testers.js';

type Options = ESLintUtils.InferOptionsTypeFromRule<typeof rule>;
type MessageIds = ESLintUtils.InferMessageIdsTypeFromRule<typeof rule>;

// ------------------------------------------------------------------ only types find these

/** Clean without types (the response object's name gives nothing away); reported with types. */
const onlyTypes: { code: string; errors: InvalidTestCase<MessageIds, Options>['errors'] }[] = [
  // express: the handler's response is called `out`; the refusal goes out with the default 200.
  {
    code: `import express from 'express';
declare const ratelimit: { limit(key: string): Promise<{ success: boolean }> };
const app = express();
app.get('/a', async (req, out) => {
  const { success } = await ratelimit.limit(req.ip ?? '');
  if (!success) {
    return out.json({ code: 429, msg: 'rate limited' });
  }
  out.json({ ok: true });
});`,
    errors: [
      {
        messageId: 'rateLimit2xx',
        data: {
          send: 'out.json(…)',
          status: 200,
          reason: 'the branch where `!success` holds',
          why: "Express's default when no status is set",
        },
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 56,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 429, replacement: 'out.status(429)' },
            output: `import express from 'express';
declare const ratelimit: { limit(key: string): Promise<{ success: boolean }> };
const app = express();
app.get('/a', async (req, out) => {
  const { success } = await ratelimit.limit(req.ip ?? '');
  if (!success) {
    return out.status(429).json({ code: 429, msg: 'rate limited' });
  }
  out.json({ ok: true });
});`,
          },
        ],
      },
    ],
  },
  // koa: the context is called `kctx`; the limiter's rejection sets a body and no status.
  {
    code: `import Koa from 'koa';
declare const limiter: { consume(key: string): Promise<unknown> };
const app = new Koa();
app.use(async (kctx, next) => {
  try {
    await limiter.consume(kctx.ip);
  } catch {
    kctx.body = { message: 'Too many requests' };
    return;
  }
  await next();
});`,
    errors: [
      {
        messageId: 'rateLimit2xx',
        data: {
          send: 'kctx.body = …',
          status: 200,
          reason: 'the `catch` of `limiter.consume(…)`',
          why: "Koa's default for a body set without a status",
        },
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 49,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 429, replacement: 'kctx.status = 429;' },
            output: `import Koa from 'koa';
declare const limiter: { consume(key: string): Promise<unknown> };
const app = new Koa();
app.use(async (kctx, next) => {
  try {
    await limiter.consume(kctx.ip);
  } catch {
    kctx.status = 429;
    kctx.body = { message: 'Too many requests' };
    return;
  }
  await next();
});`,
          },
        ],
      },
    ],
  },
  // fastify: the reply is called `r`.
  {
    code: `import Fastify from 'fastify';
declare const limiter: { check(key: string): Promise<boolean> };
const app = Fastify();
app.get('/a', async (request, r) => {
  if (!(await limiter.check(request.ip))) {
    return r.send({ error: 'rate limited' });
  }
  return r.send({ ok: true });
});`,
    errors: [
      {
        messageId: 'rateLimit2xx',
        data: {
          send: 'r.send(…)',
          status: 200,
          reason: 'its body says "rate limited"',
          why: "Fastify's default when no status is set",
        },
        line: 6,
        column: 12,
        endLine: 6,
        endColumn: 45,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 429, replacement: 'r.code(429)' },
            output: `import Fastify from 'fastify';
declare const limiter: { check(key: string): Promise<boolean> };
const app = Fastify();
app.get('/a', async (request, r) => {
  if (!(await limiter.check(request.ip))) {
    return r.code(429).send({ error: 'rate limited' });
  }
  return r.send({ ok: true });
});`,
          },
        ],
      },
    ],
  },
  // hono: the context is called `hc`.
  {
    code: `import { Hono } from 'hono';
declare const limiter: { check(key: string): Promise<boolean> };
const app = new Hono();
app.get('/a', async (hc) => {
  if (!(await limiter.check('k'))) {
    return hc.json({ error: 'rate limited' });
  }
  return hc.json({ ok: true });
});`,
    errors: [
      {
        messageId: 'rateLimit2xx',
        data: {
          send: 'hc.json(…)',
          status: 200,
          reason: 'its body says "rate limited"',
          why: "Hono's default when no status is set",
        },
        line: 6,
        column: 12,
        endLine: 6,
        endColumn: 46,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 429, replacement: '429' },
            output: `import { Hono } from 'hono';
declare const limiter: { check(key: string): Promise<boolean> };
const app = new Hono();
app.get('/a', async (hc) => {
  if (!(await limiter.check('k'))) {
    return hc.json({ error: 'rate limited' }, 429);
  }
  return hc.json({ ok: true });
});`,
          },
        ],
      },
    ],
  },
  // rate-limiter-flexible by its declared class: the limiter is a field under a name that
  // says nothing, imported as a type only; its consume() rejects on refusal.
  {
    code: `import express from 'express';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
export class Gate {
  constructor(private readonly gate: RateLimiterRedis) {}
  middleware(): express.RequestHandler {
    return async (req, res, next) => {
      try {
        await this.gate.consume(req.ip ?? '');
        next();
      } catch {
        res.json({ error: 'Slow down' });
      }
    };
  }
}`,
    errors: [
      {
        messageId: 'rateLimit2xx',
        data: {
          send: 'res.json(…)',
          status: 200,
          reason: 'the `catch` of `gate.consume(…)`',
          why: "Express's default when no status is set",
        },
        line: 11,
        column: 9,
        endLine: 11,
        endColumn: 41,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 429, replacement: 'res.status(429)' },
            output: `import express from 'express';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
export class Gate {
  constructor(private readonly gate: RateLimiterRedis) {}
  middleware(): express.RequestHandler {
    return async (req, res, next) => {
      try {
        await this.gate.consume(req.ip ?? '');
        next();
      } catch {
        res.status(429).json({ error: 'Slow down' });
      }
    };
  }
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-rate-limit-200: only types find these', rule, {
  valid: [],
  invalid: onlyTypes,
});
syntaxRuleTester.run('no-rate-limit-200: without types these stay silent', rule, {
  valid: onlyTypes.map(({ code }) => ({ code })),
  invalid: [],
});

// ------------------------------------------------------- types remove syntax-only reports

/** Reported without types (a response object's name on something else); clean with types. */
const removedByTypes: { code: string; errors: InvalidTestCase<MessageIds, Options>['errors'] }[] = [
  // A socket called `res`: `end()` closes a TCP connection, which has no status to set.
  {
    code: `import type { Socket } from 'node:net';
declare const limiter: { check(key: string): boolean };
export function relay(user: string, res: Socket) {
  if (!limiter.check(user)) {
    res.end('Too many requests');
  }
}`,
    errors: [
      {
        messageId: 'rateLimit2xx',
        data: {
          send: 'res.end(…)',
          status: 200,
          reason: 'its body says "Too many requests"',
          why: "Node http's default when no status is set",
        },
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 33,
      },
    ],
  },
  // A chat bot's `reply`: its own interface, no fastify reply.
  {
    code: `interface Reply {
  send(body: unknown): void;
}
declare const limiter: { check(key: string): boolean };
export function answer(user: string, reply: Reply) {
  if (!limiter.check(user)) {
    reply.send({ error: 'rate limited' });
  }
}`,
    errors: [
      {
        messageId: 'rateLimit2xx',
        data: {
          send: 'reply.send(…)',
          status: 200,
          reason: 'its body says "rate limited"',
          why: "Fastify's default when no status is set",
        },
        line: 7,
        column: 5,
        endLine: 7,
        endColumn: 42,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 429, replacement: 'reply.code(429)' },
            output: `interface Reply {
  send(body: unknown): void;
}
declare const limiter: { check(key: string): boolean };
export function answer(user: string, reply: Reply) {
  if (!limiter.check(user)) {
    reply.code(429).send({ error: 'rate limited' });
  }
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-rate-limit-200: types remove these reports', rule, {
  valid: removedByTypes.map(({ code }) => ({ code })),
  invalid: [],
});
syntaxRuleTester.run('no-rate-limit-200: without types these are reported', rule, {
  valid: [],
  invalid: removedByTypes,
});

// --------------------------------------------------------------- both modes must agree

const agreedValid: (ValidTestCase<Options> | string)[] = [
  // express: the refusal sets 429.
  `import express from 'express';
declare const ratelimit: { limit(key: string): Promise<{ success: boolean }> };
const app = express();
app.get('/a', async (req, res) => {
  const { success } = await ratelimit.limit(req.ip ?? '');
  if (!success) {
    return res.status(429).json({ code: 429, msg: 'rate limited' });
  }
  res.json({ ok: true });
});`,
  // koa: the refusal is thrown with its status.
  `import Koa from 'koa';
declare const limiter: { consume(key: string): Promise<unknown> };
const app = new Koa();
app.use(async (ctx, next) => {
  try {
    await limiter.consume(ctx.ip);
  } catch {
    ctx.throw(429, 'Too many requests');
  }
  await next();
});`,
  // fastify: the status is set before the send.
  `import Fastify from 'fastify';
declare const limiter: { check(key: string): Promise<boolean> };
const app = Fastify();
app.get('/a', async (request, reply) => {
  if (!(await limiter.check(request.ip))) {
    return reply.code(429).send({ error: 'rate limited' });
  }
  return reply.send({ ok: true });
});`,
  // hono: the status is given with the body.
  `import { Hono } from 'hono';
declare const limiter: { check(key: string): Promise<boolean> };
const app = new Hono();
app.get('/a', async (c) => {
  if (!(await limiter.check('k'))) {
    return c.json({ error: 'rate limited' }, 429);
  }
  return c.json({ ok: true });
});`,
];

const agreedInvalid: InvalidTestCase<MessageIds, Options>[] = [
  // express, named `res`: the incident's shape.
  {
    code: `import express from 'express';
declare const ratelimit: { limit(key: string): Promise<{ success: boolean }> };
const app = express();
app.get('/a', async (req, res) => {
  const { success } = await ratelimit.limit(req.ip ?? '');
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
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 56,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 429, replacement: 'res.status(429)' },
            output: `import express from 'express';
declare const ratelimit: { limit(key: string): Promise<{ success: boolean }> };
const app = express();
app.get('/a', async (req, res) => {
  const { success } = await ratelimit.limit(req.ip ?? '');
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
  // koa, named `ctx` (also a hono name without types): a body and no status.
  {
    code: `import Koa from 'koa';
declare const limiter: { consume(key: string): Promise<unknown> };
const app = new Koa();
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
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 48,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 429, replacement: 'ctx.status = 429;' },
            output: `import Koa from 'koa';
declare const limiter: { consume(key: string): Promise<unknown> };
const app = new Koa();
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
  // Node's own server: a refusal ended with the default 200.
  {
    code: `import http from 'node:http';
declare const limiter: { check(key: string): boolean };
http.createServer((req, res) => {
  if (!limiter.check(req.socket.remoteAddress ?? '')) {
    res.end('Too many requests');
    return;
  }
  res.end('ok');
});`,
    errors: [
      {
        messageId: 'rateLimit2xx',
        data: {
          send: 'res.end(…)',
          status: 200,
          reason: 'its body says "Too many requests"',
          why: "Node http's default when no status is set",
        },
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 33,
      },
    ],
  },
];

typedRuleTester.run('no-rate-limit-200: both modes agree (types)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
syntaxRuleTester.run('no-rate-limit-200: both modes agree (syntax)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
