import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountSchema } from './account.js';
import { ContactSchema } from './contact.js';
import {
  ACCOUNT_DATE_KINDS,
  type AccountDate,
  annualDateIn,
  formatAccountDates,
  parseAccountDates,
} from './key-date.js';

const pad = (value: number) => String(value).padStart(2, '0');

/** A real date `YYYY-MM-DD` or a month-day `MM-DD` (29 February included). */
const annualDate = fc
  .tuple(
    fc.integer({ min: 1950, max: 2050 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
    fc.boolean(),
  )
  .filter(([year, month, day]) => day <= new Date(Date.UTC(year, month, 0)).getUTCDate())
  .map(([year, month, day, withYear]) =>
    withYear ? `${year}-${pad(month)}-${pad(day)}` : `${pad(month)}-${pad(day)}`,
  );

/** A label as people write them: words separated by single spaces, no list separators, not ending in a once marker. */
const label = fc
  .array(fc.stringMatching(/^[A-Za-z0-9\u4e00-\u4e2f()（），,.-]{1,8}$/), { minLength: 1, maxLength: 4 })
  .map((words) => words.join(' '))
  .filter((text) => !/(^|\s)(once|一次|一次性|\(once\)|（一次）|\(一次\))$/i.test(text));

const keyDate: fc.Arbitrary<AccountDate> = fc
  .record({
    kind: fc.constantFrom(...ACCOUNT_DATE_KINDS),
    date: annualDate,
    label: fc.option(label, { nil: undefined }),
    once: fc.boolean(),
  })
  .map(({ kind, date, label, once }) => ({
    kind,
    date,
    ...(label === undefined ? {} : { label }),
    ...(once && date.length === 10 ? { once: true } : {}),
  }));

describe('parseAccountDates', () => {
  it('reads back whatever formatAccountDates wrote', () => {
    fc.assert(
      fc.property(fc.array(keyDate, { maxLength: 5 }), (dates) => {
        expect(parseAccountDates(formatAccountDates(dates))).toEqual({ ok: true, value: dates });
      }),
      { numRuns: 500 },
    );
  });

  it('reads Chinese kinds and dates as spreadsheets write them, and a trailing 一次 as one-off', () => {
    expect(
      parseAccountDates(
        '开业纪念日 2003年6月18日；荣誉 2026/11/2 获评全国物流百强 一次\n项目节点 9月1日 新仓开工',
      ),
    ).toEqual({
      ok: true,
      value: [
        { kind: 'founding', date: '2003-06-18' },
        { kind: 'honour', date: '2026-11-02', label: '获评全国物流百强', once: true },
        { kind: 'milestone', date: '09-01', label: '新仓开工' },
      ],
    });
  });

  it('names the entry it cannot read', () => {
    expect(parseAccountDates('founding 2003-06-18; 周年庆 06-18')).toEqual({
      ok: false,
      entry: '周年庆 06-18',
      reason: 'unreadable',
    });
    expect(parseAccountDates('honour yesterday')).toMatchObject({ ok: false, entry: 'honour yesterday' });
    expect(parseAccountDates('荣誉 11-02 一次')).toEqual({
      ok: false,
      entry: '荣誉 11-02 一次',
      reason: 'once-without-year',
    });
  });
});

describe('key dates on accounts and contacts', () => {
  it('accepts 29 February as a month-day or in a leap year, and rejects days that do not exist', () => {
    expect(ContactSchema.parse({ id: 'k', accountId: 'a', name: '张', birthday: '02-29' }).birthday).toBe(
      '02-29',
    );
    expect(
      ContactSchema.parse({ id: 'k', accountId: 'a', name: '张', birthday: '1980-02-29' }).birthday,
    ).toBe('1980-02-29');
    expect(
      ContactSchema.safeParse({ id: 'k', accountId: 'a', name: '张', birthday: '1981-02-29' }).success,
    ).toBe(false);
    expect(ContactSchema.safeParse({ id: 'k', accountId: 'a', name: '张', birthday: '04-31' }).success).toBe(
      false,
    );
  });

  it('needs the year of a one-off date, and reports it at the date', () => {
    const result = AccountSchema.safeParse({
      id: 'a',
      name: 'A',
      division: 'east',
      keyDates: [{ kind: 'honour', date: '11-02', once: true }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['keyDates', 0, 'date']);
  });

  it('keeps 29 February on 28 February in other years, and any other day on itself', () => {
    fc.assert(
      fc.property(annualDate, fc.integer({ min: 1900, max: 2200 }), (date, year) => {
        const day = annualDateIn(date, year);
        const leap = new Date(Date.UTC(year, 2, 0)).getUTCDate() === 29;
        const expected = date.endsWith('02-29') && !leap ? '02-28' : date.slice(-5);
        expect(day).toBe(`${year}-${expected}`);
      }),
    );
  });
});
