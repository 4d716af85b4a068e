import { describe, expect, it } from 'vitest';
import { FigureContext } from '../metrics/figures.js';
import { samplePortfolio } from './__fixtures__/portfolio.js';
import { loadScoringModel } from './model.js';
import { RFM_MODEL } from './presets.js';
import { rfmQuintile, rfmSegments } from './rfm.js';
import { scoreColumns } from './score-columns.js';
import { scorePortfolio } from './score-portfolio.js';

describe('rfmQuintile', () => {
  it('cuts 0–1 into five equal bands, 1 at the bottom and 5 at the top', () => {
    expect([0, 0.19, 0.2, 0.5, 0.79, 0.8, 1].map(rfmQuintile)).toEqual([1, 1, 2, 3, 4, 5, 5]);
    expect(rfmQuintile(Number.NaN)).toBe(1);
  });
});

describe('rfmSegments', () => {
  it('gives the classic codes for a portfolio scored with the RFM preset', () => {
    const { accounts, aggregates } = samplePortfolio();
    const result = scorePortfolio({
      model: RFM_MODEL,
      context: new FigureContext({ accounts, aggregates, asOf: '2026-10' }),
    });
    const segments = rfmSegments(result);
    // acme bought 3 days ago, 12 times, ¥1.2M; globex 46 days, 3 times, ¥2M;
    // initech 263 days, once, ¥10k; umbrella never.
    expect(segments.accountIds).toEqual(['acme', 'globex', 'initech', 'umbrella']);
    expect(segments.codes).toEqual(['554', '345', '122', '111']);
    expect([...segments.recency]).toEqual([5, 3, 1, 1]);
  });

  it('spreads ten accounts two to a quintile', () => {
    const model = loadScoringModel({
      id: 'rfm10',
      name: 'RFM',
      factors: [
        { id: 'r', source: { metric: 'recencyDays' }, weight: 1, direction: 'lower-is-better' },
        { id: 'f', source: { metric: 'frequency' }, weight: 1 },
        { id: 'm', source: { metric: 'revenue' }, weight: 1 },
      ],
    });
    const values = Float64Array.from({ length: 10 }, (_, index) => index + 1);
    const result = scoreColumns({ model, columns: [values, values, values] });
    const segments = rfmSegments(result, { recency: 'r', frequency: 'f', monetary: 'm' });
    expect([...segments.monetary]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect([...segments.recency]).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(segments.codes[0]).toBe('511');
  });

  it('names the missing factor', () => {
    const model = loadScoringModel({
      id: 'x',
      name: 'X',
      factors: [{ id: 'recency', source: { metric: 'recencyDays' }, weight: 1 }],
    });
    const result = scoreColumns({ model, columns: [Float64Array.of(1)] });
    expect(() => rfmSegments(result)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', path: 'frequency' }),
    );
  });
});
