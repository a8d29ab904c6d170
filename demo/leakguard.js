// leakguard's verdict on the handlers the demo runs, from the real command line tool
// (bin/leakguard.js, as `npx leakguard` runs it), attributed to the functions it lands in.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../bin/leakguard.js', import.meta.url));
const pluginEntry = fileURLToPath(new URL('../dist/src/index.js', import.meta.url));

/** The rules of the built plugin, to tell "no report" from "no such rule in this build". */
export async function getPluginRules() {
  if (!existsSync(pluginEntry)) return [];
  const { default: plugin } = await import(pathToFileURL(pluginEntry).href);
  return Object.keys(plugin.rules);
}

/**
 * The top-level functions of a file and their line ranges, for the house style of
 * examples/service: `function name(` or `async function name(` at the start of a line, up
 * to the first `}` at the start of a line after it.
 */
function getFunctionRanges(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const ranges = [];
  lines.forEach((text, index) => {
    const match = /^(?:async )?function (\w+)\(/u.exec(text);
    if (match?.[1] === undefined) return;
    const end = lines.findIndex((line, after) => after > index && line.startsWith('}'));
    ranges.push({ name: match[1], start: index + 1, end: end === -1 ? lines.length : end + 1 });
  });
  return ranges;
}

/**
 * Runs `node bin/leakguard.js --format json <files>` and returns its findings, each with the
 * function it falls in. Exit 1 means findings; anything but 0 or 1 is an error.
 *
 * @returns {Promise<Array<{ file: string, line: number, column: number, ruleId: string | null, message: string, inFunction: string | null }>>}
 */
export async function runLeakguard(files) {
  if (!existsSync(cli)) {
    throw new Error(`the leakguard command is missing (${relative(repo, cli)})`);
  }
  const stdout = await new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, '--format', 'json', ...files],
      { cwd: repo, maxBuffer: 16 * 1024 * 1024 },
      (error, out, err) => {
        const code = error === null ? 0 : error.code;
        if (code === 0 || code === 1) resolve(out);
        else reject(new Error(`leakguard exited with ${String(code)}: ${err.trim()}`));
      },
    );
  });
  const results = JSON.parse(stdout);
  return results.flatMap((result) => {
    const ranges = getFunctionRanges(result.filePath);
    return result.messages.map((message) => ({
      file: relative(repo, result.filePath),
      line: message.line,
      column: message.column,
      ruleId: message.ruleId,
      message: message.message,
      inFunction:
        ranges.find((range) => range.start <= message.line && message.line <= range.end)?.name ??
        null,
    }));
  });
}
