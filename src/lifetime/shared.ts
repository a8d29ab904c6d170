import type { TSESLint } from '@typescript-eslint/utils';
import { builtinModels, type ResourceKind, type ResourceModel } from '../models/index.js';
import { modelsFromSettings } from '../settings.js';
import { getTypedResources } from '../types/resources.js';
import { readThrowSettings } from '../throw-settings.js';
import { FileCollector } from './analyze.js';
import { getThrowModel } from './throw-model.js';

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
    collector = new FileCollector({
      models: [...builtinModels, ...modelsFromSettings(context.settings), ...extraModels],
      kinds: ALL_KINDS,
      releasers,
      followReleased: true,
      types: getTypedResources(context),
      throwModel: getThrowModel(readThrowSettings(context.settings).nonThrowing),
    });
    byKey.set(key, collector);
  }
  return collector;
}
