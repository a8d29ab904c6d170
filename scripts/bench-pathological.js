// Pathological shapes: one function (or one file) built to make a flow analysis blow up,
// at size n and 2n. The growth column is leakguard's time at 2n divided by its time at n:
// linear cost gives ~2, and the target is at most ~2.5 with no input over 1 s. Each shape
// runs in a child process, n and 2n interleaved, with a time limit on each phase (leakguard's
// lint, the parse, ESLint with no rule, the core rules), so a shape that explodes shows as
// "> limit (in <phase>)" instead of stalling the bench.
//
// Usage: node --expose-gc scripts/bench-pathological.js [--runs N] [--limit SECONDS per phase]
//                                                       [--plugin PATH] [--only TEXT] [--json] [--steps]
//   --plugin  the built plugin to measure (default: this checkout's dist/src/index.js), so
//             the same generator measures an older build too
//   --steps   no timing: interpreter steps (src/flow/work.ts) of one lint at n and at 2n and
//             their ratio, deterministic, so the same on a loaded machine
// `npm run bench` runs it after the main tables.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Each shape: a name, what it stresses, the n it is measured at (and 2n), and the code. */
export const SHAPES = [
  {
    name: 'loop-reacquire',
    what: 'a loop that releases and re-acquires under n conditions',
    // n + 1 acquisition sites, each live round the whole loop. Shared runs make it about
    // n log n in lookups (each site re-runs the halves of the loop body that hold its own
    // acquisition and looks the others up), linear in everything else; the rest of the body
    // after its `continue` is not run at all. At 25 the lint takes some 40 ms on a quiet
    // machine and its growth was load (1.5–3.0 in one hour on the same build).
    n: 50,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `    if (x === ${i}) { c.release(); c = await pool.connect(); continue; }\n`;
      }
      return `${HEADER}export async function run(xs) {\n  let c = await pool.connect();\n  for (const x of xs) {\n${body}    await c.query('select 1');\n  }\n  c.release();\n}\n`;
    },
  },
  {
    name: 'reacquire-sequence',
    what: 'n conditional release-and-re-acquire steps into one variable in straight-line code',
    // n + 1 sites of one class, each resuming at its own statement of one list: the rest of
    // the list is run in halves of the whole list, which all sites share.
    n: 200,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `  if (o.a${i}) { c.release(); c = await pool.connect(); }\n  await c.query('select ${i}');\n`;
      }
      return `${HEADER}export async function run(o) {\n  let c = await pool.connect();\n${body}  c.release();\n}\n`;
    },
  },
  {
    name: 'begin-commit',
    what: 'n BEGIN/COMMIT blocks in one try/finally',
    n: 100,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `    await c.query('BEGIN');\n    await c.query('update t set x = ${i}');\n    await c.query('COMMIT');\n`;
      }
      return `${HEADER}export async function run() {\n  const c = await pool.connect();\n  try {\n${body}  } finally {\n    c.release();\n  }\n}\n`;
    },
  },
  {
    name: 'try-finally-each',
    what: 'n acquisitions, each in its own try/finally',
    n: 200,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `  const c${i} = await pool.connect();\n  try {\n    await c${i}.query('select ${i}');\n  } finally {\n    c${i}.release();\n  }\n`;
      }
      return `${HEADER}export async function run() {\n${body}}\n`;
    },
  },
  {
    name: 'sites-in-a-loop',
    what: 'n acquisitions, each in its own try/finally, in one loop body',
    // Uses after a release are looked for: a released site walked the statements after its
    // own and, carrying its dead holder round the loop, those before it again (n²).
    n: 200,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `    const c${i} = await pool.connect();\n    try {\n      await c${i}.query(x);\n    } finally {\n      c${i}.release();\n    }\n`;
      }
      return `${HEADER}export async function run(xs) {\n  for (const x of xs) {\n${body}  }\n}\n`;
    },
  },
  {
    name: 'sequential-sites',
    what: 'n acquisitions released in straight-line code',
    n: 200,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `  const c${i} = await pool.connect();\n  await c${i}.query('select ${i}');\n  c${i}.release();\n`;
      }
      return `${HEADER}export async function run() {\n${body}}\n`;
    },
  },
  {
    name: 'await-using',
    what: 'n `await using` declarations',
    n: 500,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `  await using c${i} = await pool.connect();\n  await c${i}.query('select ${i}');\n`;
      }
      return `${HEADER}export async function run() {\n${body}}\n`;
    },
  },
  {
    name: 'cursor-loops',
    what: 'n pg-cursor read loops',
    n: 100,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `    const cur${i} = c.query(new Cursor('select ${i}'));\n    let rows${i} = await cur${i}.read(100);\n    while (rows${i}.length > 0) {\n      out.push(...rows${i});\n      rows${i} = await cur${i}.read(100);\n    }\n    await cur${i}.close();\n`;
      }
      return `${HEADER}import Cursor from 'pg-cursor';\n\nexport async function run(out) {\n  const c = await pool.connect();\n  try {\n${body}  } finally {\n    c.release();\n  }\n}\n`;
    },
  },
  {
    name: 'switch-cases',
    what: 'a switch with n cases',
    // 10,000 cases at 2n, as reported: the parse alone takes about as long as the rules, so
    // one measured round (after the warm-up) is enough.
    n: 5000,
    maxRuns: 1,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `    case ${i}:\n      await c.query('select ${i}');\n      break;\n`;
      }
      return `${HEADER}export async function run(x) {\n  const c = await pool.connect();\n  switch (x) {\n${body}  }\n  c.release();\n}\n`;
    },
  },
  {
    name: 'uses-of-one-holder',
    what: 'n uses of one connection in straight-line code (leaking: any may throw)',
    // Every check of "what is this variable given" or "is this reference in the fix's
    // region" that reads all the holder's references at each use is quadratic here.
    n: 1000,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `  await c.query('select ${i}');\n`;
      }
      return `${HEADER}export async function run() {\n  let c = await pool.connect();\n${body}  c.release();\n}\n`;
    },
  },
  {
    name: 'release-flag',
    what: 'n conditional releases guarded by one flag, released in finally unless done',
    // The flag is tested 2n times; reading its writes from all its references per test was
    // n² (4.1× per doubling at 300 → 600, where that term dominates; 1.8× at 150 → 300).
    n: 300,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `    if (o.a${i} && !released) {\n      c.release();\n      released = true;\n    }\n`;
      }
      return `${HEADER}export async function run(o) {\n  const c = await pool.connect();\n  let released = false;\n  try {\n${body}  } finally {\n    if (!released) c.release();\n  }\n}\n`;
    },
  },
  {
    name: 'finally-nesting',
    what: 'try/finally nested n deep inside finally blocks (leaking)',
    // ESLint's own code-path analysis is exponential in this nesting (over a minute at 24
    // with no rule on), so the shape is measured where ESLint itself still finishes.
    n: 8,
    code: (n) => {
      let inner = `await c.query('last');\n`;
      for (let i = 0; i < n; i++) {
        inner = `try {\n  await c.query('step ${i}');\n} finally {\n  ${inner.replace(/\n(?=.)/g, '\n  ')}}\n`;
      }
      return `${HEADER}export async function run() {\n  const c = await pool.connect();\n  ${inner.replace(/\n(?=.)/g, '\n  ')}  c.release();\n}\n`;
    },
  },
  {
    name: 'if-chain',
    what: 'n sequential if/else blocks with early returns before the release',
    n: 200,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `  if (input.a${i}) {\n    await c.query('a ${i}');\n  } else if (input.b${i}) {\n    c.release();\n    return ${i};\n  }\n`;
      }
      return `${HEADER}export async function run(input) {\n  const c = await pool.connect();\n${body}  c.release();\n  return -1;\n}\n`;
    },
  },
  {
    name: 'releaser-chain',
    what: 'n same-file functions passing a connection on under a condition',
    n: 150,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body +=
          i + 1 < n
            ? `function r${i}(c) {\n  if (c.x) return r${i + 1}(c);\n  c.release();\n}\n`
            : `function r${i}(c) {\n  c.release();\n}\n`;
      }
      return `${HEADER}${body}export async function run() {\n  const c = await pool.connect();\n  await c.query('select 1');\n  r0(c);\n}\n`;
    },
  },
  {
    name: 'recursive-summaries',
    what: 'n mutually recursive releasers and a recursive acquirer',
    n: 150,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `function m${i}(c, k) {\n  if (k > 0) return m${(i + 1) % n}(c, k - 1);\n  c.release();\n}\n`;
      }
      return `${HEADER}${body}async function get(k) {\n  if (k > 0) return get(k - 1);\n  return pool.connect();\n}\nexport async function run() {\n  const c = await get(3);\n  await c.query('select 1');\n  m0(c, 5);\n}\n`;
    },
  },
  {
    name: 'jsx-children',
    what: 'n JSX children awaiting a query before the release (leaking: any may throw)',
    n: 500,
    file: 'shape.tsx',
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `      <li key="${i}">{await c.query('select ${i}')}</li>\n`;
      }
      return `${HEADER}export async function run() {\n  const c = await pool.connect();\n  const view = (\n    <ul>\n${body}    </ul>\n  );\n  c.release();\n  return view;\n}\n`;
    },
  },
  {
    name: 'static-blocks',
    what: 'n local classes whose static blocks and field initialisers use the connection',
    n: 200,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `  class A${i} {\n    static rows = c.query('select ${i}');\n    static {\n      c.query('static ${i}');\n    }\n    field = c.query('field ${i}');\n  }\n  out.push(A${i});\n`;
      }
      return `${HEADER}export async function run(out) {\n  const c = await pool.connect();\n  try {\n${body.replace(/\n(?=.)/g, '\n  ').replace(/^/, '  ')}  } finally {\n    c.release();\n  }\n}\n`;
    },
  },
  {
    name: 'provenance-chains',
    what: 'n subclasses deep, each method acquiring from a field set n classes up, through aliases',
    n: 100,
    code: (n) => {
      let body = `class C0 {\n  constructor(config) {\n    this.db = config.pool;\n  }\n}\n`;
      for (let i = 1; i < n; i++) {
        body += `class C${i} extends C${i - 1} {\n  async m${i}() {\n    const { db } = this;\n    const alias = db;\n    const c = await alias.connect();\n    try {\n      await c.query('select ${i}');\n    } finally {\n      c.release();\n    }\n  }\n}\n`;
      }
      return `${HEADER}${body}export const last = new C${n - 1}({ pool });\n`;
    },
  },
];

const HEADER = `import pg from 'pg';\n\nconst pool = new pg.Pool();\n\n`;

// ---------------------------------------------------------------------------------------
// One measurement (in a child process)

/**
 * Lints each of `codes` (the shape at n and at 2n) `runs` times after a warm-up, the sizes
 * interleaved round by round so that a slow moment of a shared machine slows both; medians
 * of leakguard, parse, core-rule and ESLint-alone ms per size, and the growth as the median
 * of the per-round ratios. "ESLint alone" lints the same file with no rule on: parse, scope
 * analysis and ESLint's own code-path analysis (exponential in `finally` nesting), the floor
 * no rule can go below. Each phase is named on stderr first, so a child stopped at the time
 * limit says which phase ran past it.
 */
async function measureSizes(pluginPath, codes, runs, filename = 'shape.ts') {
  const { default: plugin } = await import(pathToFileURL(pluginPath).href);
  const { Linter } = await import('eslint');
  const { default: tsParser } = await import('@typescript-eslint/parser');
  const linter = new Linter({ configType: 'flat' });
  const jsx = filename.endsWith('x');
  const base = {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx } } },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  };
  const phase = (name) => process.stderr.write(`phase: ${name}\n`);
  const lint = (code, config) => {
    const { messages } = linter.verifyAndFix(code, [base, config], { filename, stats: true, fix: false });
    const fatal = messages.find((message) => message.fatal);
    if (fatal) {
      throw new Error(fatal.message);
    }
    const [pass] = linter.getTimes().passes;
    const ms = Object.values(pass?.rules ?? {}).reduce((sum, rule) => sum + rule.total, 0);
    return { ms, reports: messages.length };
  };
  const timed = (run) => {
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const parseOptions = { ecmaVersion: 'latest', sourceType: 'module', range: true, loc: true, tokens: true, comment: true, ecmaFeatures: { jsx } };
  const leakguard = { ...plugin.configs.all, rules: { ...plugin.configs.all.rules, 'leakguard/no-error-200': 'off', 'leakguard/no-rate-limit-200': 'off' } };
  const core = { rules: { 'consistent-return': 'error', 'no-unreachable': 'error', 'array-callback-return': 'error' } };
  const samples = codes.map(() => ({ leakguard: [], parse: [], core: [], eslint: [], toParse: [], toCore: [], toEslint: [], reports: 0 }));
  const growth = [];
  for (let round = 0; round <= runs; round++) {
    const thisRound = [];
    for (const [size, code] of codes.entries()) {
      const at = `${size === 0 ? 'n' : '2n'}, round ${String(round)}`;
      globalThis.gc?.();
      phase(`leakguard rules at ${at}`);
      const result = lint(code, leakguard);
      phase(`parse alone at ${at}`);
      const parseMs = timed(() => tsParser.parseForESLint(code, parseOptions));
      phase(`ESLint with no rule at ${at}`);
      const eslintMs = timed(() => lint(code, { rules: {} }));
      phase(`core code-path rules at ${at}`);
      const coreMs = lint(code, core).ms;
      thisRound.push(result.ms);
      const sample = samples[size];
      sample.reports = result.reports;
      if (round > 0 || runs === 0) {
        sample.leakguard.push(result.ms);
        sample.parse.push(parseMs);
        sample.core.push(coreMs);
        sample.eslint.push(eslintMs);
        // Ratios of the same round: on a shared machine a slow round slows both sides.
        sample.toParse.push(result.ms / parseMs);
        sample.toCore.push(result.ms / Math.max(coreMs, 0.01));
        sample.toEslint.push(result.ms / eslintMs);
      }
    }
    if ((round > 0 || runs === 0) && thisRound.length === 2) {
      growth.push(thisRound[1] / Math.max(thisRound[0], 0.01));
    }
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  const [small, large] = samples.map((sample) => ({
    leakguardMs: median(sample.leakguard),
    parseMs: median(sample.parse),
    coreMs: median(sample.core),
    eslintMs: median(sample.eslint),
    toParse: median(sample.toParse),
    toEslint: median(sample.toEslint),
    toCore: median(sample.toCore),
    reports: sample.reports,
  }));
  return { small, large, growth: median(growth) };
}

/**
 * Measures one shape at n and 2n in a child process; `{ failed, phase }` when one phase ran
 * past `limitSeconds` (or the child failed), with the phase it was in. The limit is per
 * phase, not per child: a 10,000-case switch takes seconds to parse on a loaded machine, and
 * the child parses it some twenty times, which says nothing about the rules.
 */
function measureInChild(pluginPath, shape, runs, limitSeconds) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--stack-size=984', fileURLToPath(import.meta.url), '--child', shape.name, String(runs), pluginPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let phase = 'loading';
    let phaseStarted = Date.now();
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (text) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr += text;
      const started = stderr.split('\n').filter((line) => line.startsWith('phase: ') && line.length > 7).pop();
      if (started) {
        phase = started.slice(7);
        phaseStarted = Date.now();
      }
    });
    const watchdog = setInterval(() => {
      if (Date.now() - phaseStarted > limitSeconds * 1000) {
        timedOut = true;
        child.kill('SIGKILL');
      }
    }, 250);
    child.on('close', (code) => {
      clearInterval(watchdog);
      if (timedOut || code !== 0) {
        const failed = timedOut ? `> ${String(limitSeconds)} s` : (stderr.split('\n').find((line) => line.includes('Error')) ?? 'failed').slice(0, 60);
        resolve({ failed, phase });
      } else {
        resolve(JSON.parse(stdout));
      }
    });
  });
}

/** Runs every shape (or those whose name contains `only`) at n and 2n, one child each. */
export async function runPathological({ pluginPath, runs = 3, limitSeconds = 60, only = null, log = () => {} }) {
  const rows = [];
  for (const shape of SHAPES) {
    if (only && !shape.name.includes(only)) {
      continue;
    }
    log(`measuring ${shape.name} …`);
    const result = await measureInChild(pluginPath, shape, Math.min(runs, shape.maxRuns ?? runs), limitSeconds);
    rows.push({ shape: shape.name, what: shape.what, n: shape.n, ...result });
  }
  return rows;
}

/** The table of `rows` as text lines. */
export function formatPathological(rows) {
  const fixed = (value, digits = 1) => value.toFixed(digits);
  const table = [
    ['shape', 'n', 'lg ms @n', 'lg ms @2n', 'growth', 'parse ms @2n', 'eslint ms @2n', 'core ms @2n', 'lg/parse @2n', 'lg/eslint @2n', 'reports @2n', ''],
    ...rows.map((row) => {
      if (row.failed) {
        return [row.shape, String(row.n), row.failed, '', 'n/a', '', '', '', '', '', '', `OVER LIMIT (in ${row.phase})`];
      }
      const { small, large, growth } = row;
      const verdict = large.leakguardMs > 1000 || growth > 2.5 ? 'OVER TARGET' : 'ok';
      return [
        row.shape,
        String(row.n),
        fixed(small.leakguardMs),
        fixed(large.leakguardMs),
        fixed(growth, 2),
        fixed(large.parseMs),
        fixed(large.eslintMs),
        fixed(large.coreMs),
        fixed(large.toParse, 2),
        fixed(large.toEslint, 2),
        String(large.reports),
        verdict,
      ];
    }),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  const line = (cells) =>
    cells
      .map((value, column) => (column === 0 ? value.padEnd(widths[column]) : value.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  return [
    'pathological shapes (one function or file each, leakguard rules only; n and 2n interleaved in one process;',
    'growth = median of the per-round ratios time at 2n / time at n, target ≤ 2.5 and ≤ 1000 ms; eslint = the file linted with no rule;',
    'times are medians of the runs, lg/parse and lg/eslint medians of the per-run ratios):',
    line(table[0]),
    line(widths.map((width) => '-'.repeat(width))),
    ...table.slice(1).map(line),
  ];
}

// ---------------------------------------------------------------------------------------
// Deterministic work: interpreter steps instead of time

/**
 * Interpreter steps (src/flow/work.ts) of one lint of each shape at n and at 2n, with their
 * ratio: the same on every machine and every run, so a change's effect on growth can be read
 * without the noise of a shared machine. `null` for a build that has no counter.
 */
export async function countPathologicalSteps({ pluginPath, only = null }) {
  const work = await import(pathToFileURL(path.join(path.dirname(pluginPath), 'flow', 'work.js')).href).catch(() => null);
  if (!work) {
    return null;
  }
  const { default: plugin } = await import(pathToFileURL(pluginPath).href);
  const { Linter } = await import('eslint');
  const { default: tsParser } = await import('@typescript-eslint/parser');
  const linter = new Linter({ configType: 'flat' });
  const leakguard = { ...plugin.configs.all, rules: { ...plugin.configs.all.rules, 'leakguard/no-error-200': 'off', 'leakguard/no-rate-limit-200': 'off' } };
  const rows = [];
  for (const shape of SHAPES) {
    if (only && !shape.name.includes(only)) {
      continue;
    }
    const filename = shape.file ?? 'shape.ts';
    const jsx = filename.endsWith('x');
    const base = {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx } } },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    };
    const steps = [shape.n, shape.n * 2].map((n) => {
      const before = work.getInterpreterSteps();
      linter.verify(shape.code(n), [base, leakguard], { filename });
      return work.getInterpreterSteps() - before;
    });
    rows.push({ shape: shape.name, n: shape.n, steps, growth: steps[1] / Math.max(steps[0], 1) });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------
// Command line

const isMain = process.argv[1] === fileURLToPath(import.meta.url);
if (isMain && process.argv[2] === '--child') {
  const [, , , name, runs, pluginPath] = process.argv;
  const shape = SHAPES.find((candidate) => candidate.name === name);
  const result = await measureSizes(pluginPath, [shape.code(shape.n), shape.code(shape.n * 2)], Number(runs), shape.file);
  process.stdout.write(JSON.stringify(result));
} else if (isMain) {
  const args = process.argv.slice(2);
  const option = (flag, fallback) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback);
  const pluginPath = option('--plugin', fileURLToPath(new URL('../dist/src/index.js', import.meta.url)));
  if (args.includes('--steps')) {
    const rows = await countPathologicalSteps({ pluginPath, only: option('--only', null) });
    if (!rows) {
      process.stderr.write('this build has no interpreter step counter (dist/src/flow/work.js)\n');
      process.exit(1);
    }
    const lines = rows.map((row) => `${row.shape.padEnd(20)} ${String(row.n).padStart(6)} ${String(row.steps[0]).padStart(10)} ${String(row.steps[1]).padStart(10)} ${row.growth.toFixed(2).padStart(6)}`);
    process.stdout.write(
      args.includes('--json')
        ? `${JSON.stringify(rows, null, 2)}\n`
        : `${['shape                     n   steps @n  steps @2n growth', ...lines].join('\n')}\n`,
    );
    process.exit(0);
  }
  const rows = await runPathological({
    pluginPath,
    runs: Number(option('--runs', '3')),
    limitSeconds: Number(option('--limit', '60')),
    only: option('--only', null),
    log: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(args.includes('--json') ? `${JSON.stringify(rows, null, 2)}\n` : `${formatPathological(rows).join('\n')}\n`);
}
