// Runs `leakguard/no-leaked-connection`, loaded from source, on a printed program.

import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../../src/index.js';

export interface Report {
  line: number;
  column: number;
  messageId: string | null;
  message: string;
  /** The suggestions offered, each as the fixed source. */
  suggestions: { messageId: string | null; desc: string; output: string }[];
}

const linter = new Linter({ configType: 'flat' });

const config: Linter.Config = {
  files: ['**/*.ts'],
  plugins: { leakguard: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
  rules: { 'leakguard/no-leaked-connection': 'error' },
  languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
};

/** The rule's reports on `source`; a parse error or a crash of the rule throws. */
export function lintSource(source: string): Report[] {
  const messages = linter.verify(source, config, { filename: 'differential.ts' });
  const problems = messages.filter((m) => m.ruleId !== 'leakguard/no-leaked-connection');
  if (problems.length > 0) {
    throw new Error(`linting failed: ${problems.map((m) => `${m.line}:${m.column} ${m.message}`).join('; ')}`);
  }
  return messages.map((m) => ({
    line: m.line,
    column: m.column,
    messageId: m.messageId ?? null,
    message: m.message,
    suggestions: (m.suggestions ?? []).map((s) => ({
      messageId: s.messageId ?? null,
      desc: s.desc,
      output: source.slice(0, s.fix.range[0]) + s.fix.text + source.slice(s.fix.range[1]),
    })),
  }));
}

/** Reports, one per line, for failure messages. */
export function formatReports(reports: Report[]): string {
  if (reports.length === 0) return '  (no reports)';
  return reports.map((r) => `  line ${r.line}:${r.column} [${r.messageId ?? '?'}] ${r.message}`).join('\n');
}
