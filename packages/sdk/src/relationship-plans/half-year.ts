/**
 * Half-years (半年度): `YYYY-H1` (January to June) and `YYYY-H2` (July to
 * December), the period of a relationship development plan (seed004:
 * 每半年上报上级主管部门审批和备案) — named, parsed as people write them,
 * and turned into their months and days.
 *
 * @module
 */
import type { LocalisedText } from '../errors/kam-error.js';
import { lastDayOfMonth } from '../time/calendar.js';

/** A half-year as stored: `YYYY-H1` or `YYYY-H2`. */
export const HALF_YEAR_PATTERN = /^\d{4}-H[12]$/;

/** What {@link parseHalfYear} accepts, in both locales, for error messages. */
export const HALF_YEAR_EXPECTED: LocalisedText = {
  'zh-CN': '半年度，格式 YYYY-H1 或 YYYY-H2（如 2026-H1；也接受 2026上半年、2026年下半年）',
  en: 'a half-year YYYY-H1 or YYYY-H2 (e.g. 2026-H1; 2026H2 and 2026上半年 are accepted too)',
};

const WRITTEN = /^(\d{4})\s*[-/.\s]?\s*[Hh]\s*([12])$/u;
const CHINESE = /^(\d{4})\s*年?\s*(上|下)\s*半\s*年(?:度)?$/u;

/**
 * The half-year `YYYY-H1` / `YYYY-H2` a text names, or `undefined` when it
 * names none: `2026-H1`, `2026H2`, `2026 h1`, `2026上半年`, `2026年下半年`,
 * full-width characters too.
 *
 * @example
 * ```ts
 * parseHalfYear('2026年下半年'); // '2026-H2'
 * parseHalfYear('２０２６-h1'); // '2026-H1'
 * parseHalfYear('2026-H3'); // undefined
 * ```
 */
export function parseHalfYear(text: string): string | undefined {
  const trimmed = text.normalize('NFKC').trim();
  const written = WRITTEN.exec(trimmed);
  if (written) return `${written[1]}-H${written[2]}`;
  const chinese = CHINESE.exec(trimmed);
  if (chinese) return `${chinese[1]}-H${chinese[2] === '上' ? 1 : 2}`;
  return undefined;
}

/** The half-year a day (`YYYY-MM-DD`) or month (`YYYY-MM`) falls in. */
export function halfYearOf(dateOrMonth: string): string {
  return `${dateOrMonth.slice(0, 4)}-H${Number(dateOrMonth.slice(5, 7)) <= 6 ? 1 : 2}`;
}

/** The months of a half-year, in order (`2026-H2` → `2026-07` … `2026-12`). */
export function halfYearMonths(halfYear: string): string[] {
  const year = halfYear.slice(0, 4);
  const first = halfYear.endsWith('H1') ? 1 : 7;
  return Array.from({ length: 6 }, (_, index) => `${year}-${String(first + index).padStart(2, '0')}`);
}

/** The first and last day of a half-year. */
export function halfYearDays(halfYear: string): { first: string; last: string } {
  const months = halfYearMonths(halfYear);
  return { first: `${months[0]}-01`, last: lastDayOfMonth(months[5] ?? '') };
}

/** A half-year named in both locales: `2026年上半年` / `first half of 2026`. */
export function halfYearLabel(halfYear: string): LocalisedText {
  const year = halfYear.slice(0, 4);
  const first = halfYear.endsWith('H1');
  return {
    'zh-CN': `${year}年${first ? '上' : '下'}半年`,
    en: `${first ? 'first' : 'second'} half of ${year}`,
  };
}
