// The HTTP rules' type questions (src/types/http.ts), against the real declarations of
// express (@types/express), koa (@types/koa), fastify and hono. A probe rule reports what
// each function parameter is; the HTTP rules ask the same questions of their receivers.

import { ESLintUtils } from '@typescript-eslint/utils';
import { getHttpTypes } from '../../src/types/http.js';
import { syntaxRuleTester, typedRuleTester } from './testers.js';

const probe = ESLintUtils.RuleCreator.withoutDocs({
  meta: {
    type: 'problem',
    messages: { framework: '`{{name}}` is {{framework}}.' },
    defaultOptions: [],
    schema: [],
  },
  create(context) {
    const types = getHttpTypes(context);
    return {
      'FunctionDeclaration > Identifier.params, ArrowFunctionExpression > Identifier.params'(
        node: Parameters<NonNullable<typeof types>['getResponseFramework']>[0] & { name: string },
      ) {
        const framework = types?.getResponseFramework(node);
        context.report({
          node,
          messageId: 'framework',
          data: { name: node.name, framework: framework === undefined ? 'unknown' : (framework ?? 'no response') },
        });
      },
    };
  },
});

typedRuleTester.run('http types', probe, {
  valid: [],
  invalid: [
    // express: `res` inferred from app.get() (express-serve-static-core's Response), and
    // declared with express's own Response type; `req` is no response.
    {
      code: `import express, { type Response } from 'express';
const app = express();
app.get('/', (req, res) => res.json({}));
export function send(out: Response) { out.end(); }`,
      errors: [
        { messageId: 'framework', data: { name: 'req', framework: 'no response' }, line: 3, column: 15 },
        { messageId: 'framework', data: { name: 'res', framework: 'express' }, line: 3, column: 20 },
        { messageId: 'framework', data: { name: 'out', framework: 'express' }, line: 4, column: 22 },
      ],
    },
    // koa: the middleware's `ctx` (a ParameterizedContext) and `next`.
    {
      code: `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx, next) => { ctx.body = 'x'; await next(); });`,
      errors: [
        { messageId: 'framework', data: { name: 'ctx', framework: 'koa' }, line: 3, column: 16 },
        { messageId: 'framework', data: { name: 'next', framework: 'no response' }, line: 3, column: 21 },
      ],
    },
    // fastify: the handler's `reply`.
    {
      code: `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async (request, reply) => reply.code(429).send());`,
      errors: [
        { messageId: 'framework', data: { name: 'request', framework: 'no response' }, line: 3, column: 21 },
        { messageId: 'framework', data: { name: 'reply', framework: 'fastify' }, line: 3, column: 30 },
      ],
    },
    // Node's own server: `res` is an http.ServerResponse.
    {
      code: `import http from 'node:http';
http.createServer((req, res) => res.end());`,
      errors: [
        { messageId: 'framework', data: { name: 'req', framework: 'no response' }, line: 2, column: 20 },
        { messageId: 'framework', data: { name: 'res', framework: 'node-http' }, line: 2, column: 25 },
      ],
    },
    // hono: the handler's context `c`; an untyped parameter says nothing.
    {
      code: `import { Hono } from 'hono';
const app = new Hono();
app.get('/', (c) => c.json({}, 429));
export function loose(x: any) { return x; }`,
      errors: [
        { messageId: 'framework', data: { name: 'c', framework: 'hono' }, line: 3, column: 15 },
        { messageId: 'framework', data: { name: 'x', framework: 'unknown' }, line: 4, column: 23 },
      ],
    },
  ],
});

syntaxRuleTester.run('http types without a program', probe, {
  valid: [],
  invalid: [
    // No program: every answer is "cannot tell", and nothing throws.
    {
      code: `export function send(res: unknown) { return res; }`,
      errors: [{ messageId: 'framework', data: { name: 'res', framework: 'unknown' }, line: 1, column: 22 }],
    },
  ],
});
