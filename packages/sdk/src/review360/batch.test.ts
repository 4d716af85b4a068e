import { describe, expect, it } from 'vitest';
import { answersAll, rating, testCycle } from './__fixtures__/build.js';
import { aggregateRatingBatch, UNIT_POOLED, UNIT_SHOWN, UNIT_WITHHELD } from './batch.js';
import { competencyModelPreset, relationWeightsPreset } from './presets.js';
import { batchConfigFor, computeCycleResults } from './results.js';

const model = competencyModelPreset('dcfin-27');

describe('aggregateRatingBatch', () => {
  it('computes many subjects in one pass, matching the per-subject results', () => {
    const subjects = 40;
    const cycle = testCycle(
      'annual-review',
      { aggregation: { method: 'trimmed-mean', minCount: 4, trim: 1 } },
      subjects,
    );
    const relations = [
      'supervisor',
      'peer',
      'peer',
      'peer',
      'peer',
      'subordinate',
      'subordinate',
      'self',
    ] as const;
    const submissions = Array.from({ length: subjects }, (_, s) =>
      relations.map((relation, r) =>
        rating({
          subjectId: `s${s + 1}`,
          rater: `rater${(s * 3 + r) % 25}`,
          relation,
          answers: answersAll(model, (i) => ((s + r * 7 + i * 3) % 5) + 1),
        }),
      ),
    ).flat();
    const results = computeCycleResults({ cycle, model, submissions });
    const { batch } = results;
    expect(batch.subjectCount).toBe(subjects);
    for (let s = 0; s < subjects; s++) {
      const result = results.resultFor(`s${s + 1}`);
      expect(result.overall.score).toBe(batch.overall[s]);
      // Subordinates (2 < 3) are withheld: the pool of 2 is below its minimum too.
      expect(result.groups.map((group) => group.status)).toEqual(['shown', 'withheld', 'shown', 'shown']);
      expect(batch.unitStatus[s * batch.unitCount + 1]).toBe(UNIT_WITHHELD);
      // Hand-computed peers item 0: trimmed mean of the 4 peers' ratings.
      const peerValues = [1, 2, 3, 4].map((r) => ((s + r * 7) % 5) + 1).sort((a, b) => a - b);
      expect(result.groups[2]?.items[0]?.score).toBeCloseTo((peerValues[1]! + peerValues[2]!) / 2, 12);
    }
  });

  it('marks pooled groups and gives the pool the sum of their weights', () => {
    const weights = relationWeightsPreset('dcfin-cycle-1');
    const config = batchConfigFor({ model, weights, aggregation: { method: 'mean' } });
    const itemCount = 27;
    const groups = [0, 1, 1, 2, 2];
    const input = {
      subjectCount: 1,
      raterCount: 5,
      itemCount,
      rowSubject: new Int32Array(5),
      rowRater: Int32Array.from([0, 1, 2, 3, 4]),
      rowGroup: Int32Array.from(groups),
      scores: Float64Array.from({ length: 5 * itemCount }, (_, index) =>
        Math.floor(index / itemCount) === 0 ? 5 : 2,
      ),
    };
    const batch = aggregateRatingBatch(input, config);
    expect(Array.from(batch.unitStatus)).toEqual([UNIT_SHOWN, UNIT_POOLED, UNIT_POOLED, UNIT_SHOWN]);
    expect(batch.unitWeight[3]).toBeCloseTo(0.3, 12);
    expect(batch.overall[0]).toBeCloseTo(0.7 * 5 + 0.3 * 2, 12);
    expect(Array.from(batch.rowUnit)).toEqual([0, 3, 3, 3, 3]);
  });

  it('gives leniency z-scores from each rater’s own mean and spread across everyone they rated', () => {
    const cycle = testCycle('dcfin-cycle-1', {}, 3);
    const submissions = [5, 4, 3].map((value, s) =>
      rating({
        subjectId: `s${s + 1}`,
        rater: 'boss',
        relation: 'supervisor',
        answers: answersAll(model, value),
      }),
    );
    const { batch } = computeCycleResults({ cycle, model, submissions });
    expect(batch.raterMean[0]).toBeCloseTo(4, 12);
    expect(batch.raterSd[0]).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(Array.from(batch.overallZ).map((z) => Number(z.toFixed(4)))).toEqual([1.2247, 0, -1.2247]);
  });
});
