import { buildPortfolioAnalysis, type PortfolioAnalysis, renderReport } from '@kamkit/sdk';
import { describe, expect, it } from 'vitest';
import { demoSource } from '../../sdk/src/reports/__fixtures__/demo-source.js';
import { REPORT_MESSAGE_LIMIT, reportMessages, slackErrorText } from './post-report.js';

const at = new Date('2026-10-31T16:30:00Z');

describe('reportMessages', () => {
  it('cuts a long report to three messages of at most 50 blocks, the last saying how much was left out', async () => {
    const { source } = await demoSource();
    const analysis = buildPortfolioAnalysis(source);
    const template = analysis.fluctuating[0]!;
    // 4,000 fluctuating accounts with long names: far more than three messages of 50 blocks.
    const long: PortfolioAnalysis = {
      ...analysis,
      fluctuating: Array.from({ length: 4000 }, (_, index) => ({
        ...template,
        name: `客户 ${index} ${'长'.repeat(100)}`,
      })),
    };
    for (const [locale, more] of [
      ['zh-CN', /^_报表较长，另有 \d+ 段未显示。_$/u],
      ['en', /^_The report is long: \d+ more sections not shown\._$/u],
    ] as const) {
      const rendered = renderReport(long, { locale, format: 'slack', generatedAt: at });
      if (rendered.format !== 'slack') throw new Error('expected slack');
      expect(rendered.messages.length).toBeGreaterThan(REPORT_MESSAGE_LIMIT);
      const messages = reportMessages(long, { locale, generatedAt: at });
      expect(messages).toHaveLength(REPORT_MESSAGE_LIMIT);
      for (const message of messages) expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(messages[0]).toEqual(rendered.messages[0]);
      const last = messages.at(-1)!.blocks.at(-1) as { type: string; elements: { text: string }[] };
      expect(last.type).toBe('context');
      expect(last.elements[0]!.text).toMatch(more);
      const shown = messages.reduce((sum, message) => sum + message.blocks.length, 0) - 1;
      const total = rendered.messages.reduce((sum, message) => sum + message.blocks.length, 0);
      expect(Number(/\d+/u.exec(last.elements[0]!.text)![0])).toBe(total - shown);
    }
    // A report that fits is posted whole, footer included.
    const short = reportMessages(analysis, { locale: 'en', generatedAt: at });
    expect(short).toHaveLength(1);
    expect(JSON.stringify(short[0]!.blocks.at(-1))).toContain('Generated 2026-11-01 00:30');
  });
});

describe('slackErrorText', () => {
  it('names the Web API error and the scope it needed', () => {
    const error = Object.assign(new Error('An API error occurred: missing_scope'), {
      data: { ok: false, error: 'missing_scope', needed: 'files:write' },
    });
    expect(slackErrorText(error)).toBe('missing_scope (needed: files:write)');
    expect(slackErrorText(new Error('socket hang up'))).toBe('socket hang up');
  });
});
