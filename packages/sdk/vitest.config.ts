import { resolve } from 'node:path';
import { defineProject } from 'vitest/config';

export default defineProject({
  // Code blocks in the docs import '@kamkit/sdk'; tests run them against the source.
  resolve: { alias: { '@kamkit/sdk': resolve(__dirname, 'src/index.ts') } },
  test: {
    name: 'sdk',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The machine may be small and shared: no hook or test waits less than the slowest work it covers
    // (PGlite start-up, deleting store folders, spawning the built CLI); a test that needs longer says so.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 120_000,
    // Builds dist/ when it is missing or stale: test/cli-binary.test.ts spawns the built binary.
    globalSetup: ['test/build-once.ts'],
  },
});
