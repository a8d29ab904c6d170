// Shared by the lifetime-layer tests: parse a snippet, feed the collector the way ESLint's
// traversal would, and run the analysis.

import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type AnalysisOptions, FileCollector, type SiteReport } from '../../src/lifetime/analyze.js';
import { builtinModels } from '../../src/models/index.js';

export interface Analysed {
  readonly collector: FileCollector;
  readonly reports: SiteReport[];
  readonly code: string;
}

/** Runs the lifetime analysis over `code` (connections only unless `options` say otherwise). */
export function analyzeCode(code: string, options: Partial<AnalysisOptions> = {}, jsx = false): Analysed {
  const { ast, scopeManager, visitorKeys } = parseForESLint(code, {
    range: true,
    loc: true,
    ecmaVersion: 'latest',
    sourceType: 'module',
    ...(jsx ? { ecmaFeatures: { jsx: true }, filePath: 'snippet.tsx' } : {}),
  });
  const collector = new FileCollector({
    models: builtinModels,
    kinds: new Set(['connection']),
    releasers: [],
    ...options,
  });
  const visit = (node: TSESTree.Node, parent: TSESTree.Node | undefined): void => {
    (node as { parent?: TSESTree.Node }).parent = parent;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      collector.onCall(node);
    } else if (node.type === AST_NODE_TYPES.NewExpression) {
      collector.onNew(node);
    }
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof (item as TSESTree.Node).type === 'string') {
          visit(item as TSESTree.Node, node);
        }
      }
    }
  };
  visit(ast, undefined);
  const text = (node: TSESTree.Node): string => code.slice(node.range[0], node.range[1]);
  return { collector, reports: collector.analyze(scopeManager, text), code };
}

/** Each site as `name: kind@line …` (or `ok`), in the order the analysis reports them. */
export function printLeaks(reports: readonly SiteReport[]): string[] {
  return reports.map(
    ({ site, leaks }) =>
      `${site.name}: ${
        leaks.length === 0
          ? 'ok'
          : leaks.map((leak) => `${leak.kind}@${String((leak.kind === 'normal' ? leak.at.loc.end : leak.at.loc.start).line)}`).join(' ')
      }`,
  );
}

export const header = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;
