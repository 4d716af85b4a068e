import { describe, expect, it } from 'vitest';
import { loadAlertPolicy } from '../alerts/alert-policy.js';
import { createChatEngine } from '../chat/engine.js';
import { linkPlatformUser } from '../chat/identity.js';
import { renderReplyText } from '../chat/render-text.js';
import type { Account } from '../domain/account.js';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { runPortfolio } from '../portfolio/run-portfolio.js';
import { schemePolicies } from '../portfolio/schemes.js';
import { refreshMonth } from '../refresh/refresh-month.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { profileCompleteness, profileLine } from './profile-completeness.js';
import { loadProfilePolicy, loadProfilePreset } from './profile-policy.js';

const account = (id: string, attributes: Account['attributes'], extra: Partial<Account> = {}): Account => ({
  id,
  name: id,
  aliases: [],
  parentId: null,
  type: 'private',
  division: '华东',
  flags: [],
  ownerA: 'u-a',
  ownerB: 'u-b',
  attributes,
  ...extra,
});

/** Five of the airline checklist's seven items; plans and planned branches are missing. */
const FIVE_OF_SEVEN = {
  'travel-policy': '经济舱为主，总监以上公务舱',
  'first-class-level': '副总裁及以上',
  'lowest-fare': false,
  headquarters: '北京',
  headcount: 12_000,
};

/** ¥5,000 every month from January 2025 to `lastMonth` 2026: a VIP under the postal tiers. */
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

function failure(run: () => unknown): KamError {
  try {
    run();
  } catch (error) {
    expect(isKamError(error)).toBe(true);
    return error as KamError;
  }
  throw new Error('expected an error');
}

describe('profile checklist (客户检查单, seed002)', () => {
  it('counts the airline checklist n of m and names the missing items in checklist order', () => {
    const airline = loadProfilePreset('airline');
    const result = profileCompleteness(account('acme', { ...FIVE_OF_SEVEN, plans: '   ' }), airline);
    expect(result).toMatchObject({ policyId: 'airline', filled: 5, total: 7 });
    expect(result.missing.map((item) => item.id)).toEqual(['plans', 'branch-plans']);
    expect(profileLine(result)).toEqual({
      'zh-CN': '客户档案 5/7 项，缺：近期和远期发展规划、是否可能建立分支',
      en: 'Profile 5 of 7, missing: near- and long-term plans, planned branches',
    });
    const full = profileCompleteness(
      account('acme', { ...FIVE_OF_SEVEN, plans: '三年内设华南总部', 'branch-plans': true }),
      airline,
    );
    expect(profileLine(full)).toEqual({ 'zh-CN': '客户档案 7/7 项，齐全', en: 'Profile 7 of 7, complete' });
  });

  it('reads account fields for the postal file (short name, industry)', () => {
    const postal = loadProfilePreset('postal');
    const bare = profileCompleteness(account('acme', {}), postal);
    expect(bare.missing.map((item) => item.id)).toContain('short-name');
    const named = profileCompleteness(account('acme', {}, { shortName: '艾克美', industry: '制造' }), postal);
    expect(named.filled).toBe(2);
    expect(named.missing.map((item) => item.id)).not.toContain('industry');
  });

  it('refuses a checklist with a repeated item or an item with both attribute and field, naming the field', () => {
    const label = { 'zh-CN': '员工人数', en: 'headcount' };
    const repeated = failure(() =>
      loadProfilePolicy({
        id: 'mine',
        name: label,
        items: [
          { id: 'headcount', label },
          { id: 'headcount', label },
        ],
      }),
    );
    expect(repeated.path).toBe('items[1].id');
    expect(repeated.localised['zh-CN']).toContain('客户档案清单');
    const both = failure(() =>
      loadProfilePolicy({
        id: 'mine',
        name: label,
        items: [{ id: 'headcount', label, attribute: 'staff', field: 'industry' }],
      }),
    );
    expect(both.path).toBe('items[0].field');
  });
});

describe('the profile monitor (standing alert)', () => {
  // Postal tiers (a VIP on ¥60,000 a year) with the airline checklist and a profile monitor on every key account.
  const postal = schemePolicies('postal');
  const policies = {
    ...postal,
    alerts: loadAlertPolicy({ ...postal.alerts, monitors: [...postal.alerts.monitors, { kind: 'profile' }] }),
    profile: loadProfilePreset('airline'),
  };

  it('flags a VIP with missing checklist items, naming them, and closes the stored alert once they are filled', async () => {
    const store = createMemoryStore();
    await store.putAccount(account('acme', FIVE_OF_SEVEN), { actor: 'test' });
    await store.putAccount(account('small', {}), { actor: 'test' });
    await vipRevenue(store, 'acme', 10);

    const first = await runPortfolio({ store, policies, asOf: '2026-10', actor: 'u-admin' });
    const flagged = first.alerts.filter((alert) => alert.kind === 'profile');
    // 'small' has no revenue: not a key account, so its empty profile raises nothing.
    expect(flagged.map((alert) => [alert.accountId, alert.figures.filled, alert.figures.total])).toEqual([
      ['acme', 5, 7],
    ]);
    expect(flagged[0]!.message['zh-CN']).toBe(
      'VIP 客户：客户档案 5/7 项，缺：近期和远期发展规划、是否可能建立分支，请补齐客户检查单（航空差旅）',
    );
    expect(flagged[0]!.message.en).toBe(
      'VIP: Profile 5 of 7, missing: near- and long-term plans, planned branches; complete the Customer checklist (airline corporate travel)',
    );
    expect((await store.listAlerts({ ids: ['profile|acme|2026-10'] }))[0]).toMatchObject({ status: 'open' });

    await store.putAccount(account('acme', { ...FIVE_OF_SEVEN, plans: '扩张', 'branch-plans': '华南' }), {
      actor: 'u-a',
    });
    const second = await runPortfolio({ store, policies, asOf: '2026-10', actor: 'u-admin' });
    expect(second.alerts.filter((alert) => alert.kind === 'profile')).toEqual([]);
    expect((await store.listAlerts({ ids: ['profile|acme|2026-10'] }))[0]).toMatchObject({
      status: 'closed',
    });
  });

  it('shows on the status card and in 为什么 / why, and the alert leaves the chat list once the profile is filled', async () => {
    const store = createMemoryStore();
    await store.putAccount(account('acme', FIVE_OF_SEVEN), { actor: 'test' });
    await vipRevenue(store, 'acme', 10);
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

    const missing = '客户档案 5/7 项，缺：近期和远期发展规划、是否可能建立分支';
    expect(await send('查询 acme')).toContain(missing);
    expect(await send('为什么 acme')).toContain(missing);
    expect(await send('why acme')).toContain(
      'Profile 5 of 7, missing: near- and long-term plans, planned branches',
    );
    expect(await send('预警')).toContain('请补齐客户检查单');

    await store.putAccount(account('acme', { ...FIVE_OF_SEVEN, plans: '扩张', 'branch-plans': '华南' }), {
      actor: 'u-a',
    });
    await refreshMonth({ store, policies, month: '2026-10' });
    expect(await send('查询 acme')).toContain('客户档案 7/7 项，齐全');
    expect(await send('预警')).not.toContain('客户检查单');
  });

  it('without a checklist the card has no profile line', async () => {
    const store = createMemoryStore();
    const bare = { ...schemePolicies('retail') };
    await store.putAccount(account('acme', {}), { actor: 'test' });
    await vipRevenue(store, 'acme', 10);
    await store.putUser(
      { id: 'u-a', name: '王 A', role: 'account-manager', division: '华东' },
      { actor: 'test' },
    );
    const chat = createChatEngine({ store, policies: bare, asOf: () => '2026-10', sourceTtlMs: 0 });
    await linkPlatformUser(store, { platform: 'test', platformUserId: 'chat-a' }, 'u-a');
    const reply = await chat.handle({
      platform: 'test',
      platformUserId: 'chat-a',
      text: '查询 acme',
      messageId: 'm-1',
    });
    expect(renderReplyText(reply.replies[0]!)).not.toContain('客户档案');
  });
});
