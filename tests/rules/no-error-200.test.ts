import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-error-200.js';

const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});

ruleTester.run('no-error-200', rule, {
  valid: [
    // A response given to a test double to return is a fake upstream answer for the code under
    // test, not one this code sends (vitest's mockResolvedValueOnce, sinon's resolves).
    `
it('reads a legacy error answer', async () => {
  try {
    await load();
  } catch (error) {
    mockFetch.mockResolvedValueOnce(new Response(JSON.stringify({ error: 'unsupportedPushVersion' }), { status: 200 }));
    fetchStub.resolves(Response.json({ error: String(error) }));
  }
});`,
    // Express: a failure status in the chain.
    `
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    res.status(500).json({ error: err.message });
  }
});`,
    // next(err) hands the failure to the error middleware.
    `
app.get('/a', async (req, res, next) => {
  try {
    res.json(await load());
  } catch (err) {
    next(err);
  }
});`,
    // A fallback value served on purpose from a catch is not an error body.
    `
app.get('/feed', async (req, res) => {
  try {
    res.json(await loadFeed());
  } catch {
    res.json({ items: [], cached: true });
  }
});`,
    // The status is set on an earlier line.
    `
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    res.statusCode = 502;
    res.json({ error: 'upstream failed' });
  }
});`,
    // The response is handed to a helper that may set the status.
    `
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    logAndTag(res, err);
    res.json({ error: err.message });
  }
});`,
    // A helper's \`res\` comes from a caller that may have set the status.
    `
function sendError(res, err) {
  res.json({ success: false, message: err.message });
}`,
    // A refusal is no-rate-limit-200's to report, not this rule's.
    `
app.use(async (req, res, next) => {
  try {
    await limiter.consume(req.ip);
    next();
  } catch (err) {
    res.json({ error: 'Too many requests' });
  }
});`,
    // JSON-RPC answers errors with 200 by convention.
    `
app.post('/rpc', async (req, res) => {
  try {
    res.json({ jsonrpc: '2.0', id: req.body.id, result: await call(req.body) });
  } catch (err) {
    res.json({ jsonrpc: '2.0', id: req.body.id, error: { code: -32603, message: err.message } });
  }
});`,
    // A GraphQL server's errors go out with 200 too.
    `
import { graphql } from 'graphql';
app.post('/graphql', async (req, res) => {
  try {
    res.json(await graphql({ schema, source: req.body.query }));
  } catch (err) {
    res.json({ errors: [{ message: err.message }] });
  }
});`,
    // The success side of an \`if (err)\`.
    `
app.get('/a', (req, res) => {
  db.query(sql, (err, rows) => {
    if (err) {
      res.status(500).json({ error: 'query failed' });
    } else {
      res.json({ rows, error: null });
    }
  });
});`,
    // Koa: ctx.status after ctx.body still counts.
    `
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.body = { error: err.message };
    ctx.status = err.status ?? 500;
  }
});`,
    // Fastify: reply.code(500).
    `
fastify.get('/x', async (request, reply) => {
  try {
    return await load();
  } catch (err) {
    return reply.code(500).send({ error: err.message });
  }
});`,
    // Hono: HTTPException.
    `
app.get('/z', async (c) => {
  try {
    return c.json(await load());
  } catch (err) {
    throw new HTTPException(500, { message: 'failed' });
  }
});`,
    // Next.js: { status: 500 }.
    `
export async function GET() {
  try {
    return NextResponse.json(await load());
  } catch (error) {
    return NextResponse.json({ error: 'Failed to load' }, { status: 500 });
  }
}`,
    // AWS Lambda: statusCode 500.
    `
export const handler = async () => {
  try {
    return { statusCode: 200, body: JSON.stringify(await load()) };
  } catch (err) {
    return { statusCode: 500, body: JSON.stringify({ message: err.message }) };
  }
};`,
    // NestJS: throwing an HttpException is the framework's way.
    `
@Controller('items')
class ItemsController {
  @Get()
  async list() {
    try {
      return await this.items.list();
    } catch (err) {
      throw new InternalServerErrorException(err.message);
    }
  }
}`,
    // A body shape the team serves as 200 on purpose, listed in the options.
    {
      code: `
app.get('/a', async (req, res) => {
  try {
    res.json({ code: 0, data: await load() });
  } catch (err) {
    res.json({ code: 1, msg: 'failed' });
  }
});`,
      options: [{ allowedBodies: [{ code: 1, msg: '*' }] }],
    },
    // A four-parameter function that is only an option of another call is that call's
    // callback, not middleware: feathers' errorHandler() sets the error's status before it
    // calls its \`json\` / \`html\` option (also given in place).
    `
import express from 'express';
import { errorHandler } from '@feathersjs/express';
const jsonHandler = function (error, req, res, next) {
  res.json(error);
};
express().use(errorHandler({ json: jsonHandler, html: (error, req, res, next) => res.send('<p>Error</p>') }));`,
    // Express error middleware that sets the error's status.
    `
app.use((err, req, res, next) => {
  res.status(err.status || 500).json({ error: err.message });
});`,
    // A validation endpoint answers the question it was asked: "not valid" is a finding.
    `
app.post('/validate-url', async (req, res) => {
  try {
    res.json({ isValid: await probe(req.body.url) });
  } catch (err) {
    res.json({ isValid: false, error: err.message });
  }
});`,
    // A body that states its own non-failure result.
    `
app.get('/domains/:domain/validate', async (req, res) => {
  const domainError = validateDomain(req.params.domain);
  if (domainError) {
    return res.json({ status: 'invalid', message: domainError.message });
  }
  res.json({ status: 'available' });
});`,
    // Fastify answers an Error sent with reply.send() with its statusCode, or 500.
    `
fastify.get('/x', async (request, reply) => {
  try {
    return await load();
  } catch (err) {
    request.log.error(err);
    return reply.send(err);
  }
});`,
    // A named status constant that is a failure.
    `
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ error: err.message });
  }
});`,
    // The error is logged and the request redirected.
    `
app.get('/login/callback', async (req, res) => {
  try {
    await finishLogin(req);
    res.redirect('/');
  } catch (err) {
    res.redirect('/login?error=1');
  }
});`,
  ],
  invalid: [
    // The classic: an error body from a catch block, sent with Express's default 200.
    {
      code: `
app.get('/a', async (req, res) => {
  try {
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
            status: 200,
            shape: '`error`',
            reason: 'a `catch` block',
            why: "Express's default when no status is set",
          },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    res.status(500).json({ error: err.message });
  }
});`,
            },
          ],
        },
      ],
    },
    // { success: false } with an explicit 200.
    {
      code: `
app.post('/orders', async (req, res) => {
  try {
    res.json({ success: true, order: await place(req.body) });
  } catch (e) {
    res.status(200).json({ success: false, message: 'Order failed' });
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            shape: '`success: false`',
            reason: 'a `catch` block',
            why: 'set right there',
          },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 70,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '500' },
              output: `
app.post('/orders', async (req, res) => {
  try {
    res.json({ success: true, order: await place(req.body) });
  } catch (e) {
    res.status(500).json({ success: false, message: 'Order failed' });
  }
});`,
            },
          ],
        },
      ],
    },
    // A node-style callback: the if (err) branch.
    {
      code: `
app.get('/users', (req, res) => {
  db.query('SELECT * FROM users', (err, rows) => {
    if (err) {
      return res.send({ code: 500, msg: 'database error' });
    }
    res.send(rows);
  });
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.send(…)',
            status: 200,
            shape: '`code: 500`',
            reason: 'the branch where `err` holds',
            why: "Express's default when no status is set",
          },
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
app.get('/users', (req, res) => {
  db.query('SELECT * FROM users', (err, rows) => {
    if (err) {
      return res.status(500).send({ code: 500, msg: 'database error' });
    }
    res.send(rows);
  });
});`,
            },
          ],
        },
      ],
    },
    // The { data, error } result of an SDK (Supabase style).
    {
      code: `
app.get('/profile', async (req, res) => {
  const { data, error } = await supabase.from('profiles').select('*').eq('id', req.user.id);
  if (error) return res.json({ ok: false, error: error.message });
  res.json(data);
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            shape: '`ok: false`',
            reason: 'the branch where `error` holds',
            why: "Express's default when no status is set",
          },
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
app.get('/profile', async (req, res) => {
  const { data, error } = await supabase.from('profiles').select('*').eq('id', req.user.id);
  if (error) return res.status(500).json({ ok: false, error: error.message });
  res.json(data);
});`,
            },
          ],
        },
      ],
    },
    // Express error middleware (four parameters) that never sets a status; also when the
    // same function is given as an option somewhere else.
    {
      code: `
const handler = (err, req, res, next) => {
  res.json({ error: err.message });
};
app.use(handler);
configure({ onError: handler });`,
      errors: [
        {
          messageId: 'error2xx',
          line: 3,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
const handler = (err, req, res, next) => {
  res.status(500).json({ error: err.message });
};
app.use(handler);
configure({ onError: handler });`,
            },
          ],
        },
      ],
    },
    {
      code: `
app.use((err, req, res, next) => {
  console.error(err);
  res.json({ message: 'Internal server error' });
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            shape: 'a `message` saying "Internal server error"',
            reason: 'Express error middleware',
            why: "Express's default when no status is set",
          },
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ message: 'Internal server error' });
});`,
            },
          ],
        },
      ],
    },
    // A promise's .catch() handler.
    {
      code: `
app.get('/a', (req, res) => {
  load()
    .then((data) => res.json(data))
    .catch((e) => res.send('Something failed: ' + e.message));
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.send(…)',
            status: 200,
            shape: 'the text "Something failed:"',
            reason: 'a promise rejection handler',
            why: "Express's default when no status is set",
          },
          line: 5,
          column: 19,
          endLine: 5,
          endColumn: 61,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
app.get('/a', (req, res) => {
  load()
    .then((data) => res.json(data))
    .catch((e) => res.status(500).send('Something failed: ' + e.message));
});`,
            },
          ],
        },
      ],
    },
    // Koa: an error middleware that sets only the body.
    {
      code: `
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.body = { status: 'error', message: err.message };
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'ctx.body = …',
            status: 200,
            shape: '`status: "error"`',
            reason: 'a `catch` block',
            why: "Koa's default for a body set without a status",
          },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'ctx.status = 500;' },
              output: `
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    ctx.body = { status: 'error', message: err.message };
  }
});`,
            },
          ],
        },
      ],
    },
    // Koa's long form, ctx.response.body.
    {
      code: `
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.response.body = { errcode: 1, errmsg: 'failed: ' + err.message };
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'ctx.response.body = …',
            status: 200,
            shape: '`errmsg`',
            reason: 'a `catch` block',
            why: "Koa's default for a body set without a status",
          },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 73,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'ctx.status = 500;' },
              output: `
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    ctx.response.body = { errcode: 1, errmsg: 'failed: ' + err.message };
  }
});`,
            },
          ],
        },
      ],
    },
    // Fastify: the registered error handler.
    {
      code: `
fastify.setErrorHandler((error, request, reply) => {
  request.log.error(error);
  reply.send({ ok: false, error: error.message });
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'reply.send(…)',
            status: 200,
            shape: '`ok: false`',
            reason: 'the handler given to `setErrorHandler()`',
            why: "Fastify's default when no status is set",
          },
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'reply.code(500)' },
              output: `
fastify.setErrorHandler((error, request, reply) => {
  request.log.error(error);
  reply.code(500).send({ ok: false, error: error.message });
});`,
            },
          ],
        },
      ],
    },
    // Hono: the app's onError handler with c.json and no status.
    {
      code: `
app.onError((err, c) => {
  return c.json({ error: err.message });
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'c.json(…)',
            status: 200,
            shape: '`error`',
            reason: 'the handler given to `onError()`',
            why: "Hono's default when no status is set",
          },
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '500' },
              output: `
app.onError((err, c) => {
  return c.json({ error: err.message }, 500);
});`,
            },
          ],
        },
      ],
    },
    // Next.js route handler: NextResponse.json without a status.
    {
      code: `
export async function GET() {
  try {
    return NextResponse.json(await load());
  } catch (error) {
    return NextResponse.json({ error: 'Failed to load' });
  }
}`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'NextResponse.json(…)',
            status: 200,
            shape: '`error`',
            reason: 'a `catch` block',
            why: "Next.js's default without a `status`",
          },
          line: 6,
          column: 12,
          endLine: 6,
          endColumn: 58,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '{ status: 500 }' },
              output: `
export async function GET() {
  try {
    return NextResponse.json(await load());
  } catch (error) {
    return NextResponse.json({ error: 'Failed to load' }, { status: 500 });
  }
}`,
            },
          ],
        },
      ],
    },
    // Node http: res.end with the default status, after an if (!response.ok) check.
    {
      code: `
http.createServer(async (req, res) => {
  const upstream = await fetch(API);
  if (!upstream.ok) {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ error: 'upstream failed' }));
    return;
  }
  res.end(await upstream.text());
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.end(…)',
            status: 200,
            shape: '`error`',
            reason: 'the branch where `!upstream.ok` holds',
            why: "Node http's default when no status is set",
          },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 58,
        },
      ],
    },
    // AWS Lambda: statusCode 200 with the error.
    {
      code: `
export const handler = async () => {
  try {
    return { statusCode: 200, body: JSON.stringify(await load()) };
  } catch (err) {
    return { statusCode: 200, body: JSON.stringify({ message: err.message }) };
  }
};`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: '{ statusCode, body }',
            status: 200,
            shape: 'a `message` taken from the error',
            reason: 'a `catch` block',
            why: 'set right there',
          },
          line: 6,
          column: 12,
          endLine: 6,
          endColumn: 79,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '500' },
              output: `
export const handler = async () => {
  try {
    return { statusCode: 200, body: JSON.stringify(await load()) };
  } catch (err) {
    return { statusCode: 500, body: JSON.stringify({ message: err.message }) };
  }
};`,
            },
          ],
        },
      ],
    },
    // NestJS: an error body returned from a route under @HttpCode(200).
    {
      code: `
@Controller('items')
class ItemsController {
  @Post('import')
  @HttpCode(200)
  async import(@Body() body) {
    try {
      return { success: true, count: await this.items.import(body) };
    } catch (err) {
      return { success: false, error: err.message };
    }
  }
}`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'return … under @HttpCode(…)',
            status: 200,
            shape: '`success: false`',
            reason: 'a `catch` block',
            why: 'set right there',
          },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 53,
        },
      ],
    },
    // Egg.js: a controller's \`const { ctx } = this\` is the request's own context.
    {
      code: `
class TopicController extends Controller {
  async remove() {
    const { ctx } = this;
    try {
      await ctx.service.topic.remove(ctx.params.id);
      ctx.body = { success: true };
    } catch (err) {
      ctx.body = { success: false, error_msg: err.message };
    }
  }
}`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'ctx.body = …',
            status: 200,
            shape: '`success: false`',
            reason: 'a `catch` block',
            why: "Koa's default for a body set without a status",
          },
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'ctx.status = 500;' },
              output: `
class TopicController extends Controller {
  async remove() {
    const { ctx } = this;
    try {
      await ctx.service.topic.remove(ctx.params.id);
      ctx.body = { success: true };
    } catch (err) {
      ctx.status = 500;
      ctx.body = { success: false, error_msg: err.message };
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // Fastify: an async handler's return value is sent with the reply's status, 200 here.
    {
      code: `
fastify.get('/stats', async (request, reply) => {
  try {
    return await stats();
  } catch (err) {
    request.log.error(err);
    return { ok: false, message: 'Something went wrong' };
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'return … from a Fastify handler',
            status: 200,
            shape: '`ok: false`',
            reason: 'a `catch` block',
            why: "Fastify's default when no status is set",
          },
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 59,
        },
      ],
    },
    // A named status constant that is a success, and a message that says something went wrong.
    {
      code: `
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    res.status(StatusCodes.OK).send({ message: 'Something went wrong' });
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.send(…)',
            status: 200,
            shape: 'a `message` saying "Something went wrong"',
            reason: 'a `catch` block',
            why: 'set right there',
          },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 73,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '500' },
              output: `
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    res.status(500).send({ message: 'Something went wrong' });
  }
});`,
            },
          ],
        },
      ],
    },
    // A NestJS exception filter that answers 200.
    {
      code: `
@Catch()
class AllExceptionsFilter {
  catch(exception, host) {
    const response = host.switchToHttp().getResponse();
    response.json({ success: false, message: String(exception) });
  }
}`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'response.json(…)',
            status: 200,
            shape: '`success: false`',
            reason: 'a NestJS exception filter',
            why: "Express's default when no status is set",
          },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'response.status(500)' },
              output: `
@Catch()
class AllExceptionsFilter {
  catch(exception, host) {
    const response = host.switchToHttp().getResponse();
    response.status(500).json({ success: false, message: String(exception) });
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
