/**
 * The WeChat bot as a channel of a {@link KamRuntime}: what
 * `kamkit-wechat-bot` and `kamkit serve` both start.
 *
 * @module
 */
import { type ChannelService, createChatEngine, type KamRuntime, type ServeLogLine } from '@kamkit/sdk';
import { WechatyBuilder, type WechatyOptions } from 'wechaty';
import { readBotConfig } from './config.js';
import { roomJobs } from './room-jobs.js';
import { loadTerminalQr, scanText } from './scan.js';
import { createWechatBot } from './wechat-bot.js';

/** How the store is described in the start-up line, in Chinese and English. */
const STORE_WORDS: Record<KamRuntime['storeKind'], string> = {
  memory: '内存 / memory',
  embedded: '嵌入式 PGlite / embedded PGlite',
  'embedded-shared': '嵌入式 PGlite（共享）/ embedded PGlite (shared)',
  'embedded-client': '经 kamkit serve 连接的嵌入式 PGlite / embedded PGlite through kamkit serve',
  server: 'PostgreSQL',
};

/** The start-up line: the puppet and which store (embedded or PostgreSQL) the bot answers from. */
export function startupLine(puppetName: string, storeKind: KamRuntime['storeKind']): string {
  return `KAMkit 微信机器人启动中（puppet: ${puppetName}，数据库: ${STORE_WORDS[storeKind]}）`;
}

/**
 * Start the WeChat bot on a runtime: its store, configured policies and 360°
 * engine, and the scheduled room deliveries (from login on). The puppet
 * comes from `WECHATY_PUPPET` (see `readBotConfig`); the login QR code is
 * printed in the terminal.
 *
 * @throws KamError `INVALID_CONFIG` for a bad bot variable.
 * @example
 * ```ts
 * const runtime = await createKamRuntime();
 * const wechat = await startWechatService(runtime, { env: process.env, log: console.log });
 * await wechat.stop();
 * await runtime.close();
 * ```
 */
export async function startWechatService(
  runtime: KamRuntime,
  options: {
    env: Readonly<Record<string, string | undefined>>;
    log: (line: ServeLogLine) => void;
    /**
     * A puppet instance to run on instead of the one `WECHATY_PUPPET` names
     * (e.g. a `PuppetMock` in tests).
     */
    puppet?: Exclude<WechatyOptions['puppet'], string>;
  },
): Promise<ChannelService> {
  const config = readBotConfig(options.env);
  const { log } = options;
  const wechaty = WechatyBuilder.build(
    options.puppet ? { ...config.wechaty, puppet: options.puppet } : config.wechaty,
  );
  const renderQr = await loadTerminalQr();

  wechaty.on('scan', async (qrcode, status) => {
    console.log(await scanText(qrcode, status, renderQr));
  });
  wechaty.on('login', (user) => log({ event: 'wechat.login', user: user.name(), id: user.id }));
  wechaty.on('logout', (user) => log({ event: 'wechat.logout', user: user.name() }));
  wechaty.on('error', (error) => log({ event: 'wechat.error', error: String(error) }));

  const asOf = config.asOf;
  const bot = createWechatBot({
    wechaty,
    store: runtime.store,
    engine: createChatEngine({
      ...runtime.chatOptions(),
      ...(asOf === undefined ? {} : { asOf: () => asOf }),
    }),
    sendIntervalMs: config.sendIntervalMs,
    dailyCap: config.dailyCap,
  });

  // Scheduled deliveries to subscribed rooms; safe with several replicas (runs are claimed in the store).
  const jobs = roomJobs({
    store: runtime.store,
    bot,
    policies: runtime.policies,
    timeZone: runtime.config.timeZone,
  });
  const scheduler = runtime.scheduler(jobs, {
    onError: (error, occurrence) =>
      log({
        event: 'wechat.job-failed',
        job: occurrence.jobId,
        period: occurrence.period,
        error: String(error),
      }),
  });
  let stopScheduler: (() => void) | undefined;
  wechaty.on('login', () => {
    stopScheduler ??= scheduler.start();
  });

  console.log(startupLine(options.puppet ? options.puppet.name() : config.puppetName, runtime.storeKind));
  await wechaty.start();
  return {
    name: 'wechat',
    async stop() {
      stopScheduler?.();
      await bot.stop();
      await wechaty.stop();
    },
  };
}
