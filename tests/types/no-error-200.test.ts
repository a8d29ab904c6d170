// no-error-200 with type information, against the real declarations of express
// (@types/express), koa (@types/koa), fastify and hono. Three groups: cases only types
// find; cases where types remove a syntax-only false positive; cases both modes must agree
// on (run by both testers).

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { ESLintUtils } from '@typescript-eslint/utils';
import rule from '../../rules/no-error-200.js';
import { syntaxRuleTester, typedRuleTester } from './testers.js';

type Options = ESLintUtils.InferOptionsTypeFromRule<typeof rule>;
type MessageIds = ESLintUtils.InferMessageIdsTypeFromRule<typeof rule>;

// ------------------------------------------------------------------ only types find these

/** Clean without types (the response object's name gives nothing away); reported with types. */
const onlyTypes: { code: string; errors: InvalidTestCase<MessageIds, Options>['errors'] }[] = [
  // express: the handler's response is called `out`; app.get() types it as a Response. The
  // catch answers the error with the default 200.
  {
    code: `import express from 'express';
declare function load(): Promise<unknown>;
const app = express();
app.get('/a', async (req, out) => {
  try {
    out.json(await load());
  } catch (err) {
    out.json({ error: String(err) });
  }
});`,
    errors: [
      {
        messageId: 'error2xx',
        data: {
          send: 'out.json(…)',
          status: 200,
          shape: '`error`',
          reason: 'a `catch` block',
          why: "Express's default when no status is set",
        },
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 37,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: 'out.status(500)' },
            output: `import express from 'express';
declare function load(): Promise<unknown>;
const app = express();
app.get('/a', async (req, out) => {
  try {
    out.json(await load());
  } catch (err) {
    out.status(500).json({ error: String(err) });
  }
});`,
          },
        ],
      },
    ],
  },
  // express error middleware whose response is called `out`: the whole function handles a
  // failure, and answers it with 200.
  {
    code: `import express from 'express';
const app = express();
app.use((err: Error, req: express.Request, out: express.Response, next: express.NextFunction) => {
  out.json({ error: err.message });
});`,
    errors: [
      {
        messageId: 'error2xx',
        data: {
          send: 'out.json(…)',
          status: 200,
          shape: '`error`',
          reason: 'Express error middleware',
          why: "Express's default when no status is set",
        },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 35,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: 'out.status(500)' },
            output: `import express from 'express';
const app = express();
app.use((err: Error, req: express.Request, out: express.Response, next: express.NextFunction) => {
  out.status(500).json({ error: err.message });
});`,
          },
        ],
      },
    ],
  },
  // koa: the middleware's context is called `kctx`; its body is set in the catch and no
  // status is.
  {
    code: `import Koa from 'koa';
const app = new Koa();
app.use(async (kctx, next) => {
  try {
    await next();
  } catch (err) {
    kctx.body = { error: 'failed' };
  }
});`,
    errors: [
      {
        messageId: 'error2xx',
        data: {
          send: 'kctx.body = …',
          status: 200,
          shape: '`error`',
          reason: 'a `catch` block',
          why: "Koa's default for a body set without a status",
        },
        line: 7,
        column: 5,
        endLine: 7,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: 'kctx.status = 500;' },
            output: `import Koa from 'koa';
const app = new Koa();
app.use(async (kctx, next) => {
  try {
    await next();
  } catch (err) {
    kctx.status = 500;
    kctx.body = { error: 'failed' };
  }
});`,
          },
        ],
      },
    ],
  },
  // fastify: the reply is called `r`.
  {
    code: `import Fastify from 'fastify';
declare function load(): Promise<unknown>;
const app = Fastify();
app.get('/a', async (request, r) => {
  try {
    return r.send(await load());
  } catch (err) {
    return r.send({ error: 'failed' });
  }
});`,
    errors: [
      {
        messageId: 'error2xx',
        data: {
          send: 'r.send(…)',
          status: 200,
          shape: '`error`',
          reason: 'a `catch` block',
          why: "Fastify's default when no status is set",
        },
        line: 8,
        column: 12,
        endLine: 8,
        endColumn: 39,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: 'r.code(500)' },
            output: `import Fastify from 'fastify';
declare function load(): Promise<unknown>;
const app = Fastify();
app.get('/a', async (request, r) => {
  try {
    return r.send(await load());
  } catch (err) {
    return r.code(500).send({ error: 'failed' });
  }
});`,
          },
        ],
      },
    ],
  },
  // hono: the context is called `hc`.
  {
    code: `import { Hono } from 'hono';
declare function load(): Promise<string>;
const app = new Hono();
app.get('/a', async (hc) => {
  try {
    return hc.json({ data: await load() });
  } catch {
    return hc.json({ error: 'failed' });
  }
});`,
    errors: [
      {
        messageId: 'error2xx',
        data: {
          send: 'hc.json(…)',
          status: 200,
          shape: '`error`',
          reason: 'a `catch` block',
          why: "Hono's default when no status is set",
        },
        line: 8,
        column: 12,
        endLine: 8,
        endColumn: 40,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: '500' },
            output: `import { Hono } from 'hono';
declare function load(): Promise<string>;
const app = new Hono();
app.get('/a', async (hc) => {
  try {
    return hc.json({ data: await load() });
  } catch {
    return hc.json({ error: 'failed' }, 500);
  }
});`,
          },
        ],
      },
    ],
  },
  // Node's ServerResponse with Express-style methods (how Next.js declares `NextApiResponse`):
  // the intersection is a response, read as Express's.
  {
    code: `import type { ServerResponse } from 'node:http';
type ApiResponse = ServerResponse & { json(body: unknown): void; status(code: number): ApiResponse };
export default async function handler(req: unknown, out: ApiResponse) {
  try {
    out.json({ ok: true });
  } catch (err) {
    out.json({ error: 'failed' });
  }
}`,
    errors: [
      {
        messageId: 'error2xx',
        data: {
          send: 'out.json(…)',
          status: 200,
          shape: '`error`',
          reason: 'a `catch` block',
          why: "Express's default when no status is set",
        },
        line: 7,
        column: 5,
        endLine: 7,
        endColumn: 34,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: 'out.status(500)' },
            output: `import type { ServerResponse } from 'node:http';
type ApiResponse = ServerResponse & { json(body: unknown): void; status(code: number): ApiResponse };
export default async function handler(req: unknown, out: ApiResponse) {
  try {
    out.json({ ok: true });
  } catch (err) {
    out.status(500).json({ error: 'failed' });
  }
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-error-200: only types find these', rule, {
  valid: [],
  invalid: onlyTypes,
});
syntaxRuleTester.run('no-error-200: without types these stay silent', rule, {
  valid: onlyTypes.map(({ code }) => ({ code })),
  invalid: [],
});

// ------------------------------------------------------- types remove syntax-only reports

/** Reported without types (a response object's name on something else); clean with types. */
const removedByTypes: { code: string; errors: InvalidTestCase<MessageIds, Options>['errors'] }[] = [
  // A socket called `res`: `end()` writes to a TCP connection, not an HTTP response.
  {
    code: `import type { Socket } from 'node:net';
export function relay(data: string, res: Socket) {
  try {
    JSON.parse(data);
  } catch (err) {
    res.end(JSON.stringify({ error: 'bad input' }));
  }
}`,
    errors: [
      {
        messageId: 'error2xx',
        data: {
          send: 'res.end(…)',
          status: 200,
          shape: '`error`',
          reason: 'a `catch` block',
          why: "Node http's default when no status is set",
        },
        line: 6,
        column: 5,
        endLine: 6,
        endColumn: 52,
      },
    ],
  },
  // A chat bot's `reply`: its own interface, no fastify reply.
  {
    code: `interface Reply {
  send(body: unknown): void;
}
export function answer(text: string, reply: Reply) {
  try {
    JSON.parse(text);
  } catch (err) {
    reply.send({ error: 'bad input' });
  }
}`,
    errors: [
      {
        messageId: 'error2xx',
        data: {
          send: 'reply.send(…)',
          status: 200,
          shape: '`error`',
          reason: 'a `catch` block',
          why: "Fastify's default when no status is set",
        },
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 39,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: 'reply.code(500)' },
            output: `interface Reply {
  send(body: unknown): void;
}
export function answer(text: string, reply: Reply) {
  try {
    JSON.parse(text);
  } catch (err) {
    reply.code(500).send({ error: 'bad input' });
  }
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-error-200: types remove these reports', rule, {
  valid: removedByTypes.map(({ code }) => ({ code })),
  invalid: [],
});
syntaxRuleTester.run('no-error-200: without types these are reported', rule, {
  valid: [],
  invalid: removedByTypes,
});

// --------------------------------------------------------------- both modes must agree

const agreedValid: (ValidTestCase<Options> | string)[] = [
  // express: the catch sets a failure status.
  `import express from 'express';
declare function load(): Promise<unknown>;
const app = express();
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    res.status(500).json({ error: String(err) });
  }
});`,
  // koa: the failure is thrown on to koa's error handling.
  `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.throw(500, 'failed');
  }
});`,
  // hono: the status is given with the body.
  `import { Hono } from 'hono';
const app = new Hono();
app.get('/a', async (c) => {
  try {
    return c.json({ data: JSON.parse('{}') as unknown });
  } catch {
    return c.json({ error: 'failed' }, 500);
  }
});`,
  // fastify: the error object itself is sent, which fastify answers with its statusCode or 500.
  `import Fastify from 'fastify';
const app = Fastify();
app.get('/a', async (request, reply) => {
  try {
    return JSON.parse('{}') as unknown;
  } catch (err) {
    return reply.send(err);
  }
});`,
];

const agreedInvalid: InvalidTestCase<MessageIds, Options>[] = [
  // express, named `res`: the catch answers with the default 200.
  {
    code: `import express from 'express';
declare function load(): Promise<unknown>;
const app = express();
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    res.json({ error: String(err) });
  }
});`,
    errors: [
      {
        messageId: 'error2xx',
        data: {
          send: 'res.json(…)',
          status: 200,
          shape: '`error`',
          reason: 'a `catch` block',
          why: "Express's default when no status is set",
        },
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 37,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: 'res.status(500)' },
            output: `import express from 'express';
declare function load(): Promise<unknown>;
const app = express();
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    res.status(500).json({ error: String(err) });
  }
});`,
          },
        ],
      },
    ],
  },
  // Node's own server: `res` is an http.ServerResponse; `end()` sends the default 200.
  {
    code: `import http from 'node:http';
declare function load(): Promise<string>;
http.createServer(async (req, res) => {
  try {
    res.end(await load());
  } catch (err) {
    res.end(JSON.stringify({ error: 'failed' }));
  }
});`,
    errors: [
      {
        messageId: 'error2xx',
        data: {
          send: 'res.end(…)',
          status: 200,
          shape: '`error`',
          reason: 'a `catch` block',
          why: "Node http's default when no status is set",
        },
        line: 7,
        column: 5,
        endLine: 7,
        endColumn: 49,
      },
    ],
  },
  // `any` says nothing: the name decides, in both modes.
  {
    code: `export async function handler(req: any, res: any) {
  try {
    res.json(await req.load());
  } catch (err) {
    res.json({ error: 'failed' });
  }
}`,
    errors: [
      {
        messageId: 'error2xx',
        data: {
          send: 'res.json(…)',
          status: 200,
          shape: '`error`',
          reason: 'a `catch` block',
          why: "Express's default when no status is set",
        },
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 34,
        suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: 'res.status(500)' },
            output: `export async function handler(req: any, res: any) {
  try {
    res.json(await req.load());
  } catch (err) {
    res.status(500).json({ error: 'failed' });
  }
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-error-200: both modes agree (types)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
syntaxRuleTester.run('no-error-200: both modes agree (syntax)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
