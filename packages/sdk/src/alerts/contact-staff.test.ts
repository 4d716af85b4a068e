import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChatEngine } from '../chat/engine.js';
import { linkPlatformUser } from '../chat/identity.js';
import { renderReplyText } from '../chat/render-text.js';
import type { Account } from '../domain/account.js';
import type { Interaction } from '../domain/interaction.js';
import { FigureContext } from '../metrics/figures.js';
import { runPortfolio } from '../portfolio/run-portfolio.js';
import { schemePolicies } from '../portfolio/schemes.js';
import { refreshMonth } from '../refresh/refresh-month.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { loadAlertPolicy } from './alert-policy.js';
import { runAlerts } from './run-alerts.js';

const account = (id: string): Account => ({
  id,
  name: id,
  aliases: [],
  parentId: null,
  type: 'private',
  division: '华东',
  flags: [],
  ownerA: 'u-a',
  ownerB: 'u-b',
  attributes: {},
});

/** ¥5,000 every month from January 2025 to October 2026: a VIP under the postal tiers. */
async function vipRevenue(store: Store, accountId: string) {
  const rows = [];
  for (let index = 0; index < 22; index++) {
    const month = `${2025 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    rows.push({
      id: `${accountId}-${month}`,
      accountId,
      date: `${month}-10`,
      amountFen: 500_000,
      category: 'general',
    });
  }
  await store.insertTransactions(rows);
}

const call = (id: string, accountId: string, userId: string, at: string): Interaction => ({
  id,
  accountId,
  kind: 'call',
  at,
  userId,
  actorLevel: 'specialist',
});

describe('two or more staff in contact with a VIP (seed001) under the postal scheme', () => {
  it('flags a VIP only one person called in six months, then closes the alert on the run after a second person calls', async () => {
    const store = createMemoryStore();
    const policies = schemePolicies('postal');
    await store.putAccount(account('acme'), { actor: 'test' });
    await store.putAccount(account('duo'), { actor: 'test' });
    await vipRevenue(store, 'acme');
    await vipRevenue(store, 'duo');
    await store.insertInteractions([
      call('i1', 'acme', 'u-a', '2026-09-01T02:00:00Z'),
      call('i2', 'acme', 'u-a', '2026-10-01T02:00:00Z'),
      // A second person, but seven months ago: outside the window.
      call('i3', 'acme', 'u-b', '2026-03-20T02:00:00Z'),
      call('i4', 'duo', 'u-a', '2026-06-01T02:00:00Z'),
      call('i5', 'duo', 'u-b', '2026-10-20T02:00:00Z'),
    ]);

    const first = await runPortfolio({ store, policies, asOf: '2026-10', actor: 'u-admin' });
    const flagged = first.alerts.filter((alert) => alert.kind === 'contact-staff');
    expect(flagged.map((alert) => [alert.accountId, alert.figures.staff, alert.figures.since])).toEqual([
      ['acme', 'u-a', '2026-04-30'],
    ]);
    expect(flagged[0]!.message['zh-CN']).toBe(
      'VIP 客户：VIP 客户及以上客户须有 2 名以上员工联系，近 6 个月仅 u-a 有联系记录',
    );
    expect(flagged[0]!.message.en).toContain(
      'need 2 or more staff in contact; in the last 6 months only u-a',
    );
    expect((await store.listAlerts({ ids: ['contact-staff|acme|2026-10'] }))[0]).toMatchObject({
      status: 'open',
    });

    await store.insertInteractions([call('i6', 'acme', 'u-b', '2026-10-25T02:00:00Z')]);
    const second = await runPortfolio({ store, policies, asOf: '2026-10', actor: 'u-admin' });
    expect(second.alerts.filter((alert) => alert.kind === 'contact-staff')).toEqual([]);
    expect((await store.listAlerts({ ids: ['contact-staff|acme|2026-10'] }))[0]).toMatchObject({
      status: 'closed',
      updatedBy: 'u-admin',
    });
    const audit = await store.listAudit({ entity: 'alert', entityId: 'contact-staff|acme|2026-10' });
    expect(audit.map((entry) => entry.action)).toContain('alert.close');
  });

  it('shows in the chat alert list of the account’s owner and is gone after the second contact', async () => {
    const store = createMemoryStore();
    const policies = schemePolicies('postal');
    await store.putAccount(account('acme'), { actor: 'test' });
    await vipRevenue(store, 'acme');
    await store.putUser(
      { id: 'u-a', name: '王 A', role: 'account-manager', division: '华东' },
      { actor: 'test' },
    );
    const chat = createChatEngine({ store, policies, asOf: () => '2026-10', sourceTtlMs: 0 });
    await linkPlatformUser(store, { platform: 'test', platformUserId: 'chat-a' }, 'u-a');
    let counter = 0;
    const send = async (text: string) =>
      renderReplyText(
        (await chat.handle({ platform: 'test', platformUserId: 'chat-a', text, messageId: `m-${++counter}` }))
          .replies[0]!,
      );
    expect(await send('预警')).toContain(
      'acme：VIP 客户：VIP 客户及以上客户须有 2 名以上员工联系，近 6 个月无人记录联系',
    );
    await store.insertInteractions([
      call('i1', 'acme', 'u-a', '2026-10-02T02:00:00Z'),
      call('i2', 'acme', 'u-b', '2026-10-03T02:00:00Z'),
    ]);
    // The month's stored results follow the new interactions (the chat refreshes them in the background).
    await refreshMonth({ store, policies, month: '2026-10' });
    expect((await store.listAlerts({ ids: ['contact-staff|acme|2026-10'] }))[0]?.status).toBe('closed');
    expect(await send('预警')).not.toContain('员工联系');
  });

  it('counts distinct staff inside the window: flagged exactly when fewer than minStaff people called (property)', () => {
    const accounts = [account('acme')];
    const context = new FigureContext({ accounts, aggregates: [], asOf: '2026-10' });
    const days = ['2026-04-29', '2026-04-30', '2026-05-01', '2026-08-15', '2026-10-31', '2026-11-01'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ user: fc.constantFrom('u1', 'u2', 'u3'), day: fc.constantFrom(...days) }), {
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 3 }),
        (rows, minStaff) => {
          const interactions = rows.map((row, index) =>
            call(`i${index}`, 'acme', row.user, `${row.day}T12:00:00+08:00`),
          );
          const alerts = runAlerts({
            policy: loadAlertPolicy({
              id: 'p',
              monitors: [{ kind: 'contact-staff', fromTier: 'vip', minStaff }],
            }),
            context,
            asOf: '2026-10-31',
            tiers: [{ accountId: 'acme', tier: 'vip' }],
            tierOrder: ['gold', 'vip'],
            interactions,
          });
          // The window is 2026-05-01 … 2026-10-31 (after the same day six months earlier).
          const inside = new Set(
            rows.filter((row) => row.day >= '2026-05-01' && row.day <= '2026-10-31').map((row) => row.user),
          );
          expect(alerts.length).toBe(inside.size < minStaff ? 1 : 0);
          if (alerts[0]) expect(alerts[0].figures.staffCount).toBe(inside.size);
        },
      ),
    );
  });

  it('names the policy field when the tier is unknown or the interactions are missing', () => {
    const context = new FigureContext({ accounts: [account('acme')], aggregates: [], asOf: '2026-10' });
    const policy = (fromTier: string) =>
      loadAlertPolicy({ id: 'p', monitors: [{ kind: 'contact-staff', fromTier }] });
    const base = {
      context,
      asOf: '2026-10',
      tiers: [{ accountId: 'acme', tier: 'vip' }],
      tierOrder: ['gold', 'vip'],
    };
    expect(() => runAlerts({ ...base, policy: policy('diamond'), interactions: [] })).toThrow(
      /fromTier "diamond"/,
    );
    expect(() => runAlerts({ ...base, policy: policy('vip') })).toThrow(/needs the interactions/);
    expect(() =>
      loadAlertPolicy({ id: 'p', monitors: [{ kind: 'contact-staff', fromTier: 'vip', months: 0 }] }),
    ).toThrow(/monitors\[0\]\.months/);
  });
});
