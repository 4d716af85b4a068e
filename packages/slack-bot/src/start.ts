/**
 * The Slack bot as a channel of a {@link KamRuntime}: what `kamkit-slack-bot`
 * and `kamkit serve` both start.
 *
 * @module
 */
import type { ChannelService, KamRuntime, ServeLogLine } from '@kamkit/sdk';
import { createSlackBot } from './bot.js';
import { readSlackBotEnvironment } from './environment.js';

/**
 * Start the Slack bot on a runtime: its store, configured policies and 360°
 * engine, with the environment {@link readSlackBotEnvironment} reads
 * (`SLACK_SIGNING_SECRET`, `SLACK_BOT_TOKEN`, `SLACK_APP_TOKEN` for Socket
 * Mode, `PORT`, `SLACK_API_URL`, `SLACK_RETRIES`, `SLACK_LOG_LEVEL`,
 * `KAMKIT_AS_OF`).
 *
 * @throws KamError `INVALID_CONFIG` naming a missing or malformed variable.
 * @example
 * ```ts
 * const runtime = await createKamRuntime();
 * const slack = await startSlackService(runtime, { env: process.env, log: console.log });
 * await slack.stop();
 * await runtime.close();
 * ```
 */
export async function startSlackService(
  runtime: KamRuntime,
  options: { env: Readonly<Record<string, string | undefined>>; log: (line: ServeLogLine) => void },
): Promise<ChannelService> {
  const { signingSecret, token, appToken, port, asOf, logLevel, clientOptions } = readSlackBotEnvironment(
    options.env,
  );
  const { store, review, ...chat } = runtime.chatOptions();
  const app = createSlackBot({
    store,
    signingSecret,
    token,
    ...(appToken ? { appToken } : {}),
    ...(logLevel ? { logLevel } : {}),
    clientOptions,
    ...(review ? { review } : {}),
    chat: { ...chat, ...(asOf ? { asOf: () => asOf } : {}) },
  });
  await app.start(port);
  options.log({
    event: 'slack.listening',
    ...(appToken ? { mode: 'socket' } : { mode: 'http', port, path: '/slack/events' }),
  });
  return {
    name: 'slack',
    stop: () => app.stop().then(() => undefined),
  };
}
