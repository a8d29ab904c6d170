import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getTrailingName } from '../flow/syntax.js';
import { type DecoratedController, decoratedControllers, returnedResponses } from '../http/index.js';
import type { HttpTypes } from '../types/http.js';
import type { FunctionLike } from '../util/functions.js';
import type { ScopeGetter } from '../util/imports.js';
import { searchNode } from '../util/walk.js';
import { FileAnalysis, type FileFindings } from './analyze.js';
import { getDecoratorName, getDecorators, Handlers } from './handlers.js';
import { ImportedHelpers } from './imported.js';
import { Limiters } from './limiters.js';
import { readStatus, Responses, type SendSite } from './responses.js';
import { type ImportedFunctionLookup, ReturnSummaries } from './returns.js';
import { type GiveUpListener, StatusScope } from './scope.js';

const CONTROLLERS: readonly DecoratedController[] = decoratedControllers;
const callbackNames = new Set<string>(returnedResponses.flatMap((shape) => shape.callbackNames));

function hasKey(node: TSESTree.ObjectExpression, key: string): TSESTree.Property | null {
  for (const property of node.properties) {
    if (property.type !== AST_NODE_TYPES.Property) {
      continue;
    }
    if ((!property.computed && getTrailingName(property.key) === key) || (property.key.type === AST_NODE_TYPES.Literal && property.key.value === key)) {
      return property;
    }
  }
  return null;
}

/** The recognizers of one file, built when the traversal reaches its `Program` node. */
interface Recognizers {
  readonly scope: StatusScope;
  readonly responses: Responses;
  readonly limiters: Limiters;
  readonly handlers: Handlers;
  readonly returns: ReturnSummaries;
  readonly imported: ImportedHelpers;
}

/**
 * Collects, during ESLint's traversal, the few nodes that can send a response or
 * configure a limiter; the analysis at the end of the file looks only at those.
 */
export class StatusCollector {
  private readonly sites: SendSite[] = [];
  private readonly limiterCalls: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
  /** Calls that may hand a response object to a helper of another module. */
  private readonly helperCalls: TSESTree.CallExpression[] = [];
  private recognizers: Recognizers | null = null;
  private findings: FileFindings | null = null;

  constructor(
    private readonly getScope: ScopeGetter,
    private readonly responseNames: readonly string[] = [],
    private readonly types?: HttpTypes,
    private readonly onGiveUp: GiveUpListener = () => undefined,
    /** Finds helpers in other modules, for the bodies they build; same-file helpers only without it. */
    private readonly importedFunctions: ImportedFunctionLookup | null = null,
  ) {}

  onProgram(node: TSESTree.Program): void {
    const scope = new StatusScope(node, this.getScope, this.types, this.onGiveUp);
    const responses = new Responses(scope, this.responseNames);
    const imported = new ImportedHelpers(scope, responses, this.importedFunctions, this.responseNames);
    this.recognizers = {
      scope,
      responses,
      limiters: new Limiters(scope),
      handlers: new Handlers(scope, responses, imported),
      returns: new ReturnSummaries(scope, this.importedFunctions),
      imported,
    };
  }

  onCall(node: TSESTree.CallExpression): void {
    const site = this.recognizers?.responses.matchCall(node);
    if (site) {
      this.sites.push(site);
    } else if (this.recognizers?.limiters.getMiddleware(node)) {
      this.limiterCalls.push(node);
    } else if (this.recognizers?.imported.isCandidate(node)) {
      this.helperCalls.push(node);
    }
  }

  onNew(node: TSESTree.NewExpression): void {
    const site = this.recognizers?.responses.matchNew(node);
    if (site) {
      this.sites.push(site);
    } else if (this.recognizers?.limiters.getMiddleware(node)) {
      this.limiterCalls.push(node);
    }
  }

  onAssignment(node: TSESTree.AssignmentExpression): void {
    const site = this.recognizers?.responses.matchAssignment(node);
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
        callbackNames.has(parent.callee.name));
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
    const site = this.recognizers?.responses.matchReturn(node);
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
    for (const controller of CONTROLLERS) {
      const isController = getDecorators(classNode).some((decorator) => controller.classDecorators.includes(getDecoratorName(decorator) ?? ''));
      const routes = controller.routeDecorators;
      const route = getDecorators(node).map(getDecoratorName).find((name) => name !== null && name in routes);
      if (!isController || route === undefined || route === null) {
        continue;
      }
      const injectsResponse = node.value.params.some((param) =>
        getDecorators(param).some((decorator) => controller.responseParamDecorators.includes(getDecoratorName(decorator) ?? '')),
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

  /** Runs the analysis over what was collected, once. */
  analyze(getText: (node: TSESTree.Node) => string): FileFindings {
    this.findings ??= this.runAnalysis(getText);
    return this.findings;
  }

  private runAnalysis(getText: (node: TSESTree.Node) => string): FileFindings {
    const recognizers = this.recognizers;
    if (!recognizers || (this.sites.length === 0 && this.limiterCalls.length === 0 && this.helperCalls.length === 0)) {
      return { sends: [], configs: [] };
    }
    const analysis = new FileAnalysis(recognizers, this.sites, getText, this.helperCalls);
    const configs = this.limiterCalls.flatMap((call) => analysis.readLimiterConfig(call));
    return { sends: analysis.run(), configs };
  }
}

/** Every `return value` of `fn`, outside nested functions. */
function collectReturns(fn: FunctionLike, onReturn: (statement: TSESTree.ReturnStatement & { argument: TSESTree.Expression }) => void): void {
  // A predicate that never matches visits the whole body; no budget: each node is seen once per route.
  searchNode(
    fn.body,
    (node) => {
      if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) {
        onReturn(node as TSESTree.ReturnStatement & { argument: TSESTree.Expression });
      }
      return false;
    },
    { limit: Number.POSITIVE_INFINITY },
  );
}
