import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // tests/e2e runs on its own: `npm run test:e2e` (vitest.e2e.config.ts).
    exclude: ['**/node_modules/**', 'tests/fixtures/**', 'tests/e2e/**'],
    setupFiles: ['./tests/setup.ts'],
    // Linting large real files (tests/no-crash.test.ts) and type-aware RuleTester runs
    // are slow on a 2-core CI machine; 5 s (vitest's default) is too tight for them.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
