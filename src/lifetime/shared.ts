import type { TSESLint } from '@typescript-eslint/utils';
import { builtinModels, type ResourceKind, type ResourceModel } from '../models/index.js';
import { modelsFromSettings } from '../settings.js';
import { getTypedResources } from '../types/resources.js';
import { createModuleLookup } from '../summaries/callee.js';
import { splitPackageSpecifier } from '../summaries/resolve.js';
import { type AnalysisOptions, FileCollector } from './analyze.js';
import { ImportedFunctions } from './imported.js';

const ALL_KINDS: ReadonlySet<ResourceKind> = new Set(['connection', 'cursor', 'transaction']);

/** Collectors by the file being linted, and by what the rule adds to the models. */
const collectors = new WeakMap<object, Map<string, FileCollector>>();

/**
 * The collector for one file. The lifetime rules run one analysis per file between them
 * (following paths past releases, for no-use-after-release, costs the leak rules
 * nothing): each takes the reports of its kind. A rule with options of its own
 * (`resources`, `releasers`) gets a collector of its own.
 */
export function getCollector(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  extraModels: readonly ResourceModel[],
  releasers: readonly string[],
): FileCollector {
  const own = extraModels.length > 0 || releasers.length > 0;
  const key = own ? JSON.stringify([extraModels, releasers]) : '';
  let byKey = collectors.get(context.sourceCode);
  if (!byKey) {
    byKey = new Map();
    collectors.set(context.sourceCode, byKey);
  }
  let collector = byKey.get(key);
  if (!collector) {
    const models = [...builtinModels, ...modelsFromSettings(context.settings), ...extraModels];
    const options: AnalysisOptions = { models, kinds: ALL_KINDS, releasers, followReleased: true, types: getTypedResources(context) };
    const lookup = createModuleLookup(context, { rule: context.id, isSkippedPackage: getModelledPackages(models) });
    collector = new FileCollector(lookup ? { ...options, imported: new ImportedFunctions(lookup, options) } : options);
    byKey.set(key, collector);
  }
  return collector;
}

/**
 * The packages the models describe (`pg`, `mysql2`, …): their calls are recognised from the
 * models, so resolution never enters their sources in node_modules.
 */
function getModelledPackages(models: readonly ResourceModel[]): (name: string) => boolean {
  const names = new Set<string>();
  for (const model of models) {
    for (const specifier of model.packages) {
      const { name } = splitPackageSpecifier(specifier);
      if (name !== null) {
        names.add(name);
      }
    }
  }
  return (name) => names.has(name);
}
