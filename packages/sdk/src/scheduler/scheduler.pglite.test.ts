import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import { createScheduler, type Job } from './scheduler.js';

describe('createScheduler on embedded PostgreSQL (PGlite)', () => {
  let store: Store;
  let clock = Date.parse('2026-11-05T03:00:00Z');
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://', clock: () => new Date(clock) });
  }, 120_000);
  afterAll(async () => {
    await store.close();
  });

  it('replicas sharing the database run each occurrence once, also after catching up', async () => {
    const runs: string[] = [];
    const job: Job = {
      id: 'monthly',
      schedule: { kind: 'monthly', day: 5, hour: 9 },
      run: async (occurrence) => {
        runs.push(occurrence.period);
        await new Promise((resolve) => setTimeout(resolve, 15));
      },
    };
    const now = () => new Date(clock);
    const replicas = Array.from({ length: 3 }, () => createScheduler({ store, jobs: [job], now }));
    await Promise.all(replicas.map((replica) => replica.tick()));
    expect(runs.sort()).toEqual(['2026-09', '2026-10', '2026-11']);
    clock = Date.parse('2027-01-06T03:00:00Z');
    await Promise.all(replicas.map((replica) => replica.tick()));
    await Promise.all(replicas.map((replica) => replica.tick()));
    expect(runs.sort()).toEqual(['2026-09', '2026-10', '2026-11', '2026-12', '2027-01']);
  });
});
