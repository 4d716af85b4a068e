/**
 * The `kamkit.config.yaml` / `.json` schema, composed from the policy schemas
 * of each module (scoring, tiering, cadence, alerts, review360, KPI targets):
 * every policy is a preset name, a path to a JSON/YAML file, or the policy
 * written inline.
 *
 * @module
 */
import { z } from 'zod';
import { AlertPolicySchema } from '../alerts/alert-policy.js';
import { ServicePolicySchema } from '../cadence/service-policy.js';
import { ComplaintPolicySchema } from '../complaints/complaint-policy.js';
import { ProfilePolicySchema } from '../profile/profile-policy.js';
import { RelationshipPlanPolicySchema } from '../relationship-plans/relationship-plan.js';
import { KpiTargetsSchema } from '../reports/data/kpi-scorecard.js';
import { CompetencyModelSchema } from '../review360/model.js';
import { SurveyDefinitionSchema } from '../satisfaction/survey.js';
import { ScoringModelSchema } from '../scoring/model.js';
import { AdmissionPolicySchema, TierPolicySchema } from '../tiering/policy-schema.js';

/** The file names looked for in the working directory, in this order. */
export const CONFIG_FILE_NAMES = ['kamkit.config.yaml', 'kamkit.config.yml', 'kamkit.config.json'] as const;

/** The environment variable that names the configuration file. */
export const CONFIG_FILE_ENV = 'KAMKIT_CONFIG';

/** The name of the JSON Schema file shipped in the package (`@kamkit/sdk/schema/…`). */
export const CONFIG_SCHEMA_FILE = 'kamkit.config.schema.json';

/** A preset name or a path (relative to the configuration file) to a `.json`, `.yaml` or `.yml` file. */
const Reference = (presets: readonly string[]) =>
  z
    .string()
    .min(1)
    .describe(`A preset name (${presets.join(', ')}) or a path to a .json, .yaml or .yml file`);

/** The presets a configuration file may name, per policy. */
export const CONFIG_PRESETS = {
  scoring: ['contribution-value', 'rfm'],
  tiers: [
    'postal-ranges',
    'postal-tiers',
    'retail-ladder',
    'retail-classes',
    'airline-grid',
    'insurance-rules',
    'ka-matrix',
    'power-grades',
  ],
  admission: ['postal-admission', 'power-admission'],
  service: ['default', 'postal', 'retail', 'crm', 'airline', 'power', 'insurance', 'starter'],
  alerts: ['default', 'postal', 'airline', 'power'],
  complaints: ['standard', 'power'],
  surveys: ['standard', 'airline'],
  profile: ['airline', 'postal'],
  review360: [
    'dcfin-27',
    'dcfin-18',
    'annual-review',
    'mid-level-manager',
    'front-line',
    'key-account-relationship',
  ],
} as const;

/** The policy each `policies` field falls back to when left out (the {@link defaultPolicies} set). */
export const CONFIG_POLICY_DEFAULTS = {
  scoring: 'contribution-value',
  tiers: 'postal-ranges',
  admission: 'postal-admission',
  service: 'default',
  alerts: 'default',
  surveys: ['standard', 'airline'],
} as const;

const IsValidTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** The `policies` section: what a portfolio run applies. */
export const ConfigPoliciesSchema = z
  .strictObject({
    scoring: z
      .union([Reference(CONFIG_PRESETS.scoring), ScoringModelSchema])
      .optional()
      .meta({ description: 'The scoring model.', default: CONFIG_POLICY_DEFAULTS.scoring }),
    tiers: z
      .union([Reference(CONFIG_PRESETS.tiers), TierPolicySchema])
      .optional()
      .meta({
        description: 'The tier policy (ladder, ranges, grid, matrix or rules).',
        default: 'postal-ranges',
      }),
    admission: z
      .union([Reference(CONFIG_PRESETS.admission), AdmissionPolicySchema, z.null()])
      .optional()
      .meta({
        description: 'Who counts as a key account at all; null: open entry (every account is tiered).',
        default: CONFIG_POLICY_DEFAULTS.admission,
      }),
    service: z
      .union([Reference(CONFIG_PRESETS.service), ServicePolicySchema])
      .optional()
      .meta({
        description:
          'The service cadence: visits, calls and occasions per tier. Its tier ids must be tiers of `policies.tiers`. `starter` derives a cadence from the configured tiers (top third: a leadership visit a year and a monthly visit; middle: a visit a quarter and a monthly call or visit; bottom: a call or visit a quarter). Omitted: `default` when the tiers are Platinum / Gold / VIP, else `starter`.',
        default: 'default',
      }),
    alerts: z
      .union([Reference(CONFIG_PRESETS.alerts), AlertPolicySchema])
      .optional()
      .meta({ description: 'The monitors that raise alerts.', default: CONFIG_POLICY_DEFAULTS.alerts }),
    complaints: z
      .union([Reference(CONFIG_PRESETS.complaints), ComplaintPolicySchema])
      .optional()
      .meta({
        description:
          'Complaint types with their answer deadline and escalation chain; overdue complaints raise alerts.',
        default: 'standard',
      }),
    relationshipPlans: RelationshipPlanPolicySchema.optional().meta({
      description:
        'When half-yearly relationship plans are due: `dueMonth` (1–6, the month of the half-year, default 1), `dueDay` (a day or `end`, default `end`), `approveWithinDays` (default 7). Omitted: due by the end of the half-year’s first month.',
    }),
    surveys: z
      .array(z.union([Reference(CONFIG_PRESETS.surveys), SurveyDefinitionSchema]))
      .min(1)
      .optional()
      .meta({
        description:
          'The satisfaction surveys responses are checked and scored by (chat, import, `kamkit surveys`, status card, KPI scorecard): each a preset name, a file or a survey inline; ids must be unique. The first is the default survey (chat records with it; imported rows without a survey column use it).',
        default: CONFIG_POLICY_DEFAULTS.surveys,
      }),
    profile: z
      .union([Reference(CONFIG_PRESETS.profile), ProfilePolicySchema, z.null()])
      .optional()
      .meta({
        description:
          "The profile checklist (客户档案 / 客户检查单): the facts every key account's file must hold, each an account attribute or field with labels in both locales. Shown on the status card and in chat 为什么 / why; the alert policy's `profile` monitor flags key accounts missing items. Omitted: the preset of the same name as `policies.alerts` when that preset has a `profile` monitor (`airline`), else none. null: none. An alert policy with a `profile` monitor needs a checklist.",
      }),
  })
  .meta({ description: 'The policies every command applies (each a preset name, a file, or inline).' });

/** The whole configuration file. */
export const KamkitConfigSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'The JSON Schema of this file (for editors).' }),
    locale: z.enum(['zh-CN', 'en']).optional().meta({
      description:
        'Language of messages and reports. KAMKIT_LOCALE wins over it; LC_ALL, LC_MESSAGES or LANG is used without either.',
      default: 'en',
    }),
    timeZone: z
      .string()
      .refine(IsValidTimeZone, { message: 'an IANA time zone such as Asia/Shanghai' })
      .optional()
      .meta({
        description: 'The organisation time zone (IANA name): periods, due dates, times shown.',
        default: 'Asia/Shanghai',
      }),
    database: z
      .union([
        z.strictObject({
          url: z
            .string()
            .min(1)
            .meta({ description: 'A PostgreSQL server: postgres://user:password@host:port/db' }),
        }),
        z.strictObject({
          dataDir: z
            .string()
            .min(1)
            .meta({ description: 'The embedded database (PGlite) folder, relative to this file.' }),
        }),
      ])
      .optional()
      .meta({
        description:
          'Where data is stored: { url } or { dataDir }. KAMKIT_DATABASE_URL, when set, wins over it.',
        default: { dataDir: '.kamkit/db' },
      }),
    policies: ConfigPoliciesSchema.optional(),
    review360: z
      .strictObject({
        models: z
          .array(z.union([Reference(CONFIG_PRESETS.review360), CompetencyModelSchema]))
          .optional()
          .meta({
            description: 'Extra competency models for 360° cycles (the presets are always available).',
          }),
      })
      .optional()
      .meta({ description: '360° evaluation settings.' }),
    templates: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'A folder of .hbs templates overriding the built-in report templates by name.' }),
    kpiTargets: z
      .union([z.string().min(1).describe('A path to a .json, .yaml or .yml file'), KpiTargetsSchema])
      .optional()
      .meta({ description: 'Account-manager KPI targets for `report kpi` (a file or inline list).' }),
  })
  .meta({ title: 'KAMkit configuration', description: 'kamkit.config.yaml / kamkit.config.json' });

/** A configuration file as written. */
export type KamkitConfigInput = z.input<typeof KamkitConfigSchema>;
/** A configuration file after validation (references not yet resolved). */
export type KamkitConfig = z.output<typeof KamkitConfigSchema>;
