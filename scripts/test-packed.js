// End-to-end checks of the package as users get it: `npm pack`, then installs from the
// npm registry into temporary projects, and the commands the docs give, run there.
//
//  1. TypeScript 7 (npm's `latest`) and ESLint 10: the plugin installs beside them without a
//     single peer-dependency warning and `npm ls` finds nothing invalid (nothing the plugin
//     needs at run time has a peer range on typescript; typescript-eslint's parser is an
//     optional peer dependency, which npm does not install); `leakguard` lints .js and .ts
//     on syntax alone (oxlint), `--engine eslint` lints the JavaScript and names the
//     TypeScript files it cannot, `--type-aware` says in one line that it needs the
//     TypeScript 6 API; no stack trace anywhere.
//  2. TypeScript 6 and ESLint 10: installs without peer-dependency warnings; one copy each
//     of typescript-eslint's parser, types and scope-manager, the user's (the plugin names
//     ranges, not exact versions); `leakguard --type-aware` uses it; `require()` from eslint.config.cjs gives the plugin;
//     eslint.config.ts with defineConfig, Linter.Config[] and ESLint.Plugin type-checks with
//     `strict`; the documented recommended-type-checked set-up lints the config file and
//     JavaScript outside the tsconfig without errors; oxlint's jsPlugins load the plugin
//     from .oxlintrc.json; SARIF from the packed command is valid against the schema and
//     carries codeFlows, fingerprints and a notification for a file that does not parse.
//  3. `npx -p eslint-plugin-leakguard leakguard` and `npx eslint-plugin-leakguard`, as
//     copied from the README, from the packed tarball.
//
// Slow (npm installs): run by `npm run test:e2e` (in .ci/run), not `npm test`. Everything is
// written under os.tmpdir() and removed at the end, also on failure.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const requireFromRoot = createRequire(join(root, 'package.json'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const work = mkdtempSync(join(tmpdir(), 'leakguard-packed-'));

const leaky = readFileSync(join(root, 'tests/fixtures/cli/leaky.js'), 'utf8');
const leakyTs = leaky.replace('export async function count(day) {', 'export async function count(day: string): Promise<number> {');

const checks = [];
function check(name, ok, detail) {
  checks.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `\n     ${String(detail).slice(0, 1500)}`}`);
}

function write(dir, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

function project(name, files) {
  const dir = join(work, name);
  write(dir, { 'package.json': JSON.stringify({ name, private: true, type: 'module' }), ...files });
  return dir;
}

function npmInstall(dir, packages) {
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', ...packages], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm install ${packages.join(' ')} failed: ${result.stderr}`);
  }
  return `${result.stdout}${result.stderr}`;
}

function runBin(dir, bin, args, env = {}) {
  const result = spawnSync(process.execPath, [join(dir, 'node_modules', bin), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The lines of npm's output that speak of peer dependencies (warnings or errors). */
function peerDependencyLines(output) {
  return output.split('\n').filter((line) => /ERESOLVE|Conflicting peer dependency|overriding peer dependency|\bpeer\b/iu.test(line));
}

/** `npm ls --all`: exit 0 means no invalid, missing or extraneous package in the tree. */
function npmLs(dir) {
  const result = spawnSync(npm, ['ls', '--all'], { cwd: dir, encoding: 'utf8' });
  return { ok: result.status === 0, detail: `${result.stderr}\n${result.stdout.split('\n').filter((line) => /invalid|UNMET DEPENDENCY|extraneous/u.test(line)).join('\n')}` };
}

/**
 * npm's warnings other than its notice that the plugin's own `prepare` script is not in
 * `allowScripts`: npm lists `prepare` for file and git sources only (a tarball on disk, as
 * here), never for a package from the registry.
 */
function otherNpmWarnings(output) {
  return output
    .split('\n')
    .filter((line) => /^npm (warn|error)/u.test(line))
    .filter((line) => !/^npm warn install-scripts(\s*$| 1 package has install scripts| {3}eslint-plugin-leakguard@[^ ]+ \(prepare: | Run `npm install-scripts)/u.test(line));
}

/**
 * The bare module names the plugin's shipped declarations refer to, following relative
 * imports from the `types` entries; a relative import to a file not shipped is returned too.
 */
function declarationImports(packageDir) {
  const seen = new Set();
  const bare = new Set();
  const queue = ['cjs/index.d.cts', 'dist/src/index.d.ts'];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) {
      continue;
    }
    seen.add(file);
    if (!existsSync(join(packageDir, file))) {
      bare.add(`missing: ${file}`);
      continue;
    }
    const text = readFileSync(join(packageDir, file), 'utf8');
    for (const match of text.matchAll(/(?:from |import\()['"]([^'"]+)['"]/gu)) {
      const specifier = match[1];
      if (specifier.startsWith('.')) {
        queue.push(join(dirname(file), specifier).replace(/\.js$/u, '.d.ts'));
      } else {
        bare.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
      }
    }
  }
  return [...bare].sort();
}

function runCommand(dir, command, args) {
  const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function findings(stdout, dir) {
  try {
    return JSON.parse(stdout)
      .flatMap((result) =>
        result.messages.map((message) => `${result.filePath.slice(dir.length + 1)}:${message.line} ${message.ruleId ?? 'fatal'}`),
      )
      .sort();
  } catch {
    return [`unparsable output: ${stdout.slice(0, 300)}`];
  }
}

const noStack = (run) => !/\n\s+at .+:\d+:\d+\)?\n/u.test(run.stderr);
const leakguard = 'eslint-plugin-leakguard/bin/leakguard.js';

try {
  execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'ignore' });
  execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root, stdio: 'ignore' });
  const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz')));

  // 1. TypeScript 7.
  const ts7 = project('ts7', {
    'src/leaky.js': leaky,
    'src/leaky.ts': leakyTs,
    'tsconfig.json': '{ "include": ["src"] }',
    // With skipLibCheck off, so the plugin's shipped declarations are checked too.
    'check/tsconfig.json': JSON.stringify({
      compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: false, noEmit: true, types: [] },
      files: ['eslint.config.ts'],
    }),
    'check/eslint.config.ts': `import { defineConfig } from 'eslint/config';
import type { ESLint, Linter } from 'eslint';
import leakguard from 'eslint-plugin-leakguard';

const asPlugin: ESLint.Plugin = leakguard;
const flat: Linter.Config[] = [leakguard.configs.recommended, leakguard.configs.strict];
const typed: boolean = leakguard.rules['no-leaked-connection'].meta.docs?.requiresTypeChecking ?? false;

export default defineConfig([
  { files: ['**/*.ts'], plugins: { leakguard: asPlugin }, extends: [leakguard.configs.recommended] },
  ...flat,
  { rules: { 'leakguard/no-leaked-connection': typed ? 'off' : 'error' } },
]);
`,
  });
  npmInstall(ts7, ['typescript@latest', 'eslint@10']);
  const npmOutput = npmInstall(ts7, [tarball]);
  console.log(`     npm install <tarball> beside TypeScript 7 printed:\n${npmOutput.trim().replace(/^/gmu, '       | ')}`);
  const tsVersion = JSON.parse(readFileSync(join(ts7, 'node_modules/typescript/package.json'), 'utf8')).version;
  check(`typescript@latest is ${tsVersion}`, /^7\./u.test(tsVersion), tsVersion);
  check(
    'npm installs the plugin beside TypeScript 7 (no ERESOLVE error)',
    !/npm error/u.test(npmOutput) && existsSync(join(ts7, 'node_modules/eslint-plugin-leakguard/package.json')),
    npmOutput,
  );
  check('npm prints no peer-dependency warning installing the plugin beside TypeScript 7', peerDependencyLines(npmOutput).length === 0, npmOutput);
  check('npm prints no other warning (only its notice on the tarball\'s own prepare script)', otherNpmWarnings(npmOutput).length === 0, otherNpmWarnings(npmOutput).join('\n'));
  const installed = JSON.parse(readFileSync(join(ts7, 'node_modules/eslint-plugin-leakguard/package.json'), 'utf8'));
  const declared = new Set([...Object.keys(installed.dependencies ?? {}), ...Object.keys(installed.peerDependencies ?? {})]);
  const referenced = declarationImports(join(ts7, 'node_modules/eslint-plugin-leakguard'));
  check(
    `the shipped declarations refer only to declared dependencies (${referenced.join(', ')})`,
    referenced.every((name) => declared.has(name) && !installed.peerDependenciesMeta?.[name]?.optional),
    referenced.join(', '),
  );
  const tsc7 = runBin(ts7, 'typescript/bin/tsc', ['-p', 'check/tsconfig.json']);
  check('TS7: eslint.config.ts type-checks with strict and skipLibCheck off (the shipped declarations too)', tsc7.code === 0, tsc7.stdout + tsc7.stderr);
  const ts7Tree = npmLs(ts7);
  check('TS7: npm ls --all finds no invalid peer in the tree', ts7Tree.ok, ts7Tree.detail);
  check(
    'TS7: none of typescript-eslint\'s TypeScript-bound packages is installed',
    ['@typescript-eslint/parser', '@typescript-eslint/typescript-estree', '@typescript-eslint/utils'].every(
      (name) => runCommand(ts7, npm, ['ls', '--all', '--parseable', name]).stdout.trim() === '',
    ),
    runCommand(ts7, npm, ['ls', '--all', '@typescript-eslint/parser', '@typescript-eslint/typescript-estree', '@typescript-eslint/utils']).stdout,
  );
  const expectedBoth = ['src/leaky.js:4 leakguard/no-leaked-connection', 'src/leaky.ts:4 leakguard/no-leaked-connection'];
  const syntax = runBin(ts7, leakguard, ['--format', 'json', 'src']);
  check(
    'TS7: leakguard lints .js and .ts (exit 1, both leaks, clean stderr)',
    syntax.code === 1 && String(findings(syntax.stdout, ts7)) === String(expectedBoth) && syntax.stderr === '',
    JSON.stringify(syntax),
  );
  const viaEslint = runBin(ts7, leakguard, ['--engine', 'eslint', '--format', 'json', 'src']);
  check(
    'TS7: --engine eslint lints the JavaScript, names the TypeScript it cannot in one line, exit 2',
    viaEslint.code === 2 &&
      String(findings(viaEslint.stdout, ts7)) === String(expectedBoth.slice(0, 1)) &&
      /^leakguard: 1 TypeScript file was not linted: typescript-eslint does not support TypeScript 7\.[^\n]*\.\n$/u.test(viaEslint.stderr) &&
      noStack(viaEslint),
    JSON.stringify(viaEslint),
  );
  // Without typescript-eslint's parser, ESLint still reads the JavaScript modules a file
  // imports (espree, scopes from @typescript-eslint/scope-manager): the connection opened in
  // db.js and left open in use.js is found only through that.
  write(ts7, {
    'lib/db.js': "import pg from 'pg';\nconst pool = new pg.Pool();\nexport async function open() {\n  return pool.connect();\n}\n",
    'lib/use.js':
      "import { open } from './db.js';\nexport async function count(day) {\n  const client = await open();\n  const { rows } = await client.query('select 1 where $1', [day]);\n  return rows.length;\n}\n",
  });
  const crossModule = runBin(ts7, leakguard, ['--engine', 'eslint', '--format', 'json', 'lib']);
  check(
    'TS7: --engine eslint follows a connection opened in an imported JavaScript module (no typescript-eslint installed)',
    crossModule.code === 1 && String(findings(crossModule.stdout, ts7)) === 'lib/use.js:3 leakguard/no-leaked-connection' && crossModule.stderr === '',
    JSON.stringify(crossModule),
  );
  const typed = runBin(ts7, leakguard, ['--type-aware', '--format', 'json', 'src']);
  check(
    'TS7: --type-aware says in one line that it needs the TypeScript 6 API, then lints on syntax alone',
    typed.code === 1 &&
      String(findings(typed.stdout, ts7)) === String(expectedBoth) &&
      typed.stderr.trim().split('\n').length === 2 &&
      /^leakguard: --type-aware needs the TypeScript 6 API/u.test(typed.stderr) &&
      noStack(typed),
    JSON.stringify(typed),
  );

  // 2. TypeScript 6, ESLint 10, the configs users write. The type-aware set-up is read from
  // docs/configuration.md, so the test checks what the docs say.
  const configurationDoc = readFileSync(join(root, 'docs/configuration.md'), 'utf8');
  const typedSetup = /export default defineConfig\(\[\n(?<body> {2}tseslint\.configs\.recommended,\n[\s\S]*?)\]\);/u.exec(configurationDoc)?.groups?.body;
  if (typedSetup === undefined) {
    throw new Error('docs/configuration.md has no type-aware set-up starting with tseslint.configs.recommended');
  }
  const ts6 = project('ts6', {
    'src/leaky.ts': leakyTs,
    'scripts/tool.js': leaky,
    'tsconfig.json': JSON.stringify({
      compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true, noEmit: true },
      include: ['src'],
    }),
    'check/tsconfig.json': JSON.stringify({
      compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true, noEmit: true },
      files: ['eslint.config.ts'],
    }),
    'check/eslint.config.ts': `import { defineConfig } from 'eslint/config';
import type { ESLint, Linter } from 'eslint';
import leakguard from 'eslint-plugin-leakguard';

const asPlugin: ESLint.Plugin = leakguard;
const flat: Linter.Config[] = [leakguard.configs.recommended, leakguard.configs.strict, leakguard.configs['recommended-type-checked']];

export default defineConfig([
  { files: ['**/*.ts'], plugins: { leakguard: asPlugin }, extends: [leakguard.configs.recommended] },
  ...flat,
]);
`,
    'cjs/eslint.config.cjs': `const leakguard = require('eslint-plugin-leakguard');
if (typeof leakguard.rules !== 'object' || 'default' in leakguard) throw new Error('require() did not give the plugin');
module.exports = [{ files: ['**/*.js'], ...leakguard.configs.recommended }];
`,
    'cjs/leaky.js': leaky,
    // docs/configuration.md's type-aware set-up, as copied (the first line added).
    'eslint.config.js': `import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import leakguard from 'eslint-plugin-leakguard';

export default defineConfig([
  { ignores: ['check/', 'cjs/'] },
${typedSetup}]);
`,
    '.oxlintrc.json': JSON.stringify({
      jsPlugins: ['eslint-plugin-leakguard'],
      categories: { correctness: 'off' },
      rules: { 'leakguard/no-leaked-connection': 'error' },
      ignorePatterns: ['check/**', 'cjs/**'],
    }),
  });
  // @types/pg: with type information the declared type decides what a pool is.
  const ts6Output = npmInstall(ts6, ['typescript@~6.0.0', 'eslint@10', 'typescript-eslint@8', 'jiti', '@types/pg', tarball]);
  check('TS6: npm prints no peer-dependency warning', peerDependencyLines(ts6Output).length === 0, ts6Output);
  check('TS6: npm prints no other warning', otherNpmWarnings(ts6Output).length === 0, otherNpmWarnings(ts6Output).join('\n'));
  const ts6Tree = npmLs(ts6);
  check('TS6: npm ls --all finds no invalid peer in the tree', ts6Tree.ok, ts6Tree.detail);
  const copies = ['@typescript-eslint/parser', '@typescript-eslint/types', '@typescript-eslint/scope-manager'].map((name) =>
    runCommand(ts6, npm, ['ls', '--all', '--parseable', name]).stdout.trim().split('\n').filter(Boolean),
  );
  check(
    "one copy each of typescript-eslint's parser, types and scope-manager: the user's typescript-eslint's",
    copies.every((paths) => paths.length === 1),
    copies.flat().join('\n'),
  );

  const typedCommand = runBin(ts6, leakguard, ['--type-aware', '--format', 'json', 'src']);
  check(
    'TS6: leakguard --type-aware loads the user\'s typescript-eslint parser and finds the leak (clean stderr)',
    typedCommand.code === 1 &&
      String(findings(typedCommand.stdout, ts6)) === 'src/leaky.ts:4 leakguard/no-leaked-connection' &&
      typedCommand.stderr === '',
    JSON.stringify(typedCommand),
  );

  const cjs = runBin(join(ts6, 'cjs'), '../../node_modules/eslint/bin/eslint.js', ['--format', 'json', '.']);
  check(
    "eslint.config.cjs: require('eslint-plugin-leakguard') gives the plugin and finds the leak",
    cjs.code === 1 && String(findings(cjs.stdout, join(ts6, 'cjs'))) === 'leaky.js:4 leakguard/no-leaked-connection',
    JSON.stringify(cjs),
  );
  const tsc = runBin(ts6, 'typescript/bin/tsc', ['-p', 'check/tsconfig.json']);
  check('eslint.config.ts with defineConfig, Linter.Config[] and ESLint.Plugin type-checks with strict (ESLint 10)', tsc.code === 0, tsc.stdout + tsc.stderr);

  const typedRun = runBin(ts6, 'eslint/bin/eslint.js', ['--format', 'json', '.']);
  check(
    'the documented recommended-type-checked set-up lints src, scripts and the config file without parse errors',
    typedRun.code === 1 &&
      String(findings(typedRun.stdout, ts6)) === String(['scripts/tool.js:4 leakguard/no-leaked-connection', 'src/leaky.ts:4 leakguard/no-leaked-connection']),
    JSON.stringify(typedRun),
  );
  const ox = runBin(ts6, 'oxlint/bin/oxlint', ['--format', 'json', 'src', 'scripts']);
  let oxFindings = [];
  try {
    oxFindings = JSON.parse(ox.stdout).diagnostics.map((d) => `${d.filename}:${d.labels[0].span.line} ${d.code}`).sort();
  } catch {
    // Reported below.
  }
  check(
    'oxlint loads the plugin from .oxlintrc.json jsPlugins and finds the same leaks',
    ox.code === 1 && String(oxFindings) === String(['scripts/tool.js:4 leakguard(no-leaked-connection)', 'src/leaky.ts:4 leakguard(no-leaked-connection)']),
    JSON.stringify(ox),
  );

  write(ts6, { 'src/broken.ts': 'export function f( {\n' });
  const sarifRun = runBin(ts6, leakguard, ['--format', 'sarif', 'src']);
  let log = null;
  try {
    log = JSON.parse(sarifRun.stdout);
  } catch {
    // Reported below.
  }
  const Ajv = requireFromRoot('ajv-draft-04');
  const addFormats = requireFromRoot('ajv-formats');
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'tests/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')));
  check('SARIF from the packed command is valid against the 2.1.0 schema', log !== null && validate(log), JSON.stringify(validate.errors ?? sarifRun));
  const result = log?.runs?.[0]?.results?.[0];
  const notifications = log?.runs?.[0]?.invocations?.[0]?.toolExecutionNotifications ?? [];
  check(
    'SARIF carries codeFlows, relatedLocations, partialFingerprints, help and a parse-error notification',
    sarifRun.code === 1 &&
      result?.codeFlows?.[0]?.threadFlows?.[0]?.locations?.length === 3 &&
      (result?.relatedLocations?.length ?? 0) >= 1 &&
      typeof result?.partialFingerprints?.['leakguard/v1'] === 'string' &&
      typeof log.runs[0].tool.driver.rules[0].help?.markdown === 'string' &&
      notifications.some((entry) => entry.level === 'error' && /^Parsing error/u.test(entry.message.text)),
    sarifRun.stdout.slice(0, 1500),
  );

  // 3. The commands as the README gives them, from the packed tarball.
  const fresh = project('fresh', { 'src/leaky.js': leaky });
  const viaP = runCommand(fresh, npx, ['--yes', '-p', tarball, 'leakguard', '--format', 'json', 'src/']);
  check(
    'npx -p eslint-plugin-leakguard leakguard src/ (exit 1, the leak)',
    viaP.code === 1 && String(findings(viaP.stdout, fresh)) === 'src/leaky.js:4 leakguard/no-leaked-connection',
    JSON.stringify(viaP),
  );
  const viaName = runCommand(fresh, npx, ['--yes', '--package', tarball, 'eslint-plugin-leakguard', '--format', 'json', 'src/']);
  check(
    'npx eslint-plugin-leakguard src/ runs the bin named after the package',
    viaName.code === 1 && String(findings(viaName.stdout, fresh)) === 'src/leaky.js:4 leakguard/no-leaked-connection',
    JSON.stringify(viaName),
  );
} catch (error) {
  check('setup', false, error instanceof Error ? error.message : String(error));
} finally {
  rmSync(work, { recursive: true, force: true });
}

const failed = checks.filter((c) => !c.ok).length;
console.log(`${checks.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
