/**
 * Alert policies (预警) as data: which monitors run, with which thresholds
 * (DOMAIN.md §6).
 *
 * @module
 */
import { z } from 'zod';
import { readConfigFile } from '../config/read-config-file.js';
import { Id } from '../domain/common.js';
import { parseWith } from '../errors/from-zod.js';
import { type FigureRef, FigureRefSchema } from '../metrics/figures.js';

/** How urgent an alert is, most urgent first. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
/** How urgent an alert is. */
export const Severity = z.enum(SEVERITIES);
/** How urgent an alert is. */
export type Severity = z.infer<typeof Severity>;

/** The monitors KAMkit runs. */
export const MONITOR_KINDS = [
  'fluctuation',
  'decline',
  'dormancy',
  'below-average',
  'tier-downgrade',
  'ab-owners',
  'profile',
  'contact-staff',
] as const;
/** A kind of monitor. */
export type MonitorKind = (typeof MONITOR_KINDS)[number];

const Localised = z.strictObject({ 'zh-CN': z.string().trim().min(1), en: z.string().trim().min(1) });

const common = {
  /** Stable id, unique in the policy; defaults to the kind. */
  id: Id.optional(),
  /** What the monitor is called in reports (defaults to a name per kind). */
  label: Localised.optional(),
  severity: Severity.default('warning'),
  /** Accounts carrying any of these flags are not monitored (e.g. `suspended`). */
  excludeFlags: z.array(Id).default([]),
};

const MetricBranch = FigureRefSchema.options[0];
const AttributeBranch = FigureRefSchema.options[1];
const FlagBranch = FigureRefSchema.options[2];

/**
 * A figure reference checked branch by branch, so an unknown metric is
 * reported at `….indicator.metric` with the list of known metrics.
 */
const IndicatorSchema = z.custom<z.input<typeof FigureRefSchema>>().transform((value, context): FigureRef => {
  const branch =
    typeof value === 'object' && value !== null
      ? 'metric' in value
        ? MetricBranch
        : 'attribute' in value
          ? AttributeBranch
          : 'flag' in value
            ? FlagBranch
            : FigureRefSchema
      : FigureRefSchema;
  const result = branch.safeParse(value);
  if (result.success) return result.data as FigureRef;
  for (const issue of result.error.issues) context.addIssue({ ...issue });
  return z.NEVER;
});

/**
 * Monthly fluctuation: |month-over-month revenue change| strictly greater than
 * `threshold` (default 0.30). One-off accounts are excluded: those flagged
 * with one of `oneOff.flags` (default `one-off`) and, when `minActiveMonths`
 * is set, those with fewer active months in the last 12.
 */
export const FluctuationMonitorSchema = z.strictObject({
  kind: z.literal('fluctuation'),
  ...common,
  threshold: z.number().gt(0).lte(10).default(0.3),
  oneOff: z
    .strictObject({
      flags: z.array(Id).default(['one-off']),
      minActiveMonths: z.number().int().min(1).max(12).optional(),
    })
    .default({ flags: ['one-off'] }),
});

/** Decline: revenue fell in each of the last `periods` months / quarters / years. */
export const DeclineMonitorSchema = z.strictObject({
  kind: z.literal('decline'),
  ...common,
  periods: z.number().int().min(1),
  unit: z.enum(['month', 'quarter', 'year']).default('month'),
});

/**
 * Dormancy: no transaction for `days` days or more (power utility: 180).
 * Accounts that never bought are flagged only with `includeNeverActive`.
 */
export const DormancyMonitorSchema = z.strictObject({
  kind: z.literal('dormancy'),
  ...common,
  days: z.number().int().min(1).default(180),
  includeNeverActive: z.boolean().default(false),
});

/**
 * Below the average line: an indicator below the portfolio average times
 * `factor` (default 1). The average is over the monitored accounts with a
 * known value.
 */
export const BelowAverageMonitorSchema = z.strictObject({
  kind: z.literal('below-average'),
  ...common,
  indicator: IndicatorSchema,
  factor: z.number().gt(0).lte(10).default(1),
});

/**
 * Tier downgrade: an account moved to a worse tier. `tierOrder` lists tiers
 * best first; leaving the key-account list (`to: null`) counts as a
 * downgrade unless `includeExit` is false.
 */
export const TierDowngradeMonitorSchema = z.strictObject({
  kind: z.literal('tier-downgrade'),
  ...common,
  tierOrder: z.array(Id).min(1).optional(),
  includeExit: z.boolean().default(true),
});

/**
 * A and B owners (主辅制 / AB角, seed001 postal): every account of tier
 * `fromTier` or better (in the tier policy's order, best first) has an owner
 * A (lead) and an owner B (backup). One without either is flagged on every
 * run while it lasts; the first run after both are set closes the alert.
 */
export const AbOwnersMonitorSchema = z.strictObject({
  kind: z.literal('ab-owners'),
  ...common,
  /** The lowest tier that needs both owners (postal: `vip`); every better tier does too. */
  fromTier: Id,
});

/**
 * Profile completeness (客户档案 / 客户检查单, seed002, seed001): every key
 * account (of tier `fromTier` or better when given) holds each item of the
 * profile checklist (`policies.profile`). One with items missing is flagged
 * on every run while it lasts; the first run after they are filled closes
 * the alert.
 */
export const ProfileMonitorSchema = z.strictObject({
  kind: z.literal('profile'),
  ...common,
  /** The lowest tier whose profile must be complete; omitted: every key account. */
  fromTier: Id.optional(),
});

/**
 * Staff in contact (两个以上的人员与之联系, seed001 postal): every account of
 * tier `fromTier` or better has at least `minStaff` distinct members of staff
 * who recorded an interaction with it in the last `months` months, so the
 * relationship does not leave with one person. One with fewer is flagged on
 * every run while it lasts; the first run that finds enough closes the alert.
 */
export const ContactStaffMonitorSchema = z.strictObject({
  kind: z.literal('contact-staff'),
  ...common,
  /** The lowest tier watched (postal: `vip`); every better tier is too. */
  fromTier: Id,
  /** How many distinct members of staff must be in contact (default 2). */
  minStaff: z.number().int().min(1).max(20).default(2),
  /** The window in months up to the run's date (default 6). */
  months: z.number().int().min(1).max(36).default(6),
});

/** One monitor of an alert policy. */
export const MonitorSchema = z.discriminatedUnion('kind', [
  FluctuationMonitorSchema,
  DeclineMonitorSchema,
  DormancyMonitorSchema,
  BelowAverageMonitorSchema,
  TierDowngradeMonitorSchema,
  AbOwnersMonitorSchema,
  ProfileMonitorSchema,
  ContactStaffMonitorSchema,
]);
/** One monitor of an alert policy. */
export type Monitor = z.infer<typeof MonitorSchema>;
/** A fluctuation monitor. */
export type FluctuationMonitor = z.infer<typeof FluctuationMonitorSchema>;
/** A decline monitor. */
export type DeclineMonitor = z.infer<typeof DeclineMonitorSchema>;
/** A dormancy monitor. */
export type DormancyMonitor = z.infer<typeof DormancyMonitorSchema>;
/** A below-average monitor. */
export type BelowAverageMonitor = z.infer<typeof BelowAverageMonitorSchema>;
/** A tier-downgrade monitor. */
export type TierDowngradeMonitor = z.infer<typeof TierDowngradeMonitorSchema>;
/** An A/B owner monitor. */
export type AbOwnersMonitor = z.infer<typeof AbOwnersMonitorSchema>;
/** A profile-completeness monitor. */
export type ProfileMonitor = z.infer<typeof ProfileMonitorSchema>;
/** A staff-in-contact monitor. */
export type ContactStaffMonitor = z.infer<typeof ContactStaffMonitorSchema>;

/**
 * How a lost key account explained by a cause counts in churn (流失 /
 * 异常流失, seed001, seed003): `normal` — the business closed, merged, moved
 * out of the area, a policy change; `abnormal` — a competitor, price, service,
 * dissatisfaction. A cause without it, and a loss not yet explained, count
 * as abnormal.
 */
export const LOSS_KINDS = ['normal', 'abnormal'] as const;
/** How a lost key account counts in churn: normal or abnormal. */
export type LossKind = (typeof LOSS_KINDS)[number];

/**
 * One cause an alert may be explained by: a stable id, its label in both
 * locales, and how a lost key account explained by it counts in churn
 * (`loss`, see {@link LOSS_KINDS}; omitted: abnormal).
 */
export const AlertCauseSchema = z.strictObject({
  id: Id,
  label: Localised,
  loss: z.enum(LOSS_KINDS).optional(),
});
/** One cause an alert may be explained by. */
export type AlertCause = z.infer<typeof AlertCauseSchema>;

/**
 * The causes an alert is explained by when a policy names none: the airline
 * rule's staff, price and service (员工 / 报价 / 服务, seed002), the postal
 * one-off exclusion (一次性), a competitor, the normal reasons a key account
 * is lost (closed, merged, moved out of the area, policy: `loss: 'normal'`),
 * and other.
 */
export const DEFAULT_ALERT_CAUSES: readonly AlertCause[] = [
  { id: 'staff', label: { 'zh-CN': '员工', en: 'staff' } },
  { id: 'price', label: { 'zh-CN': '报价', en: 'price' } },
  { id: 'service', label: { 'zh-CN': '服务', en: 'service' } },
  { id: 'one-off', label: { 'zh-CN': '一次性业务', en: 'one-off' } },
  { id: 'competitor', label: { 'zh-CN': '转向竞争对手', en: 'competitor' }, loss: 'abnormal' },
  { id: 'closed', label: { 'zh-CN': '客户关闭或注销', en: 'business closed' }, loss: 'normal' },
  { id: 'merged', label: { 'zh-CN': '客户合并重组', en: 'merged' }, loss: 'normal' },
  { id: 'relocated', label: { 'zh-CN': '迁出服务区域', en: 'moved out of the area' }, loss: 'normal' },
  { id: 'policy', label: { 'zh-CN': '政策性原因', en: 'policy' }, loss: 'normal' },
  { id: 'other', label: { 'zh-CN': '其他', en: 'other' } },
];

/**
 * When the monthly analysis that explains alerts is due (postal, seed001:
 * each unit by the 28th of the month, the division roll-up by the 5th of the
 * next), and how many days before each deadline unexplained alerts are
 * reminded.
 */
export const ReportDeadlinesSchema = z.strictObject({
  /** Day of the month by which each unit explains its alerts (postal: 28). */
  unitDay: z.number().int().min(1).max(28).default(28),
  /** Day of the next month by which the division roll-up is due (postal: 5). */
  divisionDay: z.number().int().min(1).max(28).default(5),
  /** Days before a deadline from which unexplained alerts are reminded. */
  remindDaysBefore: z.number().int().min(0).max(27).default(3),
});
/** The deadlines of the monthly analysis. */
export type ReportDeadlines = z.infer<typeof ReportDeadlinesSchema>;

/** An alert policy: the monitors to run. */
export const AlertPolicySchema = z
  .strictObject({
    id: Id,
    name: Localised.optional(),
    monitors: z.array(MonitorSchema).min(1),
    /** The causes an alert may be explained by (default {@link DEFAULT_ALERT_CAUSES}). */
    causes: z
      .array(AlertCauseSchema)
      .min(1)
      .default(() => DEFAULT_ALERT_CAUSES.map((cause) => ({ ...cause, label: { ...cause.label } }))),
    /** When alerts must be explained by; omitted: no reminders. */
    reportDeadlines: ReportDeadlinesSchema.optional(),
  })
  .superRefine((policy, context) => {
    const causes = new Set<string>();
    policy.causes.forEach((cause, index) => {
      if (causes.has(cause.id)) {
        context.addIssue({
          code: 'custom',
          path: ['causes', index, 'id'],
          message: `duplicate cause id ${cause.id}`,
        });
      }
      causes.add(cause.id);
    });
    const seen = new Set<string>();
    policy.monitors.forEach((monitor, index) => {
      const id = monitor.id ?? monitor.kind;
      if (seen.has(id)) {
        context.addIssue({
          code: 'custom',
          path: ['monitors', index, 'id'],
          message: `duplicate monitor id ${id}; give each monitor of the same kind its own id`,
        });
      }
      seen.add(id);
      if (monitor.kind === 'tier-downgrade' && monitor.tierOrder) {
        const tiers = new Set<string>();
        monitor.tierOrder.forEach((tier, tierIndex) => {
          if (tiers.has(tier)) {
            context.addIssue({
              code: 'custom',
              path: ['monitors', index, 'tierOrder', tierIndex],
              message: `tier ${tier} listed twice`,
            });
          }
          tiers.add(tier);
        });
      }
    });
  });

/** A validated alert policy. */
export type AlertPolicy = z.infer<typeof AlertPolicySchema>;
/** An alert policy as written (defaults may be omitted). */
export type AlertPolicyInput = z.input<typeof AlertPolicySchema>;

const SUBJECT = { 'zh-CN': '预警策略', en: 'alert policy' };

/**
 * Validate an alert policy.
 *
 * @throws KamError `INVALID_CONFIG` naming each bad field, e.g.
 *   `monitors[0].threshold: expected at most 10`,
 *   `monitors[3].indicator.metric: expected one of: revenue, …`,
 *   `monitors[1].periods: expected at least 1`.
 * @example
 * ```ts
 * const policy = loadAlertPolicy({
 *   id: 'postal',
 *   monitors: [{ kind: 'fluctuation', threshold: 0.3 }, { kind: 'dormancy', days: 180 }],
 * });
 * ```
 */
export function loadAlertPolicy(raw: unknown): AlertPolicy {
  return parseWith(AlertPolicySchema, raw, SUBJECT);
}

/**
 * Read and validate an alert policy from a JSON or YAML file.
 *
 * @throws KamError `INVALID_CONFIG` when the file cannot be read or parsed, or the policy is invalid.
 */
export async function loadAlertPolicyFile(path: string): Promise<AlertPolicy> {
  return loadAlertPolicy(await readConfigFile(path, SUBJECT));
}
