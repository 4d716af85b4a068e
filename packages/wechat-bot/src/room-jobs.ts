import {
  type AccessPolicy,
  createWorkerCompute,
  defaultMonth,
  defaultPolicies,
  ensureMonthResults,
  type Job,
  loadPrincipal,
  loadStoredPortfolioAnalysis,
  mayReadWholePortfolio,
  type PortfolioPolicies,
  renderReport,
  type Store,
} from '@kamkit/sdk';
import type { RoomSubscription } from './room-subscriptions.js';
import type { WechatBot } from './wechat-bot.js';

/** Options for {@link roomJobs}. */
export interface RoomJobsOptions {
  store: Store;
  bot: Pick<WechatBot, 'broadcast'>;
  /** Day of the month the portfolio report goes out (default 5: postal roll-up by the 5th). */
  reportDay?: number;
  /** Local hour for both jobs (default 9). */
  hour?: number;
  /** The access policy that says what each room's subscriber may see (default: the SDK's). */
  accessPolicy?: AccessPolicy;
  /**
   * The policies the report and the alerts are computed with — the configured
   * ones (`runtime.policies`), as every other channel (default: {@link defaultPolicies}).
   */
  policies?: PortfolioPolicies;
  /** The organisation's time zone for the report (default: the SDK's, Asia/Shanghai). */
  timeZone?: string;
}

/**
 * The scheduled deliveries to subscribed rooms, for the SDK's `createScheduler`:
 * the monthly portfolio report (topic `report`) and a daily digest of the
 * month's critical and warning alerts (topic `alerts`). The text and every
 * figure come from the SDK; delivery ids make a retried or caught-up run send
 * nothing twice.
 *
 * Every member of a room sees what is posted there, so a room gets only what
 * the user who subscribed it may see, checked at each delivery (a frozen
 * subscriber's rooms get nothing): the portfolio report only when the
 * subscriber may read the whole portfolio, and the alerts of the accounts
 * whose alerts the subscriber may read.
 */
export function roomJobs(options: RoomJobsOptions): Job[] {
  const hour = options.hour ?? 9;
  const policies = options.policies ?? defaultPolicies();
  const timeZone = options.timeZone === undefined ? {} : { timeZone: options.timeZone };
  const policy = options.accessPolicy ? { policy: options.accessPolicy } : {};
  // A month with no stored results yet is computed off the bot's event loop, in a worker thread.
  const compute = createWorkerCompute();
  const month = (occurrence: { date: string }) => defaultMonth(options.store, { today: occurrence.date });
  const stored = (asOf: string) => ({
    store: options.store,
    policies,
    month: asOf,
    ...timeZone,
    ...(compute === undefined ? {} : { compute }),
  });
  /** The subscriber's rights now, or undefined when they are frozen or gone. */
  const principalOf = (subscription: RoomSubscription) =>
    loadPrincipal(options.store, subscription.by, policy).catch(() => undefined);
  return [
    {
      id: 'wechat-room-portfolio-report',
      schedule: { kind: 'monthly', day: options.reportDay ?? 5, hour },
      async run(occurrence) {
        const asOf = await month(occurrence);
        let text: Promise<string> | undefined;
        // The month's stored analysis, read once for every room that may see it.
        const report = () => {
          text ??= loadStoredPortfolioAnalysis(stored(asOf)).then(({ analysis }) => {
            const rendered = renderReport(analysis, { locale: 'zh-CN', format: 'txt' });
            return rendered.format === 'txt' ? rendered.text : '';
          });
          return text;
        };
        await options.bot.broadcast(
          'report',
          async (subscription) => {
            const principal = await principalOf(subscription);
            return principal && mayReadWholePortfolio(principal) ? report() : undefined;
          },
          { deliveryId: `wechat:portfolio:${asOf}` },
        );
      },
    },
    {
      id: 'wechat-room-alerts',
      schedule: { kind: 'daily', hour },
      async run(occurrence) {
        const asOf = await month(occurrence);
        // The month's stored alerts: the rows of the accounts that have any, read by index.
        await ensureMonthResults(stored(asOf));
        const rows = await options.store.results.listAccountMonths(asOf, { withAlerts: true });
        const names = new Map(rows.map((row) => [row.accountId, row.name] as const));
        const alerts = rows.flatMap((row) => row.alerts).filter((alert) => alert.severity !== 'info');
        if (alerts.length === 0) return;
        await options.bot.broadcast(
          'alerts',
          async (subscription) => {
            const principal = await principalOf(subscription);
            if (!principal) return undefined;
            const visible = await principal.visibleAccountIds('alert.read');
            const lines = alerts
              .filter((alert) => visible === undefined || visible.has(alert.accountId))
              .map(
                (alert) => `· ${names.get(alert.accountId) ?? alert.accountId}：${alert.message['zh-CN']}`,
              );
            if (lines.length === 0) return undefined;
            return [`【大客户预警】${asOf}（共 ${lines.length} 条）`, ...lines].join('\n');
          },
          { deliveryId: `wechat:alerts:${occurrence.period}` },
        );
      },
    },
  ];
}
