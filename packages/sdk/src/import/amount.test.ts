import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import { parseYuanToFen, readFen, readYuan } from './amount.js';

/** Write fen as yuan with exactly two decimals, optionally with thousands separators. */
function yuanText(fen: number, grouped: boolean): string {
  const sign = fen < 0 ? '-' : '';
  const absolute = Math.abs(fen);
  const whole = String(Math.trunc(absolute / 100));
  const cents = String(absolute % 100).padStart(2, '0');
  const integer = grouped ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  return `${sign}${integer}.${cents}`;
}

describe('readYuan', () => {
  it('reads the ways spreadsheets write yuan', () => {
    expect(parseYuanToFen('1500000')).toBe(150_000_000);
    expect(parseYuanToFen('1,500,000.50')).toBe(150_000_050);
    expect(parseYuanToFen('¥1,500,000')).toBe(150_000_000);
    expect(parseYuanToFen('￥ 999,999')).toBe(99_999_900);
    expect(parseYuanToFen('150万')).toBe(150_000_000);
    expect(parseYuanToFen('1.5亿元')).toBe(15_000_000_000);
    expect(parseYuanToFen('0.29')).toBe(29);
    expect(parseYuanToFen('.5')).toBe(50);
    expect(parseYuanToFen('１２３．４５')).toBe(12_345);
    expect(parseYuanToFen('-3.5')).toBe(-350);
    expect(parseYuanToFen('1.500')).toBe(150);
  });

  it('is exact where binary floating point is not', () => {
    // 1.15 * 100 = 114.99999999999999 and 4.35 * 100 = 434.99999999999994 in floating point
    expect(parseYuanToFen('1.15')).toBe(115);
    expect(parseYuanToFen('4.35')).toBe(435);
    expect(parseYuanToFen('90071992547409.91')).toBe(9_007_199_254_740_991);
  });

  it('refuses sub-fen precision, text, bad grouping and values beyond exact range', () => {
    expect(readYuan('1.234')).toMatchObject({ ok: false, reason: { en: expect.stringMatching(/fen/) } });
    expect(readYuan('1.23万')).toEqual({ ok: true, fen: 1_230_000 });
    expect(readYuan('1.2345678万').ok).toBe(false);
    expect(readYuan('abc').ok).toBe(false);
    expect(readYuan('').ok).toBe(false);
    expect(readYuan('1,50,000').ok).toBe(false);
    expect(readYuan('1.5E+06').ok).toBe(false);
    expect(readYuan('90071992547409.92').ok).toBe(false);
  });

  it('throws a KamError naming the field', () => {
    let caught: unknown;
    try {
      parseYuanToFen('twelve', 'cost');
    } catch (error) {
      caught = error;
    }
    expect(isKamError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/^cost: "twelve" is not valid/);
  });

  it('property: fen → yuan text → fen is the identity, grouped or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.boolean(),
        (fen, grouped) => {
          const result = readYuan(yuanText(fen, grouped));
          expect(result).toEqual({ ok: true, fen: fen === 0 ? 0 : fen });
        },
      ),
    );
  });

  it('property: 万 and 亿 scale exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_000_000 }),
        fc.integer({ min: 0, max: 9_999 }),
        (wan, fraction) => {
          // `${wan}.${fraction padded to 4}万` is wan×10⁴ + fraction yuan
          const text = `${wan}.${String(fraction).padStart(4, '0')}万`;
          expect(readYuan(text)).toEqual({ ok: true, fen: (wan * 10_000 + fraction) * 100 });
        },
      ),
    );
  });

  it('property: a third non-zero decimal is always refused', () => {
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 9 }),
        (yuan, cents, extra) => {
          expect(readYuan(`${yuan}.${String(cents).padStart(2, '0')}${extra}`).ok).toBe(false);
        },
      ),
    );
  });
});

describe('readFen', () => {
  it('reads whole numbers of fen and refuses decimals', () => {
    expect(readFen('150000')).toEqual({ ok: true, fen: 150_000 });
    expect(readFen('1,500,000')).toEqual({ ok: true, fen: 1_500_000 });
    expect(readFen('-20')).toEqual({ ok: true, fen: -20 });
    expect(readFen('1.5').ok).toBe(false);
    expect(readFen('9007199254740993').ok).toBe(false);
  });
});
