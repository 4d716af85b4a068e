import { describe, expect, it } from 'vitest';
import type { Alert } from '../alerts/alert.js';
import { DEFAULT_ALERT_CAUSES } from '../alerts/alert-policy.js';
import { saveRunAlerts, updateAlert } from '../alerts/alert-work.js';
import { createMemoryStore } from '../store/memory-store.js';
import { alertReminderJob } from './alert-reminder-job.js';

const swing = (accountId: string): Alert => ({
  accountId,
  kind: 'fluctuation',
  monitorId: 'fluctuation',
  severity: 'warning',
  period: '2026-10',
  figures: {},
  message: { 'zh-CN': '波动', en: 'swing' },
});

describe('alertReminderJob', () => {
  it('reminds the owner of each unexplained swing before the 28th, and no one once the cause is recorded', async () => {
    const store = createMemoryStore();
    for (const [id, owner] of [
      ['a', 'u-a'],
      ['b', 'u-b'],
    ] as const)
      await store.putAccount({ id, name: id, division: '华东', ownerA: owner }, { actor: 'test' });
    await saveRunAlerts(store, [swing('a'), swing('b')], { at: '2026-11-01T00:00:00Z', asOf: '2026-10' });
    await updateAlert(
      store,
      'fluctuation|b|2026-10',
      { action: 'explain', cause: 'price' },
      {
        causes: DEFAULT_ALERT_CAUSES,
        meta: { actor: 'u-b' },
      },
    );
    const sent: string[] = [];
    const job = alertReminderJob({
      store,
      deadlines: { unitDay: 28, divisionDay: 5, remindDaysBefore: 3 },
      hour: 9,
      deliver: async (reminder) => {
        sent.push(`${reminder.userId}:${reminder.alert.accountId}:${reminder.dueDate}:${reminder.status}`);
      },
    });
    await job.run({ jobId: job.id, period: '2026-11-24', date: '2026-11-24', late: false });
    expect(sent).toEqual([]);
    await job.run({ jobId: job.id, period: '2026-11-26', date: '2026-11-26', late: false });
    expect(sent).toEqual(['u-a:a:2026-11-28:due']);
    await job.run({ jobId: job.id, period: '2026-12-07', date: '2026-12-07', late: false });
    expect(sent.at(-1)).toBe('u-a:a:2026-12-05:overdue');
  });

  it('does nothing when the alert policy sets no deadlines', async () => {
    const store = createMemoryStore();
    await saveRunAlerts(store, [swing('a')], { at: '2026-11-01T00:00:00Z', asOf: '2026-10' });
    const sent: unknown[] = [];
    const job = alertReminderJob({
      store,
      deadlines: undefined,
      hour: 9,
      deliver: async (r) => void sent.push(r),
    });
    await job.run({ jobId: job.id, period: '2026-11-27', date: '2026-11-27', late: false });
    expect(sent).toEqual([]);
  });

  it('sends the alert of a VIP with no owner A to the division admins of its division, and one with owner A to owner A', async () => {
    const store = createMemoryStore();
    await store.putUsers(
      [
        { id: 'admin-east', name: '华东管理员', role: 'division-admin', division: '华东' },
        { id: 'admin-west', name: '华西管理员', role: 'division-admin', division: '华西' },
        { id: 'admin-gone', name: '离职管理员', role: 'division-admin', division: '华东', status: 'frozen' },
      ],
      { actor: 'test' },
    );
    await store.putAccount({ id: 'no-a', name: 'no-a', division: '华东', ownerB: 'u-b' }, { actor: 'test' });
    await store.putAccount({ id: 'no-b', name: 'no-b', division: '华东', ownerA: 'u-a' }, { actor: 'test' });
    const gap = (accountId: string): Alert => ({
      ...swing(accountId),
      kind: 'ab-owners',
      monitorId: 'ab-owners',
    });
    await saveRunAlerts(store, [gap('no-a'), gap('no-b')], { at: '2026-11-01T00:00:00Z', asOf: '2026-10' });
    const sent: string[] = [];
    const job = alertReminderJob({
      store,
      deadlines: { unitDay: 28, divisionDay: 5, remindDaysBefore: 3 },
      hour: 9,
      deliver: async (reminder) => void sent.push(`${reminder.userId}:${reminder.alert.accountId}`),
    });
    await job.run({ jobId: job.id, period: '2026-11-26', date: '2026-11-26', late: false });
    expect(sent).toEqual(['admin-east:no-a', 'u-a:no-b']);
  });
});
