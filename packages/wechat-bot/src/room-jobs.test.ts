import {
  createMemoryStore,
  createScheduler,
  defaultPolicies,
  generatePortfolio,
  type Store,
  schemePolicies,
} from '@kamkit/sdk';
import { describe, expect, it } from 'vitest';
import { roomJobs } from './room-jobs.js';
import type { RoomSubscription, SubscriptionTopic } from './room-subscriptions.js';

/** Rooms and who subscribed them: the CEO's room sees everything, a manager's room only their accounts. */
const ROOMS: readonly RoomSubscription[] = (['report', 'alerts'] as const).flatMap((topic) => [
  { roomId: 'room-hq', topic, by: 'u-ceo', at: '2026-10-01T00:00:00.000Z' },
  { roomId: 'room-am', topic, by: 'u-am-11', at: '2026-10-01T00:00:00.000Z' },
]);

async function seeded(): Promise<Store> {
  const store = createMemoryStore();
  const portfolio = generatePortfolio({ asOf: '2026-10', accounts: 60 });
  await store.transaction(async (tx) => {
    for (const user of portfolio.users) await tx.putUser(user, { actor: 'test' });
    for (const account of portfolio.accounts) await tx.putAccount(account, { actor: 'test' });
    await tx.insertTransactions(portfolio.transactions);
  });
  return store;
}

/** A bot that records what each subscribed room would be sent, once per delivery id and room. */
function recordingBot() {
  const sent: { topic: string; roomId: string; text: string; deliveryId: string | undefined }[] = [];
  const claimed = new Set<string>();
  return {
    sent,
    bot: {
      async broadcast(
        topic: SubscriptionTopic,
        text: string | ((subscription: RoomSubscription) => Promise<string | undefined>),
        options?: { deliveryId?: string },
      ) {
        for (const subscription of ROOMS.filter((room) => room.topic === topic)) {
          const roomText = typeof text === 'string' ? text : await text(subscription);
          if (roomText === undefined) continue;
          const key = `${options?.deliveryId}:${subscription.roomId}`;
          if (claimed.has(key)) continue;
          claimed.add(key);
          sent.push({ topic, roomId: subscription.roomId, text: roomText, deliveryId: options?.deliveryId });
        }
        return [];
      },
    },
  };
}

describe('roomJobs', () => {
  it('sends the monthly report and the alert digest to subscribed rooms once, however often the scheduler ticks', async () => {
    const store = await seeded();
    const { sent, bot } = recordingBot();
    const now = new Date('2026-11-05T01:30:00Z'); // 09:30 in Asia/Shanghai
    const scheduler = createScheduler({ store, jobs: roomJobs({ store, bot }), now: () => now });
    await scheduler.tick();
    const afterFirstTick = sent.length;
    await scheduler.tick();
    expect(sent).toHaveLength(afterFirstTick);
    const reports = sent.filter((message) => message.topic === 'report');
    // A fresh scheduler catches up the recent months it missed, each once.
    expect(new Set(reports.map((message) => message.deliveryId)).size).toBe(reports.length);
    const october = reports.find((message) => message.deliveryId === 'wechat:portfolio:2026-10');
    expect(october?.text).toContain('2026-10');
    const alerts = sent.filter((message) => message.topic === 'alerts' && message.roomId === 'room-hq');
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((message) => message.text.startsWith('【大客户预警】'))).toBe(true);
    const today = alerts.find((message) => message.deliveryId === 'wechat:alerts:2026-11-05');
    expect(today?.text.startsWith('【大客户预警】2026-10')).toBe(true);
    expect(new Set(alerts.map((message) => message.deliveryId)).size).toBe(alerts.length);
  });

  it('sends each room only what the user who subscribed it may see', async () => {
    const store = await seeded();
    const { sent, bot } = recordingBot();
    const now = new Date('2026-11-05T01:30:00Z');
    await createScheduler({ store, jobs: roomJobs({ store, bot }), now: () => now }).tick();
    // The manager's room gets no portfolio report: the manager may not see the whole portfolio.
    expect(sent.some((message) => message.topic === 'report' && message.roomId === 'room-am')).toBe(false);
    expect(sent.some((message) => message.topic === 'report' && message.roomId === 'room-hq')).toBe(true);
    // Its alert digest names only the manager's own accounts.
    const names = new Map(
      (await store.listAccounts()).map((account) => [account.shortName ?? account.name, account] as const),
    );
    const digests = sent.filter((message) => message.topic === 'alerts' && message.roomId === 'room-am');
    const everyone = sent.filter((message) => message.topic === 'alerts' && message.roomId === 'room-hq');
    for (const digest of digests) {
      for (const line of digest.text.split('\n').slice(1)) {
        const account = names.get(line.slice(2, line.indexOf('：')));
        expect(account, line).toBeDefined();
        expect([account?.ownerA, account?.ownerB]).toContain('u-am-11');
      }
    }
    const lines = (messages: typeof sent) =>
      messages.reduce((sum, m) => sum + m.text.split('\n').length - 1, 0);
    expect(lines(digests)).toBeLessThan(lines(everyone));
    // A frozen subscriber's room gets nothing more.
    const ceo = (await store.getUser('u-ceo'))!;
    await store.putUser({ ...ceo, status: 'frozen' }, { actor: 'test' });
    const before = sent.length;
    const later = new Date('2026-11-06T01:30:00Z');
    await createScheduler({ store, jobs: roomJobs({ store, bot }), now: () => later }).tick();
    expect(sent.slice(before).some((message) => message.roomId === 'room-hq')).toBe(false);
  });

  it('computes the report with the policies it is given (the configured ones), not the defaults', async () => {
    const retail = schemePolicies('retail');
    /** October's portfolio report, on a fresh store (runs are claimed in the store, once). */
    const october = async (policies?: typeof retail) => {
      const store = await seeded();
      const { sent, bot } = recordingBot();
      const now = new Date('2026-11-05T01:30:00Z');
      const jobs = roomJobs({ store, bot, ...(policies ? { policies } : {}) });
      await createScheduler({ store, jobs, now: () => now }).tick();
      return sent.find((message) => message.deliveryId === 'wechat:portfolio:2026-10')?.text ?? '';
    };
    const labels = (policies: typeof retail) => policies.tiers.tiers.map((tier) => tier.label['zh-CN']);
    const configured = await october(retail);
    const defaults = await october();
    expect(labels(retail).some((label) => configured.includes(label))).toBe(true);
    expect(labels(defaultPolicies()).some((label) => configured.includes(label))).toBe(false);
    expect(labels(defaultPolicies()).some((label) => defaults.includes(label))).toBe(true);
    expect(labels(retail).some((label) => defaults.includes(label))).toBe(false);
  });
});
