/**
 * Tasks (任务 / 指派): a manager assigns a piece of work on an account to a
 * member of staff (seed002: 领导指派的任务), with a due date; the assignee
 * completes it, which records an interaction the service cadence counts. The
 * weekly visit plan (seed001 retail: 每周六报下周拜访计划) is a set of plan
 * tasks, one per planned visit, filed by the account manager for a week and
 * reviewed by their supervisor; a filed plan settles the policy's weekly duty.
 *
 * @module
 */
import { z } from 'zod';
import type { DutyFiling } from '../cadence/due-actions.js';
import { type ServicePolicy, WEEKDAYS } from '../cadence/service-policy.js';
import { Id, IsoDate, IsoDateTime } from '../domain/common.js';
import { InteractionKind } from '../domain/interaction.js';
import type { LocalisedText } from '../errors/kam-error.js';
import { addDays, dayNumber, localDate } from '../time/calendar.js';

/** A task is `open` until it is done (an interaction recorded) or cancelled. */
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
/** A task's status. */
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Where a weekly plan stands with the supervisor: waiting, approved, or returned with a note. */
export const PLAN_REVIEW_STATUSES = ['pending', 'approved', 'returned'] as const;
/** A plan review status. */
export type PlanReviewStatus = (typeof PLAN_REVIEW_STATUSES)[number];

/** Names of the task statuses, in both locales. */
export const TASK_STATUS_LABELS: Record<TaskStatus, LocalisedText> = {
  open: { 'zh-CN': '待完成', en: 'open' },
  done: { 'zh-CN': '已完成', en: 'done' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
};

/** Names of the plan review statuses, in both locales. */
export const PLAN_REVIEW_LABELS: Record<PlanReviewStatus, LocalisedText> = {
  pending: { 'zh-CN': '待审阅', en: 'awaiting review' },
  approved: { 'zh-CN': '已批准', en: 'approved' },
  returned: { 'zh-CN': '已退回', en: 'returned' },
};

const MUST_BE_MONDAY = {
  expected: { 'zh-CN': '应为一周的星期一（YYYY-MM-DD）', en: 'expected the Monday of the week (YYYY-MM-DD)' },
};

/** True when `date` (`YYYY-MM-DD`) is a Monday. */
export function isMonday(date: string): boolean {
  return (dayNumber(date) + 3) % 7 === 0;
}

/** The Monday of the week `date` falls in (weeks run Monday to Sunday). */
export function mondayOf(date: string): string {
  return addDays(date, -((dayNumber(date) + 3) % 7));
}

/** The supervisor's decision on a weekly plan. */
export const PlanReviewSchema = z.strictObject({
  status: z.enum(PLAN_REVIEW_STATUSES),
  by: Id.optional(),
  at: IsoDateTime.optional(),
  note: z.string().trim().min(1).max(2000).optional(),
});
/** The supervisor's decision on a weekly plan. */
export type PlanReview = z.infer<typeof PlanReviewSchema>;

/**
 * A task on an account. `assignedBy` is who assigned it (the assignee for
 * their own plan items); `kind` is the interaction recorded on completion
 * (a visit by default); `planWeek` (a Monday) marks an item of that week's
 * visit plan, with the supervisor's `review`.
 */
export const TaskSchema = z
  .object({
    id: Id,
    accountId: Id,
    assigneeId: Id,
    assignedBy: Id,
    title: z.string().trim().min(1).max(200),
    detail: z.string().trim().min(1).max(2000).optional(),
    dueDate: IsoDate,
    kind: InteractionKind.default('visit'),
    status: z.enum(TASK_STATUSES).default('open'),
    createdAt: IsoDateTime,
    doneAt: IsoDateTime.optional(),
    /** The interaction recorded when the task was done. */
    interactionId: Id.optional(),
    cancelledAt: IsoDateTime.optional(),
    cancelReason: z.string().trim().min(1).max(2000).optional(),
    planWeek: IsoDate.refine(isMonday, {
      params: MUST_BE_MONDAY,
      message: MUST_BE_MONDAY.expected.en,
    }).optional(),
    review: PlanReviewSchema.optional(),
  })
  .superRefine((task, context) => {
    const issue = (path: string, zh: string, en: string) =>
      context.addIssue({
        code: 'custom',
        path: [path],
        message: en,
        params: { expected: { 'zh-CN': zh, en } },
      });
    if (task.status === 'done') {
      if (task.doneAt === undefined) issue('doneAt', '完成后必须填写', 'required once done');
      if (task.interactionId === undefined) issue('interactionId', '完成后必须填写', 'required once done');
    } else if (task.doneAt !== undefined || task.interactionId !== undefined) {
      issue(
        'status',
        '填写了完成时间或拜访记录时状态应为 done',
        'must be done when doneAt or interactionId is set',
      );
    }
    if (task.status === 'cancelled' && task.cancelledAt === undefined)
      issue('cancelledAt', '取消后必须填写', 'required once cancelled');
    if (task.status !== 'cancelled' && task.cancelledAt !== undefined)
      issue('status', '填写了取消时间时状态应为 cancelled', 'must be cancelled when cancelledAt is set');
    if (task.planWeek === undefined && task.review !== undefined)
      issue('review', '只有周拜访计划的条目可以审阅', 'only items of a weekly plan are reviewed');
    if (task.planWeek !== undefined && isMonday(task.planWeek)) {
      const sunday = addDays(task.planWeek, 6);
      if (task.dueDate < task.planWeek || task.dueDate > sunday)
        issue(
          'dueDate',
          `应在计划周内（${task.planWeek}～${sunday}）`,
          `must fall in the plan's week (${task.planWeek} to ${sunday})`,
        );
    }
  });
/** A task. */
export type Task = z.infer<typeof TaskSchema>;
/** A task as written (defaults not applied yet). */
export type TaskInput = z.input<typeof TaskSchema>;

/** A filter of stored tasks. */
export interface TaskFilter {
  ids?: readonly string[];
  accountIds?: readonly string[];
  assigneeIds?: readonly string[];
  status?: TaskStatus;
  /** Only items of this week's plan (a Monday). */
  planWeek?: string;
}

/** True when `task` passes `filter`. */
export function taskMatches(task: Task, filter: TaskFilter): boolean {
  return (
    (filter.ids === undefined || filter.ids.includes(task.id)) &&
    (filter.accountIds === undefined || filter.accountIds.includes(task.accountId)) &&
    (filter.assigneeIds === undefined || filter.assigneeIds.includes(task.assigneeId)) &&
    (filter.status === undefined || filter.status === task.status) &&
    (filter.planWeek === undefined || filter.planWeek === task.planWeek)
  );
}

/** A task on the due list. */
export interface TaskDueItem {
  taskId: string;
  accountId: string;
  assigneeId: string;
  assignedBy: string;
  /** `overdue` once the due date has passed. */
  status: 'due' | 'overdue';
  dueDate: string;
  daysOverdue: number;
  label: LocalisedText;
}

/**
 * The due-list hook of tasks: every open task, most overdue first, then by
 * due date. `nameOf` names the user who assigned it (their id when unknown);
 * a plan item names its week instead.
 */
export function taskDueItems(
  tasks: readonly Task[],
  today: string,
  nameOf: (userId: string) => string = (userId) => userId,
): TaskDueItem[] {
  return tasks
    .filter((task) => task.status === 'open')
    .map((task): TaskDueItem => {
      const daysOverdue = Math.max(0, dayNumber(today) - dayNumber(task.dueDate));
      const from =
        task.planWeek !== undefined
          ? { 'zh-CN': `${task.planWeek} 周拜访计划`, en: `visit plan of ${task.planWeek}` }
          : {
              'zh-CN': `${nameOf(task.assignedBy)}指派`,
              en: `assigned by ${nameOf(task.assignedBy)}`,
            };
      return {
        taskId: task.id,
        accountId: task.accountId,
        assigneeId: task.assigneeId,
        assignedBy: task.assignedBy,
        status: daysOverdue > 0 ? 'overdue' : 'due',
        dueDate: task.dueDate,
        daysOverdue,
        label: {
          'zh-CN': `任务 ${task.id}：${task.title}（${from['zh-CN']}）`,
          en: `task ${task.id}: ${task.title} (${from.en})`,
        },
      };
    })
    .sort(
      (left, right) =>
        right.daysOverdue - left.daysOverdue ||
        left.dueDate.localeCompare(right.dueDate) ||
        left.taskId.localeCompare(right.taskId),
    );
}

/** One line of a task, in both locales: id, title, due date, status, who assigned it, the plan's review. */
export function taskLine(task: Task, nameOf: (userId: string) => string = (userId) => userId): LocalisedText {
  const status = TASK_STATUS_LABELS[task.status];
  const by =
    task.planWeek !== undefined
      ? {
          'zh-CN': `${task.planWeek} 周计划 · ${PLAN_REVIEW_LABELS[task.review?.status ?? 'pending']['zh-CN']}`,
          en: `plan of ${task.planWeek} · ${PLAN_REVIEW_LABELS[task.review?.status ?? 'pending'].en}`,
        }
      : { 'zh-CN': `${nameOf(task.assignedBy)}指派`, en: `by ${nameOf(task.assignedBy)}` };
  const to = nameOf(task.assigneeId);
  return {
    'zh-CN': `${task.id} ${task.title} · 截止 ${task.dueDate} · ${to} · ${by['zh-CN']} · ${status['zh-CN']}`,
    en: `${task.id} ${task.title} · due ${task.dueDate} · ${to} · ${by.en} · ${status.en}`,
  };
}

/**
 * The filings of owner duties that stored weekly plans stand for: one per
 * assignee, plan week and weekly-duty rule of `policy`, dated the day the
 * plan was filed (its earliest item, in `timeZone`) — or, when it was filed
 * before the duty's day for that week (the last such weekday before the
 * plan's Monday), that day: a plan filed early counts when the duty falls
 * due. A plan whose items are all cancelled, or which was returned, is not
 * a filing.
 *
 * @example
 * ```ts
 * const filings = planFilings(await store.listTasks(), policies.service);
 * dueActions({ policy: policies.service, accounts, tierOf, interactions, today, filings });
 * ```
 */
export function planFilings(
  tasks: readonly Task[],
  policy: Pick<ServicePolicy, 'rules'>,
  timeZone?: string,
): DutyFiling[] {
  const rules = policy.rules.filter((rule) => rule.kind === 'weekly-duty');
  if (rules.length === 0) return [];
  const filed = new Map<string, { ownerId: string; week: string; date: string }>();
  for (const task of tasks) {
    if (task.planWeek === undefined || task.status === 'cancelled') continue;
    if (task.review?.status === 'returned') continue;
    const key = `${task.assigneeId}\u0000${task.planWeek}`;
    const date = localDate(new Date(task.createdAt), timeZone);
    const known = filed.get(key);
    if (known === undefined || date < known.date)
      filed.set(key, { ownerId: task.assigneeId, week: task.planWeek, date });
  }
  const filings: DutyFiling[] = [];
  for (const { ownerId, week, date } of filed.values())
    for (const rule of rules) {
      if (rule.kind !== 'weekly-duty') continue;
      const weekday = WEEKDAYS.indexOf(rule.weekday);
      // The last `weekday` strictly before the plan's Monday (Monday itself is a week before).
      const dutyDay = addDays(week, -((7 - weekday) % 7 || 7));
      filings.push({ ownerId, ruleId: rule.id, date: [date, dutyDay].sort()[1] ?? date });
    }
  return filings.sort(
    (left, right) =>
      left.ownerId.localeCompare(right.ownerId) ||
      left.date.localeCompare(right.date) ||
      left.ruleId.localeCompare(right.ruleId),
  );
}
