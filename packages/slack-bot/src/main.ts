#!/usr/bin/env node
/**
 * `kamkit-slack-bot`: read the environment, open the store, start the bot
 * (Socket Mode when `SLACK_APP_TOKEN` is set, else HTTP on `PORT`), and stop
 * gracefully on SIGINT / SIGTERM.
 *
 * @module
 */
import {
  createMemoryReviewRepository,
  createReview360Engine,
  createSqlReviewRepository,
  openStore,
  type ReviewRepository,
} from '@kamkit/sdk';
import { createSlackBot } from './bot.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`缺少环境变量 / Missing environment variable: ${name}\n`);
    process.exit(1);
  }
  return value;
}

const signingSecret = required('SLACK_SIGNING_SECRET');
const token = required('SLACK_BOT_TOKEN');
const appToken = process.env.SLACK_APP_TOKEN || undefined;
const port = Number(process.env.PORT ?? 3000);
const asOf = process.env.KAMKIT_AS_OF;

// openStore reads KAMKIT_DATABASE_URL (a PostgreSQL server), else PGlite at .kamkit/db.
const store = await openStore();
// The store's migrations include the 360° tables.
const repository: ReviewRepository = store.sql
  ? createSqlReviewRepository(store.sql)
  : createMemoryReviewRepository();

const app = createSlackBot({
  store,
  signingSecret,
  token,
  ...(appToken ? { appToken } : {}),
  review: { engine: createReview360Engine({ repository, store }), repository },
  ...(asOf ? { chat: { asOf: () => asOf } } : {}),
});

await app.start(port);
process.stdout.write(
  appToken
    ? 'KAMkit Slack bot connected by Socket Mode.\n'
    : `KAMkit Slack bot listening on :${port}/slack/events\n`,
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: stopping…\n`);
  try {
    await app.stop();
  } finally {
    await store.close();
  }
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
