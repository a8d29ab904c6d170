import { fileURLToPath } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { ResourceModel } from '../../src/models/index.js';
import { pgModels } from '../../src/models/pg.js';
import { collectCalls } from '../../src/provenance/syntax.js';
import { createReceiverProvenance, type Verdict } from '../../src/provenance/index.js';
import { createModuleLookup, getVariableResolver } from '../../src/summaries/callee.js';
import { FileProbe } from '../../src/summaries/files.js';
import { getModuleParser, getParsedModule, type ParsedModule } from '../../src/summaries/modules.js';

/** The fixture tree: modules that make pools, clients and look-alikes, and files that use them. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/provenance/', import.meta.url));

const parser = getModuleParser({ parser: tsParser, parserOptions: {} });

/** Parses a fixture file as the linted file would be (typescript-eslint's parser). */
export function parseFixture(relative: string): ParsedModule {
  if (!parser) {
    throw new Error('no parser');
  }
  const parsed = getParsedModule(FIXTURES + relative, parser, new FileProbe(), () => true);
  if (typeof parsed === 'string') {
    throw new Error(`${relative}: ${parsed}`);
  }
  return parsed;
}

/**
 * What provenance says of the receivers of `.connect()` in a linted fixture file, for pg's
 * pool model: by the receiver's text, `null` where it has no opinion.
 */
export function judgeConnectReceivers(relative: string): Map<string, Verdict | null> {
  const module = parseFixture(relative);
  const lookup = createModuleLookup({ filename: FIXTURES + relative, languageOptions: { parser: tsParser, parserOptions: {} } }, { rule: 'leakguard/test', isSkippedPackage: (name) => name === 'pg' });
  const provenance = createReceiverProvenance(lookup, null, getVariableResolver(module.scopeManager));
  const [model] = pgModels;
  const spec = model.acquire[0];
  const verdicts = new Map<string, Verdict | null>();
  for (const call of module.calls) {
    const callee: TSESTree.Node = call.callee;
    if (call.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier && callee.property.name === 'connect') {
      const text = module.text.slice(callee.object.range[0], callee.object.range[1]);
      if (verdicts.has(text)) {
        throw new Error(`${relative}: two receivers read ${text}`);
      }
      verdicts.set(text, provenance?.judge(callee.object, model, spec) ?? null);
    }
  }
  return verdicts;
}

/**
 * What provenance says of the receivers of `method` in `code`, linted as src/inline.ts of
 * the fixture tree (so its imports reach the modules there), for `model`'s first acquisition.
 */
export function judgeCode(code: string, model: ResourceModel = pgModels[0], method = 'connect'): Map<string, Verdict | null> {
  if (!parser) {
    throw new Error('no parser');
  }
  const path = `${FIXTURES}src/inline.ts`;
  const parsed = parser.parse(path, code);
  if (!parsed) {
    throw new Error('no parse');
  }
  const lookup = createModuleLookup({ filename: path, languageOptions: { parser: tsParser, parserOptions: {} } }, { rule: 'leakguard/test', isSkippedPackage: (name) => name === 'pg' || name === 'mysql2' });
  const provenance = createReceiverProvenance(lookup, null, getVariableResolver(parsed.scopeManager));
  const spec = model.acquire.find((candidate) => candidate.method === method);
  if (!spec) {
    throw new Error(`${model.library} does not acquire by ${method}`);
  }
  setParents(parsed.ast);
  const calls: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
  collectCalls(parsed.ast, calls);
  const verdicts = new Map<string, Verdict | null>();
  for (const call of calls) {
    const callee: TSESTree.Node = call.callee;
    if (call.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier && callee.property.name === method) {
      verdicts.set(code.slice(callee.object.range[0], callee.object.range[1]), provenance?.judge(callee.object, model, spec) ?? null);
    }
  }
  return verdicts;
}

/** Sets `parent` on every node, as ESLint's traversal (and the module cache) would. */
function setParents(node: TSESTree.Node): void {
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') {
      continue;
    }
    for (const child of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (typeof child === 'object' && child !== null && typeof (child as { type?: unknown }).type === 'string') {
        (child as { parent?: TSESTree.Node }).parent = node;
        setParents(child as TSESTree.Node);
      }
    }
  }
}
