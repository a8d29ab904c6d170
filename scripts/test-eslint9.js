// ESLint 9 compatibility check: installs the packed plugin with the latest eslint@9 from the
// npm registry into a temporary project, then runs the `eslint` binary (flat config with
// defineConfig) and the `leakguard` binary there. Slow (an npm install), so it is not part
// of `npm test`; run it with `npm run test:eslint9` (.ci/run does).
//
// Everything is written under os.tmpdir() and removed at the end, also on failure.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'leakguard-eslint9-'));
const project = join(work, 'project');

// The same leak as the end-to-end tests use: reported on line 4.
const leaky = readFileSync(join(root, 'tests/fixtures/cli/leaky.js'), 'utf8');

const checks = [];
function check(name, ok, detail) {
  checks.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `\n     ${detail}`}`);
}

function run(bin, args) {
  const result = spawnSync(process.execPath, [join(project, 'node_modules', bin), ...args], {
    cwd: project,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function findings(stdout) {
  try {
    return JSON.parse(stdout).flatMap((result) =>
      result.messages.map((message) => `${result.filePath.slice(project.length + 1)}:${message.line} ${message.ruleId}`),
    );
  } catch {
    return [`unparsable output: ${stdout.slice(0, 200)}`];
  }
}

try {
  execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'ignore' });
  execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root, stdio: 'ignore' });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  mkdirSync(join(project, 'src'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'eslint9-check', private: true, type: 'module' }));
  writeFileSync(join(project, 'src/leaky.js'), leaky);
  writeFileSync(
    join(project, 'eslint.config.js'),
    `import { defineConfig } from 'eslint/config';
import leakguard from 'eslint-plugin-leakguard';

export default defineConfig([{ files: ['**/*.js'], extends: [leakguard.configs.recommended] }]);
`,
  );
  // A type-checked eslint.config.ts against ESLint 9's types (the same file is checked
  // against ESLint 10's in scripts/test-packed.js); outside the linted folder.
  mkdirSync(join(project, 'check'), { recursive: true });
  writeFileSync(
    join(project, 'check/eslint.config.ts'),
    `import { defineConfig } from 'eslint/config';
import type { ESLint, Linter } from 'eslint';
import leakguard from 'eslint-plugin-leakguard';

const asPlugin: ESLint.Plugin = leakguard;
const flat: Linter.Config[] = [leakguard.configs.recommended, leakguard.configs.strict];

export default defineConfig([{ files: ['**/*.ts'], plugins: { leakguard: asPlugin }, extends: [leakguard.configs.recommended] }, ...flat]);
`,
  );
  writeFileSync(
    join(project, 'check/tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true, noEmit: true, types: [] },
      files: ['eslint.config.ts'],
    }),
  );
  writeFileSync(join(project, '.gitignore'), 'check/\n');
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--silent', 'eslint@9', 'typescript@~6.0.0', join(work, tarball)], {
    cwd: project,
    stdio: 'inherit',
  });
  const version = run('eslint/bin/eslint.js', ['--version']).stdout.trim();
  check(`eslint@9 installed (${version})`, /^v9\./u.test(version), version);

  const tsc = run('typescript/bin/tsc', ['-p', 'check/tsconfig.json']);
  check('eslint.config.ts with defineConfig, Linter.Config[] and ESLint.Plugin type-checks against ESLint 9 (strict)', tsc.code === 0, tsc.stdout + tsc.stderr);

  const expected = ['src/leaky.js:4 leakguard/no-leaked-connection'];
  const eslint = run('eslint/bin/eslint.js', ['--format', 'json', '.']);
  check('eslint . reports the leak and exits 1', eslint.code === 1 && String(findings(eslint.stdout)) === String(expected), JSON.stringify(eslint));

  const cli = run('eslint-plugin-leakguard/bin/leakguard.js', ['--format', 'json']);
  check('leakguard reports the leak and exits 1', cli.code === 1 && String(findings(cli.stdout)) === String(expected), JSON.stringify(cli));

  const threads = run('eslint-plugin-leakguard/bin/leakguard.js', ['--format', 'json', '--concurrency', '2']);
  check('leakguard --concurrency 2 finds the same', threads.code === 1 && String(findings(threads.stdout)) === String(expected), JSON.stringify(threads));

  const sarif = run('eslint-plugin-leakguard/bin/leakguard.js', ['--format', 'sarif']);
  let results = [];
  try {
    results = JSON.parse(sarif.stdout).runs[0].results;
  } catch {
    // Reported by the check below.
  }
  check('leakguard --format sarif has the finding', sarif.code === 1 && results.length === 1, sarif.stdout.slice(0, 300));

  const suppress = run('eslint/bin/eslint.js', ['--suppress-all', '.']);
  const after = run('eslint/bin/eslint.js', ['.']);
  check('eslint --suppress-all, then eslint . passes', suppress.code === 0 && after.code === 0, JSON.stringify({ suppress, after }));
} catch (error) {
  check('setup', false, error instanceof Error ? error.message : String(error));
} finally {
  rmSync(work, { recursive: true, force: true });
}

const failed = checks.filter((c) => !c.ok).length;
console.log(`${checks.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
