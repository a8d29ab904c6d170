import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { StatusFinding } from './analyze.js';

/** Where the send's status comes from, in words for a message: "Express's default when no status is set". */
export function describeStatusSource(finding: StatusFinding): string {
  const { site, source } = finding;
  if (source === 'earlier') {
    return 'set on an earlier line';
  }
  if (source === 'explicit') {
    return 'set right there';
  }
  if (site.late) {
    return `${site.framework}'s default for a body set without a status`;
  }
  if (site.root === null) {
    return `${site.framework}'s default without a \`status\``;
  }
  return `${site.framework}'s default when no status is set`;
}

/** A mechanical edit that makes the send answer `target`, with the text it produces. */
export interface StatusFix {
  readonly replacement: string;
  readonly apply: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix;
}

/**
 * Gives the send the status `target` where that is one local edit: a literal replaced,
 * `.status(429)` inserted into the chain, `, 429` added to `c.json(body)`, `{ status }`
 * added to `NextResponse.json(body)`, `ctx.status = 429;` put before `ctx.body = …`.
 * `null` when the status comes from elsewhere (an earlier line, a decorator).
 */
export function getStatusFix(finding: StatusFinding, target: number): StatusFix | null {
  const { site, source } = finding;
  const code = String(target);
  if (site.fixKind === 'replace' && site.explicit?.node) {
    const node = site.explicit.node;
    return { replacement: code, apply: (fixer) => fixer.replaceText(node, code) };
  }
  if (source !== 'default') {
    return null;
  }
  const root = site.root;
  switch (site.fixKind) {
    case 'chain-status':
    case 'chain-code': {
      if (!root) {
        return null;
      }
      const method = site.fixKind === 'chain-status' ? 'status' : 'code';
      return {
        replacement: `${root.name}.${method}(${code})`,
        apply: (fixer) => fixer.insertTextAfter(root, `.${method}(${code})`),
      };
    }
    case 'status-arg':
    case 'init-arg': {
      const call = site.node as TSESTree.CallExpression | TSESTree.NewExpression;
      const last = call.arguments.at(-1);
      if (!last) {
        return null;
      }
      const text = site.fixKind === 'status-arg' ? `, ${code}` : `, { status: ${code} }`;
      return { replacement: text.slice(2), apply: (fixer) => fixer.insertTextAfter(last, text) };
    }
    case 'before-statement': {
      const statement = site.node.parent;
      if (!root || statement?.type !== AST_NODE_TYPES.ExpressionStatement) {
        return null;
      }
      const indent = ' '.repeat(statement.loc.start.column);
      const text = `${root.name}.status = ${code};`;
      return { replacement: text, apply: (fixer) => fixer.insertTextBefore(statement, `${text}\n${indent}`) };
    }
    default:
      return null;
  }
}
