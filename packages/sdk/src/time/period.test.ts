import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import { addMonths, localDate, monthFromIndex, monthIndex } from './calendar.js';
import { parsePeriod, periodLabel, periodRange, windowRange } from './period.js';

describe('periods', () => {
  it('parses the forms people type', () => {
    expect(parsePeriod('2026-10')).toEqual({ kind: 'month', month: '2026-10' });
    expect(parsePeriod('2026-Q3')).toEqual({ kind: 'quarter', year: 2026, quarter: 3 });
    expect(parsePeriod('2026')).toEqual({ kind: 'year', year: 2026 });
    expect(parsePeriod('last-12m@2026-10')).toEqual({ kind: 'rolling', months: 12, end: '2026-10' });
    expect(periodLabel(parsePeriod('last-12m@2026-10'))).toBe('2025-11..2026-10');
  });

  it('rejects a month that does not exist, naming the accepted forms in both languages', () => {
    try {
      parsePeriod('2026-13');
      expect.unreachable();
    } catch (error) {
      expect(isKamError(error)).toBe(true);
      if (isKamError(error)) {
        expect(error.messageIn('en')).toContain('2026-Q3');
        expect(error.messageIn('zh-CN')).toContain('期间');
      }
    }
  });

  it('names an unrecognised period and the accepted forms, with no internal field or English in Chinese', () => {
    for (const text of ['2026-H1', '上半年', 'Q3 2026']) {
      try {
        parsePeriod(text);
        expect.unreachable();
      } catch (error) {
        if (!isKamError(error)) throw error;
        expect(error.code).toBe('INVALID_INPUT');
        expect(error.messageIn('zh-CN')).toBe(
          `无法识别的期间「${text}」：可写 2026-10、2026-Q3、2026、last-12m@2026-10、to-date@2026-10`,
        );
        expect(error.messageIn('en')).toContain(`"${text}"`);
        expect(error.messageIn('en')).not.toMatch(/kind|discriminator/u);
      }
    }
  });

  it('resolves windows relative to an as-of month', () => {
    expect(windowRange({ unit: 'year', offset: -1 }, '2026-10')).toEqual(
      periodRange({ kind: 'year', year: 2025 }),
    );
    expect(windowRange({ unit: 'quarter', offset: 0 }, '2026-11')).toEqual(
      periodRange({ kind: 'quarter', year: 2026, quarter: 4 }),
    );
    const ytd = windowRange({ unit: 'year-to-date', offset: 0 }, '2026-10');
    expect([monthFromIndex(ytd.start), monthFromIndex(ytd.end)]).toEqual(['2026-01', '2026-10']);
  });

  it('reads dates in the organisation time zone', () => {
    const instant = new Date('2026-10-31T17:30:00Z');
    expect(localDate(instant, 'Asia/Shanghai')).toBe('2026-11-01');
    expect(localDate(instant, 'UTC')).toBe('2026-10-31');
  });

  it('property: month index arithmetic round-trips', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990 * 12, max: 2100 * 12 }),
        fc.integer({ min: -500, max: 500 }),
        (index, delta) => {
          const month = monthFromIndex(index);
          expect(monthIndex(month)).toBe(index);
          expect(monthIndex(addMonths(month, delta))).toBe(index + delta);
        },
      ),
    );
  });
});
