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
  FLOATING_HOLIDAY_LABELS,
  FLOATING_HOLIDAYS,
  type FloatingHoliday,
  WEEKDAY_NAMES,
  weekdayIndex,
  weekdayOfMonthDate,
  weekdayOfMonthLabel,
  weekdayOfMonthRule,
} from './floating-holidays.js';
import {
  countMatching,
  type InteractionIndex,
  type InteractionMatcher,
  lastMatchingDay,
} from './interaction-index.js';
import { type KeyDateOccurrence, type KeyDateSubject, scheduleKeyDate } from './key-dates.js';
import { FESTIVAL_LABELS, FESTIVALS, type Festival, festivalDate } from './lunar-festivals.js';
import type {
  Duration,
  FrequencyRule,
  IntervalRule,
  KeyDateRule,
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
  /** For key-date rules: the date and whose it is. */
  keyDate?: KeyDateOccurrence;
  /** The action's own label when it names more than the rule's (key-date rules: whose date). */
  label?: LocalisedText;
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

const dateCache = new Map<number, string>();

/** `YYYY-MM-DD` of a day number, cached: a run turns the same few hundred days into text many times. */
function dateOf(day: number): string {
  let date = dateCache.get(day);
  if (date === undefined) {
    if (dateCache.size > 20_000) dateCache.clear();
    date = dateFromDayNumber(day);
    dateCache.set(day, date);
  }
  return date;
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

function byText(level: ActorLevel, match: 'at-least' | 'exact'): LocalisedText {
  const label = LEVEL_LABELS[level];
  return match === 'exact' || level === 'executive'
    ? { 'zh-CN': `由${label['zh-CN']}`, en: `by ${label.en}` }
    : { 'zh-CN': `由${label['zh-CN']}或更高层级`, en: `by ${label.en} or above` };
}

/** An action's dates, status and explanation, built from a rule's fixed head text. */
function schedule(
  head: LocalisedText,
  context: ScheduleContext,
  status: ActionStatus,
  dueFromDay: number,
  dueDay: number,
  lastDay: number | undefined,
): Schedule {
  const dueFrom = dateOf(dueFromDay);
  const dueDate = dateOf(dueDay);
  const daysOverdue = status === 'overdue' ? context.todayDay - dueDay : 0;
  const lastDone = lastDay === undefined ? null : dateOf(lastDay);
  const last =
    lastDone === null ? ['尚无记录', 'never recorded'] : [`上次 ${lastDone}`, `last done ${lastDone}`];
  const when =
    status === 'overdue'
      ? [
          `应于 ${dueDate} 前完成，已逾期 ${daysOverdue} 天`,
          `was due ${dueDate}, ${daysOverdue} days overdue`,
        ]
      : status === 'due'
        ? [`应于 ${dueDate} 前完成`, `due by ${dueDate}`]
        : [`自 ${dueFrom} 起应办，截止 ${dueDate}`, `due from ${dueFrom}, by ${dueDate}`];
  return {
    status,
    dueFrom,
    dueDate,
    daysOverdue,
    lastDone,
    explanation: {
      'zh-CN': `${head['zh-CN']}；${last[0]}；${when[0]}`,
      en: `${head.en}; ${last[1]}; ${when[1]}`,
    },
  };
}

/** What an interval rule needs on the day of a run, computed once for every account. */
export interface IntervalPlan {
  rule: IntervalRule;
  context: ScheduleContext;
  head: LocalisedText;
}

/** Prepare an interval rule for a run. */
export function planInterval(rule: IntervalRule, context: ScheduleContext): IntervalPlan {
  const every = durationText(rule.every);
  const by = byText(rule.actorLevel, rule.actorMatch);
  return {
    rule,
    context,
    head: {
      'zh-CN': `${rule.label['zh-CN']}：每 ${every['zh-CN']}一次，${by['zh-CN']}完成`,
      en: `${rule.label.en}: every ${every.en}, ${by.en}`,
    },
  };
}

/**
 * An interval rule: due `every` after the last satisfying interaction. With
 * none recorded it is due `every` after the account was created, or today
 * when the creation date is unknown.
 */
export function scheduleInterval(
  plan: IntervalPlan,
  index: InteractionIndex,
  account: number,
  matcher: InteractionMatcher,
  createdDay: number | undefined,
): Schedule | undefined {
  const { rule, context } = plan;
  const lastDay = lastMatchingDay(index, account, matcher, context.todayDay);
  const base = lastDay ?? createdDay;
  let dueDay = context.todayDay;
  if (base !== undefined) {
    dueDay =
      rule.every.unit === 'day' || rule.every.unit === 'week'
        ? base + rule.every.count * (rule.every.unit === 'week' ? 7 : 1)
        : dayNumber(addDuration(dateOf(base), rule.every));
  }
  const dueFromDay = dueDay - context.leadDays;
  const status = statusOf(context, dueFromDay, dueDay);
  if (status === undefined) return undefined;
  return schedule(plan.head, context, status, dueFromDay, dueDay, lastDay);
}

/** What a frequency rule needs on the day of a run: the current, previous and next periods. */
export interface FrequencyPlan {
  rule: FrequencyRule;
  context: ScheduleContext;
  head: LocalisedText;
  current: { start: string; end: string; startDay: number; endDay: number };
  previous: { start: string; end: string; startDay: number; endDay: number };
  next: { start: string; end: string; startDay: number; endDay: number };
}

/** Prepare a frequency rule for a run. */
export function planFrequency(rule: FrequencyRule, context: ScheduleContext): FrequencyPlan {
  const today = dateOf(context.todayDay);
  const bounds = (offset: number) => {
    const [start, end] = periodBounds(today, rule.per, offset);
    return { start, end, startDay: dayNumber(start), endDay: dayNumber(end) };
  };
  const period = PERIOD_LABELS[rule.per];
  const range = rule.atMost === undefined ? `${rule.atLeast}` : `${rule.atLeast}–${rule.atMost}`;
  const by = byText(rule.actorLevel, rule.actorMatch);
  return {
    rule,
    context,
    head: {
      'zh-CN': `${rule.label['zh-CN']}：${period['zh-CN']}${rule.atMost === undefined ? '至少 ' : ' '}${range} 次，${by['zh-CN']}完成`,
      en: `${rule.label.en}: ${rule.atMost === undefined ? 'at least ' : ''}${range} ${period.en}, ${by.en}`,
    },
    current: bounds(0),
    previous: bounds(-1),
    next: bounds(1),
  };
}

/**
 * A frequency rule: at least `atLeast` satisfying interactions in each
 * calendar period. Short in the current period → due by its end; short in
 * the previous, complete period as well → overdue since that period ended.
 * Met → the next period is listed as upcoming once it is within the horizon.
 */
export function scheduleFrequency(
  plan: FrequencyPlan,
  index: InteractionIndex,
  account: number,
  matcher: InteractionMatcher,
  createdDay: number | undefined,
): Schedule | undefined {
  const { rule, context, current, previous, next } = plan;
  const done = countMatching(index, account, matcher, current.startDay, context.todayDay);
  const lastDay = lastMatchingDay(index, account, matcher, context.todayDay);
  if (done >= rule.atLeast) {
    const status = statusOf(context, next.startDay, next.endDay);
    if (status === undefined) return undefined;
    const head = {
      'zh-CN': `${plan.head['zh-CN']}；本期已完成 ${done} 次；下期 ${next.start}–${next.end}`,
      en: `${plan.head.en}; ${done} done this period; next period ${next.start}–${next.end}`,
    };
    return {
      ...schedule(head, context, status, next.startDay, next.endDay, lastDay),
      progress: { done: 0, required: rule.atLeast, periodStart: next.start, periodEnd: next.end },
    };
  }
  const progress = { done, required: rule.atLeast, periodStart: current.start, periodEnd: current.end };
  const existed = createdDay === undefined || createdDay <= previous.startDay;
  const previousDone = existed
    ? countMatching(index, account, matcher, previous.startDay, previous.endDay)
    : rule.atLeast;
  if (previousDone < rule.atLeast) {
    const head = {
      'zh-CN': `${plan.head['zh-CN']}；上期（${previous.start}–${previous.end}）仅 ${previousDone} 次，本期已完成 ${done} 次`,
      en: `${plan.head.en}; only ${previousDone} in the previous period (${previous.start}–${previous.end}) and ${done} so far this period`,
    };
    return {
      ...schedule(head, context, 'overdue', previous.startDay, previous.endDay, lastDay),
      progress,
    };
  }
  const head = {
    'zh-CN': `${plan.head['zh-CN']}；本期（${current.start}–${current.end}）已完成 ${done} 次，还差 ${rule.atLeast - done} 次`,
    en: `${plan.head.en}; ${done} of ${rule.atLeast} done this period (${current.start}–${current.end})`,
  };
  return { ...schedule(head, context, 'due', current.startDay, current.endDay, lastDay), progress };
}

function occasionLabel(occasion: Occasion): LocalisedText {
  if ((FESTIVALS as readonly string[]).includes(occasion)) return FESTIVAL_LABELS[occasion as Festival];
  if ((FLOATING_HOLIDAYS as readonly string[]).includes(occasion))
    return FLOATING_HOLIDAY_LABELS[occasion as FloatingHoliday];
  const floating = weekdayOfMonthRule(occasion);
  if (floating !== undefined) return weekdayOfMonthLabel(floating);
  return occasion === '12-31'
    ? { 'zh-CN': '年末', en: 'year end' }
    : { 'zh-CN': `每年 ${occasion}`, en: `${occasion} each year` };
}

function occasionDate(occasion: Occasion, year: number): string {
  if ((FESTIVALS as readonly string[]).includes(occasion)) return festivalDate(occasion as Festival, year);
  const floating = weekdayOfMonthRule(occasion);
  return floating === undefined ? `${year}-${occasion}` : weekdayOfMonthDate(floating, year);
}

interface Occurrence {
  occasion: Occasion;
  date: string;
  day: number;
  head: LocalisedText;
}

/** What an occasion rule needs on the day of a run: the occurrence open now and the next one. */
export interface OccasionPlan {
  rule: OccasionRule;
  context: ScheduleContext;
  current: Occurrence | undefined;
  next: Occurrence | undefined;
}

/**
 * Prepare an occasion rule for a run.
 *
 * @throws KamError `INVALID_INPUT` when a festival falls outside the festival table.
 */
export function planOccasion(rule: OccasionRule, context: ScheduleContext): OccasionPlan {
  const year = Number(dateOf(context.todayDay).slice(0, 4));
  const by = byText(rule.actorLevel, rule.actorMatch);
  const occurrences: Occurrence[] = [];
  for (const occasion of rule.occasions) {
    const name = occasionLabel(occasion);
    for (let offset = -1; offset <= 1; offset++) {
      const date = occasionDate(occasion, year + offset);
      occurrences.push({
        occasion,
        date,
        day: dayNumber(date),
        head: {
          'zh-CN': `${rule.label['zh-CN']}：${name['zh-CN']}（${date}），${by['zh-CN']}联系`,
          en: `${rule.label.en}: ${name.en} (${date}), ${by.en}`,
        },
      });
    }
  }
  occurrences.sort((a, b) => a.day - b.day);
  let current: Occurrence | undefined;
  let next: Occurrence | undefined;
  for (const occurrence of occurrences) {
    if (occurrence.day - context.leadDays <= context.todayDay) current = occurrence;
    else if (next === undefined) next = occurrence;
  }
  return { rule, context, current, next };
}

/**
 * An occasion rule: each occurrence (festival or fixed date) is due from
 * `leadDays` before it to `graceDays` after it; a satisfying interaction on or
 * after the start of the window settles it. A missed occurrence stays overdue
 * for `lapseDays`, then lapses.
 */
export function scheduleOccasion(
  plan: OccasionPlan,
  index: InteractionIndex,
  account: number,
  matcher: InteractionMatcher,
): Schedule | undefined {
  const { rule, context, current, next } = plan;
  const lastDay = lastMatchingDay(index, account, matcher, context.todayDay);
  if (current !== undefined) {
    const dueFromDay = current.day - context.leadDays;
    const dueDay = current.day + rule.graceDays;
    const settled = lastDay !== undefined && lastDay >= dueFromDay;
    const lapsed = context.todayDay - dueDay > rule.lapseDays;
    if (!settled && !lapsed) {
      const status = context.todayDay > dueDay ? 'overdue' : 'due';
      return {
        ...schedule(current.head, context, status, dueFromDay, dueDay, lastDay),
        occasion: { name: current.occasion, date: current.date },
      };
    }
  }
  if (next === undefined) return undefined;
  const dueFromDay = next.day - context.leadDays;
  const dueDay = next.day + rule.graceDays;
  if (statusOf(context, dueFromDay, dueDay) !== 'upcoming') return undefined;
  return {
    ...schedule(next.head, context, 'upcoming', dueFromDay, dueDay, lastDay),
    occasion: { name: next.occasion, date: next.date },
  };
}

/**
 * A key-date rule for one of an account's dates or one contact's birthday
 * (see {@link scheduleKeyDate}), worded like the other rules.
 *
 * @param lastDay - the last satisfying interaction's day (for a birthday, one naming the contact).
 */
export function scheduleKeyDateSubject(
  rule: KeyDateRule,
  subject: KeyDateSubject,
  context: ScheduleContext,
  lastDay: number | undefined,
): Schedule | undefined {
  const todayYear = Number(dateOf(context.todayDay).slice(0, 4));
  const by = byText(rule.actorLevel, rule.actorMatch);
  const due = scheduleKeyDate(rule, subject, { ...context, todayYear }, lastDay, by);
  if (due === undefined) return undefined;
  return {
    ...schedule(due.head, context, due.status, due.dueFromDay, due.dueDay, lastDay),
    keyDate: due.keyDate,
    label: due.label,
  };
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
  const todayWeekday = weekdayIndex(context.todayDay);
  const target = WEEKDAYS.indexOf(rule.weekday);
  let occurrenceDay = context.todayDay + ((target - todayWeekday + 7) % 7);
  if (occurrenceDay - context.leadDays > context.todayDay) occurrenceDay -= 7;
  let lastDay: number | undefined;
  for (const day of filedDays) if (day <= context.todayDay) lastDay = day;
  const settled = lastDay !== undefined && lastDay >= occurrenceDay - context.leadDays;
  const dueDay = settled ? occurrenceDay + 7 : occurrenceDay;
  const dueFromDay = dueDay - context.leadDays;
  const status = statusOf(context, dueFromDay, dueDay);
  if (status === undefined) return undefined;
  const head = {
    'zh-CN': `${rule.label['zh-CN']}：每${WEEKDAY_NAMES[rule.weekday]['zh-CN']}提交`,
    en: `${rule.label.en}: filed every ${WEEKDAY_NAMES[rule.weekday].en}`,
  };
  return schedule(head, context, status, dueFromDay, dueDay, lastDay);
}
