import type { TSESLint } from '@typescript-eslint/utils';
import { ASTUtils } from '../util/ast-utils.js';
import { recordGiveUp } from '../debug.js';
import { builtinModels, type ResourceKind, type ResourceModel } from '../models/index.js';
import { modelsFromSettings } from '../settings.js';
import { getCalleeDeclarationRoute } from '../types/oracle.js';
import { getTypedResources } from '../types/resources.js';
import { createModuleLookup } from '../summaries/callee.js';
import { splitPackageSpecifier } from '../summaries/resolve.js';
import { readThrowSettings } from '../throw-settings.js';
import { type AnalysisOptions, FileCollector } from './analyze.js';
import { ImportedFunctions } from './imported.js';
import { getThrowModel } from './throw-model.js';

const ALL_KINDS: ReadonlySet<ResourceKind> = new Set(['connection', 'cursor', 'transaction']);

/** Collectors by the file being linted, and by what the rule adds to the models. */
const collectors = new WeakMap<object, Map<string, FileCollector>>();

/**
 * The collector for one file. The lifetime rules run one analysis per file between them:
 * each takes the reports of its kind. Following paths past releases is asked for by
 * no-use-after-release alone (FileCollector.followReleasedPaths), so the leak rules on
 * their own never pay for it. A rule with options of its own
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
    const options: AnalysisOptions = {
      models,
      kinds: ALL_KINDS,
      releasers,
      types: getTypedResources(context),
      throwModel: getThrowModel(readThrowSettings(context.settings).nonThrowing),
    };
    const declarationOf = getCalleeDeclarationRoute(context);
    const lookup = createModuleLookup(context, {
      rule: context.id,
      isSkippedPackage: getModelledPackages(models),
      ...(declarationOf ? { declarationOf } : {}),
    });
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

const recorded = new WeakMap<object, Set<string>>();

/**
 * Puts the functions the analysis stopped short on (for resources of `kinds`, or all kinds)
 * on the debug channel, once per function and rule: the rule stays silent on them, and this
 * says so (LEAKGUARD_DEBUG=1, `leakguard --verbose`).
 */
export function recordGiveUps(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  collector: FileCollector,
  kinds: ReadonlySet<ResourceKind> | null,
): void {
  let done = recorded.get(context.sourceCode);
  if (!done) {
    done = new Set();
    recorded.set(context.sourceCode, done);
  }
  for (const { fn, kind, reason, detail } of collector.giveUps()) {
    const key = `${context.id}:${String(fn.range[0])}`;
    if ((kinds && !kinds.has(kind)) || done.has(key)) {
      continue;
    }
    done.add(key);
    recordGiveUp({
      rule: context.id,
      file: context.filename,
      line: fn.loc.start.line,
      column: fn.loc.start.column,
      name: ASTUtils.getFunctionNameWithKind(fn, context.sourceCode),
      reason,
      detail,
    });
  }
}
