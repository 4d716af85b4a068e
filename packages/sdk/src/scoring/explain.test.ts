import { describe, expect, it } from 'vitest';
import { diffScores, explainScore, topFactors } from './explain.js';
import { loadScoringModel } from './model.js';
import { scoreColumns } from './score-columns.js';

const model = loadScoringModel({
  id: 'value',
  name: { 'zh-CN': '客户价值', en: 'Customer value' },
  factors: [
    {
      id: 'profit',
      label: { 'zh-CN': '利润', en: 'Profit' },
      source: { metric: 'profit' },
      weight: 5,
      normalise: 'min-max',
    },
    { id: 'revenue', label: 'Revenue', source: { metric: 'revenue' }, weight: 3, normalise: 'min-max' },
    {
      id: 'recency',
      source: { metric: 'recencyDays' },
      weight: 2,
      normalise: 'min-max',
      direction: 'lower-is-better',
      missing: 'exclude',
    },
  ],
});

const accountIds = ['acme', 'globex', 'initech'];
const september = scoreColumns({
  model,
  accountIds,
  asOf: '2026-09',
  columns: {
    profit: Float64Array.of(500, 0, 1000),
    revenue: Float64Array.of(2000, 1000, 3000),
    recency: Float64Array.of(10, Number.NaN, 30),
  },
});
// October: acme's profit collapses, its revenue barely moves.
const october = scoreColumns({
  model,
  accountIds,
  asOf: '2026-10',
  columns: {
    profit: Float64Array.of(100, 0, 1000),
    revenue: Float64Array.of(2100, 1000, 3000),
    recency: Float64Array.of(10, Number.NaN, 30),
  },
});

describe('explainScore', () => {
  it('gives each factor its raw, normalised, weight and points, largest contribution first', () => {
    const why = explainScore(september, 'acme');
    // profit 0.5 × 5/10, revenue 0.5 × 3/10, recency 1 × 2/10
    expect(why.score).toBeCloseTo(60, 12);
    expect(why.factors.map((factor) => [factor.id, factor.raw, factor.normalised, factor.weight])).toEqual([
      ['profit', 500, 0.5, 5],
      ['recency', 10, 1, 2],
      ['revenue', 2000, 0.5, 3],
    ]);
    expect(why.factors.map((factor) => factor.contribution)).toEqual([25, 20, 15]);
    expect(why.factors.map((factor) => factor.missed)).toEqual([25, 0, 15]);
    expect(why).toMatchObject({ accountId: 'acme', index: 0, modelId: 'value', asOf: '2026-09' });
  });

  it('sums the contributions to the score, with an excluded factor taking no share', () => {
    const why = explainScore(september, 'globex');
    const recency = why.factors.find((factor) => factor.id === 'recency')!;
    expect(recency).toMatchObject({ missing: true, share: 0, contribution: 0 });
    expect(recency.normalised).toBeNaN();
    for (const id of accountIds) {
      const explanation = explainScore(september, id);
      const total = explanation.factors.reduce((sum, factor) => sum + factor.contribution, 0);
      expect(total).toBeCloseTo(explanation.score, 12);
    }
  });

  it('finds accounts by position when the result has no ids, and reports unknown ones', () => {
    const anonymous = scoreColumns({
      model,
      columns: [Float64Array.of(1), Float64Array.of(2), Float64Array.of(3)],
    });
    expect(explainScore(anonymous, 0).accountId).toBeUndefined();
    expect(() => explainScore(anonymous, 'acme')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => explainScore(anonymous, 1)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => explainScore(september, 'nobody')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('topFactors', () => {
  const why = explainScore(september, 'acme');

  it('lists what carries the score, leaving out factors with no points', () => {
    expect(topFactors(why, { count: 2 }).map((factor) => factor.id)).toEqual(['profit', 'recency']);
    const globex = explainScore(september, 'globex');
    expect(topFactors(globex).map((factor) => factor.id)).toEqual([]);
  });

  it('lists where the most points are still to be won', () => {
    expect(topFactors(why, { by: 'missed' }).map((factor) => factor.id)).toEqual(['profit', 'revenue']);
  });
});

describe('diffScores', () => {
  it('names the factor that moved the score, with the raw figures before and after', () => {
    const diff = diffScores(explainScore(september, 'acme'), explainScore(october, 'acme'));
    // profit: 500 → 100 over 0..1000 → 0.5 → 0.1: −20 points; revenue 2000 → 2100 over 1000..3000: +1.5
    expect(diff.factors.map((factor) => factor.id)).toEqual(['profit', 'revenue', 'recency']);
    expect(diff.factors[0]).toMatchObject({ rawBefore: 500, rawAfter: 100 });
    expect(diff.factors[0]?.delta).toBeCloseTo(-20, 12);
    expect(diff.factors[1]?.delta).toBeCloseTo(1.5, 12);
    expect(diff.factors[2]?.delta).toBe(0);
    expect(diff.delta).toBeCloseTo(-18.5, 12);
    expect(diff.summary.en).toBe('Score 60.0 → 41.5 (−18.5); most of the change: Profit (−20.0 points)');
    expect(diff.summary['zh-CN']).toBe('得分 60.0 → 41.5 (−18.5)；变化最大的是利润（−20.0 分）');
  });

  it('says so when nothing moved', () => {
    const diff = diffScores(explainScore(september, 'initech'), explainScore(october, 'initech'));
    expect(diff.delta).toBe(0);
    expect(diff.summary.en).toBe('Score 80.0 → 80.0 (+0.0); no factor changed');
  });

  it('counts a factor present on one side only as 0 points on the other', () => {
    const smaller = loadScoringModel({
      id: 'value',
      name: 'Value',
      factors: [{ id: 'profit', source: { metric: 'profit' }, weight: 1, normalise: 'min-max' }],
    });
    const before = explainScore(
      scoreColumns({ model: smaller, accountIds, columns: [Float64Array.of(500, 0, 1000)] }),
      'acme',
    );
    const diff = diffScores(before, explainScore(october, 'acme'));
    const revenue = diff.factors.find((factor) => factor.id === 'revenue')!;
    expect(revenue.contributionBefore).toBe(0);
    expect(revenue.rawBefore).toBeNaN();
    expect(revenue.rawAfter).toBe(2100);
  });
});
