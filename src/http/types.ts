/**
 * How a web framework decides the HTTP status of a response, as data. The analysis in
 * src/status reads these tables; it knows no framework by name.
 */

/** A method called on a response object (`res.json(…)`, `reply.send(…)`, `c.json(…)`). */
export interface SendMethod {
  /** The method name. */
  readonly method: string;
  /** Index of the argument that carries the body; absent when the call sends none. */
  readonly bodyArg?: number;
  /** Index of an argument that sets the status (`c.json(body, 429)`, `res.sendStatus(429)`). */
  readonly statusArg?: number;
  /**
   * Whether the call needs at least one argument to be a send. `res.json()` with no
   * argument is far more often a fetch `Response` being parsed than an empty answer.
   */
  readonly needsArgument?: boolean;
}

/** One framework's response object: how it is named, sends, and sets a status. */
export interface ResponseModel {
  /** The framework, as messages name it (`Express`). */
  readonly framework: string;
  /** Packages whose import in a file is evidence for this model. */
  readonly packages: readonly string[];
  /**
   * Names the response object goes by (`res`, `reply`, `ctx`). Syntax-only mode has no
   * other way to tell a response from any object with a `json` method.
   */
  readonly receiverNames: readonly string[];
  /** Whether the rules' `responseNames` option adds names to this model (Express-style responses). */
  readonly takesResponseNames?: boolean;
  /**
   * Where the response object sits in a route handler's parameters (`(req, res, next)`:
   * 1). A response object at that position starts with no status set; anywhere else (a
   * helper taking `res`), a caller may have set one, and the analysis cannot decide.
   */
  readonly handlerParams: readonly number[];
  /** Calls on the response object that send it. */
  readonly sends: readonly SendMethod[];
  /** Methods that set the status and return the response (`res.status(n)`), status in argument 0. */
  readonly statusMethods: readonly string[];
  /** Properties whose assignment sets the status (`res.statusCode = n`). */
  readonly statusProperties: readonly string[];
  /**
   * Properties whose assignment sends a body (`ctx.body = …`). The status of such a send
   * is whatever is set when the handler returns, so a later `ctx.status = 429` counts.
   */
  readonly bodyProperties: readonly string[];
  /** Calls on the response object that hand the failure on (`ctx.throw(429)`); never a 2xx send. */
  readonly throwMethods: readonly string[];
  /** The status a send goes out with when none was set. */
  readonly defaultStatus: number;
  /** Sending an `Error` answers with its status or 500, not the default (Fastify's `reply.send(err)`). */
  readonly errorBodiesFail?: boolean;
  /** What a handler returns is sent with the response's status (Fastify's async handlers). */
  readonly returnSends?: boolean;
  /**
   * The frameworks, as the type oracle names them (`express`, `node-http`, …), whose
   * response objects this model reads: a value typed as one is read with every model
   * that lists its framework.
   */
  readonly typeNames: readonly string[];
  /** Methods that return the response itself, so a chain goes on to a send (`res.set(…).json(…)`). */
  readonly chainMethods: readonly string[];
  /** How a fix gives a send without a status one: a status method inserted into the chain. */
  readonly statusFixMethod?: string;
  /** A sub-object that stands for the response (`ctx.response.status` in Koa). */
  readonly responseProperty?: string;
  /**
   * Error middleware by arity: a function with this many parameters whose parameter at
   * `responseParam` is a response object (Express's `(err, req, res, next)`).
   */
  readonly errorMiddleware?: { readonly arity: number; readonly responseParam: number };
  /**
   * Names under which a controller takes the request's context from `this` (`const { ctx }
   * = this` in Egg.js and Midway controllers): a fresh response.
   */
  readonly contextFromThis?: readonly string[];
}

/**
 * A call that registers a framework's exception handler (`app.onError(fn)`,
 * `fastify.setErrorHandler(fn)`): `fn` answers failures, with a fresh response.
 */
export interface ErrorHandlerRegistration {
  readonly framework: string;
  readonly method: string;
  /** Index of the handler among the call's arguments. */
  readonly handlerArg: number;
}

/** Named status constants (`HttpStatus.OK`, `StatusCodes.TOO_MANY_REQUESTS`). */
export interface StatusConstants {
  /** Names of the objects that hold them. */
  readonly objects: readonly string[];
  /** Constant name → status. */
  readonly values: Readonly<Record<string, number>>;
}

/**
 * A call or `new` that builds a response on its own (`NextResponse.json(body, init)`,
 * `new Response(body, init)`), its status in an `init` object's `status`.
 */
export interface ResponseFactory {
  readonly framework: string;
  /** `Response.json`: the object's name and the method; `new Response`: the class, method absent. */
  readonly object: string;
  readonly method?: string;
  readonly bodyArg: number;
  readonly initArg: number;
  readonly defaultStatus: number;
}

/**
 * A plain object that a handler returns and the platform turns into a response (AWS
 * Lambda behind API Gateway: `return { statusCode, body }`).
 */
export interface ReturnedResponse {
  readonly framework: string;
  /** Key of the status in the returned object. */
  readonly statusKey: string;
  /** Key of the body; the object must have it to count as a response. */
  readonly bodyKey: string;
  /** Callbacks that send such an object as their second argument (`callback(null, { … })`). */
  readonly callbackNames: readonly string[];
}

/**
 * A framework whose controllers return the body and declare the status with a decorator
 * (NestJS: `@HttpCode(n)`, `@Post()` defaulting to 201).
 */
export interface DecoratedController {
  readonly framework: string;
  readonly packages: readonly string[];
  /** Class decorators that make a class a controller. */
  readonly classDecorators: readonly string[];
  /** Method decorators that make a method a route, with the status each defaults to. */
  readonly routeDecorators: Readonly<Record<string, number>>;
  /** The method decorator that sets the status, status in argument 0. */
  readonly statusDecorator: string;
  /** Parameter decorators that inject the framework's response object (`@Res()`). */
  readonly responseParamDecorators: readonly string[];
  /** Methods that hand out the platform's fresh response (`host.switchToHttp().getResponse()`). */
  readonly freshResponseMethods: readonly string[];
  /**
   * Exception filters: a class with this decorator, whose method of this name answers
   * every exception the filter catches (`@Catch() class F { catch(exception, host) {} }`).
   */
  readonly exceptionFilter: { readonly classDecorator: string; readonly method: string };
}
