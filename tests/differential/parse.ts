// Reads the source of a differential-test program (as printed by program.ts, or written by
// hand in the same vocabulary) back into a `Program`, so hand-written executor tests and
// regression cases are plain JavaScript, and so the printer can be checked by a round trip.
// Anything outside the vocabulary is an error.

import { parse } from '@typescript-eslint/parser';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import type { AcquireForm, Cond, Program, Stmt } from './program.js';

class VocabularyError extends Error {}

function fail(node: TSESTree.Node, why: string): never {
  throw new VocabularyError(`line ${node.loc.start.line}: ${why}`);
}

function isIdentifier(node: TSESTree.Node | null | undefined, name?: string): node is TSESTree.Identifier {
  return node?.type === AST_NODE_TYPES.Identifier && (name === undefined || node.name === name);
}

/** `await pool.connect()` (pg) or `await pool.getConnection()` (mysql2) */
function isConnect(node: TSESTree.Node | null | undefined): boolean {
  return (
    node?.type === AST_NODE_TYPES.AwaitExpression &&
    node.argument.type === AST_NODE_TYPES.CallExpression &&
    node.argument.arguments.length === 0 &&
    node.argument.callee.type === AST_NODE_TYPES.MemberExpression &&
    isIdentifier(node.argument.callee.object, 'pool') &&
    (isIdentifier(node.argument.callee.property, 'connect') || isIdentifier(node.argument.callee.property, 'getConnection'))
  );
}

/** `cN.release()` or `cN?.release()`: the variable and whether the call is optional. */
function getRelease(node: TSESTree.Node): { v: string; optional: boolean } | null {
  const call = node.type === AST_NODE_TYPES.ChainExpression ? node.expression : node;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 0) return null;
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !isIdentifier(callee.object)) return null;
  if (!isIdentifier(callee.property, 'release')) return null;
  return { v: callee.object.name, optional: callee.optional };
}

/** `pool.releaseConnection(cN)`: the variable. */
function getViaRelease(node: TSESTree.Node): string | null {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.arguments.length !== 1) return null;
  const [arg] = node.arguments;
  const callee = node.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !isIdentifier(callee.object, 'pool')) return null;
  return isIdentifier(callee.property, 'releaseConnection') && isIdentifier(arg) ? arg.name : null;
}

/** `h(() => cN.release())`: the variable. */
function getCallbackRelease(node: TSESTree.Node): string | null {
  if (node.type !== AST_NODE_TYPES.CallExpression || !isIdentifier(node.callee, 'h') || node.arguments.length !== 1) return null;
  const [arg] = node.arguments;
  if (arg?.type !== AST_NODE_TYPES.ArrowFunctionExpression || arg.params.length !== 0) return null;
  const release = getRelease(arg.body);
  return release !== null && !release.optional ? release.v : null;
}

function cond(node: TSESTree.Expression, program: Program): Cond {
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!' && isIdentifier(node.argument)) {
    return { kind: 'conn', v: node.argument.name, negated: true };
  }
  if (isIdentifier(node)) {
    if (program.flags.includes(node.name)) return { kind: 'flag', name: node.name };
    return { kind: 'conn', v: node.name, negated: false };
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && isIdentifier(node.object, 'st') && isIdentifier(node.property)) {
    return { kind: 'prop', name: node.property.name };
  }
  if (node.type === AST_NODE_TYPES.CallExpression && isIdentifier(node.callee) && node.arguments.length === 0) {
    return { kind: 'call', name: node.callee.name };
  }
  fail(node, 'unsupported condition');
}

function body(node: TSESTree.Statement, program: Program): Stmt[] {
  if (node.type !== AST_NODE_TYPES.BlockStatement) fail(node, 'expected a block');
  return node.body.map((s) => statement(s, program, null));
}

function statement(node: TSESTree.Statement, program: Program, label: string | null): Stmt {
  switch (node.type) {
    case AST_NODE_TYPES.VariableDeclaration: {
      const [decl] = node.declarations;
      if (node.kind === 'let' && node.declarations.length === 1 && isIdentifier(decl.id) && decl.init === null) {
        return { kind: 'declare', v: decl.id.name };
      }
      if (node.declarations.length !== 1 || !isIdentifier(decl.id) || !isConnect(decl.init)) {
        fail(node, 'only `const|await using cN = await pool.connect()` is supported');
      }
      const forms: Partial<Record<string, AcquireForm>> = { const: 'const', 'await using': 'awaitUsing' };
      const form = forms[node.kind];
      if (form === undefined) fail(node, `unsupported declaration kind ${node.kind}`);
      return { kind: 'acquire', v: decl.id.name, form };
    }
    case AST_NODE_TYPES.ExpressionStatement: {
      const e = node.expression;
      if (e.type === AST_NODE_TYPES.AssignmentExpression && e.operator === '=' && isIdentifier(e.left)) {
        const v = e.left.name;
        if (isConnect(e.right)) return { kind: 'acquire', v, form: 'assign' };
        if (
          e.right.type === AST_NODE_TYPES.LogicalExpression &&
          e.right.operator === '??' &&
          isIdentifier(e.right.left, v) &&
          isConnect(e.right.right)
        ) {
          return { kind: 'acquire', v, form: 'nullishAssign' };
        }
      }
      if (isConnect(e)) return { kind: 'acquire', v: '', form: 'discard' };
      const release = getRelease(e);
      if (release !== null) return { kind: 'release', ...release };
      const via = getViaRelease(e);
      if (via !== null) return { kind: 'release', v: via, optional: false, via: true };
      const callback = getCallbackRelease(e);
      if (callback !== null) return { kind: 'callback', v: callback };
      if (e.type === AST_NODE_TYPES.LogicalExpression && (e.operator === '&&' || e.operator === '||')) {
        const guarded = getRelease(e.right);
        if (guarded !== null && !guarded.optional) {
          return { kind: 'guardedRelease', v: guarded.v, cond: cond(e.left, program), op: e.operator };
        }
      }
      if (
        e.type === AST_NODE_TYPES.CallExpression &&
        e.callee.type === AST_NODE_TYPES.MemberExpression &&
        isIdentifier(e.callee.object, 'Date') &&
        isIdentifier(e.callee.property, 'now')
      ) {
        return { kind: 'quiet', form: 'builtin' };
      }
      if (
        e.type === AST_NODE_TYPES.AwaitExpression &&
        e.argument.type === AST_NODE_TYPES.CallExpression &&
        e.argument.callee.type === AST_NODE_TYPES.MemberExpression &&
        isIdentifier(e.argument.callee.property, 'catch')
      ) {
        return { kind: 'quiet', form: 'caught' };
      }
      if (e.type === AST_NODE_TYPES.AwaitExpression && e.argument.type === AST_NODE_TYPES.CallExpression) {
        const call = e.argument;
        if (isIdentifier(call.callee) && call.arguments.length <= 1) {
          const [arg] = call.arguments;
          if (arg !== undefined && !isIdentifier(arg)) fail(node, 'call arguments must be variables');
          return { kind: 'call', name: call.callee.name, arg: arg?.name ?? null };
        }
        if (
          call.callee.type === AST_NODE_TYPES.MemberExpression &&
          isIdentifier(call.callee.object) &&
          isIdentifier(call.callee.property, 'query')
        ) {
          return { kind: 'query', v: call.callee.object.name };
        }
      }
      return fail(node, 'unsupported expression statement');
    }
    case AST_NODE_TYPES.ReturnStatement:
      if (node.argument !== null && !isIdentifier(node.argument)) fail(node, 'return a variable or nothing');
      return { kind: 'return', v: node.argument?.name ?? null };
    case AST_NODE_TYPES.ThrowStatement:
      if (isIdentifier(node.argument)) return { kind: 'rethrow', name: node.argument.name };
      return { kind: 'throw' };
    case AST_NODE_TYPES.BreakStatement:
    case AST_NODE_TYPES.ContinueStatement:
      return { kind: node.type === AST_NODE_TYPES.BreakStatement ? 'break' : 'continue', label: node.label?.name ?? null };
    case AST_NODE_TYPES.IfStatement: {
      const otherwise =
        node.alternate === null
          ? null
          : node.alternate.type === AST_NODE_TYPES.IfStatement
            ? [statement(node.alternate, program, null)]
            : body(node.alternate, program);
      return { kind: 'if', cond: cond(node.test, program), then: body(node.consequent, program), else: otherwise };
    }
    case AST_NODE_TYPES.TryStatement:
      if (node.handler?.param && !isIdentifier(node.handler.param)) fail(node, 'a `catch` binds a name or nothing');
      return {
        kind: 'try',
        block: body(node.block, program),
        handler: node.handler ? body(node.handler.body, program) : null,
        finalizer: node.finalizer ? body(node.finalizer, program) : null,
        ...(node.handler?.param?.type === AST_NODE_TYPES.Identifier ? { param: node.handler.param.name } : {}),
      };
    case AST_NODE_TYPES.ForStatement:
      if (node.init || node.test || node.update) fail(node, 'only `for (;;)` is supported');
      return { kind: 'loop', loop: 'for', cond: null, label, item: null, body: body(node.body, program) };
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return {
        kind: 'loop',
        loop: node.type === AST_NODE_TYPES.WhileStatement ? 'while' : 'doWhile',
        cond: cond(node.test, program),
        label,
        item: null,
        body: body(node.body, program),
      };
    case AST_NODE_TYPES.ForOfStatement: {
      const left = node.left;
      const [decl] = left.type === AST_NODE_TYPES.VariableDeclaration ? left.declarations : [];
      if (!isIdentifier(node.right, 'xs') || decl === undefined || !isIdentifier(decl.id)) {
        fail(node, 'only `for (const x of xs)` is supported');
      }
      return { kind: 'loop', loop: 'forOf', cond: null, label, item: decl.id.name, body: body(node.body, program) };
    }
    case AST_NODE_TYPES.SwitchStatement: {
      const cases: Stmt[][] = [];
      let hasDefault = false;
      node.cases.forEach((c, index) => {
        if (hasDefault) fail(c, 'default must be the last case');
        if (c.test === null) hasDefault = true;
        else if (c.test.type !== AST_NODE_TYPES.Literal || c.test.value !== index) fail(c, 'cases must be 0, 1, … in order');
        cases.push(c.consequent.flatMap((s) => (s.type === AST_NODE_TYPES.BlockStatement ? body(s, program) : [statement(s, program, null)])));
      });
      return { kind: 'switch', cases, hasDefault };
    }
    case AST_NODE_TYPES.LabeledStatement: {
      const name = node.label.name;
      if (node.body.type === AST_NODE_TYPES.BlockStatement) return { kind: 'block', label: name, body: body(node.body, program) };
      const inner = statement(node.body, program, name);
      if (inner.kind !== 'loop') fail(node, 'labels go on loops and blocks');
      return inner;
    }
    default:
      fail(node, `unsupported statement ${node.type}`);
  }
}

/** Parses a module whose function `run` is written in the differential-test vocabulary. */
export function parseProgram(source: string): Program {
  const ast = parse(source, { ecmaVersion: 'latest', sourceType: 'module', loc: true, range: true });
  let fn: TSESTree.FunctionDeclaration | null = null;
  for (const s of ast.body) {
    const decl = s.type === AST_NODE_TYPES.ExportNamedDeclaration ? s.declaration : s;
    if (decl?.type === AST_NODE_TYPES.FunctionDeclaration && decl.id?.name === 'run') fn = decl;
  }
  if (fn === null) throw new VocabularyError('no function `run`');
  const program: Program = { flags: [], lets: [], body: [] };
  const mysql = ast.body.some((s) => s.type === AST_NODE_TYPES.ImportDeclaration && s.source.value === 'mysql2/promise');
  if (mysql) program.driver = 'mysql';
  for (const param of fn.params) {
    if (isIdentifier(param) && param.name.startsWith('flag')) program.flags.push(param.name);
  }
  const stmts = [...fn.body.body];
  while (stmts[0]?.type === AST_NODE_TYPES.VariableDeclaration && stmts[0].kind === 'let') {
    const decl = stmts.shift() as TSESTree.VariableDeclaration;
    for (const d of decl.declarations) {
      if (!isIdentifier(d.id) || d.init !== null) fail(d, 'use `let cN;` without an initializer');
      program.lets.push(d.id.name);
    }
  }
  program.body = stmts.map((s) => statement(s, program, null));
  return program;
}
