// no-error-200 on bodies a helper builds: what a same-file helper returns is read with the
// call's arguments in place of its parameters (`resReturn(null, 401, e.message)` is
// `{ errcode: 401, errmsg: e.message }`), helpers of helpers included; a builder nothing can
// read that is handed the error builds a body from the failure. Helpers of other modules:
// tests/status/returns.test.ts (the cases need a file on disk).

import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-error-200.js';

const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});

/** A Koa project's own answer builder: an errcode in the body, 200 on the wire. */
const resReturn = `
const resReturn = (data, num, errmsg) => {
  num = num || 0;
  return { errcode: num, errmsg: errmsg || 'ok', data };
};`;

ruleTester.run('no-error-200 (helper-built bodies)', rule, {
  valid: [
    // Success: no code passed, so the helper's errcode is absent.
    `${resReturn}
router.get('/user', async (ctx) => {
  try {
    ctx.body = resReturn(await users.find(ctx.query.id));
  } catch (e) {
    ctx.status = 500;
    ctx.body = resReturn(null, 500, e.message);
  }
});`,
    // A code that is no failure code.
    `${resReturn}
router.get('/list', async (ctx) => {
  const rows = await load();
  if (rows.length === 0) {
    return (ctx.body = resReturn([], 0, 'empty'));
  }
  ctx.body = resReturn(rows);
});`,
    // The status is set on this path before the helper's body goes out.
    `${resReturn}
router.post('/login', async (ctx) => {
  const user = await users.find(ctx.request.body.email);
  if (!user) {
    ctx.status = 404;
    return (ctx.body = resReturn(null, 404, 'no such user'));
  }
  ctx.body = resReturn(user);
});`,
    // A helper that answers data on one path and an error on the other says nothing about a
    // call it cannot tell apart.
    `
function wrap(data, err) {
  if (err) return { error: { message: err.message } };
  return { data };
}
app.get('/a', async (req, res) => {
  try {
    res.json(wrap(await load()));
  } catch (e) {
    res.json(wrap(null, e));
  }
});`,
    // A helper that can end without a value is not read as always answering an error.
    `
function maybeError(code) {
  if (code >= 400) {
    return { code };
  }
}
app.get('/b', (req, res) => {
  res.json(maybeError(req.query.code));
});`,
    // A builder nobody can read, handed data and no error, builds no error body.
    `
import { fallback } from './cache.js';
app.get('/c', async (req, res) => {
  try {
    res.json(await load());
  } catch (e) {
    res.json(fallback(cache));
  }
});`,
    // A helper that calls itself is read a few levels deep, then left alone.
    `
function loop(code) {
  return loop(code);
}
app.get('/d', (req, res) => {
  res.json(loop(500));
});`,
  ],
  invalid: [
    // A catch answers the helper's errcode body with Koa's 200.
    {
      code: `${resReturn}
router.post('/study', async (ctx) => {
  try {
    ctx.body = resReturn(await users.update(ctx.state.uid, { study: true }));
  } catch (e) {
    ctx.body = resReturn(null, 401, e.message);
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'ctx.body = …',
            status: 200,
            shape: '`errcode: 401` (returned by `resReturn(…)`)',
            reason: 'a `catch` block',
            why: "Koa's default for a body set without a status",
          },
          line: 10,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'ctx.status = 500;' },
              output: `${resReturn}
router.post('/study', async (ctx) => {
  try {
    ctx.body = resReturn(await users.update(ctx.state.uid, { study: true }));
  } catch (e) {
    ctx.status = 500;
    ctx.body = resReturn(null, 401, e.message);
  }
});`,
            },
          ],
        },
      ],
    },
    // Not found, with no catch and no if (err): the code the helper puts in the body says it.
    {
      code: `${resReturn}
router.post('/login', async (ctx) => {
  const user = await users.find(ctx.request.body.email);
  if (!user) {
    return (ctx.body = resReturn(null, 404, 'no such user'));
  }
  ctx.body = resReturn(user);
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'ctx.body = …',
            status: 200,
            shape: '`errcode: 404` (returned by `resReturn(…)`)',
            reason: 'a branch whose body carries `errcode: 404` (returned by `resReturn(…)`)',
            why: "Koa's default for a body set without a status",
          },
          line: 9,
        },
      ],
    },
    // Express, a function declaration, the state key; awaited async helper.
    {
      code: `
async function failure(message) {
  return { status: 'error', message };
}
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    res.json(await failure(err.message));
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            shape: '`status: "error"` (returned by `failure(…)`)',
            reason: 'a `catch` block',
            why: "Express's default when no status is set",
          },
          line: 9,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
async function failure(message) {
  return { status: 'error', message };
}
app.get('/a', async (req, res) => {
  try {
    res.json(await load());
  } catch (err) {
    res.status(500).json(await failure(err.message));
  }
});`,
            },
          ],
        },
      ],
    },
    // A helper's helper: the code travels through two calls.
    {
      code: `
function body(code, msg) {
  return { code, msg };
}
const fail = (msg, code) => body(code, msg);
app.get('/b', async (req, res) => {
  const row = await load(req.params.id);
  if (!row) {
    return res.json(fail('not found', 404));
  }
  res.json(row);
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            shape: '`code: 404` (returned by `fail(…)`)',
            reason: 'a branch whose body carries `code: 404` (returned by `fail(…)`)',
            why: "Express's default when no status is set",
          },
          line: 9,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
function body(code, msg) {
  return { code, msg };
}
const fail = (msg, code) => body(code, msg);
app.get('/b', async (req, res) => {
  const row = await load(req.params.id);
  if (!row) {
    return res.status(500).json(fail('not found', 404));
  }
  res.json(row);
});`,
            },
          ],
        },
      ],
    },
    // Next.js route handler; the helper builds an error object.
    {
      code: `
import { NextResponse } from 'next/server';
function errorBody(e) {
  return { error: { message: e.message } };
}
export async function GET() {
  try {
    return NextResponse.json(await load());
  } catch (e) {
    return NextResponse.json(errorBody(e));
  }
}`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'NextResponse.json(…)',
            status: 200,
            shape: '`error` (returned by `errorBody(…)`)',
            reason: 'a `catch` block',
            why: "Next.js's default without a `status`",
          },
          line: 10,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '{ status: 500 }' },
              output: `
import { NextResponse } from 'next/server';
function errorBody(e) {
  return { error: { message: e.message } };
}
export async function GET() {
  try {
    return NextResponse.json(await load());
  } catch (e) {
    return NextResponse.json(errorBody(e), { status: 500 });
  }
}`,
            },
          ],
        },
      ],
    },
    // Hono: a helper that gives its parameter a default keeps the argument.
    {
      code: `
function answer(code = 0, message = '') {
  return { code, message };
}
app.get('/c', async (c) => {
  const item = await find(c.req.param('id'));
  if (!item) return c.json(answer(404, 'missing'));
  return c.json(item);
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'c.json(…)',
            status: 200,
            shape: '`code: 404` (returned by `answer(…)`)',
            reason: 'a branch whose body carries `code: 404` (returned by `answer(…)`)',
            why: "Hono's default when no status is set",
          },
          line: 7,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '500' },
              output: `
function answer(code = 0, message = '') {
  return { code, message };
}
app.get('/c', async (c) => {
  const item = await find(c.req.param('id'));
  if (!item) return c.json(answer(404, 'missing'), 500);
  return c.json(item);
});`,
            },
          ],
        },
      ],
    },
    // A builder in another module nobody reads here, handed the error in a catch.
    {
      code: `
import { resReturn } from './commons.js';
router.post('/avatar', async (ctx) => {
  try {
    ctx.body = await avatars.save(ctx.request.body);
  } catch (e) {
    ctx.body = resReturn(null, 401, e.message);
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'ctx.body = …',
            status: 200,
            shape: 'a body `resReturn(…)` builds from the error',
            reason: 'a `catch` block',
            why: "Koa's default for a body set without a status",
          },
          line: 7,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'ctx.status = 500;' },
              output: `
import { resReturn } from './commons.js';
router.post('/avatar', async (ctx) => {
  try {
    ctx.body = await avatars.save(ctx.request.body);
  } catch (e) {
    ctx.status = 500;
    ctx.body = resReturn(null, 401, e.message);
  }
});`,
            },
          ],
        },
      ],
    },
  ],
});
