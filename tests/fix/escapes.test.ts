// How a fix's region is searched (src/fix/escapes.ts): a region is a run of one block's
// statements, and which of them holds a node is found by binary search.

import { parseForESLint } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { findStatementIndex, isInStatements } from '../../src/fix/escapes.js';

function parse(code: string): { program: TSESTree.Program; body: TSESTree.Statement[]; calls: TSESTree.Node[] } {
  const { ast } = parseForESLint(code, { range: true, loc: true, sourceType: 'module', ecmaVersion: 'latest' });
  const calls: TSESTree.Node[] = [];
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') {
      return;
    }
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const typed = node as TSESTree.Node;
    if (typed.type === AST_NODE_TYPES.CallExpression) {
      calls.push(typed);
    }
    for (const [key, value] of Object.entries(typed)) {
      if (key !== 'parent') {
        visit(value);
      }
    }
  };
  visit(ast);
  return { program: ast, body: ast.body, calls };
}

describe('findStatementIndex', () => {
  const code = 'a(0);\nif (x) { b(1); }\nfor (;;) { c(2); }\nd(3);\ne(4);\n';

  it('finds the statement of a region that holds a node, at any depth', () => {
    const { body, calls } = parse(code);
    expect(calls.map((call) => findStatementIndex(body, call))).toEqual([0, 1, 2, 3, 4]);
    expect(calls.map((call) => findStatementIndex(body.slice(1, 4), call))).toEqual([-1, 0, 1, 2, -1]);
  });

  it('is -1 for a node outside the region or holding a statement of it, and for an empty region', () => {
    const { program, body, calls } = parse(code);
    const [first] = calls as [TSESTree.Node];
    expect(findStatementIndex([], first)).toBe(-1);
    expect(isInStatements(body.slice(2), first)).toBe(false);
    expect(isInStatements(body.slice(0, 1), first)).toBe(true);
    expect(findStatementIndex(body, program)).toBe(-1);
  });
});
