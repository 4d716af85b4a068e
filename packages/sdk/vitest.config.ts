import { resolve } from 'node:path';
import { defineProject } from 'vitest/config';

export default defineProject({
  // Code blocks in the docs import '@kamkit/sdk'; tests run them against the source.
  resolve: { alias: { '@kamkit/sdk': resolve(__dirname, 'src/index.ts') } },
  test: {
    name: 'sdk',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // Builds dist/ when it is missing or stale: test/cli-binary.test.ts spawns the built binary.
    globalSetup: ['test/build-once.ts'],
  },
});
