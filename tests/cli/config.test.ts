import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../src/cli/args.js';
import { buildConfig, getBaseConfigName, getPluginConfig, type LintPlan } from '../../src/cli/config.js';
import { loadTypeScriptParser } from '../../src/cli/parser.js';
import { run } from '../../src/cli/run.js';
import plugin from '../../src/index.js';
import { leakySource, makeProject } from '../e2e/helpers.js';

const tsParser = (await loadTypeScriptParser()).parser;

const plan: LintPlan = {
  cwd: '/project',
  parser: 'typescript-eslint',
  baseConfig: 'recommended',
  rules: { 'leakguard/no-leaked-connection': 'error' },
  typeAware: false,
  quiet: false,
  concurrency: 'off',
  cache: null,
};

describe('parseCommandLine', () => {
  it('reads repeated and comma-separated rules, limits and thread counts', () => {
    const command = parseCommandLine(['--rule', 'a,b', '--rule', 'c', '--no-rule', 'd', '--max-warnings', '-1', '--concurrency', 'auto', 'src']);
    expect(command).toMatchObject({
      kind: 'lint',
      options: { rules: ['a', 'b', 'c'], noRules: ['d'], maxWarnings: undefined, concurrency: 'auto', paths: ['src'] },
    });
    expect(parseCommandLine([])).toMatchObject({ kind: 'lint', options: { paths: ['.'], format: 'stylish', concurrency: 'off' } });
  });

  it.each([
    [['--max-warnings', '-2']],
    [['--concurrency', 'two']],
    [['--cache-strategy', 'mtime']],
    [['--format']],
    [['--rule', '']],
    [['--no-rule', 'a,']],
    [['--engine', 'rome']],
  ])(
    'rejects %j',
    (argv) => {
      expect(() => parseCommandLine(argv)).toThrow(UsageError);
    },
  );
});

describe('buildConfig', () => {
  it('uses the project service only in a type-aware run, rooted at the current directory', () => {
    const [syntax] = buildConfig(plan, tsParser);
    expect(syntax?.languageOptions?.parserOptions).toMatchObject({ projectService: false });
    const [typed] = buildConfig({ ...plan, typeAware: true }, tsParser);
    expect(typed?.languageOptions?.parserOptions).toMatchObject({ projectService: true, tsconfigRootDir: '/project' });
  });

  it('runs exactly the planned rules, with the plugin registered, and no unused-directive reports', () => {
    const [config] = buildConfig(plan, tsParser);
    expect(config?.rules).toEqual(plan.rules);
    expect(config?.plugins?.leakguard).toBe(plugin);
    expect(config?.linterOptions?.reportUnusedDisableDirectives).toBe('off');
  });

  it('reads JavaScript alone with espree, where the TypeScript parser cannot load', () => {
    const [config] = buildConfig({ ...plan, parser: 'espree' }, null);
    expect(config?.files).toEqual(['**/*.{js,mjs,cjs,jsx}']);
    expect(config?.languageOptions?.parser).toBeUndefined();
    expect(() => buildConfig(plan, null)).toThrow('did not load');
  });

  it('takes recommended-type-checked for a type-aware run as soon as the plugin has it', () => {
    const typedConfig = getPluginConfig('recommended-type-checked') === undefined ? 'recommended' : 'recommended-type-checked';
    expect(getBaseConfigName(true)).toBe(typedConfig);
    expect(getBaseConfigName(false)).toBe('recommended');
  });
});

describe('--cache', () => {
  it("is keyed on the plugin's meta: a new plugin version invalidates it", async () => {
    const dir = makeProject({ 'src/leaky.js': leakySource });
    const io = { cwd: dir, env: {}, stdout: { write: () => true }, stderr: { write: () => true } };
    const cacheFile = join(dir, 'cache.json');
    const lintCached = async (): Promise<string> => {
      expect(await run(['--cache', '--cache-location', 'cache.json'], io)).toBe(1);
      return readFileSync(cacheFile, 'utf8');
    };
    const first = await lintCached();
    expect(await lintCached()).toBe(first);
    const { version } = plugin.meta;
    try {
      plugin.meta.version = `${version}-next`;
      expect(await lintCached()).not.toBe(first);
    } finally {
      plugin.meta.version = version;
    }
  });
});
