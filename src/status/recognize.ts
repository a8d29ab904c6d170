import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  getAwaitedCall,
  getEnclosingFunction,
  getPropertyName,
  getTrailingName,
  isFunctionNode,
  skipTypeWrappers,
} from '../flow/syntax.js';
import { findNode } from './walk.js';
import type { HttpTypes } from '../types/http.js';
import type { HttpFramework } from '../types/specifiers.js';
import type { FunctionNode } from '../flow/interpreter.js';
import {
  errorHandlerRegistrations,
  failureNamePattern,
  type LimiterLibrary,
  limiterLibraries,
  limiterNamePatterns,
  type ResponseModel,
  responseFactories,
  responseModels,
  statusConstants,
} from '../http/index.js';

const { DefinitionType } = TSESLint.Scope;

/**
 * The response models (by `framework`) a value of each response type is read with. An
 * express `Response` is also Node's `ServerResponse` (`res.end()`, `res.writeHead(429)`);
 * a `ServerResponse` with more methods is Next.js's `NextApiResponse`, read as Express.
 */
const modelsOfType: Readonly<Record<HttpFramework, readonly string[]>> = {
  express: ['Express', 'Node http'],
  'node-http': ['Express', 'Node http'],
  koa: ['Koa'],
  fastify: ['Fastify'],
  hono: ['Hono'],
};

/** A status as the analysis knows it: a number, or `'?'` when it cannot tell. */
export type StatusValue = number | '?';

/** Reads a status argument: a numeric literal (or `HttpStatus.OK`-free plain number), else unknown. */
export function readStatus(node: TSESTree.Node | undefined): StatusValue {
  if (!node) {
    return '?';
  }
  const inner = skipTypeWrappers(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'number') {
    return inner.value;
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression && (statusConstants.objects as readonly string[]).includes(getTrailingName(inner.object) ?? '')) {
    const values: Readonly<Record<string, number>> = statusConstants.values;
    return values[getPropertyName(inner) ?? ''] ?? '?';
  }
  return '?';
}

const failureNameRegex = new RegExp(failureNamePattern, 'u');

/** `err`, `new Error(…)`: a value that is an error object, as opposed to a body describing one. */
function isErrorObject(node: TSESTree.Node | null | undefined): boolean {
  const inner = node ? skipTypeWrappers(node) : null;
  if (inner?.type === AST_NODE_TYPES.Identifier) {
    return failureNameRegex.test(inner.name);
  }
  return inner?.type === AST_NODE_TYPES.NewExpression && /Error$|Exception$/u.test(getTrailingName(inner.callee) ?? '');
}

/** Methods of Express and Fastify responses that return the response, so a chain goes on. */
const CHAINABLE = new Set([
  'set',
  'header',
  'headers',
  'setHeader',
  'type',
  'contentType',
  'cookie',
  'clearCookie',
  'vary',
  'append',
  'location',
  'links',
  'attachment',
  'removeHeader',
  'serializer',
]);

/** Every method name that can send, to turn away the other calls with one lookup. */
const SEND_METHODS = new Set<string>([
  ...responseModels.flatMap((model) => model.sends.map((send) => send.method)),
  ...responseFactories.flatMap((factory) => ('method' in factory ? [factory.method] : [])),
]);

/** Send methods that send nothing without an argument, under every model that has them (and no factory's). */
const SENDS_NEEDING_ARGUMENT = new Set<string>(
  [...SEND_METHODS].filter((method) =>
    !responseFactories.some((factory) => 'method' in factory && factory.method === method) &&
    responseModels.every((model) =>
      (model.sends as readonly { method: string; needsArgument?: boolean }[]).every(
        (send) => send.method !== method || send.needsArgument === true,
      ),
    ),
  ),
);

/** Where a send's status comes from when it names one itself. */
export interface ExplicitStatus {
  readonly value: StatusValue;
  /** The node holding the status (the literal to replace in a fix), when there is one. */
  readonly node: TSESTree.Node | null;
}

/** A call, assignment, `new` or returned object that sends an HTTP response. */
export interface SendSite {
  readonly node: TSESTree.Node;
  readonly framework: string;
  /** The response object's name (`res`), when the status may have been set before the send. */
  readonly root: TSESTree.Identifier | null;
  /** The expression sent as the body; `null` when there is none. */
  readonly body: TSESTree.Node | null;
  /** The status given at the send itself; `null` when the send leaves it to the response. */
  readonly explicit: ExplicitStatus | null;
  /** The status a send goes out with when nothing set one. */
  readonly defaultStatus: number;
  /** `res.json(…)`, `ctx.body =`, for messages. */
  readonly label: string;
  /** The status is the one set when the handler returns (`ctx.body =` in Koa), not at the send. */
  readonly late: boolean;
  /** How a fix can give the send a status. */
  readonly fixKind: 'chain-status' | 'chain-code' | 'status-arg' | 'init-arg' | 'before-statement' | 'replace' | 'none';
}

/** Imports of a file: local name → package. */
export type ImportMap = ReadonlyMap<string, string>;

/** Collects `import x from 'p'`, `import { x } from 'p'` and `const x = require('p')`. */
export function collectImports(program: TSESTree.Program): Map<string, string> {
  const map = new Map<string, string>();
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      for (const specifier of statement.specifiers) {
        map.set(specifier.local.name, statement.source.value);
      }
    } else if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        const init = declarator.init ? skipTypeWrappers(declarator.init) : null;
        const call = init?.type === AST_NODE_TYPES.MemberExpression ? init.object : init;
        if (
          call?.type === AST_NODE_TYPES.CallExpression &&
          call.callee.type === AST_NODE_TYPES.Identifier &&
          call.callee.name === 'require' &&
          call.arguments[0]?.type === AST_NODE_TYPES.Literal &&
          typeof call.arguments[0].value === 'string'
        ) {
          const source = call.arguments[0].value;
          if (declarator.id.type === AST_NODE_TYPES.Identifier) {
            map.set(declarator.id.name, source);
          } else if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
            for (const property of declarator.id.properties) {
              if (property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier) {
                map.set(property.value.name, source);
              }
            }
          }
        }
      }
    }
  }
  return map;
}

const limiterNameRegex = new RegExp(limiterNamePatterns.join('|'), 'iu');

/** Whether a name says "rate limiter" (`rateLimiter`, `throttle`, `quota`). */
export function isLimiterName(name: string): boolean {
  return limiterNameRegex.test(name);
}

/** The library a package name belongs to, if it is a rate limiter. */
export function getLimiterLibrary(source: string | undefined): LimiterLibrary | null {
  if (source === undefined) {
    return null;
  }
  return limiterLibraries.find((library) => (library.packages as readonly string[]).includes(source)) ?? null;
}

const anyStatusMethod = new Set<string>(responseModels.flatMap((model) => [...model.statusMethods, 'sendStatus']));
const anyStatusProperty = new Set<string>(responseModels.flatMap((model) => [...model.statusProperties]));
const anyBodyProperty = new Set<string>(responseModels.flatMap((model) => [...model.bodyProperties]));
/** Where a handler whose framework sends what it returns takes its response object. */
const returnSendParams = new Set<number>(
  (responseModels as readonly ResponseModel[]).flatMap((model) => (model.returnSends === true ? model.handlerParams : [])),
);

/**
 * Every decision that type information could make better lives here: whether an
 * identifier is a framework's response object, whether an expression is a rate limiter.
 * Syntax-only mode decides by names, imports and where values come from; with type
 * information, a response object's declared type decides whatever its name, and names
 * decide only where the type says nothing (`any`, no program).
 */
export class HttpRecognizer {
  private readonly modelsByName = new Map<string, ResponseModel[]>();
  private readonly helperSummaries = new Map<string, boolean>();

  constructor(
    readonly imports: ImportMap,
    private readonly getScope: (node: TSESTree.Node) => TSESLint.Scope.Scope,
    extraResponseNames: readonly string[] = [],
    private readonly types?: HttpTypes,
  ) {
    for (const model of responseModels as readonly ResponseModel[]) {
      for (const name of [...model.receiverNames, ...(model.framework === 'Express' ? extraResponseNames : [])]) {
        const list = this.modelsByName.get(name) ?? [];
        list.push(model);
        this.modelsByName.set(name, list);
      }
    }
  }

  /**
   * The response models an identifier may be: by its declared type when types know it
   * (none for a type that is no response, such as an HTTP client's `res`), else by its name.
   */
  getResponseModels(root: TSESTree.Identifier): readonly ResponseModel[] {
    const byName = this.modelsByName.get(root.name) ?? [];
    // Under another name, only a parameter is put to the checker: response objects reach
    // handlers and helpers as parameters, and inferring the type of every other local with
    // a `send`/`end`/`render` call (`style.render(…)` on a `require`d object) made the checker
    // infer unrelated initialisers (a 6,000-line bundle went from 90 to 215 ms).
    if (!this.types || (byName.length === 0 && this.resolve(root)?.defs[0]?.type !== DefinitionType.Parameter)) {
      return byName;
    }
    const framework = this.types.getVariableFramework(root);
    if (framework === undefined) {
      return byName;
    }
    if (framework === null) {
      return [];
    }
    const names = modelsOfType[framework];
    return (responseModels as readonly ResponseModel[]).filter((model) => names.includes(model.framework));
  }

  /** Whether the declared type of `identifier` is a response object's; `undefined` when types cannot tell. */
  isTypedResponse(identifier: TSESTree.Identifier): boolean | undefined {
    const framework = this.types?.getVariableFramework(identifier);
    return framework === undefined ? undefined : framework !== null;
  }

  /** The variable `identifier` refers to, if it resolves in the file. */
  resolve(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null {
    return ASTUtils.findVariable(this.getScope(identifier), identifier.name);
  }

  /**
   * Whether the response object `root` starts out with no status in `fn`: it is one of
   * `fn`'s parameters at a route handler's position for its framework, or a fresh
   * response taken from a framework context (`host.switchToHttp().getResponse()`).
   * `null` when `root` is not declared in `fn` (captured from an outer function).
   */
  startsUnset(root: TSESTree.Identifier, fn: FunctionNode): boolean | null {
    const variable = this.resolve(root);
    const definition = variable?.defs[0];
    if (!variable || !definition) {
      return false;
    }
    if (definition.type === DefinitionType.Parameter) {
      if (definition.node !== fn) {
        return null;
      }
      const index = fn.params.findIndex((param) => getParamName(param) === root.name);
      const models = this.getResponseModels(root);
      if (this.isLocalHelper(fn)) {
        return false;
      }
      return (
        models.some((model) => (model.handlerParams).includes(index)) ||
        hasResponseDecorator(fn.params[index]) ||
        (models.length > 0 && isRegisteredErrorHandler(fn))
      );
    }
    if (definition.type === DefinitionType.Variable) {
      if (getEnclosingFunction(definition.node) !== fn) {
        return null;
      }
      const init = definition.node.init ? skipTypeWrappers(definition.node.init) : null;
      // `const { ctx } = this;` in an Egg.js or Midway controller: the request's own context.
      if (init?.type === AST_NODE_TYPES.ThisExpression && definition.node.id.type === AST_NODE_TYPES.ObjectPattern) {
        return true;
      }
      return (
        init?.type === AST_NODE_TYPES.CallExpression &&
        init.callee.type === AST_NODE_TYPES.MemberExpression &&
        getPropertyName(init.callee) === 'getResponse'
      );
    }
    return false;
  }

  /** The function `node` names: itself, or a function declared or bound to a `const` in the file. */
  resolveFunction(node: TSESTree.Node): FunctionNode | null {
    const inner = skipTypeWrappers(node);
    if (isFunctionNode(inner)) {
      return inner;
    }
    if (inner.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    const definition = this.resolve(inner)?.defs[0];
    if (definition?.type === DefinitionType.FunctionName && isFunctionNode(definition.node)) {
      return definition.node;
    }
    if (definition?.type === DefinitionType.Variable && definition.node.init) {
      const init = skipTypeWrappers(definition.node.init);
      return isFunctionNode(init) ? init : null;
    }
    return null;
  }

  /**
   * Whether a call that is given the response object `root` may set its status. Yes for
   * anything the analysis cannot read; no for a function of this file that neither sets
   * the status of that parameter nor hands it on (`setRateLimitHeaders(c, result)`).
   */
  mayCallSetStatus(call: TSESTree.CallExpression, root: string): boolean {
    const index = call.arguments.findIndex((argument) => {
      const inner = skipTypeWrappers(argument);
      return inner.type === AST_NODE_TYPES.Identifier && inner.name === root;
    });
    const fn = index < 0 ? null : this.resolveFunction(call.callee);
    const name = fn ? getParamName(fn.params[index]) : null;
    if (!fn || name === null) {
      return true;
    }
    const key = `${String(fn.range[0])}:${String(index)}`;
    let result = this.helperSummaries.get(key);
    if (result === undefined) {
      const budget: { left: number; exhausted?: boolean } = { left: 5000 };
      result = findNode(fn.body, (node) => touchesStatus(node, name), budget, true) !== null || budget.exhausted === true;
      this.helperSummaries.set(key, result);
    }
    return result;
  }

  /**
   * Whether `fn` is a helper of this file rather than a handler: it has a name, and every
   * use of that name calls it (`sendTooMany(ctx)`). Its caller may have set the status
   * before the call, so its response object does not start out unset.
   */
  private isLocalHelper(fn: FunctionNode): boolean {
    let name: TSESTree.Identifier | null = fn.id;
    if (!name && fn.parent.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier) {
      name = fn.parent.id;
    }
    const variable = name ? this.resolve(name) : null;
    const reads = (variable?.references ?? []).filter((reference) => reference.isRead());
    return (
      reads.length > 0 &&
      reads.every((reference) => {
        const parent = reference.identifier.parent;
        return parent.type === AST_NODE_TYPES.CallExpression && parent.callee === reference.identifier;
      })
    );
  }

  /**
   * Whether `node` stands for a rate limiter: its name says so, it was imported from a
   * limiter package, or it was built from something that is (`new Ratelimit(…)`).
   */
  isLimiter(node: TSESTree.Node, depth = 0): boolean {
    const inner = skipTypeWrappers(node);
    if (depth > 3) {
      return false;
    }
    switch (inner.type) {
      case AST_NODE_TYPES.Identifier: {
        if (isLimiterName(inner.name) || getLimiterLibrary(this.imports.get(inner.name))) {
          return true;
        }
        const init = this.getInit(inner);
        return init !== null && this.isLimiter(init, depth + 1);
      }
      case AST_NODE_TYPES.MemberExpression: {
        const name = getPropertyName(inner);
        return (name !== null && isLimiterName(name)) || this.isLimiter(inner.object, depth + 1);
      }
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.CallExpression:
        return this.isLimiter(inner.callee, depth + 1);
      case AST_NODE_TYPES.AwaitExpression:
        return this.isLimiter(inner.argument, depth + 1);
      default:
        return false;
    }
  }

  /**
   * Whether `node` holds what a limiter answered: a variable set from a call on a
   * limiter (`const { success } = await ratelimit.limit(ip)`), or a property of one.
   */
  isLimiterResult(node: TSESTree.Node, depth = 0): boolean {
    const inner = skipTypeWrappers(node);
    if (depth > 3) {
      return false;
    }
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const init = this.getInit(inner);
      return init !== null && this.isLimiterCall(init);
    }
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      return this.isLimiterResult(inner.object, depth + 1) || this.isLimiterCall(inner.object);
    }
    return this.isLimiterCall(inner);
  }

  /** Whether `node` is a (possibly awaited) call of a method of a limiter. */
  isLimiterCall(node: TSESTree.Node): boolean {
    const call = getAwaitedCall(node);
    if (!call) {
      return false;
    }
    const callee = skipTypeWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      return this.isLimiter(callee.object) || isLimiterName(getPropertyName(callee) ?? '');
    }
    return this.isLimiter(callee);
  }

  /**
   * Whether `node` is a call whose promise rejects when the caller is over the limit
   * (`limiter.consume(ip)`), or any call on a limiter.
   */
  isRejectingLimiterCall(node: TSESTree.CallExpression): boolean {
    const callee = skipTypeWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return false;
    }
    const method = getPropertyName(callee) ?? '';
    const object = skipTypeWrappers(callee.object);
    // `limiter.consume(ip).then(…)`: the call on the limiter is the inner one.
    if (object.type === AST_NODE_TYPES.CallExpression || object.type === AST_NODE_TYPES.AwaitExpression) {
      return false;
    }
    if (this.isLimiter(object)) {
      return true;
    }
    // A rate-limiter-flexible instance under another name: the file imports the library.
    return limiterLibraries.some(
      (library) =>
        'rejectingMethods' in library &&
        (library.rejectingMethods as readonly string[]).includes(method) &&
        [...this.imports.values()].some((source) => (library.packages as readonly string[]).includes(source)),
    );
  }

  /** The initialiser of the variable an identifier refers to (the whole source of a destructuring). */
  getInit(identifier: TSESTree.Identifier): TSESTree.Expression | null {
    const definition = this.resolve(identifier)?.defs[0];
    if (definition?.type !== DefinitionType.Variable) {
      return null;
    }
    return definition.node.init;
  }

  /** Matches a call that sends a response (`res.status(429).json(…)`, `c.json(b, 429)`, `NextResponse.json(…)`). */
  matchCall(node: TSESTree.CallExpression): SendSite | null {
    const callee = skipTypeWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    const method = getPropertyName(callee);
    if (method === null || !SEND_METHODS.has(method) || (node.arguments.length === 0 && SENDS_NEEDING_ARGUMENT.has(method))) {
      return null;
    }
    const factory = matchFactory(callee.object, method);
    if (factory) {
      return factorySite(node, factory, node.arguments);
    }
    // Walk down the chain to the response object, collecting a status set on the way.
    let object = skipTypeWrappers(callee.object);
    let chainStatus: ExplicitStatus | null = null;
    const chainMethods: string[] = [];
    while (object.type === AST_NODE_TYPES.CallExpression) {
      const inner = skipTypeWrappers(object.callee);
      if (inner.type !== AST_NODE_TYPES.MemberExpression) {
        return null;
      }
      const name = getPropertyName(inner);
      if (name === null) {
        return null;
      }
      chainMethods.push(name);
      object = skipTypeWrappers(inner.object);
    }
    if (object.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    const root = object;
    const models = this.getResponseModels(root);
    const statusMethods = new Set(models.flatMap((model) => model.statusMethods));
    for (const model of models) {
      const send = model.sends.find((candidate) => candidate.method === method);
      if (!send) {
        continue;
      }
      if ('needsArgument' in send && send.needsArgument && node.arguments.length === 0) {
        return null;
      }
      let valid = true;
      for (const name of chainMethods) {
        if (statusMethods.has(name)) {
          const setter = findChainCall(callee.object, name);
          chainStatus = { value: readStatus(setter?.arguments[0]), node: setter?.arguments[0] ?? null };
        } else if (!CHAINABLE.has(name)) {
          valid = false;
        }
      }
      if (!valid) {
        return null;
      }
      const statusArg = 'statusArg' in send ? send.statusArg : undefined;
      let explicit = chainStatus;
      if (statusArg !== undefined && node.arguments.length > statusArg) {
        explicit = readStatusArgument(node.arguments[statusArg]);
      }
      const bodyArg = 'bodyArg' in send ? send.bodyArg : undefined;
      const body = bodyArg === undefined ? null : (node.arguments[bodyArg] ?? null);
      if (model.errorBodiesFail === true && explicit === null && isErrorObject(body)) {
        // Fastify answers an Error with its statusCode, or 500.
        explicit = { value: '?', node: null };
      }
      return {
        node,
        framework: model.framework,
        root,
        body,
        explicit,
        defaultStatus: model.defaultStatus,
        label: `${root.name}.${method}(…)`,
        late: false,
        fixKind: getCallFixKind(model, method, statusArg, node.arguments.length, chainStatus),
      };
    }
    return null;
  }

  /**
   * Matches `return value` from a handler whose framework sends what it returns (Fastify's
   * `async (request, reply) => ({ … })`), with the status the reply holds at that point.
   */
  matchReturn(node: TSESTree.ReturnStatement): SendSite | null {
    const argument = node.argument ? skipTypeWrappers(node.argument) : null;
    if (
      !argument ||
      (argument.type !== AST_NODE_TYPES.ObjectExpression &&
        argument.type !== AST_NODE_TYPES.Literal &&
        argument.type !== AST_NODE_TYPES.TemplateLiteral)
    ) {
      return null;
    }
    const fn = getEnclosingFunction(node);
    for (const [index, param] of (fn?.params ?? []).entries()) {
      if (param.type !== AST_NODE_TYPES.Identifier || !returnSendParams.has(index)) {
        continue;
      }
      const model = this.getResponseModels(param).find(
        (candidate) => candidate.returnSends === true && (candidate.handlerParams).includes(index),
      );
      if (model) {
        return {
          node,
          framework: model.framework,
          root: param,
          body: argument,
          explicit: null,
          defaultStatus: model.defaultStatus,
          label: `return … from a ${model.framework} handler`,
          late: false,
          fixKind: 'none',
        };
      }
    }
    return null;
  }

  /** Matches `new Response(body, init)` / `new NextResponse(body, init)`. */
  matchNew(node: TSESTree.NewExpression): SendSite | null {
    const callee = skipTypeWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    const factory = responseFactories.find((candidate) => !('method' in candidate) && candidate.object === callee.name);
    return factory ? factorySite(node, factory, node.arguments) : null;
  }

  /** Matches `ctx.body = …` (Koa): a body whose status is whatever is set when the handler returns. */
  matchAssignment(node: TSESTree.AssignmentExpression): SendSite | null {
    if (node.operator !== '=' || node.left.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    const property = getPropertyName(node.left);
    let object = skipTypeWrappers(node.left.object);
    let via = '';
    // `ctx.response.body = …` is Koa's long form of `ctx.body = …`.
    if (object.type === AST_NODE_TYPES.MemberExpression && getPropertyName(object) === 'response') {
      object = skipTypeWrappers(object.object);
      via = '.response';
    }
    if (property === null || object.type !== AST_NODE_TYPES.Identifier || !anyBodyProperty.has(property)) {
      return null;
    }
    const model = this.getResponseModels(object).find((candidate) =>
      (candidate.bodyProperties).includes(property),
    );
    if (!model) {
      return null;
    }
    return {
      node,
      framework: model.framework,
      root: object,
      body: node.right,
      explicit: null,
      defaultStatus: model.defaultStatus,
      label: `${object.name}${via}.${property} = …`,
      late: true,
      fixKind: node.parent.type === AST_NODE_TYPES.ExpressionStatement ? 'before-statement' : 'none',
    };
  }

  /** The response-object root and status set by `root.status(n)`, `root.code(n)`, `root.writeHead(n)`. */
  getStatusCall(node: TSESTree.CallExpression): { root: TSESTree.Identifier; status: StatusValue } | null {
    const callee = skipTypeWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    const object = skipTypeWrappers(callee.object);
    const method = getPropertyName(callee);
    if (object.type !== AST_NODE_TYPES.Identifier || method === null || !anyStatusMethod.has(method)) {
      return null;
    }
    const models = this.getResponseModels(object);
    if (models.some((model) => (model.statusMethods).includes(method))) {
      return { root: object, status: readStatus(node.arguments[0]) };
    }
    return null;
  }

  /** The root and status of `res.statusCode = n`, `ctx.status = n`, `ctx.response.status = n`. */
  getStatusAssignment(node: TSESTree.AssignmentExpression): { root: TSESTree.Identifier; status: StatusValue } | null {
    if (node.left.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    const property = getPropertyName(node.left);
    let object = skipTypeWrappers(node.left.object);
    if (object.type === AST_NODE_TYPES.MemberExpression && getPropertyName(object) === 'response') {
      object = skipTypeWrappers(object.object);
    }
    if (property === null || object.type !== AST_NODE_TYPES.Identifier || !anyStatusProperty.has(property)) {
      return null;
    }
    const models = this.getResponseModels(object);
    if (models.some((model) => (model.statusProperties).includes(property))) {
      return { root: object, status: node.operator === '=' ? readStatus(node.right) : '?' };
    }
    return null;
  }
}

function isNamed(node: TSESTree.Node | null | undefined, name: string): boolean {
  const inner = node ? skipTypeWrappers(node) : null;
  return inner?.type === AST_NODE_TYPES.Identifier && inner.name === name;
}

/**
 * Whether `node`, inside a helper whose parameter `name` is a response object, may set
 * its status, whatever the parameter is called: `name.status(…)`, `name.statusCode = …`,
 * or handing `name` on to other code.
 */
function touchesStatus(node: TSESTree.Node, name: string): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipTypeWrappers(node.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && isNamed(callee.object, name) && anyStatusMethod.has(getPropertyName(callee) ?? '')) {
        return true;
      }
      return node.arguments.some((argument) => isNamed(argument, name));
    }
    case AST_NODE_TYPES.AssignmentExpression: {
      if (isNamed(node.right, name)) {
        return true;
      }
      const left = node.left;
      if (left.type !== AST_NODE_TYPES.MemberExpression || !anyStatusProperty.has(getPropertyName(left) ?? '')) {
        return false;
      }
      const object = skipTypeWrappers(left.object);
      return isNamed(object, name) || (object.type === AST_NODE_TYPES.MemberExpression && isNamed(object.object, name));
    }
    case AST_NODE_TYPES.VariableDeclarator:
    case AST_NODE_TYPES.ReturnStatement:
      return isNamed(node.type === AST_NODE_TYPES.VariableDeclarator ? node.init : node.argument, name);
    default:
      return false;
  }
}

/** `app.setErrorHandler((error, request, reply) => …)`, `app.onError((err, c) => …)`: a fresh response. */
function isRegisteredErrorHandler(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return (
    parent.type === AST_NODE_TYPES.CallExpression &&
    parent.callee.type === AST_NODE_TYPES.MemberExpression &&
    errorHandlerRegistrations.includes(getPropertyName(parent.callee) ?? '')
  );
}

function getParamName(param: TSESTree.Parameter | undefined): string | null {
  if (!param) {
    return null;
  }
  if (param.type === AST_NODE_TYPES.Identifier) {
    return param.name;
  }
  if (param.type === AST_NODE_TYPES.AssignmentPattern && param.left.type === AST_NODE_TYPES.Identifier) {
    return param.left.name;
  }
  if (param.type === AST_NODE_TYPES.TSParameterProperty) {
    return getParamName(param.parameter);
  }
  return null;
}

/**
 * A node's decorators. ESLint's default parser (espree) leaves the property out, so it
 * cannot be trusted to be there whatever the types say.
 */
export function getDecorators(node: TSESTree.Node | undefined): readonly TSESTree.Decorator[] {
  const decorators: unknown = node && 'decorators' in node ? node.decorators : undefined;
  return Array.isArray(decorators) ? (decorators as TSESTree.Decorator[]) : [];
}

/** `@Res() res`: NestJS injects the platform's response object. */
function hasResponseDecorator(param: TSESTree.Parameter | undefined): boolean {
  return getDecorators(param).some((decorator) => {
    const expression = decorator.expression;
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
    const name = getTrailingName(callee);
    return name === 'Res' || name === 'Response';
  });
}

function findChainCall(node: TSESTree.Node, method: string): TSESTree.CallExpression | null {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTypeWrappers(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    if (getPropertyName(callee) === method) {
      return current;
    }
    current = skipTypeWrappers(callee.object);
  }
  return null;
}

/** A status argument: a number, or a `ResponseInit`-like object with `status`. */
function readStatusArgument(node: TSESTree.Node | undefined): ExplicitStatus {
  const inner = node ? skipTypeWrappers(node) : null;
  if (inner?.type === AST_NODE_TYPES.ObjectExpression) {
    return readInit(inner, 200);
  }
  return { value: readStatus(inner ?? undefined), node: inner };
}

/** The `status` of an init object; the default when it has none; unknown past a spread. */
function readInit(init: TSESTree.ObjectExpression, defaultStatus: number): ExplicitStatus {
  for (const property of init.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      return { value: '?', node: null };
    }
    if (!property.computed && getTrailingName(property.key) === 'status') {
      return { value: readStatus(property.value), node: property.value };
    }
    if (property.key.type === AST_NODE_TYPES.Literal && property.key.value === 'status') {
      return { value: readStatus(property.value), node: property.value };
    }
  }
  return { value: defaultStatus, node: null };
}

type Factory = (typeof responseFactories)[number];

function matchFactory(object: TSESTree.Node, method: string): Factory | null {
  const inner = skipTypeWrappers(object);
  if (inner.type !== AST_NODE_TYPES.Identifier) {
    return null;
  }
  return (
    responseFactories.find((candidate) => 'method' in candidate && candidate.object === inner.name && candidate.method === method) ??
    null
  );
}

function factorySite(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  factory: Factory,
  args: readonly TSESTree.CallExpressionArgument[],
): SendSite {
  const init = args[factory.initArg];
  let explicit: ExplicitStatus;
  let fixKind: SendSite['fixKind'] = 'none';
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

function getCallFixKind(
  model: ResponseModel,
  method: string,
  statusArg: number | undefined,
  argCount: number,
  chainStatus: ExplicitStatus | null,
): SendSite['fixKind'] {
  if (chainStatus) {
    return chainStatus.node && typeof chainStatus.value === 'number' ? 'replace' : 'none';
  }
  if (statusArg !== undefined) {
    return argCount === statusArg ? 'status-arg' : 'replace';
  }
  if (method === 'sendStatus') {
    return 'replace';
  }
  if ((model.statusMethods).includes('status') && model.framework === 'Express') {
    return 'chain-status';
  }
  if ((model.statusMethods).includes('code')) {
    return 'chain-code';
  }
  return 'none';
}
