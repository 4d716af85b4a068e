/**
 * The Slack bot as a channel of a {@link KamRuntime}: what `kamkit-slack-bot`
 * and `kamkit serve` both start.
 *
 * @module
 */
import type { ChannelService, KamRuntime, ServeLogLine } from '@kamkit/sdk';
import { createSlackBot } from './bot.js';

/**
 * Start the Slack bot on a runtime: its store, configured policies and 360°
 * engine. Reads `SLACK_SIGNING_SECRET`, `SLACK_BOT_TOKEN`, `SLACK_APP_TOKEN`
 * (Socket Mode when set, else HTTP on `PORT`, default 3000) and `KAMKIT_AS_OF`.
 *
 * @throws Error naming the missing variable.
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
  const { env } = options;
  const signingSecret = env.SLACK_SIGNING_SECRET;
  const token = env.SLACK_BOT_TOKEN;
  if (!signingSecret || !token)
    throw new Error(
      `缺少环境变量 / Missing environment variable: ${signingSecret ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET'}`,
    );
  const appToken = env.SLACK_APP_TOKEN || undefined;
  const port = Number(env.PORT ?? 3000);
  const asOf = env.KAMKIT_AS_OF;
  const { store, review, ...chat } = runtime.chatOptions();
  const app = createSlackBot({
    store,
    signingSecret,
    token,
    ...(appToken ? { appToken } : {}),
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
