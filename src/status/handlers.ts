import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getPropertyName, getTrailingName } from '../flow/syntax.js';
import {
  decoratedControllers,
  type DecoratedController,
  errorHandlerNamePattern,
  errorHandlerRegistrations,
  failureNamePattern,
  type ProtocolConvention,
  protocolConventions,
  type ResponseModel,
  responseModels,
} from '../http/index.js';
import {
  type FunctionLike,
  getCallSites,
  getEnclosingFunctionLike,
  getFunctionName,
  getFunctionVariable,
  getParamIndex,
  getParamName,
} from '../util/functions.js';
import { getRejectionLink } from '../util/promises.js';
import { climbTransparentWrappers, skipTransparentWrappers } from '../util/wrappers.js';
import type { ImportedHelpers } from './imported.js';
import type { Responses } from './responses.js';
import { asIdentifier, type StatusScope } from './scope.js';
import { touchesStatus } from './touches.js';

const CONTROLLERS: readonly DecoratedController[] = decoratedControllers;
const PROTOCOLS: readonly ProtocolConvention[] = protocolConventions;
const MODELS: readonly ResponseModel[] = responseModels;
const failureNameRegex = new RegExp(failureNamePattern, 'u');
const errorHandlerNameRegex = new RegExp(errorHandlerNamePattern, 'iu');
const routePatterns = PROTOCOLS.map((protocol) => ({ protocol, regex: new RegExp(protocol.routePattern, 'iu') }));
const protocolPackages = new Map(PROTOCOLS.flatMap((protocol) => protocol.packages.map((name) => [name, protocol] as const)));
const freshResponseMethods = new Set(CONTROLLERS.flatMap((controller) => controller.freshResponseMethods));
const responseParamDecorators = new Set(CONTROLLERS.flatMap((controller) => controller.responseParamDecorators));

/**
 * A node's decorators. ESLint's default parser (espree) leaves the property out, so it
 * cannot be trusted to be there whatever the types say.
 */
export function getDecorators(node: TSESTree.Node | undefined): readonly TSESTree.Decorator[] {
  const decorators: unknown = node && 'decorators' in node ? node.decorators : undefined;
  return Array.isArray(decorators) ? (decorators as TSESTree.Decorator[]) : [];
}

/** `Catch` for `@Catch(HttpException)`, `Controller` for `@Controller()`. */
export function getDecoratorName(decorator: TSESTree.Decorator): string | null {
  const expression = decorator.expression;
  return getTrailingName(expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression);
}

function hasDecorator(node: TSESTree.Node | undefined, names: ReadonlySet<string> | readonly string[]): boolean {
  const list = names instanceof Set ? names : new Set(names as readonly string[]);
  return getDecorators(node).some((decorator) => list.has(getDecoratorName(decorator) ?? ''));
}

/** The class a method's function belongs to, when it is one. */
function getMethodClass(fn: FunctionLike): { method: TSESTree.MethodDefinition; classNode: TSESTree.Node } | null {
  const parent = fn.parent;
  if (parent.type !== AST_NODE_TYPES.MethodDefinition) {
    return null;
  }
  return { method: parent, classNode: parent.parent.parent };
}

/** The framework registration `fn` is handed to (`app.onError(fn)`), if any. */
function getRegistration(fn: FunctionLike): string | null {
  const parent = fn.parent;
  if (parent.type !== AST_NODE_TYPES.CallExpression || parent.callee.type !== AST_NODE_TYPES.MemberExpression) {
    return null;
  }
  const method = getPropertyName(parent.callee);
  const registration = errorHandlerRegistrations.find(
    (candidate) => candidate.method === method && parent.arguments[candidate.handlerArg] === fn,
  );
  return registration ? registration.method : null;
}

/**
 * Reads what a function is for: a route handler whose response starts with no status, a
 * framework's exception handler, a helper of the file, a handler of a protocol that
 * answers errors with 200. Everything it knows of a framework comes from src/http.
 */
export class Handlers {
  private readonly helperSummaries = new Map<string, boolean>();
  private readonly protocols = new Map<FunctionLike, ProtocolConvention | null>();

  constructor(
    private readonly scope: StatusScope,
    private readonly responses: Responses,
    private readonly imported: ImportedHelpers | null = null,
  ) {}

  /**
   * Whether the response object `root` starts out with no status in `fn`: it is one of
   * `fn`'s parameters at a route handler's position for its framework, or a fresh
   * response taken from a framework context (`host.switchToHttp().getResponse()`).
   * `null` when `root` is not declared in `fn` (captured from an outer function). A copy
   * (`const r = res`) starts as its original does.
   */
  startsUnset(root: TSESTree.Identifier, fn: FunctionLike): boolean | null {
    const variable = this.scope.origin(root);
    const definition = variable?.defs[0];
    if (!variable || !definition) {
      return false;
    }
    if (definition.type === DefinitionType.Parameter) {
      if (definition.node !== fn) {
        return null;
      }
      const index = getParamIndex(fn, variable.name);
      const declared = variable.identifiers[0] ?? root;
      const models = this.responses.getResponseModels(declared);
      if (this.isLocalHelper(fn)) {
        return false;
      }
      return (
        models.some((model) => model.handlerParams.includes(index)) ||
        hasDecorator(fn.params[index], responseParamDecorators) ||
        (models.length > 0 && getRegistration(fn) !== null)
      );
    }
    if (definition.type === DefinitionType.Variable) {
      if (getEnclosingFunctionLike(definition.node) !== fn) {
        return null;
      }
      const init = definition.node.init ? skipTransparentWrappers(definition.node.init) : null;
      // `const { ctx } = this;` in an Egg.js or Midway controller: the request's own context.
      if (init?.type === AST_NODE_TYPES.ThisExpression && definition.node.id.type === AST_NODE_TYPES.ObjectPattern) {
        return MODELS.some((model) => model.contextFromThis?.includes(variable.name) === true);
      }
      return (
        init?.type === AST_NODE_TYPES.CallExpression &&
        init.callee.type === AST_NODE_TYPES.MemberExpression &&
        freshResponseMethods.has(getPropertyName(init.callee) ?? '')
      );
    }
    return false;
  }

  /**
   * Whether `fn` is a helper of this file rather than a handler: it has a name, and every
   * use of that name calls it (`sendTooMany(ctx)`). Its caller may have set the status
   * before the call, so its response object does not start out unset.
   */
  isLocalHelper(fn: FunctionLike): boolean {
    return getCallSites(getFunctionVariable(fn, this.scope.getScope)).complete;
  }

  /**
   * Whether a call that is given the response object `root` may set its status. Yes for
   * anything the analysis cannot read; no for a function of this file, or of a module the
   * summaries can read, that neither sets the status of that parameter nor hands it on
   * (`setRateLimitHeaders(c, result)`).
   */
  mayCallSetStatus(call: TSESTree.CallExpression, isRoot: (node: TSESTree.Node) => boolean): boolean {
    const index = call.arguments.findIndex((argument) => isRoot(argument));
    const fn = index < 0 ? null : this.scope.resolveFunction(call.callee);
    const name = fn ? getParamName(fn.params[index]) : null;
    if (!fn && index >= 0) {
      // A helper of another module, read through the summaries' lookup where it can be.
      return this.imported?.mayTouchStatus(call, index) ?? true;
    }
    if (!fn || name === null) {
      return true;
    }
    const key = `${String(fn.range[0])}:${String(index)}`;
    let result = this.helperSummaries.get(key);
    if (result === undefined) {
      const found = this.scope.search(fn.body, (node) => touchesStatus(node, name), `the status writes of \`${getFunctionName(fn) ?? 'a helper'}\``, {
        enterFunctions: true,
      });
      result = found !== null;
      this.helperSummaries.set(key, result);
    }
    return result;
  }

  /**
   * Why `fn` as a whole is a failure handler: Express error middleware, a framework's
   * registered exception handler, a promise's rejection handler, a NestJS exception filter,
   * a project's own exception handler (`handleException(exception)`).
   */
  getFailureFunction(fn: FunctionLike): string | null {
    if (getRejectionLink(fn)) {
      return 'a promise rejection handler';
    }
    for (const model of MODELS) {
      const middleware = model.errorMiddleware;
      const param = middleware ? fn.params[middleware.responseParam] : undefined;
      if (
        middleware &&
        fn.params.length === middleware.arity &&
        param?.type === AST_NODE_TYPES.Identifier &&
        !isOnlyAnOption(fn, this.scope.getScope)
      ) {
        const typed = this.responses.isTypedResponse(param);
        if (typed ?? model.receiverNames.includes(param.name)) {
          return `${model.framework} error middleware`;
        }
      }
    }
    const registration = getRegistration(fn);
    if (registration !== null) {
      return `the handler given to \`${registration}()\``;
    }
    const owner = getMethodClass(fn);
    if (owner) {
      const name = owner.method.computed ? null : getTrailingName(owner.method.key);
      const filter = CONTROLLERS.find(
        (controller) => controller.exceptionFilter.method === name && hasDecorator(owner.classNode, [controller.exceptionFilter.classDecorator]),
      );
      if (filter) {
        return `a ${filter.framework} exception filter`;
      }
    }
    return this.getProjectExceptionHandler(fn);
  }

  /**
   * A project's own exception handler: its first parameter holds the failure, and it is
   * named as one (`handleException`, `errorHandler`) or every call of it in the file passes
   * a caught value (`catch (e) { return toResponse(e); }`).
   */
  private getProjectExceptionHandler(fn: FunctionLike): string | null {
    const first = fn.params[0];
    const paramName = getParamName(first);
    if (paramName === null || !this.holdsFailure(first)) {
      return null;
    }
    const name = getFunctionName(fn);
    if (name !== null && errorHandlerNameRegex.test(name)) {
      return `the exception handler \`${name}\``;
    }
    const { calls, complete } = getCallSites(getFunctionVariable(fn, this.scope.getScope));
    if (complete && calls.every((call) => this.isCaughtValue(call.arguments[0]))) {
      return `\`${name ?? 'a function'}\`, which every caller gives a caught error`;
    }
    return null;
  }

  private holdsFailure(param: TSESTree.Parameter | undefined): boolean {
    const identifier = param?.type === AST_NODE_TYPES.AssignmentPattern ? asIdentifier(param.left) : asIdentifier(param);
    if (!identifier) {
      return false;
    }
    return this.scope.types?.isError(identifier) ?? failureNameRegex.test(identifier.name);
  }

  /** `e` of `catch (e)` (or a rejection handler's parameter), passed on as is. */
  private isCaughtValue(node: TSESTree.Node | undefined): boolean {
    const identifier = asIdentifier(node);
    const definition = identifier ? this.scope.resolve(identifier)?.defs[0] : undefined;
    if (definition?.type === DefinitionType.CatchClause) {
      return true;
    }
    return definition?.type === DefinitionType.Parameter && getRejectionLink(definition.node) !== null;
  }

  /**
   * The protocol `fn` (or a function around it) serves, when it answers errors with 200
   * by convention: a GraphQL resolver or a JSON-RPC method (by where it is registered), a
   * route mounted on the protocol's path, a handler that hands the request to the
   * protocol's package. Decided per function: an ordinary route beside it is not one.
   */
  getProtocol(fn: FunctionLike): ProtocolConvention | null {
    let current: FunctionLike | null = fn;
    for (let depth = 0; current && depth < 6; depth++) {
      const protocol = this.getOwnProtocol(current);
      if (protocol) {
        return protocol;
      }
      current = getEnclosingFunctionLike(current);
    }
    return null;
  }

  private getOwnProtocol(fn: FunctionLike): ProtocolConvention | null {
    let cached = this.protocols.get(fn);
    if (cached === undefined) {
      cached = getRegisteredProtocol(fn) ?? this.getCalledProtocol(fn);
      this.protocols.set(fn, cached);
    }
    return cached;
  }

  /** `graphql({ schema, source })`, `server.receive(body)` on a `new JSONRPCServer()`: a call into the protocol's package. */
  private getCalledProtocol(fn: FunctionLike): ProtocolConvention | null {
    let protocol: ProtocolConvention | null = null;
    const found = this.scope.search(
      fn.body,
      (node) => {
        if (node.type !== AST_NODE_TYPES.CallExpression) {
          return false;
        }
        protocol = this.getProtocolOfValue(node.callee, 0);
        return protocol !== null;
      },
      'the calls of a handler into a protocol package',
    );
    return found === null || found === 'unknown' ? null : protocol;
  }

  private getProtocolOfValue(node: TSESTree.Node, depth: number): ProtocolConvention | null {
    const inner = skipTransparentWrappers(node);
    if (depth > 3) {
      return null;
    }
    switch (inner.type) {
      case AST_NODE_TYPES.Identifier: {
        const binding = this.scope.getImport(inner);
        if (binding) {
          return protocolPackages.get(binding.source) ?? null;
        }
        const init = this.scope.getInit(inner);
        return init ? this.getProtocolOfValue(init, depth + 1) : null;
      }
      case AST_NODE_TYPES.MemberExpression:
        return this.getProtocolOfValue(inner.object, depth + 1);
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.CallExpression:
        return this.getProtocolOfValue(inner.callee, depth + 1);
      case AST_NODE_TYPES.AwaitExpression:
        return this.getProtocolOfValue(inner.argument, depth + 1);
      default:
        return null;
    }
  }
}

/** The protocol whose handler `fn` is by where it sits: a resolver map, a `@Resolver()` class, `addMethod`, a protocol route. */
function getRegisteredProtocol(fn: FunctionLike): ProtocolConvention | null {
  const owner = getMethodClass(fn);
  if (owner) {
    const byDecorator = PROTOCOLS.find((protocol) => hasDecorator(owner.classNode, protocol.classDecorators));
    if (byDecorator) {
      return byDecorator;
    }
  }
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.CallExpression) {
    const method = parent.callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(parent.callee) : null;
    const byRegistration = PROTOCOLS.find((protocol) =>
      protocol.registrations.some((registration) => registration.method === method && parent.arguments[registration.handlerArg] === fn),
    );
    if (byRegistration) {
      return byRegistration;
    }
    const [path] = parent.arguments;
    if (path?.type === AST_NODE_TYPES.Literal && typeof path.value === 'string' && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
      const text = path.value;
      const byRoute = routePatterns.find(({ regex }) => regex.test(text));
      if (byRoute) {
        return byRoute.protocol;
      }
    }
  }
  return getResolverMapProtocol(fn);
}

/**
 * Whether `fn` is only ever an option given to a call (`errorHandler({ json: fn })`, also
 * through a name every read of which is one): that call runs it, after setting whatever
 * status it sets (feathers' `errorHandler()` sets the error's code first), so it is not
 * middleware the framework calls with its default 200.
 */
function isOnlyAnOption(fn: FunctionLike, getScope: StatusScope['getScope']): boolean {
  const isOptionValue = (node: TSESTree.Node): boolean => {
    const outer = climbTransparentWrappers(node);
    const property = outer.parent;
    const object = property?.parent;
    return (
      property?.type === AST_NODE_TYPES.Property &&
      property.value === outer &&
      object?.type === AST_NODE_TYPES.ObjectExpression &&
      (object.parent.type === AST_NODE_TYPES.CallExpression || object.parent.type === AST_NODE_TYPES.NewExpression) &&
      object.parent.arguments.includes(object)
    );
  };
  if (isOptionValue(fn)) {
    return true;
  }
  const reads = getFunctionVariable(fn, getScope)?.references.filter((reference) => reference.isRead()) ?? [];
  return reads.length > 0 && reads.every((reference) => isOptionValue(reference.identifier));
}

function parentOf(node: TSESTree.Node): TSESTree.Node | undefined {
  return node.parent;
}

/** `resolvers: { Query: { user: fn } }`, `const resolvers = { Mutation: { … } }`: a key on the way up names the map. */
function getResolverMapProtocol(fn: FunctionLike): ProtocolConvention | null {
  let current: TSESTree.Node = fn;
  for (let depth = 0; depth < 6; depth++) {
    const parent = parentOf(current);
    if (!parent) {
      return null;
    }
    let key: string | null = null;
    if (parent.type === AST_NODE_TYPES.Property && parent.value === current) {
      key = parent.computed ? null : getTrailingName(parent.key);
    } else if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current) {
      key = parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : null;
    } else if (parent.type !== AST_NODE_TYPES.ObjectExpression) {
      return null;
    }
    const byKey = key === null ? undefined : PROTOCOLS.find((protocol) => protocol.handlerMapKeys.includes(key));
    if (byKey) {
      return byKey;
    }
    current = parent;
  }
  return null;
}
