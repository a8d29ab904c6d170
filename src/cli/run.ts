import { ESLint } from 'eslint';
import plugin from '../index.js';
import { getHelpText, parseCommandLine, UsageError } from './args.js';
import { getPluginConfig } from './config.js';
import { lint } from './lint.js';
import type { ProgressStream } from './progress.js';

/** Where the command reads and writes; the real process's, or a test's. */
export interface CliIo {
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
}

/** An error as one line: ESLint puts the file and rule of a crash on lines of their own. */
function toOneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('; ');
}

/**
 * Runs `leakguard` with the given arguments and returns its exit code: 0 no findings,
 * 1 findings or too many warnings, 2 a usage error or a crash (with a one-line message).
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    if (command.kind === 'help') {
      const defaults = Object.keys(getPluginConfig('recommended')?.rules ?? {}).map((id) =>
        id.slice('leakguard/'.length),
      );
      io.stdout.write(`${getHelpText(Object.keys(plugin.rules), defaults)}\n`);
      return 0;
    }
    if (command.kind === 'version') {
      io.stdout.write(`leakguard ${plugin.meta.version} (ESLint ${ESLint.version})\n`);
      return 0;
    }
    return await lint(command.options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`leakguard: ${error.message.replace(/\.$/u, '')}. See leakguard --help.\n`);
      return 2;
    }
    const debug = io.env.LEAKGUARD_DEBUG !== undefined && io.env.LEAKGUARD_DEBUG !== '';
    io.stderr.write(`leakguard: crashed: ${toOneLine(error)}${debug ? '' : ' (LEAKGUARD_DEBUG=1 shows the stack)'}\n`);
    if (debug && error instanceof Error && error.stack !== undefined) {
      io.stderr.write(`${error.stack}\n`);
    }
    return 2;
  }
}
