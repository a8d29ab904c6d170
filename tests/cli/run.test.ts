// run() in-process, where a test can stand in for the terminal: the progress line is drawn
// on a TTY only, and the exit code and report do not depend on it.

import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { cleanSource, leakySource, makeProject } from '../e2e/helpers.js';

function makeIo(cwd: string, isTTY: boolean): { io: Parameters<typeof run>[1]; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      cwd,
      env: {},
      stdout: { write: (text: string) => out.push(text) },
      stderr: { isTTY, write: (text: string) => err.push(text) },
    },
    out,
    err,
  };
}

// 40 files: two batches of 25 and a remainder, so the line is redrawn along the way.
const files = Object.fromEntries(
  Array.from({ length: 40 }, (_, index) => [`src/m${String(index).padStart(2, '0')}.js`, index === 7 ? leakySource : cleanSource]),
);

describe('run', () => {
  it('draws "done/total" on a terminal, erases it, and ends with a summary line', async () => {
    const dir = makeProject(files);
    const { io, out, err } = makeIo(dir, true);
    // ESLint's engine lints in batches of 25 to redraw the line; oxlint in one go.
    expect(await run(['--engine', 'eslint', '--format', 'json'], io)).toBe(1);
    const progress = err.filter((text) => text.includes('files') && text.startsWith('\r'));
    expect(progress.map((text) => /(\d+\/\d+) files/u.exec(text)?.[1])).toEqual(['0/40', '25/40', '40/40']);
    expect(err).toContain('\r\u001b[2K');
    expect(err.at(-1)).toMatch(/^leakguard: 40 files in \d+\.\d s, 1 error, 0 warnings\.\n$/u);
    expect(JSON.parse(out.join('')) as unknown[]).toHaveLength(40);
  });

  it('writes nothing to stderr when it is not a terminal, or with --quiet', async () => {
    const dir = makeProject(files);
    const piped = makeIo(dir, false);
    expect(await run([], piped.io)).toBe(1);
    expect(piped.err).toEqual([]);
    const quiet = makeIo(dir, true);
    expect(await run(['--quiet'], quiet.io)).toBe(1);
    expect(quiet.err).toEqual([]);
    expect(quiet.out.join('')).toContain('leakguard/no-leaked-connection');
  });

  it('draws the line for oxlint too: all files at once', async () => {
    const dir = makeProject(files);
    const { io, err } = makeIo(dir, true);
    expect(await run(['--engine', 'oxlint', '--format', 'json'], io)).toBe(1);
    const progress = err.filter((text) => text.includes('files') && text.startsWith('\r'));
    expect(progress.map((text) => /(\d+\/\d+) files/u.exec(text)?.[1])).toEqual(['0/40', '40/40']);
    expect(err.at(-1)).toMatch(/^leakguard: 40 files in \d+\.\d s, 1 error, 0 warnings\.\n$/u);
  });

  // Nothing to lint used to exit 0 with a note; a wrong path in CI then passed for ever.
  it('fails (exit 2) when the paths hold nothing to lint', async () => {
    const dir = makeProject({ 'docs/README.md': '# docs\n' });
    const { io, out, err } = makeIo(dir, false);
    expect(await run(['docs'], io)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual(['leakguard: no JavaScript or TypeScript files to lint in docs. See leakguard --help.\n']);
  });

  it('turns a crash into exit 2 and one line', async () => {
    const dir = makeProject({
      'a.js': cleanSource,
      'throwing-formatter.cjs': "module.exports = () => { throw new Error('formatter failed\\nat its second line'); };\n",
    });
    const { io, err } = makeIo(dir, false);
    expect(await run(['--format', './throwing-formatter.cjs'], io)).toBe(2);
    expect(err).toEqual([
      'leakguard: crashed: formatter failed; at its second line (LEAKGUARD_DEBUG=1 shows the stack)\n',
    ]);
  });
});
