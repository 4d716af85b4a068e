import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answersAll, rating, testCycle } from './__fixtures__/build.js';
import { competencyModelPreset } from './presets.js';
import { computeCycleResults, type SubjectResult } from './results.js';
import type { Submission } from './submission.js';

const model = competencyModelPreset('dcfin-27');
const all = (value: number | ((index: number) => number)) => answersAll(model, value);

/** Annual-review weights (70/10/10/10): supervisor 4.0, subordinates 3.0, peers 3.5, self 5.0. */
function example5(): Submission[] {
  return [
    rating({ rater: 'boss', relation: 'supervisor', answers: all(4) }),
    ...[3, 3, 3].map((value, index) =>
      rating({ rater: `sub${index}`, relation: 'subordinate', answers: all(value) }),
    ),
    ...[3, 4, 3, 4].map((value, index) =>
      rating({ rater: `peer${index}`, relation: 'peer', answers: all(value) }),
    ),
    rating({ rater: 'self', relation: 'self', answers: all(5) }),
  ];
}

describe('computeCycleResults', () => {
  it('DOMAIN §10 example 5 end to end: 70/10/10/10 with group means 4.0/3.0/3.5/5.0 → 3.95', () => {
    const result = computeCycleResults({
      cycle: testCycle('annual-review'),
      model,
      submissions: example5(),
    }).resultFor('s1');
    expect(result.overall.score).toBeCloseTo(3.95, 10);
    expect(result.overall.status).toBe('complete');
    expect(Object.fromEntries(result.groups.map((group) => [group.id, group.score]))).toEqual({
      supervisor: 4,
      subordinates: 3,
      peers: 3.5,
      self: 5,
    });
    expect(result.effectiveWeights).toEqual([
      { unit: 'supervisor', weight: expect.closeTo(0.7, 12) },
      { unit: 'subordinates', weight: expect.closeTo(0.1, 12) },
      { unit: 'peers', weight: expect.closeTo(0.1, 12) },
      { unit: 'self', weight: expect.closeTo(0.1, 12) },
    ]);
  });

  it('DOMAIN §10 example 6 in a cycle: a peer panel 5, 4, 4, 3, 1 with trimmed means gives 3.67', () => {
    const submissions = [5, 4, 4, 3, 1].map((value, index) =>
      rating({ rater: `peer${index}`, relation: 'peer', answers: all(value) }),
    );
    const result = computeCycleResults({
      cycle: testCycle('annual-review', { aggregation: { method: 'trimmed-mean', minCount: 5, trim: 1 } }),
      model,
      submissions,
    }).resultFor('s1');
    const peers = result.groups.find((group) => group.id === 'peers')!;
    expect(peers.score?.toFixed(2)).toBe('3.67');
    expect(peers.items[0]?.score).toBeCloseTo(11 / 3, 10);
    expect(result.notes.some((note) => note.en.includes('highest'))).toBe(true);
  });

  it('re-normalises the weights when a group has no raters and says so', () => {
    const submissions = example5().filter((submission) => submission.relation !== 'subordinate');
    const result = computeCycleResults({ cycle: testCycle('annual-review'), model, submissions }).resultFor(
      's1',
    );
    expect(result.groups.find((group) => group.id === 'subordinates')?.status).toBe('absent');
    expect(result.effectiveWeights.map((entry) => entry.weight)).toEqual([
      expect.closeTo(0.7 / 0.9, 12),
      expect.closeTo(0.1 / 0.9, 12),
      expect.closeTo(0.1 / 0.9, 12),
    ]);
    expect(result.overall.score).toBeCloseTo((0.7 * 4 + 0.1 * 3.5 + 0.1 * 5) / 0.9, 12);
    expect(result.notes.some((note) => note.en.includes('subordinates'))).toBe(true);
  });

  it('finds blind spots and hidden strengths, highest and lowest items, and the spread per item', () => {
    const self = all((index) => (index === 0 ? 5 : index === 1 ? 1 : 3));
    const submissions = [
      rating({ rater: 'boss', relation: 'supervisor', answers: all((index) => (index === 2 ? 5 : 3)) }),
      ...[0, 1, 2].map((index) => rating({ rater: `peer${index}`, relation: 'peer', answers: all(3) })),
      rating({ rater: 'self', relation: 'self', answers: self }),
    ];
    const result = computeCycleResults({ cycle: testCycle('annual-review'), model, submissions }).resultFor(
      's1',
    );
    expect(result.selfGap?.blindSpots.map((gap) => gap.itemId)).toEqual(['lead-direction']);
    expect(result.selfGap?.hiddenStrengths.map((gap) => gap.itemId)).toEqual([
      'lead-decision',
      'lead-example',
    ]);
    expect(result.highestItems[0]).toBe('lead-example');
    const example = result.items.find((item) => item.id === 'lead-example')!;
    expect(example.spread.count).toBe(5);
    expect(example.spread.sd).toBeGreaterThan(0);
    expect(result.items.find((item) => item.id === 'talent-coach')?.agreement).toBe(1);
  });

  it('property: a self rating exactly the threshold above or below the others is a blind spot or hidden strength', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        (boss, peer, subordinate, above) => {
          // Every group rates one value, so the others' weighted mean is exact in decimals.
          const submissions = [
            rating({ rater: 'boss', relation: 'supervisor', answers: all(boss) }),
            rating({ rater: 'sub0', relation: 'subordinate', answers: all(subordinate) }),
            rating({ rater: 'peer0', relation: 'peer', answers: all(peer) }),
          ];
          fc.pre((7 * boss + subordinate + peer) % 9 === 0); // weights 70/10/10 of 90: a whole mean
          const self = (7 * boss + subordinate + peer) / 9 + (above ? 1 : -1);
          fc.pre(self >= 1 && self <= 5);
          submissions.push(rating({ rater: 'self', relation: 'self', answers: all(self) }));
          const result = computeCycleResults({
            cycle: testCycle('annual-review', { gapThreshold: 1 }),
            model,
            submissions,
          }).resultFor('s1');
          const found = above ? result.selfGap?.blindSpots : result.selfGap?.hiddenStrengths;
          expect(found?.length).toBe(model.dimensions.flatMap((dimension) => dimension.items).length);
        },
      ),
    );
  });

  it('applies grade bands from the model', () => {
    const annual = competencyModelPreset('annual-review');
    const result = computeCycleResults({
      cycle: testCycle('annual-review', { modelId: 'annual-review' }),
      model: annual,
      submissions: [rating({ rater: 'boss', relation: 'supervisor', answers: answersAll(annual, 4) })],
    }).resultFor('s1');
    expect(result.overall.grade?.id).toBe('B');
  });

  it('front-line form: event points normalised by the number of surveys adjust the behaviour dimension', () => {
    const frontLine = competencyModelPreset('front-line');
    const cycle = testCycle('annual-review', { modelId: 'front-line' });
    const submissions = [
      rating({ rater: 'boss', relation: 'supervisor', answers: answersAll(frontLine, 3) }),
    ];
    const plain = computeCycleResults({ cycle, model: frontLine, submissions }).resultFor('s1');
    const withEvents = computeCycleResults({
      cycle,
      model: frontLine,
      submissions,
      events: { s1: { counts: { praise: 6, complaint: 1 }, surveys: 10 } },
    }).resultFor('s1');
    // (6 − 1) / 10 = +0.5 on behaviour (weight 10 %) → +0.05 overall
    expect(withEvents.overall.eventAdjustment).toBeCloseTo(0.5);
    expect(withEvents.dimensions.find((dimension) => dimension.id === 'behaviour')?.score).toBeCloseTo(3.5);
    expect((withEvents.overall.score ?? 0) - (plain.overall.score ?? 0)).toBeCloseTo(0.05, 12);
    const sameRate = computeCycleResults({
      cycle,
      model: frontLine,
      submissions,
      events: { s1: { counts: { praise: 60, complaint: 10 }, surveys: 100 } },
    }).resultFor('s1');
    expect(sameRate.overall.score).toBeCloseTo(withEvents.overall.score ?? 0, 12);
  });

  it('leniency z-scores sit beside the raw figures: a lenient rater’s 5 counts less than a severe rater’s 5', () => {
    const cycle = testCycle('dcfin-cycle-1', {}, 2);
    // The lenient boss gives everyone 5; a strict boss gives s1 5 and others 3.
    const lenient = computeCycleResults({
      cycle,
      model,
      submissions: [
        rating({ subjectId: 's1', rater: 'boss', relation: 'supervisor', answers: all(5) }),
        rating({ subjectId: 's2', rater: 'boss', relation: 'supervisor', answers: all(5) }),
      ],
    }).resultFor('s1');
    const strict = computeCycleResults({
      cycle,
      model,
      submissions: [
        rating({ subjectId: 's1', rater: 'boss', relation: 'supervisor', answers: all(5) }),
        rating({ subjectId: 's2', rater: 'boss', relation: 'supervisor', answers: all(3) }),
      ],
    }).resultFor('s1');
    expect(lenient.overall.score).toBe(5);
    expect(strict.overall.score).toBe(5);
    expect(lenient.overall.leniencyZ).toBe(0);
    expect(strict.overall.leniencyZ).toBeCloseTo(1, 12);
  });

  it('flags for admins a rating far below its group without naming the rater', () => {
    const submissions = [
      ...[4, 4, 4, 1].map((value, index) =>
        rating({ rater: `secret-peer-${index}`, relation: 'peer', answers: all(value) }),
      ),
    ];
    const results = computeCycleResults({ cycle: testCycle('annual-review'), model, submissions });
    const flags = results.outlierFlagsFor('s1');
    expect(flags).toEqual([expect.objectContaining({ unit: 'peers', direction: 'below', count: 1 })]);
    expect(flags[0]?.message.en).toBe('One rating in group Peers lies far below the others');
    expect(JSON.stringify(flags)).not.toContain('secret-peer');
    expect(JSON.stringify(results.resultFor('s1'))).not.toContain('secret-peer');
  });

  it('throws NOT_FOUND for a subject not in the cycle', () => {
    const results = computeCycleResults({ cycle: testCycle('annual-review'), model, submissions: [] });
    expect(() => results.resultFor('nobody')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(results.resultFor('s1').overall.status).toBe('no-data');
  });

  it('property: the overall and every published figure stay within the scale', () => {
    const relations = ['supervisor', 'peer', 'subordinate', 'self'] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            relation: fc.constantFrom(...relations),
            answers: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 27, maxLength: 27 }),
          }),
          { minLength: 1, maxLength: 14 },
        ),
        fc.constantFrom(
          { method: 'mean' as const },
          { method: 'median' as const },
          { method: 'trimmed-mean' as const, minCount: 3, trim: 1 },
        ),
        (raters, aggregation) => {
          const submissions = raters.map((entry, index) =>
            rating({ rater: `r${index}`, relation: entry.relation, answers: all((i) => entry.answers[i]!) }),
          );
          const result = computeCycleResults({
            cycle: testCycle('annual-review', { aggregation }),
            model,
            submissions,
          }).resultFor('s1');
          const figures = [
            result.overall.score,
            ...result.groups.map((group) => group.score),
            ...result.dimensions.map((dimension) => dimension.score),
            ...result.items.map((item) => item.score),
          ].filter((value): value is number => value !== null);
          for (const value of figures) {
            expect(value).toBeGreaterThanOrEqual(1 - 1e-9);
            expect(value).toBeLessThanOrEqual(5 + 1e-9);
          }
          const weightSum = result.effectiveWeights.reduce((sum, entry) => sum + entry.weight, 0);
          if (result.overall.score !== null) expect(weightSum).toBeCloseTo(1, 9);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('anonymity', () => {
  /** Everything a reader of the result sees, as numbers. */
  function published(result: SubjectResult): string {
    return JSON.stringify(result);
  }

  it('a hidden group cannot be back-computed from the overall and the visible groups', () => {
    // Annual review: supervisor 4, peers 3 × 3.0, self 5 — and two subordinates (below the minimum of 3) who gave 1.
    const base = [
      rating({ rater: 'boss', relation: 'supervisor', answers: all(4) }),
      ...[0, 1, 2].map((index) => rating({ rater: `peer${index}`, relation: 'peer', answers: all(3) })),
      rating({ rater: 'self', relation: 'self', answers: all(5) }),
    ];
    const hidden = [0, 1].map((index) =>
      rating({ rater: `sub${index}`, relation: 'subordinate', answers: all(1) }),
    );
    const result = computeCycleResults({
      cycle: testCycle('annual-review'),
      model,
      submissions: [...base, ...hidden],
    }).resultFor('s1');
    const subordinates = result.groups.find((group) => group.id === 'subordinates')!;
    expect(subordinates).toMatchObject({ status: 'withheld', score: null, raterCount: null, items: [] });
    expect(result.overall.status).toBe('excludes-withheld');

    // The attacker knows the nominal weights 70/10/10/10 and solves for the hidden group.
    const visible = (id: string) => result.groups.find((group) => group.id === id)!.score!;
    const overall = result.overall.score!;
    const attempt =
      (overall - 0.7 * visible('supervisor') - 0.1 * visible('peers') - 0.1 * visible('self')) / 0.1;
    expect(attempt).not.toBeCloseTo(1, 1);
    // With the published effective weights there is no unknown left: the overall is fully explained by what is shown.
    const explained = result.effectiveWeights.reduce(
      (sum, entry) => sum + entry.weight * visible(entry.unit),
      0,
    );
    expect(explained).toBeCloseTo(overall, 12);
    // Nor from an "all others" figure: self-vs-others and per-item figures are the same whatever the hidden raters gave.
    for (const value of [2, 3, 4, 5]) {
      const other = computeCycleResults({
        cycle: testCycle('annual-review'),
        model,
        submissions: [
          ...base,
          ...[0, 1].map((index) =>
            rating({ rater: `sub${index}`, relation: 'subordinate', answers: all(value) }),
          ),
        ],
      }).resultFor('s1');
      expect(published(other)).toBe(published(result));
    }
  });

  it('property: nothing published changes when the withheld raters change their answers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 27, maxLength: 27 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 27, maxLength: 27 }),
        fc.integer({ min: 1, max: 2 }),
        fc.constantFrom('exclude' as const, 'withhold-overall' as const),
        (first, second, hiddenCount, withheldPolicy) => {
          const cycle = testCycle('annual-review', { anonymity: { poolMinRaters: 3, withheldPolicy } });
          const base = [
            rating({ rater: 'boss', relation: 'supervisor', answers: all((i) => (i % 5) + 1) }),
            ...[0, 1, 2].map((index) =>
              rating({ rater: `peer${index}`, relation: 'peer', answers: all((i) => ((i + index) % 5) + 1) }),
            ),
            rating({ rater: 'self', relation: 'self', answers: all(4) }),
          ];
          const run = (answers: number[]) =>
            published(
              computeCycleResults({
                cycle,
                model,
                submissions: [
                  ...base,
                  ...Array.from({ length: hiddenCount }, (_, index) =>
                    rating({
                      rater: `sub${index}`,
                      relation: 'subordinate',
                      answers: all((i) => answers[i]!),
                    }),
                  ),
                ],
              }).resultFor('s1'),
            );
          expect(run(first)).toBe(run(second));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a withheld rating does not move another subject’s leniency z-scores either', () => {
    const cycle = testCycle('annual-review', {}, 2);
    const run = (hiddenValue: number) => {
      const submissions = [
        rating({ subjectId: 's1', rater: 'boss', relation: 'supervisor', answers: all(4) }),
        // sub0 and sub1 are s1's only subordinates: withheld there …
        ...[0, 1].map((index) =>
          rating({
            subjectId: 's1',
            rater: `sub${index}`,
            relation: 'subordinate',
            answers: all(hiddenValue),
          }),
        ),
        // … and published peers of s2, where their z-scores use their habits.
        ...[0, 1, 2].map((index) =>
          rating({
            subjectId: 's2',
            rater: `sub${index}`,
            relation: 'peer',
            answers: all((i) => ((i + index) % 5) + 1),
          }),
        ),
      ];
      const results = computeCycleResults({ cycle, model, submissions });
      return JSON.stringify([results.resultFor('s1'), results.resultFor('s2')]);
    };
    expect(run(1)).toBe(run(5));
  });

  it('pools too-small groups only when the pool meets the minimum, and the pool hides how it splits', () => {
    // 70/20/10: supervisor 1; colleagues 2 (< 3) and partners 2 (< 3) → one pool of 4.
    const cycle = testCycle('dcfin-cycle-1');
    const submissions = (colleague: number, partner: number) => [
      rating({ rater: 'boss', relation: 'supervisor', answers: all(4) }),
      rating({ rater: 'c0', relation: 'peer', answers: all(colleague) }),
      rating({ rater: 'c1', relation: 'subordinate', answers: all(3) }),
      rating({ rater: 'p0', relation: 'partner', answers: all(partner) }),
      rating({ rater: 'p1', relation: 'customer', answers: all(3) }),
    ];
    const a = computeCycleResults({ cycle, model, submissions: submissions(5, 1) }).resultFor('s1');
    const b = computeCycleResults({ cycle, model, submissions: submissions(1, 5) }).resultFor('s1');
    expect(a.pool).toMatchObject({ groups: ['colleagues', 'partners'], raterCount: 4, score: 3 });
    expect(a.groups.map((group) => group.status)).toEqual(['shown', 'pooled', 'pooled']);
    expect(a.effectiveWeights).toEqual([
      { unit: 'supervisor', weight: expect.closeTo(0.7, 12) },
      { unit: 'pool', weight: expect.closeTo(0.3, 12) },
    ]);
    expect(a.overall.score).toBeCloseTo(0.7 * 4 + 0.3 * 3, 12);
    // Colleagues averaged 4 in a and 2 in b; nothing published tells the two apart.
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));

    const small = computeCycleResults({ cycle, model, submissions: submissions(5, 1).slice(0, 3) }).resultFor(
      's1',
    );
    expect(small.pool).toBeNull();
    expect(small.groups.map((group) => group.status)).toEqual(['shown', 'withheld', 'absent']);
    expect(small.overall.score).toBe(4);
    expect(small.overall.status).toBe('excludes-withheld');
  });

  it('withhold-overall policy: no overall at all while a group is withheld', () => {
    const cycle = testCycle('annual-review', {
      anonymity: { poolMinRaters: 3, withheldPolicy: 'withhold-overall' },
    });
    const result = computeCycleResults({
      cycle,
      model,
      submissions: [
        rating({ rater: 'boss', relation: 'supervisor', answers: all(4) }),
        rating({ rater: 'sub0', relation: 'subordinate', answers: all(1) }),
      ],
    }).resultFor('s1');
    expect(result.overall).toMatchObject({ score: null, status: 'withheld' });
    expect(result.effectiveWeights).toEqual([]);
    expect(result.groups[0]).toMatchObject({ id: 'supervisor', status: 'shown', score: 4 });
  });
});
