/**
 * `kamkit serve`: see {@link startServe}.
 *
 * @module
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli/context.js';
import { countOption } from '../cli/options.js';
import { startServe } from './serve.js';

/** Environment variable for the health endpoint's port when `--port` is not given. */
export const SERVE_PORT_ENV = 'KAMKIT_SERVE_PORT';

/**
 * Register `kamkit serve [--port <n>] [--host <address>]`: runs until SIGTERM
 * or SIGINT, then stops gracefully (exit 0).
 */
export function registerServeCommand(program: Command, context: CliContext): Command {
  const zh = context.helpLocale === 'zh-CN';
  return program
    .command('serve')
    .description(
      zh
        ? '团队的长驻进程：独占数据库并通过 Unix 套接字供本机其他 kamkit 命令使用，运行已配置的 Slack / 微信机器人和定时任务，提供 /healthz'
        : "the team's long-running process: owns the store and shares it with local kamkit commands on a Unix socket, runs the configured Slack / WeChat bots and scheduled jobs, answers /healthz",
    )
    .option(
      '--port <n>',
      zh
        ? `健康检查端口（默认 ${SERVE_PORT_ENV} 或 8787；0 表示任意空闲端口）`
        : `health endpoint port (default ${SERVE_PORT_ENV} or 8787; 0 = any free port)`,
    )
    .option(
      '--host <address>',
      zh ? '健康检查监听地址（默认 127.0.0.1）' : 'health endpoint address (default 127.0.0.1)',
    )
    .action(async (raw: { port?: string; host?: string }) => {
      const portText = raw.port ?? process.env[SERVE_PORT_ENV];
      const port =
        portText === undefined ? 8787 : portText.trim() === '0' ? 0 : countOption(portText, '--port');
      const config = await context.config();
      const serve = await startServe({ config, port, ...(raw.host ? { hostname: raw.host } : {}) });
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void serve.stop(signal).finally(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
