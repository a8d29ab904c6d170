// Runs leakguard's `recommended` config on the bundled sample service and prints what it
// finds. It is a demo: findings are expected, so it exits 0 whenever linting ran.
//
//   npm start            (after `npm install`, whose `prepare` step builds dist/)

import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';

const root = fileURLToPath(new URL('..', import.meta.url));
const serviceDir = fileURLToPath(new URL('../examples/service', import.meta.url));
const pluginEntry = fileURLToPath(new URL('../dist/src/index.js', import.meta.url));

if (!existsSync(pluginEntry)) {
  console.error(
    `leakguard: the built plugin is missing (${relative(root, pluginEntry)}).\n` +
      'Run `npm run build` (or `npm install`, which builds it) and then `npm start` again.',
  );
  process.exit(1);
}

let leakguard;
try {
  ({ default: leakguard } = await import(pathToFileURL(pluginEntry).href));
} catch (error) {
  console.error(
    `leakguard: could not load ${relative(root, pluginEntry)}; run \`npm run build\` again.\n`,
  );
  console.error(error);
  process.exit(1);
}

const eslint = new ESLint({
  cwd: serviceDir,
  // Use only the configuration below, never an eslint.config.js found on disk.
  overrideConfigFile: true,
  overrideConfig: [
    {
      ...leakguard.configs.recommended,
      files: ['**/*.{js,ts,mjs,cjs}'],
      languageOptions: {
        parser: tsParser,
        ecmaVersion: 'latest',
        sourceType: 'module',
      },
    },
  ],
});

const results = await eslint.lintFiles(['.']);

// Print paths relative to the repository, so they read (and click) the same anywhere.
const shown = results.map((result) => ({ ...result, filePath: relative(root, result.filePath) }));
const formatter = await eslint.loadFormatter('stylish');
const output = await formatter.format(shown);
if (output) {
  process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}

const problems = results.reduce((sum, r) => sum + r.errorCount + r.warningCount, 0);
const fatal = results.reduce((sum, r) => sum + r.fatalErrorCount, 0);
const withProblems = results.filter((r) => r.errorCount + r.warningCount > 0).length;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

console.log(
  `leakguard ${leakguard.meta.version}: ${plural(problems, 'problem')} in ` +
    `${withProblems} of ${plural(results.length, 'file')} under ${relative(root, serviceDir)}` +
    (fatal > 0 ? ` (${plural(fatal, 'parse error')})` : '') +
    '. Handlers marked "LEAK" in the code should be reported; those marked "OK" should not.',
);
