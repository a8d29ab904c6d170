import { createRequire } from 'node:module';

/**
 * The version of the `typescript` that typescript-eslint's parser would load (resolved from
 * the parser's own place), or `null` when either is missing. typescript-eslint 8 prints three
 * lines and throws as it loads beside TypeScript 7, so callers check this before loading it.
 */
export function findTypeScriptVersion(): string | null {
  try {
    const require = createRequire(createRequire(import.meta.url).resolve('@typescript-eslint/parser'));
    return (require('typescript/package.json') as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/** Whether `version` is a TypeScript without the JavaScript compiler API (7 and later). */
export function lacksCompilerApi(version: string | null): boolean {
  return version !== null && Number(version.split('.')[0]) >= 7;
}
