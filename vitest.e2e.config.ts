import { defineConfig } from 'vitest/config';

// The end-to-end tests (tests/e2e): child processes of the real `leakguard` and `eslint`
// binaries over temporary projects, using the build in dist/. About 35 s of CPU, so they
// run as `npm run test:e2e` (in .ci/run) rather than in every `npm test`.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    setupFiles: ['./tests/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
