/**
 * The half-yearly relationship development plan of a key account
 * (客户关系发展计划, seed004 客户经理职责 ②: each account manager writes a
 * detailed plan for developing the relationship with the target customer,
 * adjusts it as things progress, and every half-year submits it to the
 * supervisor for approval and filing — 审批和备案). One plan per account and
 * half-year, written by the account's owner A or B: the goals (who at the
 * customer, what to reach), the actions, and progress notes adjusted during
 * the half-year. Each write is a new revision; a submitted revision waits
 * for the owner's supervisor, who approves it (备案: the filed copy is kept
 * read-only until a newer revision is approved) or returns it with a note.
 *
 * Pure: the transitions take the plan and who acts when, and return the next
 * plan; the due-list hook takes the accounts, their tiers and the plans.
 *
 * @module
 */
import { z } from 'zod';
import { Id, IsoDateTime } from '../domain/common.js';
import { parseWith } from '../errors/from-zod.js';
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';
import { PLAN_REVIEW_LABELS, PlanReviewSchema } from '../tasks/task.js';
import { addDays, dayNumber, lastDayOfMonth, localDate } from '../time/calendar.js';
import {
  HALF_YEAR_EXPECTED,
  HALF_YEAR_PATTERN,
  halfYearDays,
  halfYearLabel,
  halfYearMonths,
  halfYearOf,
} from './half-year.js';

/** Longest section text, in characters. */
export const RELATIONSHIP_PLAN_TEXT_MAX = 4000;

/** The three sections of a plan: goals (who, what to reach), actions, progress and adjustments. */
export const RELATIONSHIP_PLAN_SECTIONS = ['goals', 'actions', 'progress'] as const;
/** A section of a plan. */
export type RelationshipPlanSection = (typeof RELATIONSHIP_PLAN_SECTIONS)[number];

/** The names of the sections, as the CLI, chat and import show them. */
export const RELATIONSHIP_PLAN_SECTION_LABELS: Readonly<Record<RelationshipPlanSection, LocalisedText>> = {
  goals: { 'zh-CN': '关系目标', en: 'Goals' },
  actions: { 'zh-CN': '行动计划', en: 'Actions' },
  progress: { 'zh-CN': '进展与调整', en: 'Progress' },
};

/** Where a plan stands: being written, waiting for approval, filed (approved), or returned with a note. */
export const RELATIONSHIP_PLAN_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
/** A plan's status. */
export type RelationshipPlanStatus = (typeof RELATIONSHIP_PLAN_STATUSES)[number];

/** Names of the plan statuses, in both locales (the review's wording of weekly plans). */
export const RELATIONSHIP_PLAN_STATUS_LABELS: Readonly<Record<RelationshipPlanStatus, LocalisedText>> = {
  draft: { 'zh-CN': '草稿', en: 'draft' },
  submitted: { 'zh-CN': '待审批', en: 'awaiting approval' },
  approved: {
    'zh-CN': `${PLAN_REVIEW_LABELS.approved['zh-CN']}（已备案）`,
    en: `${PLAN_REVIEW_LABELS.approved.en} (filed)`,
  },
  returned: PLAN_REVIEW_LABELS.returned,
};

const HalfYear = z.string().refine((text) => HALF_YEAR_PATTERN.test(text), {
  params: { expected: HALF_YEAR_EXPECTED },
  message: HALF_YEAR_EXPECTED.en,
});
const Text = z.string().trim().min(1).max(RELATIONSHIP_PLAN_TEXT_MAX);

/** How validation errors name a plan. */
export const RELATIONSHIP_PLAN_SUBJECT: LocalisedText = {
  'zh-CN': '客户关系发展计划',
  en: 'relationship plan',
};

/** The id of an account's plan of a half-year: `<accountId>|<halfYear>`. */
export function relationshipPlanId(plan: { accountId: string; halfYear: string }): string {
  return `${plan.accountId}|${plan.halfYear}`;
}

/** The approved revision of a plan, kept as filed (备案). */
export const FiledRelationshipPlanSchema = z.strictObject({
  revision: z.number().int().min(1),
  goals: Text.optional(),
  actions: Text.optional(),
  progress: Text.optional(),
  approvedBy: Id,
  approvedAt: IsoDateTime,
});
/** The approved revision of a plan, kept as filed. */
export type FiledRelationshipPlan = z.infer<typeof FiledRelationshipPlanSchema>;

/**
 * An account's relationship development plan of one half-year as stored:
 * the working revision's sections, its number (one more per write), its
 * status, who wrote and submitted it, the supervisor's last decision
 * (`review`, with the note of a returned plan) and the filed copy of the
 * last approved revision.
 */
export const RelationshipPlanSchema = z
  .strictObject({
    /** `<accountId>|<halfYear>`, see {@link relationshipPlanId}. */
    id: z.string(),
    accountId: Id,
    /** `YYYY-H1` or `YYYY-H2`. */
    halfYear: HalfYear,
    goals: Text.optional(),
    actions: Text.optional(),
    progress: Text.optional(),
    revision: z.number().int().min(1),
    status: z.enum(RELATIONSHIP_PLAN_STATUSES),
    updatedBy: Id,
    updatedAt: IsoDateTime,
    submittedBy: Id.optional(),
    submittedAt: IsoDateTime.optional(),
    /** The supervisor's last decision. */
    review: PlanReviewSchema.optional(),
    filed: FiledRelationshipPlanSchema.optional(),
  })
  .superRefine((plan, context) => {
    const issue = (path: string, zh: string, en: string) =>
      context.addIssue({
        code: 'custom',
        path: [path],
        message: en,
        params: { expected: { 'zh-CN': zh, en } },
      });
    if (plan.id !== relationshipPlanId(plan))
      issue('id', `应为 ${relationshipPlanId(plan)}`, `must be ${relationshipPlanId(plan)}`);
    if (RELATIONSHIP_PLAN_SECTIONS.every((section) => plan[section] === undefined))
      issue('goals', '至少填写一项：关系目标、行动计划或进展', 'give goals, actions or progress');
    if (plan.status !== 'draft' && (plan.submittedBy === undefined || plan.submittedAt === undefined))
      issue('submittedBy', '提交后必须填写提交人和时间', 'required once submitted');
    if (
      plan.status === 'approved' &&
      (plan.review?.status !== 'approved' || plan.filed?.revision !== plan.revision)
    )
      issue(
        'filed',
        '已备案的计划必须有批准记录和备案版本',
        'an approved plan carries its approval and filed revision',
      );
    if (plan.status === 'returned' && (plan.review?.status !== 'returned' || plan.review.note === undefined))
      issue('review', '退回的计划必须有退回意见', 'a returned plan carries the note it was returned with');
    if (plan.filed !== undefined && plan.filed.revision > plan.revision)
      issue('filed', '备案版本不能晚于当前版本', 'the filed revision cannot be newer than the plan');
  });
/** An account's relationship development plan of one half-year. */
export type RelationshipPlan = z.infer<typeof RelationshipPlanSchema>;

/**
 * A plan as its owner writes it: the sections given replace the stored ones,
 * a section left out keeps what is stored (adjust the progress alone).
 */
export const RelationshipPlanInputSchema = z.strictObject({
  accountId: Id,
  halfYear: HalfYear,
  goals: Text.optional(),
  actions: Text.optional(),
  progress: Text.optional(),
});
/** A plan as its owner writes it. */
export type RelationshipPlanInput = z.input<typeof RelationshipPlanInputSchema>;

/** Who acts on a plan, and when (an ISO instant). */
export interface RelationshipPlanActor {
  by: string;
  at: string;
}

function stateError(path: string, message: LocalisedText): KamError {
  return new KamError({ code: KAM_ERROR_CODES.INVALID_STATE, path, message });
}

function planName(plan: { accountId: string; halfYear: string }): LocalisedText {
  const half = halfYearLabel(plan.halfYear);
  return {
    'zh-CN': `客户 ${plan.accountId} ${half['zh-CN']}的客户关系发展计划`,
    en: `the relationship plan of ${plan.accountId} for the ${half.en}`,
  };
}

/**
 * The plan after its owner writes `input` over `before` (or starts it): one
 * revision more, status `draft`; the last decision and the filed copy stay.
 * A plan waiting for approval cannot be changed until it is decided.
 *
 * @throws KamError `INVALID_STATE` while the plan is submitted.
 * @example
 * ```ts
 * const plan = writeRelationshipPlan(undefined, { accountId: 'a-1', halfYear: '2026-H1', goals: '张总（决策人）：从兴趣到信赖' }, { by: 'u-am', at: '2026-01-05T02:00:00Z' });
 * plan.revision; // 1
 * ```
 */
export function writeRelationshipPlan(
  before: RelationshipPlan | undefined,
  input: z.output<typeof RelationshipPlanInputSchema>,
  actor: RelationshipPlanActor,
): RelationshipPlan {
  if (before?.status === 'submitted') {
    const name = planName(before);
    throw stateError('status', {
      'zh-CN': `${name['zh-CN']}已提交待审批，审批或退回后才能修改`,
      en: `${name.en} is awaiting approval; it can be changed once approved or returned`,
    });
  }
  const sections = Object.fromEntries(
    RELATIONSHIP_PLAN_SECTIONS.flatMap((section) => {
      const text = input[section] ?? before?.[section];
      return text === undefined ? [] : [[section, text]];
    }),
  );
  return parseWith(
    RelationshipPlanSchema,
    {
      id: relationshipPlanId(input),
      accountId: input.accountId,
      halfYear: input.halfYear,
      ...sections,
      revision: (before?.revision ?? 0) + 1,
      status: 'draft',
      updatedBy: actor.by,
      updatedAt: actor.at,
      ...(before?.review === undefined ? {} : { review: before.review }),
      ...(before?.filed === undefined ? {} : { filed: before.filed }),
    },
    RELATIONSHIP_PLAN_SUBJECT,
    KAM_ERROR_CODES.INVALID_INPUT,
  );
}

/**
 * The plan submitted for approval: its goals and actions must be written;
 * a filed plan is submitted again only after a new revision.
 *
 * @throws KamError `INVALID_STATE` when already submitted or already filed, `INVALID_INPUT` naming the missing section.
 */
export function submitRelationshipPlan(
  plan: RelationshipPlan,
  actor: RelationshipPlanActor,
): RelationshipPlan {
  const name = planName(plan);
  if (plan.status === 'submitted')
    throw stateError('status', {
      'zh-CN': `${name['zh-CN']}已提交，正在等待审批`,
      en: `${name.en} is already awaiting approval`,
    });
  if (plan.status === 'approved')
    throw stateError('status', {
      'zh-CN': `${name['zh-CN']}第 ${plan.revision} 版已备案；修改后再提交新版本`,
      en: `revision ${plan.revision} of ${name.en} is already filed; adjust it to submit a new revision`,
    });
  for (const section of ['goals', 'actions'] as const)
    if (plan[section] === undefined) {
      const label = RELATIONSHIP_PLAN_SECTION_LABELS[section];
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_INPUT,
        path: section,
        message: {
          'zh-CN': `提交前请先填写${label['zh-CN']}`,
          en: `write the ${label.en.toLowerCase()} before submitting`,
        },
      });
    }
  return parseWith(
    RelationshipPlanSchema,
    { ...plan, status: 'submitted', submittedBy: actor.by, submittedAt: actor.at },
    RELATIONSHIP_PLAN_SUBJECT,
    KAM_ERROR_CODES.INVALID_INPUT,
  );
}

/** The supervisor's decision on a submitted plan. */
export interface RelationshipPlanDecision {
  decision: 'approve' | 'return';
  /** Required when returning the plan. */
  note?: string | undefined;
}

/**
 * The plan after the supervisor's decision: approved, its revision filed
 * (备案); or returned with the note, to be adjusted and submitted again.
 *
 * @throws KamError `INVALID_STATE` when the plan is not waiting for approval, `INVALID_INPUT` (`note`) when returned without one.
 */
export function decideRelationshipPlan(
  plan: RelationshipPlan,
  decision: RelationshipPlanDecision,
  actor: RelationshipPlanActor,
): RelationshipPlan {
  if (plan.status !== 'submitted') {
    const name = planName(plan);
    throw stateError('status', {
      'zh-CN': `${name['zh-CN']}没有待审批的版本（${RELATIONSHIP_PLAN_STATUS_LABELS[plan.status]['zh-CN']}）`,
      en: `${name.en} has no revision awaiting approval (${RELATIONSHIP_PLAN_STATUS_LABELS[plan.status].en})`,
    });
  }
  const note = decision.note?.trim() ?? '';
  if (decision.decision === 'return' && note === '')
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path: 'note',
      message: { 'zh-CN': '退回计划时必须写明原因', en: 'a note is required when returning a plan' },
    });
  const approved = decision.decision === 'approve';
  const review = {
    status: approved ? ('approved' as const) : ('returned' as const),
    by: actor.by,
    at: actor.at,
    ...(note === '' ? {} : { note }),
  };
  const sections = Object.fromEntries(
    RELATIONSHIP_PLAN_SECTIONS.flatMap((section) =>
      plan[section] === undefined ? [] : [[section, plan[section]]],
    ),
  );
  return parseWith(
    RelationshipPlanSchema,
    {
      ...plan,
      status: approved ? 'approved' : 'returned',
      review,
      ...(approved
        ? { filed: { revision: plan.revision, ...sections, approvedBy: actor.by, approvedAt: actor.at } }
        : {}),
    },
    RELATIONSHIP_PLAN_SUBJECT,
    KAM_ERROR_CODES.INVALID_INPUT,
  );
}

/** When plans are due: a day of a month of the half-year, and how long an approval may wait. */
export const RelationshipPlanPolicySchema = z.strictObject({
  /** The month of the half-year (1–6) the plan is due in; default the first. */
  dueMonth: z.number().int().min(1).max(6).default(1),
  /** The day of that month, or `end` (default); a day past the month's end is its last day. */
  dueDay: z.union([z.number().int().min(1).max(31), z.literal('end')]).default('end'),
  /** Days the approver has after a submission (default 7). */
  approveWithinDays: z.number().int().min(0).max(366).default(7),
});
/** When plans are due. */
export type RelationshipPlanPolicy = z.infer<typeof RelationshipPlanPolicySchema>;
/** When plans are due, as written in a configuration. */
export type RelationshipPlanPolicyInput = z.input<typeof RelationshipPlanPolicySchema>;

/** The default: due by the end of the half-year's first month, approved within a week. */
export const DEFAULT_RELATIONSHIP_PLAN_POLICY: RelationshipPlanPolicy = RelationshipPlanPolicySchema.parse(
  {},
);

/**
 * Load a relationship plan policy from data (`policies.relationshipPlans` of the configuration).
 *
 * @throws KamError `INVALID_CONFIG` naming the bad field.
 * @example
 * ```ts
 * loadRelationshipPlanPolicy({ dueMonth: 1, dueDay: 15 });
 * ```
 */
export function loadRelationshipPlanPolicy(input: unknown): RelationshipPlanPolicy {
  return parseWith(RelationshipPlanPolicySchema, input, {
    'zh-CN': '客户关系发展计划规则',
    en: 'relationship plan policy',
  });
}

/** The day a half-year's plans are due under `policy`. */
export function relationshipPlanDueDate(halfYear: string, policy: RelationshipPlanPolicy): string {
  const month = halfYearMonths(halfYear)[policy.dueMonth - 1] ?? halfYearMonths(halfYear)[0] ?? '';
  const last = lastDayOfMonth(month);
  if (policy.dueDay === 'end') return last;
  const day = `${month}-${String(policy.dueDay).padStart(2, '0')}`;
  return day < last ? day : last;
}

/**
 * The half-years whose plans a due list of `today` reads: the current one
 * (plans to submit) and the one before (plans still waiting for approval).
 */
export function relationshipPlanHalfYears(today: string): string[] {
  const current = halfYearOf(today);
  const year = Number(current.slice(0, 4));
  const previous = current.endsWith('H2') ? `${year}-H1` : `${year - 1}-H2`;
  return [previous, current];
}

/** A plan to write and submit (its account's owners), or to decide (the approver). */
export interface RelationshipPlanDueItem {
  /** `submit`: the owners write and submit it; `approve`: the approver decides on it. */
  kind: 'submit' | 'approve';
  accountId: string;
  halfYear: string;
  /** The plan's id, once one is written. */
  planId: string | null;
  /** For `approve`: who decides (the submitter's supervisor); `null` when they have none. */
  approverId: string | null;
  status: 'due' | 'overdue';
  dueFrom: string;
  dueDate: string;
  daysOverdue: number;
  label: LocalisedText;
  explanation: LocalisedText;
}

/** What {@link relationshipPlanDueItems} reads. */
export interface RelationshipPlanDueInput {
  /** The accounts in view. */
  accounts: Iterable<{ id: string }>;
  /** An account's tier: those with one are key accounts and need a plan each half-year. */
  tierOf: (accountId: string) => string | null;
  plans: readonly RelationshipPlan[];
  /** Who supervises a user (the approver of their plans); `null` when nobody. */
  supervisorOf: (userId: string) => string | null;
  policy?: RelationshipPlanPolicy | undefined;
  /** The day, `YYYY-MM-DD` in `timeZone`. */
  today: string;
  timeZone?: string | undefined;
}

/**
 * The due-list hook of relationship plans on `today`: every key account (one
 * with a tier) whose plan of the current half-year is not filed and not
 * waiting for approval is due for its owners by the policy's day
 * ("提交本半年客户关系发展计划"), overdue after it; a returned plan says the
 * note. Every submitted plan is due for its approver within
 * `approveWithinDays` of the submission. A plan filed once stays filed while
 * a later revision is written.
 *
 * @example
 * ```ts
 * relationshipPlanDueItems({ accounts, tierOf: (id) => tiers.get(id) ?? null, plans, supervisorOf, today: '2026-01-20' });
 * ```
 */
export function relationshipPlanDueItems(input: RelationshipPlanDueInput): RelationshipPlanDueItem[] {
  const policy = input.policy ?? DEFAULT_RELATIONSHIP_PLAN_POLICY;
  const halfYear = halfYearOf(input.today);
  const half = halfYearLabel(halfYear);
  const dueDate = relationshipPlanDueDate(halfYear, policy);
  const { first } = halfYearDays(halfYear);
  const lateBy = (date: string) => Math.max(0, dayNumber(input.today) - dayNumber(date));
  const byId = new Map(input.plans.map((plan) => [plan.id, plan] as const));
  const items: RelationshipPlanDueItem[] = [];
  const inView = new Set<string>();
  for (const account of input.accounts) {
    inView.add(account.id);
    if (input.tierOf(account.id) === null) continue;
    const plan = byId.get(relationshipPlanId({ accountId: account.id, halfYear }));
    if (plan?.filed !== undefined || plan?.status === 'submitted') continue;
    const late = lateBy(dueDate);
    const returned = plan?.status === 'returned' ? plan.review : undefined;
    items.push({
      kind: 'submit',
      accountId: account.id,
      halfYear,
      planId: plan?.id ?? null,
      approverId: null,
      status: late > 0 ? 'overdue' : 'due',
      dueFrom: first,
      dueDate,
      daysOverdue: late,
      label: { 'zh-CN': '提交本半年客户关系发展计划', en: 'submit this half-year’s relationship plan' },
      explanation:
        returned !== undefined
          ? {
              'zh-CN': `${half['zh-CN']}的计划已被退回（${returned.note ?? ''}），请调整后于 ${dueDate} 前重新提交`,
              en: `the plan for the ${half.en} was returned (${returned.note ?? ''}); adjust it and submit it again by ${dueDate}`,
            }
          : plan !== undefined
            ? {
                'zh-CN': `${half['zh-CN']}的计划（第 ${plan.revision} 版草稿）尚未提交审批，须于 ${dueDate} 前提交`,
                en: `the plan for the ${half.en} (draft revision ${plan.revision}) is not submitted yet; submit it by ${dueDate}`,
              }
            : {
                'zh-CN': `重点客户须于 ${dueDate} 前提交${half['zh-CN']}客户关系发展计划，报上级审批备案`,
                en: `a key account’s relationship plan for the ${half.en} is due by ${dueDate}, for the supervisor to approve and file`,
              },
    });
  }
  for (const plan of input.plans) {
    if (plan.status !== 'submitted' || !inView.has(plan.accountId)) continue;
    const submitter = plan.submittedBy ?? plan.updatedBy;
    const submittedOn = localDate(new Date(plan.submittedAt ?? plan.updatedAt), input.timeZone);
    const approveBy = addDays(submittedOn, policy.approveWithinDays);
    const late = lateBy(approveBy);
    const planHalf = halfYearLabel(plan.halfYear);
    items.push({
      kind: 'approve',
      accountId: plan.accountId,
      halfYear: plan.halfYear,
      planId: plan.id,
      approverId: input.supervisorOf(submitter),
      status: late > 0 ? 'overdue' : 'due',
      dueFrom: submittedOn,
      dueDate: approveBy,
      daysOverdue: late,
      label: { 'zh-CN': '审批客户关系发展计划', en: 'approve a relationship plan' },
      explanation: {
        'zh-CN': `${submitter} 于 ${submittedOn} 提交了${planHalf['zh-CN']}的计划（第 ${plan.revision} 版），请于 ${approveBy} 前批准备案或退回`,
        en: `${submitter} submitted the plan for the ${planHalf.en} (revision ${plan.revision}) on ${submittedOn}; approve and file it, or return it, by ${approveBy}`,
      },
    });
  }
  return items;
}

/**
 * A plan as text lines in both locales: the header (account, half-year,
 * revision, status), the last decision with its note, each section, and
 * which revision is filed.
 */
export function relationshipPlanLines(plan: RelationshipPlan): LocalisedText[] {
  const half = halfYearLabel(plan.halfYear);
  const status = RELATIONSHIP_PLAN_STATUS_LABELS[plan.status];
  const lines: LocalisedText[] = [
    {
      'zh-CN': `${plan.accountId} ${half['zh-CN']}客户关系发展计划 · 第 ${plan.revision} 版 · ${status['zh-CN']} · ${plan.updatedBy} 更新于 ${plan.updatedAt}`,
      en: `${plan.accountId} relationship plan, ${half.en} · revision ${plan.revision} · ${status.en} · updated by ${plan.updatedBy} at ${plan.updatedAt}`,
    },
  ];
  if (plan.review !== undefined) {
    const decided = PLAN_REVIEW_LABELS[plan.review.status];
    const note = plan.review.note;
    lines.push({
      'zh-CN': `审批：${decided['zh-CN']}（${plan.review.by ?? '—'}，${plan.review.at ?? '—'}）${note === undefined ? '' : `，意见：${note}`}`,
      en: `Review: ${decided.en} (${plan.review.by ?? '—'}, ${plan.review.at ?? '—'})${note === undefined ? '' : `; note: ${note}`}`,
    });
  }
  for (const section of RELATIONSHIP_PLAN_SECTIONS) {
    const label = RELATIONSHIP_PLAN_SECTION_LABELS[section];
    const text = plan[section];
    lines.push({
      'zh-CN': `${label['zh-CN']}：${text ?? '（未填写）'}`,
      en: `${label.en}: ${text ?? '(not written)'}`,
    });
  }
  if (plan.filed !== undefined && plan.filed.revision !== plan.revision)
    lines.push({
      'zh-CN': `已备案版本：第 ${plan.filed.revision} 版（${plan.filed.approvedBy} 于 ${plan.filed.approvedAt} 批准）`,
      en: `Filed: revision ${plan.filed.revision} (approved by ${plan.filed.approvedBy} at ${plan.filed.approvedAt})`,
    });
  return lines;
}
