import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from './money.js';

describe('money', () => {
  it('parses amounts as policies write them', () => {
    expect(parseMoney('¥1,500,000')).toBe(150_000_000);
    expect(parseMoney('150万')).toBe(150_000_000);
    expect(parseMoney('1.5亿元')).toBe(15_000_000_000);
    expect(parseMoney('￥999,999')).toBe(99_999_900);
    expect(parseMoney(12_345)).toBe(12_345);
  });

  it('names the field when an amount cannot be read', () => {
    expect(() => parseMoney('about a million', 'tiers[0].min')).toThrow(/tiers\[0\]\.min/);
  });

  it('formats with 万 and 亿 in Chinese and separators in English', () => {
    expect(formatMoney(150_000_000, 'zh-CN')).toBe('¥150万');
    expect(formatMoney(12_500_000_000, 'zh-CN')).toBe('¥1.25亿');
    expect(formatMoney(99_900, 'zh-CN')).toBe('¥999');
    expect(formatMoney(150_000_000, 'en')).toBe('¥1,500,000');
  });

  it('property: whole yuan written with separators parse to exact fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (yuan) => {
        expect(parseMoney(`¥${yuan.toLocaleString('en-US')}`)).toBe(yuan * 100);
      }),
    );
  });
});
