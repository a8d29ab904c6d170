/**
 * What marks a failure branch and an error-shaped body, as data.
 */

/** Body keys whose presence (with a value that is not `null`, `false` or `undefined`) is an error. */
export const errorKeys = ['error', 'errors', 'err', 'errorMessage', 'error_message', 'errMsg', 'errmsg', 'exception', 'errorCode', 'error_code'];

/** Body keys that are an error when `false`: `{ success: false }`, `{ ok: false }`. */
export const successFlagKeys = ['success', 'ok', 'succeeded', 'successful'];

/** Body keys whose string value names a failure state: `{ status: 'error' }`. */
export const stateKeys = ['status', 'state', 'result', 'type'];
export const failureStates = ['error', 'fail', 'failed', 'failure', 'exception'];

/**
 * Body keys that make a body the answer to a question the request asked ("is this URL
 * valid?", "does this slug exist?"): `{ isValid: false, error }` reports a finding, not a
 * failure of the request. So does a state key with a value that is not a failure
 * (`{ status: 'invalid', message }`).
 */
export const answerKeys = ['valid', 'isValid', 'exists', 'available', 'isAvailable', 'found', 'healthy', 'reachable'];

/**
 * Keys of a yes/no answer by their form (`isAccessible`, `hasAccess`, `canPublish`): a body
 * where one holds a boolean literal answers a question, as `answerKeys` do. A regular-expression
 * source; keys that speak of the request's own outcome (`isError`, `hasFailed`,
 * `isSuccess`) are left out by `answerKeyExclusions`.
 */
export const answerKeyPattern = '^(is|has|can)[A-Z]';
export const answerKeyExclusions = '(error|err|fail|success|ok)';

/** Body keys whose value is an HTTP-like code: `{ code: 500 }` is an error at 400 and above. */
export const codeKeys = ['code', 'status', 'statusCode', 'status_code', 'httpStatus', 'errcode', 'errCode'];

/** Body keys holding a message, error-shaped when it says so. */
export const messageKeys = ['message', 'msg', 'detail', 'details', 'description', 'reason', 'title'];

/** Words that make a message an error message (case-insensitive regular-expression source). */
export const errorWordPattern =
  "\\b(error|errors|failed|fail|failure|exception)\\b|went wrong|\\bunable to\\b|\\bcould ?n[o']t\\b|错误|失败|异常";

/**
 * Names of a value that holds a failure (`if (err)`, `if (error)`, `{ data, error }`),
 * case-sensitive regular-expression source.
 */
export const failureNamePattern = '^(err|error|e|ex|exc|exception|[a-z]\\w*Error|[a-z]\\w*Err)$';

/** Properties that hold a failure when truthy (`result.error`). */
export const failurePropertyPattern = '^(err|error|errors|exception|[a-z]\\w*Error)$';

/** Properties that hold a failure when falsy (`!result.success`, `!response.ok`). */
export const successPropertyNames = ['ok', 'success', 'succeeded'];

/** Class names of errors (`new TypeError(…)`, `new NotFoundException(…)`), a regular-expression source. */
export const errorClassPattern = '(Error|Exception)$';

/** Classes every error derives from; with types, a value of a subtype is an error whatever its name. */
export const errorBaseClasses = ['Error'];

/** Calls that serialise a body and send the same content: `JSON.stringify(x)`, `Buffer.from(x)`. */
export const bodyWrapperCalls = [
  { object: 'JSON', method: 'stringify' },
  { object: 'Buffer', method: 'from' },
];

/**
 * Names of a project's own exception handlers (`handleException(exception)`,
 * `errorHandler(err, req, res)`, `onError`), a case-insensitive regular-expression source.
 * A function so named whose first parameter holds a failure answers failures.
 */
export const errorHandlerNamePattern =
  '^(handle|on|send|render|format|respond)?[-_]?(http)?[-_]?(error|exception|failure)s?([-_]?(handler|filter|response))?$|^handle\\w*(error|exception)$';

/**
 * Fields of an error-shaped body that make it a failure answer on their own, without a
 * `catch` or an `if (err)` around the send: a 4xx/5xx number in one of `codeKeys`, or an
 * object (or an error) under one of these keys (`{ error: { message } }`).
 */
export const selfEvidentErrorKeys = ['error', 'errors', 'exception'];
