// no-error-200, decided per function and per library: a GraphQL or JSON-RPC server in the
// same file as REST routes, failure bodies that carry their own code, framework exception
// handlers, copies of the response object, same-file helpers that send for their caller,
// and messages that say which status applies on which path.

import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-error-200.js';

const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: false } },
  },
});

ruleTester.run('no-error-200 (per function)', rule, {
  valid: [
    // GraphQL: a route that hands the request to graphql() follows the protocol, whatever
    // its errors look like.
    `
import { graphql } from 'graphql';
app.post('/api', async (req, res) => {
  try {
    res.json(await graphql({ schema, source: req.body.query }));
  } catch (err) {
    res.json({ errors: [{ message: err.message }], data: null });
  }
});`,
    // JSON-RPC: a method registered with json-rpc-2.0 answers errors in its envelope.
    `
import { JSONRPCServer } from 'json-rpc-2.0';
const server = new JSONRPCServer();
app.post('/rpc', async (req, res) => {
  try {
    res.json(await server.receive(req.body));
  } catch (err) {
    res.json({ id: req.body.id, error: { code: -32603, message: err.message } });
  }
});`,
    // A route mounted on /graphql follows GraphQL even when it builds the answer itself.
    `
app.post('/graphql', async (req, res) => {
  try {
    res.json({ data: await run(req.body) });
  } catch (err) {
    res.json({ error: { message: err.message } });
  }
});`,
    // Apollo resolvers: resolvers return values, and a resolver that reaches the HTTP
    // response follows GraphQL too.
    `
import { ApolloServer } from '@apollo/server';
const resolvers = {
  Query: {
    me: async (_, __, { res }) => {
      try {
        return await loadMe();
      } catch (err) {
        res.json({ error: { message: err.message } });
      }
    },
  },
};
const server = new ApolloServer({ typeDefs, resolvers });`,
    // A normal payload with a numeric field is not a failure body.
    `
app.get('/items/:id', async (req, res) => {
  const item = await find(req.params.id);
  res.json({ code: 'SKU-1', count: 404, item });
});`,
    // `{ data, error }` straight from a client library: `error` is null on success, and no
    // branch says this is the failure path.
    `
app.get('/profile', async (req, res) => {
  const { data, error } = await supabase.from('profiles').select();
  res.json({ data, error });
});`,
    // A same-file helper that sets the status it is given.
    `
function sendError(res, status, message) {
  res.status(status).json({ error: { message } });
}
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    sendError(res, 500, err.message);
  }
});`,
    // A copy of the response object that sets a failure status.
    `
app.get('/a', async (req, res) => {
  const r = res;
  try {
    r.json(await load());
  } catch (err) {
    r.status(500).json({ error: err.message });
  }
});`,
    // Hono's error handler answering a failure status.
    `
import { Hono } from 'hono';
const app = new Hono();
app.onError((err, c) => c.json({ error: err.message }, 500));`,
    // A NestJS exception filter that passes the exception's status on.
    `
@Catch()
export class AllExceptionsFilter {
  catch(exception, host) {
    const response = host.switchToHttp().getResponse();
    response.status(exception.getStatus()).json({ error: exception.message });
  }
}`,
  ],
  invalid: [
    // limiter: `removeTokens()` rejects only when the bucket cannot serve the request, a
    // failure; its `catch` answering an error with 200 is this rule's, not a refusal.
    {
      code: `
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
      errors: [
        {
          messageId: 'error2xx',
          data: { send: 'res.json(…)', status: 200, shape: '`error`', reason: 'a `catch` block', why: "Express's default when no status is set" },
          line: 9,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
import { RateLimiter } from 'limiter';
const limiter = new RateLimiter({ tokensPerInterval: 10, interval: 'second' });
app.get('/search', async (req, res) => {
  try {
    await limiter.removeTokens(1);
    res.json(await search(req.query.q));
  } catch (err) {
    res.status(500).json({ error: err.message });
  }
});`,
            },
          ],
        },
      ],
    },
    // A REST route next to an Apollo server in one file: the route is checked; the file's
    // GraphQL import no longer silences it.
    {
      code: `
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@apollo/server/express4';
const server = new ApolloServer({ typeDefs, resolvers });
app.use('/graphql', expressMiddleware(server));
app.get('/health', async (req, res) => {
  try {
    res.json(await check());
  } catch (err) {
    res.json({ error: err.message });
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          line: 10,
          suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: 'res.status(500)' },
            output: `
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@apollo/server/express4';
const server = new ApolloServer({ typeDefs, resolvers });
app.use('/graphql', expressMiddleware(server));
app.get('/health', async (req, res) => {
  try {
    res.json(await check());
  } catch (err) {
    res.status(500).json({ error: err.message });
  }
});`,
          },
          ],
        },
      ],
    },
    // A REST route in a file that also answers JSON-RPC on another route.
    {
      code: `
import { JSONRPCServer } from 'json-rpc-2.0';
const rpc = new JSONRPCServer();
app.post('/rpc', async (req, res) => res.json(await rpc.receive(req.body)));
app.get('/users/:id', async (req, res) => {
  const user = await findUser(req.params.id);
  if (!user) {
    return res.json({ code: 404, message: 'user not found' });
  }
  res.json(user);
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            shape: '`code: 404`',
            reason: 'a branch whose body carries `code: 404`',
            why: "Express's default when no status is set",
          },
          line: 8,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
import { JSONRPCServer } from 'json-rpc-2.0';
const rpc = new JSONRPCServer();
app.post('/rpc', async (req, res) => res.json(await rpc.receive(req.body)));
app.get('/users/:id', async (req, res) => {
  const user = await findUser(req.params.id);
  if (!user) {
    return res.status(500).json({ code: 404, message: 'user not found' });
  }
  res.json(user);
});`,
            },
          ],
        },
      ],
    },
    // Hono: a not-found body with its code and no status, no catch around it.
    {
      code: `
import { Hono } from 'hono';
const app = new Hono();
app.get('/posts/:id', async (c) => {
  const post = await getPost(c.req.param('id'));
  if (!post) return c.json({ code: 404, message: 'not found' });
  return c.json(post);
});`,
      errors: [
        {
          messageId: 'error2xx',
          line: 6,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '500' },
              output: `
import { Hono } from 'hono';
const app = new Hono();
app.get('/posts/:id', async (c) => {
  const post = await getPost(c.req.param('id'));
  if (!post) return c.json({ code: 404, message: 'not found' }, 500);
  return c.json(post);
});`,
            },
          ],
        },
      ],
    },
    // Hono 3's c.jsonT() sends like c.json().
    {
      code: `
app.get('/a', async (c) => {
  try {
    return c.jsonT(await load());
  } catch (err) {
    return c.jsonT({ error: err.message });
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          line: 6,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '500' },
              output: `
app.get('/a', async (c) => {
  try {
    return c.jsonT(await load());
  } catch (err) {
    return c.jsonT({ error: err.message }, 500);
  }
});`,
            },
          ],
        },
      ],
    },
    // Koa-style body with a status word and a status code, no status set.
    {
      code: `
router.post('/login', async (req, res) => {
  const user = await auth(req.body);
  if (!user) {
    res.json({ status: 'error', statusCode: 401 });
    return;
  }
  res.json(user);
});`,
      errors: [
        {
          messageId: 'error2xx',
          line: 5,
          suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: 'res.status(500)' },
            output: `
router.post('/login', async (req, res) => {
  const user = await auth(req.body);
  if (!user) {
    res.status(500).json({ status: 'error', statusCode: 401 });
    return;
  }
  res.json(user);
});`,
          },
          ],
        },
      ],
    },
    // An error object in the body says it on its own.
    {
      code: `
export async function GET(request) {
  const row = await load();
  if (!row) {
    return NextResponse.json({ error: { code: 'NOT_FOUND', message: 'no such row' } });
  }
  return NextResponse.json(row);
}`,
      errors: [
        {
          messageId: 'error2xx',
          line: 5,
          suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: '{ status: 500 }' },
            output: `
export async function GET(request) {
  const row = await load();
  if (!row) {
    return NextResponse.json({ error: { code: 'NOT_FOUND', message: 'no such row' } }, { status: 500 });
  }
  return NextResponse.json(row);
}`,
          },
          ],
        },
      ],
    },
    // Hono onError answering 200.
    {
      code: `
import { Hono } from 'hono';
const app = new Hono();
app.onError((err, c) => {
  console.error(err);
  return c.json({ error: err.message });
});`,
      errors: [
        {
          messageId: 'error2xx', data: { send: 'c.json(…)', status: 200, shape: '`error`', reason: 'the handler given to `onError()`', why: "Hono's default when no status is set" },
          line: 6,
          suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: '500' },
            output: `
import { Hono } from 'hono';
const app = new Hono();
app.onError((err, c) => {
  console.error(err);
  return c.json({ error: err.message }, 500);
});`,
          },
          ],
        },
      ],
    },
    // Fastify setErrorHandler, the body built in a variable first.
    {
      code: `
import Fastify from 'fastify';
const app = Fastify();
app.setErrorHandler((error, request, reply) => {
  const body = { success: false, message: error.message };
  reply.send(body);
});`,
      errors: [
        {
          messageId: 'error2xx',
          line: 6,
          suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: 'reply.code(500)' },
            output: `
import Fastify from 'fastify';
const app = Fastify();
app.setErrorHandler((error, request, reply) => {
  const body = { success: false, message: error.message };
  reply.code(500).send(body);
});`,
          },
          ],
        },
      ],
    },
    // A NestJS exception filter answering 200.
    {
      code: `
@Catch()
export class AllExceptionsFilter {
  catch(exception, host) {
    const response = host.switchToHttp().getResponse();
    response.json({ success: false, error: exception.message });
  }
}`,
      errors: [
        {
          messageId: 'error2xx',
          data: { send: 'response.json(…)', status: 200, shape: '`success: false`', reason: 'a NestJS exception filter', why: "Express's default when no status is set" },
          line: 6,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'response.status(500)' },
              output: `
@Catch()
export class AllExceptionsFilter {
  catch(exception, host) {
    const response = host.switchToHttp().getResponse();
    response.status(500).json({ success: false, error: exception.message });
  }
}`,
            },
          ],
        },
      ],
    },
    // Express four-parameter error middleware.
    {
      code: `
app.use((err, req, res, next) => {
  res.json({ error: err.message });
});`,
      errors: [
        {
          messageId: 'error2xx', data: { send: 'res.json(…)', status: 200, shape: '`error`', reason: 'Express error middleware', why: "Express's default when no status is set" },
          line: 3,
          suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: 'res.status(500)' },
            output: `
app.use((err, req, res, next) => {
  res.status(500).json({ error: err.message });
});`,
          },
          ],
        },
      ],
    },
    // A project's handleException(exception), whose result a route handler returns.
    {
      code: `
function handleException(exception) {
  const body = { error: exception.message };
  return NextResponse.json(body);
}
export async function POST(request) {
  try {
    return NextResponse.json(await save(await request.json()));
  } catch (e) {
    return handleException(e);
  }
}`,
      errors: [
        {
          messageId: 'error2xx',
          line: 4,
          suggestions: [
          {
            messageId: 'useStatusSuggestion',
            data: { status: 500, replacement: '{ status: 500 }' },
            output: `
function handleException(exception) {
  const body = { error: exception.message };
  return NextResponse.json(body, { status: 500 });
}
export async function POST(request) {
  try {
    return NextResponse.json(await save(await request.json()));
  } catch (e) {
    return handleException(e);
  }
}`,
          },
          ],
        },
      ],
    },
    // A copy of the response object under another name.
    {
      code: `
app.get('/a', async (req, res) => {
  const r = res;
  try {
    r.json(await load());
  } catch (err) {
    r.json({ error: err.message });
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          line: 7,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'r.status(500)' },
              output: `
app.get('/a', async (req, res) => {
  const r = res;
  try {
    r.json(await load());
  } catch (err) {
    r.status(500).json({ error: err.message });
  }
});`,
            },
          ],
        },
      ],
    },
    // A same-file helper that sends an error body with whatever status the caller left.
    {
      code: `
function fail(res, message) {
  res.json({ error: message });
}
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    fail(res, err.message);
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: { send: 'fail(…)', status: 200, shape: '`error`', reason: 'a `catch` block', why: "Express's default when no status is set, sent by the helper on line 3" },
          line: 9,
        },
      ],
    },
    // sendError(res, 200, …): the status the helper sets is the one its caller passes.
    {
      code: `
function sendError(res, status, message) {
  res.status(status).json({ error: { message } });
}
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    sendError(res, 200, err.message);
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          line: 9,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '500' },
              output: `
function sendError(res, status, message) {
  res.status(status).json({ error: { message } });
}
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    sendError(res, 500, err.message);
  }
});`,
            },
          ],
        },
      ],
    },
    // @upstash/ratelimit resolves a flag: the catch around limit() is Redis failing, a
    // failure answered 200 (no-error-200's), not a refusal (no-rate-limit-200's).
    {
      code: `
import { Ratelimit } from '@upstash/ratelimit';
const ratelimit = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(10, '10 s') });
export async function POST(request) {
  try {
    const { success } = await ratelimit.limit('api');
    if (!success) return NextResponse.json({ error: 'Too many requests' }, { status: 429 });
  } catch (err) {
    return NextResponse.json({ error: 'limiter unavailable' });
  }
  return NextResponse.json(await handle(request));
}`,
      errors: [
        {
          messageId: 'error2xx',
          data: { send: 'NextResponse.json(…)', status: 200, shape: '`error`', reason: 'a `catch` block', why: "Next.js's default without a `status`" },
          line: 9,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '{ status: 500 }' },
              output: `
import { Ratelimit } from '@upstash/ratelimit';
const ratelimit = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(10, '10 s') });
export async function POST(request) {
  try {
    const { success } = await ratelimit.limit('api');
    if (!success) return NextResponse.json({ error: 'Too many requests' }, { status: 429 });
  } catch (err) {
    return NextResponse.json({ error: 'limiter unavailable' }, { status: 500 });
  }
  return NextResponse.json(await handle(request));
}`,
            },
          ],
        },
      ],
    },
    // rate-limiter-flexible: an Error in the catch of consume() is the store failing.
    {
      code: `
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
      errors: [
        {
          messageId: 'error2xx',
          data: { send: 'res.json(…)', status: 200, shape: '`error`', reason: 'the branch where `rejection instanceof Error` holds', why: "Express's default when no status is set" },
          line: 9,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
import { RateLimiterRedis } from 'rate-limiter-flexible';
const flex = new RateLimiterRedis({ storeClient: redis, points: 5, duration: 1 });
app.get('/a', async (req, res, next) => {
  try {
    await flex.consume(req.ip);
  } catch (rejection) {
    if (rejection instanceof Error) {
      return res.status(500).json({ error: 'limiter store down' });
    }
    return res.status(429).json({ error: 'Too many requests' });
  }
  next();
});`,
            },
          ],
        },
      ],
    },
    // The message names the status on each path: 201 set inside the try on one path,
    // the default on the path where load() throws first.
    {
      code: `
app.post('/a', async (req, res) => {
  try {
    await prepare();
    res.status(201);
    res.json(await load());
  } catch (err) {
    res.json({ error: err.message });
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.json(…)',
            status: '200 or 201',
            shape: '`error`',
            reason: 'a `catch` block',
            why: "200, Express's default, on a path where no status is set, or 201 set on line 5",
          },
          line: 8,
        },
      ],
    },
  ],
});
