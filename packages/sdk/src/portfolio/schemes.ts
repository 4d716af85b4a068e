/**
 * The seed schemes as consistent policy sets: admission, tiers, service
 * cadence and alerts that load together and produce due actions out of the
 * box (`kamkit init --preset <scheme>` writes the same set).
 *
 * @module
 */

import { SERVICE_PRESETS } from '../cadence/presets.js';
import { type COMPLAINT_PRESETS, loadComplaintPreset } from '../complaints/complaint-policy.js';
import type { LocalisedText } from '../errors/kam-error.js';
import { loadProfilePreset, type ProfilePresetName } from '../profile/profile-policy.js';
import { surveyPresets } from '../satisfaction/survey.js';
import type { ScoringModel } from '../scoring/model.js';
import { CONTRIBUTION_VALUE_MODEL, RFM_MODEL } from '../scoring/presets.js';
import {
  type AdmissionPresetName,
  loadAdmissionPreset,
  loadTierPreset,
  type TierPresetName,
} from '../tiering/presets.js';
import { type AlertPresetName, loadAlertPreset, type PortfolioPolicies } from './policies.js';

/** The seed schemes shipped as policy sets. */
export const SCHEMES = ['postal', 'airline', 'retail', 'insurance', 'power'] as const;
/** One of {@link SCHEMES}. */
export type SchemeName = (typeof SCHEMES)[number];

const SCHEME_SCORING = {
  'contribution-value': CONTRIBUTION_VALUE_MODEL,
  rfm: RFM_MODEL,
} as const satisfies Record<string, ScoringModel>;

/** The preset names one scheme is made of. */
export interface SchemePresets {
  scoring: keyof typeof SCHEME_SCORING;
  tiers: TierPresetName;
  /** `null`: open entry (宽进严分). */
  admission: AdmissionPresetName | null;
  service: keyof typeof SERVICE_PRESETS;
  alerts: AlertPresetName;
  complaints: keyof typeof COMPLAINT_PRESETS;
  /** The profile checklist; `null`: none. */
  profile: ProfilePresetName | null;
  /** One line on what the set is. */
  note: LocalisedText;
}

/**
 * Each scheme's presets. Every service preset's tier ids are tiers of the
 * scheme's tier preset, so the set loads without `service: starter`.
 */
export const SCHEME_PRESETS: Readonly<Record<SchemeName, SchemePresets>> = {
  postal: {
    scoring: 'contribution-value',
    tiers: 'postal-tiers',
    admission: 'postal-admission',
    service: 'postal',
    alerts: 'postal',
    complaints: 'standard',
    profile: 'postal',
    note: {
      'zh-CN':
        '邮政：白金 / 专业性黄金 / 综合性黄金 / VIP / 一般大客户，走访规范，波动超过 30% 须在 28 日前分析原因',
      en: 'Postal: Platinum / professional Gold / comprehensive Gold / VIP / ordinary, the visit scheme, swings over 30 % explained by the 28th',
    },
  },
  airline: {
    scoring: 'contribution-value',
    tiers: 'airline-grid',
    admission: null,
    service: 'airline',
    alerts: 'airline',
    complaints: 'standard',
    profile: 'airline',
    note: {
      'zh-CN': '航空差旅：总量 × 我方份额的十级网格，每级对应服务，量下降立即查明原因（员工 / 报价 / 服务）',
      en: 'Airline corporate travel: ten levels on total volume × our share, service per level, a decline asks for its cause at once (staff / price / service)',
    },
  },
  retail: {
    scoring: 'rfm',
    tiers: 'retail-classes',
    admission: null,
    service: 'retail',
    alerts: 'default',
    complaints: 'standard',
    profile: null,
    note: {
      'zh-CN':
        '零售：A 类一级 / A 类二级 / B 类一级回访分类（累计消费阶梯），专员电话回访、节日高层互访、每周六报下周拜访计划',
      en: 'Retail: A-1 / A-2 / B-1 follow-up classes on the cumulative-spend ladder, specialist calls, festival executive contact, next week’s visit plan every Saturday',
    },
  },
  insurance: {
    scoring: 'contribution-value',
    tiers: 'insurance-rules',
    admission: null,
    service: 'insurance',
    alerts: 'default',
    complaints: 'standard',
    profile: null,
    note: {
      'zh-CN': '保险：重客 / 大客户 / 中小微客户规则分级与定期回访',
      en: 'Insurance: heavy / large / SME rules and regular follow-up',
    },
  },
  power: {
    scoring: 'contribution-value',
    tiers: 'power-grades',
    admission: 'power-admission',
    service: 'power',
    alerts: 'power',
    complaints: 'power',
    profile: null,
    note: {
      'zh-CN':
        '电力：电力准入条件，一级 / 二级 / 三级客户（影响与经济效益），每年至少一次用电检查，六个月不用电预警',
      en: 'Power: power-sector admission, grades 1 / 2 / 3 (impact and economic benefit), an inspection at least once a year, six months without consumption',
    },
  },
};

/**
 * The policies of one seed scheme, loaded.
 *
 * @example
 * ```ts
 * const run = await runPortfolio({ store, policies: schemePolicies('retail'), asOf: '2026-10' });
 * ```
 */
export function schemePolicies(name: SchemeName): PortfolioPolicies {
  const presets = SCHEME_PRESETS[name];
  return {
    scoring: SCHEME_SCORING[presets.scoring],
    tiers: loadTierPreset(presets.tiers),
    admission: presets.admission === null ? undefined : loadAdmissionPreset(presets.admission),
    service: SERVICE_PRESETS[presets.service],
    alerts: loadAlertPreset(presets.alerts),
    complaints: loadComplaintPreset(presets.complaints),
    surveys: surveyPresets(),
    profile: presets.profile === null ? undefined : loadProfilePreset(presets.profile),
  };
}
