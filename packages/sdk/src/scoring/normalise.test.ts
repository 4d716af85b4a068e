import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NormaliseInput, NormaliseSchema } from './model.js';
import { type NormaliseSpec, normaliseColumn } from './normalise.js';

function spec(
  normalise: NormaliseInput,
  direction: NormaliseSpec['direction'] = 'higher-is-better',
  missing: NormaliseSpec['missing'] = 0,
): NormaliseSpec {
  return { normalise: NormaliseSchema.parse(normalise), direction, missing };
}

function run(values: number[], normaliseSpec: NormaliseSpec): number[] {
  return [...normaliseColumn(Float64Array.from(values), normaliseSpec)];
}

describe('percentile (SQL percent_rank)', () => {
  it('gives (rank − 1) / (n − 1) with ties sharing the lowest rank', () => {
    // SELECT percent_rank() OVER (ORDER BY x) over 10, 20, 20, 30, 40 → 0, .25, .25, .75, 1
    expect(run([20, 10, 40, 20, 30], spec('percentile'))).toEqual([0.25, 0, 1, 0.25, 0.75]);
  });

  it('ranks descending for lower-is-better, ties again sharing the lowest rank', () => {
    // ORDER BY x DESC over 40, 30, 20, 20, 10 → 0, .25, .5, .5, 1
    expect(run([20, 10, 40, 20, 30], spec('percentile', 'lower-is-better'))).toEqual([0.5, 1, 0, 0.5, 0.25]);
  });

  it('leaves missing figures out of n and gives them the missing value', () => {
    expect(run([5, Number.NaN, 1, 3], spec('percentile', 'higher-is-better', 0.5))).toEqual([1, 0.5, 0, 0.5]);
  });

  it('gives 0 to a lone value and to a constant column, as SQL does', () => {
    expect(run([7], spec('percentile'))).toEqual([0]);
    expect(run([3, 3, 3], spec('percentile'))).toEqual([0, 0, 0]);
  });

  it('ranks infinities beyond every finite value', () => {
    expect(run([Number.NEGATIVE_INFINITY, 1, Number.POSITIVE_INFINITY], spec('percentile'))).toEqual([
      0, 0.5, 1,
    ]);
  });
});

describe('percentile against a plain SQL percent_rank', () => {
  /** percent_rank() OVER (ORDER BY x [DESC]) the slow way: count the values strictly before. */
  function naive(values: number[], descending: boolean): number[] {
    const present = values.filter((value) => !Number.isNaN(value));
    return values.map((value) => {
      if (Number.isNaN(value) || present.length < 2) return 0;
      const before = present.filter((other) => (descending ? other > value : other < value)).length;
      return before / (present.length - 1);
    });
  }

  const figure = fc.oneof(
    fc.double(),
    fc.constantFrom(0, -0, 1, -1, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE),
    fc.integer({ min: -3, max: 3 }),
  );

  it('matches for arbitrary doubles, ties, ±0, ±Infinity and NaN, both directions', () => {
    fc.assert(
      fc.property(fc.array(figure, { maxLength: 60 }), fc.boolean(), (values, descending) => {
        const direction = descending ? 'lower-is-better' : 'higher-is-better';
        expect(run(values, spec('percentile', direction))).toEqual(naive(values, descending));
      }),
      { numRuns: 1000 },
    );
  });

  it('matches on a column large enough to use every radix pass', () => {
    const values = Array.from({ length: 5000 }, (_, index) => Math.sin(index) * 10 ** ((index % 40) - 20));
    expect(run(values, spec('percentile'))).toEqual(naive(values, false));
  });

  /** `base` moved by `steps` units in the last place (the neighbouring doubles). */
  function ulpsFrom(base: number, steps: number): number {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, base);
    view.setBigInt64(0, view.getBigInt64(0) + BigInt(steps));
    return view.getFloat64(0);
  }

  // The fast path keys each value by its top bits and its position; values
  // that differ only in the last few bits of the mantissa share a key and
  // must still be told apart, and values that only look alike must still tie.
  const nearNeighbours = fc
    .tuple(
      fc.constantFrom(1, -1, 1234.5678, -0.001, 2 ** 40, Number.MIN_VALUE * 4096, 1e300),
      fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 300 }),
      fc.array(fc.constantFrom('value', 'missing', 'zero'), { minLength: 1, maxLength: 300 }),
    )
    .map(([base, steps, kinds]) =>
      steps.map((step, index) => {
        const kind = kinds[index % kinds.length];
        return kind === 'missing' ? Number.NaN : kind === 'zero' ? 0 : ulpsFrom(base, step);
      }),
    );

  it('matches on neighbouring doubles that differ only in their last bits, both directions', () => {
    fc.assert(
      fc.property(nearNeighbours, fc.boolean(), (values, descending) => {
        const direction = descending ? 'lower-is-better' : 'higher-is-better';
        expect(run(values, spec('percentile', direction))).toEqual(naive(values, descending));
      }),
      { numRuns: 300 },
    );
  });

  it('matches on a large column of neighbouring doubles and whole numbers', () => {
    const values = Array.from({ length: 6000 }, (_, index) =>
      index % 3 === 0 ? (index * 7919) % 101 : ulpsFrom(1, (index * 104_729) % 20_000),
    );
    expect(run(values, spec('percentile'))).toEqual(naive(values, false));
    expect(run(values, spec('percentile', 'lower-is-better'))).toEqual(naive(values, true));
  });
});

describe('min-max', () => {
  it('maps the range onto 0–1', () => {
    expect(run([100, 200, 150, 300], spec('min-max'))).toEqual([0, 0.5, 0.25, 1]);
  });

  it('flips for lower-is-better', () => {
    const out = run([0, 30, 90], spec('min-max', 'lower-is-better'));
    expect(out[0]).toBe(1);
    expect(out[1]).toBeCloseTo(2 / 3, 12);
    expect(out[2]).toBe(0);
  });

  it('gives 0.5 to a column with no spread, and clamps infinities to the ends', () => {
    expect(run([4, 4], spec('min-max'))).toEqual([0.5, 0.5]);
    expect(run([1, 3, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], spec('min-max'))).toEqual([
      0, 1, 1, 0,
    ]);
  });

  it('stays finite for figures near the largest double', () => {
    const out = run([-Number.MAX_VALUE, 0, Number.MAX_VALUE], spec('min-max'));
    expect(out).toEqual([0, 0.5, 1]);
  });
});

describe('z-score', () => {
  it('clamps z to ±3 and maps it linearly: (z + 3) / 6', () => {
    // mean 5, population sd 2 → z = −1.5, −0.5, −0.5, −0.5, 0, 0, 1, 2
    const out = run([2, 4, 4, 4, 5, 5, 7, 9], spec('z-score'));
    expect(out[0]).toBeCloseTo(1.5 / 6, 12);
    expect(out[1]).toBeCloseTo(2.5 / 6, 12);
    expect(out[4]).toBeCloseTo(0.5, 12);
    expect(out[7]).toBeCloseTo(5 / 6, 12);
  });

  it('honours a custom clamp', () => {
    // z = 2 with clamp 1 → 1; z = −1.5 → 0
    const out = run([2, 4, 4, 4, 5, 5, 7, 9], spec({ method: 'z-score', clamp: 1 }));
    expect(out[7]).toBe(1);
    expect(out[0]).toBe(0);
    expect(out[6]).toBeCloseTo(1, 12);
  });

  it('gives 0.5 to a constant column', () => {
    expect(run([8, 8, 8], spec('z-score'))).toEqual([0.5, 0.5, 0.5]);
  });

  it('keeps nearly equal huge values apart: one value above six equal ones has z = √6 however close it is', () => {
    const low = -Number.MAX_VALUE;
    const near = run([-1.7976931348591453e308, low, low, low, low, low, low], spec('z-score'));
    const far = run([0, low, low, low, low, low, low], spec('z-score'));
    const expected = (Math.sqrt(6) + 3) / 6;
    expect(near[0]).toBeCloseTo(expected, 12);
    expect(far[0]).toBeCloseTo(expected, 12);
  });

  it('stays finite for values spanning ±1.8e308', () => {
    const out = run([-Number.MAX_VALUE, 0, Number.MAX_VALUE], spec('z-score'));
    expect(out[1]).toBeCloseTo(0.5, 12);
    expect(out[0]! < 0.5 && out[2]! > 0.5).toBe(true);
  });
});

describe('log', () => {
  it('scales log1p by the largest value', () => {
    const out = run([0, 9, 99], spec('log'));
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(Math.log(10) / Math.log(100), 12);
    expect(out[2]).toBe(1);
  });

  it('treats negative figures as 0', () => {
    expect(run([-5, 3], spec('log'))).toEqual([0, 1]);
  });
});

describe('points', () => {
  const table = {
    method: 'points' as const,
    table: [
      { min: 60, points: 1 },
      { min: 75, points: 2 },
      { min: 90, points: 4 },
    ],
  };

  it('gives the points of the last threshold reached (inclusive), scaled by the top points', () => {
    expect(run([59, 60, 74.9, 75, 89, 90, 100], spec(table))).toEqual([0, 0.25, 0.25, 0.5, 0.5, 1, 1]);
  });

  it('reads amount strings as fen', () => {
    const normalise = NormaliseSchema.parse({
      method: 'points',
      table: [
        { min: '¥150,000', points: 1 },
        { min: '150万', points: 2 },
      ],
    });
    expect(normalise).toMatchObject({ table: [{ min: 15_000_000 }, { min: 150_000_000 }] });
    expect(
      run([14_999_999, 15_000_000, 150_000_000], { normalise, direction: 'higher-is-better', missing: 0 }),
    ).toEqual([0, 0.5, 1]);
  });

  it('uses `below` under the first threshold', () => {
    expect(run([10, 70], spec({ ...table, below: 2 }))).toEqual([0.5, 0.25]);
  });
});

describe('missing figures', () => {
  it("become the factor's missing value after direction, or NaN when excluded", () => {
    expect(run([Number.NaN, 0, 10], spec('min-max', 'lower-is-better', 0.25))).toEqual([0.25, 1, 0]);
    const excluded = run([Number.NaN, 1], spec('min-max', 'higher-is-better', 'exclude'));
    expect(excluded[0]).toBeNaN();
  });
});
