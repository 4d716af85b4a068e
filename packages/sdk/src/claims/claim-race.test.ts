/**
 * Two admins answer the same attribution claim at the same moment: one
 * answer wins, the other is refused, and the account moves at most once —
 * in memory, on PGlite and on a PostgreSQL server with several connections
 * (where the two transactions really overlap).
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { scopeStore } from '../access/scoped-store.js';
import { isKamError } from '../errors/kam-error.js';
import { serverUrl, uniqueSchema, urlWithSchema } from '../store/__fixtures__/server.js';
import { createMemoryStore } from '../store/memory-store.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import { createPostgresStore } from '../store/postgres-store.js';
import { pgPoolDriver } from '../store/sql-driver.js';
import { assertClaimSteps } from './claim.js';

const AT = '2026-11-02T02:00:00.000Z';
const USERS = [
  { id: 'u-da-e', name: '东区管理员', role: 'division-admin', division: 'east' },
  { id: 'u-da-e2', name: '东区管理员二', role: 'division-admin', division: 'east' },
  { id: 'u-dh-w', name: '西区负责人', role: 'division-head', division: 'west' },
  { id: 'u-gm', name: '集团', role: 'group-management', division: 'hq' },
] as const;

async function seed(store: Store): Promise<void> {
  for (const user of USERS) await store.putUser({ ...user }, { actor: 'system' });
  await store.putAccount({ id: 'A-1', name: '华远物流', division: 'east' }, { actor: 'system' });
}

/** Both east admins answer west's claim at once, one accepting, one contesting, `rounds` times. */
async function answerAtOnce(store: Store, rounds: number): Promise<void> {
  await seed(store);
  for (let round = 0; round < rounds; round++) {
    // Back with east after a round that moved it (a system write).
    const account = (await store.getAccount('A-1'))!;
    if (account.division !== 'east')
      await store.putAccount({ ...account, division: 'east' }, { actor: 'system' });
    const claim = await scopeStore(store, 'u-dh-w').fileClaim({
      id: `CL-${round + 1}`,
      accountId: 'A-1',
      reason: `第 ${round + 1} 次`,
    });
    const movesBefore = (await store.listAudit({ entity: 'account', entityId: 'A-1' })).filter(
      (entry) => entry.action === 'account.move',
    ).length;
    const outcomes = await Promise.allSettled([
      scopeStore(store, 'u-da-e').answerClaim(claim.id, 'accept', '同意'),
      scopeStore(store, 'u-da-e2').answerClaim(claim.id, 'contest', '不同意'),
    ]);
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const reason = (lost[0] as PromiseRejectedResult).reason;
    expect(isKamError(reason) && ['CONFLICT', 'INVALID_STATE'].includes(reason.code)).toBe(true);
    const stored = (await store.listClaims({ ids: [claim.id] }))[0]!;
    const accepted = stored.status === 'accepted';
    const moves = (await store.listAudit({ entity: 'account', entityId: 'A-1' })).filter(
      (entry) => entry.action === 'account.move',
    ).length;
    expect(moves - movesBefore).toBe(accepted ? 1 : 0);
    expect((await store.getAccount('A-1'))?.division).toBe(accepted ? 'west' : 'east');
    // A contested claim waits for the level above: settle it so the next round can file again.
    if (!accepted) await scopeStore(store, 'u-gm').decideClaim(claim.id, 'keep', '维持');
  }
}

describe('the store keeps a claim’s steps', () => {
  it('refuses to replace a stored answer, naming the claim, and writes nothing', async () => {
    const store = createMemoryStore({ clock: () => new Date(AT) });
    await seed(store);
    const claim = await scopeStore(store, 'u-dh-w').fileClaim({ accountId: 'A-1', reason: '协议由西区签订' });
    const answered = await scopeStore(store, 'u-da-e').answerClaim(claim.id, 'contest', '不同意');
    const audit = (await store.listAudit()).length;
    await expect(
      store.putClaim(
        { ...answered, status: 'accepted', answer: { by: 'u-da-e2', at: AT, note: '同意', accept: true } },
        { actor: 'u-da-e2' },
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT', path: 'status' });
    expect((await store.listClaims({ ids: [claim.id] }))[0]).toEqual(answered);
    expect((await store.listAudit()).length).toBe(audit);
    expect(() => assertClaimSteps(answered, { ...answered })).not.toThrow();
  });
});

describe('two admins answering one claim at once', () => {
  it('in memory: one answer wins', async () => {
    await answerAtOnce(createMemoryStore({ clock: () => new Date(AT) }), 5);
  });

  it('on PGlite: one answer wins', async () => {
    const store = await openStore({ dataDir: 'memory://', clock: () => new Date(AT) });
    try {
      await answerAtOnce(store, 3);
    } finally {
      await store.close();
    }
  }, 300_000);
});

describe.skipIf(!serverUrl)('two admins answering one claim at once (PostgreSQL server)', () => {
  const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
  const schema = uniqueSchema('claims');
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('one answer wins, the account moves at most once', async () => {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = new pg.Pool({ connectionString: urlWithSchema(serverUrl as string, schema), max: 4 });
    const store = await createPostgresStore({ client: pgPoolDriver(pool), clock: () => new Date(AT) });
    try {
      await answerAtOnce(store, 10);
    } finally {
      await store.close();
    }
  }, 300_000);
});
