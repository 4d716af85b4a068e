import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../money/money.js';
import { answersAll, rating, testCycle } from '../../review360/__fixtures__/build.js';
import { competencyModelPreset } from '../../review360/presets.js';
import { computeCycleResults } from '../../review360/results.js';
import { demoSource } from '../__fixtures__/demo-source.js';
import { buildAccountCard } from '../data/account-card.js';
import { buildAccountReport } from '../data/account-report.js';
import { buildDueDigest } from '../data/due-digest.js';
import { buildKpiScorecard } from '../data/kpi-scorecard.js';
import { buildPortfolioAnalysis } from '../data/portfolio-analysis.js';
import { buildReview360Individual, buildReview360Summary } from '../data/review360-report.js';
import { message } from './helpers.js';
import { REPORT_MESSAGES } from './messages.js';
import { REPORT_FORMATS, type ReportData, renderReport } from './render-report.js';
import { splitMessages, utf8Bytes } from './split-messages.js';
import { TEMPLATE_SOURCE_HASHES } from './templates.generated.js';
import { loadTemplateOverrides } from './templates.js';

const templateDir = join(dirname(fileURLToPath(import.meta.url)), 'templates');
const templateFiles = readdirSync(templateDir).filter((file) => file.endsWith('.hbs'));
const LOCALES = ['zh-CN', 'en'] as const;
const at = new Date('2026-10-31T16:30:00Z');

async function allReports(): Promise<ReportData[]> {
  const { source } = await demoSource();
  const accountId = source.run.tiers.find((tier) => tier.tier !== null && tier.upgrade !== null)!.accountId;
  const model = competencyModelPreset('dcfin-27');
  const cycle = testCycle('annual-review', {}, 2);
  const all = (value: number) => answersAll(model, value);
  const results = computeCycleResults({
    cycle,
    model,
    submissions: [
      rating({ rater: 'boss', relation: 'supervisor', answers: all(4) }),
      ...[3, 3, 4].map((value, index) =>
        rating({ rater: `peer${index}`, relation: 'peer', answers: all(value) }),
      ),
      rating({ rater: 'self', relation: 'self', answers: all(5) }),
    ],
  });
  return [
    buildAccountCard(source, accountId),
    buildAccountReport(source, accountId, { period: '2026-Q3' }),
    buildPortfolioAnalysis(source),
    buildKpiScorecard(source),
    buildReview360Individual({ result: results.resultFor('s1'), model, subjectName: '员工1' }),
    buildReview360Summary({ cycle, results }),
    buildDueDigest(source.run, { names: new Map(source.users.map((user) => [user.id, user.name])) }),
  ];
}

describe('templates and messages', () => {
  it('the precompiled module is up to date with the .hbs sources (run scripts/build-templates.mjs)', () => {
    const current = Object.fromEntries(
      templateFiles.map((file) => [
        file.slice(0, -4),
        createHash('sha256')
          .update(readFileSync(join(templateDir, file), 'utf8'))
          .digest('hex'),
      ]),
    );
    expect(TEMPLATE_SOURCE_HASHES).toEqual(current);
  });

  it('says “1 account” and “2 accounts”, “1 day overdue” and “3 days overdue”', () => {
    expect(message('en', 'common.accounts', { count: 1 })).toBe('1 account');
    expect(message('en', 'common.accounts', { count: 2 })).toBe('2 accounts');
    expect(message('en', 'digest.overdue', { days: 1 })).toBe('[1 day overdue]');
    expect(message('en', 'digest.overdue', { days: 3 })).toBe('[3 days overdue]');
    expect(message('zh-CN', 'common.accounts', { count: 1 })).toBe('1 个客户');
  });

  it('both locales hold the same keys, and every key a template names exists in both', () => {
    expect(Object.keys(REPORT_MESSAGES.en).sort()).toEqual(Object.keys(REPORT_MESSAGES['zh-CN']).sort());
    const used = new Set<string>();
    for (const file of templateFiles) {
      const source = readFileSync(join(templateDir, file), 'utf8');
      for (const match of source.matchAll(/(?:\{\{|\()t "([^"]+)"/g)) used.add(match[1]!);
    }
    for (const prefix of ['account.period.', 'r360.status.', 'interaction.', 'severity.', 'status.']) {
      expect(Object.keys(REPORT_MESSAGES.en).some((key) => key.startsWith(prefix))).toBe(true);
    }
    for (const locale of LOCALES) {
      const missing = [...used].filter((key) => REPORT_MESSAGES[locale][key] === undefined);
      expect(missing, `missing in ${locale}`).toEqual([]);
    }
  });

  it('renders every report in every format and both locales without gaps', async () => {
    for (const report of await allReports()) {
      for (const locale of LOCALES) {
        for (const format of REPORT_FORMATS) {
          const rendered = renderReport(report, { locale, format, generatedAt: at });
          const text = rendered.format === 'html' ? rendered.html : rendered.text;
          const where = `${report.kind} ${format} ${locale}`;
          expect(text, where).not.toMatch(/undefined|\[object Object\]|NaN/);
          expect(text.length, where).toBeGreaterThan(100);
          if (locale === 'en') expect(text, where).not.toContain('生成于');
        }
      }
    }
  });

  it('the portfolio report shows its numbers: ¥ with 万/亿 in zh-CN, separators in en, dates in the org time zone', async () => {
    const report = (await allReports())[2] as ReturnType<typeof buildPortfolioAnalysis>;
    const zh = renderReport(report, { locale: 'zh-CN', format: 'md', generatedAt: at });
    const en = renderReport(report, {
      locale: 'en',
      format: 'md',
      generatedAt: at,
      timeZone: 'Europe/London',
    });
    if (zh.format !== 'md' || en.format !== 'md') throw new Error('expected markdown');
    expect(formatMoney(report.revenue.monthFen, 'zh-CN')).toMatch(/万|亿/);
    expect(zh.text).toContain(`**${formatMoney(report.revenue.monthFen, 'zh-CN')}**`);
    expect(en.text).toContain(`**${formatMoney(report.revenue.monthFen, 'en')}**`);
    for (const line of report.tiers) {
      expect(zh.text).toContain(
        `- ${line.label['zh-CN']}: ${line.count} 个客户 · ${formatMoney(line.revenueFen, 'zh-CN')}`,
      );
    }
    expect(zh.text).toContain('生成于 2026-11-01 00:30（Asia/Shanghai）');
    expect(en.text).toContain('Generated 2026-10-31 16:30 (Europe/London)');
  });

  it('the HTML report is standalone, embeds the SVG charts and escapes names', async () => {
    const report = (await allReports())[2] as ReturnType<typeof buildPortfolioAnalysis>;
    const hostile = { ...report, topTen: [{ ...report.topTen[0]!, name: '<script>alert(1)</script>' }] };
    const rendered = renderReport(hostile, { locale: 'zh-CN', format: 'html', generatedAt: at });
    if (rendered.format !== 'html') throw new Error('expected html');
    expect(rendered.html.startsWith('<!doctype html>')).toBe(true);
    expect(rendered.html.match(/<svg /g)).toHaveLength(3);
    expect(rendered.html).not.toContain('<script>alert(1)</script>');
    expect(rendered.html).toContain('&lt;script&gt;');
    expect(rendered.html).not.toMatch(/<link |<script src/);
  });

  it('WeChat text comes in messages under 2,048 bytes; Slack within its block limits', async () => {
    for (const report of await allReports()) {
      const txt = renderReport(report, { locale: 'zh-CN', format: 'txt', generatedAt: at });
      if (txt.format !== 'txt') throw new Error('expected txt');
      for (const message of txt.messages) expect(utf8Bytes(message)).toBeLessThan(2048);
      expect(txt.messages.join('').replaceAll('\n', '')).toBe(txt.text.replaceAll('\n', ''));
      const slack = renderReport(report, { locale: 'en', format: 'slack', generatedAt: at });
      if (slack.format !== 'slack') throw new Error('expected slack');
      expect(slack.messages[0]?.blocks[0]?.type).toBe('header');
      for (const message of slack.messages) expect(message.blocks.length).toBeLessThanOrEqual(50);
    }
  });

  it('a template is overridden by name from a folder, per format and per locale', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kamkit-templates-'));
    writeFileSync(join(folder, 'portfolio.md.hbs'), 'MD {{month}} {{money revenue.monthFen}}');
    writeFileSync(join(folder, 'portfolio.txt.en.hbs'), 'EN TEXT {{t "portfolio.month"}}');
    const templates = await loadTemplateOverrides(folder);
    const report = (await allReports())[2] as ReturnType<typeof buildPortfolioAnalysis>;
    const md = renderReport(report, { locale: 'zh-CN', format: 'md', templates });
    const txtEn = renderReport(report, { locale: 'en', format: 'txt', templates });
    const txtZh = renderReport(report, { locale: 'zh-CN', format: 'txt', templates });
    expect(md.format === 'md' && md.text).toBe(
      `MD 2026-10 ${formatMoney(report.revenue.monthFen, 'zh-CN')}\n`,
    );
    expect(txtEn.format === 'txt' && txtEn.text).toBe('EN TEXT This month\n');
    expect(txtZh.format === 'txt' && txtZh.text).toContain('【大客户经营分析（2026-10）】');
    writeFileSync(join(folder, 'kpi.html.hbs'), '{{#if}}');
    await expect(loadTemplateOverrides(folder)).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      path: 'kpi.html.hbs',
    });
  });
});

describe('splitMessages', () => {
  it('never exceeds the limit and loses nothing but the separators at breaks', () => {
    const line = fc.string({ unit: fc.constantFrom('a', '中', '𠀀', ' ', '¥', 'é'), maxLength: 400 });
    const text = fc.array(
      fc.array(line, { maxLength: 8 }).map((lines) => lines.join('\n')),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 8, max: 600 }), (paragraphs, limit) => {
        const input = paragraphs.join('\n\n');
        const messages = splitMessages(input, limit);
        for (const message of messages) expect(utf8Bytes(message)).toBeLessThan(limit);
        expect(messages.join('').replace(/\n/g, '')).toBe(
          input
            .split(/\n{2,}/)
            .filter((paragraph) => paragraph.trim() !== '')
            .join('')
            .replace(/\n/g, ''),
        );
      }),
    );
  });

  it('breaks at paragraph boundaries when paragraphs fit', () => {
    const paragraph = '中'.repeat(300); // 900 bytes
    expect(splitMessages([paragraph, paragraph, paragraph].join('\n\n'))).toEqual([
      `${paragraph}\n\n${paragraph}`,
      paragraph,
    ]);
  });
});
