import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { type ResponseModel, responseModels } from '../http/index.js';
import { type FunctionLike, getFunctionName, getParamName } from '../util/functions.js';
import { searchNode } from '../util/walk.js';
import type { HelperReturns } from './body.js';
import { type ExplicitStatus, readStatus, type Responses, type SendSite } from './responses.js';
import { describeHelper, type ImportedFunctionLookup } from './returns.js';
import { asIdentifier, type StatusScope } from './scope.js';
import { touchesStatus } from './touches.js';

/** Nodes visited at most in one imported helper; a bigger one is left unread (its calls keep the status unknown). */
const MAX_HELPER_NODES = 2000;

/** A send an imported helper makes for its caller, with the helper it is read in. */
export interface ImportedSend {
  readonly site: SendSite;
  /** The helper, to read a body it builds with the call's arguments in place of its parameters; `null` for a body the caller passed. */
  readonly helper: HelperReturns | null;
  /**
   * The helper takes the response where a route handler does (`(req, res)`): its own module
   * reads it as a handler and reports what its own branches say; the call speaks only for
   * the caller's branch.
   */
  readonly handlerShaped: boolean;
}

interface HelperRead {
  readonly fn: FunctionLike;
  readonly helper: HelperReturns;
  /** Whether the helper may set the status of the parameter, or hand it on. */
  readonly touches: boolean;
}

/**
 * Helpers in other modules that are handed a response object (`sendError(res, 500, …)`,
 * `fail(res, err)` imported from `./http`), read as the same-file ones are: a helper that
 * neither sets the status of that parameter nor hands it on leaves the caller's status as
 * it was; a send it makes on the parameter is a send of the caller's, at the call, with the
 * status the call passes (`res.status(code).json(…)`) or whatever the caller's response
 * holds there. The helper's sends are read with the models of the caller's response object,
 * since its parameter is that object. Found through the cross-module summaries' lookup; where
 * other modules cannot be read (no lookup, oxlint), nothing changes.
 */
export class ImportedHelpers {
  private readonly receiverNames: ReadonlySet<string>;
  private readonly reads = new Map<TSESTree.CallExpression, Map<number, HelperRead | null>>();

  constructor(
    private readonly scope: StatusScope,
    private readonly responses: Responses,
    private readonly lookup: ImportedFunctionLookup | null,
    extraResponseNames: readonly string[],
  ) {
    this.receiverNames = new Set(
      (responseModels as readonly ResponseModel[]).flatMap((model) => [...model.receiverNames, ...(model.takesResponseNames === true ? extraResponseNames : [])]),
    );
  }

  /**
   * Whether a call may hand a response object to a helper of another module: a cheap test
   * by name, made for every call of the file while it is traversed.
   */
  isCandidate(call: TSESTree.CallExpression): boolean {
    return this.lookup !== null && call.arguments.some((argument) => argument.type === AST_NODE_TYPES.Identifier && this.receiverNames.has(argument.name));
  }

  /**
   * Whether the imported helper `call` reaches may set the status of the response object
   * passed at `index` (or hand it on); `null` when the call reaches no readable helper.
   */
  mayTouchStatus(call: TSESTree.CallExpression, index: number): boolean | null {
    const read = this.read(call, index);
    return read ? read.touches : null;
  }

  /** The sends the imported helper `call` reaches makes on the response object its caller passes. */
  getSends(call: TSESTree.CallExpression): ImportedSend[] {
    const sends: ImportedSend[] = [];
    for (const [index, argument] of call.arguments.entries()) {
      const root = asIdentifier(argument);
      const models = root ? this.responses.getResponseModels(root) : [];
      const read = root && models.length > 0 ? this.read(call, index) : null;
      if (!root || !read) {
        continue;
      }
      sends.push(...this.collectSends(call, index, root, models, read));
    }
    return sends;
  }

  private read(call: TSESTree.CallExpression, index: number): HelperRead | null {
    let byIndex = this.reads.get(call);
    if (!byIndex) {
      byIndex = new Map();
      this.reads.set(call, byIndex);
    }
    if (byIndex.has(index)) {
      return byIndex.get(index) ?? null;
    }
    byIndex.set(index, null);
    const result = this.readHelper(call, index);
    byIndex.set(index, result);
    return result;
  }

  private readHelper(call: TSESTree.CallExpression, index: number): HelperRead | null {
    if (!this.lookup || this.scope.resolveFunction(call.callee) || call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) {
      return null;
    }
    const foreign = this.lookup(call);
    const name = foreign ? getParamName(foreign.fn.params[index]) : null;
    if (!foreign || name === null) {
      return null;
    }
    const search = searchNode(foreign.fn.body, (node) => touchesStatus(node, name), { limit: MAX_HELPER_NODES, enterFunctions: true });
    if (search.exhausted) {
      this.scope.giveUp(call, `the status writes of \`${getFunctionName(foreign.fn) ?? 'an imported helper'}\`: more than ${String(MAX_HELPER_NODES)} nodes`);
      return null;
    }
    return { fn: foreign.fn, helper: describeHelper(foreign.fn, foreign.resolve, true), touches: search.node !== null };
  }

  /**
   * The helper's own sends on parameter `index` (not those of functions nested in it, which
   * run at some other time): each becomes a send at the call. A send that leaves the status to
   * the response counts only when the helper sets no status on it and hands it nowhere; one
   * that sets a status counts when the status is a literal or one of the helper's parameters.
   */
  private collectSends(
    call: TSESTree.CallExpression,
    index: number,
    root: TSESTree.Identifier,
    models: readonly ResponseModel[],
    read: HelperRead,
  ): ImportedSend[] {
    const { fn, helper } = read;
    const paramName = getParamName(fn.params[index]);
    const paramAt = (node: TSESTree.Node | null): number => {
      const identifier = asIdentifier(node);
      return identifier ? fn.params.findIndex((param) => getParamName(param) === identifier.name) : -1;
    };
    const found: ImportedSend[] = [];
    searchNode(
      fn.body,
      (node) => {
        if (node.type !== AST_NODE_TYPES.CallExpression) {
          return false;
        }
        const inner = this.responses.matchCall(node, (candidate) => (candidate.name === paramName ? models : []));
        if (!inner || inner.root?.name !== paramName) {
          return false;
        }
        let explicit: ExplicitStatus | null = inner.explicit;
        if (explicit === null && read.touches) {
          return false;
        }
        if (explicit?.value === '?') {
          const statusParam = paramAt(explicit.node);
          if (statusParam < 0) {
            return false;
          }
          const argument = call.arguments[statusParam] ?? null;
          explicit = { value: readStatus(argument), node: argument };
        }
        const bodyParam = paramAt(inner.body);
        const body = bodyParam >= 0 ? (call.arguments[bodyParam] ?? null) : inner.body;
        const statusFromCall = explicit?.node !== null && explicit?.node !== undefined && call.arguments.includes(explicit.node as TSESTree.CallExpressionArgument);
        found.push({
          site: {
            node: call,
            framework: inner.framework,
            root,
            body,
            explicit,
            defaultStatus: inner.defaultStatus,
            label: `${getFunctionName(fn) ?? 'a helper'}(…)`,
            late: false,
            fixKind: statusFromCall && typeof explicit?.value === 'number' ? 'replace' : 'none',
          },
          // A body passed in is the caller's own node; one built in the helper is read there.
          helper: bodyParam >= 0 ? null : helper,
          handlerShaped: index > 0 && models.some((model) => model.handlerParams.includes(index)),
        });
        return false;
      },
      { limit: MAX_HELPER_NODES },
    );
    return found;
  }
}
