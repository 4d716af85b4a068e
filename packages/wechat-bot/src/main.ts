#!/usr/bin/env node
/**
 * `kamkit-wechat-bot`: KAMkit in WeChat. The puppet comes from
 * `WECHATY_PUPPET` (and its token variable), the database from `openStore()`
 * (the embedded one unless `KAMKIT_DATABASE_URL` is set); the login QR code
 * is printed in the terminal; SIGINT / SIGTERM stop it gracefully.
 * `--help` and `--version` print and exit before Wechaty is loaded.
 *
 * @module
 */
import { isKamError } from '@kamkit/sdk';
import { parseWechatBotArguments, wechatBotHelp, wechatBotVersion } from './bin-arguments.js';

let command: ReturnType<typeof parseWechatBotArguments>;
try {
  command = parseWechatBotArguments(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${wechatBotHelp()}`);
  process.exit(2);
}
if (command === 'help') {
  process.stdout.write(wechatBotHelp());
  process.exit(0);
}
if (command === 'version') {
  process.stdout.write(`${wechatBotVersion()}\n`);
  process.exit(0);
}

async function main(): Promise<void> {
  // Loaded only to run: --help and --version answer without Wechaty, the store or a puppet.
  const {
    createMemoryReviewRepository,
    createReview360Engine,
    createScheduler,
    createSqlReviewRepository,
    openStore,
  } = await import('@kamkit/sdk');
  const { WechatyBuilder } = await import('wechaty');
  const { readBotConfig } = await import('./config.js');
  const { roomJobs } = await import('./room-jobs.js');
  const { loadTerminalQr, scanText } = await import('./scan.js');
  const { createWechatBot } = await import('./wechat-bot.js');
  const config = readBotConfig(process.env);
  const store = await openStore();
  const repository = store.sql ? createSqlReviewRepository(store.sql) : createMemoryReviewRepository();
  const wechaty = WechatyBuilder.build(config.wechaty);
  const renderQr = await loadTerminalQr();

  wechaty.on('scan', async (qrcode, status) => {
    console.log(await scanText(qrcode, status, renderQr));
  });
  wechaty.on('login', (user) => console.log(`已登录 / logged in: ${user.name()} (${user.id})`));
  wechaty.on('logout', (user) => console.log(`已退出登录 / logged out: ${user.name()}`));
  wechaty.on('error', (error) => console.error('[kamkit-wechat] wechaty error', error));

  const bot = createWechatBot({
    wechaty,
    store,
    review: { engine: createReview360Engine({ repository, store }), repository },
    sendIntervalMs: config.sendIntervalMs,
    dailyCap: config.dailyCap,
    fingerprintWindowMs: config.fingerprintWindowMs,
    ...(config.asOf === undefined ? {} : { asOf: () => config.asOf! }),
  });

  // Scheduled deliveries to subscribed rooms; safe with several replicas (runs are claimed in the store).
  const scheduler = createScheduler({
    store,
    jobs: roomJobs({ store, bot }),
    onError: (error, occurrence) =>
      console.error(`[kamkit-wechat] job ${occurrence.jobId} ${occurrence.period}`, error),
  });
  let stopScheduler: (() => void) | undefined;
  wechaty.on('login', () => {
    stopScheduler ??= scheduler.start();
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`收到 ${signal}，正在停止… / ${signal} received, stopping…`);
    try {
      stopScheduler?.();
      await bot.stop();
      await wechaty.stop();
    } finally {
      await store.close();
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  console.log(`KAMkit 微信机器人启动中（puppet: ${config.puppetName}，数据库: ${store.kind}）`);
  await wechaty.start();
}

main().catch((error: unknown) => {
  console.error(isKamError(error) ? `✖ ${error.messageIn('zh-CN')}\n  ${error.messageIn('en')}` : error);
  process.exit(1);
});
