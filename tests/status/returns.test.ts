// Bodies built by helpers in other modules: the status layer reads what such a helper returns
// through the module lookup it is given (the same summaries as same-file helpers, with the
// other module's names), and stays with same-file helpers when it has none.

import { fileURLToPath } from 'node:url';
import { parseForESLint } from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { StatusCollector } from '../../src/status/collector.js';
import type { ForeignFunction, ImportedFunctionLookup } from '../../src/status/returns.js';
import { isFunctionLike } from '../../src/util/functions.js';
import rule from '../../rules/no-error-200.js';

interface Module {
  readonly program: TSESTree.Program;
  readonly scopeManager: TSESLint.Scope.ScopeManager;
  readonly visitorKeys: Readonly<Record<string, readonly string[] | undefined>>;
}

function parse(code: string): Module {
  const result = parseForESLint(code, { range: true, loc: true, sourceType: 'module', ecmaVersion: 'latest' });
  const module = { program: result.ast as TSESTree.Program, scopeManager: result.scopeManager, visitorKeys: result.visitorKeys };
  visit(module, () => undefined);
  return module;
}

/** Visits every node depth-first, setting `parent` on the way as ESLint does. */
function visit(module: Module, enter: (node: TSESTree.Node) => void, node: TSESTree.Node = module.program): void {
  enter(node);
  for (const key of module.visitorKeys[node.type] ?? []) {
    const value = (node as unknown as Record<string, unknown>)[key];
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child !== null && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') {
        (child as { parent?: TSESTree.Node }).parent = node;
        visit(module, enter, child as TSESTree.Node);
      }
    }
  }
}

function getScope(module: Module): (node: TSESTree.Node) => TSESLint.Scope.Scope {
  return (node) => {
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      const scope = module.scopeManager.acquire(current, true);
      if (scope) {
        return scope;
      }
    }
    return module.scopeManager.scopes[0] as TSESLint.Scope.Scope;
  };
}

/** A lookup that finds an exported function of `other` by the name the call uses. */
function lookupIn(other: Module): ImportedFunctionLookup {
  const scopeOf = getScope(other);
  const resolve = (identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null => ASTUtils.findVariable(scopeOf(identifier), identifier);
  return (call): ForeignFunction | null => {
    const name = call.callee.type === AST_NODE_TYPES.Identifier ? call.callee.name : null;
    for (const statement of other.program.body) {
      const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : null;
      if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id?.name === name && isFunctionLike(declaration)) {
        return { fn: declaration, resolve };
      }
    }
    return null;
  };
}

function analyse(code: string, imported: ImportedFunctionLookup | null): { found: string[]; giveUps: string[] } {
  const linted = parse(code);
  const giveUps: string[] = [];
  const collector = new StatusCollector(getScope(linted), [], undefined, (_node, detail) => giveUps.push(detail), imported);
  collector.onProgram(linted.program);
  visit(linted, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression) collector.onCall(node);
    else if (node.type === AST_NODE_TYPES.AssignmentExpression) collector.onAssignment(node);
  });
  const found = collector
    .analyze((node) => code.slice(node.range[0], node.range[1]))
    .sends.map((finding) => `line ${String(finding.site.node.loc.start.line)}: ${finding.body.errorShape ?? '-'} / ${finding.failure ?? '-'}`);
  return { found, giveUps };
}

function findings(code: string, imported: ImportedFunctionLookup | null): string[] {
  const { found, giveUps } = analyse(code, imported);
  expect(giveUps).toEqual([]);
  return found;
}

const commons = parse(`
export function resReturn(data, num, errmsg) {
  num = num || 0;
  return { errcode: num, errmsg: errmsg || 'ok', data: wrap(data) };
}
function wrap(data) {
  return data;
}
export function paged(items, size) {
  return { items, size };
}`);

const route = `
import { resReturn, paged } from './commons.js';
router.get('/user', async (ctx) => {
  const user = await users.find(ctx.query.id);
  if (!user) {
    return (ctx.body = resReturn(null, 404, 'no such user'));
  }
  ctx.body = resReturn(user);
});
router.get('/list', async (ctx) => {
  ctx.body = paged(await load(), 500);
});`;

describe('helpers in other modules', () => {
  it('reads the body an imported helper returns, with the call’s arguments', () => {
    expect(findings(route, lookupIn(commons))).toEqual([
      'line 6: `errcode: 404` (returned by `resReturn(…)`) / a branch whose body carries `errcode: 404` (returned by `resReturn(…)`)',
    ]);
  });

  it('reads an overloaded function of that module in its implementation, not a signature', () => {
    const overloads = parse(`
function shape(code: number): object;
function shape(code: string): object;
function shape(code: number | string) {
  return { errcode: code, errmsg: 'failed' };
}
export function fail(code: number) {
  return shape(code);
}`);
    const code = `
import { fail } from './overloads.js';
router.get('/a', async (ctx) => {
  ctx.body = fail(500);
});`;
    expect(findings(code, lookupIn(overloads))).toEqual([
      'line 4: `errcode: 500` (returned by `fail(…)`) / a branch whose body carries `errcode: 500` (returned by `fail(…)`)',
    ]);
  });

  it('stays silent on an imported helper no lookup can read', () => {
    expect(findings(route, null)).toEqual([]);
  });

  it('says so on the debug channel when a helper is too big to read, and reports nothing from it', () => {
    const fields = Array.from({ length: 800 }, (_, index) => `f${String(index)}: x.f${String(index)}`).join(', ');
    const code = `
function big(x) {
  return { code: 500, ${fields} };
}
app.get('/a', async (req, res) => {
  res.json(big(req.query));
});`;
    expect(analyse(code, null)).toEqual({ found: [], giveUps: ['what `big` returns: more than 2000 nodes'] });
  });
});

/** A linted file beside tests/fixtures/summaries/app/src/http/commons.cjs (which exports resReturn). */
const ROUTE_FILE = fileURLToPath(new URL('../fixtures/summaries/app/src/http/route.js', import.meta.url));

// The rule, with the cross-module summaries' lookup the rule creates for a file on disk.
new RuleTester({ languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } } }).run('no-error-200 (helpers of other modules)', rule, {
  valid: [
    // The imported helper with no code: a success answer.
    {
      filename: ROUTE_FILE,
      code: `
const { resReturn } = require('./commons.cjs');
router.get('/me', async (ctx) => {
  ctx.body = resReturn(await users.find(ctx.state.uid));
});`,
    },
  ],
  invalid: [
    // A helper of another module, read through its summary: not found, with no catch.
    {
      filename: ROUTE_FILE,
      code: `
const { resReturn } = require('./commons.cjs');
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
          line: 6,
        },
      ],
    },
  ],
});
