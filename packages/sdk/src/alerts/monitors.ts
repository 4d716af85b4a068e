/**
 * The seven monitors. Each reads whole columns from a {@link FigureContext}
 * (typed arrays aligned with `context.accountIds`) and creates objects only
 * for the accounts it flags.
 *
 * @module
 */

import type { Interaction } from '../domain/interaction.js';
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';
import type { FigureContext } from '../metrics/figures.js';
import { METRIC_INFO } from '../metrics/metric-table.js';
import { formatNumber, formatPercentPair, ratioExceeds } from '../money/decimal.js';
import { formatMoneyList } from '../money/money.js';
import { profileCompleteness, profileLine } from '../profile/profile-completeness.js';
import type { ProfilePolicy } from '../profile/profile-policy.js';
import {
  addMonths,
  dateFromDayNumber,
  dayNumber,
  lastDayOfMonth,
  localDate,
  monthFromIndex,
} from '../time/calendar.js';
import type { MonthRange } from '../time/period.js';
import { type Alert, money, percent, type TierChange } from './alert.js';
import type {
  AbOwnersMonitor,
  BelowAverageMonitor,
  ContactStaffMonitor,
  DeclineMonitor,
  DormancyMonitor,
  FluctuationMonitor,
  ProfileMonitor,
  TierDowngradeMonitor,
} from './alert-policy.js';

/** What every monitor is run with. */
export interface MonitorRun {
  context: FigureContext;
  /** The run's date `YYYY-MM-DD` (dormancy is measured to it). */
  asOfDate: string;
  monitorId: string;
}

/** 1 for each account carrying any of `flags`. */
function flagged(context: FigureContext, flags: readonly string[]): Uint8Array {
  const mask = new Uint8Array(context.accountIds.length);
  for (const flag of flags) {
    const column = context.column({ flag });
    for (let index = 0; index < mask.length; index++) if (column[index]! > 0) mask[index] = 1;
  }
  return mask;
}

function rangeLabel(range: MonthRange, unit: 'month' | 'quarter' | 'year'): string {
  const start = monthFromIndex(range.start);
  if (unit === 'month') return start;
  if (unit === 'year') return start.slice(0, 4);
  return `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * Flag accounts whose revenue this month moved by more than the threshold
 * against last month (|Δ| / last month > threshold, strictly). Months with no
 * revenue last month have no base and are not flagged.
 */
export function runFluctuation(monitor: FluctuationMonitor, run: MonitorRun): Alert[] {
  const { context } = run;
  const table = context.table({ unit: 'month', offset: 0 });
  const revenue = table.columns.revenue;
  const previous = table.columns.previousRevenue;
  const excluded = flagged(context, [...monitor.excludeFlags, ...monitor.oneOff.flags]);
  const minActive = monitor.oneOff.minActiveMonths;
  const activeMonths =
    minActive === undefined
      ? undefined
      : context.column({ metric: 'activeMonths', window: { unit: 'rolling', months: 12 }, rollUp: false });
  const alerts: Alert[] = [];
  for (let index = 0; index < revenue.length; index++) {
    if (excluded[index]) continue;
    if (activeMonths && minActive !== undefined && activeMonths[index]! < minActive) continue;
    const before = previous[index]!;
    if (!(before > 0)) continue;
    const now = revenue[index]!;
    const change = (now - before) / before;
    if (!ratioExceeds(now - before, before, monitor.threshold)) continue;
    const fell = change < 0;
    const [from, to] = moneyPair(before, now);
    const [changeText, thresholdText] = formatPercentPair(Math.abs(change), monitor.threshold);
    alerts.push({
      accountId: context.accountIds[index]!,
      kind: 'fluctuation',
      monitorId: run.monitorId,
      severity: monitor.severity,
      period: context.asOf,
      figures: { previousRevenueFen: before, revenueFen: now, change, threshold: monitor.threshold },
      message: {
        'zh-CN': `${context.asOf} 月收入环比${fell ? '下降' : '增长'} ${changeText}（${from['zh-CN']} → ${to['zh-CN']}），超过 ${thresholdText} 的波动阈值，需说明原因`,
        en: `Revenue in ${context.asOf} ${fell ? 'fell' : 'rose'} ${changeText} month over month (${from.en} → ${to.en}), beyond the ${thresholdText} threshold: explain the change`,
      },
    });
  }
  return alerts;
}

/**
 * Flag accounts whose revenue fell in each of the last `periods` periods
 * (each strictly below the one before), the last period being the one that
 * contains the context's as-of month.
 */
export function runDecline(monitor: DeclineMonitor, run: MonitorRun): Alert[] {
  const { context } = run;
  const series: Float64Array[] = [];
  const labels: string[] = [];
  for (let offset = -monitor.periods; offset <= 0; offset++) {
    const table = context.table({ unit: monitor.unit, offset });
    series.push(table.columns.revenue);
    labels.push(rangeLabel(table.range, monitor.unit));
  }
  const excluded = flagged(context, monitor.excludeFlags);
  const alerts: Alert[] = [];
  for (let index = 0; index < context.accountIds.length; index++) {
    if (excluded[index]) continue;
    let falling = true;
    for (let step = 1; step < series.length && falling; step++) {
      falling = series[step]![index]! < series[step - 1]![index]!;
    }
    if (!falling) continue;
    const first = series[0]![index]!;
    const last = series[series.length - 1]![index]!;
    const figures: Alert['figures'] = { periods: monitor.periods, change: (last - first) / first };
    labels.forEach((label, step) => {
      figures[`revenueFen:${label}`] = series[step]![index]!;
    });
    const [from, to] = moneyPair(first, last);
    const span = `${labels[0]}–${labels[labels.length - 1]}`;
    alerts.push({
      accountId: context.accountIds[index]!,
      kind: 'decline',
      monitorId: run.monitorId,
      severity: monitor.severity,
      period: labels[labels.length - 1]!,
      figures,
      message: {
        'zh-CN': `收入连续 ${monitor.periods} 期下降（${span}：${from['zh-CN']} → ${to['zh-CN']}，${percent((last - first) / first)}），请立即联系客户了解原因（人员、价格或服务）`,
        en: `Revenue fell ${monitor.periods} period${monitor.periods === 1 ? '' : 's'} in a row (${span}: ${from.en} → ${to.en}, ${percent((last - first) / first)}); contact the customer now to learn why (staff, price or service)`,
      },
    });
  }
  return alerts;
}

/** Flag accounts with no transaction for `days` days or more up to the run's date. */
export function runDormancy(monitor: DormancyMonitor, run: MonitorRun): Alert[] {
  const { context } = run;
  const table = context.table({ unit: 'cumulative' });
  const recency = table.columns.recencyDays;
  const tableDay = dayNumber(table.asOfDate);
  const asOfDay = dayNumber(run.asOfDate);
  const excluded = flagged(context, monitor.excludeFlags);
  const alerts: Alert[] = [];
  for (let index = 0; index < recency.length; index++) {
    if (excluded[index]) continue;
    const accountId = context.accountIds[index]!;
    const base = {
      accountId,
      kind: 'dormancy' as const,
      monitorId: run.monitorId,
      severity: monitor.severity,
      period: run.asOfDate,
    };
    if (Number.isNaN(recency[index]!)) {
      if (!monitor.includeNeverActive) continue;
      alerts.push({
        ...base,
        figures: { daysSinceLastTransaction: null, lastTransactionDate: null, thresholdDays: monitor.days },
        message: {
          'zh-CN': `截至 ${run.asOfDate} 从未有交易记录`,
          en: `No transaction ever recorded as of ${run.asOfDate}`,
        },
      });
      continue;
    }
    const lastDay = tableDay - recency[index]!;
    const days = asOfDay - lastDay;
    if (days < monitor.days) continue;
    const lastDate = dateFromDayNumber(lastDay);
    alerts.push({
      ...base,
      figures: { daysSinceLastTransaction: days, lastTransactionDate: lastDate, thresholdDays: monitor.days },
      message: {
        'zh-CN': `已 ${days} 天无交易（上次 ${lastDate}），达到 ${monitor.days} 天的休眠标准`,
        en: `No transaction for ${days} days (last on ${lastDate}), at or past the ${monitor.days}-day dormancy line`,
      },
    });
  }
  return alerts;
}

/** `2026-10` for one month, `2025-11..2026-10` for several, `..2026-10` for everything to date. */
function spanLabel(range: MonthRange): string {
  const end = monthFromIndex(range.end);
  if (!Number.isFinite(range.start)) return `..${end}`;
  return range.start === range.end ? end : `${monthFromIndex(range.start)}..${end}`;
}

/** Two amounts of one sentence in one shared format, in both locales. */
function moneyPair(first: number, second: number): [LocalisedText, LocalisedText] {
  const zh = formatMoneyList([first, second], 'zh-CN');
  const en = formatMoneyList([first, second], 'en');
  return [
    { 'zh-CN': zh[0]!, en: en[0]! },
    { 'zh-CN': zh[1]!, en: en[1]! },
  ];
}

function indicatorName(monitor: BelowAverageMonitor): LocalisedText {
  const ref = monitor.indicator;
  if ('metric' in ref) return { 'zh-CN': METRIC_INFO[ref.metric]['zh-CN'], en: METRIC_INFO[ref.metric].en };
  if ('attribute' in ref) return { 'zh-CN': ref.attribute, en: ref.attribute };
  return { 'zh-CN': `标记 ${ref.flag}`, en: `flag ${ref.flag}` };
}

function indicatorValue(monitor: BelowAverageMonitor, value: number): LocalisedText {
  const ref = monitor.indicator;
  if ('metric' in ref) {
    const unit = METRIC_INFO[ref.metric].unit;
    if (unit === 'fen') return money(value);
    if (unit === 'ratio') return { 'zh-CN': percent(value), en: percent(value) };
  }
  const text = formatNumber(value);
  return { 'zh-CN': text, en: text };
}

/**
 * Flag accounts whose indicator is below the portfolio's average line
 * (average × factor). The average is taken over the monitored accounts whose
 * value is known.
 */
export function runBelowAverage(monitor: BelowAverageMonitor, run: MonitorRun): Alert[] {
  const { context } = run;
  const values = context.column(monitor.indicator);
  const excluded = flagged(context, monitor.excludeFlags);
  let sum = 0;
  let count = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (excluded[index] || !Number.isFinite(value)) continue;
    sum += value;
    count += 1;
  }
  if (count === 0) return [];
  const average = sum / count;
  const line = average * monitor.factor;
  const name = indicatorName(monitor);
  const lineText = indicatorValue(monitor, line);
  const ref = monitor.indicator;
  const period = 'metric' in ref ? spanLabel(context.table(ref.window, ref.rollUp).range) : context.asOf;
  const alerts: Alert[] = [];
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (excluded[index] || !Number.isFinite(value) || !(value < line)) continue;
    const valueText = indicatorValue(monitor, value);
    alerts.push({
      accountId: context.accountIds[index]!,
      kind: 'below-average',
      monitorId: run.monitorId,
      severity: monitor.severity,
      period,
      figures: { value, average, line, factor: monitor.factor, accounts: count },
      message: {
        'zh-CN': `${name['zh-CN']} ${valueText['zh-CN']} 低于平均线 ${lineText['zh-CN']}（${count} 个客户平均值 × ${monitor.factor}），需调查原因`,
        en: `${name.en} ${valueText.en} is below the average line ${lineText.en} (mean of ${count} accounts × ${monitor.factor}): investigate`,
      },
    });
  }
  return alerts;
}

/**
 * Flag tier changes to a worse tier (`tierOrder` best first); leaving the
 * key-account list counts unless `includeExit` is false.
 *
 * @throws KamError `INVALID_CONFIG` without a tier order; `INVALID_INPUT` naming
 *   `tierChanges[i].from` / `.to` for a tier the order does not list.
 */
export function runTierDowngrade(
  monitor: TierDowngradeMonitor,
  run: MonitorRun,
  changes: readonly TierChange[],
  tierOrder: readonly string[] | undefined,
  tierLabel: (tier: string | null) => LocalisedText = (tier) =>
    tier === null ? { 'zh-CN': '非大客户', en: 'not a key account' } : { 'zh-CN': tier, en: tier },
): Alert[] {
  if (changes.length === 0) return [];
  const order = tierOrder ?? monitor.tierOrder;
  if (!order || order.length === 0) {
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path: 'tierOrder',
      message: {
        'zh-CN':
          '判断降级需要层级顺序（由高到低）：在策略的 tier-downgrade 监控或 runAlerts 的 tierOrder 中给出',
        en: 'Tier downgrades need the tier order (best first): give tierOrder on the tier-downgrade monitor or to runAlerts',
      },
    });
  }
  const rank = (tier: string | null, path: string): number => {
    if (tier === null) return order.length;
    const position = order.indexOf(tier);
    if (position >= 0) return position;
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path,
      message: {
        'zh-CN': `${path}：未知层级“${tier}”，层级顺序为 ${order.join(' > ')}`,
        en: `${path}: unknown tier "${tier}"; the order is ${order.join(' > ')}`,
      },
    });
  };
  const alerts: Alert[] = [];
  changes.forEach((change, index) => {
    const fromRank = rank(change.from, `tierChanges[${index}].from`);
    const toRank = rank(change.to, `tierChanges[${index}].to`);
    if (change.from === null || toRank <= fromRank) return;
    if (change.to === null && !monitor.includeExit) return;
    const from = tierLabel(change.from);
    const to = tierLabel(change.to);
    alerts.push({
      accountId: change.accountId,
      kind: 'tier-downgrade',
      monitorId: run.monitorId,
      severity: monitor.severity,
      period: change.period ?? run.context.asOf,
      figures: { from: change.from, to: change.to, fromRank, toRank, steps: toRank - fromRank },
      message: {
        'zh-CN': `客户层级由 ${from['zh-CN']} 降为 ${to['zh-CN']}（下降 ${toRank - fromRank} 级）`,
        en: `Tier dropped from ${from.en} to ${to.en} (${toRank - fromRank} step${toRank - fromRank === 1 ? '' : 's'} down)`,
      },
    });
  });
  return alerts;
}

/** Options of {@link runAbOwners}. */
export interface AbOwnersInput {
  /** The month's tier of each account (`null`: not a key account); accounts not listed have none. */
  tierOf: ReadonlyMap<string, string | null>;
  /** The tier policy's order, best first. */
  tierOrder: readonly string[];
  /** How to name a tier in messages. */
  tierLabel: (tier: string | null) => LocalisedText;
}

/**
 * The position of `fromTier` in the tier order (best first): accounts at that
 * position or better are the monitor's.
 *
 * @throws KamError `INVALID_CONFIG` at `fromTier` when the tier order does not list it.
 */
function lowestTier(kind: string, fromTier: string, tierOrder: readonly string[]): number {
  const lowest = tierOrder.indexOf(fromTier);
  if (lowest < 0) {
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path: 'fromTier',
      message: {
        'zh-CN': `${kind} 监控的 fromTier“${fromTier}”不在层级策略中，层级为 ${tierOrder.join(' > ')}`,
        en: `The ${kind} monitor's fromTier "${fromTier}" is not a tier of the tier policy; the tiers are ${tierOrder.join(' > ')}`,
      },
    });
  }
  return lowest;
}

/** The account's tier when it is `fromTier` or better, else `null`. */
function tierFrom(input: AbOwnersInput, accountId: string, lowest: number): string | null {
  const tier = input.tierOf.get(accountId) ?? null;
  if (tier === null) return null;
  const rank = input.tierOrder.indexOf(tier);
  return rank < 0 || rank > lowest ? null : tier;
}

/**
 * Flag accounts of tier `fromTier` or better without an owner A or without an
 * owner B (主辅制, seed001). The alert's period is the run's month, so it is
 * raised again each month while the gap lasts.
 *
 * @throws KamError `INVALID_CONFIG` at `fromTier` when the tier order does not list it.
 */
export function runAbOwners(monitor: AbOwnersMonitor, run: MonitorRun, input: AbOwnersInput): Alert[] {
  const { context } = run;
  const lowest = lowestTier('ab-owners', monitor.fromTier, input.tierOrder);
  const excluded = flagged(context, monitor.excludeFlags);
  const from = input.tierLabel(monitor.fromTier);
  const alerts: Alert[] = [];
  context.accounts.forEach((account, index) => {
    if (excluded[index]) return;
    const tier = tierFrom(input, account.id, lowest);
    if (tier === null) return;
    const missing =
      account.ownerA === null ? (account.ownerB === null ? 'AB' : 'A') : account.ownerB === null ? 'B' : null;
    if (missing === null) return;
    const label = input.tierLabel(tier);
    const gap: LocalisedText =
      missing === 'AB'
        ? { 'zh-CN': 'A 角和 B 角均未指定', en: 'neither owner A nor owner B is set' }
        : missing === 'A'
          ? { 'zh-CN': '未指定 A 角（主办）', en: 'owner A (lead) is not set' }
          : { 'zh-CN': '未指定 B 角（协办）', en: 'owner B (backup) is not set' };
    alerts.push({
      accountId: account.id,
      kind: 'ab-owners',
      monitorId: run.monitorId,
      severity: monitor.severity,
      period: context.asOf,
      figures: { tier, fromTier: monitor.fromTier, ownerA: account.ownerA, ownerB: account.ownerB, missing },
      message: {
        'zh-CN': `${label['zh-CN']}：${from['zh-CN']}及以上客户须有 A 角和 B 角客户经理（主辅制），${gap['zh-CN']}`,
        en: `${label.en}: accounts of ${from.en} and above need an owner A and an owner B (A/B roles); ${gap.en}`,
      },
    });
  });
  return alerts;
}

/** Options of {@link runProfile}: the month's tiers and the checklist. */
export interface ProfileMonitorInput extends AbOwnersInput {
  /** The profile checklist (`policies.profile`). */
  profile: ProfilePolicy;
}

/**
 * Flag key accounts (of tier `fromTier` or better when the monitor names
 * one) whose profile misses items of the checklist, naming them. The alert's
 * period is the run's month, so it is raised again each month while items
 * are missing.
 *
 * @throws KamError `INVALID_CONFIG` at `fromTier` when the tier order does not list it.
 */
export function runProfile(monitor: ProfileMonitor, run: MonitorRun, input: ProfileMonitorInput): Alert[] {
  const { context } = run;
  const lowest =
    monitor.fromTier === undefined
      ? input.tierOrder.length - 1
      : lowestTier(monitor.kind, monitor.fromTier, input.tierOrder);
  const excluded = flagged(context, monitor.excludeFlags);
  const alerts: Alert[] = [];
  context.accounts.forEach((account, index) => {
    if (excluded[index]) return;
    const tier = input.tierOf.get(account.id) ?? null;
    if (tier === null) return;
    const rank = input.tierOrder.indexOf(tier);
    if (rank < 0 || rank > lowest) return;
    const completeness = profileCompleteness(account, input.profile);
    if (completeness.missing.length === 0) return;
    const line = profileLine(completeness);
    const label = input.tierLabel(tier);
    alerts.push({
      accountId: account.id,
      kind: 'profile',
      monitorId: run.monitorId,
      severity: monitor.severity,
      period: context.asOf,
      figures: {
        tier,
        checklist: completeness.policyId,
        filled: completeness.filled,
        total: completeness.total,
        missing: completeness.missing.map((item) => item.id).join(','),
      },
      message: {
        'zh-CN': `${label['zh-CN']}：${line['zh-CN']}，请补齐${input.profile.name['zh-CN']}`,
        en: `${label.en}: ${line.en}; complete the ${input.profile.name.en}`,
      },
    });
  });
  return alerts;
}

/** Options of {@link runContactStaff}: the month's tiers and the interactions. */
export interface ContactStaffInput extends AbOwnersInput {
  /** Recorded interactions; each names the member of staff who made it (`userId`). */
  interactions: readonly Interaction[];
  /** The organisation's time zone: an interaction's day is its local day (default Asia/Shanghai). */
  timeZone?: string;
}

/**
 * Flag accounts of tier `fromTier` or better with fewer than `minStaff`
 * distinct members of staff who recorded an interaction with them in the
 * `months` months up to the run's date (两个以上的人员与之联系, seed001): the
 * window runs from the day after the same day `months` months earlier to the
 * run's date, by local day. The alert names who was in contact, so the fix —
 * a second person calling — is plain; the period is the run's month, and the
 * run after the second contact closes it.
 *
 * @throws KamError `INVALID_CONFIG` at `fromTier` when the tier order does not list it;
 *   `INVALID_INPUT` naming `interactions[i].at` when an instant cannot be read.
 */
export function runContactStaff(
  monitor: ContactStaffMonitor,
  run: MonitorRun,
  input: ContactStaffInput,
): Alert[] {
  const { context } = run;
  const lowest = lowestTier('contact-staff', monitor.fromTier, input.tierOrder);
  const runMonth = run.asOfDate.slice(0, 7);
  const startMonth = addMonths(runMonth, -monitor.months);
  const sameDay = `${startMonth}-${run.asOfDate.slice(8, 10)}`;
  const lastDay = lastDayOfMonth(startMonth);
  const windowStart = sameDay > lastDay ? lastDay : sameDay;
  const watched = new Set<string>();
  const excluded = flagged(context, monitor.excludeFlags);
  context.accounts.forEach((account, index) => {
    if (!excluded[index] && tierFrom(input, account.id, lowest) !== null) watched.add(account.id);
  });
  const staffOf = new Map<string, Set<string>>();
  input.interactions.forEach((interaction, index) => {
    if (!watched.has(interaction.accountId)) return;
    const instant = new Date(interaction.at);
    if (Number.isNaN(instant.getTime())) {
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_INPUT,
        path: `interactions[${index}].at`,
        message: {
          'zh-CN': `互动记录的时间“${interaction.at}”无法识别`,
          en: `The interaction's time "${interaction.at}" cannot be read`,
        },
      });
    }
    const day = localDate(instant, input.timeZone);
    if (day <= windowStart || day > run.asOfDate) return;
    const staff = staffOf.get(interaction.accountId);
    if (staff) staff.add(interaction.userId);
    else staffOf.set(interaction.accountId, new Set([interaction.userId]));
  });
  const from = input.tierLabel(monitor.fromTier);
  const alerts: Alert[] = [];
  for (const account of context.accounts) {
    if (!watched.has(account.id)) continue;
    const staff = [...(staffOf.get(account.id) ?? [])].sort();
    if (staff.length >= monitor.minStaff) continue;
    const tier = tierFrom(input, account.id, lowest);
    const label = input.tierLabel(tier);
    const who: LocalisedText =
      staff.length === 0
        ? { 'zh-CN': '无人记录联系', en: 'nobody recorded a contact' }
        : { 'zh-CN': `仅 ${staff.join('、')} 有联系记录`, en: `only ${staff.join(', ')} recorded a contact` };
    alerts.push({
      accountId: account.id,
      kind: 'contact-staff',
      monitorId: run.monitorId,
      severity: monitor.severity,
      period: context.asOf,
      figures: {
        tier,
        fromTier: monitor.fromTier,
        staff: staff.join(','),
        staffCount: staff.length,
        minStaff: monitor.minStaff,
        months: monitor.months,
        since: windowStart,
      },
      message: {
        'zh-CN': `${label['zh-CN']}：${from['zh-CN']}及以上客户须有 ${monitor.minStaff} 名以上员工联系，近 ${monitor.months} 个月${who['zh-CN']}`,
        en: `${label.en}: accounts of ${from.en} and above need ${monitor.minStaff} or more staff in contact; in the last ${monitor.months} months ${who.en}`,
      },
    });
  }
  return alerts;
}
