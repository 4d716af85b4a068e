import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/sdk', 'packages/slack-bot', 'packages/wechat-bot', 'examples/*/vitest.config.ts'],
  },
});
