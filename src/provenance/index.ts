import type { TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { ModuleLookup } from '../summaries/callee.js';
import type { ParsedModule } from '../summaries/modules.js';
import { ReceiverProvenance } from './judge.js';
import { Tracer } from './trace.js';

export { type InstanceMethod, ReceiverProvenance, type Verdict } from './judge.js';
export type { Origin } from './trace.js';
export { getProvenanceStats, resetProvenanceStats, type ProvenanceStats } from './stats.js';

let enabled = true;

/**
 * Turns provenance off (or on again) for the process: the field test and the bench compare
 * reports and cost with and without. Not a user option.
 */
export function setProvenanceEnabled(value: boolean): void {
  enabled = value;
}

/**
 * The provenance of receivers in one file: the linted file (`module` null) or another
 * module read for summaries. `resolve` answers for identifiers of that file; `lookup`, when
 * other modules can be read, follows imports with the summaries' caches and budgets
 * (without it, provenance stays in the file). `null` when provenance is turned off.
 */
export function createReceiverProvenance(
  lookup: ModuleLookup | null,
  module: ParsedModule | null,
  resolve: (identifier: TSESTree.Identifier) => TSESLint.Scope.Variable | null,
): ReceiverProvenance | null {
  if (!enabled) {
    return null;
  }
  const tracer = new Tracer(lookup, { module, resolve });
  return new ReceiverProvenance(tracer);
}
