/**
 * Key-account admission (准入): who counts as a key account at all, separate
 * from which tier they are in. Postal: agreement, or last year ≥ ¥10,000 and
 * this month ≥ ¥1,000; power: ≥ 2,000 kVA, or ≥ 5,000,000 kWh a year, or
 * flagged high-risk; airline: open entry.
 *
 * @module
 */
import type { LocalisedText } from '../errors/kam-error.js';
import type { FigureContext } from '../metrics/figures.js';
import {
  conditionColumn,
  conditionRequirements,
  explainCondition,
  type FigureReading,
  type Requirement,
  valueReader,
} from './condition.js';
import type { AdmissionPolicy } from './policy.js';

/** One account's admission decision, explained. */
export interface AdmissionResult {
  accountId: string;
  policyId: string;
  admitted: boolean;
  figures: FigureReading[];
  text: LocalisedText;
  /** What is still missing to be admitted (empty when admitted). */
  requirements: Requirement[];
}

/**
 * Which accounts of `context` are admitted, as one byte per account (the batch path).
 */
export function admissionColumn(policy: AdmissionPolicy, context: FigureContext): Uint8Array {
  const { when } = policy.admission;
  return when === 'always'
    ? new Uint8Array(context.accountIds.length).fill(1)
    : conditionColumn(when, context);
}

/**
 * Decide and explain admission for every account of `context`.
 *
 * @example
 * ```ts
 * const postal = loadAdmissionPolicy(postalAdmissionPreset);
 * const results = assessAdmission(postal, new FigureContext({ accounts, aggregates, asOf: '2026-10' }));
 * results.filter((result) => result.admitted).map((result) => result.accountId);
 * ```
 */
export function assessAdmission(policy: AdmissionPolicy, context: FigureContext): AdmissionResult[] {
  const admitted = admissionColumn(policy, context);
  const { when } = policy.admission;
  return context.accountIds.map((accountId, index) => {
    if (when === 'always')
      return {
        accountId,
        policyId: policy.id,
        admitted: true,
        figures: [],
        text: {
          'zh-CN': `${policy.name['zh-CN']}：开放准入，所有客户均可进入`,
          en: `${policy.name.en}: open entry, every account is admitted`,
        },
        requirements: [],
      };
    const readFigure = valueReader(context, index);
    const explained = explainCondition(when, readFigure);
    const yes = admitted[index] === 1;
    const verdict = yes ? { 'zh-CN': '准入', en: 'admitted' } : { 'zh-CN': '不准入', en: 'not admitted' };
    return {
      accountId,
      policyId: policy.id,
      admitted: yes,
      figures: explained.figures,
      text: {
        'zh-CN': `${policy.name['zh-CN']}：${explained.text['zh-CN']} → ${verdict['zh-CN']}`,
        en: `${policy.name.en}: ${explained.text.en} → ${verdict.en}`,
      },
      requirements: yes ? [] : conditionRequirements(when, readFigure),
    };
  });
}
