import { describe, expect, it } from 'vitest';
import { ACCOUNTS, seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { scopeStore } from '../access/scoped-store.js';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { loadAlertPreset } from '../portfolio/policies.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Alert } from './alert.js';
import { DEFAULT_ALERT_CAUSES } from './alert-policy.js';
import { alertId, alertReminders, closeClearedAlerts, saveRunAlerts, updateAlert } from './alert-work.js';

async function refusal(promise: Promise<unknown>): Promise<KamError> {
  try {
    await promise;
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

const swing = (accountId: string, current: number, period = '2026-10'): Alert => ({
  accountId,
  kind: 'fluctuation',
  monitorId: 'fluctuation',
  severity: 'warning',
  period,
  figures: { previous: 10_000_000, current, change: current / 10_000_000 - 1 },
  message: { 'zh-CN': '月收入波动', en: 'Monthly revenue swing' },
});

const causes = DEFAULT_ALERT_CAUSES;

describe('alerts as work items', () => {
  it('a rerun refreshes the figures but keeps the status, cause, note and assignee', async () => {
    const store = createMemoryStore();
    await saveRunAlerts(store, [swing('acc-1', 6_900_000)], { at: '2026-10-31T10:00:00Z', asOf: '2026-10' });
    const id = alertId(swing('acc-1', 0));
    await updateAlert(
      store,
      id,
      { action: 'explain', cause: '报价', note: '竞争对手降价 15%' },
      { causes, meta: { actor: 'u-am' } },
    );
    await updateAlert(
      store,
      id,
      { action: 'assign', assignee: 'u-am2' },
      { causes, meta: { actor: 'u-dh' } },
    );
    const again = await saveRunAlerts(store, [swing('acc-1', 6_500_000), swing('acc-2', 14_000_000)], {
      at: '2026-11-01T10:00:00Z',
      asOf: '2026-10',
    });
    expect(again).toEqual({ raised: 1, refreshed: 1 });
    const [stored] = await store.listAlerts({ ids: [id] });
    expect(stored).toMatchObject({
      status: 'explained',
      cause: 'price',
      note: '竞争对手降价 15%',
      assignee: 'u-am2',
      createdAt: '2026-10-31T10:00:00Z',
      figures: { current: 6_500_000 },
    });
    // Each act is recorded as what it was (alert.explain …); the store's own
    // before → after entry of every alert write (alert.create / alert.update) stands beside it.
    const all = await store.listAudit({ entity: 'alert', entityId: id });
    const audit = all.filter((entry) => entry.action !== 'alert.create' && entry.action !== 'alert.update');
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['alert.explain', 'u-am'],
      ['alert.assign', 'u-dh'],
    ]);
    expect(all.filter((entry) => entry.action === 'alert.update').map((entry) => entry.actor)).toEqual([
      'u-am',
      'u-dh',
      'system',
    ]);
    expect(audit[0]!.before).toMatchObject({ status: 'open', cause: null });
    expect(audit[0]!.after).toMatchObject({ status: 'explained', cause: 'price' });
    expect((await store.listAudit({ entity: 'alerts' })).map((entry) => entry.after)).toEqual([
      { raised: 1, refreshed: 0 },
      { raised: 1, refreshed: 1 },
    ]);
  });

  it('refuses a cause outside the policy list (naming the list) and any change to a closed alert', async () => {
    const store = createMemoryStore();
    await saveRunAlerts(store, [swing('acc-1', 6_900_000)], { at: '2026-10-31T10:00:00Z', asOf: '2026-10' });
    const id = alertId(swing('acc-1', 0));
    const airline = loadAlertPreset('airline').causes;
    const bad = await refusal(
      updateAlert(
        store,
        id,
        { action: 'explain', cause: 'weather' },
        { causes: airline, meta: { actor: 'u-am' } },
      ),
    );
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.messageIn('zh-CN')).toContain('员工、报价、服务');
    expect((await store.listAlerts({ ids: [id] }))[0]!.status).toBe('open');

    await updateAlert(store, id, { action: 'close', cause: 'one-off' }, { causes, meta: { actor: 'u-am' } });
    const closed = await refusal(
      updateAlert(store, id, { action: 'acknowledge' }, { causes, meta: { actor: 'u-am' } }),
    );
    expect(closed.code).toBe('INVALID_STATE');
    expect(closed.messageIn('en')).toContain('closed');
    const missing = await refusal(
      updateAlert(store, 'nope', { action: 'acknowledge' }, { causes, meta: { actor: 'u-am' } }),
    );
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('through the scoped store: the owner explains; another division cannot tell the alert from a missing one', async () => {
    const store = createMemoryStore();
    await seedPortfolio(store);
    await saveRunAlerts(store, [swing(ACCOUNTS.own.id, 6_900_000), swing(ACCOUNTS.west.id, 6_900_000)], {
      at: '2026-10-31T10:00:00Z',
      asOf: '2026-10',
    });
    const owner = scopeStore(store, USERS.am.id);
    const explained = await owner.updateAlert(
      alertId(swing(ACCOUNTS.own.id, 0)),
      { action: 'explain', cause: 'service', note: '配送延误' },
      { causes },
    );
    expect(explained).toMatchObject({ status: 'explained', cause: 'service', updatedBy: USERS.am.id });

    const hidden = await refusal(
      owner.updateAlert(alertId(swing(ACCOUNTS.west.id, 0)), { action: 'acknowledge' }, { causes }),
    );
    const missing = await refusal(
      owner.updateAlert('fluctuation|A-none|2026-10', { action: 'acknowledge' }, { causes }),
    );
    expect(hidden.code).toBe('NOT_FOUND');
    expect(hidden.messageIn('en')).toBe(missing.messageIn('en').replace('A-none', ACCOUNTS.west.id));
    expect((await store.listAlerts({ accountIds: [ACCOUNTS.west.id] }))[0]!.status).toBe('open');
  });
});

describe('alertReminders', () => {
  const deadlines = { unitDay: 28, divisionDay: 5, remindDaysBefore: 3 };
  const stored = (status: 'open' | 'acknowledged' | 'explained' | 'closed', period = '2026-10') => ({
    id: `${status}-${period}`,
    accountId: 'acc-1',
    kind: 'fluctuation',
    period,
    status,
    figures: {},
    createdAt: '2026-11-01T00:00:00Z',
  });

  it('reminds unexplained alerts of October from 3 days before 28 November, then the roll-up due on 5 December', () => {
    const alerts = [stored('open'), stored('acknowledged'), stored('explained'), stored('closed')];
    expect(alertReminders(alerts, deadlines, '2026-11-24')).toEqual([]);
    const due = alertReminders(alerts, deadlines, '2026-11-25');
    expect(
      due.map((reminder) => [reminder.alert.status, reminder.deadline, reminder.dueDate, reminder.status]),
    ).toEqual([
      ['acknowledged', 'unit', '2026-11-28', 'due'],
      ['open', 'unit', '2026-11-28', 'due'],
    ]);
    expect(alertReminders(alerts, deadlines, '2026-11-29').map((reminder) => reminder.deadline)).toEqual([
      'division',
      'division',
    ]);
    expect(alertReminders(alerts, deadlines, '2026-12-06').map((reminder) => reminder.status)).toEqual([
      'overdue',
      'overdue',
    ]);
  });
});

describe('a run of a large portfolio', () => {
  const profileGap = (accountId: string): Alert => ({
    accountId,
    kind: 'profile',
    monitorId: 'profile',
    severity: 'info',
    period: '2026-10',
    figures: {},
    message: { 'zh-CN': '档案不全', en: 'Profile incomplete' },
  });
  const ids = Array.from({ length: 12_001 }, (_, index) => `acc-${String(index).padStart(5, '0')}`);

  it('finds every stored alert and closes every cleared one when they span several reads', async () => {
    const store = createMemoryStore();
    expect(
      await saveRunAlerts(store, ids.map(profileGap), { at: '2026-10-31T10:00:00Z', asOf: '2026-10' }),
    ).toEqual({
      raised: ids.length,
      refreshed: 0,
    });
    const last = alertId(profileGap(ids.at(-1)!));
    await updateAlert(
      store,
      last,
      { action: 'assign', assignee: 'u-am2' },
      { causes, meta: { actor: 'u-dh' } },
    );
    // The next run still finds every condition: all refreshed, none raised, the assignment kept.
    expect(
      await saveRunAlerts(store, ids.map(profileGap), { at: '2026-11-01T10:00:00Z', asOf: '2026-10' }),
    ).toEqual({
      raised: 0,
      refreshed: ids.length,
    });
    expect((await store.listAlerts({ ids: [last] }))[0]).toMatchObject({ assignee: 'u-am2', status: 'open' });
    // A run that finds the condition on the even accounts only closes the odd ones' alerts.
    const still = ids.filter((_, index) => index % 2 === 0);
    expect(
      await closeClearedAlerts(store, still.map(profileGap), {
        accountIds: ids,
        asOf: '2026-10',
        at: '2026-11-02T10:00:00Z',
      }),
    ).toBe(ids.length - still.length);
    const open = await store.listAlerts({ status: 'open' });
    expect(open.map((alert) => alert.accountId)).toEqual(still);
  });
});
