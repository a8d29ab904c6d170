import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { recordGiveUp } from '../debug.js';
import type { FileFindings } from './analyze.js';
import { StatusCollector } from './collector.js';
import { getHttpTypes } from '../types/http.js';
import { getFunctionName, isFunctionLike } from '../util/functions.js';

/** The option both status rules take: more names of Express-style response objects. */
export const responseNamesSchema: JSONSchema4 = {
  type: 'array',
  items: { type: 'string', pattern: '^[A-Za-z_$][\\w$]*$' },
  uniqueItems: true,
  description: 'More names of Express-style response objects (besides `res`, `response`, `resp`).',
};

/** A node in a give-up record: a named function, or the kind of node. */
function describeNode(node: TSESTree.Node): string {
  const named = isFunctionLike(node) ? getFunctionName(node) : null;
  if (named !== null) {
    return `function \`${named}\``;
  }
  return isFunctionLike(node) ? 'a function' : `a ${node.type}`;
}

/** One collector per file and options, shared by the rules that run on it. */
const collectors = new WeakMap<TSESTree.Program, Map<string, StatusCollector>>();

/**
 * The listeners both status rules install. The first of them to see a file collects its
 * candidate nodes during ESLint's traversal; the other finds the same collector and does
 * nothing until the end, where both get the file's findings (computed once).
 */
export function createStatusListeners(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  responseNames: readonly string[],
  onFindings: (findings: FileFindings) => void,
): TSESLint.RuleListener {
  const { sourceCode } = context;
  const key = JSON.stringify(responseNames);
  let collector: StatusCollector | null = null;
  let owner = false;
  const getText = (node: TSESTree.Node): string => sourceCode.getText(node);
  const when =
    <N>(visit: (collector: StatusCollector, node: N) => void) =>
    (node: N): void => {
      if (owner && collector) {
        visit(collector, node);
      }
    };
  return {
    Program: (node) => {
      let byKey = collectors.get(node);
      if (!byKey) {
        byKey = new Map();
        collectors.set(node, byKey);
      }
      collector = byKey.get(key) ?? null;
      owner = collector === null;
      if (!collector) {
        // Type information, when the parser has a program; `undefined` keeps syntax-only judgement.
        collector = new StatusCollector((inner) => sourceCode.getScope(inner), responseNames, getHttpTypes(context), (at, detail) => {
          // Never silent: what the analysis could not decide goes to the debug channel.
          recordGiveUp({
            rule: `leakguard/${context.id.replace(/^.*\//u, '')}`,
            file: context.filename,
            line: at.loc.start.line,
            column: at.loc.start.column,
            name: describeNode(at),
            reason: 'budget',
            detail,
          });
        });
        collector.onProgram(node);
        byKey.set(key, collector);
      }
    },
    CallExpression: when((shared, node: TSESTree.CallExpression) => {
      shared.onCall(node);
    }),
    NewExpression: when((shared, node: TSESTree.NewExpression) => {
      shared.onNew(node);
    }),
    AssignmentExpression: when((shared, node: TSESTree.AssignmentExpression) => {
      shared.onAssignment(node);
    }),
    ObjectExpression: when((shared, node: TSESTree.ObjectExpression) => {
      shared.onObject(node);
    }),
    ReturnStatement: when((shared, node: TSESTree.ReturnStatement) => {
      shared.onReturn(node);
    }),
    MethodDefinition: when((shared, node: TSESTree.MethodDefinition) => {
      shared.onMethod(node);
    }),
    'Program:exit': () => {
      if (collector) {
        onFindings(collector.analyze(getText));
      }
    },
  };
}
