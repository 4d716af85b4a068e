/**
 * A month as people write it in spreadsheets and chat: `2026-10`, `2026/10`,
 * `2026.10`, `2026年10月`, `202610`, full-width digits, or the first day of
 * the month a spreadsheet turned it into (`2026-10-01`, `2026/10/1`,
 * `2026年10月1日`).
 *
 * @module
 */
import type { LocalisedText } from '../errors/kam-error.js';

const WRITTEN = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月\s*(?:0?1\s*日)?|[-/.]\s*0?1)?$/u;
const COMPACT = /^(\d{4})(\d{2})$/u;

/** What {@link parseMonth} accepts, in both locales, for error messages. */
export const MONTH_EXPECTED: LocalisedText = {
  'zh-CN': '月份，格式 YYYY-MM（如 2026-10；也接受 2026/10、2026年10月、202610）',
  en: 'a month YYYY-MM (e.g. 2026-10; 2026/10, 2026年10月 and 202610 are accepted too)',
};

/**
 * The month `YYYY-MM` a text names, or `undefined` when it names none (or a
 * month number outside 1–12, or a day other than the first).
 *
 * @example
 * ```ts
 * parseMonth('2026年10月'); // '2026-10'
 * parseMonth('２０２６／３'); // '2026-03'
 * parseMonth('2026-13'); // undefined
 * ```
 */
export function parseMonth(text: string): string | undefined {
  const trimmed = text.normalize('NFKC').trim();
  const match = WRITTEN.exec(trimmed) ?? COMPACT.exec(trimmed);
  if (!match) return undefined;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return `${match[1]}-${String(month).padStart(2, '0')}`;
}
