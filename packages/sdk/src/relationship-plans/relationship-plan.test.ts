import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, AT, seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { scopeStore } from '../access/scoped-store.js';
import { dueAgendas } from '../cadence/due-items.js';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import { halfYearOf, parseHalfYear } from './half-year.js';
import {
  RelationshipPlanPolicySchema,
  relationshipPlanDueDate,
  relationshipPlanLines,
} from './relationship-plan.js';

async function refusal(promise: Promise<unknown>): Promise<KamError> {
  try {
    await promise;
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

/** The access fixtures' portfolio, with 李经理 (u-am) and 赵经理 (u-am2) reporting to 董部长 (u-dh). */
async function portfolio() {
  const store = createMemoryStore({ clock: () => new Date(AT) });
  await seedPortfolio(store);
  for (const id of [USERS.am.id, USERS.am2.id]) {
    const user = await store.getUser(id);
    if (user) await store.putUser({ ...user, supervisorId: USERS.dh.id }, { actor: 'system' });
  }
  const at = (instant: string) => ({ now: () => new Date(instant) });
  return {
    store,
    li: scopeStore(store, USERS.am.id, at('2026-01-05T02:00:00Z')),
    zhao: scopeStore(store, USERS.am2.id, at('2026-01-06T02:00:00Z')),
    dong: scopeStore(store, USERS.dh.id, at('2026-01-08T02:00:00Z')),
    west: scopeStore(store, USERS.amw.id, at('2026-01-08T02:00:00Z')),
  };
}

describe('half-years as people write them', () => {
  it('reads 2026-H1, 2026h2, 2026上半年 and 2026年下半年, full-width too; refuses H3 and months', () => {
    expect(parseHalfYear('2026-H1')).toBe('2026-H1');
    expect(parseHalfYear('2026h2')).toBe('2026-H2');
    expect(parseHalfYear('２０２６－Ｈ１')).toBe('2026-H1');
    expect(parseHalfYear('2026上半年')).toBe('2026-H1');
    expect(parseHalfYear('2026年下半年')).toBe('2026-H2');
    expect(parseHalfYear('2026-H3')).toBeUndefined();
    expect(parseHalfYear('2026-07')).toBeUndefined();
  });

  it('every half-year written either way reads back as itself, and every day falls in its own half', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2999 }),
        fc.constantFrom(1, 2),
        fc.boolean(),
        (year, half, chinese) => {
          const text = chinese ? `${year}年${half === 1 ? '上' : '下'}半年` : `${year} H${half}`;
          expect(parseHalfYear(text)).toBe(`${year}-H${half}`);
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }),
        (date) => {
          const day = date.toISOString().slice(0, 10);
          const half = halfYearOf(day);
          expect(half.slice(0, 4)).toBe(day.slice(0, 4));
          expect(half.endsWith('H1')).toBe(Number(day.slice(5, 7)) <= 6);
        },
      ),
    );
  });

  it('plans are due by the end of the half-year’s first month unless configured', () => {
    expect(relationshipPlanDueDate('2026-H1', RelationshipPlanPolicySchema.parse({}))).toBe('2026-01-31');
    expect(relationshipPlanDueDate('2026-H2', RelationshipPlanPolicySchema.parse({ dueDay: 15 }))).toBe(
      '2026-07-15',
    );
    // A day past the month's end is its last day.
    expect(
      relationshipPlanDueDate('2026-H1', RelationshipPlanPolicySchema.parse({ dueMonth: 2, dueDay: 31 })),
    ).toBe('2026-02-28');
  });
});

describe('an owner writes the half-year plan, the supervisor approves and files it', () => {
  it('owner writes, adjusts, submits; the supervisor approves; every revision is in the audit', async () => {
    const { store, li, dong } = await portfolio();
    const first = await li.putRelationshipPlan({
      accountId: ACCOUNTS.own.id,
      halfYear: '2026-H1',
      goals: '王总（决策人）：从兴趣到信赖；财务处李处（关键人）：建立联系',
      actions: '每月拜访一次；三月安排高层互访',
    });
    expect(first).toMatchObject({ revision: 1, status: 'draft', updatedBy: USERS.am.id });
    // Adjusting one section keeps the others.
    const second = await li.putRelationshipPlan({
      accountId: ACCOUNTS.own.id,
      halfYear: '2026-H1',
      progress: '一月已拜访王总',
    });
    expect(second).toMatchObject({ revision: 2, goals: first.goals, progress: '一月已拜访王总' });
    const submitted = await li.submitRelationshipPlan(ACCOUNTS.own.id, '2026-H1');
    expect(submitted).toMatchObject({ status: 'submitted', submittedBy: USERS.am.id });
    // While it waits, the owner cannot change it.
    expect(
      (
        await refusal(
          li.putRelationshipPlan({ accountId: ACCOUNTS.own.id, halfYear: '2026-H1', progress: 'x' }),
        )
      ).code,
    ).toBe('INVALID_STATE');
    // Nobody approves their own plan.
    expect(
      (await refusal(li.decideRelationshipPlan(ACCOUNTS.own.id, '2026-H1', { decision: 'approve' }))).code,
    ).toBe('FORBIDDEN');
    const approved = await dong.decideRelationshipPlan(ACCOUNTS.own.id, '2026-H1', { decision: 'approve' });
    expect(approved).toMatchObject({
      status: 'approved',
      review: { status: 'approved', by: USERS.dh.id },
      filed: { revision: 2, approvedBy: USERS.dh.id, progress: '一月已拜访王总' },
    });
    const audit = await store.listAudit({
      entity: 'relationship-plan',
      entityId: `${ACCOUNTS.own.id}|2026-H1`,
    });
    expect(audit.map((entry) => `${entry.action} by ${entry.actor}`)).toEqual([
      'relationship-plan.create by u-am',
      'relationship-plan.update by u-am',
      'relationship-plan.update by u-am',
      'relationship-plan.update by u-dh',
    ]);
    // Adjusting a filed plan starts revision 3; revision 2 stays filed until 3 is approved.
    const adjusted = await li.putRelationshipPlan({
      accountId: ACCOUNTS.own.id,
      halfYear: '2026-H1',
      progress: '二月王总回访，关系进入信赖',
    });
    expect(adjusted).toMatchObject({ revision: 3, status: 'draft', filed: { revision: 2 } });
    expect(relationshipPlanLines(adjusted).map((line) => line['zh-CN'])).toContain(
      `已备案版本：第 2 版（u-dh 于 2026-01-08T02:00:00.000Z 批准）`,
    );
  });

  it('a returned plan shows the supervisor’s note, and is submitted again after it is adjusted', async () => {
    const { li, dong } = await portfolio();
    await li.putRelationshipPlan({
      accountId: ACCOUNTS.own.id,
      halfYear: '2026-H1',
      goals: '王总',
      actions: '拜访',
    });
    await li.submitRelationshipPlan(ACCOUNTS.own.id, '2026-H1');
    expect(
      (await refusal(dong.decideRelationshipPlan(ACCOUNTS.own.id, '2026-H1', { decision: 'return' }))).path,
    ).toBe('note');
    const returned = await dong.decideRelationshipPlan(ACCOUNTS.own.id, '2026-H1', {
      decision: 'return',
      note: '目标要写明到哪个关系阶段',
    });
    expect(returned.status).toBe('returned');
    const shown = await li.getRelationshipPlan(ACCOUNTS.own.id, '2026-H1');
    expect(relationshipPlanLines(shown).map((line) => line.en)).toContain(
      'Review: returned (u-dh, 2026-01-08T02:00:00.000Z); note: 目标要写明到哪个关系阶段',
    );
    await li.putRelationshipPlan({
      accountId: ACCOUNTS.own.id,
      halfYear: '2026-H1',
      goals: '王总：从兴趣到信赖',
    });
    expect((await li.submitRelationshipPlan(ACCOUNTS.own.id, '2026-H1')).status).toBe('submitted');
  });

  it('a plan cannot be submitted without goals and actions, and only its owners write it', async () => {
    const { li, dong, zhao } = await portfolio();
    await li.putRelationshipPlan({ accountId: ACCOUNTS.own.id, halfYear: '2026-H1', goals: '王总' });
    const missing = await refusal(li.submitRelationshipPlan(ACCOUNTS.own.id, '2026-H1'));
    expect(missing).toMatchObject({ code: 'INVALID_INPUT', path: 'actions' });
    expect(missing.localised['zh-CN']).toContain('提交前请先填写行动计划');
    // Owner B writes too; the division head, who reads the account, may not write it.
    expect(
      (await zhao.putRelationshipPlan({ accountId: ACCOUNTS.own.id, halfYear: '2026-H1', actions: '拜访' }))
        .revision,
    ).toBe(2);
    const head = await refusal(
      dong.putRelationshipPlan({ accountId: ACCOUNTS.own.id, halfYear: '2026-H1', goals: 'x' }),
    );
    expect(head.code).toBe('FORBIDDEN');
    const badHalf = await refusal(
      li.putRelationshipPlan({ accountId: ACCOUNTS.own.id, halfYear: '2026-07', goals: 'x' }),
    );
    expect(badHalf).toMatchObject({ code: 'INVALID_INPUT', path: 'halfYear' });
  });

  it('a stranger’s account and its plan look exactly like missing ones', async () => {
    const { li, west } = await portfolio();
    await west.putRelationshipPlan({
      accountId: ACCOUNTS.west.id,
      halfYear: '2026-H1',
      goals: '西部',
      actions: '拜访',
    });
    const hidden = await refusal(li.getRelationshipPlan(ACCOUNTS.west.id, '2026-H1'));
    const missing = await refusal(li.getRelationshipPlan('A-nowhere', '2026-H1'));
    expect(hidden.code).toBe('NOT_FOUND');
    expect(hidden.message.replace(ACCOUNTS.west.id, '<id>')).toBe(
      missing.message.replace('A-nowhere', '<id>'),
    );
    const write = await refusal(
      li.putRelationshipPlan({ accountId: ACCOUNTS.west.id, halfYear: '2026-H1', goals: 'x' }),
    );
    const writeMissing = await refusal(
      li.putRelationshipPlan({ accountId: 'A-nowhere', halfYear: '2026-H1', goals: 'x' }),
    );
    expect(write.message.replace(ACCOUNTS.west.id, '<id>')).toBe(
      writeMissing.message.replace('A-nowhere', '<id>'),
    );
    expect(await li.listRelationshipPlans()).toEqual([]);
  });
});

describe('relationship plans on the due list', () => {
  const tiers = new Map<string, string>([
    [ACCOUNTS.own.id, 'gold'],
    [ACCOUNTS.peer.id, 'vip'],
  ]);
  async function dueOn(store: Awaited<ReturnType<typeof portfolio>>['store'], today: string) {
    const agendas = dueAgendas({
      agendas: [],
      accounts: await store.listAccounts(),
      contracts: [],
      complaints: [],
      relationshipPlans: await store.listRelationshipPlans(),
      tierOf: (id) => tiers.get(id) ?? null,
      users: await store.listUsers(),
      today,
    });
    return (ownerId: string) => {
      const agenda = agendas.find((row) => row.ownerId === ownerId);
      return [...(agenda?.overdue ?? []), ...(agenda?.due ?? [])]
        .filter((item) => item.source === 'relationship-plan')
        .map((item) => `${item.status} ${item.dueDate} ${item.accountId} ${item.label['zh-CN']}`);
    };
  }

  it('each key account’s owners are due to submit; the approver gets it once submitted; it leaves once filed', async () => {
    const { store, li, dong } = await portfolio();
    let due = await dueOn(store, '2026-01-10');
    // A-own (owners u-am, u-am2) and A-peer (u-am2) have a tier; A-west has none.
    expect(due(USERS.am.id)).toEqual(['due 2026-01-31 A-own 提交本半年客户关系发展计划']);
    expect(due(USERS.am2.id)).toEqual([
      'due 2026-01-31 A-own 提交本半年客户关系发展计划',
      'due 2026-01-31 A-peer 提交本半年客户关系发展计划',
    ]);
    expect(due(USERS.amw.id)).toEqual([]);
    await li.putRelationshipPlan({
      accountId: ACCOUNTS.own.id,
      halfYear: '2026-H1',
      goals: '王总',
      actions: '拜访',
    });
    await li.submitRelationshipPlan(ACCOUNTS.own.id, '2026-H1');
    due = await dueOn(store, '2026-01-10');
    expect(due(USERS.am.id)).toEqual([]);
    expect(due(USERS.dh.id)).toEqual(['due 2026-01-12 A-own 审批客户关系发展计划']);
    await dong.decideRelationshipPlan(ACCOUNTS.own.id, '2026-H1', { decision: 'approve' });
    due = await dueOn(store, '2026-02-03');
    expect(due(USERS.dh.id)).toEqual([]);
    expect(due(USERS.am.id)).toEqual([]);
    // A-peer's plan was never written: overdue after January.
    expect(due(USERS.am2.id)).toEqual(['overdue 2026-01-31 A-peer 提交本半年客户关系发展计划']);
    // A new half-year asks again.
    expect((await dueOn(store, '2026-07-01'))(USERS.am.id)).toEqual([
      'due 2026-07-31 A-own 提交本半年客户关系发展计划',
    ]);
  });

  it('a returned plan is back on the owners’ list with the note', async () => {
    const { store, li, dong } = await portfolio();
    await li.putRelationshipPlan({
      accountId: ACCOUNTS.own.id,
      halfYear: '2026-H1',
      goals: '王总',
      actions: '拜访',
    });
    await li.submitRelationshipPlan(ACCOUNTS.own.id, '2026-H1');
    await dong.decideRelationshipPlan(ACCOUNTS.own.id, '2026-H1', { decision: 'return', note: '补充关键人' });
    const agendas = dueAgendas({
      agendas: [],
      accounts: await store.listAccounts(),
      contracts: [],
      complaints: [],
      relationshipPlans: await store.listRelationshipPlans(),
      tierOf: (id) => tiers.get(id) ?? null,
      users: await store.listUsers(),
      today: '2026-01-09',
    });
    const item = agendas
      .find((agenda) => agenda.ownerId === USERS.am.id)
      ?.due.find((row) => row.source === 'relationship-plan');
    expect(item?.explanation['zh-CN']).toBe(
      '2026年上半年的计划已被退回（补充关键人），请调整后于 2026-01-31 前重新提交',
    );
  });
});
