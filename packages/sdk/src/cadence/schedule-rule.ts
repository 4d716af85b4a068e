/**
 * When each kind of service rule falls due for one account (or one owner),
 * given what has been done: the due window, the status on `today`, and an
 * explanation in both locales.
 *
 * @module
 */
import type { ActorLevel } from '../domain/interaction.js';
import type { LocalisedText } from '../errors/kam-error.js';
import { addDays, addMonths, dateFromDayNumber, dayNumber, lastDayOfMonth } from '../time/calendar.js';
import {
  countMatching,
  type InteractionIndex,
  type InteractionMatcher,
  lastMatchingDay,
} from './interaction-index.js';
import { FESTIVAL_LABELS, FESTIVALS, type Festival, festivalDate } from './lunar-festivals.js';
import type {
  Duration,
  FrequencyRule,
  IntervalRule,
  Occasion,
  OccasionRule,
  WeeklyDutyRule,
} from './service-policy.js';
import { WEEKDAYS } from './service-policy.js';

/** Where an action stands on the day of the run. */
export type ActionStatus = 'overdue' | 'due' | 'upcoming';

/** Progress of a frequency rule in its period. */
export interface FrequencyProgress {
  /** Satisfying interactions counted in the period (up to today). */
  done: number;
  required: number;
  periodStart: string;
  periodEnd: string;
}

/** When a rule falls due and why. */
export interface Schedule {
  status: ActionStatus;
  /** First day the action is listed as due. */
  dueFrom: string;
  /** Last day to do it; after this it is overdue. */
  dueDate: string;
  /** Days past `dueDate` (0 unless overdue). */
  daysOverdue: number;
  /** Date of the last satisfying interaction (or filing), `null` when none is recorded. */
  lastDone: string | null;
  /** For frequency rules: the count in the period the action is for. */
  progress?: FrequencyProgress;
  /** For occasion rules: which occasion and its date. */
  occasion?: { name: Occasion; date: string };
  explanation: LocalisedText;
}

/** What a rule needs to know about the day of the run. */
export interface ScheduleContext {
  todayDay: number;
  leadDays: number;
  horizonDays: number;
}

const LEVEL_LABELS: Record<ActorLevel, LocalisedText> = {
  specialist: { 'zh-CN': '专员', en: 'specialist' },
  supervisor: { 'zh-CN': '主管', en: 'supervisor' },
  executive: { 'zh-CN': '高层', en: 'executive' },
};

const UNIT_LABELS: Record<Duration['unit'], LocalisedText> = {
  day: { 'zh-CN': '天', en: 'day' },
  week: { 'zh-CN': '周', en: 'week' },
  month: { 'zh-CN': '个月', en: 'month' },
  quarter: { 'zh-CN': '个季度', en: 'quarter' },
  year: { 'zh-CN': '年', en: 'year' },
};

const PERIOD_LABELS: Record<FrequencyRule['per'], LocalisedText> = {
  month: { 'zh-CN': '每月', en: 'per month' },
  quarter: { 'zh-CN': '每季度', en: 'per quarter' },
  year: { 'zh-CN': '每年', en: 'per year' },
};

const WEEKDAY_LABELS: Record<WeeklyDutyRule['weekday'], string> = {
  monday: '周一',
  tuesday: '周二',
  wednesday: '周三',
  thursday: '周四',
  friday: '周五',
  saturday: '周六',
  sunday: '周日',
};

/** `date` moved by a duration; months clamp to the month's last day (01-31 + 1 month → 02-28). */
export function addDuration(date: string, duration: Duration): string {
  switch (duration.unit) {
    case 'day':
      return addDays(date, duration.count);
    case 'week':
      return addDays(date, duration.count * 7);
    case 'month':
      return addCalendarMonths(date, duration.count);
    case 'quarter':
      return addCalendarMonths(date, duration.count * 3);
    case 'year':
      return addCalendarMonths(date, duration.count * 12);
  }
}

function addCalendarMonths(date: string, months: number): string {
  const month = addMonths(date.slice(0, 7), months);
  const last = lastDayOfMonth(month);
  const day = date.slice(8, 10);
  return day > last.slice(8, 10) ? last : `${month}-${day}`;
}

/** First and last day of the calendar month / quarter / year containing `date`, moved by `offset` periods. */
export function periodBounds(date: string, per: FrequencyRule['per'], offset: number): [string, string] {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const length = per === 'month' ? 1 : per === 'quarter' ? 3 : 12;
  const firstMonth = per === 'month' ? month : per === 'quarter' ? month - ((month - 1) % 3) : 1;
  const start = addMonths(`${year}-${String(firstMonth).padStart(2, '0')}`, offset * length);
  return [`${start}-01`, lastDayOfMonth(addMonths(start, length - 1))];
}

function statusOf(context: ScheduleContext, dueFromDay: number, dueDay: number): ActionStatus | undefined {
  if (context.todayDay > dueDay) return 'overdue';
  if (context.todayDay >= dueFromDay) return 'due';
  if (dueFromDay - context.todayDay <= context.horizonDays) return 'upcoming';
  return undefined;
}

function durationText(duration: Duration): LocalisedText {
  const unit = UNIT_LABELS[duration.unit];
  return {
    'zh-CN': `${duration.count} ${unit['zh-CN']}`,
    en: `${duration.count} ${unit.en}${duration.count === 1 ? '' : 's'}`,
  };
}

function timing(status: ActionStatus, dueDate: string, daysOverdue: number, dueFrom: string): LocalisedText {
  switch (status) {
    case 'overdue':
      return {
        'zh-CN': `应于 ${dueDate} 前完成，已逾期 ${daysOverdue} 天`,
        en: `was due ${dueDate}, ${daysOverdue} days overdue`,
      };
    case 'due':
      return { 'zh-CN': `应于 ${dueDate} 前完成`, en: `due by ${dueDate}` };
    case 'upcoming':
      return { 'zh-CN': `自 ${dueFrom} 起应办，截止 ${dueDate}`, en: `due from ${dueFrom}, by ${dueDate}` };
  }
}

function lastText(lastDone: string | null): LocalisedText {
  return lastDone === null
    ? { 'zh-CN': '尚无记录', en: 'never recorded' }
    : { 'zh-CN': `上次 ${lastDone}`, en: `last done ${lastDone}` };
}

function byText(level: ActorLevel, match: 'at-least' | 'exact'): LocalisedText {
  const label = LEVEL_LABELS[level];
  return match === 'exact' || level === 'executive'
    ? { 'zh-CN': `由${label['zh-CN']}`, en: `by ${label.en}` }
    : { 'zh-CN': `由${label['zh-CN']}或更高层级`, en: `by ${label.en} or above` };
}

function dated(
  status: ActionStatus,
  dueFromDay: number,
  dueDay: number,
  context: ScheduleContext,
  lastDay: number | undefined,
) {
  return {
    status,
    dueFrom: dateFromDayNumber(dueFromDay),
    dueDate: dateFromDayNumber(dueDay),
    daysOverdue: status === 'overdue' ? context.todayDay - dueDay : 0,
    lastDone: lastDay === undefined ? null : dateFromDayNumber(lastDay),
  };
}

/**
 * An interval rule: due `every` after the last satisfying interaction. With
 * none recorded it is due `every` after the account was created, or today
 * when the creation date is unknown.
 */
export function scheduleInterval(
  rule: IntervalRule,
  index: InteractionIndex,
  account: number,
  matcher: InteractionMatcher,
  createdDay: number | undefined,
  context: ScheduleContext,
): Schedule | undefined {
  const lastDay = lastMatchingDay(index, account, matcher, context.todayDay);
  const base = lastDay ?? createdDay;
  const dueDay =
    base === undefined ? context.todayDay : dayNumber(addDuration(dateFromDayNumber(base), rule.every));
  const dueFromDay = dueDay - context.leadDays;
  const status = statusOf(context, dueFromDay, dueDay);
  if (status === undefined) return undefined;
  const schedule = dated(status, dueFromDay, dueDay, context, lastDay);
  const every = durationText(rule.every);
  const by = byText(rule.actorLevel, rule.actorMatch);
  const last = lastText(schedule.lastDone);
  const when = timing(status, schedule.dueDate, schedule.daysOverdue, schedule.dueFrom);
  return {
    ...schedule,
    explanation: {
      'zh-CN': `${rule.label['zh-CN']}：每 ${every['zh-CN']}一次，${by['zh-CN']}完成；${last['zh-CN']}；${when['zh-CN']}`,
      en: `${rule.label.en}: every ${every.en}, ${by.en}; ${last.en}; ${when.en}`,
    },
  };
}

/**
 * A frequency rule: at least `atLeast` satisfying interactions in each
 * calendar period. Short in the current period → due by its end; short in
 * the previous, complete period as well → overdue since that period ended.
 * Met → the next period is listed as upcoming once it is within the horizon.
 */
export function scheduleFrequency(
  rule: FrequencyRule,
  index: InteractionIndex,
  account: number,
  matcher: InteractionMatcher,
  createdDay: number | undefined,
  context: ScheduleContext,
): Schedule | undefined {
  const today = dateFromDayNumber(context.todayDay);
  const [start, end] = periodBounds(today, rule.per, 0);
  const startDay = dayNumber(start);
  const done = countMatching(index, account, matcher, startDay, context.todayDay);
  const lastDay = lastMatchingDay(index, account, matcher, context.todayDay);
  const period = PERIOD_LABELS[rule.per];
  const range = rule.atMost === undefined ? `${rule.atLeast}` : `${rule.atLeast}–${rule.atMost}`;
  const by = byText(rule.actorLevel, rule.actorMatch);
  const head: LocalisedText = {
    'zh-CN': `${rule.label['zh-CN']}：${period['zh-CN']}${rule.atMost === undefined ? '至少 ' : ' '}${range} 次，${by['zh-CN']}完成`,
    en: `${rule.label.en}: ${rule.atMost === undefined ? 'at least ' : ''}${range} ${period.en}, ${by.en}`,
  };
  const last = lastText(lastDay === undefined ? null : dateFromDayNumber(lastDay));

  if (done >= rule.atLeast) {
    const [nextStart, nextEnd] = periodBounds(today, rule.per, 1);
    const status = statusOf(context, dayNumber(nextStart), dayNumber(nextEnd));
    if (status === undefined) return undefined;
    const schedule = dated(status, dayNumber(nextStart), dayNumber(nextEnd), context, lastDay);
    return {
      ...schedule,
      progress: { done: 0, required: rule.atLeast, periodStart: nextStart, periodEnd: nextEnd },
      explanation: {
        'zh-CN': `${head['zh-CN']}；本期已完成 ${done} 次；下期 ${nextStart}–${nextEnd}`,
        en: `${head.en}; ${done} done this period; next period ${nextStart}–${nextEnd}`,
      },
    };
  }

  const [previousStart, previousEnd] = periodBounds(today, rule.per, -1);
  const previousStartDay = dayNumber(previousStart);
  const previousEndDay = dayNumber(previousEnd);
  const existed = createdDay === undefined || createdDay <= previousStartDay;
  const previousDone = existed
    ? countMatching(index, account, matcher, previousStartDay, previousEndDay)
    : rule.atLeast;
  if (previousDone < rule.atLeast) {
    const schedule = dated('overdue', previousStartDay, previousEndDay, context, lastDay);
    return {
      ...schedule,
      progress: { done, required: rule.atLeast, periodStart: start, periodEnd: end },
      explanation: {
        'zh-CN': `${head['zh-CN']}；上期（${previousStart}–${previousEnd}）仅 ${previousDone} 次，本期已完成 ${done} 次；${last['zh-CN']}；已逾期 ${schedule.daysOverdue} 天`,
        en: `${head.en}; only ${previousDone} in the previous period (${previousStart}–${previousEnd}) and ${done} so far this period; ${last.en}; ${schedule.daysOverdue} days overdue`,
      },
    };
  }
  const schedule = dated('due', startDay, dayNumber(end), context, lastDay);
  return {
    ...schedule,
    progress: { done, required: rule.atLeast, periodStart: start, periodEnd: end },
    explanation: {
      'zh-CN': `${head['zh-CN']}；本期（${start}–${end}）已完成 ${done} 次，还差 ${rule.atLeast - done} 次；${last['zh-CN']}；应于 ${end} 前完成`,
      en: `${head.en}; ${done} of ${rule.atLeast} done this period (${start}–${end}); ${last.en}; due by ${end}`,
    },
  };
}

function occasionLabel(occasion: Occasion): LocalisedText {
  if ((FESTIVALS as readonly string[]).includes(occasion)) return FESTIVAL_LABELS[occasion as Festival];
  return occasion === '12-31'
    ? { 'zh-CN': '年末', en: 'year end' }
    : { 'zh-CN': `每年 ${occasion}`, en: `${occasion} each year` };
}

function occasionDate(occasion: Occasion, year: number): string {
  return (FESTIVALS as readonly string[]).includes(occasion)
    ? festivalDate(occasion as Festival, year)
    : `${year}-${occasion}`;
}

/**
 * An occasion rule: each occurrence (festival or fixed date) is due from
 * `leadDays` before it to `graceDays` after it; a satisfying interaction on or
 * after the start of the window settles it. A missed occurrence stays overdue
 * for `lapseDays`, then lapses.
 *
 * @throws KamError `INVALID_INPUT` when a festival falls outside the festival table.
 */
export function scheduleOccasion(
  rule: OccasionRule,
  index: InteractionIndex,
  account: number,
  matcher: InteractionMatcher,
  context: ScheduleContext,
): Schedule | undefined {
  const year = Number(dateFromDayNumber(context.todayDay).slice(0, 4));
  const occurrences: { occasion: Occasion; date: string; day: number }[] = [];
  for (const occasion of rule.occasions) {
    for (let offset = -1; offset <= 1; offset++) {
      const date = occasionDate(occasion, year + offset);
      occurrences.push({ occasion, date, day: dayNumber(date) });
    }
  }
  occurrences.sort((a, b) => a.day - b.day);
  let current: (typeof occurrences)[number] | undefined;
  let next: (typeof occurrences)[number] | undefined;
  for (const occurrence of occurrences) {
    if (occurrence.day - context.leadDays <= context.todayDay) current = occurrence;
    else if (next === undefined) next = occurrence;
  }
  const lastDay = lastMatchingDay(index, account, matcher, context.todayDay);
  const explain = (
    occurrence: (typeof occurrences)[number],
    schedule: ReturnType<typeof dated>,
  ): Schedule => {
    const name = occasionLabel(occurrence.occasion);
    const by = byText(rule.actorLevel, rule.actorMatch);
    const last = lastText(schedule.lastDone);
    const when = timing(schedule.status, schedule.dueDate, schedule.daysOverdue, schedule.dueFrom);
    return {
      ...schedule,
      occasion: { name: occurrence.occasion, date: occurrence.date },
      explanation: {
        'zh-CN': `${rule.label['zh-CN']}：${name['zh-CN']}（${occurrence.date}），${by['zh-CN']}联系；${last['zh-CN']}；${when['zh-CN']}`,
        en: `${rule.label.en}: ${name.en} (${occurrence.date}), ${by.en}; ${last.en}; ${when.en}`,
      },
    };
  };
  if (current !== undefined) {
    const dueFromDay = current.day - context.leadDays;
    const dueDay = current.day + rule.graceDays;
    const settled = lastDay !== undefined && lastDay >= dueFromDay;
    const lapsed = context.todayDay - dueDay > rule.lapseDays;
    if (!settled && !lapsed) {
      const status = context.todayDay > dueDay ? 'overdue' : 'due';
      return explain(current, dated(status, dueFromDay, dueDay, context, lastDay));
    }
  }
  if (next === undefined) return undefined;
  const dueFromDay = next.day - context.leadDays;
  const status = statusOf(context, dueFromDay, next.day + rule.graceDays);
  if (status !== 'upcoming') return undefined;
  return explain(next, dated(status, dueFromDay, next.day + rule.graceDays, context, lastDay));
}

/**
 * A weekly owner duty: due on the weekday each week (from `leadDays` before),
 * settled by a filing dated within that window; overdue after the weekday
 * until the next week's window opens.
 *
 * @param filedDays - the owner's filing days for this rule, ascending.
 */
export function scheduleWeeklyDuty(
  rule: WeeklyDutyRule,
  filedDays: readonly number[],
  context: ScheduleContext,
): Schedule | undefined {
  const todayWeekday = (context.todayDay + 3) % 7;
  const target = WEEKDAYS.indexOf(rule.weekday);
  let occurrenceDay = context.todayDay + ((target - todayWeekday + 7) % 7);
  if (occurrenceDay - context.leadDays > context.todayDay) occurrenceDay -= 7;
  let lastDay: number | undefined;
  for (const day of filedDays) if (day <= context.todayDay) lastDay = day;
  const settled = lastDay !== undefined && lastDay >= occurrenceDay - context.leadDays;
  let dueDay = occurrenceDay;
  if (settled) dueDay += 7;
  const dueFromDay = dueDay - context.leadDays;
  const status = statusOf(context, dueFromDay, dueDay);
  if (status === undefined) return undefined;
  const schedule = dated(status, dueFromDay, dueDay, context, lastDay);
  const last = lastText(schedule.lastDone);
  const when = timing(status, schedule.dueDate, schedule.daysOverdue, schedule.dueFrom);
  return {
    ...schedule,
    explanation: {
      'zh-CN': `${rule.label['zh-CN']}：每${WEEKDAY_LABELS[rule.weekday]}提交；${last['zh-CN']}；${when['zh-CN']}`,
      en: `${rule.label.en}: filed every ${rule.weekday[0]!.toUpperCase()}${rule.weekday.slice(1)}; ${last.en}; ${when.en}`,
    },
  };
}
