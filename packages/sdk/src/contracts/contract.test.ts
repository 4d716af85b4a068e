import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, AT, seedPortfolio } from '../access/__fixtures__/portfolio.js';
import { scopeStore } from '../access/scoped-store.js';
import { AccountSchema } from '../domain/account.js';
import { createMemoryStore } from '../store/memory-store.js';
import { addDays } from '../time/calendar.js';
import {
  type Contract,
  ContractSchema,
  contractDueItems,
  contractState,
  renewContract,
  withContractFlags,
} from './contract.js';

const base = ContractSchema.parse({
  id: 'k1',
  accountId: 'acme',
  title: '2026 年度服务协议',
  parties: ['Acme 集团', '我方'],
  type: 'service',
  scope: 'national',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  noticeDays: 30,
  committedFen: 1_000_000,
  actualFen: 250_000,
});

describe('contract standing', () => {
  it('is in force, then expiring within its notice days, then expired when manual and not renewed', () => {
    expect(contractState(base, '2025-12-31').standing).toBe('upcoming');
    expect(contractState(base, '2026-06-01').standing).toBe('active');
    expect(contractState(base, '2026-12-01').standing).toBe('expiring');
    expect(contractState(base, '2026-12-31').standing).toBe('expiring');
    expect(contractState(base, '2027-01-01').standing).toBe('expired');
    expect(contractState(base, '2026-06-01').fulfilment).toBe(0.25);
  });

  it('an auto-renewing contract rolls into the next term of the same length', () => {
    const auto: Contract = { ...base, renewal: 'auto' };
    const state = contractState(auto, '2027-03-01');
    expect(state.standing).toBe('active');
    expect(state.termEnd).toBe('2027-12-31');
  });

  it('a closed contract is closed whatever the day', () => {
    const closed = ContractSchema.parse({ ...base, status: 'closed', closedOn: '2026-05-01' });
    expect(contractState(closed, '2026-06-01').standing).toBe('closed');
    expect(contractDueItems([closed], '2026-12-15')).toEqual([]);
  });

  it('the due list holds contracts from their notice day on; a lapsed manual one is overdue (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), fc.integer({ min: 0, max: 120 }), (offset, notice) => {
        const contract: Contract = { ...base, noticeDays: notice };
        const today = addDays(base.endDate, offset);
        const items = contractDueItems([contract], today);
        const listed = today >= addDays(base.endDate, -notice);
        expect(items.length).toBe(listed ? 1 : 0);
        if (listed) expect(items[0]?.status).toBe(offset > 0 ? 'overdue' : 'due');
      }),
    );
  });

  it('renewing moves the end date and records the renewal', () => {
    const renewed = renewContract(base, { until: '2027-12-31', by: 'u-li', on: '2026-12-10' });
    expect(renewed.endDate).toBe('2027-12-31');
    expect(renewed.renewals).toEqual([
      { on: '2026-12-10', by: 'u-li', from: '2026-12-31', to: '2027-12-31' },
    ]);
    expect(contractDueItems([renewed], '2026-12-15')).toEqual([]);
  });

  it('the agreement flag follows the contracts in force, and a hand-set flag is kept', () => {
    const account = AccountSchema.parse({ id: 'acme', name: 'Acme', division: 'east' });
    const other = AccountSchema.parse({ id: 'b', name: 'B', division: 'east', flags: ['agreement'] });
    const [inForce, kept] = withContractFlags([account, other], [base], '2026-06-01');
    expect(inForce?.flags).toEqual(['agreement']);
    expect(kept?.flags).toEqual(['agreement']);
    expect(withContractFlags([account], [base], '2027-02-01')[0]?.flags).toEqual([]);
  });
});

describe('contracts through the scoped store', () => {
  it('own account: written and read, audited with the user; foreign and missing ids look the same', async () => {
    const store = createMemoryStore({ clock: () => new Date(AT) });
    await seedPortfolio(store);
    const am = scopeStore(store, 'u-am');
    const west = scopeStore(store, 'u-amw');
    const own = await am.putContract({ ...base, id: 'k-own', accountId: ACCOUNTS.own.id });
    await west.putContract({ ...base, id: 'k-west', accountId: ACCOUNTS.west.id });
    expect((await am.listContracts()).map((row) => row.id)).toEqual(['k-own']);
    expect(await am.getContract('k-own')).toEqual(own);
    const foreign = await am.getContract('k-west').catch((error: unknown) => error);
    const missing = await am.getContract('k-none').catch((error: unknown) => error);
    expect(foreign).toMatchObject({ code: 'NOT_FOUND' });
    expect(String((foreign as Error).message).replace('k-west', 'ID')).toBe(
      String((missing as Error).message).replace('k-none', 'ID'),
    );
    await expect(am.putContract({ ...base, id: 'k-x', accountId: ACCOUNTS.west.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // The same id under one's own account is a new contract of that account:
    // nothing about the other division's contract is revealed or touched.
    await am.putContract({ ...base, id: 'k-west', accountId: ACCOUNTS.own.id, title: 'Own' });
    expect((await west.getContract('k-west')).accountId).toBe(ACCOUNTS.west.id);
    expect((await am.getContract('k-west')).accountId).toBe(ACCOUNTS.own.id);
    // Group management sees both: the id alone is ambiguous, the account picks one.
    const gm = scopeStore(store, 'u-gm');
    await expect(gm.getContract('k-west')).rejects.toMatchObject({ code: 'CONFLICT', path: 'accountId' });
    expect((await gm.getContract('k-west', ACCOUNTS.west.id)).accountId).toBe(ACCOUNTS.west.id);
    const audit = await store.listAudit({ entity: 'contract', entityId: 'k-own' });
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([['contract.create', 'u-am']]);
    expect((await store.listContracts()).map((row) => row.id)).toEqual(['k-own', 'k-west', 'k-west']);
  });
});
