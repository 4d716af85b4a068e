import { describe, expect, it } from 'vitest';
import { testCycle, twoSubjectRatings } from '../../review360/__fixtures__/build.js';
import { competencyModelPreset } from '../../review360/presets.js';
import { computeCycleResults } from '../../review360/results.js';
import { buildReview360Individual, buildReview360Summary } from './review360-report.js';

const model = competencyModelPreset('dcfin-27');

const submissions = () => twoSubjectRatings(model);

describe('360° reports', () => {
  const cycle = testCycle('annual-review', {}, 2);
  const results = computeCycleResults({ cycle, model, submissions: submissions() });

  it('DOMAIN §10 example 5: the individual report carries 3.95 and self 5.0 vs others per dimension', () => {
    const report = buildReview360Individual({ result: results.resultFor('s1'), model, subjectName: '员工1' });
    expect(report.overall.score).toBeCloseTo(3.95, 10);
    expect(report.units.map((unit) => unit.id)).toEqual(['supervisor', 'subordinates', 'peers', 'self']);
    for (const dimension of report.dimensions) {
      expect(dimension.self).toBe(5);
      // others = (0.7·4 + 0.1·3 + 0.1·3.5) / 0.9
      expect(dimension.others).toBeCloseTo((0.7 * 4 + 0.1 * 3 + 0.1 * 3.5) / 0.9, 10);
    }
    expect(report.dimensions).toHaveLength(model.dimensions.length);
  });

  it('never shows a suppressed group: a lone subordinate is not listed and not identifiable', () => {
    const result = results.resultFor('s2');
    const hidden = result.groups.filter((group) => group.status !== 'shown').map((group) => group.id);
    expect(hidden).toContain('subordinates');
    const report = buildReview360Individual({ result, model, subjectName: '员工2' });
    expect(report.units.map((unit) => unit.id)).not.toContain('subordinates');
    const text = JSON.stringify(report.units) + JSON.stringify(report.dimensions);
    expect(text).not.toContain('"score":1');
    for (const dimension of report.dimensions) expect(dimension.others).toBe(4);
  });

  it('the cycle summary counts subjects by status and ranks them without group figures', () => {
    const summary = buildReview360Summary({ cycle, results });
    expect(summary.subjects).toBe(2);
    expect(Object.values(summary.byStatus).reduce((sum, value) => sum + value, 0)).toBe(2);
    expect(summary.ranking[0]!.subjectId).toBe('s1');
    const scores = summary.ranking
      .map((entry) => entry.score)
      .filter((score): score is number => score !== null);
    expect(summary.meanOverall).toBeCloseTo(
      scores.reduce((sum, value) => sum + value, 0) / scores.length,
      12,
    );
    expect(JSON.stringify(summary)).not.toContain('subordinates');
  });
});
