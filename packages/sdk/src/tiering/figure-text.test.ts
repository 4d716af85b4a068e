import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../money/money.js';
import { defaultFigureLabel, formatFigure } from './figure-text.js';

describe('formatFigure', () => {
  it('writes money exactly as formatMoney does in en', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (fen) => {
        expect(formatFigure(fen, { kind: 'fen' }, 'en')).toBe(formatMoney(fen, 'en'));
      }),
    );
  });

  it('writes money with 万 and 亿 in zh-CN, ratios as percentages, custom units by name', () => {
    expect(formatFigure(150_000_000, { kind: 'fen' }, 'zh-CN')).toBe('¥150万');
    expect(formatFigure(12_500_000_000, { kind: 'fen' }, 'zh-CN')).toBe('¥1.25亿');
    expect(formatFigure(80_000, { kind: 'fen' }, 'zh-CN')).toBe('¥800');
    expect(formatFigure(0.9, { kind: 'ratio' }, 'en')).toBe('90.0%');
    expect(formatFigure(2000, { kind: 'number', name: 'kVA' }, 'en')).toBe('2,000 kVA');
    expect(formatFigure(Number.NaN, { kind: 'fen' }, 'zh-CN')).toBe('未知');
  });

  it('names figures by metric and window', () => {
    expect(
      defaultFigureLabel({ metric: 'revenue', window: { unit: 'year', offset: -1 }, rollUp: false }),
    ).toEqual({
      'zh-CN': '上年收入',
      en: 'revenue, last year',
    });
    expect(
      defaultFigureLabel({ metric: 'revenue', window: { unit: 'rolling', months: 36 }, rollUp: true }).en,
    ).toBe('revenue, last 36 months (whole group)');
  });
});
