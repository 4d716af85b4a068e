import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../src/cli/demo.js';
import { openStore } from '../src/store/open-store.js';

describe('kamkit demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kamkit-demo-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds the embedded database once, reopens it without seeding, and prints the same portfolio', async () => {
    const printed: string[] = [];
    let store = await openStore({ dataDir });
    const first = await runDemo({ store, locale: 'en', write: (text) => printed.push(text) });
    await store.close();
    expect(first.seeded).toBe(true);
    const firstOutput = printed.join('');
    expect(firstOutput).toMatch(/Seeded the demo portfolio: 313 accounts/);
    for (const heading of [
      'Tier distribution',
      'Top ten by contribution score',
      'Upgrade paths',
      'Alerts',
      'Due actions',
    ]) {
      expect(firstOutput).toContain(heading);
    }

    printed.length = 0;
    store = await openStore({ dataDir });
    const second = await runDemo({ store, locale: 'zh-CN', write: (text) => printed.push(text) });
    expect(second.seeded).toBe(false);
    expect(await store.countAccounts()).toBe(313);
    expect(printed.join('')).toContain('数据库已有数据');
    expect(second.run.tiers.map((tier) => tier.tier)).toEqual(first.run.tiers.map((tier) => tier.tier));
    const history = await store.tierHistory('acc-group-01');
    expect(history.map((row) => row.period)).toEqual(['2026-08', '2026-09', '2026-10']);
    await store.close();
  }, 240_000);

  it('tiers, scores and alerts the demo portfolio consistently', async () => {
    const store = await openStore({ kind: 'memory' });
    const { run } = await runDemo({ store, locale: 'en', write: () => undefined });
    const twelveMonths = run.context.table({ unit: 'rolling', months: 12 }).columns.revenue;
    for (const [index, assignment] of run.tiers.entries()) {
      const revenue = twelveMonths[index]!;
      if (assignment.tier === 'platinum' && assignment.earnedTier === assignment.rawTier) {
        expect(revenue).toBeGreaterThanOrEqual(100_000_000);
      }
      if (assignment.tier === 'vip' && assignment.earnedTier === assignment.rawTier) {
        expect(revenue).toBeLessThan(50_000_000);
      }
    }
    // The state-owned group rolls up twelve subsidiaries.
    const group = run.context.value(
      { metric: 'revenue', window: { unit: 'rolling', months: 12 }, rollUp: true },
      'acc-group',
    );
    const subsidiaries = run.accounts.filter((account) => account.parentId === 'acc-group');
    expect(subsidiaries).toHaveLength(12);
    const sum = subsidiaries.reduce(
      (total, account) =>
        total +
        run.context.value(
          { metric: 'revenue', window: { unit: 'rolling', months: 12 }, rollUp: false },
          account.id,
        ),
      0,
    );
    expect(group).toBe(sum);
    expect(run.alerts.length).toBeGreaterThan(0);
    for (const alert of run.alerts) expect(Object.keys(alert.figures).length).toBeGreaterThan(0);
    expect(run.agendas.length).toBeGreaterThan(0);
  });
});
