import { z } from 'zod';
import { parseWith } from '../errors/from-zod.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { addMonths, lastDayOfMonth, monthFromIndex, monthIndex } from './calendar.js';

const MonthString = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');

/**
 * A reporting period. Every period is a whole number of months, so every
 * figure can be computed from monthly aggregates.
 */
export const PeriodSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('month'), month: MonthString }),
  z.object({ kind: z.literal('quarter'), year: z.number().int(), quarter: z.number().int().min(1).max(4) }),
  z.object({ kind: z.literal('year'), year: z.number().int() }),
  z.object({ kind: z.literal('rolling'), months: z.number().int().min(1), end: MonthString }),
  z.object({ kind: z.literal('cumulative'), end: MonthString, start: MonthString.optional() }),
]);
/** A reporting period. */
export type Period = z.infer<typeof PeriodSchema>;

/** A period as an inclusive range of month indexes. */
export interface MonthRange {
  /** First month index (inclusive); `-Infinity` for "since the beginning". */
  start: number;
  /** Last month index (inclusive). */
  end: number;
}

/**
 * A window relative to an as-of month, as policies write it: `this month`
 * (`{ unit: 'month', offset: 0 }`), `last year` (`{ unit: 'year', offset: -1 }`),
 * `the last 36 months` (`{ unit: 'rolling', months: 36 }`), or everything to date.
 * Years are calendar years; quarters calendar quarters.
 */
export const WindowSchema = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('month'), offset: z.number().int().max(0).default(0) }),
  z.object({ unit: z.literal('quarter'), offset: z.number().int().max(0).default(0) }),
  z.object({ unit: z.literal('year'), offset: z.number().int().max(0).default(0) }),
  z.object({ unit: z.literal('year-to-date'), offset: z.number().int().max(0).default(0) }),
  z.object({ unit: z.literal('rolling'), months: z.number().int().min(1) }),
  z.object({ unit: z.literal('cumulative') }),
]);
/** A window relative to an as-of month. */
export type Window = z.infer<typeof WindowSchema>;
/** Input form of a window. */
export type WindowInput = z.input<typeof WindowSchema>;

/** The inclusive month range a period covers. */
export function periodRange(period: Period): MonthRange {
  switch (period.kind) {
    case 'month': {
      const index = monthIndex(period.month);
      return { start: index, end: index };
    }
    case 'quarter': {
      const start = period.year * 12 + (period.quarter - 1) * 3;
      return { start, end: start + 2 };
    }
    case 'year':
      return { start: period.year * 12, end: period.year * 12 + 11 };
    case 'rolling': {
      const end = monthIndex(period.end);
      return { start: end - period.months + 1, end };
    }
    case 'cumulative':
      return {
        start: period.start === undefined ? Number.NEGATIVE_INFINITY : monthIndex(period.start),
        end: monthIndex(period.end),
      };
  }
}

/** The month range of a window relative to the as-of month `asOf` (`YYYY-MM`). */
export function windowRange(window: Window, asOf: string): MonthRange {
  const asOfIndex = monthIndex(asOf);
  switch (window.unit) {
    case 'month':
      return { start: asOfIndex + window.offset, end: asOfIndex + window.offset };
    case 'quarter': {
      const quarterStart = asOfIndex - (asOfIndex % 3) + window.offset * 3;
      return { start: quarterStart, end: quarterStart + 2 };
    }
    case 'year': {
      const yearStart = (Math.floor(asOfIndex / 12) + window.offset) * 12;
      return { start: yearStart, end: yearStart + 11 };
    }
    case 'year-to-date': {
      const yearStart = (Math.floor(asOfIndex / 12) + window.offset) * 12;
      return { start: yearStart, end: asOfIndex + window.offset * 12 };
    }
    case 'rolling':
      return { start: asOfIndex - window.months + 1, end: asOfIndex };
    case 'cumulative':
      return { start: Number.NEGATIVE_INFINITY, end: asOfIndex };
  }
}

/** The same-length range just before `range` (for growth over the previous period). */
export function previousRange(range: MonthRange): MonthRange {
  if (!Number.isFinite(range.start))
    return { start: Number.NEGATIVE_INFINITY, end: Number.NEGATIVE_INFINITY };
  const length = range.end - range.start + 1;
  return { start: range.start - length, end: range.end - length };
}

/** `range` moved back twelve months (same period last year). */
export function yearAgoRange(range: MonthRange): MonthRange {
  return { start: range.start - 12, end: range.end - 12 };
}

/** The last calendar day of a range. */
export function rangeEndDate(range: MonthRange): string {
  return lastDayOfMonth(monthFromIndex(range.end));
}

/** A short human label for a period: `2026-10`, `2026-Q3`, `2026`, `2025-11..2026-10`. */
export function periodLabel(period: Period): string {
  switch (period.kind) {
    case 'month':
      return period.month;
    case 'quarter':
      return `${period.year}-Q${period.quarter}`;
    case 'year':
      return String(period.year);
    case 'rolling':
      return `${addMonths(period.end, -(period.months - 1))}..${period.end}`;
    case 'cumulative':
      return `${period.start ?? '…'}..${period.end}`;
  }
}

/**
 * Parse a period written the way people type it: `2026-10`, `2026-Q3`, `2026`,
 * `last-12m@2026-10` (rolling), `to-date@2026-10` (cumulative), or a JSON object.
 *
 * @throws KamError naming `period` and the accepted forms.
 */
export function parsePeriod(input: string | Period): Period {
  if (typeof input !== 'string')
    return parseWith(PeriodSchema, input, { 'zh-CN': '期间', en: 'period' }, 'INVALID_INPUT');
  const text = input.trim();
  let match = /^(\d{4})-(\d{2})$/.exec(text);
  if (match) return parseWith(PeriodSchema, { kind: 'month', month: text }, periodSubject, 'INVALID_INPUT');
  match = /^(\d{4})-?Q([1-4])$/i.exec(text);
  if (match) return { kind: 'quarter', year: Number(match[1]), quarter: Number(match[2]) };
  match = /^(\d{4})$/.exec(text);
  if (match) return { kind: 'year', year: Number(match[1]) };
  match = /^last-(\d+)m@(\d{4}-\d{2})$/.exec(text);
  if (match)
    return parseWith(
      PeriodSchema,
      { kind: 'rolling', months: Number(match[1]), end: match[2] },
      periodSubject,
      'INVALID_INPUT',
    );
  match = /^to-date@(\d{4}-\d{2})$/.exec(text);
  if (match)
    return parseWith(PeriodSchema, { kind: 'cumulative', end: match[1] }, periodSubject, 'INVALID_INPUT');
  throw new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path: 'period',
    message: {
      'zh-CN': `无法识别的期间「${text}」：可写 2026-10、2026-Q3、2026、last-12m@2026-10、to-date@2026-10`,
      en: `Unrecognised period "${text}": write 2026-10, 2026-Q3, 2026, last-12m@2026-10 or to-date@2026-10`,
    },
  });
}

const periodSubject = {
  'zh-CN': '期间（可写 2026-10、2026-Q3、2026、last-12m@2026-10、to-date@2026-10）',
  en: 'period (write 2026-10, 2026-Q3, 2026, last-12m@2026-10 or to-date@2026-10)',
};
