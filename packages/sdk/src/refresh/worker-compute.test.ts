import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultPolicies } from '../portfolio/policies.js';
import { readReportInputs } from '../reports/data/source.js';
import { seedSmallPortfolio } from '../results/conformance.js';
import { createMemoryStore } from '../store/memory-store.js';
import { refreshMonth } from './refresh-month.js';
import { createWorkerCompute, RESULT_PARTS } from './worker-compute.js';

// The built worker script: the test setup (test/build-once.ts) builds the SDK when it is missing or stale.
const script = new URL('../../dist/refresh/compute-worker.js', import.meta.url);

describe('computing a month in a worker thread', () => {
  it('has the built worker script to run', () => {
    expect(existsSync(fileURLToPath(script))).toBe(true);
  });

  it('stores the same rows, scores, tiers and alerts as computing in this thread', async () => {
    const policies = defaultPolicies();
    const compute = createWorkerCompute(script)!;
    const stored = [];
    for (const worker of [false, true]) {
      const store = createMemoryStore();
      await seedSmallPortfolio(store);
      const outcome = await refreshMonth({
        store,
        policies,
        month: '2026-10',
        record: true,
        now: () => new Date('2026-11-01T00:00:00.000Z'),
        ...(worker ? { compute } : {}),
      });
      expect(outcome).toMatchObject({ status: 'computed', accounts: 3 });
      stored.push({
        accounts: await store.results.listAccountMonths('2026-10'),
        portfolio: await store.results.getPortfolioMonth('2026-10'),
        agendas: await store.results.getAgendas('2026-10'),
        scores: await store.listScores({ period: '2026-10' }),
        tiers: await store.listTierAssignments({ period: '2026-10' }),
        alerts: await store.listAlerts(),
      });
    }
    expect(stored[0]?.accounts).toHaveLength(3);
    expect(stored[1]).toEqual(stored[0]);
  }, 120_000);

  it('posts a portfolio larger than one slice of rows whole and in order', async () => {
    const policies = defaultPolicies();
    const count = RESULT_PARTS.accounts * 2 + 7;
    const ids = Array.from({ length: count }, (_, index) => `b-${String(index).padStart(4, '0')}`);
    const stored = [];
    for (const worker of [false, true]) {
      const store = createMemoryStore();
      await seedSmallPortfolio(store);
      await store.putAccounts(
        ids.map((id) => ({ id, name: `客户 ${id}`, division: '华东', ownerA: 'u-1', ownerB: null })),
        { actor: 'test' },
      );
      await store.insertTransactions(
        ids.map((id, index) => ({
          id: `t-${id}`,
          accountId: id,
          date: '2026-10-10',
          amountFen: (index + 1) * 1_000_000,
          category: index % 2 === 0 ? 'freight' : 'express',
        })),
      );
      const outcome = await refreshMonth({
        store,
        policies,
        month: '2026-10',
        now: () => new Date('2026-11-01T00:00:00.000Z'),
        ...(worker ? { compute: createWorkerCompute(script)! } : {}),
      });
      expect(outcome).toMatchObject({ status: 'computed', accounts: count + 3 });
      stored.push(await store.results.listAccountMonths('2026-10'));
    }
    expect(stored[1]).toHaveLength(count + 3);
    expect(stored[1]).toEqual(stored[0]);
  }, 300_000);

  it('rejects with the reason when the computation fails in the worker', async () => {
    const store = createMemoryStore();
    await seedSmallPortfolio(store);
    const inputs = await readReportInputs(store, { asOf: '2026-10', policies: defaultPolicies() });
    const compute = createWorkerCompute(script)!;
    await expect(compute({ ...inputs, asOf: 'not a month' }, defaultPolicies(), {})).rejects.toThrow(
      /Computing the results of not a month failed/u,
    );
  }, 120_000);
});
