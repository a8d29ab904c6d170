import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { type FileFindings, getFileFindings, StatusCollector } from './analyze.js';

/** The option both status rules take: more names of Express-style response objects. */
export const responseNamesSchema: JSONSchema4 = {
  type: 'array',
  items: { type: 'string', pattern: '^[A-Za-z_$][\\w$]*$' },
  uniqueItems: true,
  description: 'More names of Express-style response objects (besides `res`, `response`, `resp`).',
};

/**
 * The listeners both status rules install: they collect candidate nodes during ESLint's
 * traversal and hand the file's findings (computed once per file and options) to
 * `onFindings` at the end.
 */
export function createStatusListeners(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  responseNames: readonly string[],
  onFindings: (findings: FileFindings) => void,
): TSESLint.RuleListener {
  const { sourceCode } = context;
  const collector = new StatusCollector((node) => sourceCode.getScope(node), responseNames);
  const getText = (node: TSESTree.Node): string => sourceCode.getText(node);
  return {
    Program: (node) => {
      collector.onProgram(node);
    },
    CallExpression: (node) => {
      collector.onCall(node);
    },
    NewExpression: (node) => {
      collector.onNew(node);
    },
    AssignmentExpression: (node) => {
      collector.onAssignment(node);
    },
    ObjectExpression: (node) => {
      collector.onObject(node);
    },
    ReturnStatement: (node) => {
      collector.onReturn(node);
    },
    MethodDefinition: (node) => {
      collector.onMethod(node);
    },
    'Program:exit': (node) => {
      onFindings(getFileFindings(node, JSON.stringify(responseNames), () => collector.analyze(getText)));
    },
  };
}
