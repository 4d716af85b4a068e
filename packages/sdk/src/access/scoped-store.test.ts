import { beforeEach, describe, expect, it } from 'vitest';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { OPERATIONS } from './__fixtures__/matrix.js';
import { ACCOUNTS, AT, seedPortfolio, USERS } from './__fixtures__/portfolio.js';
import { PERMISSIONS } from './permissions.js';
import { scopeStore } from './scoped-store.js';

async function refusal(promise: Promise<unknown>): Promise<KamError> {
  try {
    await promise;
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

/** A store whose `method` throws on its `nth` call, inside transactions too: a failure mid-way. */
function failingOn(store: Store, method: 'putAccount' | 'putUser' | 'appendAudit', nth: number): Store {
  let calls = 0;
  const wrap = (inner: Store): Store =>
    new Proxy(inner, {
      get(target, key) {
        if (key === 'transaction') {
          return <T>(work: (tx: Store) => Promise<T>) => target.transaction((tx) => work(wrap(tx)));
        }
        const value = Reflect.get(target, key);
        if (key === method) {
          return (...args: unknown[]) => {
            calls += 1;
            if (calls === nth) return Promise.reject(new Error('disk full'));
            return (value as (...inner: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return wrap(store);
}

/** Everything a failed operation could have touched, to compare before and after. */
async function snapshot(store: Store) {
  return {
    users: await store.listUsers(),
    accounts: await store.listAccounts(),
    audit: await store.listAudit(),
    history: await Promise.all(Object.values(ACCOUNTS).map((account) => store.accountHistory(account.id))),
  };
}

let store: Store;

beforeEach(async () => {
  store = createMemoryStore({ clock: () => new Date(AT) });
  await seedPortfolio(store);
});

describe('division isolation and moves', () => {
  it('moves an account through HQ, records before → after and the reason, and re-scopes who sees it', async () => {
    const moved = await scopeStore(store, USERS.gm.id).moveAccount('A-peer', 'west', '客户总部迁至成都');

    expect(moved).toMatchObject({ id: 'A-peer', division: 'west', ownerA: null, ownerB: null });
    const [entry] = await store.listAudit({ action: 'account.move' });
    expect(entry).toMatchObject({
      actor: USERS.gm.id,
      entity: 'account',
      entityId: 'A-peer',
      before: { division: 'east', ownerA: USERS.am2.id, ownerB: null },
      after: { division: 'west', ownerA: null, ownerB: null },
      reason: '客户总部迁至成都',
    });
    const history = await store.accountHistory('A-peer');
    expect(history.at(-1)).toMatchObject({ reason: '客户总部迁至成都', actor: USERS.gm.id });

    expect((await refusal(scopeStore(store, USERS.dh.id).getAccount('A-peer'))).code).toBe('NOT_FOUND');
    expect(await scopeStore(store, USERS.dhw.id).getAccount('A-peer')).toMatchObject({ division: 'west' });
    // The old division still reads the move itself in its audit log; the new one too.
    expect(await scopeStore(store, USERS.dh.id).listAudit({ action: 'account.move' })).toHaveLength(1);
    expect(await scopeStore(store, USERS.dhw.id).listAudit({ action: 'account.move' })).toHaveLength(1);
  });

  it('keeps owners who belong to the target division and accepts new ones', async () => {
    const moved = await scopeStore(store, USERS.sa.id).moveAccount('A-peer', 'west', '区域调整', {
      ownerA: USERS.amw.id,
    });
    expect(moved).toMatchObject({ ownerA: USERS.amw.id, ownerB: null });
    expect(await scopeStore(store, USERS.amw.id).getAccount('A-peer')).toMatchObject({ id: 'A-peer' });
  });

  it('refuses a move without a reason, to the same division, or to an owner of another division, changing nothing', async () => {
    const before = await snapshot(store);
    const hq = scopeStore(store, USERS.gm.id);
    expect(await refusal(hq.moveAccount('A-peer', 'west', '  '))).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'reason',
    });
    expect(await refusal(hq.moveAccount('A-peer', 'east', '无'))).toMatchObject({ code: 'INVALID_STATE' });
    expect(
      await refusal(hq.moveAccount('A-peer', 'west', '区域调整', { ownerA: USERS.am.id })),
    ).toMatchObject({ code: 'INVALID_INPUT', path: 'ownerA' });
    expect(await snapshot(store)).toEqual(before);
  });

  it('does not let an edit change the division or the owners: those are moves and hand-overs', async () => {
    const head = scopeStore(store, USERS.dh.id);
    expect(await refusal(head.updateAccount('A-own', { division: 'west' }))).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'division',
    });
    expect(await refusal(head.updateAccount('A-own', { ownerA: USERS.dh.id }))).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'ownerA',
    });
    const version = await head.updateAccount('A-own', { industry: '航空' }, { reason: '补充行业' });
    expect(version).toMatchObject({ version: 2, actor: USERS.dh.id, reason: '补充行业' });
  });

  it('hands an account over within its division and records it', async () => {
    const account = await scopeStore(store, USERS.dh.id).handOverAccount('A-peer', {
      ownerB: USERS.am.id,
      reason: '增设 B 角',
    });
    expect(account).toMatchObject({ ownerA: USERS.am2.id, ownerB: USERS.am.id });
    expect(await store.listAudit({ action: 'account.handover' })).toMatchObject([
      { before: { ownerB: null }, after: { ownerB: USERS.am.id }, reason: '增设 B 角' },
    ]);
    expect(await scopeStore(store, USERS.am.id).getAccount('A-peer')).toMatchObject({ id: 'A-peer' });
    const sameBoth = scopeStore(store, USERS.dh.id).handOverAccount('A-peer', {
      ownerA: USERS.am.id,
      reason: '调整',
    });
    expect(await refusal(sameBoth)).toMatchObject({ code: 'INVALID_INPUT', path: 'ownerB' });
  });
});

describe('creating accounts', () => {
  it('lets an account manager create an account they own, and not one they would not own', async () => {
    const manager = scopeStore(store, USERS.am.id);
    await manager.createAccount({ id: 'A-new', name: '新客户', division: 'east', ownerA: USERS.am.id });
    expect(await manager.getAccount('A-new')).toMatchObject({ ownerA: USERS.am.id });
    const notMine = manager.createAccount({
      id: 'A-x',
      name: '他人客户',
      division: 'east',
      ownerA: USERS.am2.id,
    });
    expect(await refusal(notMine)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers a taken id with the same CONFLICT whether the holder is visible or hidden', async () => {
    const head = scopeStore(store, USERS.dh.id);
    const visible = await refusal(head.createAccount({ id: 'A-own', name: 'x', division: 'east' }));
    const hidden = await refusal(head.createAccount({ id: 'A-west', name: 'x', division: 'east' }));
    expect(visible.code).toBe('CONFLICT');
    expect(hidden.code).toBe('CONFLICT');
    expect(hidden.messageIn('en').replace('A-west', 'ID')).toBe(
      visible.messageIn('en').replace('A-own', 'ID'),
    );
    expect(await store.getAccount('A-west')).toMatchObject({ name: ACCOUNTS.west.name });
  });

  it('keeps a record id per account: reusing a hidden account’s id creates one’s own record and leaves theirs', async () => {
    const manager = scopeStore(store, USERS.am.id);
    const contact = await manager.putContact({ id: 'C-A-west', accountId: 'A-own', name: '同号' });
    expect(await manager.listContacts('A-own')).toContainEqual(contact);
    expect(await store.listContacts('A-west')).toMatchObject([{ id: 'C-A-west', name: '张总' }]);
    await manager.putComplaint({
      id: 'Q-A-west',
      accountId: 'A-own',
      channel: 'phone',
      summary: '同号',
      receivedAt: AT,
    });
    expect((await store.listComplaints({ accountIds: ['A-west'] })).map((row) => row.summary)).not.toContain(
      '同号',
    );
  });

  it('records the caller as the author of a tier override, whatever they claim', async () => {
    const override = await scopeStore(store, USERS.dh.id).putOverride({
      id: 'O-new',
      accountId: 'A-own',
      policyId: 'retail',
      tier: 'A',
      reason: '集团战略客户',
      expiresOn: '2026-12-31',
    });
    expect(override.author).toBe(USERS.dh.id);
    expect(await store.listOverrides({ accountId: 'A-own' })).toContainEqual(override);
  });
});

describe('offboarding', () => {
  it('freezes the departing user and hands every account they owned to the successor', async () => {
    const admin = scopeStore(store, USERS.da.id);
    const departing = scopeStore(store, USERS.am2.id);
    expect(await departing.listAccounts()).toHaveLength(2);

    const result = await admin.offboardUser(USERS.am2.id, { handoverTo: USERS.am.id, reason: '离职' });

    expect(result.user.status).toBe('frozen');
    expect(result.handedOver).toEqual([
      {
        accountId: 'A-own',
        before: { ownerA: USERS.am.id, ownerB: USERS.am2.id },
        // The successor already led the account: the backup role falls vacant.
        after: { ownerA: USERS.am.id, ownerB: null },
      },
      {
        accountId: 'A-peer',
        before: { ownerA: USERS.am2.id, ownerB: null },
        after: { ownerA: USERS.am.id, ownerB: null },
      },
    ]);
    expect(await store.listAccounts({ ownerId: USERS.am2.id })).toEqual([]);
    expect((await scopeStore(store, USERS.am.id).listAccounts()).map((account) => account.id)).toEqual([
      'A-own',
      'A-peer',
    ]);
    // The scoped store the departing user already held is refused at once.
    expect(await refusal(departing.listAccounts())).toMatchObject({ code: 'FORBIDDEN' });

    const entries = await store.listAudit({ actor: USERS.da.id });
    expect(entries.map((entry) => entry.action)).toEqual([
      'user.update',
      'user.offboard',
      'account.update',
      'account.handover',
      'account.update',
      'account.handover',
    ]);
    expect(entries[1]).toMatchObject({
      entityId: USERS.am2.id,
      before: { status: 'active', accounts: ['A-own', 'A-peer'] },
      after: { status: 'frozen', handoverTo: USERS.am.id },
      reason: '离职',
    });
  });

  it.each([1, 2, 3])('is all or nothing: a failure at write %i leaves everything as it was', async (nth) => {
    const before = await snapshot(store);
    const broken = failingOn(store, nth === 3 ? 'appendAudit' : 'putAccount', nth === 3 ? 3 : nth);
    const attempt = scopeStore(broken, USERS.da.id).offboardUser(USERS.am2.id, {
      handoverTo: USERS.am.id,
      reason: '离职',
    });
    await expect(attempt).rejects.toThrow('disk full');
    expect(await snapshot(store)).toEqual(before);
    expect(await store.getUser(USERS.am2.id)).toMatchObject({ status: 'active' });
  });

  it('refuses a successor of another division, a frozen successor, or a caller without user management', async () => {
    const before = await snapshot(store);
    const admin = scopeStore(store, USERS.sa.id);
    expect(
      await refusal(admin.offboardUser(USERS.am2.id, { handoverTo: USERS.amw.id, reason: '离职' })),
    ).toMatchObject({ code: 'INVALID_INPUT', path: 'handoverTo' });
    expect(
      await refusal(admin.offboardUser(USERS.am2.id, { handoverTo: USERS.am2.id, reason: '离职' })),
    ).toMatchObject({ code: 'INVALID_INPUT', path: 'handoverTo' });
    expect(
      await refusal(
        scopeStore(store, USERS.dh.id).offboardUser(USERS.am2.id, {
          handoverTo: USERS.am.id,
          reason: '离职',
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await refusal(
        scopeStore(store, USERS.da.id).offboardUser(USERS.amw.id, {
          handoverTo: USERS.am.id,
          reason: '离职',
        }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await snapshot(store)).toEqual(before);

    await admin.freezeUser(USERS.am.id, '调查期间冻结');
    expect(
      await refusal(admin.offboardUser(USERS.am2.id, { handoverTo: USERS.am.id, reason: '离职' })),
    ).toMatchObject({ code: 'INVALID_INPUT', path: 'handoverTo' });
  });
});

describe('frozen users', () => {
  it('refuses a frozen user every read and write, lists included, and can() turns false', async () => {
    const manager = scopeStore(store, USERS.am.id);
    expect(await manager.can('account.read', { division: 'east', ownerIds: [USERS.am.id] })).toBe(true);
    await scopeStore(store, USERS.da.id).freezeUser(USERS.am.id, '离职前冻结');

    expect(await manager.can('account.read', { division: 'east', ownerIds: [USERS.am.id] })).toBe(false);
    for (const permission of PERMISSIONS) {
      const id = permission.startsWith('user.') ? USERS.am.id : 'A-own';
      const error = await refusal(OPERATIONS[permission].run(manager, id, USERS.am.id));
      expect(`${permission}: ${error.code}`).toBe(`${permission}: FORBIDDEN`);
      expect(error.messageIn('en')).toContain('frozen');
    }
    expect(await store.listAudit({ action: 'user.freeze' })).toMatchObject([
      { actor: USERS.da.id, entityId: USERS.am.id, after: { status: 'frozen' }, reason: '离职前冻结' },
    ]);
  });

  it('does not let anyone freeze themselves or a user outside their scope', async () => {
    expect(await refusal(scopeStore(store, USERS.da.id).freezeUser(USERS.da.id, '测试'))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await refusal(scopeStore(store, USERS.da.id).freezeUser(USERS.amw.id, '测试'))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('permission changes', () => {
  it('records a role change with before → after and the reason', async () => {
    await scopeStore(store, USERS.da.id).putUser(
      { ...USERS.am2, role: 'division-head' },
      { reason: '晋升为事业部负责人' },
    );
    expect(await store.listAudit({ action: 'user.permission' })).toMatchObject([
      {
        actor: USERS.da.id,
        entityId: USERS.am2.id,
        before: { role: 'account-manager', division: 'east', status: 'active' },
        after: { role: 'division-head', division: 'east', status: 'active' },
        reason: '晋升为事业部负责人',
      },
    ]);
    // A name change is not a permission change.
    await scopeStore(store, USERS.da.id).putUser({ ...USERS.am, name: '李明' });
    expect(await store.listAudit({ action: 'user.permission' })).toHaveLength(1);
  });

  it('refuses roles the granter may not give, changes to one’s own permissions, and users outside the division', async () => {
    const before = await snapshot(store);
    const admin = scopeStore(store, USERS.da.id);
    expect(await refusal(admin.putUser({ ...USERS.am2, role: 'system-admin' }))).toMatchObject({
      code: 'FORBIDDEN',
      path: 'role',
    });
    expect(await refusal(admin.putUser({ ...USERS.da, role: 'division-head' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    // Moving an east user to the west division would take them out of sight: refused as not found.
    expect(await refusal(admin.putUser({ ...USERS.am2, division: 'west' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    // A west user's id cannot be taken over: user ids are one namespace, the
    // answer is "taken" and names nothing about the holder.
    expect(await refusal(admin.putUser({ ...USERS.amw, division: 'east' }))).toMatchObject({
      code: 'CONFLICT',
      path: 'id',
    });
    expect(await snapshot(store)).toEqual(before);
  });

  it('lets a division admin create an account manager of their division', async () => {
    const user = await scopeStore(store, USERS.da.id).putUser(
      { id: 'u-new', name: '新人', role: 'account-manager', division: 'east' },
      { reason: '入职' },
    );
    expect(user.status).toBe('active');
    expect(await store.listAudit({ action: 'user.permission', entityId: 'u-new' })).toMatchObject([
      { before: null, after: { role: 'account-manager', division: 'east' }, reason: '入职' },
    ]);
  });
});

describe('contacts of every visible account', () => {
  it('lists, in one call, the contacts of exactly the accounts the user may read', async () => {
    for (const user of [USERS.dh, USERS.am, USERS.dhw, USERS.gm]) {
      const scoped = scopeStore(store, user.id);
      const visible = (await scoped.listAccounts()).map((account) => account.id).sort();
      const contacts = await scoped.listContacts();
      expect(contacts.map((contact) => contact.accountId)).toEqual(visible);
      expect(contacts.map((contact) => contact.id)).toEqual(visible.map((id) => `C-${id}`));
    }
    expect((await scopeStore(store, USERS.dh.id).listContacts()).map((c) => c.accountId)).not.toContain(
      'A-west',
    );
  });
});

describe('logged reads', () => {
  it('logs each read of an account file when asked to, and refused reads not at all', async () => {
    const head = scopeStore(store, USERS.dh.id, { auditReads: true });
    await head.getAccount('A-own');
    await head.listContacts('A-own');
    await refusal(head.getAccount('A-west'));
    expect(await store.listAudit({ action: 'account.read' })).toMatchObject([
      { actor: USERS.dh.id, entityId: 'A-own', after: { read: 'profile' } },
      { actor: USERS.dh.id, entityId: 'A-own', after: { read: 'contacts' } },
    ]);
    await scopeStore(store, USERS.dh.id).getAccount('A-own');
    expect(await store.listAudit({ action: 'account.read' })).toHaveLength(2);
  });
});

describe('audit log through the scoped store', () => {
  it('shows a division head only entries about their division, and applies the limit after filtering', async () => {
    const head = scopeStore(store, USERS.dh.id);
    const entries = await head.listAudit();
    expect(entries.length).toBeGreaterThan(0);
    const ids = new Set(entries.map((entry) => entry.entityId));
    expect(ids.has('A-west')).toBe(false);
    expect(ids.has(USERS.amw.id)).toBe(false);
    expect(ids.has('C-A-west')).toBe(false);
    expect(ids.has('A-own')).toBe(true);
    expect(ids.has('C-A-own')).toBe(true);
    expect(ids.has(USERS.am.id)).toBe(true);
    expect(await head.listAudit({ limit: 3 })).toEqual(entries.slice(0, 3));
    expect(await scopeStore(store, USERS.am.id).listAudit()).toEqual([]);
    expect(await scopeStore(store, USERS.gm.id).listAudit()).toEqual(await store.listAudit());
  });

  it('passes the filters through', async () => {
    await scopeStore(store, USERS.gm.id).moveAccount('A-west', 'east', '合并');
    const sa = scopeStore(store, USERS.sa.id);
    expect(await sa.listAudit({ actor: USERS.gm.id })).toHaveLength(2);
    expect(await sa.listAudit({ action: 'account.move', entityId: 'A-west' })).toHaveLength(1);
    expect(await sa.listAudit({ entity: 'contact' })).toHaveLength(3);
    expect(await sa.listAudit({ since: '2026-10-16T00:00:00Z' })).toEqual([]);
  });
});
