import type { SurveyDefinition } from '../satisfaction/survey.js';
import type { Store, WriteMeta } from '../store/port.js';
import type { TaskInput } from '../tasks/task.js';
import { addDays, addMonths, lastDayOfMonth } from '../time/calendar.js';
import type { DemoPortfolio } from './generate-portfolio.js';
import { generateSurveyResponses } from './generate-surveys.js';

/**
 * Write a generated demo portfolio into a store in one transaction: users,
 * accounts, contacts, transactions, payments, interactions, contracts,
 * complaints, the units' narratives and satisfaction survey responses for
 * part of the accounts (`generateSurveyResponses`, on `options.survey`), as `kamkit demo`
 * does, and the tasks the division heads assigned (`demoTasks`).
 * Nothing is written when any write fails.
 *
 * @param meta - author of the writes (default `demo`, reason `demo portfolio`).
 * @param options - `survey`: the survey the responses answer (default: the shipped `standard`).
 * @example
 * ```ts
 * const store = createMemoryStore();
 * await seedDemoPortfolio(store, generatePortfolio({ asOf: '2026-10' }));
 * ```
 */
export async function seedDemoPortfolio(
  store: Store,
  portfolio: DemoPortfolio,
  meta: WriteMeta = { actor: 'demo', reason: 'demo portfolio' },
  options: { survey?: SurveyDefinition } = {},
): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.putUsers(portfolio.users, meta);
    await tx.putAccounts(portfolio.accounts, meta);
    await tx.putContacts(portfolio.contacts, meta);
    await tx.insertTransactions(portfolio.transactions);
    await tx.insertPayments(portfolio.payments);
    await tx.insertInteractions(portfolio.interactions);
    for (const contract of portfolio.contracts) await tx.putContract(contract, meta);
    for (const complaint of portfolio.complaints) await tx.putComplaint(complaint, meta);
    for (const plan of portfolio.unitPlans) await tx.putUnitPlan(plan, meta);
    for (const task of demoTasks(portfolio)) await tx.putTask(task, { ...meta, actor: task.assignedBy });
    for (const response of generateSurveyResponses(portfolio, options))
      await tx.putSurveyResponse(response, meta);
  });
}

const DEMO_TASKS = [
  { title: '拜访财务负责人，了解下季度采购计划', kind: 'visit' },
  { title: '电话回访上月投诉的处理结果', kind: 'call' },
  { title: '约见决策人，商谈明年框架协议', kind: 'meeting' },
] as const;

/**
 * The tasks of the demo portfolio, deterministic: each division head assigns
 * each of their account managers one task on the manager's first account
 * (owner A), due early in the month after the portfolio's; the first manager
 * of each division also has one that fell due at the end of that month.
 */
export function demoTasks(portfolio: DemoPortfolio): TaskInput[] {
  const nextMonth = addMonths(portfolio.asOf, 1);
  const monthEnd = lastDayOfMonth(portfolio.asOf);
  const createdAt = `${addDays(monthEnd, -7)}T01:00:00.000Z`;
  const tasks: TaskInput[] = [];
  const managers = portfolio.users
    .filter((user) => user.role === 'account-manager' && user.supervisorId !== null)
    .sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  managers.forEach((manager, index) => {
    const account = portfolio.accounts
      .filter((candidate) => candidate.ownerA === manager.id)
      .sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0))[0];
    if (!account || manager.supervisorId === null) return;
    const base = {
      accountId: account.id,
      assigneeId: manager.id,
      assignedBy: manager.supervisorId,
      createdAt,
    };
    const what = DEMO_TASKS[index % DEMO_TASKS.length]!;
    tasks.push({
      ...base,
      id: `t${String(index + 1).padStart(2, '0')}`,
      ...what,
      dueDate: `${nextMonth}-${String(6 + (index % 3) * 3).padStart(2, '0')}`,
    });
    if (manager.id.endsWith('1'))
      tasks.push({
        ...base,
        id: `t${String(index + 1).padStart(2, '0')}b`,
        title: '送达年度合作回顾材料',
        kind: 'visit',
        dueDate: addDays(monthEnd, -2),
      });
  });
  return tasks;
}
