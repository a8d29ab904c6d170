import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { type FunctionNode, hasGivenUp } from '../../src/flow/interpreter.js';
import { collectReachable } from '../../src/flow/reachability.js';

/** The `mark('…')` calls of `body` that some path reaches. */
function reachedMarks(body: string): string[] {
  const { ast } = parseForESLint(`async function f() {\n${body}\n}`, { range: true, loc: true });
  const reached = collectReachable(ast.body[0] as FunctionNode);
  if (hasGivenUp(reached)) {
    throw new Error(`gave up: ${reached.detail}`);
  }
  return [...reached]
    .filter(
      (node): node is TSESTree.CallExpression =>
        node.type === AST_NODE_TYPES.CallExpression &&
        node.callee.type === AST_NODE_TYPES.Identifier &&
        node.callee.name === 'mark',
    )
    .map((node) => (node.arguments[0] as TSESTree.StringLiteral).value)
    .sort();
}

describe('reachability', () => {
  it.each([
    ['an empty try never enters its catch', `try {} catch { mark('c'); } finally { mark('f'); }`, ['f']],
    ['code after return is dead', `mark('a'); return; mark('b');`, ['a']],
    ['both branches of an opaque if are live', `if (p) mark('a'); else mark('b');`, ['a', 'b']],
    ['a constant-true loop runs its body', `while (true) { mark('a'); if (p) break; }\nmark('b');`, ['a', 'b']],
    ['after an if whose branches both return', `if (p) return; else throw e;\nmark('a');`, []],
  ])('%s', (_name, body, expected) => {
    expect(reachedMarks(body)).toEqual(expected);
  });
});
