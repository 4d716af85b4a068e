import {
  buildPortfolioAnalysis,
  defaultMonth,
  defaultPolicies,
  type Job,
  loadReportSource,
  renderReport,
  runPortfolio,
  type Store,
} from '@kamkit/sdk';
import type { WechatBot } from './wechat-bot.js';

/** Options for {@link roomJobs}. */
export interface RoomJobsOptions {
  store: Store;
  bot: Pick<WechatBot, 'broadcast'>;
  /** Day of the month the portfolio report goes out (default 5: postal roll-up by the 5th). */
  reportDay?: number;
  /** Local hour for both jobs (default 9). */
  hour?: number;
}

/**
 * The scheduled deliveries to subscribed rooms, for the SDK's `createScheduler`:
 * the monthly portfolio report (topic `report`) and a daily digest of the
 * month's critical and warning alerts (topic `alerts`). The text and every
 * figure come from the SDK; delivery ids make a retried or caught-up run send
 * nothing twice.
 */
export function roomJobs(options: RoomJobsOptions): Job[] {
  const hour = options.hour ?? 9;
  return [
    {
      id: 'wechat-room-portfolio-report',
      schedule: { kind: 'monthly', day: options.reportDay ?? 5, hour },
      async run(occurrence) {
        const month = await defaultMonth(options.store, { today: occurrence.date });
        const source = await loadReportSource({ store: options.store, asOf: month });
        const rendered = renderReport(buildPortfolioAnalysis(source), { locale: 'zh-CN', format: 'txt' });
        await options.bot.broadcast('report', rendered.format === 'txt' ? rendered.text : '', {
          deliveryId: `wechat:portfolio:${month}`,
        });
      },
    },
    {
      id: 'wechat-room-alerts',
      schedule: { kind: 'daily', hour },
      async run(occurrence) {
        const month = await defaultMonth(options.store, { today: occurrence.date });
        const run = await runPortfolio({
          store: options.store,
          policies: defaultPolicies(),
          asOf: month,
          save: false,
        });
        const names = new Map(
          run.accounts.map((account) => [account.id, account.shortName ?? account.name] as const),
        );
        const lines = run.alerts
          .filter((alert) => alert.severity !== 'info')
          .map((alert) => `· ${names.get(alert.accountId) ?? alert.accountId}：${alert.message['zh-CN']}`);
        if (lines.length === 0) return;
        await options.bot.broadcast(
          'alerts',
          [`【大客户预警】${month}（共 ${lines.length} 条）`, ...lines].join('\n'),
          {
            deliveryId: `wechat:alerts:${occurrence.period}`,
          },
        );
      },
    },
  ];
}
