import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import { account, interaction } from './__fixtures__/portfolio.js';
import { type DueAction, dueActions, type OwnerAgenda } from './due-actions.js';
import { loadServicePolicy, type ServicePolicyInput } from './service-policy.js';

const label = { 'zh-CN': '回访', en: 'Follow-up' };

function policyOf(rules: ServicePolicyInput['rules'], extra: Partial<ServicePolicyInput> = {}) {
  return loadServicePolicy({ id: 'test', name: { 'zh-CN': '测试', en: 'Test' }, rules, ...extra });
}

const biweeklyCall = policyOf([
  { kind: 'interval', id: 'call', label, tiers: ['A-1'], kinds: ['call'], every: { count: 2, unit: 'week' } },
]);

const alice = account({ id: 'acme', ownerA: 'alice', ownerB: 'bob' });
const tierA1 = () => 'A-1';

function only(agendas: OwnerAgenda[], ownerId: string | null = 'alice'): OwnerAgenda {
  const agenda = agendas.find((entry) => entry.ownerId === ownerId);
  if (!agenda) throw new Error(`no agenda for ${ownerId}`);
  return agenda;
}

function all(agenda: OwnerAgenda): DueAction[] {
  return [...agenda.overdue, ...agenda.due, ...agenda.upcoming];
}

describe('dueActions — interval rules', () => {
  it('lists a call two weeks after the last one as overdue, with the days and an explanation', () => {
    const agendas = dueActions({
      policy: biweeklyCall,
      accounts: [alice],
      tierOf: tierA1,
      interactions: [interaction({ accountId: 'acme', kind: 'call', at: '2026-10-01' })],
      today: '2026-10-20',
    });
    const [action] = only(agendas).overdue;
    expect(action).toMatchObject({
      ruleId: 'call',
      accountId: 'acme',
      tier: 'A-1',
      status: 'overdue',
      lastDone: '2026-10-01',
      dueDate: '2026-10-15',
      daysOverdue: 5,
    });
    expect(action?.explanation['zh-CN']).toContain('已逾期 5 天');
    expect(action?.explanation.en).toContain('every 2 weeks');
    expect(action?.explanation.en).toContain('5 days overdue');
  });

  it('is due on the due date, upcoming within the horizon, and absent beyond it', () => {
    const run = (today: string) =>
      dueActions({
        policy: biweeklyCall,
        accounts: [alice],
        tierOf: tierA1,
        interactions: [interaction({ accountId: 'acme', kind: 'call', at: '2026-10-01' })],
        today,
      });
    expect(only(run('2026-10-15')).due[0]?.dueDate).toBe('2026-10-15');
    expect(only(run('2026-10-08')).upcoming[0]?.dueFrom).toBe('2026-10-15');
    expect(run('2026-10-07')).toEqual([]);
  });

  it('dates interactions in the organisation time zone', () => {
    const lateEvening = interaction({ accountId: 'acme', kind: 'call', at: '2026-10-01T17:30:00Z' });
    const inShanghai = dueActions({
      policy: biweeklyCall,
      accounts: [alice],
      tierOf: tierA1,
      interactions: [lateEvening],
      today: '2026-10-20',
    });
    expect(only(inShanghai).overdue[0]?.lastDone).toBe('2026-10-02');
    const inUtc = dueActions({
      policy: biweeklyCall,
      accounts: [alice],
      tierOf: tierA1,
      interactions: [lateEvening],
      today: '2026-10-20',
      timeZone: 'UTC',
    });
    expect(only(inUtc).overdue[0]?.lastDone).toBe('2026-10-01');
  });

  it('ignores interactions of another kind, after today, or by a junior actor', () => {
    const revisit = policyOf([
      {
        kind: 'interval',
        id: 'revisit',
        label,
        kinds: ['visit'],
        actorLevel: 'supervisor',
        every: { count: 1, unit: 'quarter' },
      },
    ]);
    const run = (interactions: ReturnType<typeof interaction>[], exact = false) =>
      dueActions({
        policy: exact
          ? policyOf([{ ...revisit.rules[0]!, actorMatch: 'exact' } as ServicePolicyInput['rules'][number]])
          : revisit,
        accounts: [account({ id: 'acme', ownerA: 'alice', createdAt: '2026-01-01T00:00:00+08:00' })],
        tierOf: tierA1,
        interactions,
        today: '2026-08-01',
      });
    const noise = [
      interaction({ accountId: 'acme', kind: 'call', at: '2026-07-01', actorLevel: 'supervisor' }),
      interaction({ accountId: 'acme', kind: 'visit', at: '2026-07-02', actorLevel: 'specialist' }),
      interaction({ accountId: 'acme', kind: 'visit', at: '2026-08-05', actorLevel: 'supervisor' }),
    ];
    const missed = only(run(noise)).overdue[0];
    expect(missed).toMatchObject({ lastDone: null, dueDate: '2026-04-01', daysOverdue: 122 });
    expect(missed?.explanation.en).toContain('never recorded');
    const executive = interaction({
      accountId: 'acme',
      kind: 'visit',
      at: '2026-07-03',
      actorLevel: 'executive',
    });
    expect(run([...noise, executive])).toEqual([]);
    expect(only(run([...noise, executive], true)).overdue).toHaveLength(1);
  });

  it('months clamp to the end of a shorter month', () => {
    const monthly = policyOf([
      {
        kind: 'interval',
        id: 'profile',
        label,
        kinds: ['profile-update'],
        every: { count: 1, unit: 'month' },
      },
    ]);
    const agendas = dueActions({
      policy: monthly,
      accounts: [alice],
      tierOf: tierA1,
      interactions: [interaction({ accountId: 'acme', kind: 'profile-update', at: '2026-01-31' })],
      today: '2026-03-01',
    });
    expect(only(agendas).overdue[0]).toMatchObject({ dueDate: '2026-02-28', daysOverdue: 1 });
  });
});

describe('dueActions — frequency rules', () => {
  const twicePerMonth = policyOf([
    { kind: 'frequency', id: 'visit', label, kinds: ['visit'], atLeast: 2, per: 'month' },
  ]);
  const run = (interactions: ReturnType<typeof interaction>[], today = '2026-10-20') =>
    dueActions({ policy: twicePerMonth, accounts: [alice], tierOf: tierA1, interactions, today });

  it('is due by month end while short, with the count so far', () => {
    const agendas = run([
      interaction({ accountId: 'acme', kind: 'visit', at: '2026-09-03' }),
      interaction({ accountId: 'acme', kind: 'visit', at: '2026-09-17' }),
      interaction({ accountId: 'acme', kind: 'visit', at: '2026-10-05' }),
    ]);
    expect(only(agendas).due[0]).toMatchObject({
      status: 'due',
      dueFrom: '2026-10-01',
      dueDate: '2026-10-31',
      lastDone: '2026-10-05',
      progress: { done: 1, required: 2, periodStart: '2026-10-01', periodEnd: '2026-10-31' },
    });
    expect(only(agendas).due[0]?.explanation['zh-CN']).toContain('还差 1 次');
  });

  it('is overdue since the end of a short previous month until caught up', () => {
    const agendas = run([interaction({ accountId: 'acme', kind: 'visit', at: '2026-09-03' })]);
    expect(only(agendas).overdue[0]).toMatchObject({ dueDate: '2026-09-30', daysOverdue: 20 });
    const caughtUp = run([
      interaction({ accountId: 'acme', kind: 'visit', at: '2026-10-03' }),
      interaction({ accountId: 'acme', kind: 'visit', at: '2026-10-13' }),
    ]);
    expect(caughtUp).toEqual([]);
  });

  it('lists the next month as upcoming once it is within the horizon', () => {
    const agendas = run(
      [
        interaction({ accountId: 'acme', kind: 'visit', at: '2026-10-03' }),
        interaction({ accountId: 'acme', kind: 'visit', at: '2026-10-13' }),
      ],
      '2026-10-26',
    );
    expect(only(agendas).upcoming[0]).toMatchObject({ dueFrom: '2026-11-01', dueDate: '2026-11-30' });
  });

  it('does not hold a new account to a month before it existed', () => {
    const agendas = dueActions({
      policy: twicePerMonth,
      accounts: [account({ id: 'new', ownerA: 'alice', createdAt: '2026-09-15T09:00:00+08:00' })],
      tierOf: tierA1,
      interactions: [],
      today: '2026-10-20',
    });
    expect(only(agendas).overdue).toEqual([]);
    expect(only(agendas).due).toHaveLength(1);
  });
});

describe('dueActions — occasions', () => {
  const festival = policyOf([
    {
      kind: 'occasion',
      id: 'festival',
      label,
      kinds: ['festival-greeting', 'visit'],
      actorLevel: 'executive',
      occasions: ['mid-autumn', 'spring-festival'],
      leadDays: 7,
    },
  ]);
  const run = (today: string, interactions: ReturnType<typeof interaction>[] = []) =>
    dueActions({ policy: festival, accounts: [alice], tierOf: tierA1, interactions, today });

  it('Mid-Autumn 2026 (25 September) is upcoming, then due from 7 days before, then overdue', () => {
    expect(only(run('2026-09-12')).upcoming[0]).toMatchObject({
      dueFrom: '2026-09-18',
      dueDate: '2026-09-25',
      occasion: { name: 'mid-autumn', date: '2026-09-25' },
    });
    expect(only(run('2026-09-20')).due[0]?.explanation['zh-CN']).toContain('中秋节（2026-09-25）');
    expect(only(run('2026-09-28')).overdue[0]).toMatchObject({ daysOverdue: 3 });
  });

  it('an executive greeting in the window settles it; a specialist one does not', () => {
    const byExecutive = interaction({
      accountId: 'acme',
      kind: 'festival-greeting',
      at: '2026-09-24',
      actorLevel: 'executive',
    });
    expect(run('2026-09-28', [byExecutive])).toEqual([]);
    const bySpecialist = interaction({ accountId: 'acme', kind: 'festival-greeting', at: '2026-09-24' });
    expect(only(run('2026-09-28', [bySpecialist])).overdue).toHaveLength(1);
  });

  it('a missed festival lapses after 30 days; Spring Festival 2027 (6 February) comes next', () => {
    expect(run('2026-11-30')).toEqual([]);
    expect(only(run('2027-01-25')).upcoming[0]?.occasion).toEqual({
      name: 'spring-festival',
      date: '2027-02-06',
    });
  });

  it('a year-end card is due through December', () => {
    const card = policyOf([
      { kind: 'occasion', id: 'card', label, kinds: ['card'], occasions: ['12-31'], leadDays: 30 },
    ]);
    const agendas = dueActions({
      policy: card,
      accounts: [alice],
      tierOf: tierA1,
      interactions: [],
      today: '2026-12-10',
    });
    expect(only(agendas).due[0]).toMatchObject({ dueFrom: '2026-12-01', dueDate: '2026-12-31' });
  });
});

describe('dueActions — owners and scope', () => {
  const weeklyPlan = policyOf([{ kind: 'weekly-duty', id: 'plan', label, weekday: 'saturday' }]);

  it('the weekly plan is due each Saturday for every owner, settled by a filing', () => {
    const accounts = [alice, account({ id: 'beta', ownerA: 'carol' })];
    const saturday = dueActions({
      policy: weeklyPlan,
      accounts,
      tierOf: tierA1,
      interactions: [],
      today: '2026-10-24',
    });
    expect(saturday.map((agenda) => agenda.ownerId)).toEqual(['alice', 'bob', 'carol']);
    expect(only(saturday).due[0]).toMatchObject({ accountId: null, dueDate: '2026-10-24' });
    const sunday = dueActions({
      policy: weeklyPlan,
      accounts,
      tierOf: tierA1,
      interactions: [],
      today: '2026-10-25',
      filings: [{ ownerId: 'alice', ruleId: 'plan', date: '2026-10-24' }],
    });
    expect(only(sunday, 'carol').overdue[0]).toMatchObject({ daysOverdue: 1 });
    expect(only(sunday).overdue).toEqual([]);
    expect(only(sunday).upcoming[0]).toMatchObject({ dueDate: '2026-10-31', lastDone: '2026-10-24' });
  });

  it('lists both owners, filters by owner, and keeps unassigned accounts last', () => {
    const accounts = [alice, account({ id: 'orphan' })];
    const agendas = dueActions({
      policy: biweeklyCall,
      accounts,
      tierOf: tierA1,
      interactions: [],
      today: '2026-10-20',
    });
    expect(agendas.map((agenda) => agenda.ownerId)).toEqual(['alice', 'bob', null]);
    expect(only(agendas, 'bob').due[0]?.accountId).toBe('acme');
    const bobOnly = dueActions({
      policy: biweeklyCall,
      accounts,
      tierOf: tierA1,
      interactions: [],
      today: '2026-10-20',
      ownerId: 'bob',
    });
    expect(bobOnly.map((agenda) => agenda.ownerId)).toEqual(['bob']);
  });

  it('skips accounts outside the tiers; `any` with flags reaches untiered leads', () => {
    const crm = policyOf([
      {
        kind: 'frequency',
        id: 'touch',
        label,
        tiers: 'any',
        flags: ['lead'],
        kinds: 'any',
        atLeast: 1,
        per: 'month',
      },
    ]);
    const accounts = [alice, account({ id: 'lead-1', ownerA: 'alice', flags: ['lead'] })];
    const untiered = () => null;
    expect(
      dueActions({ policy: biweeklyCall, accounts, tierOf: untiered, interactions: [], today: '2026-10-20' }),
    ).toEqual([]);
    const agendas = dueActions({
      policy: crm,
      accounts,
      tierOf: untiered,
      interactions: [interaction({ accountId: 'lead-1', kind: 'email', at: '2026-09-30' })],
      today: '2026-10-20',
    });
    expect(all(only(agendas)).map((action) => action.accountId)).toEqual(['lead-1']);
    expect(only(agendas).due[0]?.lastDone).toBe('2026-09-30');
  });

  it('a rule for a type of customer (`types`) reaches only accounts of that type, at any level', () => {
    const review = policyOf([
      {
        kind: 'frequency',
        id: 'supplier-review',
        label,
        tiers: 'any',
        types: ['fortune500'],
        kinds: ['meeting'],
        atLeast: 1,
        per: 'year',
      },
    ]);
    const accounts = [
      account({ id: 'gov-1', ownerA: 'alice', type: 'government' }),
      account({ id: 'f500-1', ownerA: 'alice', type: 'fortune500' }),
      account({ id: 'f500-2', ownerA: 'alice', type: 'fortune500' }),
    ];
    const agendas = dueActions({
      policy: review,
      accounts,
      tierOf: (id) => (id === 'f500-2' ? null : 'A-1'),
      interactions: [],
      today: '2026-12-20',
    });
    expect(all(only(agendas)).map((action) => action.accountId)).toEqual(['f500-1', 'f500-2']);
    expect(() =>
      loadServicePolicy({ ...review, rules: [{ ...review.rules[0]!, types: ['charity'] }] } as never),
    ).toThrow(/types/u);
  });

  it('orders overdue actions by days overdue, then account', () => {
    const accounts = ['c', 'a', 'b'].map((id) => account({ id, ownerA: 'alice' }));
    const agendas = dueActions({
      policy: biweeklyCall,
      accounts,
      tierOf: tierA1,
      interactions: [
        interaction({ accountId: 'a', kind: 'call', at: '2026-10-01' }),
        interaction({ accountId: 'b', kind: 'call', at: '2026-09-20' }),
        interaction({ accountId: 'c', kind: 'call', at: '2026-10-01' }),
      ],
      today: '2026-10-20',
    });
    expect(only(agendas).overdue.map((action) => action.accountId)).toEqual(['b', 'a', 'c']);
  });

  it('rejects a malformed day', () => {
    try {
      dueActions({
        policy: biweeklyCall,
        accounts: [alice],
        tierOf: tierA1,
        interactions: [],
        today: '2026-02-30',
      });
      expect.unreachable();
    } catch (error) {
      expect(isKamError(error) && error.code).toBe('INVALID_INPUT');
    }
  });
});
