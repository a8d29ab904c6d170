import tsParser from '@typescript-eslint/parser';
import { type ESLint, Linter } from 'eslint';
import { rules } from '../../rules/index.js';

const plugin = { rules } as unknown as ESLint.Plugin;

/** `no-leaked-connection`'s messages on `code` as the module /repo/src/service.ts, with `settings`. */
export function lintService(code: string, settings: Record<string, unknown> = {}): { line: number; message: string }[] {
  const linter = new Linter({ configType: 'flat', cwd: '/repo' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { leakguard: plugin },
        settings,
        rules: { 'leakguard/no-leaked-connection': 'error' },
      },
    ],
    '/repo/src/service.ts',
  );
  return messages.map((message) => ({ line: message.line, message: message.message }));
}
