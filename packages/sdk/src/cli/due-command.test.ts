import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { parseConfig } from '../config/load-config.js';
import { createMemoryStore } from '../store/memory-store.js';
import { registerDueCommand } from './portfolio-commands.js';

async function setup() {
  const store = createMemoryStore();
  await seedPortfolio(store);
  const meta = { actor: 'u-dh' };
  // A manual contract of A-own ending in four weeks, in its 60-day notice period on 2026-11-05.
  await store.putContract(
    {
      id: 'K-east',
      accountId: 'A-own',
      title: '东航差旅框架协议',
      parties: ['东方航空集团', '我方'],
      type: 'framework',
      scope: 'national',
      startDate: '2025-12-01',
      endDate: '2026-11-30',
      noticeDays: 60,
    },
    meta,
  );
  // A billing complaint of A-own received on 2026-10-28: answer within 5 days, overdue on 2026-11-05.
  await store.putComplaint(
    {
      id: 'Q-late',
      accountId: 'A-own',
      channel: 'phone',
      type: 'billing',
      summary: '发票抬头错误',
      receivedAt: '2026-10-28T02:00:00Z',
    },
    meta,
  );
  const config = await parseConfig({ locale: 'en' }, { file: '/tmp/kamkit.config.yaml', env: {} });
  let output = '';
  const program = new Command('kamkit').exitOverride();
  registerDueCommand(program, {
    helpLocale: 'en',
    env: {},
    config: async () => config,
    openStore: async () => store,
    write: (text) => {
      output += text;
    },
  });
  const run = async (...args: string[]) => {
    output = '';
    await program.parseAsync(['node', 'kamkit', 'due', ...args]);
    return output;
  };
  return { run };
}

describe('kamkit due', () => {
  it('lists a contract in its renewal notice period and an overdue complaint on the owners’ agendas', async () => {
    const { run } = await setup();
    const due = JSON.parse(await run('--date', '2026-11-05', '--owner', USERS.am.id, '--json'));
    expect(due.agendas).toHaveLength(1);
    const [agenda] = due.agendas;
    expect(agenda.overdue).toContainEqual(
      expect.objectContaining({
        kind: 'complaint',
        complaintId: 'Q-late',
        accountId: 'A-own',
        dueDate: '2026-11-02',
        daysOverdue: 3,
        label: 'answer complaint Q-late (price and billing)',
      }),
    );
    expect(agenda.due).toContainEqual(
      expect.objectContaining({
        kind: 'contract',
        contractId: 'K-east',
        dueDate: '2026-11-30',
        label: 'renew contract 东航差旅框架协议',
      }),
    );
    // Owner B of the account has them too; the west owner only their own account's complaint.
    const text = await run('--date', '2026-11-05');
    expect(text).toMatch(/u-am2: .*\n(.*\n)* {2}! 2026-11-02 东方航空集团 — answer complaint Q-late/);
    expect(text).toContain(
      '* 2026-11-30 东方航空集团 — renew contract 东航差旅框架协议: the contract ends on 2026-11-30',
    );
    const west = JSON.parse(await run('--date', '2026-11-05', '--owner', USERS.amw.id, '--json'));
    const items = west.agendas.flatMap((row: { overdue: unknown[]; due: unknown[] }) => [
      ...row.overdue,
      ...row.due,
    ]);
    expect(
      items
        .filter((item: { kind: string }) => item.kind !== 'service')
        .map((item: { accountId: string; complaintId?: string }) => `${item.accountId}:${item.complaintId}`),
    ).toEqual(['A-west:Q-A-west']);
  });
});
