import type {
  DecoratedController,
  ErrorHandlerRegistration,
  ResponseFactory,
  ResponseModel,
  ReturnedResponse,
  StatusConstants,
} from './types.js';

const RES = ['res', 'response', 'resp'];

/** Express and Node `http` response methods that return the response, so a chain goes on. */
const EXPRESS_CHAIN = [
  'set',
  'header',
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
];

/**
 * Response objects, first match wins for messages. Express and Node `http` share `res`:
 * Express adds `status()`, `json()`, `send()`; both send 200 unless told otherwise.
 * Next.js pages API routes use the same `res` and are covered by the Express entry.
 */
export const responseModels = [
  {
    framework: 'Express',
    packages: ['express', 'next'],
    receiverNames: RES,
    takesResponseNames: true,
    // (req, res, next); error middleware (err, req, res, next); express-rate-limit's
    // handler (req, res, next, options).
    handlerParams: [1, 2],
    sends: [
      { method: 'json', bodyArg: 0, needsArgument: true },
      { method: 'send', bodyArg: 0, needsArgument: true },
      { method: 'jsonp', bodyArg: 0, needsArgument: true },
      { method: 'render', bodyArg: 0, needsArgument: true },
      { method: 'sendStatus', statusArg: 0, needsArgument: true },
    ],
    statusMethods: ['status'],
    statusProperties: ['statusCode'],
    bodyProperties: [],
    throwMethods: [],
    defaultStatus: 200,
    typeNames: ['express', 'node-http'],
    chainMethods: EXPRESS_CHAIN,
    statusFixMethod: 'status',
    errorMiddleware: { arity: 4, responseParam: 2 },
  },
  {
    framework: 'Node http',
    packages: ['http', 'node:http', 'https', 'node:https', 'http2', 'node:http2'],
    receiverNames: RES,
    handlerParams: [1, 2],
    sends: [{ method: 'end', bodyArg: 0 }],
    statusMethods: ['writeHead'],
    statusProperties: ['statusCode'],
    bodyProperties: [],
    throwMethods: [],
    defaultStatus: 200,
    typeNames: ['express', 'node-http'],
    chainMethods: [],
  },
  {
    framework: 'Fastify',
    packages: ['fastify'],
    receiverNames: ['reply', 'rep'],
    handlerParams: [1],
    sends: [{ method: 'send', bodyArg: 0 }],
    statusMethods: ['code', 'status'],
    statusProperties: ['statusCode'],
    bodyProperties: [],
    throwMethods: [],
    defaultStatus: 200,
    errorBodiesFail: true,
    returnSends: true,
    typeNames: ['fastify'],
    chainMethods: ['header', 'headers', 'type', 'serializer', 'removeHeader'],
    statusFixMethod: 'code',
  },
  {
    framework: 'Koa',
    packages: ['koa', '@koa/router', 'koa-router'],
    receiverNames: ['ctx', 'context'],
    handlerParams: [0],
    sends: [],
    statusMethods: [],
    statusProperties: ['status'],
    bodyProperties: ['body'],
    throwMethods: ['throw'],
    defaultStatus: 200,
    typeNames: ['koa'],
    chainMethods: [],
    responseProperty: 'response',
    contextFromThis: ['ctx'],
  },
  {
    framework: 'Hono',
    packages: ['hono'],
    receiverNames: ['c', 'ctx', 'context'],
    handlerParams: [0],
    sends: [
      { method: 'json', bodyArg: 0, statusArg: 1, needsArgument: true },
      // Hono 3's typed JSON (`c.jsonT(body)`), sent like `c.json()`.
      { method: 'jsonT', bodyArg: 0, statusArg: 1, needsArgument: true },
      { method: 'text', bodyArg: 0, statusArg: 1, needsArgument: true },
      { method: 'html', bodyArg: 0, statusArg: 1, needsArgument: true },
      { method: 'body', bodyArg: 0, statusArg: 1, needsArgument: true },
      { method: 'newResponse', bodyArg: 0, statusArg: 1, needsArgument: true },
    ],
    statusMethods: ['status'],
    statusProperties: [],
    bodyProperties: [],
    throwMethods: [],
    defaultStatus: 200,
    typeNames: ['hono'],
    chainMethods: [],
  },
] as const satisfies readonly ResponseModel[];

/**
 * Methods of test doubles that store a value for the stub to give back: a response built as
 * their argument (`mockFetch.mockResolvedValueOnce(new Response(body))`) is a fake answer
 * handed to the code under test, not one this code sends (vitest/jest, sinon).
 */
export const stubbingMethods = [
  'mockResolvedValue', 'mockResolvedValueOnce', 'mockReturnValue', 'mockReturnValueOnce', 'resolves', 'returns',
] as const;

/** Responses built on their own, by Next.js and the Fetch API. */
export const responseFactories = [
  { framework: 'Next.js', object: 'NextResponse', method: 'json', bodyArg: 0, initArg: 1, defaultStatus: 200 },
  { framework: 'Next.js', object: 'NextResponse', bodyArg: 0, initArg: 1, defaultStatus: 200 },
  { framework: 'the Fetch API', object: 'Response', method: 'json', bodyArg: 0, initArg: 1, defaultStatus: 200 },
  { framework: 'the Fetch API', object: 'Response', bodyArg: 0, initArg: 1, defaultStatus: 200 },
] as const satisfies readonly ResponseFactory[];

/** Objects a handler returns for the platform to send. */
export const returnedResponses = [
  { framework: 'AWS Lambda', statusKey: 'statusCode', bodyKey: 'body', callbackNames: ['callback', 'cb', 'done'] },
] as const satisfies readonly ReturnedResponse[];

/** Controllers that return bodies and declare their status by decorator. */
export const decoratedControllers = [
  {
    framework: 'NestJS',
    packages: ['@nestjs/common'],
    classDecorators: ['Controller'],
    routeDecorators: { Get: 200, Post: 201, Put: 200, Patch: 200, Delete: 200, All: 200, Options: 200, Head: 200 },
    statusDecorator: 'HttpCode',
    responseParamDecorators: ['Res', 'Response'],
    freshResponseMethods: ['getResponse'],
    exceptionFilter: { classDecorator: 'Catch', method: 'catch' },
  },
] as const satisfies readonly DecoratedController[];

/**
 * Calls that register a framework's exception handler: Fastify
 * `setErrorHandler((error, request, reply) => …)`, Hono `app.onError((err, c) => …)`.
 */
export const errorHandlerRegistrations = [
  { framework: 'Fastify', method: 'setErrorHandler', handlerArg: 0 },
  { framework: 'Hono', method: 'onError', handlerArg: 0 },
] as const satisfies readonly ErrorHandlerRegistration[];

/**
 * Methods that register a plugin with its options, the plugin first: Fastify
 * `app.register(rateLimit, { max: 100 })`. The plugin, not the method, says what the
 * options mean.
 */
export const pluginRegistrationMethods = ['register'];

/** Status constants of NestJS (`HttpStatus`), http-status-codes (`StatusCodes`) and the like. */
export const statusConstants = {
  objects: ['HttpStatus', 'StatusCodes', 'httpStatus', 'HttpStatusCode', 'HTTP_STATUS', 'HTTPStatus'],
  values: {
    OK: 200,
    CREATED: 201,
    ACCEPTED: 202,
    NO_CONTENT: 204,
    BAD_REQUEST: 400,
    UNAUTHORIZED: 401,
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    CONFLICT: 409,
    UNPROCESSABLE_ENTITY: 422,
    TOO_MANY_REQUESTS: 429,
    INTERNAL_SERVER_ERROR: 500,
    BAD_GATEWAY: 502,
    SERVICE_UNAVAILABLE: 503,
    GATEWAY_TIMEOUT: 504,
  },
} as const satisfies StatusConstants;
