import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { type FileTypes, getFileTypes } from './oracle.js';
import { type HttpFramework, responseTypes } from './specifiers.js';

/**
 * The HTTP rules' type questions: which framework's response object an expression is
 * (`res` of express, `ctx` of koa, `reply` of fastify, `c` of hono, Node's own
 * `ServerResponse`). Answers are `null` when the type is known and is none of them,
 * `undefined` when types cannot tell (no program, or an `any`), so a rule can fall back
 * to its syntax-only judgement.
 */
export class HttpTypes {
  private readonly bySymbol = new Map<ts.Symbol, HttpFramework | null | undefined>();

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
