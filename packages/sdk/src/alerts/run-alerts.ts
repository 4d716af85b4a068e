/**
 * Run an alert policy over a portfolio's figures.
 *
 * @module
 */
import { IsoDate } from '../domain/common.js';
import type { Interaction } from '../domain/interaction.js';
import { parseWith } from '../errors/from-zod.js';
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';
import type { FigureContext } from '../metrics/figures.js';
import type { ProfilePolicy } from '../profile/profile-policy.js';
import { lastDayOfMonth } from '../time/calendar.js';
import type { Alert, TierChange } from './alert.js';
import { type AlertPolicy, type Monitor, SEVERITIES } from './alert-policy.js';
import {
  type AbOwnersInput,
  type MonitorRun,
  runAbOwners,
  runBelowAverage,
  runContactStaff,
  runDecline,
  runDormancy,
  runFluctuation,
  runProfile,
  runTierDowngrade,
} from './monitors.js';

/** Options for {@link runAlerts}. */
export interface RunAlertsOptions {
  /** A validated policy (see `loadAlertPolicy`). */
  policy: AlertPolicy;
  /** The portfolio's figures; its as-of month is "this month" for every monitor. */
  context: FigureContext;
  /**
   * The run's date `YYYY-MM-DD` (dormancy is measured to it), or a month
   * `YYYY-MM` meaning its last day. Must lie in the context's as-of month.
   */
  asOf: string;
  /** Tier changes for the tier-downgrade monitor. */
  tierChanges?: readonly TierChange[];
  /** Tier order, best first; overrides the monitor's own. */
  tierOrder?: readonly string[];
  /**
   * How to name a tier in messages (`null`: no tier), e.g. from the tier
   * policy's labels; tier ids and 非大客户 / "not a key account" otherwise.
   */
  tierLabel?: (tier: string | null) => LocalisedText;
  /**
   * The month's tier of each account (`null`: not a key account), for the
   * ab-owners and contact-staff monitors, which need it and the tier order.
   */
  tiers?: readonly { accountId: string; tier: string | null }[];
  /** The profile checklist, for the profile monitor (which also needs `tiers` and `tierOrder`). */
  profile?: ProfilePolicy | undefined;
  /** Recorded interactions, for the contact-staff monitor (who was in contact). */
  interactions?: readonly Interaction[];
  /** The organisation's time zone: an interaction's local day (default Asia/Shanghai). */
  timeZone?: string;
}

const TIER_ID_LABEL = (tier: string | null): LocalisedText =>
  tier === null ? { 'zh-CN': '非大客户', en: 'not a key account' } : { 'zh-CN': tier, en: tier };

/** The month's tiers a tier-scoped monitor (ab-owners, profile, contact-staff) reads. */
function tierInput(kind: string, options: RunAlertsOptions): AbOwnersInput {
  if (options.tiers === undefined || options.tierOrder === undefined) {
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path: 'tiers',
      message: {
        'zh-CN': `${kind} 监控需要本月层级（tiers）和层级顺序（tierOrder）：请通过 runPortfolio 运行，或在 runAlerts 中给出`,
        en: `The ${kind} monitor needs the month's tiers and the tier order: run it through runPortfolio or give tiers and tierOrder to runAlerts`,
      },
    });
  }
  return {
    tierOf: new Map(options.tiers.map((row) => [row.accountId, row.tier] as const)),
    tierOrder: options.tierOrder,
    tierLabel: options.tierLabel ?? TIER_ID_LABEL,
  };
}

function profile(
  monitor: Extract<Monitor, { kind: 'profile' }>,
  run: MonitorRun,
  options: RunAlertsOptions,
): Alert[] {
  if (options.profile === undefined) {
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path: 'policies.profile',
      message: {
        'zh-CN':
          'profile 监控需要客户档案清单：请在 kamkit.config 的 policies.profile 中给出（如 airline），或删去该监控',
        en: 'The profile monitor needs a profile checklist: set policies.profile in kamkit.config (e.g. airline), or remove the monitor',
      },
    });
  }
  return runProfile(monitor, run, { ...tierInput(monitor.kind, options), profile: options.profile });
}

function contactStaff(
  monitor: Extract<Monitor, { kind: 'contact-staff' }>,
  run: MonitorRun,
  options: RunAlertsOptions,
): Alert[] {
  const tiers = tierInput(monitor.kind, options);
  if (options.interactions === undefined) {
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path: 'interactions',
      message: {
        'zh-CN':
          'contact-staff 监控需要互动记录（interactions）：请通过 runPortfolio 运行，或在 runAlerts 中给出',
        en: 'The contact-staff monitor needs the interactions: run it through runPortfolio or give interactions to runAlerts',
      },
    });
  }
  return runContactStaff(monitor, run, {
    ...tiers,
    interactions: options.interactions,
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  });
}

function runMonitor(monitor: Monitor, run: MonitorRun, options: RunAlertsOptions): Alert[] {
  switch (monitor.kind) {
    case 'fluctuation':
      return runFluctuation(monitor, run);
    case 'decline':
      return runDecline(monitor, run);
    case 'dormancy':
      return runDormancy(monitor, run);
    case 'below-average':
      return runBelowAverage(monitor, run);
    case 'tier-downgrade':
      return runTierDowngrade(monitor, run, options.tierChanges ?? [], options.tierOrder, options.tierLabel);
    case 'ab-owners':
      return runAbOwners(monitor, run, tierInput(monitor.kind, options));
    case 'profile':
      return profile(monitor, run, options);
    case 'contact-staff':
      return contactStaff(monitor, run, options);
  }
}

/**
 * Run every monitor of `policy` and return the alerts, each with the figures
 * that raised it and a message in zh-CN and en.
 *
 * Order is deterministic: most severe first, then by account id, then by the
 * monitor's position in the policy, then by period.
 *
 * @throws KamError `INVALID_INPUT` when `asOf` is not a date in the context's
 *   as-of month, or a tier change names an unknown tier; `INVALID_CONFIG`
 *   when tier changes are given with no tier order, or an ab-owners monitor
 *   runs without `tiers` and `tierOrder` or names a tier the order lacks, a
 *   profile monitor runs without them or without `profile`, or a
 *   contact-staff monitor runs without them or without `interactions`.
 * @example
 * ```ts
 * const context = new FigureContext({ accounts, aggregates: await store.aggregateColumns(), asOf: '2026-10' });
 * const alerts = runAlerts({
 *   policy: loadAlertPolicy({ id: 'postal', monitors: [{ kind: 'fluctuation' }] }),
 *   context,
 *   asOf: '2026-10-31',
 * });
 * // ¥100,000 in September → ¥69,000 in October: one 'fluctuation' alert, change -0.31
 * ```
 */
export function runAlerts(options: RunAlertsOptions): Alert[] {
  const { policy, context } = options;
  const asOfDate = /^\d{4}-\d{2}$/.test(options.asOf)
    ? lastDayOfMonth(options.asOf)
    : parseWith(
        IsoDate,
        options.asOf,
        { 'zh-CN': '日期 asOf', en: 'asOf date' },
        KAM_ERROR_CODES.INVALID_INPUT,
      );
  if (asOfDate.slice(0, 7) !== context.asOf) {
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path: 'asOf',
      message: {
        'zh-CN': `asOf（${options.asOf}）应在指标上下文的月份 ${context.asOf} 内`,
        en: `asOf (${options.asOf}) must lie in the figure context's month ${context.asOf}`,
      },
    });
  }
  const ranked: { alert: Alert; position: number }[] = [];
  policy.monitors.forEach((monitor, position) => {
    const run: MonitorRun = { context, asOfDate, monitorId: monitor.id ?? monitor.kind };
    for (const alert of runMonitor(monitor, run, options)) ranked.push({ alert, position });
  });
  ranked.sort(
    (a, b) =>
      SEVERITIES.indexOf(a.alert.severity) - SEVERITIES.indexOf(b.alert.severity) ||
      compareText(a.alert.accountId, b.alert.accountId) ||
      a.position - b.position ||
      compareText(a.alert.period, b.alert.period),
  );
  return ranked.map((entry) => entry.alert);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
