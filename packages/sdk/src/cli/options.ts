/**
 * Checks of command-line values shared by the `kamkit` commands. A bad value
 * is a {@link KamError} `INVALID_INPUT` naming the option (exit code 1), in
 * the user's locale.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { lastCompleteMonth } from '../portfolio/default-month.js';
import { HALF_YEAR_EXPECTED, halfYearOf, parseHalfYear } from '../relationship-plans/half-year.js';
import { localDate } from '../time/calendar.js';

function invalid(option: string, expected: { 'zh-CN': string; en: string }, value: string): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path: option,
    message: {
      'zh-CN': `${option} 应为${expected['zh-CN']}，收到：${value}`,
      en: `${option} expects ${expected.en}, got: ${value}`,
    },
  });
}

/**
 * A `YYYY-MM` month, or the last complete calendar month in `timeZone` when
 * absent (commands that read the store default to `defaultMonth` instead: the
 * last complete month that has data).
 */
export function monthOption(value: string | undefined, option: string, timeZone: string, now: Date): string {
  if (value === undefined) return lastCompleteMonth({ now, timeZone });
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value))
    throw invalid(option, { 'zh-CN': '月份 YYYY-MM', en: 'a month YYYY-MM' }, value);
  return value;
}

/** A half-year `YYYY-H1` / `YYYY-H2` as people write it, or the current one in `timeZone` when absent. */
export function halfYearOption(
  value: string | undefined,
  option: string,
  timeZone: string,
  now: Date,
): string {
  if (value === undefined) return halfYearOf(localDate(now, timeZone));
  const halfYear = parseHalfYear(value);
  if (halfYear === undefined) throw invalid(option, HALF_YEAR_EXPECTED, value);
  return halfYear;
}

/** A `YYYY-MM-DD` date, or today in `timeZone` when absent. */
export function dateOption(value: string | undefined, option: string, timeZone: string, now: Date): string {
  if (value === undefined) return localDate(now, timeZone);
  const valid = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value);
  if (!valid || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw invalid(option, { 'zh-CN': '日期 YYYY-MM-DD', en: 'a date YYYY-MM-DD' }, value);
  return value;
}

/** A positive whole number. */
export function countOption(value: string, option: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(count) || count < 1)
    throw invalid(option, { 'zh-CN': '正整数', en: 'a positive whole number' }, value);
  return count;
}

/** Visible width of a text in a terminal (CJK characters count twice). */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const character of text) width += /[\u1100-\uffff]/.test(character) ? 2 : 1;
  return width;
}

/** Pad `text` to `width` terminal columns (at least one space). */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(1, width - visibleWidth(text)));
}
