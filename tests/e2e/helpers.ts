// Shared by the end-to-end tests: temporary projects under os.tmpdir() (removed after the
// test file), and the real `leakguard` and `eslint` binaries run in them as child
// processes. The binaries use the build in dist/ (`npm test` builds before vitest runs).

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const leakguardBin = join(repoRoot, 'bin/leakguard.js');
export const eslintBin = join(repoRoot, 'node_modules/eslint/bin/eslint.js');

/** A connection leaked when the query throws: reported on line 4, column 24. */
export const leakySource = readFileSync(join(repoRoot, 'tests/fixtures/cli/leaky.js'), 'utf8');

/** The same function with the release in `finally`: nothing to report. */
export const cleanSource = readFileSync(join(repoRoot, 'tests/fixtures/cli/clean.js'), 'utf8');

const created: string[] = [];

afterAll(() => {
  for (const dir of created) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Writes a project of the given files (path → text) into a new temporary directory. */
export function makeProject(files: Record<string, string>): string {
  // The real path: a child's process.cwd() resolves symlinks (macOS's /var/folders).
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'leakguard-e2e-')));
  created.push(dir);
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return dir;
}

/**
 * Makes the project's `import 'eslint-plugin-leakguard'` (and eslint, the parser, lint-staged)
 * resolve to this repository and its node_modules, as an installed package would.
 */
export function linkPackages(dir: string): void {
  const links: Record<string, string> = {
    'eslint-plugin-leakguard': repoRoot,
    eslint: join(repoRoot, 'node_modules/eslint'),
    '@typescript-eslint/parser': join(repoRoot, 'node_modules/@typescript-eslint/parser'),
    'typescript-eslint': join(repoRoot, 'node_modules/typescript-eslint'),
  };
  for (const [name, target] of Object.entries(links)) {
    const path = join(dir, 'node_modules', name);
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(target, path, 'dir');
  }
}

/** What a finished child process left. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node script ...args` in `cwd`, with no terminal attached. */
export function runNode(script: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Runs the `leakguard` binary. */
export function runLeakguard(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Run> {
  return runNode(leakguardBin, args, cwd, env);
}

/** Runs the `eslint` binary, which reads the project's eslint.config.*. */
export function runEslint(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Run> {
  return runNode(eslintBin, args, cwd, env);
}

/** One finding of ESLint's JSON output, reduced to what the tests compare. */
export interface Finding {
  file: string;
  line: number;
  ruleId: string | null;
}

interface JsonResult {
  filePath: string;
  messages: { line: number; ruleId: string | null }[];
}

/** The findings of a `--format json` report, with paths relative to `dir`, sorted. */
export function parseFindings(json: string, dir: string): Finding[] {
  const results = JSON.parse(json) as JsonResult[];
  return results
    .flatMap((result) =>
      result.messages.map((message) => ({
        file: result.filePath.slice(dir.length + 1).split('\\').join('/'),
        line: message.line,
        ruleId: message.ruleId,
      })),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
