import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getPropertyName, getTrailingName } from '../flow/syntax.js';
import {
  errorClassPattern,
  failureNamePattern,
  type ResponseModel,
  responseFactories,
  responseModels,
  type SendMethod,
} from '../http/index.js';
import { getEnclosingFunctionLike } from '../util/functions.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import type { StatusScope } from './scope.js';
import { type ExplicitStatus, readStatus, readStatusArgument, type StatusValue } from './status-values.js';
import { factorySite, isStubbedValue, matchFactory } from './factories.js';

export { type ExplicitStatus, readStatus, type StatusValue } from './status-values.js';

const MODELS: readonly ResponseModel[] = responseModels;

const failureNameRegex = new RegExp(failureNamePattern, 'u');
const errorClassRegex = new RegExp(errorClassPattern, 'u');

/** Whether a class name is an error's (`TypeError`, `NotFoundException`). */
export function isErrorClassName(name: string | null): boolean {
  return name !== null && errorClassRegex.test(name);
}

/** `err`, `new Error(…)`: a value that is an error object, as opposed to a body describing one. */
function isErrorObject(node: TSESTree.Node | null | undefined): boolean {
  const inner = node ? skipTransparentWrappers(node) : null;
  if (inner?.type === AST_NODE_TYPES.Identifier) {
    return failureNameRegex.test(inner.name);
  }
  return inner?.type === AST_NODE_TYPES.NewExpression && isErrorClassName(getTrailingName(inner.callee));
}

/** Every method name that can send, to turn away the other calls with one lookup. */
const SEND_METHODS = new Set<string>([
  ...MODELS.flatMap((model) => model.sends.map((send) => send.method)),
  ...responseFactories.flatMap((factory) => ('method' in factory ? [factory.method] : [])),
]);

/** Send methods that send nothing without an argument, under every model that has them (and no factory's). */
const SENDS_NEEDING_ARGUMENT = new Set<string>(
  [...SEND_METHODS].filter(
    (method) =>
      !responseFactories.some((factory) => 'method' in factory && factory.method === method) &&
      MODELS.every((model) => model.sends.every((send) => send.method !== method || send.needsArgument === true)),
  ),
);

/** Methods that set the status: status methods, and sends that carry only a status (`res.sendStatus(n)`). */
export const anyStatusMethod = new Set<string>(
  MODELS.flatMap((model) => [
    ...model.statusMethods,
    ...model.sends.filter((send) => send.statusArg !== undefined && send.bodyArg === undefined).map((send) => send.method),
  ]),
);
export const anyStatusProperty = new Set<string>(MODELS.flatMap((model) => [...model.statusProperties]));
const anyBodyProperty = new Set<string>(MODELS.flatMap((model) => [...model.bodyProperties]));
const responseProperties = new Set<string>(MODELS.flatMap((model) => (model.responseProperty ? [model.responseProperty] : [])));
/** Where a handler whose framework sends what it returns takes its response object. */
const returnSendParams = new Set<number>(MODELS.flatMap((model) => (model.returnSends === true ? model.handlerParams : [])));

/** How a fix can give a send a status. */
export type FixKind = 'chain' | 'status-arg' | 'init-arg' | 'before-statement' | 'replace' | 'none';

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
  readonly fixKind: FixKind;
  /** For a `chain` fix: the status method to insert (`status`, `code`). */
  readonly fixMethod?: string;
  /** For a send made by a same-file helper on behalf of its caller: the send inside the helper. */
  readonly via?: TSESTree.Node;
}

/** The models each receiver name may be, per `responseNames` option (built once per option value). */
const modelsByNameCache = new Map<string, ReadonlyMap<string, readonly ResponseModel[]>>();

function getModelsByName(extraResponseNames: readonly string[]): ReadonlyMap<string, readonly ResponseModel[]> {
  const key = extraResponseNames.join(',');
  let byName = modelsByNameCache.get(key);
  if (!byName) {
    const built = new Map<string, ResponseModel[]>();
    for (const model of MODELS) {
      const extra = model.takesResponseNames === true ? extraResponseNames : [];
      for (const name of [...model.receiverNames, ...extra]) {
        const list = built.get(name) ?? [];
        list.push(model);
        built.set(name, list);
      }
    }
    byName = built;
    modelsByNameCache.set(key, byName);
  }
  return byName;
}

/** The response-object root of a member chain `res.set(…).status(…)` and the names on the way, innermost last. */
function getChain(object: TSESTree.Node): { root: TSESTree.Node; methods: string[] } | null {
  let current = skipTransparentWrappers(object);
  const methods: string[] = [];
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const inner = skipTransparentWrappers(current.callee);
    if (inner.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    const name = getPropertyName(inner);
    if (name === null) {
      return null;
    }
    methods.push(name);
    current = skipTransparentWrappers(inner.object);
  }
  return { root: current, methods };
}

/**
 * Recognises the nodes that send a response or set its status, from the framework
 * tables in src/http. With type information, a response object's declared type decides
 * whatever its name; names decide only where the type says nothing. A copy of a response
 * object (`const r = res`) is read as the original.
 */
export class Responses {
  private readonly modelsByName: ReadonlyMap<string, readonly ResponseModel[]>;

  constructor(
    private readonly scope: StatusScope,
    extraResponseNames: readonly string[] = [],
  ) {
    this.modelsByName = getModelsByName(extraResponseNames);
  }

  /**
   * The response models an identifier may be: by its declared type when types know it
   * (none for a type that is no response, such as an HTTP client's `res`), else by its
   * name, or by the name of what it is a copy of.
   */
  getResponseModels(root: TSESTree.Identifier): readonly ResponseModel[] {
    const origin = this.scope.originName(root);
    if (origin.name !== root.name) {
      return this.getResponseModels(origin);
    }
    const byName = this.modelsByName.get(root.name) ?? [];
    const { types } = this.scope;
    // Under another name, only a parameter is put to the checker: response objects reach
    // handlers and helpers as parameters, and inferring the type of every other local with
    // a `send`/`end`/`render` call (`style.render(…)` on a `require`d object) made the checker
    // infer unrelated initialisers (a 6,000-line bundle went from 90 to 215 ms).
    if (!types || (byName.length === 0 && !this.scope.isParameter(root))) {
      return byName;
    }
    const framework = types.getVariableFramework(root);
    if (framework === undefined) {
      return byName;
    }
    return framework === null ? [] : MODELS.filter((model) => model.typeNames.includes(framework));
  }

  /** Whether the declared type of `identifier` is a response object's; `undefined` when types cannot tell. */
  isTypedResponse(identifier: TSESTree.Identifier): boolean | undefined {
    const framework = this.scope.types?.getVariableFramework(identifier);
    return framework === undefined ? undefined : framework !== null;
  }

  /** Whether an identifier is a response object, by type or else by name. */
  isResponse(identifier: TSESTree.Identifier): boolean {
    return this.isTypedResponse(identifier) ?? this.getResponseModels(identifier).length > 0;
  }

  /**
   * Matches a call that sends a response (`res.status(429).json(…)`, `c.json(b, 429)`,
   * `NextResponse.json(…)`). `modelsOf` says what a receiver is where this file's scope
   * cannot (a helper of another module, whose parameter is the caller's response object).
   */
  matchCall(node: TSESTree.CallExpression, modelsOf?: (root: TSESTree.Identifier) => readonly ResponseModel[]): SendSite | null {
    const callee = skipTransparentWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    const method = getPropertyName(callee);
    if (method === null || !SEND_METHODS.has(method) || (node.arguments.length === 0 && SENDS_NEEDING_ARGUMENT.has(method))) {
      return null;
    }
    const factory = modelsOf ? null : matchFactory(callee.object, method);
    if (factory) {
      return isStubbedValue(node) ? null : factorySite(node, factory, node.arguments);
    }
    const chain = getChain(callee.object);
    if (chain?.root.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    const root = chain.root;
    const models = modelsOf ? modelsOf(root) : this.getResponseModels(root);
    const statusMethods = new Set(models.flatMap((model) => model.statusMethods));
    for (const model of models) {
      const send = model.sends.find((candidate) => candidate.method === method);
      if (!send) {
        continue;
      }
      if (send.needsArgument === true && node.arguments.length === 0) {
        return null;
      }
      let chainStatus: ExplicitStatus | null = null;
      for (const name of chain.methods) {
        if (statusMethods.has(name)) {
          const setter = findChainCall(callee.object, name);
          chainStatus = { value: readStatus(setter?.arguments[0]), node: setter?.arguments[0] ?? null };
        } else if (!model.chainMethods.includes(name)) {
          return null;
        }
      }
      return this.callSite(node, model, send, root, method, chainStatus);
    }
    return null;
  }

  private callSite(
    node: TSESTree.CallExpression,
    model: ResponseModel,
    send: SendMethod,
    root: TSESTree.Identifier,
    method: string,
    chainStatus: ExplicitStatus | null,
  ): SendSite {
    const { statusArg, bodyArg } = send;
    let explicit = chainStatus;
    if (statusArg !== undefined && node.arguments.length > statusArg) {
      explicit = readStatusArgument(node.arguments[statusArg]);
    }
    const body = bodyArg === undefined ? null : (node.arguments[bodyArg] ?? null);
    if (model.errorBodiesFail === true && explicit === null && isErrorObject(body)) {
      // Fastify answers an Error with its statusCode, or 500.
      explicit = { value: '?', node: null };
    }
    let fixKind: FixKind = 'none';
    if (chainStatus) {
      fixKind = chainStatus.node && typeof chainStatus.value === 'number' ? 'replace' : 'none';
    } else if (statusArg !== undefined) {
      fixKind = bodyArg === undefined || node.arguments.length !== statusArg ? 'replace' : 'status-arg';
    } else if (model.statusFixMethod !== undefined) {
      fixKind = 'chain';
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
      fixKind,
      ...(fixKind === 'chain' && model.statusFixMethod !== undefined ? { fixMethod: model.statusFixMethod } : {}),
    };
  }

  /**
   * Matches `return value` from a handler whose framework sends what it returns (Fastify's
   * `async (request, reply) => ({ … })`), with the status the reply holds at that point.
   */
  matchReturn(node: TSESTree.ReturnStatement): SendSite | null {
    const argument = node.argument ? skipTransparentWrappers(node.argument) : null;
    if (
      !argument ||
      (argument.type !== AST_NODE_TYPES.ObjectExpression &&
        argument.type !== AST_NODE_TYPES.Literal &&
        argument.type !== AST_NODE_TYPES.TemplateLiteral)
    ) {
      return null;
    }
    const fn = getEnclosingFunctionLike(node);
    for (const [index, param] of (fn?.params ?? []).entries()) {
      if (param.type !== AST_NODE_TYPES.Identifier || !returnSendParams.has(index)) {
        continue;
      }
      const model = this.getResponseModels(param).find(
        (candidate) => candidate.returnSends === true && candidate.handlerParams.includes(index),
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
    const callee = skipTransparentWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    const factory = responseFactories.find((candidate) => !('method' in candidate) && candidate.object === callee.name);
    return factory && !isStubbedValue(node) ? factorySite(node, factory, node.arguments) : null;
  }

  /** `ctx` and `.response` for `ctx.response.x`, or the object itself. */
  private getAssignedObject(left: TSESTree.MemberExpression): { object: TSESTree.Node; via: string } {
    const object = skipTransparentWrappers(left.object);
    const name = object.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(object) : null;
    if (object.type === AST_NODE_TYPES.MemberExpression && name !== null && responseProperties.has(name)) {
      return { object: skipTransparentWrappers(object.object), via: `.${name}` };
    }
    return { object, via: '' };
  }

  /** Matches `ctx.body = …` (Koa): a body whose status is whatever is set when the handler returns. */
  matchAssignment(node: TSESTree.AssignmentExpression): SendSite | null {
    if (node.operator !== '=' || node.left.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    const property = getPropertyName(node.left);
    if (property === null || !anyBodyProperty.has(property)) {
      return null;
    }
    const { object, via } = this.getAssignedObject(node.left);
    if (object.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    const model = this.getResponseModels(object).find((candidate) => candidate.bodyProperties.includes(property));
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
    const callee = skipTransparentWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    const object = skipTransparentWrappers(callee.object);
    const method = getPropertyName(callee);
    if (object.type !== AST_NODE_TYPES.Identifier || method === null || !anyStatusMethod.has(method)) {
      return null;
    }
    const models = this.getResponseModels(object);
    if (models.some((model) => model.statusMethods.includes(method))) {
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
    if (property === null || !anyStatusProperty.has(property)) {
      return null;
    }
    const { object } = this.getAssignedObject(node.left);
    if (object.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    const models = this.getResponseModels(object);
    if (models.some((model) => model.statusProperties.includes(property))) {
      return { root: object, status: node.operator === '=' ? readStatus(node.right) : '?' };
    }
    return null;
  }

  /** Whether a method called on `root` hands the failure on and never returns (`ctx.throw(429)`). */
  isThrowMethod(root: TSESTree.Identifier, method: string): boolean {
    return this.getResponseModels(root).some((model) => model.throwMethods.includes(method));
  }
}

function findChainCall(node: TSESTree.Node, method: string): TSESTree.CallExpression | null {
  let current = skipTransparentWrappers(node);
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTransparentWrappers(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    if (getPropertyName(callee) === method) {
      return current;
    }
    current = skipTransparentWrappers(callee.object);
  }
  return null;
}
