/**
 * Holidays that float: the n-th (or last) weekday of a month, such as
 * Mother's Day (母亲节, the 2nd Sunday of May), Father's Day (父亲节, the 3rd
 * Sunday of June) and Thanksgiving (感恩节, the 4th Thursday of November).
 * An occasion may name one of them, or any such day as `MM-<weekday>-<n>`
 * (`05-sunday-2`, `05-monday-last`).
 *
 * @module
 */
import { dateFromDayNumber, dayNumber, lastDayOfMonth } from '../time/calendar.js';

/** Days of the week, Monday first. */
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

/** A day of the week. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Which of the month's weekdays: the 1st to the 4th (every month has them), or the last. */
export type WeekdayOrdinal = 1 | 2 | 3 | 4 | 'last';

/** The n-th (or last) given weekday of a month. */
export interface WeekdayOfMonth {
  /** 1–12. */
  month: number;
  weekday: Weekday;
  nth: WeekdayOrdinal;
}

/** The named floating holidays an occasion may name. */
export const FLOATING_HOLIDAYS = ['mothers-day', 'fathers-day', 'thanksgiving'] as const;

/** A named floating holiday. */
export type FloatingHoliday = (typeof FLOATING_HOLIDAYS)[number];

/** When each named floating holiday falls. */
export const FLOATING_HOLIDAY_RULES: Record<FloatingHoliday, WeekdayOfMonth> = {
  'mothers-day': { month: 5, weekday: 'sunday', nth: 2 },
  'fathers-day': { month: 6, weekday: 'sunday', nth: 3 },
  thanksgiving: { month: 11, weekday: 'thursday', nth: 4 },
};

/** Names of the floating holidays in each locale. */
export const FLOATING_HOLIDAY_LABELS: Record<FloatingHoliday, { 'zh-CN': string; en: string }> = {
  'mothers-day': { 'zh-CN': '母亲节', en: "Mother's Day" },
  'fathers-day': { 'zh-CN': '父亲节', en: "Father's Day" },
  thanksgiving: { 'zh-CN': '感恩节', en: 'Thanksgiving' },
};

/** `MM-<weekday>-<1–4 | last>`, e.g. `05-sunday-2`. */
export const WEEKDAY_OCCASION_PATTERN = new RegExp(`^(0[1-9]|1[0-2])-(${WEEKDAYS.join('|')})-([1-4]|last)$`);

/** Monday = 0 … Sunday = 6 of a day number (1970-01-01 was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/**
 * The date `YYYY-MM-DD` of the n-th (or last) weekday of a month.
 *
 * @example
 * ```ts
 * weekdayOfMonthDate({ month: 5, weekday: 'sunday', nth: 2 }, 2026); // '2026-05-10'
 * ```
 */
export function weekdayOfMonthDate(rule: WeekdayOfMonth, year: number): string {
  const month = `${String(year).padStart(4, '0')}-${String(rule.month).padStart(2, '0')}`;
  const target = WEEKDAYS.indexOf(rule.weekday);
  if (rule.nth === 'last') {
    const lastDay = dayNumber(lastDayOfMonth(month));
    return dateFromDayNumber(lastDay - ((weekdayIndex(lastDay) - target + 7) % 7));
  }
  const firstDay = dayNumber(`${month}-01`);
  return dateFromDayNumber(firstDay + ((target - weekdayIndex(firstDay) + 7) % 7) + (rule.nth - 1) * 7);
}

/** Read `MM-<weekday>-<n>` (or a named holiday) into its rule; `undefined` for anything else. */
export function weekdayOfMonthRule(occasion: string): WeekdayOfMonth | undefined {
  if ((FLOATING_HOLIDAYS as readonly string[]).includes(occasion))
    return FLOATING_HOLIDAY_RULES[occasion as FloatingHoliday];
  const match = WEEKDAY_OCCASION_PATTERN.exec(occasion);
  if (!match) return undefined;
  const nth = match[3] === 'last' ? 'last' : (Number(match[3]) as 1 | 2 | 3 | 4);
  return { month: Number(match[1]), weekday: match[2] as Weekday, nth };
}

/** Names of the weekdays in each locale. */
export const WEEKDAY_NAMES: Record<Weekday, { 'zh-CN': string; en: string }> = {
  monday: { 'zh-CN': '周一', en: 'Monday' },
  tuesday: { 'zh-CN': '周二', en: 'Tuesday' },
  wednesday: { 'zh-CN': '周三', en: 'Wednesday' },
  thursday: { 'zh-CN': '周四', en: 'Thursday' },
  friday: { 'zh-CN': '周五', en: 'Friday' },
  saturday: { 'zh-CN': '周六', en: 'Saturday' },
  sunday: { 'zh-CN': '周日', en: 'Sunday' },
};

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const ORDINALS = { 1: '1st', 2: '2nd', 3: '3rd', 4: '4th' } as const;

/** "5 月第 2 个周日" / "2nd Sunday of May". */
export function weekdayOfMonthLabel(rule: WeekdayOfMonth): { 'zh-CN': string; en: string } {
  const weekday = WEEKDAY_NAMES[rule.weekday];
  const month = MONTH_NAMES[rule.month - 1]!;
  return rule.nth === 'last'
    ? { 'zh-CN': `${rule.month} 月最后一个${weekday['zh-CN']}`, en: `last ${weekday.en} of ${month}` }
    : {
        'zh-CN': `${rule.month} 月第 ${rule.nth} 个${weekday['zh-CN']}`,
        en: `${ORDINALS[rule.nth]} ${weekday.en} of ${month}`,
      };
}
