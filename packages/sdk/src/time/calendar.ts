/**
 * Calendar arithmetic on months and dates in the organisation's time zone.
 * Months are `YYYY-MM` strings; internally a month is an integer index
 * `year * 12 + (month - 1)` so ranges are cheap to compare.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';

/** The default organisation time zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch (cause) {
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_CONFIG,
        path: 'timeZone',
        message: { 'zh-CN': `未知的时区：${timeZone}`, en: `Unknown time zone: ${timeZone}` },
        cause,
      });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date (`YYYY-MM-DD`) of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return formatterFor(timeZone).format(instant);
}

/** The month (`YYYY-MM`) of a date string `YYYY-MM-DD` (or of a month string). */
export function monthOfDate(date: string): string {
  return date.slice(0, 7);
}

/** Integer index of a `YYYY-MM` (or `YYYY-MM-DD`) string. */
export function monthIndex(month: string): number {
  const year = Number(month.slice(0, 4));
  const monthNumber = Number(month.slice(5, 7));
  return year * 12 + (monthNumber - 1);
}

/** The `YYYY-MM` string of a month index. */
export function monthFromIndex(index: number): string {
  const year = Math.floor(index / 12);
  const monthNumber = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(monthNumber).padStart(2, '0')}`;
}

/** `month` moved by `count` months (negative for earlier). */
export function addMonths(month: string, count: number): string {
  return monthFromIndex(monthIndex(month) + count);
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (a date, not an instant: no time zone). */
export function dayNumber(date: string): number {
  return Math.floor(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000,
  );
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateFromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** `date` moved by `days` days. */
export function addDays(date: string, days: number): string {
  return dateFromDayNumber(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The last day (`YYYY-MM-DD`) of a `YYYY-MM` month. */
export function lastDayOfMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const monthNumber = Number(month.slice(5, 7));
  const day = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The local wall-clock time of `instant` in `timeZone` as `YYYY-MM-DD HH:mm:ss`
 * (24-hour). Slice it for less: `.slice(0, 16)` gives `YYYY-MM-DD HH:mm`.
 */
export function localDateTime(instant: Date | string, timeZone: string = DEFAULT_TIME_ZONE): string {
  let formatter = dateTimeFormatters.get(timeZone);
  if (!formatter) {
    formatterFor(timeZone); // validates the zone with a clear error
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The UTC offset of `timeZone` at `instant`, as people write it next to a
 * time: `UTC+8`, `UTC-7`, `UTC+5:30`, `UTC` (daylight saving included).
 *
 * @example
 * ```ts
 * utcOffsetLabel(new Date('2026-11-05T02:02:00Z'), 'Asia/Shanghai'); // 'UTC+8'
 * ```
 */
export function utcOffsetLabel(instant: Date | string, timeZone: string = DEFAULT_TIME_ZONE): string {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatterFor(timeZone); // validates the zone with a clear error
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' });
    offsetFormatters.set(timeZone, formatter);
  }
  const name =
    formatter
      .formatToParts(typeof instant === 'string' ? new Date(instant) : instant)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' || name === 'GMT+0' ? 'UTC' : name.replace(/^GMT/u, 'UTC');
}
