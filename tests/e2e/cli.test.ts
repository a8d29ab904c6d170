// The `leakguard` binary end to end: a child process over temporary projects, checked for
// its findings, exit codes, stdout/stderr and SARIF (validated against the official
// SARIF 2.1.0 schema in tests/fixtures/sarif, see the README there).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import plugin from '../../src/index.js';
import { cleanSource, leakySource, makeProject, parseFindings, repoRoot, runLeakguard, runNode } from './helpers.js';

const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const recommendedIds = Object.keys(plugin.configs.recommended.rules ?? {});
const leakyFinding = { file: 'src/leaky.js', line: 4, ruleId: 'leakguard/no-leaked-connection' };

/** Inline configuration for other tools that the command must neither obey nor complain about. */
const foreignInlineConfig = `/* eslint-env node */
/* eslint no-alert: "error" */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const answer = 42;
alert(answer);
`;

describe('leakguard --help and --version', () => {
  it('--help names every rule of the plugin and exits 0', async () => {
    const dir = makeProject({});
    const run = await runLeakguard(['--help'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: leakguard/u);
    for (const name of Object.keys(rules)) {
      expect(run.stdout).toContain(name);
    }
  });

  it('--version prints the package version and exits 0', async () => {
    const run = await runLeakguard(['--version'], makeProject({}));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^leakguard ${packageJson.version.replaceAll('.', '\\.')} \\(ESLint \\d+\\.`, 'u'));
  });
});

describe('usage errors', () => {
  const allRules = Object.keys(rules).join(',');
  it.each([
    ['an unknown option', ['--bogus']],
    ['an unknown rule', ['--rule', 'no-such-rule']],
    ['no rules left', ['--no-rule', allRules]],
    ['an unknown format', ['--format', 'no-such-format']],
    ['a missing path', ['no/such/dir']],
    ['a path outside the current directory', ['..']],
    ['a bad --max-warnings', ['--max-warnings', 'many']],
    ['a bad --concurrency', ['--concurrency', '0']],
  ])('%s exits 2 with one line on stderr', async (_what, args) => {
    const run = await runLeakguard(args, makeProject({ 'a.js': cleanSource }));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^leakguard: [^\n]+\n$/u);
  });
});

describe('failures before the run starts', () => {
  // The real bin, beside a stand-in for the built code: what the bin does when that code
  // does not load (a dependency missing) or throws outside the run's promise.
  const bin = readFileSync(join(repoRoot, 'bin/leakguard.js'), 'utf8');

  it.each([
    ['a module that does not load', "import 'leakguard-no-such-package';\n", /^leakguard: cannot load: Cannot find package 'leakguard-no-such-package'[^\n]*\n$/u],
    [
      'an error thrown outside the run',
      "export async function run() { setTimeout(() => { throw new Error('late'); }, 0); await new Promise((r) => setTimeout(r, 50)); return 0; }\n",
      /^leakguard: crashed: late \(LEAKGUARD_DEBUG=1 shows the stack\)\n$/u,
    ],
  ])('%s: one leakguard: line, exit 2, no stack', async (_what, runModule, expected) => {
    const dir = makeProject({ 'bin/leakguard.js': bin, 'dist/src/cli/run.js': runModule, 'package.json': '{ "type": "module" }' });
    const run = await runNode(join(dir, 'bin/leakguard.js'), ['src'], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(expected);
  });
});

describe('linting a project', () => {
  let dir = '';
  beforeAll(() => {
    dir = makeProject({
      // The project's own configuration would fail the run if it were loaded.
      'eslint.config.js': "throw new Error('the project configuration must not be read');\n",
      '.gitignore': 'ignored/\n',
      'src/leaky.js': leakySource,
      'src/clean.ts': cleanSource,
      'src/foreign.js': foreignInlineConfig,
      'ignored/leaky.js': leakySource,
      'node_modules/some-package/leaky.js': leakySource,
      'dist/leaky.js': leakySource,
    });
  });

  it('reports the leak, exits 1 and prints nothing on stderr when piped', async () => {
    const run = await runLeakguard([], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(join(dir, 'src/leaky.js'));
    expect(run.stdout).toMatch(/4:24\s+error\s+`client` \(pool connection from `pool\.connect\(\)`\)/u);
    expect(run.stdout).toContain('leakguard/no-leaked-connection');
    expect(run.stdout).toContain('1 problem (1 error, 0 warnings)');
  });

  it('skips .gitignore-d files, node_modules and dist, and ignores foreign inline config', async () => {
    const run = await runLeakguard(['--format', 'json'], dir);
    expect(run.code).toBe(1);
    expect(parseFindings(run.stdout, dir)).toEqual([leakyFinding]);
    const linted = (JSON.parse(run.stdout) as { filePath: string }[]).map((r) => r.filePath.slice(dir.length + 1)).sort();
    expect(linted).toEqual(['eslint.config.js', 'src/clean.ts', 'src/foreign.js', 'src/leaky.js']);
  });

  it('exits 0 with no output on clean paths', async () => {
    const run = await runLeakguard(['src/clean.ts', 'src/foreign.js'], dir);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('lints a file named on the command line even if .gitignore lists it', async () => {
    const run = await runLeakguard(['--format', 'json', 'ignored/leaky.js'], dir);
    expect(run.code).toBe(1);
    expect(parseFindings(run.stdout, dir)).toEqual([{ ...leakyFinding, file: 'ignored/leaky.js' }]);
  });

  it('--ignore-pattern skips matching files', async () => {
    const run = await runLeakguard(['--ignore-pattern', 'src/leaky.*'], dir);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--rule and --no-rule pick the rules', async () => {
    const picked = await runLeakguard(['--format', 'json', '--rule', 'leakguard/no-leaked-connection'], dir);
    expect(parseFindings(picked.stdout, dir)).toEqual([leakyFinding]);
    const dropped = await runLeakguard(
      ['--format', 'json', '--rule', Object.keys(rules).join(','), '--no-rule', 'no-leaked-connection'],
      dir,
    );
    // Only no-leaked-connection reports in this project; while it is the plugin's only
    // rule, dropping it leaves nothing to run, which is a usage error.
    const othersExist = Object.keys(rules).length > 1;
    expect(dropped.code).toBe(othersExist ? 0 : 2);
    expect(othersExist ? parseFindings(dropped.stdout, dir) : dropped.stdout).toEqual(othersExist ? [] : '');
  });

  it('--warn reports warnings (exit 0); --max-warnings 0 fails on them; --quiet hides them', async () => {
    const warned = await runLeakguard(['--warn', '--format', 'json'], dir);
    expect(warned.code).toBe(0);
    expect((JSON.parse(warned.stdout) as { warningCount: number }[]).reduce((n, r) => n + r.warningCount, 0)).toBe(1);

    const gated = await runLeakguard(['--warn', '--max-warnings', '0'], dir);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toBe('leakguard: too many warnings (1; the maximum is 0).\n');

    const quiet = await runLeakguard(['--warn', '--quiet'], dir);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });

    // As with eslint, --max-warnings still counts the warnings --quiet does not print.
    const quietGated = await runLeakguard(['--warn', '--quiet', '--max-warnings', '0'], dir);
    expect(quietGated).toEqual({ code: 1, stdout: '', stderr: 'leakguard: too many warnings (1; the maximum is 0).\n' });
  });

  it('--output-file writes the report (creating its directory) instead of stdout', async () => {
    const run = await runLeakguard(['--format', 'json', '--output-file', 'reports/leakguard.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(parseFindings(readFileSync(join(dir, 'reports/leakguard.json'), 'utf8'), dir)).toEqual([leakyFinding]);
  });

  it('--concurrency 2 finds the same as a single thread', async () => {
    const run = await runLeakguard(['--format', 'json', '--concurrency', '2'], dir);
    expect(run.code).toBe(1);
    expect(parseFindings(run.stdout, dir)).toEqual([leakyFinding]);
  });
});

describe('--cache', () => {
  it('writes the cache and notices a changed file', async () => {
    const dir = makeProject({ 'src/leaky.js': leakySource });
    const first = await runLeakguard(['--cache', '--cache-location', '.cache/leakguard.json'], dir);
    expect(first.code).toBe(1);
    expect(existsSync(join(dir, '.cache/leakguard.json'))).toBe(true);
    const again = await runLeakguard(['--cache', '--cache-location', '.cache/leakguard.json', '-f', 'json'], dir);
    expect(parseFindings(again.stdout, dir)).toEqual([leakyFinding]);
    writeFileSync(join(dir, 'src/leaky.js'), cleanSource);
    const fixed = await runLeakguard(['--cache', '--cache-location', '.cache/leakguard.json', '--cache-strategy', 'content'], dir);
    expect(fixed).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('defaults to node_modules/.cache/leakguard/ when node_modules exists', async () => {
    const dir = makeProject({ 'src/clean.js': cleanSource, 'node_modules/.keep': '' });
    const run = await runLeakguard(['--cache'], dir);
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, 'node_modules/.cache/leakguard'))).toBe(true);
  });
});

describe('--type-aware', () => {
  it('lints files of the tsconfig with type information, and the rest without', async () => {
    const dir = makeProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['src'] }),
      'src/leaky.ts': leakySource,
      'scripts/tool.js': leakySource,
    });
    const run = await runLeakguard(['--type-aware', '--format', 'json'], dir);
    expect(run.code).toBe(1);
    expect(parseFindings(run.stdout, dir)).toEqual([
      { ...leakyFinding, file: 'scripts/tool.js' },
      { ...leakyFinding, file: 'src/leaky.ts' },
    ]);
    // Only the file outside the tsconfig fell back: src/leaky.ts was parsed by the project service.
    expect(run.stderr).toBe('leakguard: 1 file is in no tsconfig; linted without type information.\n');
  });

  it('lints a project without any tsconfig.json without type information, and says so', async () => {
    const dir = makeProject({ 'src/leaky.js': leakySource, 'src/clean.ts': cleanSource });
    const run = await runLeakguard(['--type-aware', '--format', 'json'], dir);
    expect(run.code).toBe(1);
    expect(parseFindings(run.stdout, dir)).toEqual([leakyFinding]);
    expect(run.stderr).toBe('leakguard: 2 files are in no tsconfig; linted without type information.\n');
  });
});

describe('--format sarif', () => {
  let log: Log = { version: '2.1.0', runs: [] };
  let dir = '';
  beforeAll(async () => {
    dir = makeProject({
      'src/leaky.js': leakySource,
      'src/clean.js': cleanSource,
      'src/silenced.js': leakySource.replace(
        '  const client',
        '  // eslint-disable-next-line leakguard/no-leaked-connection -- released by the caller\n  const client',
      ),
      'src/broken.js': 'export const = 1;\n',
    });
    const run = await runLeakguard(['--format', 'sarif'], dir);
    expect(run.code).toBe(1);
    log = JSON.parse(run.stdout) as Log;
  });

  it('is valid against the SARIF 2.1.0 schema', () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'tests/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')) as object;
    // Both packages are CommonJS with a `default` export; Node's interop hands over module.exports.
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('describes every rule that ran, with its docs as help URI', () => {
    const driver = log.runs[0]?.tool.driver;
    expect(driver?.name).toBe('leakguard');
    expect(driver?.version).toBe(packageJson.version);
    expect(driver?.rules?.map((rule) => rule.id)).toEqual(recommendedIds);
    for (const descriptor of driver?.rules ?? []) {
      const rule = rules[descriptor.id.slice('leakguard/'.length) as keyof typeof rules];
      expect(descriptor.helpUri).toBe(rule.meta.docs?.url);
      expect(descriptor.shortDescription?.text).toBe(rule.meta.docs?.description);
    }
  });

  it('gives each finding its rule, file relative to %SRCROOT% and region', () => {
    const run = log.runs[0];
    const findings = (run?.results ?? []).map((result) => ({
      ruleId: result.ruleId,
      ruleIndex: result.ruleIndex,
      level: result.level,
      uri: result.locations?.[0]?.physicalLocation?.artifactLocation?.uri,
      uriBaseId: result.locations?.[0]?.physicalLocation?.artifactLocation?.uriBaseId,
      region: result.locations?.[0]?.physicalLocation?.region,
      suppressions: result.suppressions,
    }));
    const region = { startLine: 4, startColumn: 24, endLine: 4, endColumn: 38 };
    const common = { ruleId: 'leakguard/no-leaked-connection', ruleIndex: recommendedIds.indexOf('leakguard/no-leaked-connection'), level: 'error', uriBaseId: '%SRCROOT%' };
    expect(findings).toEqual([
      { ...common, uri: 'src/leaky.js', region, suppressions: undefined },
      {
        ...common,
        uri: 'src/silenced.js',
        region: { ...region, startLine: 5, endLine: 5 },
        suppressions: [{ kind: 'inSource', justification: 'released by the caller' }],
      },
    ]);
    expect(run?.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(`file://${dir}/`);
  });

  it('gives rules and results the warning level with --warn', async () => {
    const warned = JSON.parse((await runLeakguard(['--format', 'sarif', '--warn', 'src/leaky.js'], dir)).stdout) as Log;
    const run = warned.runs[0];
    expect(run?.tool.driver.rules?.map((rule) => rule.defaultConfiguration?.level)).toEqual(recommendedIds.map(() => 'warning'));
    expect(run?.results?.map((result) => result.level)).toEqual(['warning']);
  });

  it('reports a file that cannot be parsed as a tool notification, not a finding', () => {
    const notifications = log.runs[0]?.invocations?.[0]?.toolExecutionNotifications ?? [];
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.level).toBe('error');
    expect(notifications[0]?.message.text).toMatch(/^Parsing error/u);
    expect(notifications[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('src/broken.js');
  });
});
