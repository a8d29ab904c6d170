// Runs the `leakguard` command on the bundled sample service and prints what it finds.
// It is a demo: findings are expected, so it exits 0 whenever linting ran.
//
//   npm start            (after `npm install`, whose `prepare` step builds dist/)

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/leakguard.js', import.meta.url));

// The command exactly as a user would run it, from the repository root.
const { status, error } = spawnSync(process.execPath, [bin, 'examples/service'], { cwd: root, stdio: 'inherit' });
if (error) {
  console.error(`leakguard: could not run ${bin}: ${error.message}`);
  process.exit(2);
}
if (status !== 0 && status !== 1) {
  // 2: the command could not lint (it printed why, e.g. a missing build).
  process.exit(status ?? 2);
}
console.log(
  'Handlers marked "LEAK" or "BUG" in examples/service should be reported; those marked "OK" should not ' +
    '(examples/service/README.md).',
);
