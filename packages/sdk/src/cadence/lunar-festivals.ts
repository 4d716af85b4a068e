/**
 * Gregorian dates of the Chinese lunar festivals the cadence rules name:
 * Spring Festival (春节, lunar 1/1), Dragon Boat Festival (端午, lunar 5/5) and
 * Mid-Autumn Festival (中秋, lunar 8/15), following the official calendar
 * rules (GB/T 33661-2017, as published by the Purple Mountain and Hong Kong
 * observatories). The table was generated from ICU's Chinese calendar and is
 * checked against it entry by entry in the tests; no approximation is made.
 *
 * ICU (78, shipped with Node 20) is one day off for two Spring Festivals whose
 * new moon falls minutes from midnight Beijing time: 2027 (new moon 23:56 on
 * 6 February → 6 February, ICU says the 7th) and 2030 (new moon 00:07 on
 * 3 February → 3 February, ICU says the 2nd). The table holds the official
 * dates; {@link ICU_KNOWN_DEVIATIONS} lists both so the tests can tell a
 * known ICU error from a wrong entry.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';

/** The lunar festivals a service rule can name. */
export const FESTIVALS = ['spring-festival', 'dragon-boat', 'mid-autumn'] as const;

/** A lunar festival. */
export type Festival = (typeof FESTIVALS)[number];

/** Names of the festivals in each locale. */
export const FESTIVAL_LABELS: Record<Festival, { 'zh-CN': string; en: string }> = {
  'spring-festival': { 'zh-CN': '春节', en: 'Spring Festival' },
  'dragon-boat': { 'zh-CN': '端午节', en: 'Dragon Boat Festival' },
  'mid-autumn': { 'zh-CN': '中秋节', en: 'Mid-Autumn Festival' },
};

/** The lunar month and day of each festival (month 1 = 正月). */
export const FESTIVAL_LUNAR_DATES: Record<Festival, { month: number; day: number }> = {
  'spring-festival': { month: 1, day: 1 },
  'dragon-boat': { month: 5, day: 5 },
  'mid-autumn': { month: 8, day: 15 },
};

/** First Gregorian year in the table. */
export const FIRST_FESTIVAL_YEAR = 2000;
/** Last Gregorian year in the table. */
export const LAST_FESTIVAL_YEAR = 2050;

/**
 * Table entries where ICU's Chinese calendar disagrees with the official
 * calendar: the official date and what ICU answers.
 */
export const ICU_KNOWN_DEVIATIONS: readonly {
  festival: Festival;
  year: number;
  official: string;
  icu: string;
}[] = [
  { festival: 'spring-festival', year: 2027, official: '2027-02-06', icu: '2027-02-07' },
  { festival: 'spring-festival', year: 2030, official: '2030-02-03', icu: '2030-02-02' },
];

/** `MM-DD` of Spring Festival, Dragon Boat and Mid-Autumn, by Gregorian year. */
const TABLE: Readonly<Record<number, readonly [string, string, string]>> = {
  2000: ['02-05', '06-06', '09-12'],
  2001: ['01-24', '06-25', '10-01'],
  2002: ['02-12', '06-15', '09-21'],
  2003: ['02-01', '06-04', '09-11'],
  2004: ['01-22', '06-22', '09-28'],
  2005: ['02-09', '06-11', '09-18'],
  2006: ['01-29', '05-31', '10-06'],
  2007: ['02-18', '06-19', '09-25'],
  2008: ['02-07', '06-08', '09-14'],
  2009: ['01-26', '05-28', '10-03'],
  2010: ['02-14', '06-16', '09-22'],
  2011: ['02-03', '06-06', '09-12'],
  2012: ['01-23', '06-23', '09-30'],
  2013: ['02-10', '06-12', '09-19'],
  2014: ['01-31', '06-02', '09-08'],
  2015: ['02-19', '06-20', '09-27'],
  2016: ['02-08', '06-09', '09-15'],
  2017: ['01-28', '05-30', '10-04'],
  2018: ['02-16', '06-18', '09-24'],
  2019: ['02-05', '06-07', '09-13'],
  2020: ['01-25', '06-25', '10-01'],
  2021: ['02-12', '06-14', '09-21'],
  2022: ['02-01', '06-03', '09-10'],
  2023: ['01-22', '06-22', '09-29'],
  2024: ['02-10', '06-10', '09-17'],
  2025: ['01-29', '05-31', '10-06'],
  2026: ['02-17', '06-19', '09-25'],
  2027: ['02-06', '06-09', '09-15'],
  2028: ['01-26', '05-28', '10-03'],
  2029: ['02-13', '06-16', '09-22'],
  2030: ['02-03', '06-05', '09-12'],
  2031: ['01-23', '06-24', '10-01'],
  2032: ['02-11', '06-12', '09-19'],
  2033: ['01-31', '06-01', '09-08'],
  2034: ['02-19', '06-20', '09-27'],
  2035: ['02-08', '06-10', '09-16'],
  2036: ['01-28', '05-30', '10-04'],
  2037: ['02-15', '06-18', '09-24'],
  2038: ['02-04', '06-07', '09-13'],
  2039: ['01-24', '05-27', '10-02'],
  2040: ['02-12', '06-14', '09-20'],
  2041: ['02-01', '06-03', '09-10'],
  2042: ['01-22', '06-22', '09-28'],
  2043: ['02-10', '06-11', '09-17'],
  2044: ['01-30', '05-31', '10-05'],
  2045: ['02-17', '06-19', '09-25'],
  2046: ['02-06', '06-08', '09-15'],
  2047: ['01-26', '05-29', '10-04'],
  2048: ['02-14', '06-15', '09-22'],
  2049: ['02-02', '06-04', '09-11'],
  2050: ['01-23', '06-23', '09-30'],
};

/**
 * Every festival date in the table, oldest first (for tests and calendars).
 */
export function festivalTable(): { festival: Festival; year: number; date: string }[] {
  const rows: { festival: Festival; year: number; date: string }[] = [];
  for (let year = FIRST_FESTIVAL_YEAR; year <= LAST_FESTIVAL_YEAR; year++) {
    for (const festival of FESTIVALS) rows.push({ festival, year, date: festivalDate(festival, year) });
  }
  return rows;
}

/**
 * The Gregorian date (`YYYY-MM-DD`, China civil date) of a lunar festival in a
 * Gregorian year.
 *
 * @example festivalDate('mid-autumn', 2026) // '2026-09-25'
 * @throws KamError `INVALID_INPUT` when `year` is outside 2000–2050.
 */
export function festivalDate(festival: Festival, year: number): string {
  const row = TABLE[year];
  if (!row) {
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path: 'year',
      message: {
        'zh-CN': `节日日期表只覆盖 ${FIRST_FESTIVAL_YEAR}–${LAST_FESTIVAL_YEAR} 年，无法计算 ${year} 年的${FESTIVAL_LABELS[festival]['zh-CN']}`,
        en: `The festival table covers ${FIRST_FESTIVAL_YEAR}–${LAST_FESTIVAL_YEAR}; cannot date the ${FESTIVAL_LABELS[festival].en} of ${year}`,
      },
    });
  }
  return `${year}-${row[FESTIVALS.indexOf(festival)]}`;
}
