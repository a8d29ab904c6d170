import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getTrailingName } from '../flow/syntax.js';
import { refusalStatus } from '../http/index.js';
import { getEnclosingFunctionLike } from '../util/functions.js';
import { getChainSource, getRejectionLink } from '../util/promises.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { OwnFailureAnswers } from './answers.js';
import { type BodySignals, getBodySignals, getHelperBodySignals, type HelperReturns } from './body.js';
import { findBranch, getFailureSense, LimitSenses, type Placement } from './context.js';
import { type ObservedStatus, StatusFlow, type Tracked } from './domain.js';
import type { Handlers } from './handlers.js';
import { deriveHelperSites } from './helpers.js';
import type { ImportedHelpers } from './imported.js';
import type { Limiters } from './limiters.js';
import { readStatus, type Responses, type SendSite } from './responses.js';
import type { ReturnSummaries } from './returns.js';
import type { StatusScope } from './scope.js';

/** How a send's status was decided. */
export type StatusSource = 'default' | 'explicit' | 'earlier';

/** A send that goes out with a 2xx status from a rate-limit or failure branch. */
export interface StatusFinding {
  readonly site: SendSite;
  /** The status (the first, when paths differ), for the fix. */
  readonly status: number;
  /** Every status it goes out with, for the message: `200`, `200 or 201`. */
  readonly statusText: string;
  readonly source: StatusSource;
  /** On which paths which status applies, when it was decided by the flow. */
  readonly observed: readonly ObservedStatus[];
  /** Why the send is a rate-limit refusal; `null` when it is not one. */
  readonly rateLimit: string | null;
  /** Why the send answers a failure; `null` when it does not. */
  readonly failure: string | null;
  /** The protocol whose convention the send follows (GraphQL, JSON-RPC); `null` for none. */
  readonly protocol: string | null;
  readonly body: BodySignals;
}

/** A rate limiter configured to answer 2xx (`rateLimit({ statusCode: 200 })`). */
export interface ConfigFinding {
  readonly node: TSESTree.Node;
  readonly option: string;
  readonly status: number;
  readonly call: string;
}

/** Everything the two rules report from, for one file. */
export interface FileFindings {
  readonly sends: readonly StatusFinding[];
  readonly configs: readonly ConfigFinding[];
}

/** The recognizers of one file. */
export interface FileRecognizers {
  readonly scope: StatusScope;
  readonly responses: Responses;
  readonly limiters: Limiters;
  readonly handlers: Handlers;
  /** What helpers return, for bodies a helper builds. */
  readonly returns: ReturnSummaries;
  /** Helpers of other modules handed a response object. */
  readonly imported: ImportedHelpers;
}

function is2xx(status: number): boolean {
  return status >= 200 && status < 300;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/gu, ' ');
  return flat.length > 48 ? `${flat.slice(0, 45)}…` : flat;
}

/** `limiter.consume(…)`: a call named by its last two names, whatever the layout. */
function describeCallee(call: TSESTree.CallExpression): string {
  const callee = skipTransparentWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    return `${getTrailingName(callee.object) ?? '…'}.${getTrailingName(callee) ?? '…'}(…)`;
  }
  return `${getTrailingName(callee) ?? '…'}(…)`;
}

/** The analysis of one file's sends, run once at the end of the traversal. */
export class FileAnalysis {
  private flow: StatusFlow | null = null;
  private readonly senses: LimitSenses;
  /** Functions a limiter calls to answer a refusal in its place (`handler`), with why. */
  private readonly limiterHandlers = new Map<TSESTree.Node, string>();
  /** Functions a limiter calls after it set the refusal's status (`message`), with that status. */
  private readonly presets = new Map<TSESTree.Node, Tracked>();
  private readonly sites: SendSite[];
  /** Sends made by helpers of other modules whose body is built there, with the helper to read it in. */
  private readonly foreignBodies = new Map<SendSite, { helper: HelperReturns; handlerShaped: boolean }>();
  private ownAnswers: OwnFailureAnswers | null = null;

  constructor(
    private readonly recognizers: FileRecognizers,
    sites: readonly SendSite[],
    private readonly getText: (node: TSESTree.Node) => string,
    helperCalls: readonly TSESTree.CallExpression[] = [],
  ) {
    this.sites = [...sites, ...deriveHelperSites(recognizers, sites)];
    for (const call of helperCalls) {
      for (const { site, helper, handlerShaped } of recognizers.imported.getSends(call)) {
        this.sites.push(site);
        if (helper) {
          this.foreignBodies.set(site, { helper, handlerShaped });
        }
      }
    }
    this.senses = new LimitSenses(recognizers.limiters);
  }

  /** Reports 2xx status options; remembers the functions the limiter calls, and what status they start with. */
  readLimiterConfig(call: TSESTree.CallExpression | TSESTree.NewExpression): ConfigFinding[] {
    const middleware = this.recognizers.limiters.getMiddleware(call);
    if (!middleware) {
      return [];
    }
    const findings: ConfigFinding[] = [];
    const label = `${shorten(this.getText(call.callee))}(…)`;
    for (const argument of call.arguments) {
      if (argument.type !== AST_NODE_TYPES.ObjectExpression) {
        continue;
      }
      let configured: Tracked = refusalStatus;
      const later: TSESTree.Node[] = [];
      for (const property of argument.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.computed) {
          continue;
        }
        const key = getTrailingName(property.key);
        if (key === null) {
          continue;
        }
        if (key === middleware.statusOption) {
          const status = readStatus(property.value);
          // A 2xx status is reported here, once; the sends it colours are not reported again.
          configured = typeof status === 'number' && !is2xx(status) ? status : '?';
          if (typeof status === 'number' && is2xx(status)) {
            findings.push({ node: property.value, option: key, status, call: label });
          }
        } else if (middleware.handlerOptions.includes(key)) {
          const fn = this.recognizers.scope.resolveFunction(property.value);
          if (fn) {
            this.limiterHandlers.set(fn, `the \`${key}\` of \`${label}\``);
          }
        } else if (middleware.afterStatusOptions.includes(key)) {
          const fn = this.recognizers.scope.resolveFunction(property.value);
          if (fn) {
            later.push(fn);
          }
        }
      }
      for (const fn of later) {
        this.presets.set(fn, configured);
      }
    }
    return findings;
  }

  run(): StatusFinding[] {
    const { scope, responses, handlers } = this.recognizers;
    this.flow = new StatusFlow(scope, responses, handlers, new Map(this.sites.map((site) => [site.node, site])), this.presets);
    const findings: StatusFinding[] = [];
    for (const site of this.sites) {
      // A send that names a failure status (or one it cannot read) is never reported: decided
      // before its body is read, which may parse helpers' modules.
      if (site.explicit && (site.explicit.value === '?' || !is2xx(site.explicit.value))) {
        continue;
      }
      const foreign = this.foreignBodies.get(site);
      let body =
        foreign && site.body && site.node.type === AST_NODE_TYPES.CallExpression
          ? this.readForeignBody(site.body, site.node, foreign.helper, foreign.handlerShaped)
          : getBodySignals(site.body, this.recognizers.returns);
      const rateLimit = this.getRateLimitReason(site, body);
      if (rateLimit === null && body.errorShape === null) {
        // A body that says nothing on its own may still be the function's own failure answer.
        const own = (this.ownAnswers ??= new OwnFailureAnswers(this.sites, this.getText)).get(site);
        body = own === null ? body : { ...body, errorShape: own, selfEvident: null };
      }
      const failure = rateLimit === null && body.errorShape === null ? null : this.getFailureReason(site, body);
      if (rateLimit === null && (failure === null || body.errorShape === null)) {
        continue;
      }
      const decided = this.decideStatus(site);
      // One report per send: a helper with several sends is reported once at its call.
      if (decided && !findings.some((finding) => finding.site.node === site.node)) {
        findings.push({ site, ...decided, rateLimit, failure, body, protocol: this.getProtocol(site, body) });
      }
    }
    return findings;
  }

  private readForeignBody(body: TSESTree.Node, call: TSESTree.CallExpression, helper: HelperReturns, handlerShaped: boolean): BodySignals {
    const signals = getHelperBodySignals(body, this.recognizers.returns, helper, call.arguments);
    // A handler-shaped helper's module reports what its own branches say; the call speaks
    // only for the caller's branch, so the same defect is not reported twice.
    return handlerShaped ? { ...signals, selfEvident: null } : signals;
  }

  private getProtocol(site: SendSite, body: BodySignals): string | null {
    const fn = getEnclosingFunctionLike(site.node);
    const protocol = fn ? this.recognizers.handlers.getProtocol(fn) : null;
    if (protocol) {
      return protocol.protocol;
    }
    return body.protocol ? 'its body' : null;
  }

  private describeTest = (test: TSESTree.Node, truthy: boolean): string => {
    const text = shorten(this.getText(test));
    return truthy ? `the branch where \`${text}\` holds` : `the branch where \`${text}\` does not hold`;
  };

  private getRateLimitReason(site: SendSite, body: BodySignals): string | null {
    const { limiters } = this.recognizers;
    const placement: Placement = findBranch(
      site.node,
      (test) => this.senses.sense(test),
      this.describeTest,
      (ancestor, child) => {
        if (ancestor.type !== AST_NODE_TYPES.CatchClause || child !== ancestor.body) {
          return null;
        }
        const meaning = limiters.getCatchMeaning(ancestor.parent.block);
        // A limiter that answers with a flag fails into this `catch`: a failure, not a refusal.
        return meaning !== null && meaning !== 'unknown' && meaning.kind === 'refusal'
          ? { reason: `the \`catch\` of \`${describeCallee(meaning.call)}\`` }
          : null;
      },
    );
    if (placement === 'outside') {
      return null;
    }
    if (placement !== null) {
      return placement.reason;
    }
    const fn = getEnclosingFunctionLike(site.node);
    const handler = fn ? this.limiterHandlers.get(fn) : undefined;
    if (handler !== undefined) {
      return handler;
    }
    const link = fn ? getRejectionLink(fn) : null;
    if (link) {
      const source = skipTransparentWrappers(getChainSource(link.call));
      const call = source.type === AST_NODE_TYPES.CallExpression ? limiters.getLimiterCall(source) : null;
      if (call && call.method?.refusal !== 'flag') {
        return `the rejection handler of \`${describeCallee(call.call)}\``;
      }
    }
    return body.refusal === null ? null : `its body says ${body.refusal}`;
  }

  private getFailureReason(site: SendSite, body: BodySignals): string | null {
    const placement = findBranch(site.node, getFailureSense, this.describeTest, (ancestor, child) =>
      ancestor.type === AST_NODE_TYPES.CatchClause && child === ancestor.body ? { reason: 'a `catch` block' } : null,
    );
    if (placement !== null && placement !== 'outside') {
      return placement.reason;
    }
    const fn = getEnclosingFunctionLike(site.node);
    const handler = fn ? this.recognizers.handlers.getFailureFunction(fn) : null;
    if (handler !== null) {
      return handler;
    }
    // A failure code or an error object in the body says it on its own, on any branch.
    return body.selfEvident;
  }

  private decideStatus(site: SendSite): Pick<StatusFinding, 'status' | 'statusText' | 'source' | 'observed'> | null {
    if (site.explicit) {
      const { value, node } = site.explicit;
      if (value === '?' || !is2xx(value)) {
        return null;
      }
      return { status: value, statusText: String(value), source: node === null && value === site.defaultStatus ? 'default' : 'explicit', observed: [] };
    }
    const observed = this.flow?.getStatuses(site) ?? null;
    if (!observed || observed.length === 0 || observed.some((entry) => entry.status === '?')) {
      return null;
    }
    const values = observed.map((entry) => (entry.status === 'unset' ? site.defaultStatus : (entry.status as number)));
    const [first] = values;
    if (first === undefined || !values.every(is2xx)) {
      return null;
    }
    const distinct = [...new Set(values)];
    const allUnset = observed.every((entry) => entry.status === 'unset');
    return { status: first, statusText: distinct.join(' or '), source: allUnset ? 'default' : 'earlier', observed };
  }
}
