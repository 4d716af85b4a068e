import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.js';
import { unitPlanReminderJob } from './unit-plan-reminder-job.js';

describe('unitPlanReminderJob', () => {
  it('reminds the head of a division without its narrative before the 28th, and no one once it is written', async () => {
    const store = createMemoryStore();
    const meta = { actor: 'test' };
    await store.putUser({ id: 'u-head', name: '部长', role: 'division-head', division: '华东' }, meta);
    await store.putUser({ id: 'u-admin', name: '管理员', role: 'division-admin', division: '华北' }, meta);
    await store.putAccount({ id: 'a', name: 'A', division: '华东' }, meta);
    await store.putAccount({ id: 'b', name: 'B', division: '华北' }, meta);
    await store.putUnitPlan(
      {
        id: '华北|2026-10',
        division: '华北',
        period: '2026-10',
        wentWell: '续签两份合同',
        nextPlan: '走访白金客户',
        updatedBy: 'u-admin',
        updatedAt: '2026-11-20T00:00:00Z',
      },
      meta,
    );
    const sent: string[] = [];
    const job = unitPlanReminderJob({
      store,
      deadlines: { unitDay: 28, divisionDay: 5, remindDaysBefore: 3 },
      hour: 9,
      deliver: async (reminder) => {
        sent.push(
          `${reminder.userIds.join('+')}:${reminder.division}:${reminder.dueDate}:${reminder.status}`,
        );
      },
    });
    await job.run({ jobId: job.id, period: '2026-11-24', date: '2026-11-24', late: false });
    expect(sent).toEqual([]);
    await job.run({ jobId: job.id, period: '2026-11-26', date: '2026-11-26', late: false });
    expect(sent).toEqual(['u-head:华东:2026-11-28:due']);
    await job.run({ jobId: job.id, period: '2026-12-01', date: '2026-12-01', late: false });
    expect(sent.at(-1)).toBe('u-head:华东:2026-12-05:overdue');
    await store.putUnitPlan(
      {
        id: '华东|2026-10',
        division: '华东',
        period: '2026-10',
        wentWell: '新签一家白金客户',
        nextPlan: '年末回款',
        updatedBy: 'u-head',
        updatedAt: '2026-12-02T00:00:00Z',
      },
      meta,
    );
    sent.length = 0;
    await job.run({ jobId: job.id, period: '2026-12-02', date: '2026-12-02', late: false });
    expect(sent).toEqual([]);
  });
});
