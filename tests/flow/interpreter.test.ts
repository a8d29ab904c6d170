import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { type FunctionNode, hasGivenUp, interpretFunction } from '../../src/flow/interpreter.js';
import { getNullCheck } from '../../src/flow/syntax.js';
import type { CompletionKind, FlowDomain, Path } from '../../src/flow/types.js';

/**
 * A domain for testing the interpreter alone: the state is the set of `mark('x')` calls
 * run on the path; `x` is a variable that is "set" by `x = mark('x')` and narrowed by
 * `if (x)`. Completions print as `kind: {marks} @line`.
 */
interface MarkState {
  readonly marks: readonly string[];
  readonly xSet: boolean;
}

function markOf(node: TSESTree.Node): string | null {
  if (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'mark' &&
    node.arguments[0]?.type === AST_NODE_TYPES.Literal
  ) {
    return String(node.arguments[0].value);
  }
  return null;
}

const scopesLeft: string[] = [];

const markDomain: FlowDomain<MarkState> = {
  key: (state) => `${state.marks.join(',')}|${String(state.xSet)}`,
  transfer(node, state) {
    const mark = markOf(node);
    if (mark !== null && !state.marks.includes(mark)) {
      return { ...state, marks: [...state.marks, mark].sort() };
    }
    if (
      node.type === AST_NODE_TYPES.AssignmentExpression &&
      node.left.type === AST_NODE_TYPES.Identifier &&
      node.left.name === 'x'
    ) {
      return { ...state, xSet: markOf(node.right) !== null };
    }
    return state;
  },
  throwState: (_node, before) => before,
  assume(test, truthy, state) {
    const check = getNullCheck(test);
    if (check?.subject.type === AST_NODE_TYPES.Identifier && check.subject.name === 'x') {
      const set = truthy !== check.nullishWhenTrue;
      return set === state.xSet ? state : null;
    }
    return state;
  },
  assumeNullish(expr, nullish, state) {
    if (expr.type === AST_NODE_TYPES.Identifier && expr.name === 'x') {
      return nullish === !state.xSet ? state : null;
    }
    return state;
  },
  leaveScope(scope, path: Path<MarkState>, kind: CompletionKind) {
    scopesLeft.push(`${scope.type}:${kind}`);
    return path.state;
  },
};

function run(body: string, prepare: (fn: FunctionNode) => void = () => {}): Record<string, string[]> {
  const code = `async function* f() {\n${body}\n}`;
  const { ast } = parseForESLint(code, { range: true, loc: true, ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } });
  const fn = ast.body[0] as FunctionNode;
  prepare(fn);
  const exits = interpretFunction(fn, markDomain, { marks: [], xSet: false });
  if (hasGivenUp(exits)) {
    throw new Error(`gave up: ${exits.detail}`);
  }
  const print = (paths: Path<MarkState>[]): string[] =>
    paths
      .map((path) => `{${path.state.marks.join(',')}}${path.origin ? ` @${String(path.origin.loc.start.line - 1)}` : ''}`)
      .sort();
  return { normal: print(exits.normal), return: print(exits.return), throw: print(exits.throw) };
}

describe('flow interpreter', () => {
  it.each([
    [
      'a call may throw before its effect; the rest runs after it',
      `mark('a'); mark('b');`,
      { normal: ['{a,b}'], return: [], throw: ['{a} @1', '{} @1'] },
    ],
    [
      'an early return leaves the rest unrun',
      `if (c) return 1;\nmark('a');`,
      { normal: ['{a}'], return: ['{} @1'], throw: ['{} @2'] },
    ],
    [
      'catch receives the throw of every call in the try block, and finally runs on each completion',
      `try { mark('a'); mark('b'); } catch { return 0; } finally { mark('f'); }`,
      { normal: ['{a,b,f}'], return: ['{a,f} @1', '{f} @1'], throw: ['{a,b} @1', '{a} @1', '{} @1'] },
    ],
    [
      'a return inside finally overrides the throw it was entered with',
      `try { throw new Error(); } finally { return 1; }`,
      { normal: [], return: ['{} @1'], throw: [] },
    ],
    [
      'a throw statement carries its own origin; equal states keep the first origin',
      `if (c) { throw e; }\nmark('a');`,
      { normal: ['{a}'], return: [], throw: ['{} @1'] },
    ],
    [
      'loops reach a fixpoint; break leaves, continue goes round',
      `for (const i of xs) {\n  if (i) continue;\n  mark('a');\n  if (j) break;\n}`,
      { normal: ['{a}', '{}'], return: [], throw: ['{a} @3', '{} @3'] },
    ],
    [
      'labelled continue targets the outer loop',
      `outer: while (p) {\n  for (;;) {\n    if (q) continue outer;\n    mark('a');\n  }\n}`,
      // The inner loop only exits through `continue outer`, so `a` may have run when p fails.
      { normal: ['{a}', '{}'], return: [], throw: ['{a} @4', '{} @4'] },
    ],
    [
      'switch falls through until a break',
      `switch (v) {\n  case 1: mark('a');\n  case 2: mark('b'); break;\n  default: return;\n}`,
      {
        normal: ['{a,b}', '{b}'],
        return: ['{} @4'],
        throw: ['{a} @3', '{} @2'],
      },
    ],
    [
      'do-while runs its body at least once',
      `do { mark('a'); } while (p);`,
      { normal: ['{a}'], return: [], throw: ['{a} @1', '{} @1'] },
    ],
    [
      'conditions on a tracked variable narrow: the nullish side skips',
      `let x;\ntry { x = mark('x'); } finally { if (x) mark('r'); }`,
      { normal: ['{r,x}'], return: [], throw: ['{x} @2', '{} @2'] },
    ],
    [
      'optional chaining short-circuits on the nullish side',
      `let x;\nif (p) x = mark('x');\nx?.go(mark('r'));`,
      {
        normal: ['{r,x}', '{}'],
        return: [],
        throw: ['{r,x} @3', '{x} @3', '{} @2'],
      },
    ],
    [
      '&&, || and ?? fork',
      `p && mark('a');\nq || mark('b');`,
      {
        normal: ['{a,b}', '{a}', '{b}', '{}'],
        return: [],
        throw: ['{a} @2', '{} @1'],
      },
    ],
    [
      'a yield may end the generator like a return',
      `mark('a');\nyield 1;`,
      { normal: ['{a}'], return: ['{a} @2'], throw: ['{a} @2', '{} @1'] },
    ],
    [
      'dead code after return is not run',
      `return;\nmark('a');`,
      { normal: [], return: ['{} @1'], throw: [] },
    ],
    [
      'nested functions are separate bodies',
      `const g = () => { mark('inner'); };\nmark('a');`,
      { normal: ['{a}'], return: [], throw: ['{} @2'] },
    ],
  ])('%s', (_name, body, expected) => {
    expect(run(body)).toEqual(expected);
  });

  it('lets every block, loop head and catch clause leave its scope', () => {
    scopesLeft.length = 0;
    run(`for (let i = 0; i < 1; i++) { try { mark('a'); } catch (e) { return; } }`);
    expect(new Set(scopesLeft)).toEqual(
      new Set([
        'BlockStatement:normal',
        'BlockStatement:throw',
        'CatchClause:return',
        'BlockStatement:return',
        'ForStatement:normal',
        'ForStatement:return',
        'FunctionDeclaration:normal',
        'FunctionDeclaration:return',
      ]),
    );
  });

  it('stays linear: 400 sequential ifs cost about twice 200', () => {
    const body = (n: number): string =>
      Array.from({ length: n }, (_, i) => `if (p${String(i)}) { mark('a'); } else { mark('b'); }`).join('\n');
    const count = (n: number): number => {
      let transfers = 0;
      const counting: FlowDomain<MarkState> = {
        ...markDomain,
        transfer(node, state) {
          transfers += 1;
          return markDomain.transfer(node, state);
        },
      };
      const code = `function f() {\n${body(n)}\n}`;
      const { ast } = parseForESLint(code, { range: true, loc: true });
      interpretFunction(ast.body[0] as FunctionNode, counting, { marks: [], xSet: false });
      return transfers;
    };
    const ratio = count(400) / count(200);
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
  });
});

describe('generic evaluation', () => {
  // Node types with no case of their own are evaluated through their children in source
  // order: what runs inside them is seen (a throw point, an effect), so new syntax fails closed.
  it.each([
    ['a JSX child runs, and may throw', `const v = <div>{mark('a')}</div>;\nmark('b');`, { normal: ['{a,b}'], return: [], throw: ['{a} @2', '{} @1'] }],
    ['a JSX attribute runs', `const v = <div title={mark('a')} />;`, { normal: ['{a}'], return: [], throw: ['{} @1'] }],
    ['a class static block runs where the class is defined', `class A { static { mark('a'); } }`, { normal: ['{a}'], return: [], throw: ['{} @1'] }],
    ['a static field initialiser runs where the class is defined', `class A { static v = mark('a'); }`, { normal: ['{a}'], return: [], throw: ['{} @1'] }],
  ])('%s', (_title, body, expected) => {
    expect(run(body)).toEqual(expected);
  });

  it('an instance field initialiser does not run where the class is defined', () => {
    expect(run(`class A { v = mark('a'); }\nmark('b');`)).toEqual({ normal: ['{b}'], return: [], throw: ['{} @2'] });
  });

  it('a node type the interpreter has never heard of is evaluated through its children', () => {
    // `future(mark('a'))` with the call's type renamed: as if a later ECMAScript added syntax.
    const result = run(`future(mark('a'));\nmark('b');`, (fn) => {
      const statement = fn.body.type === AST_NODE_TYPES.BlockStatement ? fn.body.body[0] : undefined;
      const call = statement?.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : undefined;
      (call as unknown as { type: string }).type = 'FutureExpression';
    });
    // The inner call still runs and may throw; the unknown node itself adds no throw point.
    expect(result).toEqual({ normal: ['{a,b}'], return: [], throw: ['{a} @2', '{} @1'] });
  });
});
