import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getAwaitedCall, getPropertyName, getTrailingName } from '../flow/syntax.js';
import {
  type LimiterLibrary,
  limiterLibraries,
  type LimiterMethod,
  type LimiterMiddleware,
  limiterNameWords,
  pluginRegistrationMethods,
} from '../http/index.js';
import { getChainSource, getRejectionLink } from '../util/promises.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import type { StatusScope } from './scope.js';

const LIBRARIES: readonly LimiterLibrary[] = limiterLibraries;
const anyWord = new Set(limiterNameWords.anyWord);
const leadingWords = new Set(limiterNameWords.leadingWords);
const limiterPackages = LIBRARIES.flatMap((library) => library.packages);

/** The words of a name, lower-cased: `apiRateLimiter` → `api rate limiter`, `RATE_LIMIT` → `rate limit`. */
export function getNameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/gu, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/gu, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/u)
    .filter((word) => word !== '');
}

/**
 * Whether a name says "rate limiter" (`rateLimiter`, `loginThrottle`, `quota`), matched
 * on whole words: `storageQuota` and `unlimited` are not limiters.
 */
export function isLimiterName(name: string): boolean {
  let answer = limiterNames.get(name);
  if (answer === undefined) {
    const words = getNameWords(name);
    answer =
      words.some((word) => anyWord.has(word)) ||
      leadingWords.has(words[0] ?? '') ||
      limiterNameWords.phrases.some((phrase) => words.some((_, start) => phrase.every((word, offset) => words[start + offset] === word)));
    if (limiterNames.size > 10_000) {
      limiterNames.clear();
    }
    limiterNames.set(name, answer);
  }
  return answer;
}

/** Names already read, for the process: the same few hundred names recur in every file. */
const limiterNames = new Map<string, boolean>();

/** The library a package name belongs to, if it is a rate limiter. */
export function getLimiterLibrary(source: string | undefined | null): LimiterLibrary | null {
  if (source === undefined || source === null) {
    return null;
  }
  return LIBRARIES.find((library) => library.packages.includes(source)) ?? null;
}

/** A call on a limiter, with what the data knows of it. */
export interface LimiterCall {
  readonly call: TSESTree.CallExpression;
  /** The limiter's library, when its origin or type says; `null` for a limiter known by name only. */
  readonly library: LimiterLibrary | null;
  /** How the method answers a refusal, when the library's data says. */
  readonly method: LimiterMethod | null;
}

/** What a `catch` around limiter calls (or a rejection handler of one) stands for. */
export type CatchMeaning = { readonly kind: 'refusal' | 'failure'; readonly call: TSESTree.CallExpression };

/** Merged middleware options for a factory known by name only: every library's. */
const anyMiddleware: LimiterMiddleware = {
  factories: [],
  handlerOptions: [...new Set(LIBRARIES.flatMap((library) => library.middleware?.handlerOptions ?? []))],
  afterStatusOptions: [...new Set(LIBRARIES.flatMap((library) => library.middleware?.afterStatusOptions ?? []))],
  // One option name only: the first library's that has one (the built-in ones all call it `statusCode`).
  statusOption: [...new Set(LIBRARIES.flatMap((library) => (library.middleware?.statusOption ? [library.middleware.statusOption] : [])))].at(0),
};

/**
 * Recognises rate limiters and calls on them. Evidence, strongest first: the declared
 * type (type-aware mode), the value's origin (imported from a limiter package, or built
 * by `new` of such an export), then the name as the syntax-only fallback.
 */
export class Limiters {
  /** Answers per node: the same calls and `try` blocks are asked about for every send near them. */
  private readonly limiterCalls = new Map<TSESTree.CallExpression, LimiterCall | null>();
  private readonly catchMeanings = new Map<TSESTree.Node, CatchMeaning | null | 'unknown'>();

  constructor(private readonly scope: StatusScope) {}

  /** The library a limiter expression comes from, by type or origin; `null` when neither says. */
  getLibrary(node: TSESTree.Node, depth = 0): LimiterLibrary | null {
    const inner = skipTransparentWrappers(node);
    if (depth > 3) {
      return null;
    }
    const typed = this.scope.types?.getLimiterLibrary(inner);
    if (typed) {
      return LIBRARIES.find((library) => library.library === typed) ?? null;
    }
    switch (inner.type) {
      case AST_NODE_TYPES.Identifier: {
        const binding = this.scope.getImport(inner);
        if (binding) {
          return getLimiterLibrary(binding.source);
        }
        const init = this.scope.getInit(inner);
        return init ? this.getLibrary(init, depth + 1) : null;
      }
      case AST_NODE_TYPES.MemberExpression:
        // `flexible.RateLimiterMemory`, `new limiter.RateLimiter()`.
        return this.getLibrary(inner.object, depth + 1);
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.CallExpression:
        return this.getLibrary(inner.callee, depth + 1);
      case AST_NODE_TYPES.AwaitExpression:
        return this.getLibrary(inner.argument, depth + 1);
      default:
        return null;
    }
  }

  /**
   * Whether `node` stands for a rate limiter: its type or origin says so, or its name
   * does, or it was built from something that is (`new Ratelimit(…)`).
   */
  isLimiter(node: TSESTree.Node, depth = 0): boolean {
    const inner = skipTransparentWrappers(node);
    if (depth > 3) {
      return false;
    }
    // A library's class by type decides; a project's own class (typed, but no library's)
    // is still read by its name.
    if (this.scope.types?.getLimiterLibrary(inner)) {
      return true;
    }
    switch (inner.type) {
      case AST_NODE_TYPES.Identifier: {
        if (isLimiterName(inner.name) || getLimiterLibrary(this.scope.getImport(inner)?.source)) {
          return true;
        }
        const init = this.scope.getInit(inner);
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
    const inner = skipTransparentWrappers(node);
    if (depth > 3) {
      return false;
    }
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const init = this.scope.getInit(inner);
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
    const callee = skipTransparentWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      return this.isLimiter(callee.object) || isLimiterName(getPropertyName(callee) ?? '');
    }
    return this.isLimiter(callee);
  }

  /**
   * `limiter.consume(ip)`: a call of a method on a limiter object, with its library and
   * method when the data knows them. A method the data lists for exactly one library the
   * file imports is read as that library's (a rate-limiter-flexible instance under another
   * name), the import being a tie-breaker for the method name, not evidence on its own.
   */
  getLimiterCall(node: TSESTree.CallExpression): LimiterCall | null {
    let answer = this.limiterCalls.get(node);
    if (answer === undefined) {
      answer = this.findLimiterCall(node);
      this.limiterCalls.set(node, answer);
    }
    return answer;
  }

  private findLimiterCall(node: TSESTree.CallExpression): LimiterCall | null {
    const callee = skipTransparentWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    const methodName = getPropertyName(callee) ?? '';
    const object = skipTransparentWrappers(callee.object);
    // `limiter.consume(ip).then(…)`: the call on the limiter is the inner one.
    if (object.type === AST_NODE_TYPES.CallExpression || object.type === AST_NODE_TYPES.AwaitExpression) {
      return null;
    }
    const library = this.getLibrary(object);
    if (library) {
      return { call: node, library, method: library.methods?.find((method) => method.method === methodName) ?? null };
    }
    const byImport = LIBRARIES.filter(
      (candidate) => candidate.methods?.some((method) => method.method === methodName) === true && this.scope.importsAny(candidate.packages),
    );
    const [only] = byImport;
    if (byImport.length === 1 && only) {
      return { call: node, library: only, method: only.methods?.find((method) => method.method === methodName) ?? null };
    }
    return this.isLimiter(object) ? { call: node, library: null, method: null } : null;
  }

  /**
   * Whether `node` is the value a limiter rejected with: the caught value of a `catch`
   * around a call that rejects on refusal, or the parameter of a rejection handler chained
   * on one (`consume(ip).catch((rejection) => …)`). Only there does `instanceof Error` tell
   * the store failing from a refusal.
   */
  isRejectedValue(node: TSESTree.Node): boolean {
    const identifier = skipTransparentWrappers(node);
    if (identifier.type !== AST_NODE_TYPES.Identifier) {
      return false;
    }
    const definition = this.scope.resolve(identifier)?.defs[0];
    if (definition?.type === DefinitionType.CatchClause) {
      const clause = definition.node;
      const meaning = this.getCatchMeaning(clause.parent.block);
      return meaning !== null && meaning !== 'unknown' && meaning.kind === 'refusal';
    }
    if (definition?.type === DefinitionType.Parameter) {
      const link = getRejectionLink(definition.node);
      const source = link ? skipTransparentWrappers(getChainSource(link.call)) : null;
      const call = source?.type === AST_NODE_TYPES.CallExpression ? this.getLimiterCall(source) : null;
      return call !== null && call.method?.refusal !== 'flag';
    }
    return false;
  }

  /**
   * What a `catch` around `block` stands for, from the limiter calls in it: a refusal when
   * a call rejects on refusal (or is a limiter known only by name, whose refusal style
   * nobody can tell: the `catch` is read as the refusal, as most hand-written limiters
   * throw); a failure of the limiter when every limiter call answers with a flag. `null`
   * when no limiter is called there; `'unknown'` when the block was too big to search.
   */
  getCatchMeaning(block: TSESTree.Node): CatchMeaning | null | 'unknown' {
    let meaning = this.catchMeanings.get(block);
    if (meaning === undefined) {
      meaning = this.findCatchMeaning(block);
      this.catchMeanings.set(block, meaning);
    }
    return meaning;
  }

  private findCatchMeaning(block: TSESTree.Node): CatchMeaning | null | 'unknown' {
    const flagged: { call: TSESTree.CallExpression | null } = { call: null };
    const found = this.scope.search(
      block,
      (node) => {
        if (node.type !== AST_NODE_TYPES.CallExpression) {
          return false;
        }
        const call = this.getLimiterCall(node);
        if (!call) {
          return false;
        }
        if (call.method?.refusal === 'flag' || (call.library !== null && call.method === null && call.library.methods)) {
          flagged.call ??= node;
          return false;
        }
        return true;
      },
      'the limiter calls of a `try` block',
    );
    if (found === 'unknown') {
      return 'unknown';
    }
    if (found?.type === AST_NODE_TYPES.CallExpression) {
      return { kind: 'refusal', call: found };
    }
    return flagged.call ? { kind: 'failure', call: flagged.call } : null;
  }

  /**
   * The middleware options a call configures, when it builds a limiter middleware
   * (`rateLimit({ … })`, `app.register(rateLimitPlugin, { … })`): the library's own,
   * or every library's for a factory known by name only.
   */
  getMiddleware(node: TSESTree.CallExpression | TSESTree.NewExpression): LimiterMiddleware | null {
    if (!node.arguments.some((argument) => argument.type === AST_NODE_TYPES.ObjectExpression)) {
      return null;
    }
    const callee = skipTransparentWrappers(node.callee);
    const name = getTrailingName(callee);
    const target = name !== null && pluginRegistrationMethods.includes(name) && node.arguments[0] ? skipTransparentWrappers(node.arguments[0]) : callee;
    const targetName = getTrailingName(target);
    // Most calls with an object argument are no limiter: look the value up only where the
    // name says so or the file imports a limiter package at all.
    if (targetName === null || (!isLimiterName(targetName) && !this.scope.importsAny(limiterPackages))) {
      return null;
    }
    const library = this.getLibrary(target);
    if (library) {
      return library.middleware ?? null;
    }
    return isLimiterName(targetName) ? anyMiddleware : null;
  }
}
