import { describe, expect, it } from 'vitest';
import { testCycle } from './__fixtures__/build.js';
import { CYCLE_STATES, CYCLE_TRANSITIONS, copyCycle, loadCycle, transitionCycle } from './cycle.js';

const at = new Date('2026-06-01T00:00:00Z');

describe('cycle state machine', () => {
  it('runs draft → nominating → open → closed → published ⇄ appeal, recording each step', () => {
    let cycle = testCycle('annual-review');
    for (const to of ['nominating', 'open', 'closed', 'published', 'appeal', 'published'] as const)
      cycle = transitionCycle(cycle, to, { actor: 'u-hr', at });
    expect(cycle.state).toBe('published');
    expect(cycle.history.map((step) => `${step.from}→${step.to}`)).toEqual([
      'draft→nominating',
      'nominating→open',
      'open→closed',
      'closed→published',
      'published→appeal',
      'appeal→published',
    ]);
  });

  it('refuses every transition not in the table with INVALID_STATE and leaves the cycle unchanged', () => {
    for (const from of CYCLE_STATES)
      for (const to of CYCLE_STATES) {
        if (CYCLE_TRANSITIONS[from].includes(to)) continue;
        const cycle = { ...testCycle('annual-review'), state: from };
        expect(() => transitionCycle(cycle, to, { actor: 'u-hr', at })).toThrow(
          expect.objectContaining({ code: 'INVALID_STATE', path: 'state' }),
        );
        expect(cycle.state).toBe(from);
      }
  });

  it('validates the schedule order and duplicate subjects', () => {
    const cycle = testCycle('annual-review');
    expect(() => loadCycle({ ...cycle, schedule: { ...cycle.schedule, ratingEnds: '2026-06-10' } })).toThrow(
      expect.objectContaining({ path: 'schedule.ratingEnds' }),
    );
    expect(() => loadCycle({ ...cycle, subjects: [...cycle.subjects, ...cycle.subjects] })).toThrow(
      expect.objectContaining({ path: 'subjects[1].id' }),
    );
  });

  it('copies a cycle for the next period with its rules and a shifted schedule', () => {
    const published = ['nominating', 'open', 'closed', 'published'].reduce(
      (cycle, to) => transitionCycle(cycle, to as 'open', { actor: 'u-hr', at }),
      testCycle('dcfin-cycle-1'),
    );
    const next = copyCycle(published, {
      id: 'c2',
      name: '第二轮',
      period: '2026-H2',
      shiftDays: 183,
      overrides: { modelId: 'dcfin-18' },
    });
    expect(next).toMatchObject({
      id: 'c2',
      state: 'draft',
      history: [],
      version: 0,
      copiedFrom: 'c1',
      modelId: 'dcfin-18',
      schedule: { nominationStarts: '2026-12-01', ratingEnds: '2026-12-13' },
    });
    expect(next.weights).toEqual(published.weights);
  });
});
