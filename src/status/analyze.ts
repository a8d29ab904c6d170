import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionNode } from '../flow/interpreter.js';
import { getEnclosingFunction, getTrailingName, skipTypeWrappers } from '../flow/syntax.js';
import type { HttpTypes } from '../types/http.js';
import {
  decoratedControllers,
  type LimiterLibrary,
  limiterLibraries,
  protocolPackages,
  returnedResponses,
} from '../http/index.js';
import { type BodySignals, getBodySignals } from './body.js';
import {
  findBranch,
  getFailureFunction,
  getFailureSense,
  getRejectionCall,
  LimitSenses,
  type Placement,
} from './context.js';
import { StatusFlow } from './domain.js';
import { containsNode, findNode } from './walk.js';
import {
  collectImports,
  getDecorators,
  getLimiterLibrary,
  HttpRecognizer,
  isLimiterName,
  readStatus,
  type SendSite,
} from './recognize.js';

/** How a send's status was decided. */
export type StatusSource = 'default' | 'explicit' | 'earlier';

/** A send that goes out with a 2xx status from a rate-limit or failure branch. */
export interface StatusFinding {
  readonly site: SendSite;
  readonly status: number;
  readonly source: StatusSource;
  /** Why the send is a rate-limit refusal; `null` when it is not one. */
  readonly rateLimit: string | null;
  /** Why the send answers a failure; `null` when it does not. */
  readonly failure: string | null;
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
  /** The file serves GraphQL or JSON-RPC, whose errors go out with 200 by convention. */
  readonly protocolFile: boolean;
}

const handlerOptions = new Set<string>(
  (limiterLibraries as readonly LimiterLibrary[]).flatMap((library) => library.handlerOptions ?? []),
);
const statusOptions = new Set<string>(
  (limiterLibraries as readonly LimiterLibrary[]).flatMap((library) => (library.statusOption ? [library.statusOption] : [])),
);
const CALLBACK_NAMES = new Set(['callback', 'cb', 'done']);

function is2xx(status: number): boolean {
  return status >= 200 && status < 300;
}

function hasKey(node: TSESTree.ObjectExpression, key: string): TSESTree.Property | null {
  for (const property of node.properties) {
    if (property.type === AST_NODE_TYPES.Property && !property.computed && getTrailingName(property.key) === key) {
      return property;
    }
    if (property.type === AST_NODE_TYPES.Property && property.key.type === AST_NODE_TYPES.Literal && property.key.value === key) {
      return property;
    }
  }
  return null;
}

function getDecoratorName(decorator: TSESTree.Decorator): string | null {
  const expression = decorator.expression;
  return getTrailingName(expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression);
}

/**
 * Collects, during ESLint's traversal, the few nodes that can send a response or
 * configure a limiter; the analysis at the end of the file looks only at those.
 */
export class StatusCollector {
  private readonly sites: SendSite[] = [];
  private readonly limiterCalls: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
  private recognizer: HttpRecognizer | null = null;
  private imports = new Map<string, string>();
  private findings: FileFindings | null = null;

  constructor(
    private readonly getScope: (node: TSESTree.Node) => TSESLint.Scope.Scope,
    private readonly responseNames: readonly string[] = [],
    private readonly types?: HttpTypes,
  ) {}

  onProgram(node: TSESTree.Program): void {
    this.imports = collectImports(node);
    this.recognizer = new HttpRecognizer(this.imports, this.getScope, this.responseNames, this.types);
  }

  onCall(node: TSESTree.CallExpression): void {
    const site = this.recognizer?.matchCall(node);
    if (site) {
      this.sites.push(site);
      return;
    }
    if (this.isLimiterConfigCall(node)) {
      this.limiterCalls.push(node);
    }
  }

  onNew(node: TSESTree.NewExpression): void {
    const site = this.recognizer?.matchNew(node);
    if (site) {
      this.sites.push(site);
    } else if (this.isLimiterConfigCall(node)) {
      this.limiterCalls.push(node);
    }
  }

  onAssignment(node: TSESTree.AssignmentExpression): void {
    const site = this.recognizer?.matchAssignment(node);
    if (site) {
      this.sites.push(site);
    }
  }

  /** `return { statusCode, body }` from a Lambda handler (or `callback(null, { … })`). */
  onObject(node: TSESTree.ObjectExpression): void {
    const parent = node.parent;
    const returned =
      (parent.type === AST_NODE_TYPES.ReturnStatement && parent.argument === node) ||
      (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === node) ||
      (parent.type === AST_NODE_TYPES.CallExpression &&
        parent.arguments[1] === node &&
        parent.callee.type === AST_NODE_TYPES.Identifier &&
        CALLBACK_NAMES.has(parent.callee.name));
    if (!returned) {
      return;
    }
    for (const shape of returnedResponses) {
      const status = hasKey(node, shape.statusKey);
      const body = hasKey(node, shape.bodyKey);
      if (status && body) {
        const value = readStatus(status.value);
        this.sites.push({
          node,
          framework: shape.framework,
          root: null,
          body: body.value,
          explicit: { value, node: status.value },
          defaultStatus: 200,
          label: `{ ${shape.statusKey}, ${shape.bodyKey} }`,
          late: false,
          fixKind: typeof value === 'number' ? 'replace' : 'none',
        });
      }
    }
  }

  /** `return { … }` from a handler whose framework sends what it returns. */
  onReturn(node: TSESTree.ReturnStatement): void {
    const site = this.recognizer?.matchReturn(node);
    if (site) {
      this.sites.push(site);
    }
  }

  /** A NestJS route: what it returns is sent with `@HttpCode(n)` or the route's default. */
  onMethod(node: TSESTree.MethodDefinition): void {
    if (getDecorators(node).length === 0 || node.value.type !== AST_NODE_TYPES.FunctionExpression) {
      return;
    }
    const classNode = node.parent.parent;
    for (const controller of decoratedControllers) {
      const isController = getDecorators(classNode).some((decorator) =>
        (controller.classDecorators as readonly string[]).includes(getDecoratorName(decorator) ?? ''),
      );
      const routes = controller.routeDecorators as Readonly<Record<string, number>>;
      const route = getDecorators(node).map(getDecoratorName).find((name) => name !== null && name in routes);
      if (!isController || route === undefined || route === null) {
        continue;
      }
      const injectsResponse = node.value.params.some((param) =>
        getDecorators(param).some((decorator) =>
          (controller.responseParamDecorators as readonly string[]).includes(getDecoratorName(decorator) ?? ''),
        ),
      );
      if (injectsResponse) {
        return;
      }
      const httpCode = getDecorators(node).find((decorator) => getDecoratorName(decorator) === controller.statusDecorator);
      const codeArg = httpCode?.expression.type === AST_NODE_TYPES.CallExpression ? httpCode.expression.arguments[0] : undefined;
      const explicit = httpCode ? { value: readStatus(codeArg), node: null } : { value: routes[route] ?? 200, node: null };
      collectReturns(node.value, (statement) => {
        this.sites.push({
          node: statement,
          framework: controller.framework,
          root: null,
          body: statement.argument,
          explicit,
          defaultStatus: routes[route] ?? 200,
          label: httpCode ? `return … under @${controller.statusDecorator}(…)` : `return … from @${route}()`,
          late: false,
          fixKind: 'none',
        });
      });
      return;
    }
  }

  private isLimiterConfigCall(node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
    if (!node.arguments.some((argument) => argument.type === AST_NODE_TYPES.ObjectExpression)) {
      return false;
    }
    const callee = skipTypeWrappers(node.callee);
    const name = getTrailingName(callee);
    if (name === 'register' && node.arguments[0]) {
      return isLimiterName(getTrailingName(node.arguments[0]) ?? '') || getLimiterLibrary(this.imports.get(getTrailingName(node.arguments[0]) ?? '')) !== null;
    }
    return name !== null && (isLimiterName(name) || getLimiterLibrary(this.imports.get(name)) !== null);
  }

  /** Runs the analysis over what was collected, once. */
  analyze(getText: (node: TSESTree.Node) => string): FileFindings {
    this.findings ??= this.runAnalysis(getText);
    return this.findings;
  }

  private runAnalysis(getText: (node: TSESTree.Node) => string): FileFindings {
    const recognizer = this.recognizer;
    const protocolFile = [...this.imports.values()].some((source) => protocolPackages.includes(source));
    if (!recognizer || (this.sites.length === 0 && this.limiterCalls.length === 0)) {
      return { sends: [], configs: [], protocolFile };
    }
    const analysis = new FileAnalysis(recognizer, this.sites, getText);
    const configs = this.limiterCalls.flatMap((call) => analysis.readLimiterConfig(call));
    return { sends: analysis.run(), configs, protocolFile };
  }
}

function collectReturns(fn: FunctionNode, onReturn: (statement: TSESTree.ReturnStatement & { argument: TSESTree.Expression }) => void): void {
  containsNode(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) {
      onReturn(node as TSESTree.ReturnStatement & { argument: TSESTree.Expression });
    }
    return false;
  });
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/gu, ' ');
  return flat.length > 48 ? `${flat.slice(0, 45)}…` : flat;
}

/** `limiter.consume(…)`: a call named by its last two names, whatever the layout. */
function describeCallee(call: TSESTree.CallExpression): string {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    return `${getTrailingName(callee.object) ?? '…'}.${getTrailingName(callee) ?? '…'}(…)`;
  }
  return `${getTrailingName(callee) ?? '…'}(…)`;
}

class FileAnalysis {
  private readonly flow: StatusFlow;
  private readonly senses: LimitSenses;
  private readonly limiterHandlers = new Map<TSESTree.Node, string>();

  constructor(
    private readonly recognizer: HttpRecognizer,
    private readonly sites: readonly SendSite[],
    private readonly getText: (node: TSESTree.Node) => string,
  ) {
    this.flow = new StatusFlow(recognizer, new Map(sites.map((site) => [site.node, site])));
    this.senses = new LimitSenses(recognizer);
  }

  /** Reports 2xx status options; remembers handler options, whose sends are refusals. */
  readLimiterConfig(call: TSESTree.CallExpression | TSESTree.NewExpression): ConfigFinding[] {
    const findings: ConfigFinding[] = [];
    const label = `${shorten(this.getText(call.callee))}(…)`;
    for (const argument of call.arguments) {
      if (argument.type !== AST_NODE_TYPES.ObjectExpression) {
        continue;
      }
      for (const property of argument.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.computed) {
          continue;
        }
        const key = getTrailingName(property.key);
        if (key === null) {
          continue;
        }
        if (statusOptions.has(key)) {
          const status = readStatus(property.value);
          if (typeof status === 'number' && is2xx(status)) {
            findings.push({ node: property.value, option: key, status, call: label });
          }
        } else if (handlerOptions.has(key)) {
          const fn = this.recognizer.resolveFunction(property.value);
          if (fn) {
            this.limiterHandlers.set(fn, `the \`${key}\` of \`${label}\``);
          }
        }
      }
    }
    return findings;
  }

  run(): StatusFinding[] {
    const findings: StatusFinding[] = [];
    for (const site of this.sites) {
      const body = getBodySignals(site.body, this.recognizer);
      const rateLimit = this.getRateLimitReason(site, body);
      const failure = rateLimit === null && body.errorShape === null ? null : this.getFailureReason(site);
      if (rateLimit === null && (failure === null || body.errorShape === null)) {
        continue;
      }
      const decided = this.decideStatus(site);
      if (decided && is2xx(decided.status)) {
        findings.push({ site, status: decided.status, source: decided.source, rateLimit, failure, body });
      }
    }
    return findings;
  }

  private describeTest = (test: TSESTree.Node, truthy: boolean): string => {
    const text = shorten(this.getText(test));
    return truthy ? `the branch where \`${text}\` holds` : `the branch where \`${text}\` does not hold`;
  };

  private getRateLimitReason(site: SendSite, body: BodySignals): string | null {
    const placement: Placement = findBranch(
      site.node,
      (test) => this.senses.sense(test),
      this.describeTest,
      (ancestor, child) => {
        if (ancestor.type !== AST_NODE_TYPES.CatchClause || child !== ancestor.body) {
          return null;
        }
        const found = findNode(ancestor.parent.block, (node) => this.isRejectingLimiterCall(node));
        return found?.type === AST_NODE_TYPES.CallExpression ? { reason: `the \`catch\` of \`${describeCallee(found)}\`` } : null;
      },
    );
    if (placement === 'outside') {
      return null;
    }
    if (placement !== null) {
      return placement.reason;
    }
    const fn = getEnclosingFunction(site.node);
    const handler = fn ? this.limiterHandlers.get(fn) : undefined;
    if (handler !== undefined) {
      return handler;
    }
    const rejection = fn ? getRejectionCall(fn) : null;
    if (rejection && rejection.callee.type === AST_NODE_TYPES.MemberExpression) {
      const limiterCall = findNode(rejection.callee.object, (node) => this.isRejectingLimiterCall(node));
      if (limiterCall?.type === AST_NODE_TYPES.CallExpression) {
        return `the rejection handler of \`${describeCallee(limiterCall)}\``;
      }
    }
    return body.refusal === null ? null : `its body says ${body.refusal}`;
  }

  private isRejectingLimiterCall(node: TSESTree.Node): boolean {
    return node.type === AST_NODE_TYPES.CallExpression && this.recognizer.isRejectingLimiterCall(node);
  }

  private getFailureReason(site: SendSite): string | null {
    const placement = findBranch(site.node, getFailureSense, this.describeTest, (ancestor, child) =>
      ancestor.type === AST_NODE_TYPES.CatchClause && child === ancestor.body ? { reason: 'a `catch` block' } : null,
    );
    if (placement === 'outside') {
      return null;
    }
    if (placement !== null) {
      return placement.reason;
    }
    const fn = getEnclosingFunction(site.node);
    return fn ? getFailureFunction(fn, (param) => this.recognizer.isTypedResponse(param)) : null;
  }

  private decideStatus(site: SendSite): { status: number; source: StatusSource } | null {
    if (site.explicit) {
      const { value, node } = site.explicit;
      if (value === '?') {
        return null;
      }
      return { status: value, source: node === null && value === site.defaultStatus ? 'default' : 'explicit' };
    }
    const statuses = this.flow.getStatuses(site);
    if (!statuses || statuses.size === 0 || statuses.has('?')) {
      return null;
    }
    const values = [...statuses].map((value) => (value === 'unset' ? site.defaultStatus : (value as number)));
    const first = values[0];
    if (first === undefined || !values.every(is2xx)) {
      return null;
    }
    return { status: first, source: statuses.size === 1 && statuses.has('unset') ? 'default' : 'earlier' };
  }
}
