import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getPropertyName, getTrailingName } from '../flow/syntax.js';
import {
  answerKeyExclusions,
  answerKeyPattern,
  answerKeys,
  bodyWrapperCalls,
  codeKeys,
  errorKeys,
  errorWordPattern,
  failureNamePattern,
  failureStates,
  messageKeys,
  type ProtocolConvention,
  protocolConventions,
  refusalPhrases,
  refusalTopicPhrases,
  selfEvidentErrorKeys,
  stateKeys,
  successFlagKeys,
} from '../http/index.js';
import type { Variable } from '../util/imports.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { getText, isAbsent, isCode, isFailureValue, keyName, quote } from './body-syntax.js';
import { isErrorClassName } from './responses.js';

/**
 * What the body reader needs of the file: the value a name was declared with, and (when
 * helpers are followed) what the function a call reaches returns.
 */
export interface InitReader {
  getInit(identifier: TSESTree.Identifier): TSESTree.Expression | null;
  /** The return summary of the helper `call` reaches; `within` is the helper being read, if any. */
  getHelper?(call: TSESTree.CallExpression, within: HelperReturns | null): HelperReturns | null;
}

/** What a helper returns, read with each call's arguments in place of its parameters. */
export interface HelperReturns {
  readonly fn: TSESTree.Node;
  readonly name: string;
  /** One expression per way out of the helper; `null` where it returns nothing. */
  readonly returns: readonly (TSESTree.Expression | null)[];
  /** It lives in another module: its names resolve there. */
  readonly foreign: boolean;
  readonly resolve: (identifier: TSESTree.Identifier) => Variable | null;
  /** The index of the parameter an identifier of the helper is, when it holds the argument; else -1. */
  readonly paramIndex: (identifier: TSESTree.Identifier) => number;
  readonly getInit: (identifier: TSESTree.Identifier) => TSESTree.Expression | null;
}

/** A helper being read for one call: its arguments, and the frame they are read in. */
interface Frame {
  readonly helper: HelperReturns;
  readonly args: readonly TSESTree.Node[];
  readonly outer: Frame | null;
}

/** What a response body says about itself. */
export interface BodySignals {
  /** Why it reads as a rate-limit refusal (`"Too many requests"`, `` `code: 429` ``), or `null`. */
  readonly refusal: string | null;
  /** Why it reads as an error (`` `success: false` ``), or `null`. */
  readonly errorShape: string | null;
  /** It follows a protocol that answers errors with 200 (JSON-RPC, GraphQL). */
  readonly protocol: boolean;
  /**
   * Why the body is a failure answer on its own, with no `catch` or `if (err)` around the
   * send: a failure code in it (`` `code: 404` ``), an error object (`` `error: { … }` ``).
   * `null` for every other body.
   */
  readonly selfEvident: string | null;
}

const refusalRegex = new RegExp(refusalPhrases.join('|'), 'iu');
const topicRegex = new RegExp(refusalTopicPhrases.join('|'), 'iu');
const errorWordRegex = new RegExp(errorWordPattern, 'iu');
const failureNameRegex = new RegExp(failureNamePattern, 'u');
const answerKeyRegex = new RegExp(answerKeyPattern, 'u');
const answerExclusionRegex = new RegExp(answerKeyExclusions, 'iu');
const MAX_DEPTH = 3;
const protocolShapes: readonly (readonly string[])[] = (protocolConventions as readonly ProtocolConvention[]).flatMap(
  (protocol) => protocol.bodyShapes,
);

class BodyReader {
  refusal: string | null = null;
  errorShape: string | null = null;
  selfEvident: string | null = null;
  protocol = false;
  private topic = false;
  /** The body answers a question; its error-looking keys describe the answer. */
  private answer = false;
  /** A success flag the body sets to `false` (`success`), and an error key it fills (`error`). */
  private falseFlag: string | null = null;
  private filledErrorKey: string | null = null;

  constructor(
    private readonly recognizer: InitReader,
    /** The helper call being read, when this reader reads what a helper returns. */
    private frame: Frame | null = null,
  ) {}

  /**
   * The node a value stands for: a parameter of the helper being read is the argument its
   * call passed (read in the caller's frame); `null` when no argument was passed.
   */
  private bind(node: TSESTree.Node): { node: TSESTree.Node | null; frame: Frame | null } {
    let current = node;
    let frame = this.frame;
    for (;;) {
      const inner = skipTransparentWrappers(current);
      const index = frame && inner.type === AST_NODE_TYPES.Identifier ? frame.helper.paramIndex(inner) : -1;
      if (!frame || index < 0) {
        return { node: current, frame };
      }
      const argument = frame.args[index];
      frame = frame.outer;
      if (argument === undefined) {
        return { node: null, frame };
      }
      current = argument;
    }
  }

  /** Runs `read` with the frame a bound value belongs to. */
  private inFrame(frame: Frame | null, read: () => void): void {
    const saved = this.frame;
    this.frame = frame;
    try {
      read();
    } finally {
      this.frame = saved;
    }
  }

  /** Reads the body; `top` is whether this is the body itself rather than a nested value. */
  read(node: TSESTree.Node, depth: number, top: boolean): void {
    if (depth > MAX_DEPTH) {
      return;
    }
    const bound = this.bind(node);
    if (bound.node === null) {
      return;
    }
    if (bound.frame !== this.frame) {
      const value = bound.node;
      this.inFrame(bound.frame, () => {
        this.read(value, depth, top);
      });
      return;
    }
    const inner = skipTransparentWrappers(bound.node);
    const text = getText(inner);
    if (text !== null) {
      this.readText(text, top);
      return;
    }
    switch (inner.type) {
      case AST_NODE_TYPES.ObjectExpression:
        this.readObject(inner, depth, top);
        return;
      case AST_NODE_TYPES.ArrayExpression:
        for (const element of inner.elements) {
          if (element) {
            this.read(element, depth + 1, false);
          }
        }
        return;
      case AST_NODE_TYPES.AwaitExpression:
        this.read(inner.argument, depth, top);
        return;
      case AST_NODE_TYPES.Identifier: {
        if (top && failureNameRegex.test(inner.name)) {
          this.errorShape ??= `\`${inner.name}\` itself`;
          return;
        }
        const init = this.frame ? this.frame.helper.getInit(inner) : this.recognizer.getInit(inner);
        if (init && depth < MAX_DEPTH) {
          this.read(init, depth + 1, top);
        }
        return;
      }
      case AST_NODE_TYPES.CallExpression:
        this.readCall(inner, depth, top);
        return;
      case AST_NODE_TYPES.NewExpression:
        if (top && isErrorClassName(getTrailingName(inner.callee))) {
          this.errorShape ??= `a \`new ${getTrailingName(inner.callee) ?? 'Error'}(…)\``;
        }
        for (const argument of inner.arguments) {
          this.read(argument, depth + 1, false);
        }
        return;
      case AST_NODE_TYPES.MemberExpression:
        if (top && isFailureValue(inner)) {
          this.errorShape ??= `\`${getTrailingName(inner) ?? 'message'}\` of the error`;
        }
        return;
      default:
        return;
    }
  }

  private readCall(call: TSESTree.CallExpression, depth: number, top: boolean): void {
    const callee = skipTransparentWrappers(call.callee);
    // JSON.stringify(x), Buffer.from(x): the body is x.
    if (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      bodyWrapperCalls.some((wrapper) => wrapper.method === getPropertyName(callee) && wrapper.object === getTrailingName(callee.object))
    ) {
      const first = call.arguments[0];
      if (first) {
        this.read(first, depth + 1, top);
      }
      return;
    }
    if (top && isFailureValue(call)) {
      this.errorShape ??= 'the error itself';
    }
    if (top && depth < MAX_DEPTH && this.readHelper(call, depth)) {
      return;
    }
    if (top && this.errorShape === null) {
      // A builder no summary reads, handed the error: what it builds is made of the failure.
      const given = call.arguments.find((argument) => {
        const bound = this.bind(argument).node;
        return bound !== null && isFailureValue(bound);
      });
      if (given) {
        this.errorShape = `a body \`${getTrailingName(callee) ?? 'a call'}(…)\` builds from the error`;
      }
    }
    for (const argument of call.arguments) {
      const bound = this.bind(argument).node;
      this.readText(bound ? (getText(bound) ?? '') : '', false);
    }
  }

  /**
   * Reads what a helper returns for this call (`resReturn(null, 401, e.message)` →
   * `{ errcode: 401, errmsg: e.message }`). A signal counts only when every way out of the
   * helper gives it: a helper that answers data on one path and an error on another says
   * nothing about a call it cannot tell apart. Whether the helper was read.
   */
  private readHelper(call: TSESTree.CallExpression, depth: number): boolean {
    const helper = this.recognizer.getHelper?.(call, this.frame?.helper ?? null) ?? null;
    if (!helper || call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) {
      return false;
    }
    const frame: Frame = { helper, args: call.arguments, outer: this.frame };
    const signals = helper.returns.map((returned) => {
      if (returned === null) {
        return null;
      }
      const reader = new BodyReader(this.recognizer, frame);
      reader.read(returned, depth + 1, true);
      return reader.finish();
    });
    const every = (pick: (signal: BodySignals) => string | null): string | null => {
      const values = signals.map((signal) => (signal ? pick(signal) : null));
      const [first] = values;
      if (first === null || first === undefined || values.some((value) => value === null)) {
        return null;
      }
      // Named after the helper the call site shows, not the helpers it calls in turn.
      return `${first.replace(/ \(returned by `[^`]*`\)$/u, '')} (returned by \`${helper.name}(…)\`)`;
    };
    this.refusal ??= every((signal) => signal.refusal);
    this.errorShape ??= every((signal) => signal.errorShape);
    this.selfEvident ??= every((signal) => signal.selfEvident);
    this.protocol ||= signals.every((signal) => signal?.protocol === true);
    return true;
  }

  private readText(text: string, top: boolean): void {
    const refusal = refusalRegex.exec(text);
    if (refusal) {
      this.refusal ??= quote(refusal[0]);
    } else if (topicRegex.test(text)) {
      this.topic = true;
    }
    if (top && errorWordRegex.test(text)) {
      this.errorShape ??= `the text ${quote(text)}`;
    }
  }

  private readObject(node: TSESTree.ObjectExpression, depth: number, top: boolean): void {
    const keys = new Set<string>();
    for (const property of node.properties) {
      if (property.type !== AST_NODE_TYPES.Property) {
        continue;
      }
      const key = keyName(property);
      if (key === null) {
        continue;
      }
      keys.add(key);
      const bound = this.bind(property.value);
      const value = bound.node;
      if (value === null) {
        continue;
      }
      this.inFrame(bound.frame, () => {
        if (codeKeys.includes(key) && isCode(value, (code) => code === 429) !== null) {
          this.refusal ??= `\`${key}: 429\``;
        }
        if (top) {
          this.readTopProperty(key, value);
        }
        this.read(value, depth + 1, false);
      });
    }
    if (top && protocolShapes.some((shape) => shape.every((key) => keys.has(key)))) {
      this.protocol = true;
    }
    if (top && this.isAnswer(node, keys)) {
      this.errorShape = null;
      this.selfEvident = null;
      this.answer = true;
    }
    if (top && !this.answer && this.falseFlag !== null && this.filledErrorKey !== null) {
      // `{ success: false, error: check.error }`: the body says the request failed and
      // carries why, whatever the error's value is; a client library's `{ data, error }`
      // passed on says neither.
      this.selfEvident ??= `a branch whose body says \`${this.falseFlag}: false\` and carries \`${this.filledErrorKey}\``;
    }
  }

  /** `{ isValid: false, error }`, `{ status: 'invalid', message }`: a finding, not a failure. */
  private isAnswer(node: TSESTree.ObjectExpression, keys: ReadonlySet<string>): boolean {
    if (answerKeys.some((key) => keys.has(key))) {
      return true;
    }
    const isYesNo = (property: TSESTree.Property, key: string): boolean => {
      const value = skipTransparentWrappers(property.value);
      return (
        answerKeyRegex.test(key) &&
        !answerExclusionRegex.test(key) &&
        value.type === AST_NODE_TYPES.Literal &&
        typeof value.value === 'boolean'
      );
    };
    return node.properties.some((property) => {
      if (property.type !== AST_NODE_TYPES.Property) {
        return false;
      }
      const key = keyName(property);
      const value = this.bind(property.value).node;
      const text = value ? getText(value) : null;
      if (key !== null && isYesNo(property, key)) {
        return true;
      }
      return (
        key !== null &&
        stateKeys.includes(key) &&
        text !== null &&
        !failureStates.includes(text.toLowerCase()) &&
        !errorWordRegex.test(text)
      );
    });
  }

  private readTopProperty(key: string, value: TSESTree.Node): void {
    if (this.answer) {
      return;
    }
    if (errorKeys.includes(key) && !isAbsent(value)) {
      this.errorShape ??= `\`${key}\``;
      this.filledErrorKey ??= key;
      const inner = skipTransparentWrappers(value);
      if (
        selfEvidentErrorKeys.includes(key) &&
        // Not a bare `error` variable: `{ data, error }` from a client library holds null on success.
        (inner.type === AST_NODE_TYPES.ObjectExpression ||
          (inner.type === AST_NODE_TYPES.NewExpression && isErrorClassName(getTrailingName(inner.callee))))
      ) {
        this.selfEvident ??= `a branch whose body holds an error object under \`${key}\``;
      } else if (selfEvidentErrorKeys.includes(key)) {
        const text = this.getErrorText(value);
        if (text !== null) {
          this.selfEvident ??= `a branch whose body holds the error ${quote(text)} under \`${key}\``;
        }
      }
    } else if (successFlagKeys.includes(key)) {
      const inner = skipTransparentWrappers(value);
      if (inner.type === AST_NODE_TYPES.Literal && inner.value === false) {
        this.errorShape ??= `\`${key}: false\``;
        this.falseFlag ??= key;
      }
    } else if (codeKeys.includes(key) && isCode(value, (code) => code >= 400 && code < 600) !== null) {
      const shape = `\`${key}: ${String(isCode(value, () => true))}\``;
      this.errorShape ??= shape;
      this.selfEvident ??= `a branch whose body carries ${shape}`;
    } else if (stateKeys.includes(key) && failureStates.includes((getText(value) ?? '').toLowerCase())) {
      this.errorShape ??= `\`${key}: ${quote(getText(value) ?? '')}\``;
    } else if (messageKeys.includes(key)) {
      const text = getText(value);
      if (text !== null && errorWordRegex.test(text)) {
        this.errorShape ??= `a \`${key}\` saying ${quote(text)}`;
      } else if (isFailureValue(value)) {
        this.errorShape ??= `a \`${key}\` taken from the error`;
      }
    }
  }

  /**
   * The text an error key holds when it is a message written for the failure: a string
   * (`{ error: 'Not authorized' }`), a translated one (`req.__('Unable to save')`,
   * `t('…')`: a call whose first argument is the text), or a constant initialised so. Not a
   * variable of any other kind: `{ data, error }` passes on a client library's result, which
   * holds `null` on success.
   */
  private getErrorText(value: TSESTree.Node, depth = 0): string | null {
    const inner = skipTransparentWrappers(value);
    const text = getText(inner);
    if (text !== null) {
      return text.trim() === '' ? null : text;
    }
    if (inner.type === AST_NODE_TYPES.CallExpression && inner.arguments.length > 0 && inner.arguments[0]) {
      const first = skipTransparentWrappers(inner.arguments[0]);
      return first.type === AST_NODE_TYPES.Literal || first.type === AST_NODE_TYPES.TemplateLiteral ? this.getErrorText(first, depth + 1) : null;
    }
    if (inner.type === AST_NODE_TYPES.Identifier && depth < 2) {
      const init = this.frame ? this.frame.helper.getInit(inner) : this.recognizer.getInit(inner);
      return init ? this.getErrorText(init, depth + 1) : null;
    }
    return null;
  }

  /** "rate limit" alone is a refusal only in a body that is an error anyway. */
  finish(): BodySignals {
    if (this.refusal === null && this.topic && this.errorShape !== null) {
      this.refusal = '"rate limit"';
    }
    return { refusal: this.refusal, errorShape: this.errorShape, protocol: this.protocol, selfEvident: this.selfEvident };
  }
}

/** What a response body says: a rate-limit refusal, an error, a protocol's 200. */
export function getBodySignals(body: TSESTree.Node | null, recognizer: InitReader): BodySignals {
  if (!body) {
    return { refusal: null, errorShape: null, protocol: false, selfEvident: null };
  }
  const reader = new BodyReader(recognizer);
  reader.read(body, 0, true);
  return reader.finish();
}

/**
 * What a body sent inside a helper says for one call of it: the helper's parameters are the
 * call's arguments (`fail(res, 'no such user')` sending `{ error: message }`).
 */
export function getHelperBodySignals(
  body: TSESTree.Node,
  recognizer: InitReader,
  helper: HelperReturns,
  args: readonly TSESTree.Node[],
): BodySignals {
  const reader = new BodyReader(recognizer, { helper, args, outer: null });
  reader.read(body, 0, true);
  return reader.finish();
}
