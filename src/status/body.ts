import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { getPropertyName, getTrailingName } from '../flow/syntax.js';
import {
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
import { skipTransparentWrappers as skipTypeWrappers } from '../util/wrappers.js';
import { isErrorClassName } from './responses.js';

/** What the body reader needs of the file: the value a name was declared with. */
export interface InitReader {
  getInit(identifier: TSESTree.Identifier): TSESTree.Expression | null;
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

/** A body shape a team serves as 200 on purpose: keys with a literal value, or `"*"` for any. */
export type AllowedBody = Readonly<Record<string, string | number | boolean | null>>;

const refusalRegex = new RegExp(refusalPhrases.join('|'), 'iu');
const topicRegex = new RegExp(refusalTopicPhrases.join('|'), 'iu');
const errorWordRegex = new RegExp(errorWordPattern, 'iu');
const failureNameRegex = new RegExp(failureNamePattern, 'u');
const MAX_DEPTH = 3;
const protocolShapes: readonly (readonly string[])[] = (protocolConventions as readonly ProtocolConvention[]).flatMap(
  (protocol) => protocol.bodyShapes,
);

function keyName(property: TSESTree.Property): string | null {
  if (property.computed) {
    return null;
  }
  if (property.key.type === AST_NODE_TYPES.Identifier) {
    return property.key.name;
  }
  return typeof property.key.value === 'string' ? property.key.value : null;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return `"${flat.length > 40 ? `${flat.slice(0, 37)}…` : flat}"`;
}

/** The string a literal, template or concatenation spells (template holes as spaces). */
function getText(node: TSESTree.Node): string | null {
  const inner = skipTypeWrappers(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') {
    return inner.value;
  }
  if (inner.type === AST_NODE_TYPES.TemplateLiteral) {
    return inner.quasis.map((quasi) => quasi.value.cooked ?? '').join(' ');
  }
  if (inner.type === AST_NODE_TYPES.BinaryExpression && inner.operator === '+') {
    const parts = [getText(inner.left), getText(inner.right)].filter((part) => part !== null);
    return parts.length > 0 ? parts.join(' ') : null;
  }
  return null;
}

/** Whether `node` reads a failure value: `err`, `error.message`, `String(e)`, `e.toString()`. */
function isFailureValue(node: TSESTree.Node): boolean {
  let inner = skipTypeWrappers(node);
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTypeWrappers(inner.callee);
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'String' && inner.arguments[0]) {
      inner = skipTypeWrappers(inner.arguments[0]);
    } else if (callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'toString') {
      inner = skipTypeWrappers(callee.object);
    } else {
      return false;
    }
  }
  while (inner.type === AST_NODE_TYPES.MemberExpression) {
    inner = skipTypeWrappers(inner.object);
  }
  return inner.type === AST_NODE_TYPES.Identifier && failureNameRegex.test(inner.name);
}

function isCode(value: TSESTree.Node, accept: (code: number) => boolean): number | null {
  const inner = skipTypeWrappers(value);
  let code: number | null = null;
  if (inner.type === AST_NODE_TYPES.Literal) {
    if (typeof inner.value === 'number') {
      code = inner.value;
    } else if (typeof inner.value === 'string' && /^\d{3}$/u.test(inner.value)) {
      code = Number(inner.value);
    }
  }
  return code !== null && accept(code) ? code : null;
}

function isAbsent(value: TSESTree.Node): boolean {
  const inner = skipTypeWrappers(value);
  return (
    (inner.type === AST_NODE_TYPES.Literal && (inner.value === null || inner.value === false || inner.value === '')) ||
    (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined')
  );
}

class BodyReader {
  refusal: string | null = null;
  errorShape: string | null = null;
  selfEvident: string | null = null;
  protocol = false;
  private topic = false;
  /** The body answers a question; its error-looking keys describe the answer. */
  private answer = false;

  constructor(private readonly recognizer: InitReader) {}

  /** Reads the body; `top` is whether this is the body itself rather than a nested value. */
  read(node: TSESTree.Node, depth: number, top: boolean): void {
    if (depth > MAX_DEPTH) {
      return;
    }
    const inner = skipTypeWrappers(node);
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
      case AST_NODE_TYPES.Identifier: {
        if (top && failureNameRegex.test(inner.name)) {
          this.errorShape ??= `\`${inner.name}\` itself`;
          return;
        }
        const init = this.recognizer.getInit(inner);
        if (init && depth < MAX_DEPTH) {
          this.read(init, depth + 1, top);
        }
        return;
      }
      case AST_NODE_TYPES.CallExpression: {
        const callee = skipTypeWrappers(inner.callee);
        // JSON.stringify(x), Buffer.from(x): the body is x.
        if (
          callee.type === AST_NODE_TYPES.MemberExpression &&
          bodyWrapperCalls.some((wrapper) => wrapper.method === getPropertyName(callee) && wrapper.object === getTrailingName(callee.object))
        ) {
          const first = inner.arguments[0];
          if (first) {
            this.read(first, depth + 1, top);
          }
          return;
        }
        if (top && isFailureValue(inner)) {
          this.errorShape ??= 'the error itself';
        }
        for (const argument of inner.arguments) {
          this.readText(getText(argument) ?? '', false);
        }
        return;
      }
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
      const value = property.value;
      if (codeKeys.includes(key) && isCode(value, (code) => code === 429) !== null) {
        this.refusal ??= `\`${key}: 429\``;
      }
      if (top) {
        this.readTopProperty(key, value);
      }
      this.read(value, depth + 1, false);
    }
    if (top && protocolShapes.some((shape) => shape.every((key) => keys.has(key)))) {
      this.protocol = true;
    }
    if (top && this.isAnswer(node, keys)) {
      this.errorShape = null;
      this.selfEvident = null;
      this.answer = true;
    }
  }

  /** `{ isValid: false, error }`, `{ status: 'invalid', message }`: a finding, not a failure. */
  private isAnswer(node: TSESTree.ObjectExpression, keys: ReadonlySet<string>): boolean {
    if (answerKeys.some((key) => keys.has(key))) {
      return true;
    }
    return node.properties.some((property) => {
      if (property.type !== AST_NODE_TYPES.Property) {
        return false;
      }
      const key = keyName(property);
      const text = getText(property.value);
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
      const inner = skipTypeWrappers(value);
      if (
        selfEvidentErrorKeys.includes(key) &&
        // Not a bare `error` variable: `{ data, error }` from a client library holds null on success.
        (inner.type === AST_NODE_TYPES.ObjectExpression ||
          (inner.type === AST_NODE_TYPES.NewExpression && isErrorClassName(getTrailingName(inner.callee))))
      ) {
        this.selfEvident ??= `a branch whose body holds an error object under \`${key}\``;
      }
    } else if (successFlagKeys.includes(key)) {
      const inner = skipTypeWrappers(value);
      if (inner.type === AST_NODE_TYPES.Literal && inner.value === false) {
        this.errorShape ??= `\`${key}: false\``;
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

/** Whether `body` is one of the shapes the team serves as 200 on purpose. */
export function matchesAllowedBody(body: TSESTree.Node | null, allowed: readonly AllowedBody[]): boolean {
  const inner = body ? skipTypeWrappers(body) : null;
  if (inner?.type !== AST_NODE_TYPES.ObjectExpression || allowed.length === 0) {
    return false;
  }
  const values = new Map<string, TSESTree.Node>();
  for (const property of inner.properties) {
    if (property.type === AST_NODE_TYPES.Property) {
      const key = keyName(property);
      if (key !== null) {
        values.set(key, property.value);
      }
    }
  }
  return allowed.some((shape) =>
    Object.entries(shape).every(([key, expected]) => {
      const value = values.get(key);
      if (!value) {
        return false;
      }
      if (expected === '*') {
        return true;
      }
      const literal = skipTypeWrappers(value);
      return literal.type === AST_NODE_TYPES.Literal && literal.value === expected;
    }),
  );
}
