/**
 * `kamkit run [--as-of YYYY-MM] [--json]`: compute a month's results once and
 * store them — per account the figures, score and why, tier and why with the
 * upgrade path, alerts and due actions; the portfolio totals the reports
 * read — recording the month's tier history and scores as a month close
 * does. Later months already stored are computed again, since their tier
 * hysteresis reads this month's tiers.
 *
 * @module
 */
import type { Command } from 'commander';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { refreshMonth } from '../refresh/refresh-month.js';
import type { CliContext } from './context.js';
import { monthOption } from './options.js';

/** Register `kamkit run`. */
export function registerRunCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  return program
    .command('run')
    .description(
      zhHelp
        ? '计算并保存某月的结果（评分、分级、预警、待办、组合汇总），之后的查询直接读取'
        : 'Compute and store a month’s results (scores, tiers, alerts, due actions, portfolio totals) for every reader',
    )
    .option('--as-of <month>', 'the month, YYYY-MM (default: the last complete month)')
    .option('--json', 'print JSON')
    .action(async (flags: { asOf?: string; json?: boolean }) => {
      const config = await context.config();
      const { locale, policies, timeZone } = config;
      const month = monthOption(flags.asOf, '--as-of', timeZone, new Date());
      const started = Date.now();
      const store = await context.openStore();
      try {
        const outcome = await refreshMonth({ store, policies, month, timeZone, record: true });
        // Another process holds the month's claim: this one did not run it, which a scheduler must see.
        if (outcome.status === 'busy')
          throw new KamError({
            code: KAM_ERROR_CODES.CONFLICT,
            message: {
              'zh-CN': `${month} 正由另一个进程计算，本次未计算；它完成后结果即可读取。`,
              en: `${month} is being computed by another process; this run did not compute it. Its results can be read once that one finishes.`,
            },
          });
        const later = (await store.results.listMonths())
          .map((meta) => meta.month)
          .filter((stored) => stored > month)
          .sort();
        const refreshed: string[] = [];
        for (const next of later)
          if ((await refreshMonth({ store, policies, month: next, timeZone })).status === 'computed')
            refreshed.push(next);
        const seconds = (Date.now() - started) / 1000;
        if (flags.json) {
          context.write(
            `${JSON.stringify({ status: outcome.status, ...outcome.meta, later: refreshed, seconds }, null, 2)}\n`,
          );
          return;
        }
        const { accountCount, dataGeneration } = outcome.meta;
        context.write(
          locale === 'zh-CN'
            ? `已计算并保存 ${month} 的结果：${accountCount} 个客户，数据版本 ${dataGeneration}，用时 ${seconds.toFixed(1)} 秒${
                refreshed.length > 0 ? `；并重算了之后的 ${refreshed.join('、')}` : ''
              }。\n`
            : `Computed and stored the results of ${month}: ${accountCount} accounts, data generation ${dataGeneration}, ${seconds.toFixed(1)} s${
                refreshed.length > 0 ? `; later months computed again: ${refreshed.join(', ')}` : ''
              }.\n`,
        );
      } finally {
        await store.close();
      }
    });
}
