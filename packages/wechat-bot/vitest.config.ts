import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    // Test against the SDK's (and the Slack bot's) source, so the bot's tests need no prior build.
    alias: {
      '@kamkit/sdk': fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url)),
      '@kamkit/slack-bot': fileURLToPath(new URL('../slack-bot/src/index.ts', import.meta.url)),
    },
  },
  test: {
    passWithNoTests: true,
    name: 'wechat-bot',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    // Hooks start PGlite and Bolt apps on a shared 2-core machine: never vitest's 10 s default.
    hookTimeout: 120_000,
    teardownTimeout: 120_000,
    // Builds the SDK's dist/ when it is missing or stale: src/one-answer.test.ts spawns the built `kamkit`.
    globalSetup: ['../sdk/test/build-once.ts'],
  },
});
