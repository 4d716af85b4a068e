import { describe, expect, it } from 'vitest';
import { scopeStore } from '../access/scoped-store.js';
import { dueAgendas } from '../cadence/due-items.js';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { claimActors } from './claim-actors.js';

const AT = '2026-11-02T02:00:00.000Z';

/** East holds 华远物流; west signed its agreement; north is a third unit; HQ decides. */
async function seed(): Promise<Store> {
  let tick = 0;
  const store = createMemoryStore({ clock: () => new Date(Date.parse(AT) + 60_000 * tick++) });
  const system = { actor: 'system' };
  const users = [
    { id: 'u-da-e', name: '东区管理员', role: 'division-admin', division: 'east' },
    { id: 'u-dh-e', name: '东区负责人', role: 'division-head', division: 'east' },
    { id: 'u-dh-w', name: '西区负责人', role: 'division-head', division: 'west' },
    { id: 'u-am-w', name: '西区客户经理', role: 'account-manager', division: 'west' },
    { id: 'u-dh-n', name: '北区负责人', role: 'division-head', division: 'north' },
    { id: 'u-gm', name: '集团', role: 'group-management', division: 'hq' },
    { id: 'u-sa', name: '系统管理员', role: 'system-admin', division: 'hq' },
  ] as const;
  for (const user of users) await store.putUser({ ...user }, system);
  await store.putAccount({ id: 'A-1', name: '华远物流', division: 'east', ownerA: 'u-dh-e' }, system);
  await store.putAccount({ id: 'A-2', name: '新禾食品', division: 'east' }, system);
  await store.putAccount({ id: 'A-w', name: '川海物流', division: 'west' }, system);
  return store;
}

async function refusal(promise: Promise<unknown>): Promise<KamError> {
  try {
    await promise;
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const dueOf = async (store: Store, today: string) => {
  const users = await store.listUsers();
  const agendas = dueAgendas({
    agendas: [],
    accounts: await store.listAccounts(),
    contracts: [],
    complaints: [],
    claims: await store.listClaims(),
    claimActors: (claim) => claimActors(claim, users),
    today,
  });
  return Object.fromEntries(
    agendas.map((agenda) => [agenda.ownerId, agenda.due.map((item) => item.label['zh-CN'])] as const),
  );
};

describe('attribution claims (大客户归属, seed001)', () => {
  it('west claims an east account, east’s admin accepts: the account moves to west, audited, and leaves east’s due list', async () => {
    const store = await seed();
    const west = scopeStore(store, 'u-dh-w');
    const claim = await west.fileClaim({ accountId: 'A-1', reason: '合作协议由西区签订', contractId: 'K-7' });
    expect(claim).toMatchObject({
      accountId: 'A-1',
      claimantDivision: 'west',
      holdingDivision: 'east',
      status: 'open',
      filedBy: 'u-dh-w',
      contractId: 'K-7',
    });
    // The claimant sees the claim, not the account's file.
    expect((await west.listClaims()).map((row) => row.id)).toEqual([claim.id]);
    expect((await refusal(west.getAccount('A-1'))).code).toBe('NOT_FOUND');

    // On east's admin's due list until answered (a division head of east may not answer).
    expect(await dueOf(store, '2026-11-05')).toEqual({
      'u-da-e': [`答复归属申请 ${claim.id}（west 申请客户 A-1）`],
    });
    expect((await refusal(scopeStore(store, 'u-dh-e').answerClaim(claim.id, 'accept', '同意'))).code).toBe(
      'FORBIDDEN',
    );

    const accepted = await scopeStore(store, 'u-da-e').answerClaim(claim.id, 'accept', '核实协议由西区签订');
    expect(accepted).toMatchObject({ status: 'accepted', answer: { by: 'u-da-e', accept: true } });
    const moved = await store.getAccount('A-1');
    // Owner A belonged to east and does not follow the account; west names its own.
    expect(moved).toMatchObject({ division: 'west', ownerA: null });
    expect((await west.getAccount('A-1')).name).toBe('华远物流');
    const [move] = await store.listAudit({ entity: 'account', entityId: 'A-1', action: 'account.move' });
    expect(move).toMatchObject({
      actor: 'u-da-e',
      before: { division: 'east', ownerA: 'u-dh-e' },
      after: { division: 'west', ownerA: null },
      reason: `归属申请 ${claim.id} / attribution claim ${claim.id}: 核实协议由西区签订`,
    });
    const claimAudit = await store.listAudit({ entity: 'claim', entityId: claim.id });
    expect(claimAudit.map((entry) => `${entry.action} by ${entry.actor}`)).toEqual([
      'claim.create by u-dh-w',
      'claim.update by u-da-e',
    ]);
    expect(await dueOf(store, '2026-11-05')).toEqual({});
    // Answered once: a second answer is refused and changes nothing.
    const again = await refusal(scopeStore(store, 'u-da-e').answerClaim(claim.id, 'contest', '再议'));
    expect(again.code).toBe('INVALID_STATE');
    expect(again.messageIn('zh-CN')).toContain('只有待答复的申请可以答复');
  });

  it('contested, the claim goes to the level above, whose decision is final: keep, then on another claim move', async () => {
    const store = await seed();
    const west = scopeStore(store, 'u-dh-w');
    await west.fileClaim({ id: 'CL-1', accountId: 'A-1', reason: '合作协议由西区签订' });
    const eastAdmin = scopeStore(store, 'u-da-e');
    // Only a contested claim is decided; east's admin cannot decide its own dispute.
    expect((await refusal(scopeStore(store, 'u-gm').decideClaim('CL-1', 'move', '裁决'))).code).toBe(
      'INVALID_STATE',
    );
    await eastAdmin.answerClaim('CL-1', 'contest', '业务实际发生在东区');
    expect((await refusal(eastAdmin.decideClaim('CL-1', 'keep', '维持'))).code).toBe('FORBIDDEN');
    expect(await dueOf(store, '2026-11-05')).toEqual({
      'u-gm': ['裁决归属争议 CL-1（west 与 east，客户 A-1）'],
      'u-sa': ['裁决归属争议 CL-1（west 与 east，客户 A-1）'],
    });

    const kept = await scopeStore(store, 'u-gm').decideClaim('CL-1', 'keep', '业务发生地在东区，维持');
    expect(kept).toMatchObject({ status: 'dismissed', decision: { by: 'u-gm', move: false } });
    expect((await store.getAccount('A-1'))?.division).toBe('east');
    expect(await store.listAudit({ entity: 'account', entityId: 'A-1', action: 'account.move' })).toEqual([]);
    expect((await refusal(scopeStore(store, 'u-gm').decideClaim('CL-1', 'move', '改判'))).code).toBe(
      'INVALID_STATE',
    );

    await west.fileClaim({ id: 'CL-2', accountId: 'A-2', reason: '框架协议由西区签订' });
    await eastAdmin.answerClaim('CL-2', 'contest', '不同意');
    const awarded = await scopeStore(store, 'u-gm').decideClaim('CL-2', 'move', '签约机构所在地为准');
    expect(awarded.status).toBe('awarded');
    expect((await store.getAccount('A-2'))?.division).toBe('west');
    const [move] = await store.listAudit({ entity: 'account', entityId: 'A-2', action: 'account.move' });
    expect(move).toMatchObject({
      actor: 'u-gm',
      reason: '归属申请 CL-2 / attribution claim CL-2: 签约机构所在地为准',
    });
    expect(await dueOf(store, '2026-11-05')).toEqual({});
  });

  it('a third unit and an account manager see nothing of the claim: a foreign claim id answers as a missing one', async () => {
    const store = await seed();
    await scopeStore(store, 'u-dh-w').fileClaim({
      id: 'CL-1',
      accountId: 'A-1',
      reason: '合作协议由西区签订',
    });
    for (const stranger of ['u-dh-n', 'u-am-w']) {
      const scoped = scopeStore(store, stranger);
      expect(await scoped.listClaims()).toEqual([]);
      const hidden = await refusal(scoped.getClaim('CL-1'));
      const missing = await refusal(scoped.getClaim('CL-9'));
      expect([hidden.code, hidden.localised]).toEqual([
        missing.code,
        JSON.parse(JSON.stringify(missing.localised).replaceAll('CL-9', 'CL-1')),
      ]);
      const answer = await refusal(scoped.answerClaim('CL-1', 'accept', '同意'));
      expect(answer.code).toBe('NOT_FOUND');
    }
    // The holding unit's head reads it; the level above reads every claim.
    expect((await scopeStore(store, 'u-dh-e').listClaims()).map((row) => row.id)).toEqual(['CL-1']);
    expect((await scopeStore(store, 'u-gm').listClaims()).map((row) => row.id)).toEqual(['CL-1']);
    // East's audit readers see the claim's entries; north's do not.
    expect((await scopeStore(store, 'u-dh-e').listAudit({ entity: 'claim' })).length).toBe(1);
    expect(await scopeStore(store, 'u-dh-n').listAudit({ entity: 'claim' })).toEqual([]);
  });

  it('refuses a bad filing in the user’s language, naming the field, and stores nothing', async () => {
    const store = await seed();
    const west = scopeStore(store, 'u-dh-w');
    const own = await refusal(west.fileClaim({ accountId: 'A-w', reason: '本单位客户' }));
    expect([own.code, own.path, own.messageIn('zh-CN')]).toEqual([
      'INVALID_STATE',
      'accountId',
      '客户 A-w 已归属本单位（west），无需申请',
    ]);
    expect((await refusal(west.fileClaim({ accountId: 'A-none', reason: '协议' }))).messageIn('en')).toBe(
      'No account found: A-none',
    );
    const empty = await refusal(west.fileClaim({ accountId: 'A-1', reason: '  ' }));
    expect([empty.code, empty.issues[0]?.path]).toEqual(['INVALID_INPUT', 'reason']);
    await west.fileClaim({ accountId: 'A-1', reason: '合作协议由西区签订' });
    const twice = await refusal(west.fileClaim({ accountId: 'A-1', reason: '再次申请' }));
    expect([twice.code, twice.messageIn('en')]).toEqual([
      'CONFLICT',
      `Your unit already has a pending claim on account A-1: ${(await store.listClaims())[0]!.id}`,
    ]);
    // An account manager may not file for the unit.
    expect(
      (await refusal(scopeStore(store, 'u-am-w').fileClaim({ accountId: 'A-1', reason: '协议' }))).code,
    ).toBe('FORBIDDEN');
    expect(await store.listClaims()).toHaveLength(1);
    expect(await store.listAudit({ entity: 'claim' })).toHaveLength(1);
  });
});
