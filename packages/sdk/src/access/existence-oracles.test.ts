/**
 * A write with an id that some other division's account already uses answers
 * exactly as a write with a fresh id: records under an account are keyed by
 * account and id, so nothing about the other account shows (issue #16).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { ACCOUNTS, AT, seedPortfolio, USERS } from './__fixtures__/portfolio.js';
import { type ScopedStore, scopeStore } from './scoped-store.js';

async function refusal(promise: Promise<unknown>): Promise<KamError> {
  try {
    await promise;
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

let store: Store;
beforeEach(async () => {
  store = createMemoryStore({ clock: () => new Date(AT) });
  await seedPortfolio(store);
});

const own = ACCOUNTS.own.id;
const west = ACCOUNTS.west.id;

/** Each write a division admin may make on an account of their division, with the id to use. */
const WRITES = {
  transaction: (scoped, id) =>
    scoped.insertTransactions([
      { id, accountId: own, date: '2026-10-02', amountFen: 100_00, category: 'general' },
    ]),
  payment: (scoped, id) =>
    scoped.insertPayments([{ id, accountId: own, date: '2026-10-03', amountFen: 100_00 }]),
  interaction: (scoped, id) =>
    scoped.insertInteractions([
      {
        id,
        accountId: own,
        at: AT,
        kind: 'call',
        note: '回访',
        userId: USERS.da.id,
        actorLevel: 'specialist',
      },
    ]),
  contact: (scoped, id) => scoped.putContact({ id, accountId: own, name: '新联系人' }),
  complaint: (scoped, id) =>
    scoped.putComplaint({ id, accountId: own, channel: 'phone', summary: '新投诉', receivedAt: AT }),
} satisfies Record<string, (scoped: ScopedStore, id: string) => Promise<unknown>>;

/** The id the west account's record of each kind has in the fixture. */
const WEST_IDS: Record<keyof typeof WRITES, string> = {
  transaction: `T-${west}`,
  payment: `P-${west}`,
  interaction: `I-${west}`,
  contact: `C-${west}`,
  complaint: `Q-${west}`,
};

describe('an id used by another division answers like a fresh id', () => {
  for (const kind of Object.keys(WRITES) as (keyof typeof WRITES)[]) {
    const write: (scoped: ScopedStore, id: string) => Promise<unknown> = WRITES[kind];
    it(`${kind}: the same answer for a foreign id and a fresh one, and the west record is untouched`, async () => {
      const before = JSON.stringify(await store.listAudit({ entity: kind }));
      const westBefore = await westRecords();
      const admin = scopeStore(store, USERS.da.id, { now: () => new Date(AT) });
      const foreign = await write(admin, WEST_IDS[kind]);
      const fresh = await write(admin, `${kind}-fresh`);
      const normalise = (value: unknown) =>
        JSON.stringify(value).replaceAll(WEST_IDS[kind], 'ID').replaceAll(`${kind}-fresh`, 'ID');
      expect(normalise(foreign)).toBe(normalise(fresh));
      expect(await westRecords()).toEqual(westBefore);
      expect(JSON.stringify(await store.listAudit({ entity: kind }))).not.toBe(before);
    });
  }

  it('override: a foreign id is granted like a fresh one', async () => {
    const head = scopeStore(store, USERS.dh.id, { now: () => new Date(AT) });
    const input = { accountId: own, policyId: 'retail', tier: 'A', reason: '集团战略', expiresOn: null };
    const foreign = await head.putOverride({ ...input, id: `O-${west}` });
    const fresh = await head.putOverride({ ...input, id: 'O-fresh' });
    expect({ ...foreign, id: 'ID' }).toEqual({ ...fresh, id: 'ID' });
    expect(await store.listOverrides({ accountId: west })).toMatchObject([
      { id: `O-${west}`, accountId: west },
    ]);
  });

  it('user: a division admin taking a foreign user’s id is told the id is taken, never NOT_FOUND, and the user is untouched', async () => {
    const admin = scopeStore(store, USERS.da.id);
    const answer = await refusal(
      admin.putUser({ id: USERS.amw.id, name: '冒名', role: 'account-manager', division: 'east' }),
    );
    expect(answer).toMatchObject({ code: 'CONFLICT', path: 'id' });
    expect(answer.messageIn('en')).toBe(`User id already taken: ${USERS.amw.id}`);
    expect(await store.getUser(USERS.amw.id)).toMatchObject({ name: USERS.amw.name, division: 'west' });
    // A fresh id creates the user.
    await admin.putUser({ id: 'u-new', name: '新人', role: 'account-manager', division: 'east' });
    expect(await store.getUser('u-new')).toMatchObject({ division: 'east' });
  });
});

async function westRecords() {
  return {
    contacts: await store.listContacts(west),
    payments: await store.listPayments({ accountIds: [west] }),
    interactions: await store.listInteractions({ accountIds: [west] }),
    complaints: await store.listComplaints({ accountIds: [west] }),
    aggregate: await store.aggregate({ accountIds: [west] }),
    overrides: await store.listOverrides({ accountId: west }),
  };
}
