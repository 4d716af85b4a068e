import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainScore } from './explain.js';
import { loadScoringModel, type ScoringFactorInput } from './model.js';
import { scoreColumns } from './score-columns.js';

const profitAndRecency = loadScoringModel({
  id: 'hand',
  name: 'Hand example',
  factors: [
    { id: 'profit', source: { metric: 'profit' }, weight: 3, normalise: 'min-max' },
    {
      id: 'recency',
      source: { metric: 'recencyDays' },
      weight: 1,
      normalise: 'min-max',
      direction: 'lower-is-better',
    },
  ],
});

describe('scoreColumns', () => {
  it('scores 100 × Σ wᵢ·nᵢ / Σ wᵢ', () => {
    // profit n = 0, 1, 0.5; recency n = 1, 0.5, 0 → (3·0 + 1)/4, (3 + 0.5)/4, (1.5 + 0)/4
    const result = scoreColumns({
      model: profitAndRecency,
      columns: { profit: Float64Array.of(100, 300, 200), recency: Float64Array.of(10, 40, 70) },
      accountIds: ['a', 'b', 'c'],
    });
    expect([...result.scores]).toEqual([25, 87.5, 37.5]);
    expect(result.size).toBe(3);
    expect([...result.factors[1]!.normalised]).toEqual([1, 0.5, 0]);
  });

  it('accepts columns as an array in factor order', () => {
    const result = scoreColumns({
      model: profitAndRecency,
      columns: [Float64Array.of(100, 300, 200), Float64Array.of(10, 40, 70)],
    });
    expect([...result.scores]).toEqual([25, 87.5, 37.5]);
    expect(result.accountIds).toBeUndefined();
  });

  it('keeps the caller’s raw columns and returns normalised ones alongside', () => {
    const profit = Float64Array.of(1, 2);
    const result = scoreColumns({ model: profitAndRecency, columns: [profit, Float64Array.of(5, 5)] });
    expect(result.factors[0]!.raw).toBe(profit);
    expect([...result.factors[0]!.normalised]).toEqual([0, 1]);
  });

  it('reweights over the present factors when a missing figure is excluded', () => {
    const model = loadScoringModel({
      id: 'x',
      name: 'X',
      factors: [
        { id: 'profit', source: { metric: 'profit' }, weight: 3, normalise: 'min-max', missing: 'exclude' },
        { id: 'revenue', source: { metric: 'revenue' }, weight: 1, normalise: 'min-max' },
      ],
    });
    const result = scoreColumns({
      model,
      columns: { profit: Float64Array.of(Number.NaN, 0, 10), revenue: Float64Array.of(10, 0, 5) },
    });
    // account 0: profit excluded → revenue alone (n = 1) → 100
    expect([...result.scores]).toEqual([100, 0, 87.5]);
  });

  it('scores 0 when every factor is excluded as missing', () => {
    const model = loadScoringModel({
      id: 'x',
      name: 'X',
      factors: [{ id: 'p', source: { metric: 'profit' }, weight: 1, missing: 'exclude' }],
    });
    expect([...scoreColumns({ model, columns: [Float64Array.of(Number.NaN)] }).scores]).toEqual([0]);
  });

  it('scores an empty portfolio as empty', () => {
    const result = scoreColumns({
      model: profitAndRecency,
      columns: [new Float64Array(0), new Float64Array(0)],
    });
    expect(result.scores.length).toBe(0);
  });

  it('names a missing or misaligned column', () => {
    expect(() => scoreColumns({ model: profitAndRecency, columns: { profit: Float64Array.of(1) } })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', path: 'columns.recency' }),
    );
    expect(() =>
      scoreColumns({ model: profitAndRecency, columns: [Float64Array.of(1, 2), Float64Array.of(1)] }),
    ).toThrow(expect.objectContaining({ path: 'columns.recency' }));
    expect(() =>
      scoreColumns({
        model: profitAndRecency,
        columns: [Float64Array.of(1), [1] as unknown as Float64Array],
      }),
    ).toThrow(expect.objectContaining({ path: 'columns[1]' }));
    expect(() => scoreColumns({ model: profitAndRecency, columns: [Float64Array.of(1, 2)] })).toThrow(
      expect.objectContaining({ path: 'columns' }),
    );
    expect(() =>
      scoreColumns({
        model: profitAndRecency,
        columns: [Float64Array.of(1), Float64Array.of(1)],
        accountIds: ['a', 'b'],
      }),
    ).toThrow(expect.objectContaining({ path: 'accountIds' }));
  });
});

const anyFigure = fc.oneof(
  { weight: 6, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 5 }) },
);

const pointsTable = fc
  .uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 5 })
  .chain((mins) =>
    fc.array(fc.nat({ max: 10 }), { minLength: mins.length, maxLength: mins.length }).map((raw) => {
      const sortedPoints = raw
        .map((points, index) => points + (index === raw.length - 1 ? 1 : 0))
        .sort((a, b) => a - b);
      return [...mins].sort((a, b) => a - b).map((min, index) => ({ min, points: sortedPoints[index]! }));
    }),
  );

const normalise = fc.oneof(
  fc.constantFrom('min-max' as const, 'percentile' as const, 'z-score' as const, 'log' as const),
  fc.record({ method: fc.constant('z-score' as const), clamp: fc.double({ min: 0.1, max: 5, noNaN: true }) }),
  fc.record({ method: fc.constant('points' as const), table: pointsTable }),
);

const factor = (id: string) =>
  fc.record({
    id: fc.constant(id),
    source: fc.constant({ metric: 'revenue' as const }),
    weight: fc.double({ min: 0.001, max: 1000, noNaN: true }),
    normalise,
    direction: fc.constantFrom('higher-is-better' as const, 'lower-is-better' as const),
    missing: fc.constantFrom(0, 0.5, 1, 'exclude' as const),
  });

const modelArbitrary = fc
  .integer({ min: 1, max: 4 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => factor(`f${index}`))))
  .map((factors: ScoringFactorInput[]) => loadScoringModel({ id: 'p', name: 'Property', factors }));

/** One column: arbitrary figures, or one figure repeated (a constant column). */
const column = (size: number) =>
  fc.oneof(
    fc.array(anyFigure, { minLength: size, maxLength: size }),
    anyFigure.map((value) => Array.from({ length: size }, () => value)),
  );

const scenario = fc
  .record({ model: modelArbitrary, size: fc.integer({ min: 1, max: 25 }) })
  .chain(({ model, size }) =>
    fc.record({
      model: fc.constant(model),
      columns: fc.tuple(...model.factors.map(() => column(size))),
    }),
  );

describe('scoreColumns properties', () => {
  it('keeps every score in [0, 100], for NaN, ±Infinity and constant columns too', () => {
    fc.assert(
      fc.property(scenario, ({ model, columns }) => {
        const result = scoreColumns({ model, columns: columns.map((values) => Float64Array.from(values)) });
        for (const score of result.scores) {
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(100);
        }
        for (const { normalised, factor: spec } of result.factors) {
          for (const value of normalised) {
            if (spec.missing === 'exclude' && Number.isNaN(value)) continue;
            expect(value >= 0 && value <= 1).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('explains every score exactly: the contributions sum to it', () => {
    fc.assert(
      fc.property(scenario, ({ model, columns }) => {
        const result = scoreColumns({ model, columns: columns.map((values) => Float64Array.from(values)) });
        for (let index = 0; index < result.size; index++) {
          const explanation = explainScore(result, index);
          const sum = explanation.factors.reduce((total, entry) => total + entry.contribution, 0);
          expect(sum).toBeCloseTo(explanation.score, 9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("never lowers an account's score when a higher-is-better figure of it rises, others fixed", () => {
    const rising = scenario.chain(({ model, columns }) =>
      fc.record({
        model: fc.constant(model),
        columns: fc.constant(columns),
        factorIndex: fc.nat({ max: model.factors.length - 1 }),
        account: fc.nat({ max: columns[0]!.length - 1 }),
        values: fc.tuple(fc.double({ noNaN: true }), fc.double({ noNaN: true })),
      }),
    );
    fc.assert(
      fc.property(rising, ({ model, columns, factorIndex, account, values }) => {
        const factors = model.factors.map((entry, index) =>
          index === factorIndex ? { ...entry, direction: 'higher-is-better' as const } : entry,
        );
        const higherModel = { ...model, factors };
        const [low, high] = values[0] <= values[1] ? values : [values[1], values[0]];
        const scoreWith = (value: number) => {
          const arrays = columns.map((values) => Float64Array.from(values));
          arrays[factorIndex]![account] = value;
          return scoreColumns({ model: higherModel, columns: arrays }).scores[account]!;
        };
        expect(scoreWith(high)).toBeGreaterThanOrEqual(scoreWith(low) - 1e-9);
      }),
      { numRuns: 1000 },
    );
  });
});
