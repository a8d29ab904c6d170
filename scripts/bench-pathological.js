// Pathological shapes: one function (or one file) built to make a flow analysis blow up,
// at size n and 2n. The growth column is leakguard's time at 2n divided by its time at n:
// linear cost gives ~2, and the target is at most ~2.5 with no input over 1 s. Each
// measurement runs in a child process with a time limit, so a shape that explodes shows as
// "> limit" instead of stalling the bench.
//
// Usage: node --expose-gc scripts/bench-pathological.js [--runs N] [--limit SECONDS]
//                                                       [--plugin PATH] [--only TEXT] [--json]
//   --plugin  the built plugin to measure (default: this checkout's dist/src/index.js), so
//             the same generator measures an older build too
// `npm run bench` runs it after the main tables.

import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Each shape: a name, what it stresses, the n it is measured at (and 2n), and the code. */
export const SHAPES = [
  {
    name: 'loop-reacquire',
    what: 'a loop that releases and re-acquires under n conditions',
    // n + 1 acquisition sites, each live round the whole loop: cost is size × sites.
    n: 25,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `    if (x === ${i}) { c.release(); c = await pool.connect(); continue; }\n`;
      }
      return `${HEADER}export async function run(xs) {\n  let c = await pool.connect();\n  for (const x of xs) {\n${body}    await c.query('select 1');\n  }\n  c.release();\n}\n`;
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
    n: 250,
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
    n: 2500,
    code: (n) => {
      let body = '';
      for (let i = 0; i < n; i++) {
        body += `    case ${i}:\n      await c.query('select ${i}');\n      break;\n`;
      }
      return `${HEADER}export async function run(x) {\n  const c = await pool.connect();\n  switch (x) {\n${body}  }\n  c.release();\n}\n`;
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

/** Lints `code` `runs` times after a warm-up; medians of leakguard, parse and core-rule ms. */
async function measureOnce(pluginPath, code, runs) {
  const { default: plugin } = await import(pathToFileURL(pluginPath).href);
  const { Linter } = await import('eslint');
  const { default: tsParser } = await import('@typescript-eslint/parser');
  const linter = new Linter({ configType: 'flat' });
  const base = {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  };
  const lint = (config) => {
    const { messages } = linter.verifyAndFix(code, [base, config], { filename: 'shape.ts', stats: true, fix: false });
    const fatal = messages.find((message) => message.fatal);
    if (fatal) {
      throw new Error(fatal.message);
    }
    const [pass] = linter.getTimes().passes;
    const ms = Object.values(pass?.rules ?? {}).reduce((sum, rule) => sum + rule.total, 0);
    return { ms, reports: messages.length };
  };
  const parse = () => {
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    tsParser.parseForESLint(code, { ecmaVersion: 'latest', sourceType: 'module', range: true, loc: true, tokens: true, comment: true });
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const leakguard = { ...plugin.configs.all, rules: { ...plugin.configs.all.rules, 'leakguard/no-error-200': 'off', 'leakguard/no-rate-limit-200': 'off' } };
  const core = { rules: { 'consistent-return': 'error', 'no-unreachable': 'error', 'array-callback-return': 'error' } };
  const samples = { leakguard: [], parse: [], core: [], toParse: [], toCore: [] };
  let reports = 0;
  for (let round = 0; round <= runs; round++) {
    globalThis.gc?.();
    const result = lint(leakguard);
    reports = result.reports;
    const parseMs = parse();
    const coreMs = lint(core).ms;
    if (round > 0 || runs === 0) {
      samples.leakguard.push(result.ms);
      samples.parse.push(parseMs);
      samples.core.push(coreMs);
      // Ratios of the same round: on a shared machine a slow round slows both sides.
      samples.toParse.push(result.ms / parseMs);
      samples.toCore.push(result.ms / Math.max(coreMs, 0.01));
    }
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  return {
    leakguardMs: median(samples.leakguard),
    parseMs: median(samples.parse),
    coreMs: median(samples.core),
    toParse: median(samples.toParse),
    toCore: median(samples.toCore),
    reports,
  };
}

/** Measures one shape at one size in a child process; `null` when it ran past `limitSeconds`. */
function measureInChild(pluginPath, shape, n, runs, limitSeconds) {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--stack-size=984', fileURLToPath(import.meta.url), '--child', shape.name, String(n), String(runs), pluginPath],
    { encoding: 'utf8', timeout: limitSeconds * 1000, maxBuffer: 1 << 20 },
  );
  if (child.error || child.status !== 0) {
    const timedOut = child.error?.code === 'ETIMEDOUT' || child.signal === 'SIGTERM';
    return { failed: timedOut ? `> ${String(limitSeconds)} s` : (child.stderr.split('\n').find((line) => line.includes('Error')) ?? 'failed').slice(0, 60) };
  }
  return JSON.parse(child.stdout);
}

/** Runs every shape (or those whose name contains `only`) at n and 2n. */
export function runPathological({ pluginPath, runs = 3, limitSeconds = 60, only = null, log = () => {} }) {
  const rows = [];
  for (const shape of SHAPES) {
    if (only && !shape.name.includes(only)) {
      continue;
    }
    log(`measuring ${shape.name} …`);
    const small = measureInChild(pluginPath, shape, shape.n, runs, limitSeconds);
    const large = measureInChild(pluginPath, shape, shape.n * 2, runs, limitSeconds);
    rows.push({ shape: shape.name, what: shape.what, n: shape.n, small, large });
  }
  return rows;
}

/** The table of `rows` as text lines. */
export function formatPathological(rows) {
  const cell = (result, key, digits = 1) => (result.failed ? (key === 'leakguardMs' ? result.failed : '') : result[key].toFixed(digits));
  const table = [
    ['shape', 'n', 'lg ms @n', 'lg ms @2n', 'growth', 'parse ms @2n', 'core ms @2n', 'lg/parse @2n', 'lg/core @2n', 'reports @2n', ''],
    ...rows.map(({ shape, n, small, large }) => {
      const growth = small.failed || large.failed ? 'n/a' : (large.leakguardMs / small.leakguardMs).toFixed(2);
      const verdict =
        small.failed || large.failed
          ? 'OVER LIMIT'
          : large.leakguardMs > 1000 || large.leakguardMs / small.leakguardMs > 2.5
            ? 'OVER TARGET'
            : 'ok';
      return [
        shape,
        String(n),
        cell(small, 'leakguardMs'),
        cell(large, 'leakguardMs'),
        growth,
        cell(large, 'parseMs'),
        cell(large, 'coreMs'),
        large.failed ? '' : (large.toParse ?? large.leakguardMs / large.parseMs).toFixed(2),
        large.failed ? '' : (large.toCore ?? large.leakguardMs / Math.max(large.coreMs, 0.01)).toFixed(1),
        large.failed ? '' : String(large.reports),
        verdict,
      ];
    }),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  const line = (row) =>
    row
      .map((value, column) => (column === 0 ? value.padEnd(widths[column]) : value.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  return [
    'pathological shapes (one function or file each, leakguard rules only; growth = time at 2n / time at n, target ≤ 2.5 and ≤ 1000 ms;',
    'times are medians of the runs, lg/parse and lg/core medians of the per-run ratios):',
    line(table[0]),
    line(widths.map((width) => '-'.repeat(width))),
    ...table.slice(1).map(line),
  ];
}

// ---------------------------------------------------------------------------------------
// Command line

const isMain = process.argv[1] === fileURLToPath(import.meta.url);
if (isMain && process.argv[2] === '--child') {
  const [, , , name, n, runs, pluginPath] = process.argv;
  const shape = SHAPES.find((candidate) => candidate.name === name);
  const result = await measureOnce(pluginPath, shape.code(Number(n)), Number(runs));
  process.stdout.write(JSON.stringify(result));
} else if (isMain) {
  const args = process.argv.slice(2);
  const option = (flag, fallback) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback);
  const pluginPath = option('--plugin', fileURLToPath(new URL('../dist/src/index.js', import.meta.url)));
  const rows = runPathological({
    pluginPath,
    runs: Number(option('--runs', '3')),
    limitSeconds: Number(option('--limit', '60')),
    only: option('--only', null),
    log: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(args.includes('--json') ? `${JSON.stringify(rows, null, 2)}\n` : `${formatPathological(rows).join('\n')}\n`);
}
