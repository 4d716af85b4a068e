#!/usr/bin/env node
/**
 * `kamkit-wechat-bot`: KAMkit in WeChat. The runtime comes from
 * `kamkit.config.*` (store, configured policies, 360° engine — the embedded
 * store unless `KAMKIT_DATABASE_URL` is set), the puppet from
 * `WECHATY_PUPPET` (and its token variable); the login QR code is printed in
 * the terminal; SIGINT / SIGTERM stop it gracefully. `kamkit serve` runs the
 * same bot beside the Slack one.
 *
 * @module
 */
import { createKamRuntime, isKamError } from '@kamkit/sdk';
import { startWechatService } from './start.js';

async function main(): Promise<void> {
  const runtime = await createKamRuntime();
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
