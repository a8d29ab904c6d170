import type { TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { recordGiveUp } from '../debug.js';
import { limiterLibraries, protocolConventions, responseModels } from '../http/index.js';
import { createModuleLookup, getVariableResolver } from '../summaries/callee.js';
import { getHttpTypes } from '../types/http.js';
import { getFunctionName, isFunctionLike } from '../util/functions.js';
import { resolveVariable, type Variable } from '../util/imports.js';
import type { FileFindings } from './analyze.js';
import { StatusCollector } from './collector.js';
import type { ImportedFunctionLookup } from './returns.js';

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

/** Packages the http data describes: their calls are known without reading their sources. */
const httpPackages = new Set<string>([
  ...responseModels.flatMap((model) => model.packages),
  ...limiterLibraries.flatMap((library) => library.packages),
  ...protocolConventions.flatMap((protocol) => protocol.packages),
]);

/** One name resolver per module read, for the identifiers of its helpers. */
const resolvers = new WeakMap<object, (identifier: TSESTree.Identifier) => Variable | null>();

/**
 * Helpers in other modules, for the bodies they build, through the cross-module summaries'
 * lookup (`null` where other modules cannot be read: no parser from the host, no file path).
 */
function getImportedFunctions(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  getScope: (node: TSESTree.Node) => TSESLint.Scope.Scope,
): ImportedFunctionLookup | null {
  const lookup = createModuleLookup(context, { rule: context.id, isSkippedPackage: (name) => httpPackages.has(name) });
  if (!lookup) {
    return null;
  }
  return (call) => {
    const found = lookup.resolveCall(call, null, (identifier) => resolveVariable(identifier, getScope));
    if (!found) {
      return null;
    }
    let resolve = resolvers.get(found.module);
    if (!resolve) {
      resolve = getVariableResolver(found.module.scopeManager);
      resolvers.set(found.module, resolve);
    }
    return { fn: found.fn, resolve };
  };
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
        const getScope = (inner: TSESTree.Node): TSESLint.Scope.Scope => sourceCode.getScope(inner);
        collector = new StatusCollector(getScope, responseNames, getHttpTypes(context), (at, detail) => {
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
        }, getImportedFunctions(context, getScope));
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
