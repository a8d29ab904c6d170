import { createRequire } from 'node:module';

/** The version in `typescript/package.json` as `require` (from some place) finds it, or `null`. */
function versionFrom(require: NodeJS.Require): string | null {
  try {
    return (require('typescript/package.json') as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/**
 * The version of the `typescript` that typescript-eslint's parser would load (resolved from
 * the parser's own place; from the plugin's when the parser, an optional peer dependency, is
 * not installed), or `null` when there is none. typescript-eslint 8 prints three lines and
 * throws as it loads beside TypeScript 7, so callers check this before loading it.
 */
export function findTypeScriptVersion(): string | null {
  const fromPlugin = createRequire(import.meta.url);
  let parserPath: string | null = null;
  try {
    parserPath = fromPlugin.resolve('@typescript-eslint/parser');
  } catch {
    // Not installed: the project's own typescript is the one a later install would meet.
  }
  return versionFrom(parserPath === null ? fromPlugin : createRequire(parserPath));
}

/** Whether `version` is a TypeScript without the JavaScript compiler API (7 and later). */
export function lacksCompilerApi(version: string | null): boolean {
  return version !== null && Number(version.split('.')[0]) >= 7;
}
