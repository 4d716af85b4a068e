import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import { createKam } from './create-kam.js';

describe('createKam', () => {
  it('gives each user a scoped view: an account manager sees only the accounts they own', async () => {
    const kam = await createKam({ store: createMemoryStore() });
    const meta = { actor: 'system' };
    await kam.store.putUser({ id: 'u-li', name: '李娜', role: 'account-manager', division: '华东' }, meta);
    await kam.store.putUser({ id: 'u-wang', name: '王强', role: 'account-manager', division: '华东' }, meta);
    await kam.store.putAccount({ id: 'mine', name: '甲公司', division: '华东', ownerA: 'u-li' }, meta);
    await kam.store.putAccount({ id: 'theirs', name: '乙公司', division: '华东', ownerA: 'u-wang' }, meta);

    const li = kam.as('u-li');
    expect((await li.listAccounts()).map((account) => account.id)).toEqual(['mine']);
    const hidden = await li.getAccount('theirs').catch((error: unknown) => error);
    const missing = await li.getAccount('nobody').catch((error: unknown) => error);
    expect(isKamError(hidden) && isKamError(missing) && hidden.code === missing.code).toBe(true);
    expect(String((hidden as Error).message).includes('theirs')).toBe(
      String((missing as Error).message).includes('nobody'),
    );
    await kam.close();
  });

  it('runs the month and saves tiers to the store', async () => {
    const kam = await createKam({ store: createMemoryStore() });
    await kam.store.putAccount(
      { id: 'a', name: '甲公司', division: '华东', flags: ['agreement'] },
      { actor: 'system' },
    );
    await kam.store.insertTransactions([
      { id: 't1', accountId: 'a', date: '2026-10-03', amountFen: 60_000_000, category: '标准快递' },
    ]);
    const run = await kam.run('2026-10');
    expect(run.tiers[0]?.tier).toBe('gold');
    expect((await kam.store.tierHistory('a')).map((row) => row.tier)).toEqual(['gold']);
  });
});
