import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitText, utf8Length, WECHAT_TEXT_BYTES } from './split-text.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

describe('splitText', () => {
  it('keeps a short reply in one message', () => {
    expect(splitText('■ 华瑞化工 · 2026-10\n分级: VIP 客户')).toEqual([
      '■ 华瑞化工 · 2026-10\n分级: VIP 客户',
    ]);
  });

  it('breaks a long Chinese report between paragraphs, each part under 2,048 bytes', () => {
    const paragraph = (index: number) => `第 ${index} 段\n${'客户收入连续下降，请立即联系。'.repeat(20)}`;
    const text = Array.from({ length: 8 }, (_, index) => paragraph(index + 1)).join('\n\n');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(utf8Length(part)).toBeLessThan(WECHAT_TEXT_BYTES);
      // Each part starts at a paragraph's heading: no paragraph was cut.
      expect(part).toMatch(/^第 \d+ 段/u);
    }
    expect(parts.join('\n\n')).toBe(text);
  });

  it('breaks between lines when one paragraph is too long, and inside a line only as a last resort', () => {
    const line = '一二三四五六七八九十'.repeat(10); // 300 bytes
    const parts = splitText(Array.from({ length: 10 }, () => line).join('\n'), 1000);
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe([line, line, line].join('\n'));
    const long = '好'.repeat(1000);
    const cut = splitText(long, 100);
    expect(cut.join('')).toBe(long);
    expect(cut.every((part) => utf8Length(part) < 100)).toBe(true);
  });

  it('never exceeds the limit, never splits a character and loses nothing but separators', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.constantFrom('\n', '\n\n', '客户')),
          {
            maxLength: 60,
          },
        ),
        fc.integer({ min: 8, max: 400 }),
        (pieces, limit) => {
          const text = pieces.join('');
          const parts = splitText(text, limit);
          for (const part of parts) {
            expect(utf8Length(part)).toBeLessThan(limit);
            expect(part).not.toMatch(LONE_SURROGATE);
          }
          const strip = (value: string) => value.replace(/\s+/gu, '');
          expect(strip(parts.join(''))).toBe(strip(text));
        },
      ),
    );
  });
});
