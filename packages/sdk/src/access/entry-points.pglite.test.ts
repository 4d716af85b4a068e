/**
 * The generated entry-point test on embedded PostgreSQL, opened through
 * openStore. Opening PGlite takes seconds, so one seeded database serves every
 * case; each call runs in a transaction that is rolled back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import {
  checkEntryPoint,
  ENTRY_ACTORS,
  ENTRY_POINTS,
  type EntryPoint,
  publicMethodsOf,
  seedEntryPoints,
} from './__fixtures__/entry-points.js';
import { AT, seedPortfolio, USERS } from './__fixtures__/portfolio.js';
import { scopeStore } from './scoped-store.js';

let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://', clock: () => new Date(AT) });
  await seedPortfolio(store);
  await seedEntryPoints(store);
}, 120_000);

afterAll(async () => {
  await store.close();
});

const TABLE: Record<string, EntryPoint> = ENTRY_POINTS;

describe('every entry point of the scoped store (PGlite through openStore)', () => {
  it('the table classifies exactly the methods a scoped store has', () => {
    expect(Object.keys(TABLE).sort()).toEqual(publicMethodsOf(scopeStore(store, USERS.am.id)));
  });

  it.each(Object.keys(TABLE))('%s, as every actor', async (method) => {
    const entry = TABLE[method] as EntryPoint;
    for (const actor of ENTRY_ACTORS)
      expect(await checkEntryPoint(store, entry, actor, method)).toBeGreaterThan(0);
  });

  it('rolled every case back', async () => {
    expect(await store.getAccount('A-west')).toMatchObject({ division: 'west' });
    expect(await store.getUser(USERS.amw.id)).toMatchObject({ status: 'active' });
    expect(await store.listPayments({ accountIds: ['A-own'] })).toHaveLength(1);
  });
});
