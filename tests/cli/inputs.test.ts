// What the command does with awkward inputs: empty names, FIFOs, symlink loops, files
// too large to parse, files that do not parse, a report path it cannot write. Each is
// either linted, skipped with a note, or a one-line error; none is a green run by accident
// and none a stack trace. In-process, on both engines where the engine matters.

import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { describeFsError, maxNamedFileBytes } from '../../src/cli/files.js';
import { run } from '../../src/cli/run.js';
import { cleanSource, leakySource, makeProject } from '../e2e/helpers.js';

function makeIo(cwd: string): { io: Parameters<typeof run>[1]; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      cwd,
      env: {},
      stdout: { write: (text: string) => out.push(text) },
      stderr: { isTTY: false, write: (text: string) => err.push(text) },
    },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

async function lint(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = makeIo(dir);
  const code = await run(args, io);
  return { code, out: out(), err: err() };
}

describe('empty names', () => {
  it.each([[['']], [['src', '  ']], [['--rule', '']], [['--rule', 'no-leaked-cursor,']], [['--no-rule', '']]])(
    '%j is a usage error',
    async (args) => {
      const result = await lint(makeProject({ 'src/a.js': cleanSource }), args);
      expect(result.code).toBe(2);
      expect(result.out).toBe('');
      expect(result.err.trim().split('\n')).toHaveLength(1);
      expect(result.err).toMatch(/^leakguard: .*(empty path|needs a rule name)/u);
    },
  );
});

describe('special files', () => {
  it('skips a FIFO named on the command line with a note, and lints the rest', async () => {
    const dir = makeProject({ 'src/leaky.js': leakySource });
    execFileSync('mkfifo', [join(dir, 'src/pipe.js')]);
    const result = await lint(dir, ['--format', 'json', 'src/pipe.js', 'src/leaky.js']);
    expect(result.code).toBe(1);
    expect(result.err).toBe('leakguard: skipped src/pipe.js: a FIFO, not a regular file.\n');
    expect((JSON.parse(result.out) as unknown[]).length).toBe(1);
  });

  it('walks past a FIFO in a directory', async () => {
    const dir = makeProject({ 'src/clean.js': cleanSource });
    execFileSync('mkfifo', [join(dir, 'src/pipe.js')]);
    expect(await lint(dir, ['src'])).toEqual({ code: 0, out: '', err: '' });
  });

  it('names a symbolic link that loops (ELOOP) in one line, exit 2', async () => {
    const dir = makeProject({ 'src/clean.js': cleanSource });
    symlinkSync('b.js', join(dir, 'src/a.js'));
    symlinkSync('a.js', join(dir, 'src/b.js'));
    const result = await lint(dir, ['src/a.js']);
    expect(result.code).toBe(2);
    expect(result.err).toBe('leakguard: src/a.js is a symbolic link that loops back on itself (ELOOP). See leakguard --help.\n');
  });

  it(`skips a named file over ${String(maxNamedFileBytes / 1024 / 1024)} MiB with a note instead of running out of memory`, async () => {
    const dir = makeProject({ 'src/leaky.js': leakySource });
    writeFileSync(join(dir, 'src/huge.js'), 'export const x = [1, 2, 3];\n'.repeat(Math.ceil((maxNamedFileBytes + 1) / 28)));
    const result = await lint(dir, ['--format', 'json', 'src/huge.js', 'src/leaky.js']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^leakguard: skipped src\/huge\.js: 8\.0 MiB is over the 8 MiB the command parses \(generated code\?\)\.\n$/u);
    expect((JSON.parse(result.out) as { filePath: string }[]).map((entry) => entry.filePath)).toEqual([join(dir, 'src/leaky.js')]);
  });

  it('cannot write the report under a file: one line, exit 2', async () => {
    const dir = makeProject({ 'src/leaky.js': leakySource, 'out': 'a file' });
    const result = await lint(dir, ['--output-file', 'out/report.txt']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^leakguard: cannot write the report: out\/report\.txt (already exists and is not a directory \(EEXIST\)|has a file where a directory was expected \(ENOTDIR\))\. See leakguard --help\.\n$/u);
  });

  it('describes the file-system errors users meet in words', () => {
    const error = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });
    expect(describeFsError(error('EACCES'), 'src')).toBe('permission denied: src cannot be read (EACCES)');
    expect(describeFsError(error('EEXIST'), 'out')).toBe('out already exists and is not a directory (EEXIST)');
    expect(describeFsError(error('ELOOP'), 'a.js')).toBe('a.js is a symbolic link that loops back on itself (ELOOP)');
    expect(describeFsError(error('ENOENT'), 'x')).toBe('no such file or directory: x');
  });
});

describe.each(['eslint', 'oxlint'])('a file that does not parse (--engine %s)', (engine) => {
  const files = { 'src/leaky.js': leakySource, 'src/broken.ts': 'export function f( {\n' };

  it('is an error in the default format and in JSON (exit 1)', async () => {
    const dir = makeProject(files);
    const stylish = await lint(dir, ['--engine', engine]);
    expect(stylish.code).toBe(1);
    expect(stylish.out).toMatch(/broken\.ts\n.*error\s+Parsing error/u);
    const json = JSON.parse((await lint(dir, ['--engine', engine, '--format', 'json'])).out) as {
      filePath: string;
      messages: { fatal?: boolean; ruleId: string | null }[];
    }[];
    expect(json.map((result) => [result.filePath.slice(dir.length + 1), result.messages.map((m) => m.ruleId ?? 'fatal')])).toEqual([
      ['src/broken.ts', ['fatal']],
      ['src/leaky.js', ['leakguard/no-leaked-connection']],
    ]);
  });

  it('is a tool notification in SARIF, never a silent empty run (exit 1)', async () => {
    const dir = makeProject({ 'src/broken.ts': files['src/broken.ts'] });
    const result = await lint(dir, ['--engine', engine, '--format', 'sarif']);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.out) as Log;
    expect(log.runs[0]?.results).toEqual([]);
    const notifications = log.runs[0]?.invocations?.[0]?.toolExecutionNotifications ?? [];
    expect(notifications.map((entry) => [entry.level, entry.message.text?.slice(0, 14)])).toEqual([['error', 'Parsing error:']]);
    expect(notifications[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('src/broken.ts');
  });
});

describe('--verbose', () => {
  it('lists the vendored and generated files it skipped; --include-generated lints them', async () => {
    const dir = makeProject({ 'src/clean.js': cleanSource, 'src/leaky.gen.js': `// @generated\n${leakySource}`, 'vendor/x.js': leakySource });
    const result = await lint(dir, ['--engine', 'eslint', '--verbose', '--quiet']);
    expect(result).toEqual({
      code: 0,
      out: '',
      err: [
        'leakguard: skipped 2 vendored, generated or fixture paths (--include-generated lints them):',
        'leakguard:   src/leaky.gen.js (generated: an @generated header)',
        'leakguard:   vendor (vendored: a vendor/ directory)',
        'leakguard: the analysis gave up on no function.',
        '',
      ].join('\n'),
    });
    const included = await lint(dir, ['--engine', 'eslint', '--include-generated', '--format', 'json']);
    expect(included.code).toBe(1);
    const files = (JSON.parse(included.out) as { filePath: string; errorCount: number }[]).filter((file) => file.errorCount > 0);
    expect(files.map((file) => file.filePath).sort()).toEqual([join(dir, 'src/leaky.gen.js'), join(dir, 'vendor/x.js')]);
  });

  it('says when the analysis gave up on no function', async () => {
    const dir = makeProject({ 'src/clean.js': cleanSource });
    for (const engine of ['eslint', 'oxlint']) {
      const result = await lint(dir, ['--engine', engine, '--verbose', '--quiet']);
      expect(result).toEqual({ code: 0, out: '', err: 'leakguard: the analysis gave up on no function.\n' });
    }
  });
});
