import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getCallSites, getEnclosingFunctionLike, getFunctionName, getFunctionVariable, getParamIndex } from '../util/functions.js';
import type { FileRecognizers } from './analyze.js';
import { type ExplicitStatus, readStatus, type SendSite } from './responses.js';
import { asIdentifier } from './scope.js';

/**
 * Sends that a same-file helper makes for its caller, read at each call: for
 * `function sendError(res, code, message) { res.status(code).json({ error: message }) }`,
 * the call `sendError(res, 500, 'x')` sends `{ error }` with 500, and `fail(res, e)` for a
 * helper that sends `res.json({ error })` with no status goes out with whatever status the
 * caller's `res` holds there. The helper's own send cannot be decided inside it (its
 * caller may have set the status), so each call becomes a send of its own, on the caller's
 * path, with the caller's branch as its context. One level deep: a helper's call inside
 * another helper stays undecided, as the helper's own sends do.
 */
export function deriveHelperSites(recognizers: FileRecognizers, sites: readonly SendSite[]): SendSite[] {
  const derived: SendSite[] = [];
  for (const site of sites) {
    if (!site.root || site.late) {
      continue;
    }
    const fn = getEnclosingFunctionLike(site.node);
    const origin = recognizers.scope.origin(site.root);
    const definition = origin?.defs[0];
    if (!fn || !origin || definition?.type !== DefinitionType.Parameter || definition.node !== fn) {
      continue;
    }
    const { calls, complete } = getCallSites(getFunctionVariable(fn, recognizers.scope.getScope));
    if (!complete || (site.explicit === null && setsStatusBefore(recognizers, fn, site, origin))) {
      continue;
    }
    const index = getParamIndex(fn, origin.name);
    const paramAt = (node: TSESTree.Node | null): number => {
      const identifier = asIdentifier(node);
      return identifier ? fn.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && param.name === identifier.name) : -1;
    };
    const statusParam = site.explicit?.value === '?' ? paramAt(site.explicit.node) : -1;
    if (site.explicit !== null && site.explicit.value === '?' && statusParam < 0) {
      continue;
    }
    const bodyParam = paramAt(site.body);
    for (const call of calls) {
      const root = asIdentifier(call.arguments[index]);
      if (!root || getEnclosingFunctionLike(call) === fn) {
        continue;
      }
      let explicit: ExplicitStatus | null = site.explicit;
      if (statusParam >= 0) {
        const argument = call.arguments[statusParam] ?? null;
        explicit = { value: readStatus(argument), node: argument };
      }
      derived.push({
        node: call,
        framework: site.framework,
        root,
        body: bodyParam >= 0 ? (call.arguments[bodyParam] ?? null) : site.body,
        explicit,
        defaultStatus: site.defaultStatus,
        label: `${getFunctionName(fn) ?? 'a helper'}(…)`,
        late: false,
        fixKind: statusParam >= 0 && typeof explicit?.value === 'number' ? 'replace' : 'none',
        via: site.node,
      });
    }
  }
  return derived;
}

/** Whether the helper may set the status of its response parameter anywhere (then its sends are not derived). */
function setsStatusBefore(
  recognizers: FileRecognizers,
  fn: NonNullable<ReturnType<typeof getEnclosingFunctionLike>>,
  site: SendSite,
  origin: TSESLint.Scope.Variable,
): boolean {
  const { responses, scope } = recognizers;
  const isOrigin = (identifier: TSESTree.Identifier | undefined): boolean => identifier !== undefined && scope.origin(identifier) === origin;
  const found = scope.search(
    fn.body,
    (node) => {
      if (node === site.node) {
        return false;
      }
      if (node.type === AST_NODE_TYPES.CallExpression) {
        return isOrigin(responses.getStatusCall(node)?.root) || node.arguments.some((argument) => isOrigin(asIdentifier(argument) ?? undefined));
      }
      return node.type === AST_NODE_TYPES.AssignmentExpression && isOrigin(responses.getStatusAssignment(node)?.root);
    },
    `the status writes of \`${getFunctionName(fn) ?? 'a helper'}\``,
    { enterFunctions: true },
  );
  return found !== null;
}
