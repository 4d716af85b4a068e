/**
 * The per-owner list of due, overdue and upcoming service actions: a service
 * policy applied to the portfolio, its tiers and the recorded interactions.
 *
 * @module
 */
import type { Account } from '../domain/account.js';
import { IsoDate } from '../domain/common.js';
import type { Contact } from '../domain/contact.js';
import { ACTOR_LEVELS, type ActorLevel, INTERACTION_KINDS, type Interaction } from '../domain/interaction.js';
import { parseWith } from '../errors/from-zod.js';
import { KAM_ERROR_CODES, type LocalisedText } from '../errors/kam-error.js';
import { DEFAULT_TIME_ZONE, dayNumber, localDate } from '../time/calendar.js';
import {
  type InteractionMatcher,
  indexInteractions,
  interactionMatcher,
  lastMatchingDay,
} from './interaction-index.js';
import { type KeyDateOccurrence, keyDateSubjects } from './key-dates.js';
import {
  type ActionStatus,
  type FrequencyPlan,
  type FrequencyProgress,
  type IntervalPlan,
  type OccasionPlan,
  planFrequency,
  planInterval,
  planOccasion,
  type Schedule,
  type ScheduleContext,
  scheduleFrequency,
  scheduleInterval,
  scheduleKeyDateSubject,
  scheduleOccasion,
  scheduleWeeklyDuty,
} from './schedule-rule.js';
import type { Occasion, Responsible, ServicePolicy, ServiceRule } from './service-policy.js';

/** A record that an owner did an owner-level duty (e.g. filed the weekly visit plan). */
export interface DutyFiling {
  ownerId: string;
  /** The weekly-duty rule it satisfies. */
  ruleId: string;
  /** Local date it was filed, `YYYY-MM-DD`. */
  date: string;
}

/** One action an owner is responsible for. */
export interface DueAction {
  ruleId: string;
  ruleKind: ServiceRule['kind'];
  /** What to do, in both locales. */
  label: LocalisedText;
  status: ActionStatus;
  /** The account, or `null` for an owner duty. */
  accountId: string | null;
  /** The account's tier (`null` for untiered accounts and owner duties). */
  tier: string | null;
  /** Seniority on our side the rule asks for (`null` for owner duties). */
  actorLevel: ActorLevel | null;
  /** Date of the last satisfying interaction or filing, `null` when none is recorded. */
  lastDone: string | null;
  /** First day the action is listed as due. */
  dueFrom: string;
  /** Last day to do it. */
  dueDate: string;
  /** Days past `dueDate` (0 unless overdue). */
  daysOverdue: number;
  /** Frequency rules: count done and required in the period. */
  progress?: FrequencyProgress;
  /** Occasion rules: the occasion and its date. */
  occasion?: { name: Occasion; date: string };
  /** Key-date rules: the date and whose it is (a contact's birthday names the contact, never the year of birth). */
  keyDate?: KeyDateOccurrence;
  /** Why the action is listed, in both locales. */
  explanation: LocalisedText;
}

/** One owner's actions. `ownerId` is `null` for accounts with no owner assigned. */
export interface OwnerAgenda {
  ownerId: string | null;
  /** Most overdue first. */
  overdue: DueAction[];
  /** Earliest due date first. */
  due: DueAction[];
  /** Earliest start first. */
  upcoming: DueAction[];
}

/** Options for {@link dueActions}. */
export interface DueActionsOptions {
  /** A validated policy (see `loadServicePolicy`). */
  policy: ServicePolicy;
  accounts: readonly Account[];
  /** The account's current tier, `null` when it is not a key account. */
  tierOf: (accountId: string) => string | null;
  interactions: readonly Interaction[];
  /** The day of the run, `YYYY-MM-DD` in `timeZone`. */
  today: string;
  /** Interaction instants are dated in this zone (default Asia/Shanghai). */
  timeZone?: string;
  /** Only this owner's agenda. */
  ownerId?: string;
  /** Filings of owner duties (weekly visit plans). */
  filings?: readonly DutyFiling[];
  /**
   * Contacts, for key-date rules on birthdays. Only contacts of `accounts`
   * are read: a contact of any other account never reaches an agenda.
   */
  contacts?: readonly Contact[];
}

const DATE_SUBJECT = { 'zh-CN': '日期', en: 'date' };

const UNASSIGNED: readonly (string | null)[] = [null];

function responsibleOwners(account: Account, responsible: Responsible): readonly (string | null)[] {
  const { ownerA, ownerB } = account;
  switch (responsible) {
    case 'owner-a':
      return ownerA !== null ? [ownerA] : ownerB !== null ? [ownerB] : UNASSIGNED;
    case 'owner-b':
      return ownerB !== null ? [ownerB] : ownerA !== null ? [ownerA] : UNASSIGNED;
    case 'both':
      if (ownerA !== null && ownerB !== null && ownerA !== ownerB) return [ownerA, ownerB];
      return ownerA !== null ? [ownerA] : ownerB !== null ? [ownerB] : UNASSIGNED;
  }
}

type RulePlan =
  | { kind: 'interval'; plan: IntervalPlan }
  | { kind: 'frequency'; plan: FrequencyPlan }
  | { kind: 'occasion'; plan: OccasionPlan }
  | { kind: 'key-date' }
  | { kind: 'weekly-duty' };

interface PreparedRule {
  rule: ServiceRule;
  tiers: ReadonlySet<string> | 'all' | 'any';
  flags: ReadonlySet<string> | undefined;
  types: ReadonlySet<string> | undefined;
  matcher: InteractionMatcher | undefined;
  responsible: Responsible;
  context: ScheduleContext;
  plan: RulePlan;
}

function planRule(rule: ServiceRule, context: ScheduleContext): RulePlan {
  switch (rule.kind) {
    case 'interval':
      return { kind: 'interval', plan: planInterval(rule, context) };
    case 'frequency':
      return { kind: 'frequency', plan: planFrequency(rule, context) };
    case 'occasion':
      return { kind: 'occasion', plan: planOccasion(rule, context) };
    case 'key-date':
      return { kind: 'key-date' };
    case 'weekly-duty':
      return { kind: 'weekly-duty' };
  }
}

/** A recorded interaction with a named contact, as a birthday rule reads it. */
interface ContactTouch {
  day: number;
  kind: number;
  level: number;
}

/** Interactions naming a contact of `accounts`, by account and contact, dated up to `todayDay`. */
function touchesByContact(
  interactions: readonly Interaction[],
  indexOf: ReadonlyMap<string, number>,
  timeZone: string,
  todayDay: number,
): Map<string, ContactTouch[]> {
  const touches = new Map<string, ContactTouch[]>();
  for (const interaction of interactions) {
    if (interaction.contactId === undefined || !indexOf.has(interaction.accountId)) continue;
    const day = dayNumber(localDate(new Date(interaction.at), timeZone));
    if (day > todayDay) continue;
    const key = `${interaction.accountId}\u0000${interaction.contactId}`;
    const touch = {
      day,
      kind: INTERACTION_KINDS.indexOf(interaction.kind),
      level: ACTOR_LEVELS.indexOf(interaction.actorLevel),
    };
    const list = touches.get(key);
    if (list) list.push(touch);
    else touches.set(key, [touch]);
  }
  return touches;
}

function lastTouchDay(
  touches: readonly ContactTouch[] | undefined,
  matcher: InteractionMatcher,
): number | undefined {
  let last: number | undefined;
  for (const touch of touches ?? []) {
    if ((matcher.kindMask & (1 << touch.kind)) === 0) continue;
    if (matcher.exact ? touch.level !== matcher.level : touch.level < matcher.level) continue;
    if (last === undefined || touch.day > last) last = touch.day;
  }
  return last;
}

function inScope(prepared: PreparedRule, tier: string | null, account: Account): boolean {
  if (prepared.tiers === 'all' ? tier === null : prepared.tiers !== 'any' && !prepared.tiers.has(tier ?? ''))
    return false;
  if (prepared.types !== undefined && !prepared.types.has(account.type)) return false;
  if (prepared.flags === undefined) return true;
  for (const flag of account.flags) if (prepared.flags.has(flag)) return true;
  return false;
}

/**
 * Apply a service policy: for each owner, the service actions that are
 * overdue, due now, or coming up within the policy's horizon — each with its
 * rule, the last satisfying interaction, the due date, days overdue and an
 * explanation in zh-CN and en.
 *
 * Executive- and supervisor-level rules still list the account's owner(s) as
 * responsible for seeing them done. Interactions are dated in `timeZone`;
 * those after `today` are ignored.
 *
 * @returns one agenda per owner, ordered by owner id (unassigned accounts last).
 * @throws KamError `INVALID_INPUT` when `today` or an interaction instant is not a date.
 * @example
 * ```ts
 * const agendas = dueActions({
 *   policy: RETAIL_SERVICE_POLICY,
 *   accounts,
 *   tierOf: (id) => tiers.get(id) ?? null,
 *   interactions,
 *   today: '2026-10-20',
 * });
 * for (const { ownerId, overdue } of agendas)
 *   for (const action of overdue) console.log(ownerId, action.explanation['zh-CN']);
 * ```
 */
export function dueActions(options: DueActionsOptions): OwnerAgenda[] {
  const today = parseWith(IsoDate, options.today, DATE_SUBJECT, KAM_ERROR_CODES.INVALID_INPUT);
  const todayDay = dayNumber(today);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const { policy, ownerId } = options;
  const accounts = options.accounts;
  const indexOf = new Map(accounts.map((account, position) => [account.id, position] as const));
  const index = indexInteractions(options.interactions, indexOf, accounts.length, timeZone, todayDay);
  const tiers = accounts.map((account) => options.tierOf(account.id));
  const createdDays = accounts.map((account) =>
    account.createdAt === undefined ? undefined : dayNumber(localDate(new Date(account.createdAt), timeZone)),
  );

  const prepared: PreparedRule[] = policy.rules.map((rule) => {
    const context = { todayDay, leadDays: rule.leadDays ?? policy.leadDays, horizonDays: policy.horizonDays };
    return {
      rule,
      tiers: Array.isArray(rule.tiers) ? new Set(rule.tiers) : rule.tiers,
      flags: rule.flags ? new Set(rule.flags) : undefined,
      types: rule.types ? new Set(rule.types) : undefined,
      matcher:
        rule.kind === 'weekly-duty'
          ? undefined
          : interactionMatcher(rule.kinds, rule.actorLevel, rule.actorMatch),
      responsible: rule.responsible ?? policy.responsible,
      context,
      plan: planRule(rule, context),
    };
  });

  const agendas = new Map<string | null, OwnerAgenda>();
  const add = (owner: string | null, action: DueAction) => {
    if (ownerId !== undefined && owner !== ownerId) return;
    let agenda = agendas.get(owner);
    if (!agenda) {
      agenda = { ownerId: owner, overdue: [], due: [], upcoming: [] };
      agendas.set(owner, agenda);
    }
    agenda[action.status].push(action);
  };
  const dutyOwners = new Map<PreparedRule, Set<string>>();
  const contactsOf = new Map<string, Contact[]>();
  for (const contact of options.contacts ?? []) {
    if (!indexOf.has(contact.accountId)) continue;
    const list = contactsOf.get(contact.accountId);
    if (list) list.push(contact);
    else contactsOf.set(contact.accountId, [contact]);
  }
  const birthdays = policy.rules.some((rule) => rule.kind === 'key-date' && rule.dates.includes('birthday'));
  const touches = birthdays
    ? touchesByContact(options.interactions, indexOf, timeZone, todayDay)
    : new Map<string, ContactTouch[]>();

  for (let position = 0; position < accounts.length; position++) {
    const account = accounts[position]!;
    if (ownerId !== undefined && account.ownerA !== ownerId && account.ownerB !== ownerId) continue;
    const tier = tiers[position] ?? null;
    for (const rule of prepared) {
      if (!inScope(rule, tier, account)) continue;
      const owners = responsibleOwners(account, rule.responsible);
      if (rule.rule.kind === 'weekly-duty') {
        let set = dutyOwners.get(rule);
        if (!set) {
          set = new Set();
          dutyOwners.set(rule, set);
        }
        for (const owner of owners) if (owner !== null) set.add(owner);
        continue;
      }
      if (rule.rule.kind === 'key-date') {
        const matcher = rule.matcher!;
        for (const subject of keyDateSubjects(rule.rule, account, contactsOf.get(account.id) ?? [])) {
          const lastDay =
            subject.contact === undefined
              ? lastMatchingDay(index, position, matcher, todayDay)
              : lastTouchDay(touches.get(`${account.id}\u0000${subject.contact.id}`), matcher);
          const schedule = scheduleKeyDateSubject(rule.rule, subject, rule.context, lastDay);
          if (schedule === undefined) continue;
          const action = toAction(rule.rule, schedule, account.id, tier);
          for (const owner of owners) add(owner, action);
        }
        continue;
      }
      const schedule = scheduleAccountRule(rule, index, position, createdDays[position]);
      if (schedule === undefined) continue;
      const action = toAction(rule.rule, schedule, account.id, tier);
      for (const owner of owners) add(owner, action);
    }
  }

  const filed = new Map<string, number[]>();
  for (const filing of options.filings ?? []) {
    const key = `${filing.ownerId}\u0000${filing.ruleId}`;
    const day = dayNumber(parseWith(IsoDate, filing.date, DATE_SUBJECT, KAM_ERROR_CODES.INVALID_INPUT));
    const days = filed.get(key);
    if (days) days.push(day);
    else filed.set(key, [day]);
  }
  for (const days of filed.values()) days.sort((a, b) => a - b);
  for (const [rule, owners] of dutyOwners) {
    if (rule.rule.kind !== 'weekly-duty') continue;
    for (const owner of [...owners].sort()) {
      const schedule = scheduleWeeklyDuty(
        rule.rule,
        filed.get(`${owner}\u0000${rule.rule.id}`) ?? [],
        rule.context,
      );
      if (schedule !== undefined) add(owner, toAction(rule.rule, schedule, null, null));
    }
  }

  const result = [...agendas.values()];
  for (const agenda of result) {
    agenda.overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || compareActions(a, b));
    agenda.due.sort((a, b) => compareText(a.dueDate, b.dueDate) || compareActions(a, b));
    agenda.upcoming.sort((a, b) => compareText(a.dueFrom, b.dueFrom) || compareActions(a, b));
  }
  return result.sort((a, b) =>
    a.ownerId === b.ownerId
      ? 0
      : a.ownerId === null
        ? 1
        : b.ownerId === null
          ? -1
          : compareText(a.ownerId, b.ownerId),
  );
}

function scheduleAccountRule(
  prepared: PreparedRule,
  index: ReturnType<typeof indexInteractions>,
  position: number,
  createdDay: number | undefined,
): Schedule | undefined {
  const { plan, matcher } = prepared;
  if (matcher === undefined) return undefined;
  switch (plan.kind) {
    case 'interval':
      return scheduleInterval(plan.plan, index, position, matcher, createdDay);
    case 'frequency':
      return scheduleFrequency(plan.plan, index, position, matcher, createdDay);
    case 'occasion':
      return scheduleOccasion(plan.plan, index, position, matcher);
    case 'key-date':
    case 'weekly-duty':
      return undefined;
  }
}

function toAction(
  rule: ServiceRule,
  schedule: Schedule,
  accountId: string | null,
  tier: string | null,
): DueAction {
  return {
    ruleId: rule.id,
    ruleKind: rule.kind,
    label: rule.label,
    accountId,
    tier,
    actorLevel: rule.kind === 'weekly-duty' ? null : rule.actorLevel,
    ...schedule,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareActions(a: DueAction, b: DueAction): number {
  return compareText(a.accountId ?? '', b.accountId ?? '') || compareText(a.ruleId, b.ruleId);
}
