// Helpers of other modules handed the response object (`sendError(res, 500, …)`,
// `fail(res, message)` imported from another file), read as same-file helpers are: through
// the cross-module summaries' lookup the rules create for a file on disk. The helpers live in
// tests/fixtures/summaries/app/src/http/respond.ts.

import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import errorRule from '../../rules/no-error-200.js';
import rateLimitRule from '../../rules/no-rate-limit-200.js';

/** A linted file beside the fixture's respond.ts. */
const ROUTE_FILE = fileURLToPath(new URL('../fixtures/summaries/app/src/http/orders.ts', import.meta.url));

const ruleTester = new RuleTester({ languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } } });

ruleTester.run('no-error-200 (response helpers of other modules)', errorRule, {
  valid: [
    // The helper sends the 500 its caller passes.
    {
      filename: ROUTE_FILE,
      code: `
import { sendError } from './respond';
app.get('/orders/:id', async (req, res) => {
  try {
    res.json(await orders.get(req.params.id));
  } catch (err) {
    sendError(res, 500, err.message);
  }
});`,
    },
    // The caller set 500 before the helper sent with whatever status res holds.
    {
      filename: ROUTE_FILE,
      code: `
import { fail } from './respond';
app.get('/orders/:id', async (req, res) => {
  try {
    res.json(await orders.get(req.params.id));
  } catch (err) {
    res.status(500);
    fail(res, err.message);
  }
});`,
    },
    // A helper of another module that sets the status: the send after it is not decided.
    {
      filename: ROUTE_FILE,
      code: `
import { markFailed } from './respond';
app.get('/orders/:id', async (req, res) => {
  try {
    res.json(await orders.get(req.params.id));
  } catch (err) {
    markFailed(res);
    res.json({ error: err.message });
  }
});`,
    },
    // A helper that sets a status on some path before it sends: not decided either.
    {
      filename: ROUTE_FILE,
      code: `
import { maybeFail } from './respond';
app.get('/orders/:id', async (req, res) => {
  try {
    res.json(await orders.get(req.params.id));
  } catch (err) {
    maybeFail(res, true);
  }
});`,
    },
    // The body a caller passes through the helper is a normal payload.
    {
      filename: ROUTE_FILE,
      code: `
import { reply } from './respond';
app.get('/orders', async (req, res) => {
  try {
    reply(res, await orders.list());
  } catch (err) {
    reply(res, { items: [], cached: true });
  }
});`,
    },
    // Hono: the helper answers with the 500 its caller passes.
    {
      filename: ROUTE_FILE,
      code: `
import { honoError } from './respond';
app.get('/orders/:id', async (c) => {
  try {
    return c.json(await orders.get(c.req.param('id')));
  } catch (err) {
    return honoError(c, err.message, 500);
  }
});`,
    },
    // Fastify: the reply's status was set before the helper sent.
    {
      filename: ROUTE_FILE,
      code: `
import { replyFailed } from './respond';
fastify.get('/orders/:id', async (request, reply) => {
  try {
    return await orders.get(request.params.id);
  } catch (err) {
    reply.code(503);
    replyFailed(reply, err.message);
  }
});`,
    },
    // A handler of another module, called as one: what its own branches say is its module's
    // to report; this call is on no failure branch.
    {
      filename: ROUTE_FILE,
      code: `
import { legacyOrders } from './respond';
app.get('/orders', (req, res) => legacyOrders(req, res));`,
    },
  ],
  invalid: [
    // A guard refusing through a helper that says it in words.
    {
      filename: ROUTE_FILE,
      code: `
import { notAuthorized } from './respond';
app.get('/files', async (req, res) => {
  if (!req.user.admin) {
    return notAuthorized(res);
  }
  res.json(await files.list());
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'notAuthorized(…)',
            status: 200,
            shape: '`error`',
            reason: 'a branch whose body holds the error "Not authorized" under `error`',
            why: "Express's default when no status is set",
          },
          line: 5,
        },
      ],
    },
    // Hono: the helper is told to answer 200.
    {
      filename: ROUTE_FILE,
      code: `
import { honoError } from './respond';
app.get('/orders/:id', async (c) => {
  try {
    return c.json(await orders.get(c.req.param('id')));
  } catch (err) {
    return honoError(c, err.message, 200);
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: { send: 'honoError(…)', status: 200, shape: '`error`', reason: 'a `catch` block', why: 'set right there' },
          line: 7,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '500' },
              output: `
import { honoError } from './respond';
app.get('/orders/:id', async (c) => {
  try {
    return c.json(await orders.get(c.req.param('id')));
  } catch (err) {
    return honoError(c, err.message, 500);
  }
});`,
            },
          ],
        },
      ],
    },
    // Fastify: the helper sends `ok: false` with the reply's default status.
    {
      filename: ROUTE_FILE,
      code: `
import { replyFailed } from './respond';
fastify.get('/orders/:id', async (request, reply) => {
  try {
    return await orders.get(request.params.id);
  } catch (err) {
    replyFailed(reply, err.message);
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: { send: 'replyFailed(…)', status: 200, shape: '`ok: false`', reason: 'a `catch` block', why: "Fastify's default when no status is set" },
          line: 7,
        },
      ],
    },
    // The helper is told to send 200.
    {
      filename: ROUTE_FILE,
      code: `
import { sendError } from './respond';
app.get('/orders/:id', async (req, res) => {
  try {
    res.json(await orders.get(req.params.id));
  } catch (err) {
    sendError(res, 200, err.message);
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: { send: 'sendError(…)', status: 200, shape: '`error`', reason: 'a `catch` block', why: 'set right there' },
          line: 7,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '500' },
              output: `
import { sendError } from './respond';
app.get('/orders/:id', async (req, res) => {
  try {
    res.json(await orders.get(req.params.id));
  } catch (err) {
    sendError(res, 500, err.message);
  }
});`,
            },
          ],
        },
      ],
    },
    // The helper sends an error body with whatever status res holds: none was set.
    {
      filename: ROUTE_FILE,
      code: `
import { fail } from './respond';
app.get('/orders/:id', async (req, res) => {
  try {
    res.json(await orders.get(req.params.id));
  } catch (err) {
    fail(res, err.message);
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'fail(…)',
            status: 200,
            shape: '`success: false`',
            reason: 'a `catch` block',
            why: "Express's default when no status is set",
          },
          line: 7,
        },
      ],
    },
    // A body passed through the helper, under another name for the import.
    {
      filename: ROUTE_FILE,
      code: `
import { reply as send } from './respond';
app.get('/orders/:id', async (req, res) => {
  try {
    send(res, await orders.get(req.params.id));
  } catch (err) {
    send(res, { error: err.message });
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: { send: 'reply(…)', status: 200, shape: '`error`', reason: 'a `catch` block', why: "Express's default when no status is set" },
          line: 7,
        },
      ],
    },
    // A helper of another module that only sets headers leaves the status as it was.
    {
      filename: ROUTE_FILE,
      code: `
import { noCache } from './respond';
app.get('/orders/:id', async (req, res) => {
  try {
    res.json(await orders.get(req.params.id));
  } catch (err) {
    noCache(res);
    res.json({ error: err.message });
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: { send: 'res.json(…)', status: 200, shape: '`error`', reason: 'a `catch` block', why: "Express's default when no status is set" },
          line: 8,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
import { noCache } from './respond';
app.get('/orders/:id', async (req, res) => {
  try {
    res.json(await orders.get(req.params.id));
  } catch (err) {
    noCache(res);
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

ruleTester.run('no-rate-limit-200 (response helpers of other modules)', rateLimitRule, {
  valid: [
    {
      filename: ROUTE_FILE,
      code: `
import { sendError } from './respond';
app.use(async (req, res, next) => {
  const { success } = await ratelimit.limit(req.ip);
  if (!success) {
    return sendError(res, 429, 'Too many requests');
  }
  next();
});`,
    },
  ],
  invalid: [
    {
      filename: ROUTE_FILE,
      code: `
import { fail } from './respond';
app.use(async (req, res, next) => {
  const { success } = await ratelimit.limit(req.ip);
  if (!success) {
    return fail(res, 'Too many requests');
  }
  next();
});`,
      errors: [{ messageId: 'rateLimit2xx', line: 6 }],
    },
  ],
});
