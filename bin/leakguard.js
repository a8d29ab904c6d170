#!/usr/bin/env node
// The `leakguard` command. Its code is TypeScript in src/cli/, built to dist/ by `prepare`.

import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/run.js', import.meta.url);

if (!existsSync(entry)) {
  process.stderr.write('leakguard: the built code is missing (dist/); run `npm run build` in the package.\n');
  process.exit(2);
}

const { run } = await import(entry.href);
process.exitCode = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
