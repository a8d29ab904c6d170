import { defineConfig } from 'vitest/config';

// End-to-end tests that start real servers (PostgreSQL, the sample service) and run the
// built plugin's command line: `npm run test:e2e`, also run by .ci/run. `npm test` leaves
// them out (vitest.config.ts) to stay fast.
export default defineConfig({
  test: {
    include: ['tests/**/*.e2e.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // One PostgreSQL at a time on a 2-core machine.
    fileParallelism: false,
  },
});
