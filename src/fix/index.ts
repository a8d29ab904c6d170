import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { Leak } from '../lifetime/state.js';
import type { Site } from '../lifetime/site.js';
import { toFix } from './text.js';
import { getUsingKeyword, importsPackage, planUsing } from './using.js';
import { hasEscape } from './escapes.js';
import { planCatchBeforeCallback } from './callback.js';
import { planMoveIntoTry, planWrap, type WrapPlan } from './wrap.js';

/**
 * Suggested fixes for the lifetime rules' reports. Each is a set of small edits of the
 * original text (never inside a string, template literal, regular expression or comment),
 * offered only where the rewrite is mechanical; the differential test applies them to
 * generated programs and checks that the fixed program leaks on no path and otherwise
 * behaves the same (tests/differential/suggestions.ts).
 */

/** The suggestions' messages, shared by the lifetime rules. */
export const suggestionMessages = {
  releaseInCatchSuggestion:
    'Release `{{name}}` in a `catch` block and rethrow (`{{call}}`), leaving it to the caller on success.',
  rollbackInCatchSuggestion: 'Roll `{{name}}` back in a `catch` block and rethrow (`{{call}}`), its commit kept in the `try`.',
  moveIntoTrySuggestion: 'Move the statements before the `try` into it, so that its `finally` releases `{{name}}` whatever they do.',
  useUsingSuggestion: 'Declare `{{name}}` with `{{keyword}}`.',
  releaseBeforeCallbackSuggestion:
    'Release `{{name}}` in a `catch` around the code before the callback that releases it, and rethrow (`{{call}}`).',
} as const;

/** The suggestions' message ids, besides the rule's own `wrapInTryFinallySuggestion`. */
export type SuggestionMessageId = keyof typeof suggestionMessages | 'wrapInTryFinallySuggestion';

/** One suggestion, ready for `context.report`'s `suggest`. */
export interface Suggestion {
  readonly messageId: SuggestionMessageId;
  readonly data: Record<string, string>;
  readonly fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix;
}

type SourceCode = Readonly<TSESLint.SourceCode>;

/** What the rule knows about a report, beyond the site. */
export interface SuggestionRequest {
  readonly site: Site;
  readonly leaks: readonly Leak[];
  readonly messageId: string;
  /** Whether some path releases or hands on the resource. */
  readonly settled: boolean;
  /** `async` / `sync` when type information says the value is disposable. */
  readonly typedDisposal: 'async' | 'sync' | null;
}

function fromPlan(sourceCode: SourceCode, plan: WrapPlan | null, messageId: SuggestionMessageId, data: Record<string, string>): Suggestion | null {
  const fix = plan ? toFix(sourceCode, plan.edits) : null;
  return fix ? { messageId, data: { ...data, call: plan?.call ?? '', release: plan?.call ?? '' }, fix } : null;
}

/** The `using` suggestion where the value is disposable (types say so, or the model for the imported package). */
export function getUsingSuggestion(request: SuggestionRequest, sourceCode: SourceCode): Suggestion | null {
  const { site } = request;
  const modelled = site.fixHints.disposal;
  const disposal = request.typedDisposal ?? (modelled && importsPackage(sourceCode, modelled.packages) ? modelled.kind : null);
  if (disposal === null) {
    return null;
  }
  const keyword = getUsingKeyword(disposal);
  const edits = planUsing(site, sourceCode, keyword);
  const fix = edits ? toFix(sourceCode, edits) : null;
  return fix ? { messageId: 'useUsingSuggestion', data: { name: site.name, keyword }, fix } : null;
}

/** The `try { … } finally { release }` suggestion, or the move of the code before an existing `try` into it. */
export function getFinallySuggestion(site: Site, sourceCode: SourceCode): Suggestion | null {
  const data = { name: site.name };
  return (
    fromPlan(sourceCode, planMoveIntoTry(site, sourceCode), 'moveIntoTrySuggestion', data) ??
    fromPlan(sourceCode, planWrap(site, sourceCode, 'finally'), 'wrapInTryFinallySuggestion', data)
  );
}

/**
 * The suggestions for a leak report, best first: `await using` / `using` where the value is
 * disposable; release once in `finally`; for a value the function hands on (returns,
 * stores), release in `catch` and rethrow; for a transaction, roll back in `catch` and
 * rethrow; for a resource a callback releases, release in a `catch` around the code before
 * that callback. None for an overwritten, discarded or abandoned value, nor for one a
 * helper the fix cannot see releases.
 */
export function getLeakSuggestions(request: SuggestionRequest, sourceCode: SourceCode): Suggestion[] {
  const { site, leaks, messageId } = request;
  if (messageId === 'overwritten' || messageId === 'discarded' || (messageId === 'abandoned' && site.kind !== 'transaction')) {
    return [];
  }
  if (holdsPromise(site)) {
    // `const pending = pool.getConnection(); … await pending`: the holder is the promise,
    // and a release written on it would call a method the promise does not have.
    return [];
  }
  const escapes = hasEscape(site, site.fn);
  if (request.settled && site.releaseCalls.length === 0 && !escapes && isPassedToCall(site)) {
    // Settled by a helper the fix cannot see: releasing again in `finally` would double
    // it. (Settled with no call at all is a cursor read to the end, which closing again
    // does not harm.)
    return [];
  }
  const onlyThrows = leaks.length > 0 && leaks.every((leak) => leak.kind === 'throw');
  const data = { name: site.name };
  if (site.kind === 'transaction') {
    // The plan itself makes sure every path out of the wrapped code commits or throws.
    const rollback = getRollbackCall(site, sourceCode);
    const suggestion = rollback === null ? null : fromPlan(sourceCode, planWrap(site, sourceCode, 'rollback', rollback), 'rollbackInCatchSuggestion', data);
    return suggestion ? [suggestion] : [];
  }
  if (escapes) {
    const suggestion = onlyThrows ? fromPlan(sourceCode, planWrap(site, sourceCode, 'catch', null, leaks), 'releaseInCatchSuggestion', data) : null;
    return suggestion ? [suggestion] : [];
  }
  const suggestions = [getUsingSuggestion(request, sourceCode), getFinallySuggestion(site, sourceCode)].filter(
    (suggestion): suggestion is Suggestion => suggestion !== null,
  );
  if (suggestions.length > 0) {
    return suggestions;
  }
  // Released inside a callback (`cursor.read(n, () => client.end())`): protect the code before it.
  const callback = onlyThrows ? fromPlan(sourceCode, planCatchBeforeCallback(site, sourceCode, leaks), 'releaseBeforeCallbackSuggestion', data) : null;
  return callback ? [callback] : [];
}

/**
 * Whether the holder is used as a promise (`await holder`, `holder.then(…)`, an element of
 * `Promise.all([holder, …])`): it holds a pending acquisition, not the resource.
 */
function holdsPromise(site: Site): boolean {
  if (site.destination.kind !== 'variable') {
    return false;
  }
  return site.destination.variable.references.some((reference) => {
    const { parent } = reference.identifier;
    if (parent.type === AST_NODE_TYPES.AwaitExpression) {
      return true;
    }
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier) {
      return parent.property.type === AST_NODE_TYPES.Identifier && ['then', 'catch', 'finally'].includes(parent.property.name);
    }
    return parent.type === AST_NODE_TYPES.ArrayExpression && isPromiseCombinatorArgument(parent);
  });
}

/** Whether `array` is the argument of `Promise.all` / `allSettled` / `race` / `any`. */
function isPromiseCombinatorArgument(array: TSESTree.ArrayExpression): boolean {
  const call = array.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== array) {
    return false;
  }
  const { callee } = call;
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'Promise' &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    ['all', 'allSettled', 'race', 'any'].includes(callee.property.name)
  );
}

/** Whether the holder is passed to a call (`releaseQuietly(client)`), which may release it. */
function isPassedToCall(site: Site): boolean {
  if (site.destination.kind !== 'variable') {
    return true;
  }
  return site.destination.variable.references.some((reference) => {
    const { parent } = reference.identifier;
    return (
      (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) &&
      parent.arguments.includes(reference.identifier as TSESTree.Expression)
    );
  });
}

/** The rollback call of the transaction's model; where models disagree, the one whose package the file imports. */
function getRollbackCall(site: Site, sourceCode: SourceCode): string | null {
  const candidates = site.fixHints.rollbackCalls;
  const calls = new Set(candidates.map((candidate) => candidate.call));
  if (calls.size <= 1) {
    return [...calls][0] ?? null;
  }
  const imported = new Set(candidates.filter((candidate) => importsPackage(sourceCode, candidate.packages)).map((candidate) => candidate.call));
  return imported.size === 1 ? ([...imported][0] ?? null) : null;
}
