import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoSource } from '../__fixtures__/demo-source.js';
import { buildAccountReport } from '../data/account-report.js';
import { buildPortfolioAnalysis } from '../data/portfolio-analysis.js';
import { renderReport } from './render-report.js';
import {
  limitSlackMessages,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
  toSlackMessages,
} from './slack-blocks.js';

const at = new Date('2026-10-31T16:30:00Z');

const unescapeMrkdwn = (text: string) =>
  text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** Every text a reader sees in the blocks, unescaped. */
function visibleText(messages: readonly SlackMessage[]): string {
  const texts: string[] = [];
  for (const block of messages.flatMap((message) => message.blocks)) {
    if (block.type === 'header') texts.push(block.text.text);
    if (block.type === 'section') {
      if ('text' in block) texts.push(block.text.text);
      for (const field of block.fields ?? []) texts.push(field.text);
    }
    if (block.type === 'context') for (const element of block.elements) texts.push(element.text);
  }
  return unescapeMrkdwn(texts.join('\n'));
}

function expectWithinLimits(messages: readonly SlackMessage[]): void {
  for (const message of messages) {
    expect(message.blocks.length).toBeGreaterThan(0);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    for (const block of message.blocks) {
      if (block.type === 'header') {
        expect([...block.text.text].length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
        expect(block.text.text.trim()).not.toBe('');
      }
      if (block.type === 'section') {
        if ('text' in block) {
          expect([...block.text.text].length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
          expect(block.text.text.trim()).not.toBe('');
        } else expect(block.fields.length).toBeGreaterThan(0);
        expect((block.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.fieldsPerSection);
        for (const field of block.fields ?? [])
          expect([...field.text].length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
      if (block.type === 'context') {
        expect(block.elements.length).toBeGreaterThan(0);
        for (const element of block.elements) {
          expect([...element.text].length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
          expect(element.text.trim()).not.toBe('');
        }
      }
    }
  }
}

const word = fc.string({
  unit: fc.constantFrom('x', '中', '&', '<', '*', ' ', '𠀀'),
  minLength: 1,
  maxLength: 30,
});

describe('toSlackMessages', () => {
  it('keeps headers ≤ 150, sections ≤ 3,000 characters, ≤ 10 fields of ≤ 2,000 and messages ≤ 50 blocks', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 400 }).map((text) => `# ${text.replace(/\n/g, ' ')}`),
            fc.constant('---'),
            fc.string({ unit: fc.constantFrom('x', '中', '\n'), maxLength: 5000 }),
            fc
              .array(fc.tuple(word, fc.string({ unit: fc.constantFrom('y', '中'), maxLength: 2500 })), {
                minLength: 1,
                maxLength: 14,
              })
              .map((pairs) => pairs.map(([label, value]) => `- ${label}: ${value}`).join('\n')),
          ),
          { maxLength: 120 },
        ),
        (pieces) => expectWithinLimits(toSlackMessages(pieces.join('\n\n'))),
      ),
      { numRuns: 60 },
    );
  });

  it('loses no label, value or line of text', () => {
    const line = fc.oneof(
      word.map((text) => text.trim()).filter((text) => text !== '' && !text.startsWith('#')),
      fc.tuple(word, word).map(([label, value]) => `- ${label.trim() || 'l'}: ${value.trim() || 'v'}`),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(line, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 20 }),
        (paragraphs) => {
          const text = `# Title\n\n${paragraphs.map((lines) => lines.join('\n')).join('\n\n')}`;
          const visible = visibleText(toSlackMessages(text));
          for (const line of paragraphs.flat()) {
            const match = /^- (.+?): (.+)$/u.exec(line);
            for (const part of match ? [match[1]!, match[2]!] : [line])
              expect(visible).toContain(part.trim());
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('lays a short run of "- label: value" out as fields under its heading, and the footer as context', () => {
    const [message] = toSlackMessages(
      '# Portfolio\n\n*Revenue*\n- This month: *¥1.2亿*\n- Last month: ¥1.1亿 (+9.1%)\n\n---\nGenerated 2026-11-01 00:30',
    );
    expect(message!.blocks).toEqual<SlackBlock[]>([
      { type: 'header', text: { type: 'plain_text', text: 'Portfolio', emoji: true } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Revenue*' },
        fields: [
          { type: 'mrkdwn', text: '*This month*\n*¥1.2亿*' },
          { type: 'mrkdwn', text: '*Last month*\n¥1.1亿 (+9.1%)' },
        ],
      },
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Generated 2026-11-01 00:30' }] },
    ]);
    expect(message!.text).toBe('Portfolio');
  });

  it('keeps a long list as bullet text rather than a grid of more than ten fields', () => {
    const bullets = Array.from({ length: 11 }, (_, index) => `- account ${index}: ¥${index}`).join('\n');
    const [message] = toSlackMessages(`# List\n\n*Fluctuating*\n${bullets}`);
    const section = message!.blocks[1]!;
    expect(section).toMatchObject({ type: 'section' });
    expect('fields' in section).toBe(false);
    expect(JSON.stringify(section)).toContain('• account 10: ¥10');
  });

  it('keeps advice as bullet text: a value ending like a sentence is not a field', () => {
    for (const advice of [
      '- 低于同行业平均 ¥14.41万: 分析原因并制定提升计划。',
      '- No spend: contact the customer now.',
    ]) {
      const [message] = toSlackMessages(`# Advice\n\n*Improve*\n${advice}`);
      expect(message!.blocks[1]).toEqual({
        type: 'section',
        text: { type: 'mrkdwn', text: `*Improve*\n• ${advice.slice(2)}` },
      });
    }
  });

  it('escapes names so they cannot mention anyone or break the markup', () => {
    const [message] = toSlackMessages('# <!channel> & Co\n\n- <!here> & Co: ¥1\n\nhi <@U123>');
    const text = JSON.stringify(message!.blocks.slice(1));
    expect(text).not.toMatch(/<!|<@/u);
    expect(text).toContain('&lt;!here&gt; &amp; Co');
    expect(text).toContain('hi &lt;@U123&gt;');
    // A header is plain text: Slack shows it as written, nothing to escape.
    expect(message!.blocks[0]).toMatchObject({ type: 'header', text: { text: '<!channel> & Co' } });
  });

  it('renders the demo reports as header, fields and a context footer, in both locales', async () => {
    const { source } = await demoSource();
    const analysis = buildPortfolioAnalysis(source);
    const accountId = source.run.tiers.find((tier) => tier.tier !== null)!.accountId;
    const report = buildAccountReport(source, accountId, { period: '2026-Q3' });
    for (const [locale, month, generated] of [
      ['en', 'This month', 'Generated 2026-11-01 00:30'],
      ['zh-CN', '本月', '生成于 2026-11-01 00:30'],
    ] as const) {
      const rendered = renderReport(analysis, { locale, format: 'slack', generatedAt: at });
      if (rendered.format !== 'slack') throw new Error('expected slack');
      expectWithinLimits(rendered.messages);
      const blocks = rendered.messages.flatMap((message) => message.blocks);
      expect(blocks[0]).toMatchObject({ type: 'header' });
      const fields = blocks.flatMap((block) => (block.type === 'section' ? (block.fields ?? []) : []));
      expect(fields.some((field) => field.text.startsWith(`*${month}*\n`))).toBe(true);
      expect(blocks.at(-1)).toMatchObject({ type: 'context' });
      expect(JSON.stringify(blocks.at(-1))).toContain(generated);
      const account = renderReport(report, { locale, format: 'slack', generatedAt: at });
      if (account.format !== 'slack') throw new Error('expected slack');
      expectWithinLimits(account.messages);
      expect(account.messages[0]!.blocks[1]).toMatchObject({ type: 'section', fields: expect.any(Array) });
    }
  });
});

describe('limitSlackMessages', () => {
  const many = toSlackMessages(
    Array.from({ length: 120 }, (_, index) => (index === 0 ? '# Long' : `paragraph ${index}`)).join('\n\n'),
  );

  it('keeps the first messages and says how many sections were left out, in the locale', () => {
    expect(many.map((message) => message.blocks.length)).toEqual([50, 50, 20]);
    const [en] = limitSlackMessages(many, { maxMessages: 1, locale: 'en' });
    const [zh] = limitSlackMessages(many, { maxMessages: 1, locale: 'zh-CN' });
    expect(en!.blocks).toHaveLength(50);
    expect(en!.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '_The report is long: 71 more sections not shown._' }],
    });
    expect(JSON.stringify(zh!.blocks.at(-1))).toContain('另有 71 段未显示');
    const two = limitSlackMessages(many, { maxMessages: 2, locale: 'en' });
    expect(two.map((message) => message.blocks.length)).toEqual([50, 50]);
    expect(JSON.stringify(two[1]!.blocks.at(-1))).toContain('21 more sections');
    expectWithinLimits(two);
  });

  it('changes nothing when the report fits', () => {
    expect(limitSlackMessages(many, { maxMessages: 3, locale: 'en' })).toEqual(many);
    const short = toSlackMessages('# Short\n\none line');
    expect(limitSlackMessages(short, { maxMessages: 1, locale: 'zh-CN' })).toEqual(short);
  });
});
