import { ESLint } from 'eslint';
import { UsageError } from './args.js';
import { createEslintOptions, type LintPlan } from './config.js';
import { loadTypeScriptParser } from './parser.js';

/**
 * Creates the ESLint instance for a plan. Multithreaded runs go through an options module,
 * because ESLint clones its options into every worker and the plugin cannot be cloned.
 */
export async function createEslint(plan: LintPlan): Promise<ESLint> {
  if (plan.concurrency === 'off') {
    const { parser } = plan.parser === 'espree' ? { parser: null } : await loadTypeScriptParser();
    return new ESLint(createEslintOptions(plan, parser));
  }
  if (typeof (ESLint as Partial<typeof ESLint>).fromOptionsModule !== 'function') {
    throw new UsageError(`--concurrency needs ESLint 9.34 or later (this is ESLint ${ESLint.version})`);
  }
  const url = new URL('./eslint-options.js', import.meta.url);
  url.searchParams.set('plan', JSON.stringify(plan));
  return ESLint.fromOptionsModule(url);
}
