import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import { account } from './__fixtures__/portfolio.js';
import { dueActions } from './due-actions.js';
import {
  FLOATING_HOLIDAY_RULES,
  WEEKDAYS,
  type WeekdayOrdinal,
  weekdayOfMonthDate,
} from './floating-holidays.js';
import { loadServicePolicy } from './service-policy.js';

/** The weekday of a date, Monday first, as the calendar (not the code under test) says. */
function weekdayOf(date: string): (typeof WEEKDAYS)[number] {
  return WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
}

describe('weekdayOfMonthDate', () => {
  it('names the dates of Mother’s Day, Father’s Day and Thanksgiving as calendars print them', () => {
    expect(weekdayOfMonthDate(FLOATING_HOLIDAY_RULES['mothers-day'], 2026)).toBe('2026-05-10');
    expect(weekdayOfMonthDate(FLOATING_HOLIDAY_RULES['mothers-day'], 2027)).toBe('2027-05-09');
    expect(weekdayOfMonthDate(FLOATING_HOLIDAY_RULES['fathers-day'], 2026)).toBe('2026-06-21');
    expect(weekdayOfMonthDate(FLOATING_HOLIDAY_RULES.thanksgiving, 2026)).toBe('2026-11-26');
    expect(weekdayOfMonthDate({ month: 5, weekday: 'monday', nth: 'last' }, 2026)).toBe('2026-05-25');
    expect(weekdayOfMonthDate({ month: 2, weekday: 'sunday', nth: 'last' }, 2026)).toBe('2026-02-22');
  });

  it('is always that weekday, in that month, and the n-th (or last) one of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2200 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(...WEEKDAYS),
        fc.constantFrom<WeekdayOrdinal>(1, 2, 3, 4, 'last'),
        (year, month, weekday, nth) => {
          const date = weekdayOfMonthDate({ month, weekday, nth }, year);
          expect(weekdayOf(date)).toBe(weekday);
          expect(date.slice(0, 7)).toBe(`${year}-${String(month).padStart(2, '0')}`);
          const day = Number(date.slice(8, 10));
          const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
          if (nth === 'last') expect(day + 7).toBeGreaterThan(daysInMonth);
          else expect(Math.ceil(day / 7)).toBe(nth);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('occasion rules on floating holidays', () => {
  const policy = loadServicePolicy({
    id: 'care',
    name: { 'zh-CN': '关怀', en: 'Care' },
    leadDays: 3,
    rules: [
      {
        kind: 'occasion',
        id: 'mothers-day-greeting',
        label: { 'zh-CN': '节日问候', en: 'Holiday greeting' },
        tiers: 'any',
        kinds: ['festival-greeting', 'gift'],
        occasions: ['mothers-day', '11-thursday-4'],
      },
    ],
  });
  const acme = account({ id: 'acme', ownerA: 'alice' });

  it('lists Mother’s Day from three days before the 2nd Sunday of May, named in both locales', () => {
    const before = dueActions({
      policy,
      accounts: [acme],
      tierOf: () => null,
      interactions: [],
      today: '2026-05-06',
    });
    expect(before[0]?.upcoming[0]).toMatchObject({ dueFrom: '2026-05-07', dueDate: '2026-05-10' });
    const [action] = dueActions({
      policy,
      accounts: [acme],
      tierOf: () => null,
      interactions: [],
      today: '2026-05-07',
    })[0]!.due;
    expect(action).toMatchObject({
      occasion: { name: 'mothers-day', date: '2026-05-10' },
      dueDate: '2026-05-10',
    });
    expect(action?.explanation['zh-CN']).toContain('母亲节（2026-05-10）');
    expect(action?.explanation.en).toContain("Mother's Day (2026-05-10)");
  });

  it('lists a written weekday of a month (the 4th Thursday of November) on its day', () => {
    const [action] = dueActions({
      policy,
      accounts: [acme],
      tierOf: () => null,
      interactions: [],
      today: '2026-11-24',
    })[0]!.due;
    expect(action?.occasion).toEqual({ name: '11-thursday-4', date: '2026-11-26' });
    expect(action?.explanation['zh-CN']).toContain('11 月第 4 个周四');
    expect(action?.explanation.en).toContain('4th Thursday of November');
  });

  it('rejects a fifth weekday or a misspelt day, naming the occasion', () => {
    for (const occasion of ['05-sunday-5', '05-sundy-2']) {
      try {
        loadServicePolicy({ ...policy, rules: [{ ...policy.rules[0]!, occasions: [occasion] }] });
        expect.unreachable();
      } catch (error) {
        expect(isKamError(error)).toBe(true);
        expect(String((error as Error).message)).toContain('rules[0].occasions[0]');
      }
    }
  });
});
