import { describe, expect, it } from 'vitest';
import { FileProbe, stripJsonComments } from '../../src/summaries/files.js';
import { matchExports, resolveSpecifier, splitPackageSpecifier } from '../../src/summaries/resolve.js';
import { parsePnpmWorkspace } from '../../src/summaries/workspaces.js';
import { FIXTURES } from './helpers.js';

const FROM = `${FIXTURES}app/src/service.ts`;

describe('resolving specifiers', () => {
  it.each([
    ['./db.js', 'app/src/db.ts', 'relative'],
    ['./db', 'app/src/db.ts', 'relative'],
    ['./utils', 'app/src/utils/index.ts', 'relative'],
    ['./legacy.cjs', 'app/src/legacy.cjs', 'relative'],
    ['@app/repo', 'app/src/repo.ts', 'paths'],
    ['#config', 'app/src/config.ts', 'paths'],
    // baseUrl alone maps bare names under it, as TypeScript does.
    ['app/src/db', 'app/src/db.ts', 'paths'],
    ['@acme/pg-helpers', 'packages/pg-helpers/src/index.ts', 'workspace'],
    ['@acme/tx-kit', 'packages/tx-kit/src/index.ts', 'workspace'],
    ['@acme/tx-kit/settle', 'packages/tx-kit/src/settle.ts', 'workspace'],
    ['js-pool-helpers', 'node_modules/js-pool-helpers/lib/index.js', 'package'],
    ['exports-pkg', 'node_modules/exports-pkg/lib/index.js', 'package'],
    ['exports-pkg/features/end', 'node_modules/exports-pkg/lib/features/end.js', 'package'],
  ])('%s → %s (%s)', (specifier, path, kind) => {
    expect(resolveSpecifier(FROM, specifier, new FileProbe())).toEqual({ path: FIXTURES + path, kind });
  });

  it.each([
    // Declarations only, a subpath the exports map does not list, builtins, nothing there.
    'types-only',
    'exports-pkg/lib/index.js',
    'node:fs',
    'fs',
    './nowhere',
    'no-such-package',
  ])('%s is not resolved', (specifier) => {
    expect(resolveSpecifier(FROM, specifier, new FileProbe())).toBeNull();
  });

  it('does not enter the packages the caller skips', () => {
    expect(resolveSpecifier(FROM, 'js-pool-helpers', new FileProbe(), { isSkippedPackage: (name) => name === 'js-pool-helpers' })).toBeNull();
  });
});

describe('the pieces of resolution', () => {
  it('splits package specifiers', () => {
    expect(splitPackageSpecifier('@acme/db/tx')).toEqual({ name: '@acme/db', subpath: './tx' });
    expect(splitPackageSpecifier('pg')).toEqual({ name: 'pg', subpath: '.' });
    expect(splitPackageSpecifier('@broken')).toEqual({ name: null, subpath: '.' });
  });

  it('matches exports maps: strings, conditions, patterns, arrays, no declarations', () => {
    expect(matchExports('./index.js', '.')).toBe('./index.js');
    expect(matchExports({ types: './index.d.ts', require: './index.cjs' }, '.')).toBe('./index.cjs');
    expect(matchExports({ '.': { types: './a.d.ts' } }, '.')).toBeNull();
    expect(matchExports({ './*': './src/*.ts', './feat/*': './f/*.js' }, './feat/x')).toBe('./f/x.js');
    expect(matchExports({ '.': [{ worker: './w.js' }, './main.js'] }, '.')).toBe('./main.js');
    expect(matchExports({ '.': './main.js' }, './other')).toBeNull();
  });

  it('reads JSONC: comments and trailing commas outside strings', () => {
    const text = '{ "a": "// not a comment", /* c */ "b": [1, 2,], // end\n "c": "x,}" , }';
    expect(JSON.parse(stripJsonComments(text))).toEqual({ a: '// not a comment', b: [1, 2], c: 'x,}' });
  });

  it('reads the packages of a simple pnpm-workspace.yaml', () => {
    const text = "packages:\n  - 'apps/*'\n  - \"libs/**\" # all of them\n  - tools\n  - '!libs/old'\ncatalog:\n  - not-a-package\n";
    expect(parsePnpmWorkspace(text)).toEqual(['apps/*', 'libs/**', 'tools', '!libs/old']);
  });
});
