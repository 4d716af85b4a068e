import { describe, expect, it } from 'vitest';
import { createChatEngine } from '../chat/engine.js';
import { linkPlatformUser } from '../chat/identity.js';
import { renderReplyText } from '../chat/render-text.js';
import type { Account } from '../domain/account.js';
import { runPortfolio } from '../portfolio/run-portfolio.js';
import { schemePolicies } from '../portfolio/schemes.js';
import { refreshMonth } from '../refresh/refresh-month.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';

const account = (id: string, owners: Pick<Account, 'ownerA' | 'ownerB'>): Account => ({
  id,
  name: id,
  aliases: [],
  parentId: null,
  type: 'private',
  division: '华东',
  flags: [],
  ownerA: owners.ownerA,
  ownerB: owners.ownerB,
  attributes: {},
});

/** ¥5,000 every month from January 2025 to `lastMonth` 2026: ¥60,000 a year, a VIP under the postal tiers. */
async function vipRevenue(store: Store, accountId: string, lastMonth: number) {
  const rows = [];
  for (let index = 0; index < 12 + lastMonth; index++) {
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

describe('A/B owners (主辅制, seed001) under the postal scheme', () => {
  it('flags a VIP account without an owner B as a stored alert, then closes it on the run after owner B is set', async () => {
    const store = createMemoryStore();
    const policies = schemePolicies('postal');
    await store.putAccount(account('acme', { ownerA: 'u-a', ownerB: null }), { actor: 'test' });
    await store.putAccount(account('both', { ownerA: 'u-a', ownerB: 'u-b' }), { actor: 'test' });
    await vipRevenue(store, 'acme', 10);
    await vipRevenue(store, 'both', 10);

    const first = await runPortfolio({ store, policies, asOf: '2026-10', actor: 'u-admin' });
    expect(first.tiers.map((row) => [row.accountId, row.tier])).toEqual([
      ['acme', 'vip'],
      ['both', 'vip'],
    ]);
    const flagged = first.alerts.filter((alert) => alert.kind === 'ab-owners');
    expect(flagged.map((alert) => [alert.accountId, alert.figures.missing])).toEqual([['acme', 'B']]);
    expect(flagged[0]!.message['zh-CN']).toContain('未指定 B 角（协办）');
    const [stored] = await store.listAlerts({ ids: ['ab-owners|acme|2026-10'] });
    expect(stored).toMatchObject({ status: 'open', accountId: 'acme', kind: 'ab-owners' });

    // Owner B is named; the same month's next run no longer raises it and closes the stored alert.
    await store.putAccount(account('acme', { ownerA: 'u-a', ownerB: 'u-b' }), { actor: 'u-admin' });
    const second = await runPortfolio({ store, policies, asOf: '2026-10', actor: 'u-admin' });
    expect(second.alerts.filter((alert) => alert.kind === 'ab-owners')).toEqual([]);
    const [closed] = await store.listAlerts({ ids: ['ab-owners|acme|2026-10'] });
    expect(closed).toMatchObject({ status: 'closed', updatedBy: 'u-admin' });
    const audit = await store.listAudit({
      entity: 'alert',
      entityId: 'ab-owners|acme|2026-10',
      action: 'alert.close',
    });
    expect(audit.map((entry) => [entry.action, entry.reason])).toEqual([
      ['alert.close', '2026-10 的运行未再发现该情况 / cleared by the run of 2026-10'],
    ]);
  });

  it('a gap that lasts into the next month closes last month’s alert as continued, keeping one open alert', async () => {
    const store = createMemoryStore();
    const policies = schemePolicies('postal');
    await store.putAccount(account('acme', { ownerA: null, ownerB: 'u-b' }), { actor: 'test' });
    await vipRevenue(store, 'acme', 11);
    await runPortfolio({ store, policies, asOf: '2026-10', actor: 'u-admin' });
    await runPortfolio({ store, policies, asOf: '2026-11', actor: 'u-admin' });
    const rows = (await store.listAlerts({ accountIds: ['acme'] })).filter((row) => row.kind === 'ab-owners');
    expect(rows.map((row) => [row.id, row.status])).toEqual([
      ['ab-owners|acme|2026-10', 'closed'],
      ['ab-owners|acme|2026-11', 'open'],
    ]);
    const [audit] = await store.listAudit({
      entity: 'alert',
      entityId: 'ab-owners|acme|2026-10',
      action: 'alert.close',
    });
    expect(audit?.reason).toContain('continued as the alert of 2026-11');
  });

  it('shows in the chat alert list and on the status card, and is gone from both once owner B is set', async () => {
    const store = createMemoryStore();
    const policies = schemePolicies('postal');
    await store.putAccount(account('acme', { ownerA: 'u-a', ownerB: null }), { actor: 'test' });
    await vipRevenue(store, 'acme', 10);
    await store.putUser(
      { id: 'u-a', name: '王 A', role: 'account-manager', division: '华东' },
      { actor: 'test' },
    );
    const chat = createChatEngine({ store, policies, asOf: () => '2026-10', sourceTtlMs: 0 });
    await linkPlatformUser(store, { platform: 'test', platformUserId: 'chat-a' }, 'u-a');
    let counter = 0;
    const send = async (text: string) =>
      (await chat.handle({ platform: 'test', platformUserId: 'chat-a', text, messageId: `m-${++counter}` }))
        .replies[0]!;

    const list = renderReplyText(await send('预警'));
    expect(list).toContain(
      'acme：VIP 客户：VIP 客户及以上客户须有 A 角和 B 角客户经理（主辅制），未指定 B 角（协办）',
    );
    expect(renderReplyText(await send('查询 acme'))).toContain('未指定 B 角（协办）');

    await store.putAccount(account('acme', { ownerA: 'u-a', ownerB: 'u-b' }), { actor: 'u-a' });
    // The month's stored results follow the change (the chat refreshes them in the background).
    await refreshMonth({ store, policies, month: '2026-10' });
    expect((await store.listAlerts({ ids: ['ab-owners|acme|2026-10'] }))[0]?.status).toBe('closed');
    expect(renderReplyText(await send('预警'))).not.toContain('B 角');
    expect(renderReplyText(await send('查询 acme'))).not.toContain('B 角');
  });
});
