/**
 * Service policies (回访 / 拜访 cadences) as data: which contact each tier is
 * owed, how often, by whom on our side, and which recorded interactions
 * satisfy it (DOMAIN.md §5).
 *
 * @module
 */
import { z } from 'zod';
import { readConfigFile } from '../config/read-config-file.js';
import { AccountType } from '../domain/account.js';
import { Id } from '../domain/common.js';
import { ActorLevel, InteractionKind } from '../domain/interaction.js';
import { ACCOUNT_DATE_KINDS } from '../domain/key-date.js';
import { parseWith } from '../errors/from-zod.js';
import { FLOATING_HOLIDAYS, WEEKDAY_OCCASION_PATTERN, WEEKDAYS } from './floating-holidays.js';
import { FESTIVALS } from './lunar-festivals.js';

export { WEEKDAYS };

const Localised = z.strictObject({ 'zh-CN': z.string().trim().min(1), en: z.string().trim().min(1) });

/** A length of time a rule repeats after: `{ count: 2, unit: 'week' }`. */
export const DurationSchema = z.strictObject({
  count: z.number().int().min(1),
  unit: z.enum(['day', 'week', 'month', 'quarter', 'year']),
});
/** A length of time. */
export type Duration = z.infer<typeof DurationSchema>;

/**
 * Which tiers a rule covers: `all` (every key account, i.e. every account with
 * a tier), `any` (every account, tiered or not — for rules scoped by flag), or
 * a list of tier names.
 */
export const TierScopeSchema = z.union([z.literal('all'), z.literal('any'), z.array(Id).min(1)]);
/** Which tiers a rule covers. */
export type TierScope = z.infer<typeof TierScopeSchema>;

/** Who on the account is listed as responsible: owner A (lead), owner B (backup) or both. */
export const ResponsibleSchema = z.enum(['owner-a', 'owner-b', 'both']);
/** Who on the account is listed as responsible. */
export type Responsible = z.infer<typeof ResponsibleSchema>;

const MonthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a festival name or a date MM-DD')
  .refine((value) => {
    const month = Number(value.slice(0, 2));
    const day = Number(value.slice(3, 5));
    return day <= new Date(Date.UTC(2001, month, 0)).getUTCDate();
  }, 'expected a day that exists every year (MM-DD, not 02-29)');

const WeekdayOfMonth = z
  .string()
  .regex(WEEKDAY_OCCASION_PATTERN, 'expected MM-<weekday>-<1–4 or last>, e.g. 05-sunday-2');

/**
 * An occasion: a lunar festival by name, a floating holiday by name
 * (`mothers-day`, `fathers-day`, `thanksgiving`), the n-th or last weekday of
 * a month (`05-sunday-2`, `05-monday-last`), or a fixed date `MM-DD` each
 * year (`12-31` for year end).
 */
export const OccasionSchema = z.union([
  z.enum(FESTIVALS),
  z.enum(FLOATING_HOLIDAYS),
  MonthDay,
  WeekdayOfMonth,
]);
/** An occasion. */
export type Occasion = z.infer<typeof OccasionSchema>;

const scope = {
  /** Stable rule id, unique in the policy. */
  id: Id,
  /** What the action is, in both locales. */
  label: Localised,
  tiers: TierScopeSchema.default('all'),
  /** When set, only accounts carrying at least one of these flags (e.g. `lead`, `opportunity`). */
  flags: z.array(Id).min(1).optional(),
  /**
   * When set, only accounts of these types (`government`, `fortune500`, …):
   * the service emphasis a kind of customer gets at every level (seed002:
   * 政府客户、企事业单位客户、500 强客户 服务的侧重点都不一样).
   */
  types: z.array(AccountType).min(1).optional(),
  /** Overrides the policy's `responsible`. */
  responsible: ResponsibleSchema.optional(),
  /** Days before the due date from which the action is listed as due (policy default otherwise). */
  leadDays: z.number().int().min(0).optional(),
};

/**
 * Interaction kinds that satisfy a rule, or `any`. Checked element by element
 * so a misspelt kind is reported at its own path (`rules[0].kinds[1]`).
 */
export const KindsSchema = z
  .union([z.literal('any'), z.array(z.string())])
  .transform((value, context): 'any' | InteractionKind[] => {
    if (value === 'any') return value;
    if (value.length === 0) {
      context.addIssue({
        code: 'too_small',
        origin: 'array',
        minimum: 1,
        inclusive: true,
        input: value,
        message: 'expected at least one kind',
      });
      return z.NEVER;
    }
    const kinds: InteractionKind[] = [];
    value.forEach((kind, index) => {
      const result = InteractionKind.safeParse(kind);
      if (result.success) kinds.push(result.data);
      else for (const issue of result.error.issues) context.addIssue({ ...issue, path: [index] });
    });
    return kinds;
  });

const satisfiedBy = {
  kinds: KindsSchema,
  /** Seniority on our side the rule asks for. */
  actorLevel: ActorLevel.default('specialist'),
  /** `at-least`: a more senior actor also satisfies the rule; `exact`: only this level does. */
  actorMatch: z.enum(['at-least', 'exact']).default('at-least'),
};

/** Contact every N days / weeks / months after the last satisfying interaction. */
export const IntervalRuleSchema = z.strictObject({
  kind: z.literal('interval'),
  ...scope,
  ...satisfiedBy,
  every: DurationSchema,
});

/** At least K satisfying interactions per calendar month, quarter or year (and at most M, for information). */
export const FrequencyRuleSchema = z.strictObject({
  kind: z.literal('frequency'),
  ...scope,
  ...satisfiedBy,
  atLeast: z.number().int().min(1),
  atMost: z.number().int().min(1).optional(),
  per: z.enum(['month', 'quarter', 'year']),
});

/**
 * A contact owed for each occurrence of an occasion (Mid-Autumn, Spring
 * Festival, year end): due from `leadDays` before it, overdue after
 * `graceDays`, and no longer listed `lapseDays` after that.
 */
export const OccasionRuleSchema = z.strictObject({
  kind: z.literal('occasion'),
  ...scope,
  ...satisfiedBy,
  occasions: z.array(OccasionSchema).min(1),
  graceDays: z.number().int().min(0).default(0),
  lapseDays: z.number().int().min(0).default(30),
});

/** What a `key-date` rule congratulates on: the account's key dates of these kinds, or contacts' birthdays. */
export const KEY_DATE_SOURCES = [...ACCOUNT_DATE_KINDS, 'birthday'] as const;
/** What a `key-date` rule congratulates on. */
export type KeyDateSource = (typeof KEY_DATE_SOURCES)[number];

/**
 * A contact owed on each account's own dates (seed004 客户纪念日: founding
 * day, anniversaries, project milestones, honours) or on its contacts'
 * birthdays: due from `leadDays` before the date, overdue after `graceDays`,
 * no longer listed `lapseDays` after that. A satisfying interaction on the
 * account from the start of the window settles an account's date; a
 * birthday is settled only by one naming the contact (`contactId`).
 */
export const KeyDateRuleSchema = z.strictObject({
  kind: z.literal('key-date'),
  ...scope,
  ...satisfiedBy,
  dates: z.array(z.enum(KEY_DATE_SOURCES)).min(1),
  graceDays: z.number().int().min(0).default(0),
  lapseDays: z.number().int().min(0).default(30),
});

/**
 * A duty of the owner rather than of an account (the weekly visit plan filed
 * every Saturday). Owners with at least one account in scope owe it; it is
 * satisfied by a filing record `{ ownerId, ruleId, date }`.
 */
export const WeeklyDutyRuleSchema = z.strictObject({
  kind: z.literal('weekly-duty'),
  ...scope,
  weekday: z.enum(WEEKDAYS),
});

/** One rule of a service policy. */
export const ServiceRuleSchema = z.discriminatedUnion('kind', [
  IntervalRuleSchema,
  FrequencyRuleSchema,
  OccasionRuleSchema,
  KeyDateRuleSchema,
  WeeklyDutyRuleSchema,
]);
/** One rule of a service policy. */
export type ServiceRule = z.infer<typeof ServiceRuleSchema>;
/** An interval rule. */
export type IntervalRule = z.infer<typeof IntervalRuleSchema>;
/** A frequency rule. */
export type FrequencyRule = z.infer<typeof FrequencyRuleSchema>;
/** An occasion rule. */
export type OccasionRule = z.infer<typeof OccasionRuleSchema>;
/** A rule on accounts' key dates and contacts' birthdays. */
export type KeyDateRule = z.infer<typeof KeyDateRuleSchema>;
/** A weekly owner duty. */
export type WeeklyDutyRule = z.infer<typeof WeeklyDutyRuleSchema>;

/** A service policy: the contact each tier is owed. */
export const ServicePolicySchema = z
  .strictObject({
    id: Id,
    name: Localised,
    /** Tier names the rules may use; when given, a rule naming another tier is rejected (catches typos). */
    tiers: z.array(Id).min(1).optional(),
    /** Default owner(s) listed as responsible. */
    responsible: ResponsibleSchema.default('both'),
    /** Default days before a due date from which an action is due. */
    leadDays: z.number().int().min(0).default(0),
    /** Actions that become due within this many days are listed as upcoming. */
    horizonDays: z.number().int().min(0).default(7),
    rules: z.array(ServiceRuleSchema).min(1),
  })
  .superRefine((policy, context) => {
    const seen = new Set<string>();
    const declared = policy.tiers ? new Set(policy.tiers) : undefined;
    policy.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        context.addIssue({
          code: 'custom',
          path: ['rules', index, 'id'],
          message: `duplicate rule id ${rule.id}`,
        });
      }
      seen.add(rule.id);
      if (declared && Array.isArray(rule.tiers)) {
        rule.tiers.forEach((tier, tierIndex) => {
          if (!declared.has(tier)) {
            context.addIssue({
              code: 'custom',
              path: ['rules', index, 'tiers', tierIndex],
              message: `unknown tier ${tier}; the policy declares ${[...declared].join(', ')}`,
            });
          }
        });
      }
      if (rule.kind === 'frequency' && rule.atMost !== undefined && rule.atMost < rule.atLeast) {
        context.addIssue({
          code: 'custom',
          path: ['rules', index, 'atMost'],
          message: `must not be below atLeast (${rule.atLeast})`,
        });
      }
    });
  });

/** A validated service policy. */
export type ServicePolicy = z.infer<typeof ServicePolicySchema>;
/** A service policy as written (defaults may be omitted). */
export type ServicePolicyInput = z.input<typeof ServicePolicySchema>;

const SUBJECT = { 'zh-CN': '服务策略', en: 'service policy' };

/**
 * Validate a service policy.
 *
 * @throws KamError `INVALID_CONFIG` listing every bad field by path
 *   (e.g. `rules[2].every.count: expected at least 1`).
 * @example
 * ```ts
 * const policy = loadServicePolicy({
 *   id: 'retail', name: { 'zh-CN': '零售', en: 'Retail' },
 *   rules: [{ kind: 'interval', id: 'call', label: { 'zh-CN': '电话回访', en: 'Phone call' },
 *             tiers: ['A-1'], kinds: ['call'], every: { count: 2, unit: 'week' } }],
 * });
 * ```
 */
export function loadServicePolicy(raw: unknown): ServicePolicy {
  return parseWith(ServicePolicySchema, raw, SUBJECT);
}

/**
 * Read and validate a service policy from a JSON or YAML file.
 *
 * @throws KamError `INVALID_CONFIG` when the file cannot be read or parsed, or the policy is invalid.
 */
export async function loadServicePolicyFile(path: string): Promise<ServicePolicy> {
  return loadServicePolicy(await readConfigFile(path, SUBJECT));
}
