import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    // Test against the SDK's source, so the bot's tests need no prior build.
    alias: { '@kamkit/sdk': fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url)) },
  },
  test: {
    passWithNoTests: true,
    name: 'slack-bot',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    // Hooks start PGlite and Bolt apps on a shared 2-core machine: never vitest's 10 s default.
    hookTimeout: 120_000,
    teardownTimeout: 120_000,
  },
});
