import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { collectFiles, createTsconfigLookup, maxWalkedFileBytes } from '../../src/cli/files.js';
import { makeProject } from '../e2e/helpers.js';

function collect(dir: string, paths: string[], ignorePatterns: string[] = [], cwd = dir): string[] {
  return collectFiles(paths, cwd, ignorePatterns).files.map((file) => relative(dir, file));
}

describe('collectFiles', () => {
  it('takes JavaScript and TypeScript files, not declarations, minified bundles or other files', () => {
    const dir = makeProject({
      'a.js': '', 'b.mjs': '', 'c.cjs': '', 'd.jsx': '', 'e.ts': '', 'f.mts': '', 'g.cts': '', 'h.tsx': '',
      'types.d.ts': '', 'vendor.min.js': '', 'README.md': '', 'data.json': '',
    });
    expect(collect(dir, ['.'])).toEqual(['a.js', 'b.mjs', 'c.cjs', 'd.jsx', 'e.ts', 'f.mts', 'g.cts', 'h.tsx']);
  });

  it("skips node_modules, dist, .git and Yarn's files at any depth", () => {
    const dir = makeProject({
      'src/a.js': '', 'node_modules/p/a.js': '', 'pkg/node_modules/p/a.js': '', 'pkg/dist/a.js': '', '.git/hooks/a.js': '',
      '.yarn/releases/yarn-4.0.0.cjs': '', '.pnp.cjs': '', '.pnp.loader.mjs': '',
    });
    expect(collect(dir, ['.'])).toEqual(['src/a.js']);
  });

  it('leaves out files over 1 MiB from a walk, but lints one named on the command line', () => {
    const dir = makeProject({ 'src/a.js': '', 'src/bundle.js': `// ${'x'.repeat(maxWalkedFileBytes)}\n` });
    expect(collectFiles(['.'], dir, [])).toMatchObject({ files: [join(dir, 'src/a.js')], tooLarge: [join(dir, 'src/bundle.js')] });
    expect(collectFiles(['src/bundle.js', '.'], dir, [])).toMatchObject({
      files: [join(dir, 'src/a.js'), join(dir, 'src/bundle.js')],
      tooLarge: [],
    });
  });

  it('follows .gitignore files level by level; a deeper negation re-includes a file', () => {
    const dir = makeProject({
      '.gitignore': '*.gen.js\nbuild/\n',
      'src/.gitignore': '!keep.gen.js\nlocal.js\n',
      'src/a.js': '', 'src/a.gen.js': '', 'src/keep.gen.js': '', 'src/local.js': '', 'local.js': '', 'build/a.js': '',
    });
    expect(collect(dir, ['.'])).toEqual(['local.js', join('src', 'a.js'), join('src', 'keep.gen.js')]);
  });

  it("honours the repository root's .gitignore when linting a subdirectory", () => {
    const dir = makeProject({ '.gitignore': 'generated/\n', 'app/src/a.js': '', 'app/src/generated/b.js': '' });
    mkdirSync(join(dir, '.git'));
    expect(collect(dir, ['src'], [], join(dir, 'app'))).toEqual([join('app', 'src', 'a.js')]);
  });

  it('adds --ignore-pattern rules relative to the current directory', () => {
    const dir = makeProject({ 'src/a.js': '', 'src/a.test.js': '', 'fixtures/b.js': '' });
    expect(collect(dir, ['.'], ['*.test.js', '/fixtures'])).toEqual([join('src', 'a.js')]);
  });

  it('lints a named file even when ignored, once, and rejects missing or outside paths', () => {
    const dir = makeProject({ '.gitignore': 'a.js\n', 'a.js': '' });
    expect(collect(dir, ['a.js', './a.js', '.'])).toEqual(['a.js']);
    expect(() => collectFiles(['missing.js'], dir, [])).toThrow(UsageError);
    expect(() => collectFiles(['..'], dir, [])).toThrow(/outside the current directory/u);
  });
});

describe('createTsconfigLookup', () => {
  it('finds a tsconfig.json in the file\'s directory or above', () => {
    const dir = makeProject({ 'app/tsconfig.json': '{}', 'app/src/a.ts': '', 'tools/b.js': '' });
    const hasTsconfig = createTsconfigLookup();
    expect(hasTsconfig(join(dir, 'app/src/a.ts'))).toBe(true);
    expect(hasTsconfig(join(dir, 'tools/b.js'))).toBe(false);
  });
});
