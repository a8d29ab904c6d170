import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { StatusFinding } from './analyze.js';
import type { SendSite } from './responses.js';

function describeDefault(site: SendSite): string {
  if (site.late) {
    return `${site.framework}'s default for a body set without a status`;
  }
  if (site.root === null) {
    return `${site.framework}'s default without a \`status\``;
  }
  return `${site.framework}'s default when no status is set`;
}

function lineOf(node: TSESTree.Node): string {
  return `line ${String(node.loc.start.line)}`;
}

/**
 * Where the send's status comes from, in words for a message, true for every path into
 * the send: "Express's default when no status is set", "set on line 12", or, where paths
 * differ, "200 by Express's default on a path where no status is set, or 201 set on line 4".
 * A send made by a helper says so ("sent by `sendError` on line 3").
 */
export function describeStatusSource(finding: StatusFinding): string {
  const { site, source, observed } = finding;
  const via = site.via ? `, sent by the helper on ${lineOf(site.via)}` : '';
  if (source === 'explicit') {
    return `set right there${via}`;
  }
  if (source === 'default') {
    return `${describeDefault(site)}${via}`;
  }
  const parts = new Map<string, string>();
  for (const entry of observed) {
    if (entry.status === 'unset') {
      parts.set('unset', `${String(site.defaultStatus)}, ${site.framework}'s default, on a path where no status is set`);
    } else if (entry.setAt) {
      parts.set(lineOf(entry.setAt), `${String(entry.status)} set on ${lineOf(entry.setAt)}`);
    } else {
      parts.set(String(entry.status), `${String(entry.status)} set before the handler ran`);
    }
  }
  const [only] = observed;
  if (observed.length === 1 && only?.setAt) {
    return `set on ${lineOf(only.setAt)}${via}`;
  }
  return `${[...parts.values()].join(', or ')}${via}`;
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
    case 'chain': {
      const method = site.fixMethod;
      if (!root || method === undefined) {
        return null;
      }
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
