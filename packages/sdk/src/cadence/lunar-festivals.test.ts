import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import {
  FESTIVAL_LUNAR_DATES,
  FESTIVALS,
  FIRST_FESTIVAL_YEAR,
  festivalDate,
  festivalTable,
  ICU_KNOWN_DEVIATIONS,
  LAST_FESTIVAL_YEAR,
} from './lunar-festivals.js';

const chineseNumeric = new Intl.DateTimeFormat('en-u-ca-chinese', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});
const chineseNames = new Intl.DateTimeFormat('zh-CN-u-ca-chinese', {
  timeZone: 'UTC',
  month: 'long',
  day: 'numeric',
});
const MONTH_NAMES: Record<number, string> = { 1: '正月', 5: '五月', 8: '八月' };

function isFestival(date: string, festival: (typeof FESTIVALS)[number], year: number): boolean {
  const expected = FESTIVAL_LUNAR_DATES[festival];
  const lunar = lunarOf(date);
  return (
    date.startsWith(`${year}-`) &&
    lunar.month === String(expected.month) &&
    lunar.day === String(expected.day) &&
    lunar.relatedYear === String(year) &&
    lunar.monthName === MONTH_NAMES[expected.month]
  );
}

function lunarOf(date: string) {
  const instant = new Date(`${date}T12:00:00Z`);
  const numeric = chineseNumeric.formatToParts(instant);
  const named = chineseNames.formatToParts(instant);
  return {
    month: numeric.find((part) => part.type === 'month')?.value,
    day: numeric.find((part) => part.type === 'day')?.value,
    relatedYear: numeric.find((part) => (part.type as string) === 'relatedYear')?.value,
    monthName: named.find((part) => part.type === 'month')?.value,
  };
}

describe('festival table', () => {
  it('covers every year 2000–2050, including the required 2020–2040', () => {
    expect(FIRST_FESTIVAL_YEAR).toBeLessThanOrEqual(2020);
    expect(LAST_FESTIVAL_YEAR).toBeGreaterThanOrEqual(2040);
    expect(festivalTable()).toHaveLength((LAST_FESTIVAL_YEAR - FIRST_FESTIVAL_YEAR + 1) * FESTIVALS.length);
  });

  it("matches ICU's Chinese calendar for every entry (non-leap month, exact day)", () => {
    const mismatches: string[] = [];
    for (const { festival, year, date } of festivalTable()) {
      const known = ICU_KNOWN_DEVIATIONS.find((entry) => entry.festival === festival && entry.year === year);
      if (known) continue;
      if (!isFestival(date, festival, year))
        mismatches.push(`${festival} ${year} ${date} → ${JSON.stringify(lunarOf(date))}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('holds the official date where ICU is known to be a day off, and ICU says exactly what was recorded', () => {
    expect(ICU_KNOWN_DEVIATIONS).toHaveLength(2);
    for (const { festival, year, official, icu } of ICU_KNOWN_DEVIATIONS) {
      expect(festivalDate(festival, year)).toBe(official);
      // A later ICU that fixes the error will agree with the official date; until then it answers `icu`.
      const icuAgrees = isFestival(official, festival, year);
      expect(icuAgrees || isFestival(icu, festival, year)).toBe(true);
      expect(Math.abs(Date.parse(official) - Date.parse(icu))).toBe(86_400_000);
    }
  });

  it('knows well-known dates', () => {
    expect(festivalDate('spring-festival', 2020)).toBe('2020-01-25');
    expect(festivalDate('mid-autumn', 2020)).toBe('2020-10-01');
    expect(festivalDate('mid-autumn', 2026)).toBe('2026-09-25');
    expect(festivalDate('dragon-boat', 2025)).toBe('2025-05-31');
    expect(festivalDate('spring-festival', 2027)).toBe('2027-02-06');
    expect(festivalDate('spring-festival', 2030)).toBe('2030-02-03');
  });

  it('fails clearly outside the table', () => {
    try {
      festivalDate('mid-autumn', 2051);
      expect.unreachable();
    } catch (error) {
      expect(isKamError(error)).toBe(true);
      if (!isKamError(error)) return;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.messageIn('en')).toContain('2000–2050');
      expect(error.messageIn('zh-CN')).toContain('中秋节');
    }
    expect(() => festivalDate('spring-festival', 1999)).toThrow(/2000–2050/);
  });
});
