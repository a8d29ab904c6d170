// The integrations of docs/integrations.md, run for real: the `eslint` binary with the
// plugin in a project's flat config (.js with defineConfig, and .ts), the CI gate
// (--max-warnings 0), inline disables and their unused-directive report, bulk
// suppressions, and lint-staged running `leakguard` on staged files only.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cleanSource,
  leakguardBin,
  leakySource,
  linkPackages,
  makeProject,
  parseFindings,
  repoRoot,
  runEslint,
  runNode,
} from './helpers.js';

const finding = { file: 'src/leaky.js', line: 4, ruleId: 'leakguard/no-leaked-connection' };

const defineConfigJs = `import { defineConfig } from 'eslint/config';
import leakguard from 'eslint-plugin-leakguard';

export default defineConfig([
  {
    files: ['**/*.js'],
    extends: [leakguard.configs.recommended],
  },
]);
`;

function project(files: Record<string, string>): string {
  const dir = makeProject(files);
  linkPackages(dir);
  return dir;
}

describe('eslint.config.js with defineConfig', () => {
  let dir = '';
  beforeAll(() => {
    dir = project({ 'eslint.config.js': defineConfigJs, 'src/leaky.js': leakySource, 'src/clean.js': cleanSource });
  });

  it('reports the leak and exits 1', async () => {
    const run = await runEslint(['--format', 'json', '.'], dir);
    expect(run.code).toBe(1);
    expect(parseFindings(run.stdout, dir)).toEqual([finding]);
  });

  it('as a CI gate, --max-warnings 0 fails on the rule set to "warn"', async () => {
    const run = await runEslint(['--max-warnings', '0', '--rule', '{"leakguard/no-leaked-connection": "warn"}', '.'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('ESLint found too many warnings (maximum: 0)');
  });
});

describe('eslint.config.ts', () => {
  it('loads (through jiti) and lints TypeScript with the typescript-eslint parser', async () => {
    const dir = project({
      'eslint.config.ts': `import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import leakguard from 'eslint-plugin-leakguard';

export default defineConfig({
  files: ['**/*.ts'],
  extends: [tseslint.configs.base, leakguard.configs.recommended],
});
`,
      'src/leaky.ts': leakySource,
    });
    const run = await runEslint(['--format', 'json', '.'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(parseFindings(run.stdout, dir)).toEqual([{ ...finding, file: 'src/leaky.ts' }]);
  });
});

describe('inline disable directives', () => {
  const disable = '  // eslint-disable-next-line leakguard/no-leaked-connection -- the caller releases it\n';
  let dir = '';
  beforeAll(() => {
    dir = project({
      'eslint.config.js': defineConfigJs,
      'src/silenced.js': leakySource.replace('  const client', `${disable}  const client`),
      'src/needless.js': cleanSource.replace('  const client', `${disable}  const client`),
    });
  });

  it('silence the finding on the next line, and are reported when they silence nothing', async () => {
    const run = await runEslint(['--format', 'json', '--report-unused-disable-directives', '.'], dir);
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { line: number; message: string; severity: number }[] }[];
    const byFile = Object.fromEntries(results.map((result) => [result.filePath.slice(dir.length + 1), result.messages]));
    expect(byFile['src/silenced.js']).toEqual([]);
    expect(byFile['src/needless.js']).toEqual([
      expect.objectContaining({
        line: 4,
        severity: 2,
        message: "Unused eslint-disable directive (no problems were reported from 'leakguard/no-leaked-connection').",
      }),
    ]);
  });
});

describe('bulk suppressions', () => {
  it('--suppress-all adopts the rule on existing code; new leaks still fail; --prune-suppressions drops fixed ones', async () => {
    const dir = project({ 'eslint.config.js': defineConfigJs, 'src/leaky.js': leakySource });
    const suppressions = join(dir, 'eslint-suppressions.json');

    const adopt = await runEslint(['--suppress-all', '.'], dir);
    expect(adopt.code).toBe(0);
    expect(JSON.parse(readFileSync(suppressions, 'utf8'))).toEqual({
      'src/leaky.js': { 'leakguard/no-leaked-connection': { count: 1 } },
    });
    expect((await runEslint(['.'], dir)).code).toBe(0);

    writeFileSync(join(dir, 'src/new.js'), leakySource);
    const regress = await runEslint(['--format', 'json', '.'], dir);
    expect(regress.code).toBe(1);
    expect(parseFindings(regress.stdout, dir)).toEqual([{ ...finding, file: 'src/new.js' }]);

    writeFileSync(join(dir, 'src/new.js'), cleanSource);
    writeFileSync(join(dir, 'src/leaky.js'), cleanSource);
    const stale = await runEslint(['.'], dir);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain('--prune-suppressions');
    expect((await runEslint(['--prune-suppressions', '.'], dir)).code).toBe(0);
    expect(JSON.parse(readFileSync(suppressions, 'utf8'))).toEqual({});
  });
});

describe('lint-staged', () => {
  const git = (dir: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
      cwd: dir,
      encoding: 'utf8',
    });
  const lintStagedBin = join(repoRoot, 'node_modules/lint-staged/bin/lint-staged.js');

  it('runs leakguard on the staged files only', async () => {
    const dir = makeProject({
      '.lintstagedrc.json': JSON.stringify({ '*.{js,ts}': `node ${JSON.stringify(leakguardBin)}` }),
      'README.md': '# service\n',
      'src/staged.js': leakySource,
      'src/unstaged.js': leakySource,
    });
    git(dir, 'init', '--quiet');
    git(dir, 'add', 'README.md', '.lintstagedrc.json');
    git(dir, 'commit', '--quiet', '-m', 'initial');

    git(dir, 'add', 'src/staged.js');
    const blocked = await runNode(lintStagedBin, ['--quiet'], dir);
    expect(blocked.code).toBe(1);
    const output = blocked.stdout + blocked.stderr;
    expect(output).toContain('staged.js');
    expect(output).toContain('leakguard/no-leaked-connection');
    expect(output).not.toContain('unstaged.js');

    writeFileSync(join(dir, 'src/staged.js'), cleanSource);
    git(dir, 'add', 'src/staged.js');
    const passed = await runNode(lintStagedBin, ['--quiet'], dir);
    expect(passed.code).toBe(0);
  });
});
