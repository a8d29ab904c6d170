// Measures what leakguard's rules cost, against two yardsticks an ESLint user already pays
// for: parsing the file with @typescript-eslint/parser, and ESLint's own code-path rules
// (consistent-return, no-unreachable, array-callback-return). Inputs are generated files
// of growing size (1×, 2×, 4×, 8×; the ratios show whether the cost grows linearly) and a
// few large real files from node_modules.
//
// Rule times come from ESLint's own per-rule timing (`stats: true`), so ESLint's shared
// work (parsing, scope analysis, code-path analysis, traversal) is not charged to any rule;
// the "eslint base" column shows that shared work: a run with no rules enabled.
//
// Type-aware mode: the same inputs, written into a small TypeScript project (allowJs) in a
// temporary directory where the real pg declarations resolve, linted with
// `parserOptions.projectService`; leakguard's rules next to typescript-eslint's
// no-floating-promises, each in its own lint of a fresh program (the file changes between
// runs), so each pays for the type checking it asks for.
//
// Pathological shapes (scripts/bench-pathological.js): one function built to make a flow
// analysis blow up, at n and 2n, with the growth between them; each in a child process with
// a time limit. Skipped with --no-pathological; run alone with
// `node --expose-gc scripts/bench-pathological.js`.
//
// Usage: npm run bench          (builds first; imports the plugin from dist/)
//        node --expose-gc scripts/bench.js [--json] [--runs N] [--stat median|min] [--no-types]
//                                          [--no-pathological]
//                                          [--only TEXT]   (inputs whose name contains TEXT)
// On a busy machine the minimum of the runs is steadier than the median.

import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../dist/src/index.js';
import { formatPathological, runPathological } from './bench-pathological.js';
import { getRealWorldSample } from './real-world-sample.js';
import { generateBigFunction, generateManyFunctions } from './bench-inputs.js';

const TARGET_PERCENT_OF_PARSE = 10;
const SCALES = [1, 2, 4, 8];
/** Real inputs: the largest script file (≤ 180 kB) sampled under each of these prefixes. */
const REAL_FILE_PREFIXES = ['eslint/', '@typescript-eslint/', 'vitest/'];
const REAL_FILE_MAX_BYTES = 180_000;
const CORE_RULES = ['consistent-return', 'no-unreachable', 'array-callback-return'];

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const runsArg = args.indexOf('--runs');
const runs = runsArg === -1 ? 7 : Number(args[runsArg + 1]);
if (!Number.isInteger(runs) || runs < 1) {
  throw new Error('--runs needs a positive integer');
}
const withTypes = !args.includes('--no-types');
const withPathological = !args.includes('--no-pathological');
const onlyArg = args.indexOf('--only');
const only = onlyArg === -1 ? null : args[onlyArg + 1];
const statArg = args.indexOf('--stat');
const stat = statArg === -1 ? 'median' : args[statArg + 1];
if (stat !== 'median' && stat !== 'min') {
  throw new Error('--stat is median or min');
}

// ---------------------------------------------------------------------------------------
// Measurement

const linter = new Linter({ configType: 'flat' });

function baseConfig(sourceType) {
  return {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  };
}

const ruleSets = {
  empty: { rules: {} },
  core: { rules: Object.fromEntries(CORE_RULES.map((name) => [name, 'error'])) },
  leakguard: plugin.configs.all,
};

function parseOnce(code, filename, sourceType) {
  return tsParser.parseForESLint(code, {
    ecmaVersion: 'latest',
    sourceType,
    filePath: filename,
    range: true,
    loc: true,
    tokens: true,
    comment: true,
  });
}

/** Lints once with per-rule timing; returns ms spent in the set's rules and in total. */
function lintOnce(code, filename, sourceType, setName) {
  const messages = linter.verifyAndFix(code, [baseConfig(sourceType), ruleSets[setName]], {
    filename,
    stats: true,
    fix: false,
  }).messages;
  const fatal = messages.find((message) => message.fatal);
  if (fatal) {
    throw new Error(`${filename}: ${fatal.message}`);
  }
  const [pass] = linter.getTimes().passes;
  const byRule = Object.fromEntries(Object.entries(pass?.rules ?? {}).map(([id, rule]) => [id, rule.total]));
  const ruleMs = Object.values(byRule).reduce((sum, ms) => sum + ms, 0);
  // Inputs may carry eslint-disable comments naming rules not loaded here; count only ours.
  const reports = messages.filter((message) => message.ruleId?.startsWith('leakguard/')).length;
  return { ruleMs, byRule, totalMs: pass?.total ?? 0, reports };
}

function timeMs(fn) {
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The median of `values`. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The statistic chosen with --stat over one measurement's runs. */
function summarise(values) {
  return stat === 'min' ? Math.min(...values) : median(values);
}

function detectSourceType(code, filename) {
  try {
    parseOnce(code, filename, 'module');
    return 'module';
  } catch {
    return 'script';
  }
}

/** Medians over `runs` rounds (after one warm-up round) of every measurement. */
function measure(input) {
  const { code, filename } = input;
  const sourceType = detectSourceType(code, filename);
  const lintSourceType = sourceType === 'module' ? 'module' : 'commonjs';
  const samples = { parse: [], base: [], core: [], leakguard: [], leakguardTotal: [], toParse: [], toCore: [] };
  /** @type {Record<string, number[]>} */
  const byRule = {};
  let reports = 0;
  for (let round = 0; round <= runs; round++) {
    // One collection per round (in timeMs): a full GC costs about as much as a parse of a
    // small input, and ESLint's per-rule times hardly depend on heap state.
    const parse = timeMs(() => parseOnce(code, filename, sourceType));
    const base = lintOnce(code, filename, lintSourceType, 'empty');
    const core = lintOnce(code, filename, lintSourceType, 'core');
    const leakguard = lintOnce(code, filename, lintSourceType, 'leakguard');
    reports = leakguard.reports;
    if (round > 0) {
      samples.parse.push(parse);
      samples.base.push(base.totalMs);
      samples.core.push(core.ruleMs);
      samples.leakguard.push(leakguard.ruleMs);
      samples.leakguardTotal.push(leakguard.totalMs);
      // Ratios of the same round: on a shared machine, a slow round slows both sides.
      samples.toParse.push((100 * leakguard.ruleMs) / parse);
      if (core.ruleMs > 0) {
        samples.toCore.push(leakguard.ruleMs / core.ruleMs);
      }
      for (const [id, ms] of Object.entries(leakguard.byRule)) {
        (byRule[id] ??= []).push(ms);
      }
    }
  }
  const parseMs = summarise(samples.parse);
  const coreMs = summarise(samples.core);
  const leakguardMs = summarise(samples.leakguard);
  return {
    name: input.name,
    kind: input.kind,
    lines: code.split('\n').length,
    bytes: Buffer.byteLength(code),
    parseMs,
    eslintBaseMs: summarise(samples.base),
    coreRulesMs: coreMs,
    leakguardMs,
    leakguardLintTotalMs: summarise(samples.leakguardTotal),
    leakguardByRuleMs: Object.fromEntries(Object.entries(byRule).map(([id, values]) => [id, summarise(values)])),
    // Medians of the per-round ratios (whatever --stat says for the times).
    leakguardPercentOfParse: median(samples.toParse),
    leakguardToCoreRules: samples.toCore.length > 0 ? median(samples.toCore) : null,
    leakguardReports: reports,
    withinTarget: median(samples.toParse) <= TARGET_PERCENT_OF_PARSE,
  };
}

// ---------------------------------------------------------------------------------------
// Type-aware mode

// ESLint ignores files under node_modules, so the project lives in a temporary directory
// whose node_modules links to this repository's.
const typedDir = join(tmpdir(), `leakguard-bench-${process.pid}`);
const repoNodeModules = fileURLToPath(new URL('../node_modules', import.meta.url));
// Flat config matches `files` patterns only below the linter's working directory.
const typedLinter = new Linter({ configType: 'flat', cwd: typedDir });

const typedRuleSets = {
  empty: { rules: {} },
  leakguard: plugin.configs['recommended-type-checked'],
  floating: {
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
};

/** Writes the project the typed runs lint in: inputs are JavaScript, typed by inference. */
function prepareTypedProject() {
  rmSync(typedDir, { recursive: true, force: true });
  mkdirSync(typedDir, { recursive: true });
  symlinkSync(repoNodeModules, join(typedDir, 'node_modules'), 'dir');
  writeFileSync(
    join(typedDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023', 'ESNext.Disposable'],
        types: ['node'],
        allowJs: true,
        checkJs: false,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ['*.js'],
    }),
  );
}

let typedRound = 0;

/**
 * Lints `code` once with type information and one rule set. A comment naming the round
 * makes every lint a new version of the file, so the checker's answers for it start cold.
 */
function lintTypedOnce(code, file, setName) {
  typedRound++;
  const text = `${code}\n// round ${typedRound}\n`;
  writeFileSync(file, text);
  const messages = typedLinter.verifyAndFix(
    text,
    [
      {
        files: ['**/*.js'],
        languageOptions: {
          parser: tsParser,
          ecmaVersion: 'latest',
          sourceType: 'module',
          parserOptions: { projectService: true, tsconfigRootDir: typedDir },
        },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
      },
      typedRuleSets[setName],
    ],
    { filename: file, stats: true, fix: false },
  ).messages;
  const fatal = messages.find((message) => message.fatal);
  if (fatal) {
    throw new Error(`${file}: ${fatal.message}`);
  }
  const [pass] = typedLinter.getTimes().passes;
  const ruleMs = Object.values(pass?.rules ?? {}).reduce((sum, rule) => sum + rule.total, 0);
  const reports = messages.filter((message) => message.ruleId?.startsWith('leakguard/')).length;
  return { ruleMs, totalMs: pass?.total ?? 0, reports };
}

/** Medians over `runs` rounds (after one warm-up) of the typed measurements of one input. */
function measureTyped(input, index) {
  const file = join(typedDir, `input-${index}.js`);
  const samples = { base: [], leakguard: [], floating: [] };
  let reports = 0;
  for (let round = 0; round <= runs; round++) {
    globalThis.gc?.();
    const base = lintTypedOnce(input.code, file, 'empty');
    const leakguard = lintTypedOnce(input.code, file, 'leakguard');
    const floating = lintTypedOnce(input.code, file, 'floating');
    reports = leakguard.reports;
    if (round > 0) {
      samples.base.push(base.totalMs);
      samples.leakguard.push(leakguard.ruleMs);
      samples.floating.push(floating.ruleMs);
    }
  }
  const leakguardMs = summarise(samples.leakguard);
  const floatingMs = summarise(samples.floating);
  return {
    name: input.name,
    typedLintBaseMs: summarise(samples.base),
    leakguardTypedMs: leakguardMs,
    noFloatingPromisesMs: floatingMs,
    leakguardToNoFloatingPromises: floatingMs > 0 ? leakguardMs / floatingMs : null,
    leakguardTypedReports: reports,
  };
}

// ---------------------------------------------------------------------------------------
// Inputs and report

const generatedSeries = [
  { series: 'many functions', base: 18, generate: generateManyFunctions },
  { series: 'one big function', base: 20, generate: generateBigFunction },
];

const inputs = [];
for (const { series, base, generate } of generatedSeries) {
  for (const scale of SCALES) {
    inputs.push({
      name: `${series} ${scale}×`,
      kind: 'generated',
      series,
      scale,
      filename: `generated/${series.replaceAll(' ', '-')}-${scale}x.js`,
      code: generate(base * scale),
    });
  }
}

// Hand-written CommonJS, compiled TypeScript and bundled ESM, one file each.
const sample = getRealWorldSample()
  .filter((file) => !/\.d\.[cm]?ts$/u.test(file.name) && file.bytes <= REAL_FILE_MAX_BYTES)
  .sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
const realFiles = REAL_FILE_PREFIXES.flatMap((prefix) => sample.find((file) => file.name.startsWith(prefix)) ?? []);
for (const file of realFiles) {
  inputs.push({ name: file.name, kind: 'real', filename: `sample/${file.name}`, code: readFileSync(file.path, 'utf8') });
}

if (only !== null) {
  inputs.splice(0, inputs.length, ...inputs.filter((input) => input.name.includes(only)));
}

if (!globalThis.gc) {
  process.stderr.write('note: run with node --expose-gc for steadier numbers\n');
}

// Warm up the JIT on every code path first, so the first row measured is not the slowest.
for (const input of inputs.filter((candidate) => candidate.scale === 2)) {
  for (let round = 0; round < 5; round++) {
    for (const setName of Object.keys(ruleSets)) {
      lintOnce(input.code, input.filename, 'module', setName);
    }
  }
}

const started = process.hrtime.bigint();
const results = [];
for (const input of inputs) {
  if (!asJson) {
    process.stderr.write(`measuring ${input.name} …\n`);
  }
  results.push({ ...measure(input), ...(input.series ? { series: input.series, scale: input.scale } : {}) });
}

const typedResults = [];
if (withTypes) {
  prepareTypedProject();
  // Warm up the project service and the JIT on one input.
  const warmup = inputs.find((input) => input.scale === 1) ?? inputs[0];
  for (let round = 0; round < 3; round++) {
    for (const setName of Object.keys(typedRuleSets)) {
      lintTypedOnce(warmup.code, join(typedDir, 'warmup.js'), setName);
    }
  }
  for (const [index, input] of inputs.entries()) {
    if (!asJson) {
      process.stderr.write(`measuring ${input.name} with types …\n`);
    }
    typedResults.push(measureTyped(input, index));
  }
  rmSync(typedDir, { recursive: true, force: true });
}

const pathological = withPathological
  ? await runPathological({
      pluginPath: fileURLToPath(new URL('../dist/src/index.js', import.meta.url)),
      runs: Math.min(runs, 5),
      only,
      log: (message) => {
        if (!asJson) {
          process.stderr.write(`${message}\n`);
        }
      },
    })
  : [];

const scaling = generatedSeries.map(({ series }) => {
  const rows = results.filter((result) => result.series === series);
  const first = rows[0];
  return {
    series,
    ratios: rows.slice(1).map((row) => ({
      scale: row.scale,
      lines: row.lines / first.lines,
      parse: row.parseMs / first.parseMs,
      coreRules: row.coreRulesMs / first.coreRulesMs,
      leakguard: row.leakguardMs / first.leakguardMs,
    })),
  };
});

/** Medians over all inputs of leakguard's time relative to parsing and to the core rules. */
function ratioMedians() {
  const toParse = results.map((result) => result.leakguardPercentOfParse);
  const toCore = results.map((result) => result.leakguardToCoreRules).filter((ratio) => ratio !== null);
  return {
    percentOfParse: toParse.length > 0 ? { median: median(toParse), max: Math.max(...toParse) } : null,
    toCoreRules: toCore.length > 0 ? { median: median(toCore), max: Math.max(...toCore) } : null,
  };
}

const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;

if (asJson) {
  process.stdout.write(
    `${JSON.stringify(
      {
        node: process.version,
        eslint: Linter.version,
        plugin: plugin.meta,
        runs,
        stat,
        gcExposed: Boolean(globalThis.gc),
        targetPercentOfParse: TARGET_PERCENT_OF_PARSE,
        coreRules: CORE_RULES,
        results,
        typedResults,
        scaling,
        ratioMedians: ratioMedians(),
        pathological,
        elapsedSeconds,
      },
      null,
      2,
    )}\n`,
  );
} else {
  const format = (value, digits = 1) => (value === null ? 'n/a' : value.toFixed(digits));
  const table = [
    ['input', 'lines', 'parse ms', 'eslint base ms', 'core rules ms', 'leakguard ms', 'lg/parse %', 'lg/core', 'reports', ''],
    ...results.map((result) => [
      result.name,
      String(result.lines),
      format(result.parseMs),
      format(result.eslintBaseMs),
      format(result.coreRulesMs, 2),
      format(result.leakguardMs, 2),
      format(result.leakguardPercentOfParse),
      format(result.leakguardToCoreRules, 2),
      String(result.leakguardReports),
      result.withinTarget ? 'ok' : 'OVER TARGET',
    ]),
  ];
  /** The rows of a table, padded to its columns, with a rule under the header. */
  const render = (rows) => {
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    const line = (row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
        .join('  ')
        .trimEnd();
    return [line(rows[0]), line(widths.map((width) => '-'.repeat(width))), ...rows.slice(1).map(line)];
  };
  const typedTable = [
    ['input', 'typed eslint base ms', 'leakguard typed ms', 'no-floating-promises ms', 'lg/nfp', 'reports'],
    ...typedResults.map((result) => [
      result.name,
      format(result.typedLintBaseMs),
      format(result.leakguardTypedMs, 2),
      format(result.noFloatingPromisesMs, 2),
      format(result.leakguardToNoFloatingPromises, 2),
      String(result.leakguardTypedReports),
    ]),
  ];
  const ratios = typedResults.map((result) => result.leakguardToNoFloatingPromises).filter((ratio) => ratio !== null);
  const out = [
    `leakguard ${plugin.meta.version} on ESLint ${Linter.version}, Node ${process.version}; ${stat} of ${runs} runs${globalThis.gc ? '' : ' (no --expose-gc)'}`,
    `core rules = ${CORE_RULES.join(', ')}; rule times from ESLint stats (parse, scope and code-path analysis excluded)`,
    `target: leakguard ≤ ${TARGET_PERCENT_OF_PARSE}% of parse time`,
    '',
    ...render(table),
    ...(() => {
      const { percentOfParse, toCoreRules } = ratioMedians();
      return [
        `lg/parse % and lg/core are medians of the per-round ratios; over all inputs: lg/parse median ${format(percentOfParse?.median ?? null)} % (max ${format(percentOfParse?.max ?? null)} %), lg/core median ${format(toCoreRules?.median ?? null, 2)} (max ${format(toCoreRules?.max ?? null, 2)})`,
      ];
    })(),
    '',
    'scaling (time at k× / time at 1×; linear growth ≈ k):',
    ...scaling.flatMap(({ series, ratios }) =>
      ratios.map(
        (ratio) =>
          `  ${series.padEnd(16)} ${String(ratio.scale)}×: lines ${format(ratio.lines, 2)}  parse ${format(ratio.parse, 2)}  core rules ${format(ratio.coreRules, 2)}  leakguard ${format(ratio.leakguard, 2)}`,
      ),
    ),
    ...(typedResults.length > 0
      ? [
          '',
          'type-aware mode (parserOptions.projectService; each rule set linted on a fresh version of the file):',
          ...render(typedTable),
          `leakguard / no-floating-promises: median ${format(summarise(ratios), 2)}, max ${format(Math.max(...ratios), 2)}`,
        ]
      : []),
    ...(pathological.length > 0 ? ['', ...formatPathological(pathological)] : []),
    '',
    `${results.every((result) => result.withinTarget) ? 'all inputs within target' : 'some inputs OVER TARGET'}; took ${elapsedSeconds.toFixed(1)} s`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
