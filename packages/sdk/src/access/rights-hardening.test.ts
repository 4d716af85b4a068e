import { describe, expect, it } from 'vitest';
import type { User } from '../domain/user.js';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { ACCOUNTS, AT, seedPortfolio, USERS } from './__fixtures__/portfolio.js';
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

const meta = { actor: 'system', at: AT };

/** The fixture portfolio plus a system admin and a group-management member who sit in the east division. */
async function seeded(): Promise<Store> {
  const store = createMemoryStore({ clock: () => new Date(AT) });
  await seedPortfolio(store);
  const base = {
    email: undefined,
    supervisorId: null,
    status: 'active',
    locale: 'zh-CN',
    division: 'east',
  } as const;
  await store.putUser(
    { ...base, id: 'u-sa-east', name: '东区系统管理员', role: 'system-admin' } as User,
    meta,
  );
  await store.putUser(
    { ...base, id: 'u-gm-east', name: '东区集团领导', role: 'group-management' } as User,
    meta,
  );
  return store;
}

describe('role hierarchy on every change to a user', () => {
  it.each(['u-sa-east', 'u-gm-east'])(
    'a division admin may not rename, re-mail, freeze or offboard %s',
    async (id) => {
      const store = await seeded();
      const admin = scopeStore(store, USERS.da.id);
      const target = await admin.getUser(id);
      const refused = { code: 'FORBIDDEN', path: 'role' };
      await expect(admin.putUser({ ...target, name: '改名' })).rejects.toMatchObject(refused);
      await expect(admin.putUser({ ...target, email: 'attacker@example.com' })).rejects.toMatchObject(
        refused,
      );
      await expect(admin.freezeUser(id, '离职')).rejects.toMatchObject(refused);
      await expect(
        admin.offboardUser(id, { handoverTo: USERS.am2.id, reason: '离职' }),
      ).rejects.toMatchObject(refused);
      expect(await store.getUser(id)).toEqual(target);
    },
  );

  it('still lets a division admin rename and freeze the account managers of their division', async () => {
    const store = await seeded();
    const admin = scopeStore(store, USERS.da.id);
    const manager = await admin.getUser(USERS.am2.id);
    await admin.putUser({ ...manager, name: '赵经理（新）' });
    expect((await admin.freezeUser(USERS.am2.id, '离职')).status).toBe('frozen');
  });
});

describe('alerts stay with their account', () => {
  it('refuses an alert id of another division pointed at one’s own account as it refuses any ill-formed id, and leaves it untouched', async () => {
    const store = await seeded();
    const westAlert = {
      id: `decline|${ACCOUNTS.west.id}|2026-10`,
      accountId: ACCOUNTS.west.id,
      kind: 'decline',
      period: '2026-10',
      status: 'open',
      figures: { drop: 0.4 },
      createdAt: AT,
    } as const;
    await store.saveAlerts([westAlert]);
    const manager = scopeStore(store, USERS.am.id);
    const foreign = await refusal(
      manager.saveAlerts([{ ...westAlert, accountId: ACCOUNTS.own.id, status: 'closed' }]),
    );
    const unused = await refusal(
      manager.saveAlerts([{ ...westAlert, id: 'decline|A-nowhere|2026-10', accountId: ACCOUNTS.own.id }]),
    );
    expect(foreign).toMatchObject({ code: 'INVALID_INPUT', path: '[0].id' });
    expect(unused).toMatchObject({ code: 'INVALID_INPUT', path: '[0].id' });
    expect(foreign.messageIn('en')).toBe(unused.messageIn('en'));
    const stored = (await store.listAlerts({ accountIds: [ACCOUNTS.west.id] })).find(
      (alert) => alert.id === westAlert.id,
    );
    expect(stored).toMatchObject({ accountId: ACCOUNTS.west.id, status: 'open' });
    // Its own alerts it may resolve.
    const own = { ...westAlert, id: `decline|${ACCOUNTS.own.id}|2026-10`, accountId: ACCOUNTS.own.id };
    await manager.saveAlerts([own]);
    await manager.saveAlerts([{ ...own, status: 'closed' }]);
    expect(await manager.listAlerts({ status: 'closed' })).toHaveLength(1);
  });
});
