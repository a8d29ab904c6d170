import type { TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { ParsedModule } from '../summaries/modules.js';

type Variable = TSESLint.Scope.Variable;

// What a trace finds (an origin, and the file it is in) and how far one trace may go.

/** The file a node lives in: the linted file (`module` null) or another parsed module. */
export interface Place {
  readonly module: ParsedModule | null;
  readonly resolve: (identifier: TSESTree.Identifier) => Variable | null;
}

/**
 * Where a value was found to come from, at the end of a trace:
 * - `expression`: an expression that makes the value (`new Pool()`, `createPool()`,
 *   `new Map()`, `{}`), in the file that holds it;
 * - `package`: a package's module or one of its exports (`require('pg')`, `pg.Client`),
 *   which the trace does not enter;
 * - `typed`: declared to be an instance of a package's type (`pool: Pool` with `Pool` from
 *   'pg', directly or through a project class or interface that extends it), or of a global
 *   one (`source` null: `Map`, `WebSocket`);
 * - `name`: nothing more is in view than the name the value was read by (`app.locals.pool`,
 *   a parameter nobody in view passes).
 */
export type Origin =
  | { readonly kind: 'expression'; readonly node: TSESTree.Node; readonly place: Place }
  | { readonly kind: 'package'; readonly source: string; readonly member: string | null }
  | { readonly kind: 'typed'; readonly source: string | null; readonly name: string }
  | { readonly kind: 'name'; readonly name: string };

/** Bounds one trace: steps taken and origins found. */
export const TRACE_LIMITS = {
  /** Links followed from a receiver: alias → field → import → re-export → … */
  maxSteps: 24,
  /** Origins kept for one receiver. */
  maxOrigins: 16,
};

/** What one trace has spent. */
export interface Budget {
  steps: number;
  readonly seen: Set<TSESTree.Node>;
  /** Some link was left unfollowed for want of steps. */
  exhausted: boolean;
}
