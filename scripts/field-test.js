// Field test: runs leakguard's `all` config (syntax only, no type information) over real
// open-source projects checked out outside this repository, and writes every report with a
// code excerpt for triage. It is a measuring tool, not part of `npm test`.
//
//   npm run build
//   node scripts/field-test.js [--json] [--out DIR] [--dry] [DIR ...]
//
// Each DIR is one project. Without DIRs, every subdirectory of $LEAKGUARD_FIELD_DIR (or
// /work/field) is a project. Every .js/.mjs/.cjs/.ts/.mts/.cts/.tsx file is linted, except
// under node_modules/dist/build/coverage, declaration files, minified files and files over
// 1 MB. Every report, with a 5-line excerpt, goes to field-<timestamp>.{json,md} in the
// --out directory (default /tmp/field), also copied to latest.json / latest.md there.
//
//   --json   print the summary as JSON on stdout instead of the text table
//   --dry    lint without the plugin (parser only): checks file discovery and parsing
//   --types  lint with type information: each project gets a generated tsconfig (allowJs)
//            whose module paths resolve to this repository's node_modules, so the real
//            declarations of pg, typeorm, mongodb, … stand in for the project's own
//            (field checkouts have no node_modules); compare with a run without it
//
// Counted per project: files linted, lines of code (non-blank lines), reports per rule,
// crashes (an exception thrown while a rule ran), unparsable files (a parse error of the
// input: not the plugin's fault) and wall time. The process exits 0 whenever it ran,
// whatever it found; 2 on bad arguments or a plugin that cannot be loaded.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';

const SOURCE_FILE = /\.(?:js|mjs|cjs|ts|mts|cts|tsx)$/u;
const DECLARATION_FILE = /\.d\.[cm]?ts$/u;
const MINIFIED_NAME = /[.-]min\.[cm]?js$|[.-]bundle\.[cm]?js$/u;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', '.git', '.yarn', '.next', 'out']);
const MAX_FILE_BYTES = 1024 * 1024;
/** A file whose average line is longer than this is treated as minified or generated. */
const MINIFIED_AVERAGE_LINE = 300;
const EXCERPT_RADIUS = 2;

function usage(message) {
  console.error(`field-test: ${message}`);
  console.error('usage: node scripts/field-test.js [--json] [--out DIR] [--dry] [PROJECT_DIR ...]');
  process.exit(2);
}

function parseArgs(argv) {
  const options = { json: false, dry: false, types: false, out: '/tmp/field', dirs: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--dry') options.dry = true;
    else if (arg === '--types') options.types = true;
    else if (arg === '--out') {
      const value = argv[i + 1];
      if (value === undefined) usage('--out needs a directory');
      options.out = value;
      i += 1;
    } else if (arg === '--help' || arg === '-h') usage('help');
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else options.dirs.push(resolve(arg));
  }
  if (options.dirs.length === 0) {
    const fieldDir = process.env.LEAKGUARD_FIELD_DIR ?? '/work/field';
    let entries;
    try {
      entries = readdirSync(fieldDir, { withFileTypes: true });
    } catch {
      usage(`no project directories given and ${fieldDir} cannot be read`);
    }
    options.dirs = entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => join(fieldDir, entry.name))
      .sort();
  }
  return options;
}

/** Source files of a project, with the reason each skipped candidate was left out. */
function collectFiles(root) {
  const files = [];
  const skipped = { tooLarge: 0, minified: 0, declaration: 0 };
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop();
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) stack.push(path);
        continue;
      }
      if (!entry.isFile() || !SOURCE_FILE.test(entry.name)) continue;
      if (DECLARATION_FILE.test(entry.name)) {
        skipped.declaration += 1;
        continue;
      }
      if (MINIFIED_NAME.test(entry.name)) {
        skipped.minified += 1;
        continue;
      }
      if (statSync(path).size > MAX_FILE_BYTES) {
        skipped.tooLarge += 1;
        continue;
      }
      files.push(path);
    }
  }
  files.sort();
  return { files, skipped };
}

function isMinified(text) {
  const lines = text.split('\n').length;
  return text.length > 2000 && text.length / lines > MINIFIED_AVERAGE_LINE;
}

function countLoc(lines) {
  let loc = 0;
  for (const line of lines) if (line.trim() !== '') loc += 1;
  return loc;
}

function excerpt(lines, line) {
  const from = Math.max(1, line - EXCERPT_RADIUS);
  const to = Math.min(lines.length, line + EXCERPT_RADIUS);
  const out = [];
  for (let n = from; n <= to; n += 1) {
    out.push(`${n === line ? '>' : ' '}${String(n).padStart(5)} | ${lines[n - 1] ?? ''}`);
  }
  return out.join('\n');
}

const ownNodeModules = fileURLToPath(new URL('../node_modules', import.meta.url));

/** A tsconfig for a field project whose imports resolve to this repository's packages. */
function writeFieldTsconfig(dir) {
  const configDir = mkdtempSync(join(tmpdir(), 'leakguard-field-'));
  const file = join(configDir, 'tsconfig.json');
  writeFileSync(
    file,
    JSON.stringify({
      compilerOptions: {
        allowJs: true,
        checkJs: false,
        noEmit: true,
        skipLibCheck: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        jsx: 'preserve',
        experimentalDecorators: true,
        lib: ['ES2023', 'ESNext.Disposable', 'DOM'],
        types: ['node'],
        typeRoots: [join(ownNodeModules, '@types')],
        paths: { '*': [join(ownNodeModules, '*'), join(ownNodeModules, '@types', '*')] },
      },
      include: [join(dir, '**', '*')],
      exclude: [...SKIPPED_DIRS].map((name) => join(dir, '**', name)),
    }),
  );
  return file;
}

/**
 * Lints one file's text as field projects are linted: `.cjs`/`.cts` as scripts, everything
 * else as a module, and CommonJS code that is not valid module code (top-level return,
 * `with`, legacy octal literals) gets a second chance as a script. Also used by
 * scripts/field-labels.js, so a labelled re-run lints exactly as the field run did.
 */
export async function lintSource(eslintModule, eslintScript, file, text) {
  const primary = file.endsWith('.cjs') || file.endsWith('.cts') ? eslintScript : eslintModule;
  let results = await primary.lintText(text, { filePath: file });
  const fatal = results[0]?.messages.find((m) => m.fatal === true);
  if (fatal !== undefined && primary === eslintModule && !/\.[cm]?tsx?$/u.test(file)) {
    const retry = await eslintScript.lintText(text, { filePath: file });
    if (!retry[0]?.messages.some((m) => m.fatal === true)) results = retry;
  }
  return results;
}

/** An ESLint instance for one field project (`sourceType` module or commonjs), with the plugin's `all` config unless `plugin` is null. */
export function makeEslint(cwd, plugin, sourceType, tsconfig) {
  const config = {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
    languageOptions: {
      parser: tsParser,
      ecmaVersion: 'latest',
      sourceType,
      parserOptions:
        tsconfig === null
          ? { ecmaFeatures: { jsx: true } }
          : { ecmaFeatures: { jsx: true }, project: tsconfig, tsconfigRootDir: cwd },
    },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
  };
  const overrideConfig = plugin === null ? [config] : [config, plugin.configs.all];
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig, stats: true });
}

/** The rule named in an ESLint "Occurred while linting" error, if any. */
function crashedRule(error) {
  const message = error instanceof Error ? error.message : String(error);
  const match = /Rule: "([^"]+)"/u.exec(message);
  return match ? match[1] : null;
}

async function lintProject(dir, plugin, types) {
  const name = basename(dir);
  const started = performance.now();
  const { files, skipped } = collectFiles(dir);
  const tsconfig = types ? writeFieldTsconfig(dir) : null;
  const eslintModule = makeEslint(dir, plugin, 'module', tsconfig);
  const eslintScript = makeEslint(dir, plugin, 'commonjs', tsconfig);
  const project = {
    name,
    dir,
    files: 0,
    loc: 0,
    skipped: { ...skipped, minifiedContent: 0 },
    reports: {},
    reportCount: 0,
    crashes: [],
    unparsable: [],
    notices: [],
    ruleTimeMs: {},
    slowestFiles: [],
    slowestRuleFiles: [],
    timeMs: 0,
  };
  const findings = [];
  const fileTimes = [];
  /** Time spent in the plugin's rules, per file. */
  const ruleTimes = [];

  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (isMinified(text)) {
      project.skipped.minifiedContent += 1;
      continue;
    }
    const lines = text.split(/\r?\n/u);
    const rel = relative(dir, file);
    project.files += 1;
    project.loc += countLoc(lines);
    const fileStarted = performance.now();
    let results;
    try {
      results = await lintSource(eslintModule, eslintScript, file, text);
    } catch (error) {
      const rule = crashedRule(error);
      const message = error instanceof Error ? error.message : String(error);
      const stack = error instanceof Error ? (error.stack ?? '').split('\n').slice(0, 8).join('\n') : '';
      project.crashes.push({ file: rel, rule, message, stack });
      continue;
    } finally {
      fileTimes.push({ file: rel, ms: performance.now() - fileStarted });
    }
    const result = results[0];
    if (result === undefined) continue;
    for (const message of result.messages) {
      if (message.fatal === true) {
        project.unparsable.push({ file: rel, line: message.line, message: message.message });
        continue;
      }
      if (message.ruleId === null) {
        // "File ignored ..." and similar notices from ESLint itself.
        project.notices.push({ file: rel, message: message.message });
        continue;
      }
      project.reports[message.ruleId] = (project.reports[message.ruleId] ?? 0) + 1;
      project.reportCount += 1;
      findings.push({
        project: name,
        file: rel,
        line: message.line,
        column: message.column,
        endLine: message.endLine,
        rule: message.ruleId,
        message: message.message,
        suggestions: (message.suggestions ?? []).map((s) => s.desc),
        excerpt: excerpt(lines, message.line),
      });
    }
    let fileRuleMs = 0;
    for (const pass of result.stats?.times.passes ?? []) {
      for (const [rule, time] of Object.entries(pass.rules ?? {})) {
        project.ruleTimeMs[rule] = (project.ruleTimeMs[rule] ?? 0) + time.total;
        fileRuleMs += time.total;
      }
    }
    ruleTimes.push({ file: rel, ms: fileRuleMs });
  }

  project.timeMs = Math.round(performance.now() - started);
  for (const rule of Object.keys(project.ruleTimeMs)) {
    project.ruleTimeMs[rule] = Math.round(project.ruleTimeMs[rule] * 10) / 10;
  }
  project.slowestRuleFiles = ruleTimes
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((t) => ({ file: t.file, ms: Math.round(t.ms * 10) / 10 }));
  project.slowestFiles = fileTimes
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((t) => ({ file: t.file, ms: Math.round(t.ms) }));
  if (tsconfig !== null) rmSync(dirname(tsconfig), { recursive: true, force: true });
  return { project, findings };
}

function markdown(summary, findings) {
  const out = [];
  out.push(`# leakguard field run ${summary.date}`, '');
  out.push(`plugin: ${summary.plugin}`, '');
  out.push('| project | files | LOC | reports | crashes | unparsable | time (s) | rule time (ms) | slowest file in rules (ms) |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const p of summary.projects) {
    const ruleMs = Object.values(p.ruleTimeMs).reduce((a, b) => a + b, 0);
    out.push(
      `| ${p.name} | ${p.files} | ${p.loc} | ${p.reportCount} | ${p.crashes.length} | ${p.unparsable.length} | ${(p.timeMs / 1000).toFixed(1)} | ${Math.round(ruleMs)} | ${p.slowestRuleFiles[0] ? `${p.slowestRuleFiles[0].file} (${p.slowestRuleFiles[0].ms})` : ''} |`,
    );
  }
  out.push('');
  for (const p of summary.projects) {
    if (p.crashes.length === 0 && p.unparsable.length === 0) continue;
    out.push(`## ${p.name}: crashes and unparsable files`, '');
    for (const c of p.crashes) out.push(`- CRASH ${c.file} (${c.rule ?? 'unknown rule'}): ${c.message}`, '', '```', c.stack, '```', '');
    for (const u of p.unparsable) out.push(`- unparsable ${u.file}:${u.line}: ${u.message}`);
    out.push('');
  }
  out.push('## Reports', '');
  findings.forEach((f, i) => {
    out.push(`### R${i + 1}. ${f.project} ${f.file}:${f.line} (${f.rule})`, '');
    out.push(f.message, '');
    out.push('```', f.excerpt, '```', '');
  });
  return out.join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  let plugin = null;
  let pluginLabel = 'none (--dry)';
  if (!options.dry) {
    try {
      ({ default: plugin } = await import('../dist/src/index.js'));
    } catch (error) {
      console.error('field-test: cannot load ../dist/src/index.js; run `npm run build` first.');
      console.error(error);
      process.exit(2);
    }
    pluginLabel = `${plugin.meta.name}@${plugin.meta.version}, config all (${Object.keys(plugin.configs.all.rules ?? {}).join(', ')})`;
  }

  const date = new Date().toISOString();
  const projects = [];
  const findings = [];
  for (const dir of options.dirs) {
    if (!options.json) process.stderr.write(`linting ${dir} ...\n`);
    const { project, findings: projectFindings } = await lintProject(dir, plugin, options.types);
    projects.push(project);
    findings.push(...projectFindings);
  }
  findings.forEach((f, i) => {
    f.id = `R${i + 1}`;
  });

  const totals = {
    files: projects.reduce((a, p) => a + p.files, 0),
    loc: projects.reduce((a, p) => a + p.loc, 0),
    reports: findings.length,
    crashes: projects.reduce((a, p) => a + p.crashes.length, 0),
    unparsable: projects.reduce((a, p) => a + p.unparsable.length, 0),
    timeMs: projects.reduce((a, p) => a + p.timeMs, 0),
  };
  const summary = { date, plugin: pluginLabel, totals, projects };

  mkdirSync(options.out, { recursive: true });
  const stamp = date.replace(/[:.]/gu, '-');
  const jsonPath = join(options.out, `field-${stamp}.json`);
  const mdPath = join(options.out, `field-${stamp}.md`);
  writeFileSync(jsonPath, `${JSON.stringify({ ...summary, findings }, null, 2)}\n`);
  writeFileSync(mdPath, `${markdown(summary, findings)}\n`);
  copyFileSync(jsonPath, join(options.out, 'latest.json'));
  copyFileSync(mdPath, join(options.out, 'latest.md'));

  if (options.json) {
    const brief = {
      ...summary,
      projects: projects.map(({ crashes, unparsable, notices, ...p }) => ({
        ...p,
        crashes: crashes.length,
        unparsable: unparsable.length,
        notices: notices.length,
      })),
      output: { json: jsonPath, markdown: mdPath },
    };
    process.stdout.write(`${JSON.stringify(brief, null, 2)}\n`);
    return;
  }
  const rows = projects.map((p) => [
    p.name,
    String(p.files),
    String(p.loc),
    Object.entries(p.reports).map(([r, n]) => `${r.replace('leakguard/', '')}=${n}`).join(' ') || '0',
    String(p.crashes.length),
    String(p.unparsable.length),
    (p.timeMs / 1000).toFixed(1),
  ]);
  const header = ['project', 'files', 'LOC', 'reports', 'crashes', 'unparsable', 'time(s)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`plugin: ${pluginLabel}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(
    `total: ${totals.files} files, ${totals.loc} LOC, ${totals.reports} reports, ${totals.crashes} crashes, ${totals.unparsable} unparsable, ${(totals.timeMs / 1000).toFixed(1)} s`,
  );
  console.log(`details: ${mdPath}\n         ${jsonPath}`);
}

// Run only when invoked as a script: scripts/field-labels.js imports the helpers above.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
