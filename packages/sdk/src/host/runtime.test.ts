/**
 * The runtime's refresh jobs: a long-running process (`kamkit serve`, a bot)
 * starts them once; from then on every channel's chat engine gets them, and
 * a write makes them compute the stale month again with no reader asking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { defaultPolicies } from '../portfolio/policies.js';
import { ensureMonthResults } from '../refresh/ensure-month.js';
import { seedSmallPortfolio } from '../results/conformance.js';
import { monthFreshness } from '../results/freshness.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { createKamRuntime, type KamRuntime } from './runtime.js';

let store: Store;
let runtime: KamRuntime;

beforeAll(async () => {
  store = createMemoryStore();
  await seedSmallPortfolio(store);
  const config = await parseConfig({}, { file: 'kamkit.config.yaml', env: {} });
  runtime = await createKamRuntime({ config, store });
});

afterAll(async () => {
  await runtime.close();
  await store.close();
});

describe('the runtime’s refresh jobs', () => {
  it('are handed to chat engines once started, refresh a month made stale by a write, and stop with the runtime', async () => {
    expect(runtime.chatOptions().refresh).toBeUndefined();
    const refreshed: string[] = [];
    const jobs = runtime.startRefreshJobs({
      debounceMs: 10,
      pollMs: 20,
      onRefreshed: (month) => refreshed.push(month),
    });
    expect(runtime.startRefreshJobs()).toBe(jobs);
    expect(runtime.chatOptions().refresh).toBe(jobs);
    const policies = defaultPolicies();
    await ensureMonthResults({ store, policies, month: '2026-10' });
    await store.putAccount({ ...(await store.getAccount('a-1'))!, shortName: '一号' }, { actor: 'test' });
    expect((await monthFreshness(store, '2026-10', policies))?.stale).toBe(true);
    for (let waited = 0; !refreshed.includes('2026-10'); waited++) {
      expect(waited).toBeLessThan(600);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await monthFreshness(store, '2026-10', policies))?.stale).toBe(false);
    await runtime.close();
    // Stopped: a later write is left stale.
    await store.putAccount({ ...(await store.getAccount('a-1'))!, shortName: '壹号' }, { actor: 'test' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await monthFreshness(store, '2026-10', policies))?.stale).toBe(true);
  }, 120_000);
});
