// The options module that `--concurrency` hands to ESLint: each worker thread imports it
// and builds its ESLint instance from the default export. The plan travels in the module's
// own URL (`eslint-options.js?plan=…`), so the workers need no file or environment of
// their own, and two plans never share a module instance.

import { createEslintOptions, type LintPlan } from './config.js';
import { loadTypeScriptParser } from './parser.js';

const encoded = new URL(import.meta.url).searchParams.get('plan');
if (encoded === null) {
  throw new Error('leakguard: eslint-options.js must be imported with a ?plan= query');
}

const plan = JSON.parse(encoded) as LintPlan;
const { parser } = plan.parser === 'espree' ? { parser: null } : await loadTypeScriptParser();
export default createEslintOptions(plan, parser);
