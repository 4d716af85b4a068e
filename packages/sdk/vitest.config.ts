import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'sdk',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // Builds dist/ when it is missing or stale: test/cli-binary.test.ts spawns the built binary.
    globalSetup: ['test/build-once.ts'],
  },
});
