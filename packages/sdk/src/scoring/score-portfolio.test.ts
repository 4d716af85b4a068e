import { describe, expect, it } from 'vitest';
import { AccountSchema } from '../domain/account.js';
import { FigureContext } from '../metrics/figures.js';
import { monthly, row, samplePortfolio } from './__fixtures__/portfolio.js';
import { diffScores, explainScore, topFactors } from './explain.js';
import { loadScoringModel } from './model.js';
import { CONTRIBUTION_VALUE_MODEL, RFM_MODEL } from './presets.js';
import { rankScores } from './rank.js';
import { scorePortfolio } from './score-portfolio.js';

const { accounts, aggregates } = samplePortfolio();
const october = new FigureContext({ accounts, aggregates, asOf: '2026-10' });

function scoreOf(result: ReturnType<typeof scorePortfolio>, accountId: string): number {
  return explainScore(result, accountId).score;
}

describe('scorePortfolio with the RFM preset', () => {
  const result = scorePortfolio({ model: RFM_MODEL, context: october });

  it('reads recency, frequency and spend over the last 12 months', () => {
    expect(result.accountIds).toEqual(['acme', 'globex', 'initech', 'umbrella']);
    expect(result.asOf).toBe('2026-10');
    const [recency, frequency, monetary] = result.factors;
    expect([...recency!.raw.subarray(0, 3)]).toEqual([3, 46, 263]);
    expect(recency!.raw[3]).toBeNaN();
    expect([...frequency!.raw]).toEqual([12, 3, 1, 0]);
    expect([...monetary!.raw]).toEqual([120_000_000, 200_000_000, 1_000_000, 0]);
  });

  it('ranks by percentile, more recent being better', () => {
    // R: 3 days → 1, 46 → 0.5, 263 → 0, none → 0 · F: 1, 2/3, 1/3, 0 · M: 2/3, 1, 1/3, 0
    expect(scoreOf(result, 'acme')).toBeCloseTo(((1 + 1 + 2 / 3) / 3) * 100, 10);
    expect(scoreOf(result, 'globex')).toBeCloseTo(((0.5 + 2 / 3 + 1) / 3) * 100, 10);
    expect(scoreOf(result, 'initech')).toBeCloseTo(((0 + 1 / 3 + 1 / 3) / 3) * 100, 10);
    expect(scoreOf(result, 'umbrella')).toBe(0);
  });
});

describe('scorePortfolio with the contribution-value preset', () => {
  const result = scorePortfolio({ model: CONTRIBUTION_VALUE_MODEL, context: october });

  it('puts profit first and reads credit, potential and standing from attributes', () => {
    // globex: profit 1 ×30, revenue 1 ×20, growth z=+1 → 0.75 ×15, frequency log 4/log 13 ×10,
    // credit 70 → 1 of 3 points ×10, potential 5 → 1 ×10, standing 3 → 1 of 3 points ×5
    const globex = 30 + 20 + 0.75 * 15 + (Math.log(4) / Math.log(13)) * 10 + 10 / 3 + 10 + 5 / 3;
    expect(scoreOf(result, 'globex')).toBeCloseTo(globex, 10);
    // acme: profit 0 (lower of the two known), revenue 2/3, growth 0.25, frequency 1, credit 1, potential 0.75, standing 1
    expect(scoreOf(result, 'acme')).toBeCloseTo((20 * 2) / 3 + 3.75 + 10 + 10 + 7.5 + 5, 10);
  });

  it('leaves an unknown profit out and reweights over the other 70', () => {
    const why = explainScore(result, 'initech');
    const profit = why.factors.find((factor) => factor.id === 'profit')!;
    expect(profit.missing).toBe(true);
    expect(profit.share).toBe(0);
    const expected = ((20 / 3 + 7.5 + (Math.log(2) / Math.log(13)) * 10 + 2.5) / 70) * 100;
    expect(why.score).toBeCloseTo(expected, 10);
    expect(why.factors.reduce((sum, factor) => sum + factor.share, 0)).toBeCloseTo(1, 12);
  });

  it('produces the ordered list for the team to review', () => {
    expect(rankScores(result).map((entry) => entry.accountId)).toEqual([
      'globex',
      'acme',
      'initech',
      'umbrella',
    ]);
  });

  it('tells acme where its points are missing', () => {
    expect(topFactors(explainScore(result, 'acme'), { by: 'missed', count: 1 })[0]?.id).toBe('profit');
  });

  it('names profit as what moved acme after a large profitable order', () => {
    const november = new FigureContext({
      accounts,
      aggregates: [...aggregates, row('acme', '2026-11', { revenueYuan: 3_000_000, profitYuan: 900_000 })],
      asOf: '2026-11',
    });
    const after = scorePortfolio({ model: CONTRIBUTION_VALUE_MODEL, context: november });
    const diff = diffScores(explainScore(result, 'acme'), explainScore(after, 'acme'));
    expect(diff.factors[0]?.id).toBe('profit');
    expect(diff.factors[0]?.delta).toBeCloseTo(30, 10);
    expect(diff.factors[0]?.rawBefore).toBe(24_000_000);
    expect(diff.factors[0]?.rawAfter).toBe(112_000_000);
    expect(diff.asOfBefore).toBe('2026-10');
    expect(diff.asOfAfter).toBe('2026-11');
    expect(diff.summary['zh-CN']).toContain('变化最大的是利润贡献（+30.0 分）');
  });
});

describe('scorePortfolio over the structure tree', () => {
  it('scores a group on the sum of its subtree when the source rolls up', () => {
    const tree = [
      { id: 'group', name: 'Group', division: 'hq' },
      { id: 'branch-1', name: 'Branch 1', division: 'hq', parentId: 'group' },
      { id: 'branch-2', name: 'Branch 2', division: 'hq', parentId: 'group' },
      { id: 'solo', name: 'Solo', division: 'hq' },
    ];
    const model = loadScoringModel({
      id: 'tree',
      name: 'Tree',
      factors: [
        {
          id: 'revenue',
          source: { metric: 'revenue', window: { unit: 'rolling', months: 12 }, rollUp: true },
          weight: 1,
          normalise: 'min-max',
        },
      ],
    });
    const context = new FigureContext({
      accounts: tree.map((account) => AccountSchema.parse(account)),
      aggregates: [
        ...monthly('branch-1', '2026-10', 12, { revenueYuan: 10_000 }),
        ...monthly('branch-2', '2026-10', 12, { revenueYuan: 30_000 }),
        ...monthly('solo', '2026-10', 12, { revenueYuan: 35_000 }),
      ],
      asOf: '2026-10',
    });
    const result = scorePortfolio({ model, context });
    // group 480k, branch-1 120k, branch-2 360k, solo 420k → min-max over 120k..480k
    expect([...result.scores]).toEqual([100, 0, (240 / 360) * 100, (300 / 360) * 100]);
  });
});
