import { fileURLToPath } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { createModuleLookup, getVariableResolver, type ModuleLookup } from '../../src/summaries/callee.js';
import { FileProbe } from '../../src/summaries/files.js';
import { getModuleParser, getParsedModule, type ParsedModule } from '../../src/summaries/modules.js';

/** The fixture tree: an app, a barrel, workspace packages, a tsconfig with paths, node_modules. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/summaries/', import.meta.url));

/** Parses a fixture file as the linted file would be (typescript-eslint's parser). */
export function parseFixture(relative: string): ParsedModule {
  const parser = getModuleParser({ parser: tsParser, parserOptions: {} });
  if (!parser) {
    throw new Error('no parser');
  }
  const parsed = getParsedModule(FIXTURES + relative, parser, new FileProbe(), () => true);
  if (typeof parsed === 'string') {
    throw new Error(`${relative}: ${parsed}`);
  }
  return parsed;
}

/** A lookup for a linted fixture file, as a rule would create it. */
export function lookupFor(relative: string, rule = 'leakguard/test'): ModuleLookup {
  const lookup = createModuleLookup({ filename: FIXTURES + relative, languageOptions: { parser: tsParser, parserOptions: {} } }, { rule });
  if (!lookup) {
    throw new Error('no lookup');
  }
  return lookup;
}

/** The calls of a parsed module by their callee's text (`db.getClient`). */
export function callsByCallee(module: ParsedModule): Map<string, TSESTree.CallExpression> {
  const calls = new Map<string, TSESTree.CallExpression>();
  for (const call of module.calls) {
    if (call.type === AST_NODE_TYPES.CallExpression) {
      calls.set(module.text.slice(call.callee.range[0], call.callee.range[1]), call);
    }
  }
  return calls;
}

/** Resolves the call to `callee` in a linted fixture file; the function's name and file, or `null`. */
export function resolveIn(lookup: ModuleLookup, module: ParsedModule, callee: string): { name: string; file: string } | null {
  const call = callsByCallee(module).get(callee);
  if (!call) {
    throw new Error(`no call to ${callee}`);
  }
  const resolved = lookup.resolveCall(call, null, getVariableResolver(module.scopeManager));
  return resolved ? { name: functionName(resolved.fn), file: resolved.module.path.slice(FIXTURES.length) } : null;
}

function functionName(fn: TSESTree.Node): string {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration || fn.type === AST_NODE_TYPES.FunctionExpression) {
    if (fn.id) {
      return fn.id.name;
    }
  }
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    return parent.id.name;
  }
  if ((parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.MethodDefinition) && parent.key.type === AST_NODE_TYPES.Identifier) {
    return parent.key.name;
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.MemberExpression && parent.left.property.type === AST_NODE_TYPES.Identifier) {
    return parent.left.property.name;
  }
  return fn.type;
}

/**
 * Settings for rule cases linted as files of the fixture tree: it lives under tests/, which the
 * test-file policy would take for test code (throw paths not reported); these cases are product code.
 */
export const PRODUCT_CODE_SETTINGS = { leakguard: { testFiles: [] } };
