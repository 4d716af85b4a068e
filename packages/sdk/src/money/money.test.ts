import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import { formatMoney, formatMoneyList, parseMoney } from './money.js';

describe('money', () => {
  it('parses amounts as policies write them', () => {
    expect(parseMoney('¥1,500,000')).toBe(150_000_000);
    expect(parseMoney('150万')).toBe(150_000_000);
    expect(parseMoney('1.5亿元')).toBe(15_000_000_000);
    expect(parseMoney('￥999,999')).toBe(99_999_900);
    expect(parseMoney(12_345)).toBe(12_345);
  });

  it('accepts full-width digits as the import does', () => {
    expect(parseMoney('１２３.４５')).toBe(12_345);
    expect(parseMoney('￥１，５００，０００')).toBe(150_000_000);
  });

  it('refuses a fraction of a fen instead of rounding it', () => {
    expect(() => parseMoney('1.005')).toThrow(/1\.005/);
    expect(() => parseMoney(-2.5)).toThrow(/-2\.5/);
    expect(() => parseMoney(Number.NaN)).toThrow();
    expect(parseMoney('-2.5')).toBe(-250);
  });

  it('names the field when an amount cannot be read, in both languages', () => {
    let caught: unknown;
    try {
      parseMoney('about a million', 'tiers[0].min');
    } catch (error) {
      caught = error;
    }
    expect(isKamError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/tiers\[0\]\.min/);
  });

  it('formats totals with 万 and 亿 in Chinese and separators in English', () => {
    expect(formatMoney(150_000_000, 'zh-CN')).toBe('¥150万');
    expect(formatMoney(12_500_000_000, 'zh-CN')).toBe('¥1.25亿');
    expect(formatMoney(99_900, 'zh-CN')).toBe('¥999');
    expect(formatMoney(150_000_000, 'en')).toBe('¥1,500,000');
  });

  it('rounds halves up in decimal, not in binary', () => {
    expect(formatMoney(1_005_000, 'zh-CN')).toBe('¥1.01万');
    expect(formatMoney(-1_005_000, 'zh-CN')).toBe('-¥1.01万');
    expect(formatMoney(1_000_050, 'en')).toBe('¥10,001');
    expect(formatMoney(1234.5, 'en')).toBe('¥12.35');
    expect(formatMoney(999_999_999_999, 'zh-CN')).toBe('¥100亿');
    expect(formatMoney(9_999_999_999, 'zh-CN')).toBe('¥1亿');
  });

  it('groups thousands below 万 in Chinese and keeps fen to two places', () => {
    expect(formatMoney(556_605, 'zh-CN')).toBe('¥5,566.05');
    expect(formatMoney(999_950, 'zh-CN')).toBe('¥9,999.50');
    expect(formatMoney(999_950, 'en')).toBe('¥9,999.50');
  });

  it('writes the amounts of one sentence in one format', () => {
    expect(formatMoneyList([999_950, 1_300_100], 'zh-CN')).toEqual(['¥9,999.50', '¥13,001.00']);
    expect(formatMoneyList([999_950, 1_300_100], 'en')).toEqual(['¥9,999.50', '¥13,001.00']);
    expect(formatMoneyList([200_000_000, 260_100_000], 'zh-CN')).toEqual(['¥200万', '¥260.1万']);
    expect(formatMoneyList([200_000, 260_100], 'en')).toEqual(['¥2,000', '¥2,601']);
  });

  it('property: whole yuan written with separators parse to exact fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (yuan) => {
        expect(parseMoney(`¥${yuan.toLocaleString('en-US')}`)).toBe(yuan * 100);
      }),
    );
  });

  it('property: any fen amount below ¥10,000 formats and parses back exactly, in both locales', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -999_999, max: 999_999 }),
        fc.constantFrom('zh-CN', 'en' as const),
        (fen, locale) => {
          expect(parseMoney(formatMoney(fen, locale))).toBe(fen);
        },
      ),
    );
  });

  it('property: a 万 amount is the fen rounded half up to ¥100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000, max: 9_999_999_999 }), (fen) => {
        const shown = parseMoney(formatMoney(fen, 'zh-CN'));
        const expected = Math.floor((fen + 5_000) / 10_000) * 10_000;
        expect(shown).toBe(expected);
      }),
    );
  });

  it('property: a shared format parses back to the same rounding for every amount', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 999_999 }), { minLength: 1, maxLength: 4 }), (fens) => {
        const texts = formatMoneyList(fens, 'zh-CN');
        expect(texts.map((text) => parseMoney(text))).toEqual(fens);
        expect(new Set(texts.map((text) => text.includes('.'))).size).toBe(1);
      }),
    );
  });
});
