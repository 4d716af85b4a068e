import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { scopeStore } from '../access/scoped-store.js';
import { parseConfig } from '../config/load-config.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { registerDueCommand } from './portfolio-commands.js';

async function setup(
  configInput: Record<string, unknown> = { locale: 'en' },
  prepare?: (store: Store) => Promise<void>,
) {
  const store = createMemoryStore();
  await seedPortfolio(store);
  await prepare?.(store);
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
  const config = await parseConfig(configInput, { file: '/tmp/kamkit.config.yaml', env: {} });
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
  return { run, store };
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

describe('kamkit due — birthdays (key-date rules)', () => {
  const birthdays = {
    kind: 'key-date',
    id: 'contact-birthdays',
    label: { 'zh-CN': '联系人生日问候', en: 'Birthday greeting' },
    tiers: 'any',
    kinds: ['call', 'gift', 'message'],
    dates: ['birthday'],
    leadDays: 3,
  };

  it('lists each contact’s birthday for its own account’s owners only, without the year of birth', async () => {
    const { run, store } = await setup({
      locale: 'en',
      policies: { service: { id: 'care', name: { 'zh-CN': '关怀', en: 'Care' }, rules: [birthdays] } },
    });
    const meta = { actor: 'u-dh' };
    // Both divisions' contacts are called 张总 (seedPortfolio): only the account tells them apart.
    for (const [accountId, date] of [
      ['A-own', '09-12'],
      ['A-west', '1970-09-11'],
    ] as const) {
      const [contact] = await store.listContacts(accountId);
      await store.putContact({ ...contact!, birthday: date }, meta);
    }
    const due = JSON.parse(await run('--date', '2026-09-10', '--json'));
    const birthdaysOf = (ownerId: string) =>
      due.agendas
        .filter((agenda: { ownerId: string }) => agenda.ownerId === ownerId)
        .flatMap((agenda: { due: { accountId: string; dueDate: string; label: string }[] }) => agenda.due)
        .filter((item: { ruleId?: string }) => item.ruleId === 'contact-birthdays')
        .map((item: { accountId: string; dueDate: string; label: string }) => [
          item.accountId,
          item.dueDate,
          item.label,
        ]);
    expect(birthdaysOf(USERS.am.id)).toEqual([['A-own', '2026-09-12', 'Birthday greeting: 张总’s birthday']]);
    expect(birthdaysOf(USERS.am2.id)).toEqual([
      ['A-own', '2026-09-12', 'Birthday greeting: 张总’s birthday'],
    ]);
    expect(birthdaysOf(USERS.amw.id)).toEqual([
      ['A-west', '2026-09-11', 'Birthday greeting: 张总’s birthday'],
    ]);
    const west = await run('--date', '2026-09-10', '--owner', USERS.amw.id);
    expect(west).toContain('2026-09-11 西部邮政 — Birthday greeting: 张总’s birthday');
    expect(west).not.toContain('东方航空集团');
    expect(west).not.toContain('1970');
  });
});

describe('kamkit due — relationship plans', () => {
  /** A-own bought ¥100,000 a month through 2025: a key account with a tier in December. */
  const purchases = async (store: Store) => {
    await store.insertTransactions(
      Array.from({ length: 12 }, (_, index) => ({
        id: `T-own-${index + 1}`,
        accountId: 'A-own',
        date: `2025-${String(index + 1).padStart(2, '0')}-15`,
        amountFen: 10_000_000,
        category: 'general',
      })),
    );
    const li = await store.getUser(USERS.am.id);
    if (li) await store.putUser({ ...li, supervisorId: USERS.dh.id }, { actor: 'system' });
  };
  const planItems = (
    due: { agendas: { ownerId: string; overdue: Item[]; due: Item[] }[] },
    ownerId: string,
  ) =>
    due.agendas
      .filter((agenda) => agenda.ownerId === ownerId)
      .flatMap((agenda) => [...agenda.overdue, ...agenda.due])
      .filter((item) => item.kind === 'relationship-plan')
      .map((item) => `${item.status} ${item.dueDate} ${item.accountId} ${item.label}`);
  type Item = { kind: string; status: string; dueDate: string; accountId: string; label: string };

  it('a tiered account’s owners are due to submit the half-year plan; once submitted it is the supervisor’s', async () => {
    const { run, store } = await setup(undefined, purchases);
    const json = async () => JSON.parse(await run('--date', '2026-01-10', '--json'));
    expect(planItems(await json(), USERS.am.id)).toEqual([
      'due 2026-01-31 A-own submit this half-year’s relationship plan',
    ]);
    const li = scopeStore(store, USERS.am.id);
    await li.putRelationshipPlan({ accountId: 'A-own', halfYear: '2026-H1', goals: '王总', actions: '拜访' });
    await li.submitRelationshipPlan('A-own', '2026-H1');
    const after = await json();
    expect(planItems(after, USERS.am.id)).toEqual([]);
    expect(planItems(after, USERS.dh.id)).toHaveLength(1);
    expect(await run('--date', '2026-01-10', '--owner', USERS.dh.id)).toContain(
      '东方航空集团 — approve a relationship plan: u-am submitted the plan for the first half of 2026 (revision 1)',
    );
  });
});
