import { describe, expect, it } from 'vitest';
import { ContactSchema } from '../domain/contact.js';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { account, interaction } from './__fixtures__/portfolio.js';
import { type DueAction, dueActions, type OwnerAgenda } from './due-actions.js';
import { RETAIL_SERVICE_POLICY } from './presets.js';
import { loadServicePolicy } from './service-policy.js';

const policy = loadServicePolicy({
  id: 'care',
  name: { 'zh-CN': '客户关怀', en: 'Customer care' },
  horizonDays: 7,
  rules: [
    {
      kind: 'key-date',
      id: 'customer-key-dates',
      label: { 'zh-CN': '客户纪念日祝贺', en: 'Congratulate the customer' },
      tiers: 'any',
      kinds: ['visit', 'call', 'gift'],
      dates: ['founding', 'anniversary', 'milestone', 'honour'],
      leadDays: 7,
      graceDays: 3,
      lapseDays: 14,
    },
    {
      kind: 'key-date',
      id: 'contact-birthdays',
      label: { 'zh-CN': '联系人生日问候', en: 'Birthday greeting' },
      tiers: 'any',
      kinds: ['call', 'gift', 'message'],
      dates: ['birthday'],
      leadDays: 3,
      lapseDays: 7,
    },
  ],
});

const acme = account({
  id: 'acme',
  ownerA: 'alice',
  ownerB: 'bob',
  keyDates: [
    { kind: 'founding', date: '2003-06-18' },
    { kind: 'honour', date: '2026-11-02', label: '获评全国物流百强', once: true },
  ],
});
const zhang = ContactSchema.parse({ id: 'k-zhang', accountId: 'acme', name: '张总', birthday: '1968-09-12' });
const wang = ContactSchema.parse({ id: 'k-wang', accountId: 'acme', name: '王经理', birthday: '02-29' });

function run(today: string, extra: Partial<Parameters<typeof dueActions>[0]> = {}): OwnerAgenda[] {
  return dueActions({
    policy,
    accounts: [acme],
    tierOf: () => null,
    interactions: [],
    contacts: [zhang, wang],
    today,
    ...extra,
  });
}

function actions(agendas: OwnerAgenda[], ownerId = 'alice'): DueAction[] {
  const agenda = agendas.find((entry) => entry.ownerId === ownerId);
  return agenda ? [...agenda.overdue, ...agenda.due, ...agenda.upcoming] : [];
}

describe('key-date rules: the account’s own dates', () => {
  it('lists the founding anniversary from seven days before, for both owners, counting the years', () => {
    expect(actions(run('2026-06-03'))).toEqual([]);
    const [upcoming] = actions(run('2026-06-04'));
    expect(upcoming).toMatchObject({ status: 'upcoming', dueFrom: '2026-06-11', dueDate: '2026-06-21' });
    const agendas = run('2026-06-11');
    for (const owner of ['alice', 'bob']) {
      expect(actions(agendas, owner)).toEqual([
        expect.objectContaining({
          ruleId: 'customer-key-dates',
          ruleKind: 'key-date',
          accountId: 'acme',
          status: 'due',
          dueFrom: '2026-06-11',
          dueDate: '2026-06-21',
          keyDate: { source: 'founding', date: '2026-06-18', years: 23 },
          label: {
            'zh-CN': '客户纪念日祝贺：开业纪念日',
            en: 'Congratulate the customer: founding anniversary',
          },
        }),
      ]);
    }
    expect(actions(agendas)[0]?.explanation['zh-CN']).toBe(
      '客户纪念日祝贺：开业纪念日（23 周年，2026-06-18），由专员或更高层级联系；尚无记录；应于 2026-06-21 前完成',
    );
  });

  it('is settled by a visit in the window, overdue after the grace days when none is made, and gone when lapsed', () => {
    const visit = interaction({ accountId: 'acme', kind: 'visit', at: '2026-06-15' });
    expect(actions(run('2026-06-16', { interactions: [visit] }))).toEqual([]);
    const late = actions(run('2026-06-25'));
    expect(late).toEqual([expect.objectContaining({ status: 'overdue', daysOverdue: 4 })]);
    expect(actions(run('2026-07-06'))).toEqual([]);
  });

  it('lists a one-off honour on its day that year only', () => {
    expect(actions(run('2026-10-28'))).toEqual([
      expect.objectContaining({
        status: 'due',
        keyDate: { source: 'honour', date: '2026-11-02', label: '获评全国物流百强' },
        label: {
          'zh-CN': '客户纪念日祝贺：获评全国物流百强',
          en: 'Congratulate the customer: 获评全国物流百强',
        },
      }),
    ]);
    expect(actions(run('2027-10-28'))).toEqual([]);
  });
});

describe('key-date rules: contacts’ birthdays', () => {
  it('names the contact and the day, never the year of birth', () => {
    const [action] = actions(run('2026-09-09'));
    expect(action).toMatchObject({
      ruleId: 'contact-birthdays',
      status: 'due',
      dueDate: '2026-09-12',
      keyDate: { source: 'birthday', date: '2026-09-12', contactId: 'k-zhang', contactName: '张总' },
      label: { 'zh-CN': '联系人生日问候：张总生日', en: 'Birthday greeting: 张总’s birthday' },
    });
    expect(action?.keyDate).not.toHaveProperty('years');
    expect(JSON.stringify(action)).not.toContain('1968');
  });

  it('is settled only by a greeting naming that contact', () => {
    const anyone = interaction({ accountId: 'acme', kind: 'call', at: '2026-09-10' });
    expect(actions(run('2026-09-11', { interactions: [anyone] })).map((action) => action.ruleId)).toEqual([
      'contact-birthdays',
    ]);
    const toZhang = interaction({ accountId: 'acme', kind: 'call', at: '2026-09-10', contactId: 'k-zhang' });
    expect(actions(run('2026-09-11', { interactions: [toZhang] }))).toEqual([]);
  });

  it('keeps a 29 February birthday on 28 February in other years', () => {
    expect(actions(run('2027-02-26'))).toEqual([
      expect.objectContaining({
        dueDate: '2027-02-28',
        keyDate: expect.objectContaining({ date: '2027-02-28' }),
      }),
    ]);
    expect(actions(run('2027-02-26'))[0]?.explanation.en).toContain(
      '王经理’s birthday (2027-02-28; 29 February falls on 28 February in non-leap years)',
    );
    expect(actions(run('2028-02-27'))).toEqual([
      expect.objectContaining({
        dueDate: '2028-02-29',
        keyDate: expect.objectContaining({ date: '2028-02-29' }),
      }),
    ]);
  });

  it('lists two contacts’ birthdays on the same account as two actions', () => {
    const li = ContactSchema.parse({ id: 'k-li', accountId: 'acme', name: '李主任', birthday: '09-12' });
    expect(
      actions(run('2026-09-10', { contacts: [zhang, li] })).map((action) => action.keyDate?.contactName),
    ).toEqual(['张总', '李主任']);
  });

  it('never lists the birthday of a contact of an account it was not given', () => {
    const west = account({ id: 'west', division: 'west', ownerA: 'wendy' });
    const foreign = ContactSchema.parse({
      id: 'k-zhang',
      accountId: 'west',
      name: '西区赵总',
      birthday: '09-12',
    });
    const agendas = dueActions({
      policy,
      accounts: [acme],
      tierOf: () => null,
      interactions: [],
      contacts: [foreign],
      today: '2026-09-10',
    });
    expect(agendas).toEqual([]);
    // The same contact with its account: listed for that account's owner only.
    const both = dueActions({
      policy,
      accounts: [acme, west],
      tierOf: () => null,
      interactions: [],
      contacts: [zhang, foreign],
      today: '2026-09-10',
    });
    expect(actions(both, 'wendy').map((action) => action.keyDate?.contactName)).toEqual(['西区赵总']);
    expect(actions(both, 'alice').map((action) => action.keyDate?.contactName)).toEqual(['张总']);
  });
});

describe('retail preset: seed004 care on every key account', () => {
  it('congratulates an A-1 account on its founding day and its contact on a birthday', () => {
    const agendas = dueActions({
      policy: RETAIL_SERVICE_POLICY,
      accounts: [acme],
      tierOf: () => 'A-1',
      interactions: [],
      contacts: [zhang],
      today: '2026-06-12',
    });
    expect(actions(agendas).map((action) => action.ruleId)).toContain('customer-key-dates');
    expect(actions(agendas).map((action) => action.ruleId)).not.toContain('contact-birthdays');
    const september = dueActions({
      policy: RETAIL_SERVICE_POLICY,
      accounts: [acme],
      tierOf: () => 'A-1',
      interactions: [],
      contacts: [zhang],
      today: '2026-09-10',
    });
    expect(actions(september).map((action) => action.ruleId)).toContain('contact-birthdays');
  });
});

describe('key-date rules: configuration', () => {
  it('rejects a misspelt date kind, naming the rule field in both locales', () => {
    const rule = { ...policy.rules[1]!, dates: ['birthdy'] };
    const error = (() => {
      try {
        loadServicePolicy({ ...policy, rules: [rule] });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(isKamError(error)).toBe(true);
    expect((error as KamError).messageIn('zh-CN')).toMatch(/服务策略.*rules\[0\]\.dates\[0\]/u);
    expect((error as KamError).messageIn('en')).toMatch(/service policy.*rules\[0\]\.dates\[0\]/u);
  });
});
