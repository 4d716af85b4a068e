import { describe, expect, it } from 'vitest';
import { USERS } from '../access/__fixtures__/portfolio.js';
import { commandHarness } from './__fixtures__/command-harness.js';
import { registerContractsCommand } from './contract-commands.js';

async function setup() {
  const { store, command } = await commandHarness([registerContractsCommand]);
  const run = (...args: string[]) => command('contracts', ...args);
  return { store, run };
}

const add = (id: string, account: string, as: string) => [
  'add',
  id,
  '--account',
  account,
  '--party',
  '东方航空集团',
  '--party',
  '我方',
  '--type',
  'framework',
  '--scope',
  'national',
  '--start',
  '2026-01-01',
  '--end',
  '2026-12-31',
  '--committed',
  '150万',
  '--actual',
  '60万',
  '--as',
  as,
  '--json',
];

describe('kamkit contracts', () => {
  it('adds, lists, renews and closes a contract of an own account, each audited as the user', async () => {
    const { store, run } = await setup();
    const added = JSON.parse(await run(...add('K-1', 'A-own', USERS.am.id)));
    expect(added).toMatchObject({ committedFen: 150_000_000, actualFen: 60_000_000, renewal: 'manual' });
    const text = await run('list', '--date', '2026-06-01', '--as', USERS.am.id);
    expect(text).toContain('K-1 · A-own');
    expect(text).toContain('40%');
    expect(text).toContain('in force');
    const renewed = JSON.parse(
      await run('renew', 'K-1', '--until', '2027-12-31', '--as', USERS.am.id, '--json'),
    );
    expect(renewed.endDate).toBe('2027-12-31');
    expect(renewed.renewals[0]).toMatchObject({ by: USERS.am.id, from: '2026-12-31', to: '2027-12-31' });
    const closed = JSON.parse(
      await run('close', 'K-1', '--on', '2027-03-01', '--reason', '客户合并', '--as', USERS.am.id, '--json'),
    );
    expect(closed).toMatchObject({ status: 'closed', closedOn: '2027-03-01', closeReason: '客户合并' });
    const audit = await store.listAudit({ entity: 'contract', entityId: 'K-1' });
    expect(audit.map((entry) => [entry.action, entry.actor, entry.reason])).toEqual([
      ['contract.create', USERS.am.id, 'contract.add'],
      ['contract.update', USERS.am.id, 'contract.renew'],
      ['contract.update', USERS.am.id, 'contract.close'],
    ]);
  });

  it("another division's contract reads like a missing one; bad input names the option or field", async () => {
    const { run } = await setup();
    await run(...add('K-W', 'A-west', USERS.amw.id));
    const foreign = await run('renew', 'K-W', '--until', '2027-12-31', '--as', USERS.am.id).catch((e) => e);
    const missing = await run('renew', 'K-NONE', '--until', '2027-12-31', '--as', USERS.am.id).catch(
      (e) => e,
    );
    expect(foreign).toMatchObject({ code: 'NOT_FOUND' });
    expect(foreign.message.replace('K-W', 'X')).toBe(missing.message.replace('K-NONE', 'X'));
    expect(JSON.parse(await run('list', '--as', USERS.am.id, '--json')).contracts).toEqual([]);
    await expect(
      run(...add('K-2', 'A-own', USERS.am.id).map((a) => (a === '2026-12-31' ? '2025-12-31' : a))),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(run('renew', 'K-W', '--as', USERS.amw.id)).rejects.toMatchObject({ path: '--until' });
    await expect(run('renew', 'K-W', '--until', '2026-06-01', '--as', USERS.amw.id)).rejects.toMatchObject({
      path: '--until',
    });
  });
});
