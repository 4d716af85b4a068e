import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../money/money.js';
import { answersAll, rating, testCycle } from '../../review360/__fixtures__/build.js';
import { competencyModelPreset } from '../../review360/presets.js';
import { computeCycleResults } from '../../review360/results.js';
import { demoSource } from '../__fixtures__/demo-source.js';
import { buildAccountReport } from '../data/account-report.js';
import { buildKpiScorecard } from '../data/kpi-scorecard.js';
import { buildPortfolioAnalysis } from '../data/portfolio-analysis.js';
import { buildReview360Individual } from '../data/review360-report.js';
import { svgToPng } from './png.js';
import { reportCharts } from './report-charts.js';

describe('reportCharts', () => {
  it('gives a portfolio its tier distribution and trend, an account report its 12-month trend, with figures in the alt text', async () => {
    const { source } = await demoSource();
    const analysis = buildPortfolioAnalysis(source);
    const [tiers, trend] = reportCharts(analysis, 'en');
    expect(reportCharts(analysis, 'en')).toHaveLength(2);
    expect(tiers!.title).toBe('Accounts per tier');
    for (const line of analysis.tiers) expect(tiers!.altText).toContain(`${line.label.en} ${line.count}`);
    expect(tiers!.svg).toContain('Accounts per tier');
    expect(trend!.altText).toContain(
      `${analysis.trend.months.at(-1)} ${formatMoney(analysis.trend.revenueFen.at(-1)!, 'en')}`,
    );

    const accountId = source.run.tiers.find((tier) => tier.tier !== null)!.accountId;
    const report = buildAccountReport(source, accountId, { period: '2026-Q3' });
    const [zh] = reportCharts(report, 'zh-CN');
    expect(reportCharts(report, 'zh-CN')).toHaveLength(1);
    expect(zh!.name).toBe(`trend-${accountId}`);
    expect(zh!.title).toBe(`${report.name} · 近 12 个月收入`);
    expect(zh!.altText.split('；')).toHaveLength(12);
    expect(zh!.altText).toContain(`2026-09 ${formatMoney(report.trend.revenueFen.at(-1)!, 'zh-CN')}`);
    expect(reportCharts(buildKpiScorecard(source), 'en')).toEqual([]);

    const png = await svgToPng(zh!.svg);
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.length).toBeGreaterThan(2000);
  });

  it('gives a 360° individual report the self-against-others radar, with both scores per dimension', () => {
    const model = competencyModelPreset('dcfin-27');
    const cycle = testCycle('annual-review', {}, 2);
    const results = computeCycleResults({
      cycle,
      model,
      submissions: [
        rating({ rater: 'boss', relation: 'supervisor', answers: answersAll(model, 4) }),
        ...[3, 3, 4].map((value, index) =>
          rating({ rater: `peer${index}`, relation: 'peer', answers: answersAll(model, value) }),
        ),
        rating({ rater: 'self', relation: 'self', answers: answersAll(model, 5) }),
      ],
    });
    const report = buildReview360Individual({ result: results.resultFor('s1'), model, subjectName: '员工1' });
    const [radar] = reportCharts(report, 'en');
    expect(radar!.title).toBe('员工1 · 360°: self vs others by dimension');
    const first = report.dimensions[0]!;
    expect(radar!.altText).toContain(`${first.name.en} Self 5.00 / Others ${first.others!.toFixed(2)}`);
    expect(radar!.svg).toContain('<polygon class="series"');
    expect(reportCharts(report, 'zh-CN')[0]!.altText).toContain(`${first.name['zh-CN']} 自评 5.00`);
  });
});
