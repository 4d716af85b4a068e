import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateRatings, weightedOverall } from './aggregation.js';

describe('aggregateRatings', () => {
  it('DOMAIN §10 example 6: 5, 4, 4, 3, 1 → drop one 5 and one 1 → 3.67', () => {
    const score = aggregateRatings([5, 4, 4, 3, 1], { method: 'trimmed-mean', minCount: 5, trim: 1 });
    expect(score).toBeCloseTo(11 / 3, 10);
    expect(score.toFixed(2)).toBe('3.67');
  });

  it('does not trim a panel smaller than minCount', () => {
    expect(aggregateRatings([5, 4, 1], { method: 'trimmed-mean', minCount: 5, trim: 1 })).toBeCloseTo(10 / 3);
  });

  it('takes the median and the mean', () => {
    expect(aggregateRatings([5, 1, 4, 2], { method: 'median' })).toBe(3);
    expect(aggregateRatings([5, 1, 4], { method: 'median' })).toBe(4);
    expect(aggregateRatings([5, 1, 4], { method: 'mean' })).toBeCloseTo(10 / 3);
  });

  it('rejects a rating that is not a number, naming its position', () => {
    expect(() => aggregateRatings([3, Number.NaN], { method: 'mean' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', path: '[1]' }),
    );
  });

  it('property: every method lies within [min, max] of the ratings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(
          { method: 'mean' as const },
          { method: 'median' as const },
          { method: 'trimmed-mean' as const, minCount: 3, trim: 1 },
          { method: 'trimmed-mean' as const, minCount: 5, trim: 2 },
        ),
        (ratings, aggregation) => {
          const score = aggregateRatings(ratings, aggregation);
          expect(score).toBeGreaterThanOrEqual(Math.min(...ratings) - 1e-12);
          expect(score).toBeLessThanOrEqual(Math.max(...ratings) + 1e-12);
        },
      ),
    );
  });

  it('property: trimming removes exactly the extremes (equals the mean of the sorted middle)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 5, maxLength: 30 }), (ratings) => {
        const sorted = [...ratings].sort((a, b) => a - b).slice(1, -1);
        const expected = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
        expect(aggregateRatings(ratings, { method: 'trimmed-mean', minCount: 5, trim: 1 })).toBeCloseTo(
          expected,
          9,
        );
      }),
    );
  });
});

describe('weightedOverall', () => {
  it('DOMAIN §10 example 5: 70/10/10/10 with group means 4.0/3.0/3.5/5.0 → 3.95', () => {
    const { overall, effectiveWeights } = weightedOverall([
      { weight: 0.7, score: 4.0 },
      { weight: 0.1, score: 3.0 },
      { weight: 0.1, score: 3.5 },
      { weight: 0.1, score: 5.0 },
    ]);
    expect(overall).toBeCloseTo(3.95, 12);
    expect(effectiveWeights).toEqual([0.7, 0.1, 0.1, 0.1].map((weight) => expect.closeTo(weight, 12)));
  });

  it('re-normalises the weights of the groups present when one is missing', () => {
    const { overall, effectiveWeights } = weightedOverall([
      { weight: 0.7, score: 4 },
      { weight: 0.2, score: null },
      { weight: 0.1, score: 3 },
    ]);
    expect(effectiveWeights[0]).toBeCloseTo(0.875);
    expect(effectiveWeights[1]).toBeNull();
    expect(effectiveWeights[2]).toBeCloseTo(0.125);
    expect(overall).toBeCloseTo(3.875);
  });
});
