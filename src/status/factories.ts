import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getMethodCall } from '../flow/syntax.js';
import { responseFactories, stubbingMethods } from '../http/index.js';
import { climbTransparentWrappers, skipTransparentWrappers } from '../util/wrappers.js';
import type { FixKind, SendSite } from './responses.js';
import { type ExplicitStatus, readInit } from './status-values.js';

// Responses made by a factory rather than sent on a response object: `new Response(body,
// init)`, `NextResponse.json(body, init)` (the http data's responseFactories).

/** One factory of the http data. */
export type Factory = (typeof responseFactories)[number];

/** The factory `object.method(…)` calls, if it is one. */
export function matchFactory(object: TSESTree.Node, method: string): Factory | null {
  const inner = skipTransparentWrappers(object);
  if (inner.type !== AST_NODE_TYPES.Identifier) {
    return null;
  }
  return (
    responseFactories.find((candidate) => 'method' in candidate && candidate.object === inner.name && candidate.method === method) ??
    null
  );
}

/** The send a factory call (or `new`) makes, with its status. */
export function factorySite(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  factory: Factory,
  args: readonly TSESTree.CallExpressionArgument[],
): SendSite {
  const init = args[factory.initArg];
  let explicit: ExplicitStatus;
  let fixKind: FixKind = 'none';
  if (!init) {
    explicit = { value: factory.defaultStatus, node: null };
    fixKind = args.length === factory.initArg ? 'init-arg' : 'none';
  } else if (init.type === AST_NODE_TYPES.ObjectExpression) {
    explicit = readInit(init, factory.defaultStatus);
    fixKind = explicit.node ? 'replace' : 'none';
  } else {
    explicit = { value: '?', node: null };
  }
  const label = 'method' in factory ? `${factory.object}.${factory.method}(…)` : `new ${factory.object}(…)`;
  return {
    node,
    framework: factory.framework,
    root: null,
    body: args[factory.bodyArg] ?? null,
    explicit,
    defaultStatus: factory.defaultStatus,
    label,
    late: false,
    fixKind: explicit.node && typeof explicit.value === 'number' ? 'replace' : fixKind,
  };
}

/**
 * Whether the response `node` makes is the value a test double is told to give back
 * (`mockFetch.mockResolvedValueOnce(new Response(body))`, sinon's `stub.resolves(…)`): a fake
 * answer for the code under test, which this code does not send.
 */
export function isStubbedValue(node: TSESTree.Node): boolean {
  const outer = climbTransparentWrappers(node);
  const call = outer.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(outer as TSESTree.CallExpressionArgument)) {
    return false;
  }
  const member = getMethodCall(call);
  return member !== null && (stubbingMethods as readonly string[]).includes(member.method);
}
