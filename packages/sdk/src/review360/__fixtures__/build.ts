/** Test builders for 360° cycles and submissions (not part of the public API). */
import { type Cycle, type CycleInput, loadCycle } from '../cycle.js';
import type { CompetencyModel } from '../model.js';
import { relationWeightsPreset } from '../presets.js';
import type { Relation } from '../relations.js';
import { type Submission, submissionHash } from '../submission.js';

/** The input of a `dcfin-27` cycle on the annual-review weights with the given subjects (schedule in June 2026). */
export function cycleInputOf(
  id: string,
  subjects: readonly NonNullable<CycleInput['subjects']>[number][],
  name = id,
): CycleInput {
  return {
    id,
    name,
    period: '2026-H1',
    modelId: 'dcfin-27',
    weights: relationWeightsPreset('annual-review'),
    aggregation: { method: 'mean' },
    schedule: {
      nominationStarts: '2026-06-01',
      ratingStarts: '2026-06-11',
      ratingEnds: '2026-06-13',
      publishOn: '2026-06-14',
    },
    subjects: [...subjects],
  };
}

/** A cycle on a preset weight scheme with staff subjects `s1…sN`. */
export function testCycle(weightsId: string, overrides: Partial<CycleInput> = {}, subjectCount = 1): Cycle {
  return loadCycle({
    ...cycleInputOf(
      'c1',
      Array.from({ length: subjectCount }, (_, index) => ({
        kind: 'staff' as const,
        id: `s${index + 1}`,
        name: `员工${index + 1}`,
        userId: `u-s${index + 1}`,
        supervisorId: 'u-boss',
        departmentHeadId: 'u-head',
      })),
      '2026 上半年 360',
    ),
    weights: relationWeightsPreset(weightsId),
    ...overrides,
  });
}

/** Answers giving every item `value`, or `value(itemIndex)`. */
export function answersAll(model: CompetencyModel, value: number | ((index: number) => number)) {
  const answers: Record<string, number> = {};
  let index = 0;
  for (const dimension of model.dimensions)
    for (const item of dimension.items) {
      answers[item.id] = typeof value === 'number' ? value : value(index);
      index++;
    }
  return answers;
}

/** A submitted rating. */
export function rating(options: {
  subjectId?: string;
  rater: string;
  relation: Relation;
  answers: Record<string, number>;
}): Submission {
  return {
    cycleId: 'c1',
    nominationId: `${options.subjectId ?? 's1'}:${options.rater}`,
    subjectId: options.subjectId ?? 's1',
    raterKey: options.rater,
    relation: options.relation,
    answers: options.answers,
    comments: {},
    status: 'submitted',
    contentHash: submissionHash({ answers: options.answers, comments: {}, status: 'submitted' }),
    version: 1,
    updatedAt: '2026-06-12T00:00:00.000Z',
    submittedAt: '2026-06-12T00:00:00.000Z',
  };
}

/**
 * Two subjects rated on `model` (all items alike per rater): s1 by a
 * supervisor (4), three subordinates (3), four peers (3/4) and self (5); s2
 * by a supervisor (4), a lone subordinate (1, below the anonymity minimum,
 * never shown) and self (3).
 */
export function twoSubjectRatings(model: CompetencyModel): Submission[] {
  const all = (value: number) => answersAll(model, value);
  return [
    rating({ subjectId: 's1', rater: 'boss', relation: 'supervisor', answers: all(4) }),
    ...[3, 3, 3].map((value, index) =>
      rating({ subjectId: 's1', rater: `sub${index}`, relation: 'subordinate', answers: all(value) }),
    ),
    ...[3, 4, 3, 4].map((value, index) =>
      rating({ subjectId: 's1', rater: `peer${index}`, relation: 'peer', answers: all(value) }),
    ),
    rating({ subjectId: 's1', rater: 'self', relation: 'self', answers: all(5) }),
    rating({ subjectId: 's2', rater: 'boss', relation: 'supervisor', answers: all(4) }),
    rating({ subjectId: 's2', rater: 'lonely', relation: 'subordinate', answers: all(1) }),
    rating({ subjectId: 's2', rater: 'self2', relation: 'self', answers: all(3) }),
  ];
}
