// The status layer on its own: what a body says, which way a condition points, and which
// status the flow interpreter finds on the paths into a send.

import { parseForESLint } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { getBodySignals } from '../../src/status/body.js';
import { StatusCollector } from '../../src/status/collector.js';
import { getFailureSense, LimitSenses } from '../../src/status/context.js';
import { Limiters } from '../../src/status/limiters.js';
import { StatusScope } from '../../src/status/scope.js';

interface Parsed {
  program: TSESTree.Program;
  scope: StatusScope;
  limiters: Limiters;
  collector: StatusCollector;
  code: string;
  giveUps: string[];
}

/** Visits every node depth-first, setting `parent` on the way as ESLint does. */
function simpleTraverse(
  root: TSESTree.Node,
  visitor: { enter: (node: TSESTree.Node) => void },
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
): void {
  visitor.enter(root);
  for (const key of visitorKeys[root.type] ?? []) {
    const value = (root as unknown as Record<string, unknown>)[key];
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (child !== null && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') {
        (child as { parent?: TSESTree.Node }).parent = root;
        simpleTraverse(child as TSESTree.Node, visitor, visitorKeys);
      }
    }
  }
}

let keys: Readonly<Record<string, readonly string[] | undefined>> = {};

function parseModule(code: string): Parsed {
  const result = parseForESLint(code, { range: true, loc: true, sourceType: 'module', ecmaVersion: 'latest' });
  const program = result.ast as TSESTree.Program;
  keys = result.visitorKeys;
  const { scopeManager } = result;
  const getScope = (node: TSESTree.Node): ReturnType<typeof scopeManager.acquire> & object => {
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      const scope = scopeManager.acquire(current, true);
      if (scope) {
        return scope;
      }
    }
    const [global] = scopeManager.scopes;
    if (!global) {
      throw new Error('no global scope');
    }
    return global;
  };
  const giveUps: string[] = [];
  const onGiveUp = (_node: TSESTree.Node, detail: string): void => {
    giveUps.push(detail);
  };
  const collector = new StatusCollector(getScope, [], undefined, onGiveUp);
  const scope = new StatusScope(program, getScope, undefined, onGiveUp);
  // ESLint sets every parent before its traversal; so does this, before the collector looks.
  simpleTraverse(program, { enter: () => undefined }, keys);
  collector.onProgram(program);
  simpleTraverse(
    program,
    {
      enter: (node) => {
        if (node.type === AST_NODE_TYPES.CallExpression) collector.onCall(node);
        else if (node.type === AST_NODE_TYPES.NewExpression) collector.onNew(node);
        else if (node.type === AST_NODE_TYPES.AssignmentExpression) collector.onAssignment(node);
        else if (node.type === AST_NODE_TYPES.ObjectExpression) collector.onObject(node);
        else if (node.type === AST_NODE_TYPES.MethodDefinition) collector.onMethod(node);
        else if (node.type === AST_NODE_TYPES.ReturnStatement) collector.onReturn(node);
      },
    },
    keys,
  );
  return { program, scope, limiters: new Limiters(scope), collector, code, giveUps };
}

/** The expression of the first `if` in the module. */
function firstTest(parsed: Parsed): TSESTree.Expression {
  const tests: TSESTree.Expression[] = [];
  simpleTraverse(
    parsed.program,
    {
      enter: (node) => {
        if (node.type === AST_NODE_TYPES.IfStatement) tests.push(node.test);
      },
    },
    keys,
  );
  const [test] = tests;
  if (!test) throw new Error('no if statement');
  return test;
}

/** The argument of the first `res.json(…)` call. */
function firstBody(parsed: Parsed): TSESTree.Node {
  const bodies: TSESTree.Node[] = [];
  simpleTraverse(
    parsed.program,
    {
      enter: (node) => {
        if (node.type === AST_NODE_TYPES.CallExpression && node.arguments[0]) {
          bodies.push(node.arguments[0]);
        }
      },
    },
    keys,
  );
  const [body] = bodies;
  if (!body) throw new Error('no call with an argument');
  return body;
}

describe('body signals', () => {
  it.each([
    ['res.json({ code: 429, msg: "x" })', '`code: 429`', '`code: 429`'],
    ['res.json({ error: "Too many requests" })', '"Too many requests"', '`error`'],
    ['res.send("Rate limit exceeded")', '"Rate limit exceeded"', null],
    ['res.json({ error: "Rate limit" })', '"rate limit"', '`error`'],
    ['res.json({ msg: "系统限流" })', '"限流"', null],
    ['res.json({ status: "ok", rateLimit: { limit: 100, remaining: 3 } })', null, null],
    ['res.json({ success: false })', null, '`success: false`'],
    ['res.json({ code: 500, msg: "x" })', null, '`code: 500`'],
    ['res.json({ status: "error" })', null, '`status: "error"`'],
    ['res.json({ message: err.message })', null, 'a `message` taken from the error'],
    ['res.json({ items: [] })', null, null],
    ['res.json({ isValid: false, error: e.message })', null, null],
    ['res.json({ status: "invalid", message: domainError.message })', null, null],
  ])('%s', (code, refusal, errorShape) => {
    const parsed = parseModule(code);
    const signals = getBodySignals(firstBody(parsed), parsed.scope);
    expect({ refusal: signals.refusal, errorShape: signals.errorShape }).toEqual({ refusal, errorShape });
  });

  it('marks the protocols that answer errors with 200', () => {
    const parsed = parseModule('res.json({ jsonrpc: "2.0", id, error: { code: -32603 } })');
    expect(getBodySignals(firstBody(parsed), parsed.scope).protocol).toBe(true);
  });
});

describe('rate-limit senses', () => {
  it.each([
    ['const { success } = await ratelimit.limit(ip); if (!success) {}', 'in'],
    ['const { success } = await ratelimit.limit(ip); if (success) {}', 'out'],
    ['const { success } = await check(ip); if (!success) {}', null],
    ['if (await limiter.isRateLimited(ip)) {}', 'in'],
    ['if (!limiter.tryRemoveTokens(1)) {}', 'in'],
    ['const r = await limiter.get(ip); if (r.remainingPoints <= 0) {}', 'in'],
    ['const r = await limiter.get(ip); if (0 < r.remainingPoints) {}', 'out'],
    ['if (err instanceof RateLimiterRes) {}', 'in'],
    ['if (err.status === 429) {}', 'in'],
    ['if (items.length > limit) {}', null],
    ['if (tooManyRequests) {}', 'in'],
  ])('%s', (code, expected) => {
    const parsed = parseModule(`async function f(ip, err, items, limit, tooManyRequests) { ${code} }`);
    expect(new LimitSenses(parsed.limiters).sense(firstTest(parsed))).toBe(expected);
  });
});

describe('failure senses', () => {
  it.each([
    ['if (err) {}', 'in'],
    ['if (!err) {}', 'out'],
    ['if (error != null) {}', 'in'],
    ['if (result.error) {}', 'in'],
    ['if (!response.ok) {}', 'in'],
    ['if (result.success === false) {}', 'in'],
    ['if (user) {}', null],
  ])('%s', (code, expected) => {
    expect(getFailureSense(firstTest(parseModule(code)))).toBe(expected);
  });
});

describe('statuses on the paths into a send', () => {
  function findings(code: string): string[] {
    const parsed = parseModule(code);
    const lines = code.split('\n');
    return parsed.collector
      .analyze((node) => parsed.code.slice(node.range[0], node.range[1]))
      .sends.map((finding) => `${lines[finding.site.node.loc.start.line - 1]?.trim() ?? ''} → ${finding.statusText} ${finding.source}`);
  }

  it.each([
    [
      'the default on the only path',
      `app.get('/', async (req, res) => {
  try { await work(); } catch (err) {
    res.json({ error: err.message });
  }
});`,
      ['res.json({ error: err.message }); → 200 default'],
    ],
    [
      'a status set on one path only: not every path is 2xx',
      `app.get('/', async (req, res) => {
  if (req.query.strict) res.status(500);
  try { await work(); } catch (err) {
    res.json({ error: err.message });
  }
});`,
      [],
    ],
    [
      'a 2xx status set on an earlier line',
      `app.get('/', async (req, res) => {
  res.status(202);
  try { await work(); } catch (err) {
    res.json({ error: err.message });
  }
});`,
      ['res.json({ error: err.message }); → 202 earlier'],
    ],
    [
      'a response captured by a callback, with its status set before the callback is made',
      `app.get('/', (req, res) => {
  res.status(503);
  db.query(sql, (err) => {
    if (err) return res.json({ error: 'db down' });
  });
});`,
      [],
    ],
    [
      'Koa: the status set after the body, on every path',
      `app.use(async (ctx) => {
  try { await work(); } catch (err) {
    ctx.body = { error: err.message };
    if (err.expose) ctx.status = 400; else ctx.status = 500;
  }
});`,
      [],
    ],
    [
      'Koa: a status set on one path after the body',
      `app.use(async (ctx) => {
  try { await work(); } catch (err) {
    ctx.body = { error: err.message };
    if (err.expose) ctx.status = 400;
  }
});`,
      [],
    ],
  ])('%s', (_title, code, expected) => {
    expect(findings(code)).toEqual(expected);
  });
});

describe('both rules in one lint run', () => {
  // They share one collector per file: whichever runs first collects, both report.
  const code = `
app.get('/a', async (req, res) => {
  const { success } = await ratelimit.limit(req.ip);
  if (!success) {
    return res.json({ error: 'Too many requests' });
  }
  try {
    res.json(await load());
  } catch (err) {
    res.json({ error: err.message });
  }
});`;

  it.each([
    [['no-error-200', 'no-rate-limit-200']],
    [['no-rate-limit-200', 'no-error-200']],
  ])('reports each defect once, rules in order %j', (order) => {
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(code, {
      plugins: { leakguard: plugin as unknown as ESLint.Plugin },
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
      rules: Object.fromEntries(order.map((name) => [`leakguard/${name}`, 'error'])),
    });
    expect(messages.map((message) => `${String(message.line)} ${message.ruleId ?? ''}`)).toEqual([
      '5 leakguard/no-rate-limit-200',
      '10 leakguard/no-error-200',
    ]);
  });
});
