import { describe, expect, it } from 'vitest';
import { type Freshness, staleNote } from './freshness.js';

/** A stale month computed at `computedAt`. */
function staleAt(computedAt: string): Freshness {
  return {
    meta: {
      month: '2026-10',
      policyFingerprint: 'p',
      dataGeneration: 1,
      computedAt,
      today: '2026-11-05',
      accountCount: 1,
    },
    stale: true,
    dataChanged: true,
    policiesChanged: false,
  };
}

describe('staleNote', () => {
  it('states the time the results were computed with its zone, in both locales', () => {
    const note = staleNote(staleAt('2026-11-05T02:02:00.000Z'), 'Asia/Shanghai');
    expect(note).toEqual({
      'zh-CN': '截至 2026-11-05 10:02 (UTC+8)；正在更新',
      en: 'as of 2026-11-05 10:02 (UTC+8); refreshing',
    });
  });

  it('follows the zone it is given, daylight saving and half hours included', () => {
    expect(staleNote(staleAt('2026-11-05T02:02:00.000Z'), 'America/Los_Angeles').en).toBe(
      'as of 2026-11-04 18:02 (UTC-8); refreshing',
    );
    expect(staleNote(staleAt('2026-07-05T02:02:00.000Z'), 'America/Los_Angeles').en).toBe(
      'as of 2026-07-04 19:02 (UTC-7); refreshing',
    );
    expect(staleNote(staleAt('2026-11-05T02:02:00.000Z'), 'Asia/Kolkata')['zh-CN']).toBe(
      '截至 2026-11-05 07:32 (UTC+5:30)；正在更新',
    );
    expect(staleNote(staleAt('2026-11-05T02:02:00.000Z'), 'UTC').en).toBe(
      'as of 2026-11-05 02:02 (UTC); refreshing',
    );
  });
});
