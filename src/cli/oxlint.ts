import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ESLint, Linter } from 'eslint';
import type { RuleEntry } from './config.js';

/** An oxlint installation the command can run. */
export interface OxlintBinary {
  /** The `oxlint` script, run with this Node. */
  bin: string;
  version: string;
}

/**
 * Finds oxlint: the project's own first (the one its developers run), then one installed
 * beside the plugin (`npx -p eslint-plugin-leakguard -p oxlint leakguard`). Null when
 * neither has it, or its version has no JavaScript plugins (before 1.0).
 */
export function findOxlint(cwd: string): OxlintBinary | null {
  const places = [join(cwd, 'package.json'), fileURLToPath(import.meta.url)];
  for (const place of places) {
    try {
      const manifest = createRequire(place).resolve('oxlint/package.json');
      const { version, bin } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        version: string;
        bin?: string | Record<string, string>;
      };
      const script = typeof bin === 'string' ? bin : bin?.oxlint;
      const major = Number(version.split('.')[0]);
      if (script !== undefined && major >= 1) {
        return { bin: resolve(dirname(manifest), script), version };
      }
    } catch {
      // Not installed there: try the next place.
    }
  }
  return null;
}

/**
 * The plugin's built entry, which oxlint's `jsPlugins` load. From the tests the module
 * runs as TypeScript source, so the build in dist/ beside it is used.
 */
function getPluginEntry(): string {
  const own = fileURLToPath(new URL('../index.js', import.meta.url));
  return existsSync(own) ? own : fileURLToPath(new URL('../../dist/src/index.js', import.meta.url));
}

/** What oxlint's `--format json` prints per finding. */
interface OxlintDiagnostic {
  message: string;
  code?: string;
  severity: 'error' | 'warning' | 'advice';
  filename: string;
  labels?: { span: { offset: number; length: number; line?: number; column?: number } }[];
}

/** A finished oxlint run: results per file, and the debug lines the plugin printed. */
export interface OxlintRun {
  results: ESLint.LintResult[];
  debugLines: string[];
}

/** Longest command line handed to one oxlint process (well under any platform's limit). */
const maxArgumentChars = 60_000;

function toBatches(files: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const file of files) {
    if (current.length > 0 && length + file.length + 1 > maxArgumentChars) {
      batches.push(current);
      current = [];
      length = 0;
    }
    current.push(file);
    length += file.length + 1;
  }
  if (current.length > 0) {
    batches.push(current);
  }
  return batches;
}

/**
 * Line and column (1-based, UTF-16 columns as ESLint counts them) of a UTF-8 byte offset:
 * oxlint's spans count bytes of the UTF-8 text.
 */
function locate(bytes: Buffer, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, Math.min(offset, bytes.length)).toString('utf8');
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  const line = before.split(/\r\n|\r|\n/u).length;
  return { line, column: before.length - lastBreak };
}

function toMessage(diagnostic: OxlintDiagnostic, bytes: Buffer | null): Linter.LintMessage | null {
  const rule = /^leakguard\((?<name>[^)]+)\)$/u.exec(diagnostic.code ?? '')?.groups?.name;
  if (diagnostic.code !== undefined && rule === undefined) {
    // Another plugin's or oxlint's own rule: the command reports leakguard's alone.
    return null;
  }
  const span = diagnostic.labels?.[0]?.span;
  const start = span && bytes ? locate(bytes, span.offset) : { line: span?.line ?? 1, column: span?.column ?? 1 };
  const end = span && bytes ? locate(bytes, span.offset + span.length) : null;
  const severity = diagnostic.severity === 'error' ? 2 : 1;
  if (rule === undefined) {
    // No rule code: oxlint could not parse the file (ESLint's "Parsing error").
    return { ruleId: null, fatal: true, severity: 2, message: `Parsing error: ${diagnostic.message}`, ...start };
  }
  return {
    ruleId: `leakguard/${rule}`,
    severity,
    message: diagnostic.message,
    ...start,
    ...(end ? { endLine: end.line, endColumn: end.column } : {}),
  };
}

function toResult(filePath: string, messages: Linter.LintMessage[]): ESLint.LintResult {
  const errors = messages.filter((message) => message.severity === 2);
  return {
    filePath,
    messages: messages.sort((a, b) => a.line - b.line || a.column - b.column),
    suppressedMessages: [],
    errorCount: errors.length,
    fatalErrorCount: errors.filter((message) => message.fatal === true).length,
    warningCount: messages.length - errors.length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}

function runProcess(
  bin: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolvePromise({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/** The plugin's debug records as the rules print them with LEAKGUARD_DEBUG set. */
const debugLine = /^leakguard: .* gave up on /u;
/** Its policy notes (paths left unjudged on purpose): printed too, neither records nor errors. */
const noteLine = /^leakguard: .* not judged: /u;

/**
 * Lints the files with oxlint, the plugin loaded through its `jsPlugins`, and returns the
 * results in ESLint's shape (one per file), so every formatter and the exit code work the
 * same. The configuration is written to a temporary file: the project's own
 * `.oxlintrc.json` files neither add rules nor turn leakguard's off (`--disable-nested-config`),
 * and oxlint's ignore files do not apply to the files the command chose (`--no-ignore`).
 */
export async function lintWithOxlint(
  oxlint: OxlintBinary,
  files: readonly string[],
  rules: Record<string, RuleEntry>,
  cwd: string,
  options: { debug: boolean; env: Record<string, string | undefined> },
): Promise<OxlintRun> {
  const work = mkdtempSync(join(tmpdir(), 'leakguard-oxlint-'));
  // Interrupted (Ctrl-C in a terminal, a CI job cancelled), the process would end without
  // running the `finally` below: remove the directory first, then end as the signal asks.
  const onSignal = (signal: NodeJS.Signals): void => {
    rmSync(work, { recursive: true, force: true });
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const config = join(work, '.oxlintrc.json');
    writeFileSync(
      config,
      JSON.stringify({ plugins: [], categories: { correctness: 'off' }, jsPlugins: [getPluginEntry()], rules }, null, 2),
    );
    const env: NodeJS.ProcessEnv = { ...options.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    if (options.debug) {
      env['LEAKGUARD_DEBUG'] = '1';
    }
    const byFile = new Map<string, Linter.LintMessage[]>(files.map((file) => [file, []]));
    const debugLines: string[] = [];
    for (const batch of toBatches(files)) {
      const args = ['-c', config, '--format', 'json', '--no-ignore', '--disable-nested-config', ...batch];
      const run = await runProcess(oxlint.bin, args, cwd, env);
      const stderrLines = run.stderr.split('\n').filter((line) => line.trim() !== '');
      debugLines.push(...stderrLines.filter((line) => debugLine.test(line)));
      let parsed: { diagnostics?: OxlintDiagnostic[] };
      try {
        parsed = JSON.parse(run.stdout) as { diagnostics?: OxlintDiagnostic[] };
      } catch {
        const reason = stderrLines.find((line) => !debugLine.test(line) && !noteLine.test(line)) ?? `exit code ${String(run.code)}`;
        throw new Error(`oxlint ${oxlint.version} failed: ${reason}`);
      }
      const sources = new Map<string, Buffer | null>();
      for (const diagnostic of parsed.diagnostics ?? []) {
        const filePath = resolve(cwd, diagnostic.filename);
        if (!sources.has(filePath)) {
          sources.set(filePath, existsSync(filePath) ? readFileSync(filePath) : null);
        }
        const message = toMessage(diagnostic, sources.get(filePath) ?? null);
        if (message) {
          const list = byFile.get(filePath) ?? [];
          list.push(message);
          byFile.set(filePath, list);
        }
      }
    }
    const results = [...byFile].map(([file, messages]) => toResult(file, messages));
    results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
    return { results, debugLines };
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    rmSync(work, { recursive: true, force: true });
  }
}
