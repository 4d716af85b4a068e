/**
 * Refusals that reveal nothing, on every entry point (issue #16): the public
 * methods of a real scoped store are enumerated at run time and each is
 * called by every fixture actor with an id of their own, of their division,
 * of another division, and a missing one. A record out of reach answers
 * exactly as a missing one (same code, message with the id swapped, path).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.js';
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
  store = createMemoryStore({ clock: () => new Date(AT) });
  await seedPortfolio(store);
  await seedEntryPoints(store);
});

const TABLE: Record<string, EntryPoint> = ENTRY_POINTS;

describe('every entry point of the scoped store (memory store)', () => {
  it('the table classifies exactly the methods a scoped store has', () => {
    const methods = publicMethodsOf(scopeStore(createMemoryStore(), USERS.am.id));
    expect(methods.length).toBeGreaterThan(30);
    expect(Object.keys(TABLE).sort()).toEqual(methods);
  });

  const cases = Object.keys(TABLE).flatMap((method) => ENTRY_ACTORS.map((actor) => ({ method, actor })));
  it.each(cases)('$method as $actor.role of $actor.division ($actor.id)', async ({ method, actor }) => {
    const entry = TABLE[method] as EntryPoint;
    expect(await checkEntryPoint(store, entry, actor, method)).toBeGreaterThan(0);
  });
});
