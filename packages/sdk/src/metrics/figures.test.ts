import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readNumberText } from './figures.js';

describe('readNumberText', () => {
  it('reads numbers as spreadsheets write them', () => {
    expect(readNumberText('2000')).toBe(2000);
    expect(readNumberText('2,000')).toBe(2000);
    expect(readNumberText('１，２５０.５')).toBe(1250.5);
    expect(readNumberText(' -3 ')).toBe(-3);
    expect(readNumberText('1 250 000')).toBe(1_250_000);
  });

  it('anything else is unknown, never a guess', () => {
    for (const text of [
      '',
      ' ',
      'n/a',
      '2千',
      '1,00',
      '12,3456',
      '1e3',
      '0x10',
      'Infinity',
      '2,000kVA',
      undefined,
      null,
    ])
      expect(readNumberText(text)).toBeNaN();
  });

  it('property: a number grouped with commas, full-width or not, reads back as that number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 99 }),
        fc.boolean(),
        (whole, cents, wide) => {
          const sign = whole < 0 ? '-' : '';
          const grouped = `${sign}${Math.abs(whole).toLocaleString('en-US')}.${String(cents).padStart(2, '0')}`;
          const text = wide
            ? grouped.replace(/[0-9,]/g, (char) =>
                char === ',' ? '，' : String.fromCharCode(char.charCodeAt(0) + 0xfee0),
              )
            : grouped;
          expect(readNumberText(text)).toBe(
            Number(`${sign}${Math.abs(whole)}.${String(cents).padStart(2, '0')}`),
          );
        },
      ),
    );
  });
});
