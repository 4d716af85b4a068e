import { createMemoryStore, createScheduler, generatePortfolio } from '@kamkit/sdk';
import { describe, expect, it } from 'vitest';
import { roomJobs } from './room-jobs.js';

describe('roomJobs', () => {
  it('sends the monthly report and the alert digest to subscribed rooms once, however often the scheduler ticks', async () => {
    const store = createMemoryStore();
    const portfolio = generatePortfolio({ asOf: '2026-10', accounts: 60 });
    await store.transaction(async (tx) => {
      for (const user of portfolio.users) await tx.putUser(user, { actor: 'test' });
      for (const account of portfolio.accounts) await tx.putAccount(account, { actor: 'test' });
      await tx.insertTransactions(portfolio.transactions);
    });
    const sent: { topic: string; text: string; deliveryId: string | undefined }[] = [];
    const bot = {
      async broadcast(topic: 'report' | 'alerts', text: string, options?: { deliveryId?: string }) {
        sent.push({ topic, text, deliveryId: options?.deliveryId });
        return [];
      },
    };
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
    const alerts = sent.filter((message) => message.topic === 'alerts');
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((message) => message.text.startsWith('【大客户预警】'))).toBe(true);
    const today = alerts.find((message) => message.deliveryId === 'wechat:alerts:2026-11-05');
    expect(today?.text.startsWith('【大客户预警】2026-10')).toBe(true);
    expect(new Set(alerts.map((message) => message.deliveryId)).size).toBe(alerts.length);
  });
});
