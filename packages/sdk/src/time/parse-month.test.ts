import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMonth } from './parse-month.js';

const year = fc.integer({ min: 1000, max: 9999 });
const fullWidth = (text: string) =>
  text.replace(/[0-9/.-]/gu, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0));

describe('parseMonth', () => {
  it('reads every usual way of writing a month as the same YYYY-MM', () => {
    fc.assert(
      fc.property(year, fc.integer({ min: 1, max: 12 }), fc.boolean(), (y, m, wide) => {
        const mm = String(m).padStart(2, '0');
        const forms = [
          `${y}-${mm}`,
          `${y}-${m}`,
          `${y}/${m}`,
          `${y}.${mm}`,
          `${y}年${m}月`,
          ` ${y} 年 ${mm} 月 `,
          `${y}${mm}`,
          `${y}-${mm}-01`,
          `${y}/${m}/1`,
          `${y}年${m}月1日`,
        ];
        for (const form of forms) expect(parseMonth(wide ? fullWidth(form) : form)).toBe(`${y}-${mm}`);
      }),
    );
  });

  it('never returns anything but a real month, and refuses month numbers off 1–12 and other days', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const month = parseMonth(text);
        if (month !== undefined) expect(month).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/u);
      }),
    );
    fc.assert(
      fc.property(year, fc.integer({ min: 13, max: 99 }), (y, m) => {
        expect(parseMonth(`${y}-${m}`)).toBeUndefined();
        expect(parseMonth(`${y}年${m}月`)).toBeUndefined();
        expect(parseMonth(`${y}${m}`)).toBeUndefined();
      }),
    );
    for (const text of ['2026-00', '2026-10-15', '2026-101', '10/2026', '', '下月'])
      expect(parseMonth(text)).toBeUndefined();
  });
});
