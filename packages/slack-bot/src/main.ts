#!/usr/bin/env node
/**
 * `kamkit-slack-bot`: build the runtime from `kamkit.config.*` (store,
 * configured policies, 360° engine), start the bot (Socket Mode when
 * `SLACK_APP_TOKEN` is set, else HTTP on `PORT`), and stop gracefully on
 * SIGINT / SIGTERM. `kamkit serve` runs the same bot beside the WeChat one.
 * `--help`, `--version` and `--manifest` print and exit without starting
 * anything.
 *
 * @module
 */
import { createKamRuntime, isKamError } from '@kamkit/sdk';
import { parseSlackBotArguments, slackAppManifest, slackBotHelp, slackBotVersion } from './bin-arguments.js';
import { readSlackBotEnvironment } from './environment.js';
import { startSlackService } from './start.js';

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

try {
  // Checked before the store is opened: a missing variable is named at once.
  readSlackBotEnvironment(process.env);
  const runtime = await createKamRuntime();
  // The bot keeps the stored results fresh after writes, unless `kamkit serve` owns the store and does.
  if (runtime.storeKind !== 'embedded-client') runtime.startRefreshJobs();
  const slack = await startSlackService(runtime, {
    env: process.env,
    log: (line) => void process.stdout.write(`${JSON.stringify(line)}\n`),
  });
  process.stdout.write(`KAMkit Slack bot started (store: ${runtime.storeKind}).\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping…\n`);
    try {
      await slack.stop();
    } finally {
      await runtime.close();
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  process.stderr.write(
    isKamError(error)
      ? `✖ ${error.messageIn('zh-CN')}\n  ${error.messageIn('en')}\n`
      : `${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
