import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  atLeast,
  formatNumber,
  formatPercent,
  formatPercentPair,
  groupThousands,
  ratioExceeds,
  roundDecimal,
} from './decimal.js';

describe('number policy', () => {
  it('rounds half away from zero on the decimal digits', () => {
    expect(roundDecimal(19.985, 2)).toBe('19.99');
    expect(roundDecimal(19.985, 1)).toBe('20.0');
    expect(roundDecimal(1.005, 2)).toBe('1.01');
    expect(roundDecimal(-2.5, 0)).toBe('-3');
    expect(roundDecimal(-0.04, 1)).toBe('0.0');
    expect(roundDecimal(1e21, 0)).toBe('1000000000000000000000');
    expect(roundDecimal(1.5e-7, 7)).toBe('0.0000002');
    expect(roundDecimal(0.3005, 1, 2)).toBe('30.1');
  });

  it('shows percentages with one decimal everywhere', () => {
    expect(formatPercent(0.8)).toBe('80.0%');
    expect(formatPercent(0.19985)).toBe('20.0%');
    expect(formatPercent(0.12, { signed: true })).toBe('+12.0%');
    expect(formatPercent(-0.31, { signed: true })).toBe('-31.0%');
    expect(formatPercent(0, { signed: true })).toBe('0.0%');
    expect(formatPercent(123.4)).toBe('12,340.0%');
    expect(formatPercent(Number.NaN)).toBe('—');
  });

  it('never shows a figure and its threshold alike when they differ', () => {
    expect(formatPercentPair(601 / 2000, 0.3)).toEqual(['30.1%', '30.0%']);
    expect(formatPercentPair(0.30001, 0.3)).toEqual(['30.001%', '30.000%']);
    expect(formatPercentPair(0.3, 0.3)).toEqual(['30.0%', '30.0%']);
  });

  it('groups thousands and drops trailing zeros', () => {
    expect(formatNumber(1234567.891)).toBe('1,234,567.89');
    expect(formatNumber(2.5, { decimals: 0 })).toBe('3');
    expect(formatNumber(3.1, { decimals: 2, fixed: true })).toBe('3.10');
    expect(groupThousands('-1234567.5')).toBe('-1,234,567.5');
  });

  it('holds "≥" at the boundary', () => {
    expect(4.6 - 3.6 >= 1).toBe(false);
    expect(atLeast(4.6 - 3.6, 1)).toBe(true);
    expect(atLeast(0.999, 1)).toBe(false);
    expect(ratioExceeds(600, 2000, 0.3)).toBe(false);
    expect(ratioExceeds(601, 2000, 0.3)).toBe(true);
    expect(ratioExceeds(-601, 2000, 0.3)).toBe(true);
  });

  it('property: rounding matches exact integer arithmetic on hundredths', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (thousandths) => {
        const text = roundDecimal(`${thousandths}e-3`, 2);
        const magnitude = Math.abs(thousandths);
        const hundredths = Math.floor((magnitude + 5) / 10);
        const expected = `${hundredths === 0 || thousandths >= 0 ? '' : '-'}${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
        expect(text).toBe(expected);
      }),
    );
  });

  it('property: ratioExceeds agrees with the exact comparison of integers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 1000 }),
        (change, base, permille) => {
          expect(ratioExceeds(change, base, permille / 1000)).toBe(Math.abs(change) * 1000 > base * permille);
        },
      ),
    );
  });

  it('property: a pair of percentages differs exactly when the values do (to six places)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        (value, threshold) => {
          const [shown, limit] = formatPercentPair(value / 1_000_000, threshold / 1000);
          expect(shown === limit).toBe(value === threshold * 1000);
        },
      ),
    );
  });
});
