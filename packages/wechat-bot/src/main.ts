#!/usr/bin/env node
/**
 * `kamkit-wechat-bot`: KAMkit in WeChat. The runtime comes from
 * `kamkit.config.*` (store, configured policies, 360° engine — the embedded
 * store unless `KAMKIT_DATABASE_URL` is set), the puppet from
 * `WECHATY_PUPPET` (and its token variable); the login QR code is printed in
 * the terminal; SIGINT / SIGTERM stop it gracefully. `kamkit serve` runs the
 * same bot beside the Slack one. `--help` and `--version` print and exit
 * before Wechaty is loaded.
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
  const { createKamRuntime } = await import('@kamkit/sdk');
  const { startWechatService } = await import('./start.js');
  const runtime = await createKamRuntime();
  // The bot keeps the stored results fresh after writes, unless `kamkit serve` owns the store and does.
  if (runtime.storeKind !== 'embedded-client') runtime.startRefreshJobs();
  let wechat: Awaited<ReturnType<typeof startWechatService>> | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`收到 ${signal}，正在停止… / ${signal} received, stopping…`);
    try {
      await wechat?.stop();
    } finally {
      await runtime.close();
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  try {
    wechat = await startWechatService(runtime, {
      env: process.env,
      log: (line) => console.log(JSON.stringify(line)),
    });
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(isKamError(error) ? `✖ ${error.messageIn('zh-CN')}\n  ${error.messageIn('en')}` : error);
  process.exit(1);
});
