import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { type FileTypes, getFileTypes } from './oracle.js';
import { type HttpFramework, type PackageTypeSpecifier, responseTypes } from './specifiers.js';
import { errorBaseClasses, type LimiterLibrary, limiterLibraries } from '../http/index.js';

/** Limiter classes by library, from the limiter data (src/http/rate-limit.ts). */
const limiterTypes: readonly { readonly library: string; readonly type: PackageTypeSpecifier }[] = (
  limiterLibraries as readonly LimiterLibrary[]
).flatMap((library) =>
  library.limiterClasses ? [{ library: library.library, type: { from: 'package', name: library.limiterClasses, package: library.packages } }] : [],
);

/** `Error` and what derives from it, as the TypeScript libraries declare it. */
const errorTypes: readonly { readonly type: PackageTypeSpecifier }[] = [
  { type: { from: 'package', name: errorBaseClasses, package: 'typescript' } },
];

/**
 * The HTTP rules' type questions: which framework's response object an expression is
 * (`res` of express, `ctx` of koa, `reply` of fastify, `c` of hono, Node's own
 * `ServerResponse`). Answers are `null` when the type is known and is none of them,
 * `undefined` when types cannot tell (no program, or an `any`), so a rule can fall back
 * to its syntax-only judgement.
 */
export class HttpTypes {
  private readonly bySymbol = new Map<ts.Symbol, HttpFramework | null | undefined>();
  private readonly limiterBySymbol = new Map<ts.Symbol, string | null | undefined>();

  constructor(private readonly file: FileTypes) {}

  /** The framework whose response object `node` is. */
  getResponseFramework(node: TSESTree.Node): HttpFramework | null | undefined {
    try {
      return this.classify(this.file.oracle.getType(this.file.toTs(node)));
    } catch {
      return undefined;
    }
  }

  /**
   * The framework whose response object the variable `identifier` refers to, from the
   * variable's declared type, once per variable: every mention of `res` in a handler gets
   * the same answer, and no reference's control-flow narrowing is worked out.
   */
  getVariableFramework(identifier: TSESTree.Identifier): HttpFramework | null | undefined {
    try {
      const { checker } = this.file.oracle;
      const symbol = checker.getSymbolAtLocation(this.file.toTs(identifier));
      if (!symbol) {
        return this.getResponseFramework(identifier);
      }
      if (!this.bySymbol.has(symbol)) {
        this.bySymbol.set(symbol, this.classify(checker.getTypeOfSymbol(symbol)));
      }
      return this.bySymbol.get(symbol);
    } catch {
      return undefined;
    }
  }

  /** Whether `node` is an express `Response`; `undefined` when types cannot tell. */
  isExpressResponse(node: TSESTree.Node): boolean | undefined {
    return this.isFramework(node, 'express');
  }

  /** Whether `node` is a koa `Context`; `undefined` when types cannot tell. */
  isKoaContext(node: TSESTree.Node): boolean | undefined {
    return this.isFramework(node, 'koa');
  }

  /** Whether `node` is a fastify `FastifyReply`; `undefined` when types cannot tell. */
  isFastifyReply(node: TSESTree.Node): boolean | undefined {
    return this.isFramework(node, 'fastify');
  }

  /** Whether `node` is a hono `Context`; `undefined` when types cannot tell. */
  isHonoContext(node: TSESTree.Node): boolean | undefined {
    return this.isFramework(node, 'hono');
  }

  /**
   * The limiter library whose class the value of `node` (an identifier or member) is
   * declared as, once per symbol; `null` when the type is known and is no library's
   * limiter (a project's own limiter class: its name still counts), `undefined` when types
   * cannot tell or `node` is no name.
   */
  getLimiterLibrary(node: TSESTree.Node): string | null | undefined {
    if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression) {
      return undefined;
    }
    try {
      const { checker } = this.file.oracle;
      const tsNode = this.file.toTs(node);
      const symbol = checker.getSymbolAtLocation(tsNode);
      if (symbol && this.limiterBySymbol.has(symbol)) {
        return this.limiterBySymbol.get(symbol);
      }
      const verdict = this.file.oracle.classify(this.file.oracle.getType(tsNode), limiterTypes);
      const answer = verdict.verdict === 'match' ? verdict.entry.library : verdict.verdict === 'other' ? null : undefined;
      if (symbol) {
        this.limiterBySymbol.set(symbol, answer);
      }
      return answer;
    } catch {
      return undefined;
    }
  }

  /** Whether the value of `node` is an `Error` (or a subtype); `undefined` when types cannot tell. */
  isError(node: TSESTree.Node): boolean | undefined {
    try {
      const verdict = this.file.oracle.classify(this.file.oracle.getType(this.file.toTs(node)), errorTypes);
      return verdict.verdict === 'unknown' ? undefined : verdict.verdict === 'match';
    } catch {
      return undefined;
    }
  }

  private classify(type: ts.Type): HttpFramework | null | undefined {
    const verdict = this.file.oracle.classify(type, responseTypes);
    if (verdict.verdict === 'match') {
      return verdict.entry.framework;
    }
    return verdict.verdict === 'other' ? null : undefined;
  }

  private isFramework(node: TSESTree.Node, framework: HttpFramework): boolean | undefined {
    const found = this.getResponseFramework(node);
    return found === undefined ? undefined : found === framework;
  }
}

/** The HTTP type questions for the file being linted, or `undefined` without type information. */
export function getHttpTypes(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): HttpTypes | undefined {
  const file = getFileTypes(context);
  return file ? new HttpTypes(file) : undefined;
}
