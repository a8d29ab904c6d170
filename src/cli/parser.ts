import type { Linter } from 'eslint';
import { findTypeScriptVersion, lacksCompilerApi } from '../util/typescript-version.js';

/**
 * typescript-eslint's parser, or why it cannot be had. It is loaded on demand, not
 * imported: typescript-eslint 8 throws as it loads when the `typescript` it finds is 7.x
 * (TypeScript 7 has no JavaScript compiler API), and a syntax-only run must still work
 * there — on oxlint's own parser, or on ESLint's espree for JavaScript files.
 */
export type ParserState = { parser: Linter.Parser; problem: null } | { parser: null; problem: string };

let loading: Promise<ParserState> | undefined;

/** The first line of an error's message, without a trailing period. */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim().replace(/\.$/u, '');
}

/** Whether an import failed because `@typescript-eslint/parser` itself is not installed. */
function isParserMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    error instanceof Error &&
    /['"]@typescript-eslint\/parser['"]/u.test(error.message)
  );
}

/**
 * Loads `@typescript-eslint/parser` once per process; never throws, and prints nothing:
 * with TypeScript 7 it is not even imported (typescript-eslint 8 prints three lines and
 * throws as it loads), and whatever the import prints with `console.error` is dropped —
 * the command says what it needs in one line of its own.
 */
export function loadTypeScriptParser(): Promise<ParserState> {
  loading ??= (async (): Promise<ParserState> => {
    const version = findTypeScriptVersion();
    if (lacksCompilerApi(version)) {
      return { parser: null, problem: `typescript-eslint does not support TypeScript ${version} (it needs the TypeScript 6 API)` };
    }
    const { error } = console;
    console.error = (): void => undefined;
    try {
      const module = (await import('@typescript-eslint/parser')) as { default?: unknown };
      return { parser: (module.default ?? module) as Linter.Parser, problem: null };
    } catch (failure) {
      const found = version === null ? '' : ` (typescript ${version} is installed)`;
      if (isParserMissing(failure)) {
        // An optional peer dependency: projects without typescript-eslint do not have it.
        return { parser: null, problem: `@typescript-eslint/parser (an optional peer dependency) is not installed${found}` };
      }
      return { parser: null, problem: `${firstLine(failure)}${found}` };
    } finally {
      console.error = error;
    }
  })();
  return loading;
}
