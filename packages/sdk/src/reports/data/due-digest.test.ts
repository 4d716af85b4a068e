import { describe, expect, it } from 'vitest';
import { demoSource } from '../__fixtures__/demo-source.js';
import { buildDueDigest } from './due-digest.js';

describe('buildDueDigest on the demo portfolio', () => {
  it('totals equal the agendas and each owner lists at most perOwner actions, most overdue first', async () => {
    const { source } = await demoSource();
    const digest = buildDueDigest(source.run, { perOwner: 5 });
    const overdue = source.run.agendas.reduce((sum, agenda) => sum + agenda.overdue.length, 0);
    expect(digest.totals.overdue).toBe(overdue);
    expect(digest.date).toBe(source.run.today);
    for (const owner of digest.owners) {
      expect(owner.overdue.length + owner.due.length).toBeLessThanOrEqual(5);
      const agenda = source.run.agendas.find((entry) => entry.ownerId === owner.ownerId)!;
      expect(owner.overdue.length + owner.due.length + owner.more).toBe(
        agenda.overdue.length + agenda.due.length,
      );
      for (let index = 1; index < owner.overdue.length; index++) {
        expect(owner.overdue[index - 1]!.daysOverdue).toBeGreaterThanOrEqual(
          owner.overdue[index]!.daysOverdue,
        );
      }
    }
    const one = digest.owners[0]!.ownerId!;
    expect(buildDueDigest(source.run, { ownerId: one }).owners.map((owner) => owner.ownerId)).toEqual([one]);
  });
});
