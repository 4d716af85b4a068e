#!/usr/bin/env node
/**
 * `kamkit-slack-bot`: read the environment, open the store, start the bot
 * (Socket Mode when `SLACK_APP_TOKEN` is set, else HTTP on `PORT`), and stop
 * gracefully on SIGINT / SIGTERM. `--help`, `--version` and `--manifest`
 * print and exit without starting anything.
 *
 * @module
 */
import {
  createMemoryReviewRepository,
  createReview360Engine,
  createSqlReviewRepository,
  isKamError,
  openStore,
  type ReviewRepository,
} from '@kamkit/sdk';
import { parseSlackBotArguments, slackAppManifest, slackBotHelp, slackBotVersion } from './bin-arguments.js';
import { createSlackBot } from './bot.js';
import { readSlackBotEnvironment } from './environment.js';

let command: ReturnType<typeof parseSlackBotArguments>;
try {
  command = parseSlackBotArguments(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${slackBotHelp()}`);
  process.exit(2);
}
if (command === 'help') {
  process.stdout.write(slackBotHelp());
  process.exit(0);
}
if (command === 'version') {
  process.stdout.write(`${slackBotVersion()}\n`);
  process.exit(0);
}
if (command === 'manifest') {
  process.stdout.write(slackAppManifest());
  process.exit(0);
}

async function main(): Promise<void> {
  const environment = readSlackBotEnvironment(process.env);
  // openStore reads KAMKIT_DATABASE_URL (a PostgreSQL server), else PGlite at .kamkit/db.
  const store = await openStore();
  // The store's migrations include the 360° tables.
  const repository: ReviewRepository = store.sql
    ? createSqlReviewRepository(store.sql)
    : createMemoryReviewRepository();

  const { asOf, appToken, port } = environment;
  const app = createSlackBot({
    store,
    signingSecret: environment.signingSecret,
    token: environment.token,
    ...(appToken ? { appToken } : {}),
    ...(environment.logLevel ? { logLevel: environment.logLevel } : {}),
    clientOptions: environment.clientOptions,
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
}

main().catch((error: unknown) => {
  process.stderr.write(
    isKamError(error) ? `✖ ${error.messageIn('zh-CN')}\n  ${error.messageIn('en')}\n` : `${String(error)}\n`,
  );
  process.exit(1);
});
