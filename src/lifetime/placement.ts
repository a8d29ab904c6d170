import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { isFunctionNode } from '../flow/syntax.js';
import type { LeakDescription } from './describe.js';
import type { Site } from './site.js';

/**
 * Where a release sits, for the lifetime rules' `requireFinally` option (the `strict`
 * config) and for resources known only by a disposable type, whose fix is `using`.
 */

/** Messages of the placement checks, shared by the lifetime rules. */
export const placementMessages = {
  releaseOutsideFinally:
    '`{{name}}` ({{what}}) is released on line {{line}} outside a `finally` block, where a later edit can skip it. Release it in a `finally` block.',
  notDisposed: '`{{name}}` ({{what}}) is not disposed {{exit}}. Declare it with `{{keyword}}` so that every path disposes it.',
  moveToFinallySuggestion: 'Move `{{release}}` into a `finally` block around the code that uses it.',
} as const;

/** The message ids of the placement checks. */
export type PlacementMessageId = keyof typeof placementMessages;

/** The `requireFinally` option, as each lifetime rule's schema declares it. */
export const requireFinallySchema: JSONSchema4 = {
  type: 'boolean',
  description:
    'Report a release that is not in a `finally` block or done by a `using` declaration, even when every path releases today.',
};

/**
 * The first release of the site's resource, in source order, that runs in the acquiring
 * function outside every `finally` block. Releases inside callbacks (`.finally(() =>
 * c.release())`, a driver's `done`) are where the driver lets them be, and sites that are
 * open on entry (callback parameters) have no `finally` to move into: both are left alone.
 */
export function findReleaseOutsideFinally(site: Site): TSESTree.CallExpression | null {
  if (site.value === null || site.destination.kind !== 'variable') {
    return null;
  }
  const calls = [...site.releaseCalls].sort((a, b) => a.range[0] - b.range[0]);
  return calls.find((call) => isDirectlyInFunction(call, site.fn) && !isInFinally(call, site.fn)) ?? null;
}

function isDirectlyInFunction(node: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isFunctionNode(current)) {
      return false;
    }
  }
  return true;
}

function isInFinally(node: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let current: TSESTree.Node = node; current !== fn && current.parent; current = current.parent) {
    if (current.parent.type === AST_NODE_TYPES.TryStatement && current.parent.finalizer === current) {
      return true;
    }
  }
  return false;
}

/**
 * The report for a resource that is a resource only because its type is disposable: the
 * leak's exit, with `using` / `await using` as the fix. Overwrites and dropped values keep
 * their own messages.
 */
export function describeDisposableLeak(
  description: LeakDescription,
  keyword: string,
): { messageId: 'notDisposed'; data: Record<string, string> } | null {
  if (description.messageId === 'overwritten' || description.messageId === 'discarded') {
    return null;
  }
  return {
    messageId: 'notDisposed',
    data: { ...description.data, exit: description.data.exit ?? 'on any path out of the function', keyword },
  };
}

/**
 * Whether some reference hands the site's value on: `using` would dispose a value that is
 * returned or stored on its way out, so it is not the fix there.
 */
function isHandedOnSomewhere(site: Site): boolean {
  return (
    site.destination.kind === 'variable' &&
    site.destination.variable.references.some((reference) => isEscape(reference.identifier))
  );
}

/** Whether a reference hands its value on: returned, yielded, stored or put in a literal. */
function isEscape(identifier: TSESTree.Node): boolean {
  const { parent } = identifier;
  switch (parent?.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.YieldExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.Property:
      return true;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === identifier;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === identifier;
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === identifier;
    default:
      return false;
  }
}

type Report = (descriptor: TSESLint.ReportDescriptor<PlacementMessageId>) => void;

/** A suggestion the rule built for a placement report (the lifetime layer builds none itself). */
type Suggestion = TSESLint.SuggestionReportDescriptor<string>;

/**
 * For a site no path leaks: with `requireFinally`, reports its first release outside a
 * `finally`, with the suggestions `getSuggestions` builds (the release moved into a
 * `finally`, or `using`) where the fix is mechanical.
 */
export function reportReleaseOutsideFinally(report: Report, site: Site, getSuggestions: () => readonly Suggestion[]): void {
  const release = findReleaseOutsideFinally(site);
  if (!release) {
    return;
  }
  report({
    node: release,
    messageId: 'releaseOutsideFinally',
    data: { name: site.name, what: site.what, line: String(release.loc.start.line) },
    suggest: getSuggestions() as TSESLint.SuggestionReportDescriptor<PlacementMessageId>[],
  });
}

/**
 * Reports a leak of a resource known only by its disposable type, with `using` / `await
 * using` as the fix. Returns `false` for leaks that keep the lifetime rules' own message:
 * overwritten and discarded values, and values returned or stored on some path, which
 * `using` would dispose too early.
 */
export function reportDisposableLeak(
  report: Report,
  site: Site,
  description: LeakDescription,
  disposal: 'async' | 'sync',
  getSuggestions: () => readonly Suggestion[],
): boolean {
  const keyword = disposal === 'async' ? 'await using' : 'using';
  const disposable = describeDisposableLeak(description, keyword);
  if (!disposable || isHandedOnSomewhere(site)) {
    return false;
  }
  report({
    node: site.node,
    messageId: 'notDisposed',
    data: disposable.data,
    suggest: getSuggestions() as TSESLint.SuggestionReportDescriptor<PlacementMessageId>[],
  });
  return true;
}
