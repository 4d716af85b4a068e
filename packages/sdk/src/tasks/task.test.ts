import { beforeEach, describe, expect, it } from 'vitest';
import { AT, seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { scopeStore } from '../access/scoped-store.js';
import { dueActions } from '../cadence/due-actions.js';
import { RETAIL_SERVICE_POLICY } from '../cadence/presets.js';
import { isKamError, type KamError } from '../errors/kam-error.js';
import { defaultPolicies } from '../portfolio/policies.js';
import { runPortfolio } from '../portfolio/run-portfolio.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { planFilings, type Task, TaskSchema, taskDueItems } from './task.js';

const NOW = () => new Date(AT); // Thursday 2026-10-15

async function refusal(promise: Promise<unknown>): Promise<KamError> {
  try {
    await promise;
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

function task(input: Partial<Task> & { id: string }): Task {
  return TaskSchema.parse({
    accountId: 'A-own',
    assigneeId: 'u-am',
    assignedBy: 'u-dh',
    title: '拜访财务总监',
    dueDate: '2026-10-20',
    createdAt: AT,
    ...input,
  });
}

describe('task records', () => {
  it('refuse bad input naming the field, in both languages', () => {
    const result = TaskSchema.safeParse({ ...task({ id: 't1' }), planWeek: '2026-10-20' });
    expect(result.success).toBe(false);
    expect(() => TaskSchema.parse({ ...task({ id: 't1' }), status: 'done' })).toThrow();
    const outside = TaskSchema.safeParse({ ...task({ id: 't1' }), planWeek: '2026-10-26' });
    expect(outside.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['dueDate']);
  });

  it('open tasks join the due list, overdue first, naming who assigned them', () => {
    const items = taskDueItems(
      [
        task({ id: 't1', dueDate: '2026-10-20' }),
        task({ id: 't2', dueDate: '2026-10-10' }),
        task({ id: 't3', status: 'cancelled', cancelledAt: AT }),
      ],
      '2026-10-15',
      (id) => (id === 'u-dh' ? '董部长' : id),
    );
    expect(items.map((item) => `${item.taskId} ${item.status} ${item.daysOverdue}`)).toEqual([
      't2 overdue 5',
      't1 due 0',
    ]);
    expect(items[1]?.label).toEqual({
      'zh-CN': '任务 t1：拜访财务总监（董部长指派）',
      en: 'task t1: 拜访财务总监 (assigned by 董部长)',
    });
  });

  it('a weekly plan is a filing of the weekly duty, dated no earlier than the duty day before its week', () => {
    const plan = (id: string, createdAt: string, extra: Partial<Task> = {}) =>
      task({ id, createdAt, planWeek: '2026-10-19', dueDate: '2026-10-21', assignedBy: 'u-am', ...extra });
    expect(planFilings([plan('p1', '2026-10-16T02:00:00Z')], RETAIL_SERVICE_POLICY)).toEqual([
      { ownerId: 'u-am', ruleId: 'weekly-visit-plan', date: '2026-10-17' },
    ]);
    expect(planFilings([plan('p1', '2026-10-18T02:00:00Z')], RETAIL_SERVICE_POLICY)).toEqual([
      { ownerId: 'u-am', ruleId: 'weekly-visit-plan', date: '2026-10-18' },
    ]);
    const returned = plan('p2', '2026-10-17T02:00:00Z', { review: { status: 'returned', note: '太少' } });
    expect(planFilings([returned], RETAIL_SERVICE_POLICY)).toEqual([]);
  });
});

describe('tasks through the scoped store', () => {
  let store: Store;
  beforeEach(async () => {
    store = createMemoryStore({ clock: NOW });
    await seedPortfolio(store);
  });
  const as = (userId: string) => scopeStore(store, userId, { now: NOW });

  it('a division head assigns; the assignee sees it; a foreign task id reads exactly like a missing one', async () => {
    const assigned = await as(USERS.dh.id).assignTask({
      accountId: 'A-own',
      assigneeId: USERS.am.id,
      title: '拜访财务总监',
      dueDate: '2026-10-20',
    });
    expect(assigned).toMatchObject({ assignedBy: 'u-dh', status: 'open', kind: 'visit' });
    expect(assigned.id).toMatch(/^t[0-9a-f]{6}$/);
    expect((await as(USERS.am.id).listTasks()).map((row) => row.id)).toEqual([assigned.id]);
    const foreign = await refusal(as(USERS.dhw.id).getTask(assigned.id));
    const missing = await refusal(as(USERS.dhw.id).getTask('t000000'));
    expect(foreign.code).toBe('NOT_FOUND');
    expect(foreign.localised).toEqual(
      JSON.parse(JSON.stringify(missing.localised).replaceAll('t000000', assigned.id)),
    );
    expect(await as(USERS.dhw.id).listTasks()).toEqual([]);
    const audit = await store.listAudit({ entity: 'task', entityId: assigned.id });
    expect(audit.map((entry) => `${entry.action} ${entry.actor}`)).toEqual(['task.create u-dh']);
  });

  it('refuses an account manager assigning, and an assignee who cannot work the account', async () => {
    const forbidden = await refusal(
      as(USERS.am.id).assignTask({
        accountId: 'A-own',
        assigneeId: USERS.am2.id,
        title: '回访',
        dueDate: '2026-10-20',
      }),
    );
    expect(forbidden.code).toBe('FORBIDDEN');
    const wrongAssignee = await refusal(
      as(USERS.dh.id).assignTask({
        accountId: 'A-peer',
        assigneeId: USERS.am.id,
        title: '回访',
        dueDate: '2026-10-20',
      }),
    );
    expect(wrongAssignee).toMatchObject({ code: 'INVALID_INPUT', path: 'assigneeId' });
    const badDate = await refusal(
      as(USERS.dh.id).assignTask({
        accountId: 'A-own',
        assigneeId: USERS.am.id,
        title: '回访',
        dueDate: '2026-13-01',
      }),
    );
    expect(badDate.code).toBe('INVALID_INPUT');
    expect(badDate.issues?.map((issue) => issue.path)).toEqual(['dueDate']);
    expect(await store.listTasks()).toEqual([]);
  });

  it('a supervisor (supervisorId) manages their staff without a division-wide right', async () => {
    await store.putUser({ ...USERS.am2, supervisorId: USERS.am.id }, { actor: 'system' });
    const assigned = await as(USERS.am.id).assignTask({
      accountId: 'A-own',
      assigneeId: USERS.am2.id,
      title: '送年终贺卡',
      dueDate: '2026-10-28',
      kind: 'card',
    });
    expect(assigned.assigneeId).toBe(USERS.am2.id);
  });

  it('completing records the interaction in the same transaction; only the assignee completes, once', async () => {
    const assigned = await as(USERS.dh.id).assignTask({
      accountId: 'A-own',
      assigneeId: USERS.am.id,
      title: '拜访财务总监',
      dueDate: '2026-10-20',
    });
    const notMine = await refusal(as(USERS.am2.id).completeTask(assigned.id));
    expect(notMine.code).toBe('FORBIDDEN');
    const { task: done, interaction } = await as(USERS.am.id).completeTask(assigned.id, {
      note: '谈了明年的框架协议',
    });
    expect(done).toMatchObject({ status: 'done', interactionId: `task:${assigned.id}` });
    expect(interaction).toMatchObject({
      accountId: 'A-own',
      kind: 'visit',
      userId: 'u-am',
      note: '谈了明年的框架协议',
    });
    const stored = await store.listInteractions({ accountIds: ['A-own'] });
    expect(stored.map((row) => row.id)).toContain(`task:${assigned.id}`);
    const again = await refusal(as(USERS.am.id).completeTask(assigned.id));
    expect(again.code).toBe('INVALID_STATE');
    const audit = await store.listAudit({ entity: 'task', entityId: assigned.id });
    expect(audit.map((entry) => `${entry.action} ${entry.actor}`)).toEqual([
      'task.create u-dh',
      'task.update u-am',
    ]);
    expect((await store.listAudit({ entity: 'interaction' })).at(-1)?.actor).toBe('u-am');
  });

  it('the assigner cancels with a reason; the assignee may not', async () => {
    const assigned = await as(USERS.dh.id).assignTask({
      accountId: 'A-own',
      assigneeId: USERS.am.id,
      title: '拜访',
      dueDate: '2026-10-20',
    });
    expect((await refusal(as(USERS.am.id).cancelTask(assigned.id, { reason: '不想去' }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await refusal(as(USERS.dh.id).cancelTask(assigned.id, { reason: ' ' }))).path).toBe('reason');
    const cancelled = await as(USERS.dh.id).cancelTask(assigned.id, { reason: '客户改期' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '客户改期' });
  });
});

/** The retail cadence with its weekly plan owed by every owner (the fixture's accounts are not tiered). */
const EVERY_OWNER_PLANS = {
  ...RETAIL_SERVICE_POLICY,
  rules: RETAIL_SERVICE_POLICY.rules.map((rule) =>
    rule.kind === 'weekly-duty' ? { ...rule, tiers: 'any' as const } : rule,
  ),
};

describe('the weekly visit plan', () => {
  let store: Store;
  const SATURDAY = () => new Date('2026-10-31T02:00:00Z');
  beforeEach(async () => {
    store = createMemoryStore({ clock: SATURDAY });
    await seedPortfolio(store);
  });
  const as = (userId: string) => scopeStore(store, userId, { now: SATURDAY });
  const planDuty = async () => {
    const run = await runPortfolio({
      store,
      policies: { ...defaultPolicies(), service: EVERY_OWNER_PLANS },
      asOf: '2026-10',
      save: false,
    });
    const agenda = run.agendas.find((row) => row.ownerId === USERS.am.id);
    return [...(agenda?.overdue ?? []), ...(agenda?.due ?? [])].find(
      (action) => action.ruleId === 'weekly-visit-plan',
    );
  };

  it('is due every Saturday until filed; filing it settles the duty; a returned plan does not', async () => {
    expect(await planDuty()).toMatchObject({ status: 'due', dueDate: '2026-10-31' });
    const filed = await as(USERS.am.id).filePlan({
      week: '2026-11-02',
      items: [
        { accountId: 'A-own', dueDate: '2026-11-03' },
        { accountId: 'A-own', dueDate: '2026-11-05', title: '陪同部门经理回访', kind: 'meeting' },
      ],
    });
    expect(filed.map((row) => [row.planWeek, row.review?.status, row.title])).toEqual([
      ['2026-11-02', 'pending', '计划拜访'],
      ['2026-11-02', 'pending', '陪同部门经理回访'],
    ]);
    expect(await planDuty()).toBeUndefined();

    // The division head reviews it: returned with a note, the duty is due again.
    const returned = await as(USERS.dh.id).reviewPlan({
      assigneeId: USERS.am.id,
      week: '2026-11-02',
      decision: 'return',
      note: '请增加对华东电网的拜访',
    });
    expect(returned.map((row) => row.review)).toEqual([
      { status: 'returned', by: 'u-dh', at: '2026-10-31T02:00:00.000Z', note: '请增加对华东电网的拜访' },
      { status: 'returned', by: 'u-dh', at: '2026-10-31T02:00:00.000Z', note: '请增加对华东电网的拜访' },
    ]);
    expect(await planDuty()).toMatchObject({ status: 'due' });

    // Filed again: the earlier items are replaced; approved, it stays settled.
    await as(USERS.am.id).filePlan({
      week: '2026-11-02',
      items: [{ accountId: 'A-own', dueDate: '2026-11-04' }],
    });
    const approved = await as(USERS.dh.id).reviewPlan({
      assigneeId: USERS.am.id,
      week: '2026-11-02',
      decision: 'approve',
    });
    expect(approved.map((row) => row.dueDate)).toEqual(['2026-11-04']);
    expect(await planDuty()).toBeUndefined();
    const week = await store.listTasks({ planWeek: '2026-11-02' });
    expect(week.map((row) => row.status).sort()).toEqual(['cancelled', 'cancelled', 'open']);
  });

  it('refuses a week that is not a Monday, a day outside the week, and a review by a peer', async () => {
    expect(
      (
        await refusal(
          as(USERS.am.id).filePlan({
            week: '2026-11-03',
            items: [{ accountId: 'A-own', dueDate: '2026-11-03' }],
          }),
        )
      ).path,
    ).toBe('week');
    expect(
      (
        await refusal(
          as(USERS.am.id).filePlan({
            week: '2026-11-02',
            items: [{ accountId: 'A-own', dueDate: '2026-11-09' }],
          }),
        )
      ).path,
    ).toBe('items[0].dueDate');
    await as(USERS.am.id).filePlan({
      week: '2026-11-02',
      items: [{ accountId: 'A-own', dueDate: '2026-11-03' }],
    });
    const peer = await refusal(
      as(USERS.am2.id).reviewPlan({ assigneeId: USERS.am.id, week: '2026-11-02', decision: 'approve' }),
    );
    expect(peer.code).toBe('NOT_FOUND');
    const returnWithoutNote = await refusal(
      as(USERS.dh.id).reviewPlan({ assigneeId: USERS.am.id, week: '2026-11-02', decision: 'return' }),
    );
    expect(returnWithoutNote.path).toBe('note');
  });

  it('the due actions read filings without a store too', () => {
    const filings = planFilings(
      [
        TaskSchema.parse({
          id: 'p1',
          accountId: 'A-own',
          assigneeId: 'li',
          assignedBy: 'li',
          title: '计划拜访',
          dueDate: '2026-11-03',
          createdAt: '2026-10-31T01:00:00Z',
          planWeek: '2026-11-02',
          review: { status: 'pending' },
        }),
      ],
      RETAIL_SERVICE_POLICY,
    );
    const agendas = dueActions({
      policy: RETAIL_SERVICE_POLICY,
      accounts: [
        {
          id: 'store-1',
          name: '一号店',
          aliases: [],
          parentId: null,
          type: 'private',
          division: 'east',
          ownerA: 'li',
          ownerB: null,
          flags: [],
          attributes: {},
        },
      ],
      tierOf: () => 'A-1',
      interactions: [],
      today: '2026-10-31',
      filings,
    });
    const duty = agendas[0]?.due.find((action) => action.ruleId === 'weekly-visit-plan');
    expect(duty).toBeUndefined();
  });
});
