#!/usr/bin/env node
// The `leakguard` command. Its code is TypeScript in src/cli/, built to dist/ by `prepare`.
// Whatever goes wrong here, before run() can catch it (ESLint missing, a module that does not
// load, an error thrown outside the run's promise), ends as one `leakguard:` line and exit 2:
// exit 1 means findings.

import { existsSync } from 'node:fs';

const debug = process.env.LEAKGUARD_DEBUG !== undefined && process.env.LEAKGUARD_DEBUG !== '';

function fail(what, error) {
  const text = (error instanceof Error ? error.message : String(error))
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('; ');
  process.stderr.write(`leakguard: ${what}: ${text}${debug ? '' : ' (LEAKGUARD_DEBUG=1 shows the stack)'}\n`);
  if (debug && error instanceof Error && error.stack !== undefined) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exit(2);
}

process.on('uncaughtException', (error) => fail('crashed', error));
process.on('unhandledRejection', (error) => fail('crashed', error));

const entry = new URL('../dist/src/cli/run.js', import.meta.url);

if (!existsSync(entry)) {
  process.stderr.write('leakguard: the built code is missing (dist/); run `npm run build` in the package.\n');
  process.exit(2);
}

let run;
try {
  ({ run } = await import(entry.href));
} catch (error) {
  fail('cannot load', error);
}
process.exitCode = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
