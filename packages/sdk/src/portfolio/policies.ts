import type { AlertPolicy } from '../alerts/alert-policy.js';
import { loadAlertPolicy } from '../alerts/alert-policy.js';
import type { ServicePolicy } from '../cadence/service-policy.js';
import { loadServicePolicy } from '../cadence/service-policy.js';
import { type ComplaintPolicy, loadComplaintPreset } from '../complaints/complaint-policy.js';
import type { ProfilePolicy } from '../profile/profile-policy.js';
import type { RelationshipPlanPolicy } from '../relationship-plans/relationship-plan.js';
import { type SurveyDefinition, surveyPresets } from '../satisfaction/survey.js';
import type { ScoringModel } from '../scoring/model.js';
import { CONTRIBUTION_VALUE_MODEL } from '../scoring/presets.js';
import type { AdmissionPolicy, TierPolicy } from '../tiering/policy.js';
import { loadAdmissionPreset, loadTierPreset } from '../tiering/presets.js';
import alerts from './presets/alerts.json' with { type: 'json' };
import airlineAlerts from './presets/alerts-airline.json' with { type: 'json' };
import postalAlerts from './presets/alerts-postal.json' with { type: 'json' };
import powerAlerts from './presets/alerts-power.json' with { type: 'json' };
import service from './presets/service.json' with { type: 'json' };

/** The policies a portfolio run applies: one of each, all data. */
export interface PortfolioPolicies {
  scoring: ScoringModel;
  tiers: TierPolicy;
  /** Who counts as a key account at all; omitted: open entry (宽进严分). */
  admission?: AdmissionPolicy | undefined;
  service: ServicePolicy;
  alerts: AlertPolicy;
  /** Complaint deadlines and escalation; omitted: complaints raise no overdue alerts. */
  complaints?: ComplaintPolicy | undefined;
  /**
   * The satisfaction surveys responses are checked and scored by (chat, import,
   * `kamkit surveys`, the status card, the KPI scorecard); the first is the
   * default one. Ids are unique.
   */
  surveys: readonly SurveyDefinition[];
  /**
   * The profile checklist every key account's file must hold (status card,
   * chat 为什么 / why, the `profile` monitor); omitted: no checklist.
   */
  profile?: ProfilePolicy | undefined;
  /** When half-yearly relationship plans are due; omitted: the end of the half-year's first month. */
  relationshipPlans?: RelationshipPlanPolicy | undefined;
}

/**
 * The default policy set: contribution-value scoring (seed004), postal tiers
 * Platinum / Gold / VIP on the last twelve months' revenue with two-period
 * confirmation, postal admission, a Platinum / Gold / VIP service scheme that
 * combines the postal visit rules with the retail two-week phone follow-up
 * and seed004's care (key dates and contacts' birthdays), the monitoring of
 * DOMAIN.md §6, the `standard` complaint deadlines and the shipped surveys
 * (`standard` first, then `airline`).
 */
export function defaultPolicies(): PortfolioPolicies {
  return {
    scoring: CONTRIBUTION_VALUE_MODEL,
    tiers: loadTierPreset('postal-ranges'),
    admission: loadAdmissionPreset('postal-admission'),
    service: loadServicePolicy(service),
    alerts: loadAlertPolicy(alerts),
    complaints: loadComplaintPreset('standard'),
    surveys: surveyPresets(),
  };
}

/**
 * The alert policy presets by name: `default` (DOMAIN.md §6), `postal`
 * (swings over 30 % explained by the 28th, the roll-up by the 5th), `airline`
 * (a decline asks for the cause at once: staff, price or service) and
 * `power` (six months without consumption).
 */
export const ALERT_PRESETS = {
  default: alerts,
  postal: postalAlerts,
  airline: airlineAlerts,
  power: powerAlerts,
} as const;

/** Name of an alert policy preset. */
export type AlertPresetName = keyof typeof ALERT_PRESETS;

/**
 * Load an alert policy preset.
 *
 * @example
 * ```ts
 * const postal = loadAlertPreset('postal'); // reportDeadlines: the 28th and the 5th
 * ```
 */
export function loadAlertPreset(name: AlertPresetName): AlertPolicy {
  return loadAlertPolicy(ALERT_PRESETS[name]);
}
