/**
 * Everything on a due list, from one place: the service actions of the
 * cadence, contracts in their renewal notice period (or run out), open
 * complaints waiting for their answer (overdue ones first), attribution
 * claims waiting for an answer or a decision, and half-yearly relationship
 * plans to submit or approve — per owner, as both `kamkit due` and the bots'
 * 待办 list show them.
 *
 * @module
 */
import { type Claim, claimStage } from '../claims/claim.js';
import { complaintClocks } from '../complaints/complaint-clock.js';
import { type ComplaintPolicy, loadComplaintPreset } from '../complaints/complaint-policy.js';
import { type Contract, contractDueItems } from '../contracts/contract.js';
import type { Account } from '../domain/account.js';
import type { Complaint } from '../domain/complaint.js';
import type { LocalisedText } from '../errors/kam-error.js';
import {
  type RelationshipPlan,
  type RelationshipPlanPolicy,
  relationshipPlanDueItems,
} from '../relationship-plans/relationship-plan.js';
import { daysBetween, localDate } from '../time/calendar.js';
import type { DueAction, OwnerAgenda } from './due-actions.js';

/** Where an item of the due list comes from. */
export type DueItemSource = 'service' | 'contract' | 'complaint' | 'claim' | 'relationship-plan';

/**
 * One item of a due list: a service action (with its rule), a contract to
 * renew or give notice on, or a complaint to answer.
 */
export interface DueItem {
  source: DueItemSource;
  /** The account, or `null` for an owner duty. */
  accountId: string | null;
  label: LocalisedText;
  status: 'overdue' | 'due' | 'upcoming';
  dueFrom: string;
  dueDate: string;
  daysOverdue: number;
  explanation: LocalisedText;
  /** Service actions: the rule, its kind, the last time it was done, progress in the period. */
  ruleId?: string;
  ruleKind?: DueAction['ruleKind'];
  lastDone?: string | null;
  progress?: DueAction['progress'];
  tier?: string | null;
  /** Key-date rules: the date and whose it is. */
  keyDate?: DueAction['keyDate'];
  /** Contracts: the contract; complaints: the complaint; claims: the claim. */
  contractId?: string;
  complaintId?: string;
  claimId?: string;
  /** Relationship plans: the half-year, and the plan once one is written. */
  halfYear?: string;
  relationshipPlanId?: string;
}

/** One owner's due list: service actions, contract renewals and complaints, by urgency. */
export interface DueAgenda {
  /** `null` for accounts with no owner assigned. */
  ownerId: string | null;
  /** Most overdue first. */
  overdue: DueItem[];
  /** Earliest due date first. */
  due: DueItem[];
  /** Earliest start first (service actions only). */
  upcoming: DueItem[];
}

/** What {@link dueAgendas} reads. */
export interface DueAgendasInput {
  /** The cadence's agendas of the day (stored with the month's results, or from a run). */
  agendas: readonly OwnerAgenda[];
  /** The accounts in view, for the owners of contracts and complaints; others' records are left out. */
  accounts: Iterable<Account>;
  contracts: readonly Contract[];
  complaints: readonly Complaint[];
  /** Complaint deadlines (default: the `standard` preset, as the complaints list uses). */
  complaintPolicy?: ComplaintPolicy | undefined;
  /**
   * The relationship plans of the accounts in view; omitted: no plan items.
   * Key accounts (a tier from `tierOf`) without a filed plan of the current
   * half-year are due for their owners; submitted plans for the submitter's
   * supervisor (from `users`).
   */
  relationshipPlans?: readonly RelationshipPlan[] | undefined;
  /** An account's tier (the month's stored tier); without it no account needs a plan. */
  tierOf?: ((accountId: string) => string | null) | undefined;
  /** The users, for the approver (supervisor) of a submitted plan. */
  users?: readonly { id: string; supervisorId: string | null }[] | undefined;
  /** When plans are due (default: the end of the half-year's first month). */
  relationshipPlanPolicy?: RelationshipPlanPolicy | undefined;
  /** The day, `YYYY-MM-DD` in `timeZone`. */
  today: string;
  timeZone?: string;
  /**
   * Attribution claims (any status; the pending ones are listed) and who must
   * act on each ({@link claimActors}). A claim's account need not be in view:
   * it is another unit's until the claim moves it.
   */
  claims?: readonly Claim[];
  /** Who must act on a claim (user ids); a claim nobody may act on is left out. */
  claimActors?: (claim: Claim) => readonly string[];
}

/**
 * The pending attribution claims as due items: an open claim is for the
 * holding division to answer (accept or contest), a contested one for the
 * level above to decide. The seed sets no deadline, so a claim is due from
 * the day it was filed (in `timeZone`) and never overdue; the explanation
 * says how long it has waited.
 */
export function claimDueItems(claims: readonly Claim[], today: string, timeZone?: string): DueItem[] {
  return claims.flatMap((claim): DueItem[] => {
    const stage = claimStage(claim);
    if (stage === null) return [];
    const filedOn = localDate(new Date(claim.filedAt), timeZone);
    const days = Math.max(0, daysBetween(filedOn, today));
    const since =
      stage === 'answer' ? filedOn : localDate(new Date(claim.answer?.at ?? claim.filedAt), timeZone);
    return [
      {
        source: 'claim',
        accountId: claim.accountId,
        claimId: claim.id,
        label:
          stage === 'answer'
            ? {
                'zh-CN': `答复归属申请 ${claim.id}（${claim.claimantDivision} 申请客户 ${claim.accountId}）`,
                en: `answer claim ${claim.id} (${claim.claimantDivision} claims account ${claim.accountId})`,
              }
            : {
                'zh-CN': `裁决归属争议 ${claim.id}（${claim.claimantDivision} 与 ${claim.holdingDivision}，客户 ${claim.accountId}）`,
                en: `decide disputed claim ${claim.id} (${claim.claimantDivision} v ${claim.holdingDivision}, account ${claim.accountId})`,
              },
        status: 'due',
        dueFrom: since,
        dueDate: since,
        daysOverdue: 0,
        explanation:
          stage === 'answer'
            ? {
                'zh-CN': `${filedOn} 提出，已等待 ${days} 天：接受（客户划转）或提出异议（上报裁决）；理由：${claim.reason}`,
                en: `filed on ${filedOn}, waiting ${days} days: accept (the account moves) or contest (it goes to the level above); reason: ${claim.reason}`,
              }
            : {
                'zh-CN': `${since} 提出异议：${claim.answer?.note ?? ''}；由上级裁决，决定为终局`,
                en: `contested on ${since}: ${claim.answer?.note ?? ''}; the level above decides, finally`,
              },
      },
    ];
  });
}

function fromAction(action: DueAction): DueItem {
  return {
    source: 'service',
    accountId: action.accountId,
    label: action.label,
    status: action.status === 'overdue' ? 'overdue' : action.status === 'due' ? 'due' : 'upcoming',
    dueFrom: action.dueFrom,
    dueDate: action.dueDate,
    daysOverdue: action.daysOverdue,
    explanation: action.explanation,
    ruleId: action.ruleId,
    ruleKind: action.ruleKind,
    lastDone: action.lastDone,
    ...(action.progress ? { progress: action.progress } : {}),
    ...(action.keyDate ? { keyDate: action.keyDate } : {}),
    tier: action.tier,
  };
}

/**
 * The open complaints of `complaints` as due items: answer each by its
 * type's deadline; overdue once the deadline has passed, naming the step of
 * the escalation chain it has reached.
 */
export function complaintDueItems(
  complaints: readonly Complaint[],
  policy: ComplaintPolicy,
  today: string,
  timeZone?: string,
): DueItem[] {
  const clocks = complaintClocks({
    complaints: complaints.filter((complaint) => complaint.resolvedAt === undefined),
    policy,
    today,
    ...(timeZone === undefined ? {} : { timeZone }),
  });
  return clocks.map((clock) => {
    const { complaint, type } = clock;
    const reached = clock.escalation.filter((step) => step.reached).at(-1);
    const overdue = clock.timing === 'overdue';
    return {
      source: 'complaint',
      accountId: complaint.accountId,
      complaintId: complaint.id,
      label: {
        'zh-CN': `答复投诉 ${complaint.id}（${type.label['zh-CN']}）`,
        en: `answer complaint ${complaint.id} (${type.label.en})`,
      },
      status: overdue ? 'overdue' : 'due',
      dueFrom: clock.receivedOn,
      dueDate: clock.deadline,
      daysOverdue: overdue ? clock.daysLate : 0,
      explanation: overdue
        ? {
            'zh-CN': `投诉（${complaint.summary}）应于 ${clock.deadline} 前答复，已逾期 ${clock.daysLate} 天${reached ? `，应升级至${reached.to['zh-CN']}` : ''}`,
            en: `the complaint (${complaint.summary}) was due an answer by ${clock.deadline}, ${clock.daysLate} days overdue${reached ? `; escalate to ${reached.to.en}` : ''}`,
          }
        : {
            'zh-CN': `投诉（${complaint.summary}）${clock.receivedOn} 收到，须于 ${clock.deadline} 前答复`,
            en: `the complaint (${complaint.summary}) came in on ${clock.receivedOn}; answer it by ${clock.deadline}`,
          },
    };
  });
}

/**
 * Every owner's due list of the day: the cadence's service actions, then the
 * contracts in their notice period or run out ({@link contractDueItems}) and
 * the open complaints ({@link complaintDueItems}) on the agendas of their
 * account's owners A and B (or the unassigned agenda), like the relationship
 * plans to submit; plans to approve go to the submitter's supervisor
 * (`relationshipPlanDueItems`); the pending attribution claims
 * ({@link claimDueItems}) go on the agendas of those who must act on them
 * (`claimActors`). Agendas keep the
 * cadence's order; owners with only contracts or complaints follow.
 *
 * @example
 * ```ts
 * const agendas = dueAgendas({ agendas: run.agendas, accounts, contracts, complaints, today: '2026-11-05' });
 * const mine = agendas.find((agenda) => agenda.ownerId === 'u-am-11');
 * ```
 */
export function dueAgendas(input: DueAgendasInput): DueAgenda[] {
  const accounts = new Map<string, Account>();
  for (const account of input.accounts) accounts.set(account.id, account);
  const agendas = new Map<string | null, DueAgenda>();
  const agendaOf = (ownerId: string | null): DueAgenda => {
    let agenda = agendas.get(ownerId);
    if (!agenda) {
      agenda = { ownerId, overdue: [], due: [], upcoming: [] };
      agendas.set(ownerId, agenda);
    }
    return agenda;
  };
  for (const agenda of input.agendas) {
    const into = agendaOf(agenda.ownerId);
    // One by one: an unassigned portfolio's one agenda holds ~100,000 actions at 100,000
    // accounts, more arguments than one spread call takes.
    for (const action of agenda.overdue) into.overdue.push(fromAction(action));
    for (const action of agenda.due) into.due.push(fromAction(action));
    for (const action of agenda.upcoming) into.upcoming.push(fromAction(action));
  }
  const known = input.agendas.length;
  const inView = (item: { accountId: string }) => accounts.has(item.accountId);
  const extra: DueItem[] = [
    ...contractDueItems(input.contracts.filter(inView), input.today).map(
      (item): DueItem => ({
        source: 'contract',
        accountId: item.accountId,
        contractId: item.contractId,
        label: item.label,
        status: item.status,
        dueFrom: item.dueFrom,
        dueDate: item.dueDate,
        daysOverdue: item.daysOverdue,
        explanation: item.explanation,
      }),
    ),
    ...complaintDueItems(
      input.complaints.filter(inView),
      input.complaintPolicy ?? loadComplaintPreset('standard'),
      input.today,
      input.timeZone,
    ),
  ];
  // A pending claim goes to whoever must act on it; one nobody may act on is left out.
  const claims = input.claims ?? [];
  const claimActors = input.claimActors ?? (() => []);
  const byId = new Map(claims.map((claim) => [claim.id, claim] as const));
  for (const item of claimDueItems(claims, input.today, input.timeZone)) {
    for (const actor of new Set(claimActors(byId.get(item.claimId ?? '')!))) agendaOf(actor).due.push(item);
  }
  if (input.relationshipPlans !== undefined) {
    const supervisors = new Map((input.users ?? []).map((user) => [user.id, user.supervisorId] as const));
    for (const item of relationshipPlanDueItems({
      accounts: accounts.values(),
      tierOf: input.tierOf ?? (() => null),
      plans: input.relationshipPlans,
      supervisorOf: (userId) => supervisors.get(userId) ?? null,
      policy: input.relationshipPlanPolicy,
      today: input.today,
      timeZone: input.timeZone,
    })) {
      const due: DueItem = {
        source: 'relationship-plan',
        accountId: item.accountId,
        halfYear: item.halfYear,
        ...(item.planId === null ? {} : { relationshipPlanId: item.planId }),
        label: item.label,
        status: item.status,
        dueFrom: item.dueFrom,
        dueDate: item.dueDate,
        daysOverdue: item.daysOverdue,
        explanation: item.explanation,
      };
      // A plan to approve goes to the approver; one to submit to the account's owners.
      if (item.kind === 'approve') agendaOf(item.approverId)[item.status].push(due);
      else extra.push(due);
    }
  }
  for (const item of extra) {
    const account = accounts.get(item.accountId ?? '');
    const owners = [account?.ownerA ?? null, account?.ownerB ?? null].filter(
      (owner): owner is string => owner !== null,
    );
    for (const owner of owners.length > 0 ? [...new Set(owners)] : [null])
      agendaOf(owner)[item.status === 'overdue' ? 'overdue' : 'due'].push(item);
  }
  const result = [...agendas.values()];
  const added = result
    .slice(known)
    .sort((left, right) => (left.ownerId ?? '').localeCompare(right.ownerId ?? ''));
  const ordered = [...result.slice(0, known), ...added];
  for (const agenda of ordered) {
    agenda.overdue.sort(
      (left, right) => right.daysOverdue - left.daysOverdue || left.dueDate.localeCompare(right.dueDate),
    );
    agenda.due.sort((left, right) => left.dueDate.localeCompare(right.dueDate));
  }
  return ordered;
}
