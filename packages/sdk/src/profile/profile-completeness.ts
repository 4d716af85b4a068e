/**
 * How complete a key account's profile is against a checklist: n of m items
 * filled, and which are missing.
 *
 * @module
 */
import type { Account } from '../domain/account.js';
import type { LocalisedText } from '../errors/kam-error.js';
import type { ProfileField, ProfileItem, ProfilePolicy } from './profile-policy.js';

/** An account's profile measured against a checklist. */
export interface ProfileCompleteness {
  /** The checklist's id. */
  policyId: string;
  /** Items filled. */
  filled: number;
  /** Items on the checklist. */
  total: number;
  /** The items not filled, in checklist order. */
  missing: { id: string; label: LocalisedText }[];
}

/** What a checklist reads of an account: its attributes and the fields items may name. */
export type ProfileSubject = Pick<Account, 'attributes'> & Partial<Pick<Account, ProfileField>>;

/** The value a checklist item reads from the account. */
function itemValue(account: ProfileSubject, item: ProfileItem): unknown {
  if (item.field !== undefined) return account[item.field];
  return account.attributes[item.attribute ?? item.id];
}

/** Filled: any number or boolean (a recorded `false` is an answer), a string with text. */
function isFilled(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  return true;
}

/**
 * Measure an account's profile against a checklist: an item is filled when
 * its attribute (or field) holds a number, a boolean or non-blank text.
 *
 * @example
 * ```ts
 * const result = profileCompleteness(account, loadProfilePreset('airline'));
 * // { filled: 5, total: 7, missing: [{ id: 'plans', … }, { id: 'branch-plans', … }] }
 * ```
 */
export function profileCompleteness(account: ProfileSubject, policy: ProfilePolicy): ProfileCompleteness {
  const missing = policy.items
    .filter((item) => !isFilled(itemValue(account, item)))
    .map((item) => ({ id: item.id, label: item.label }));
  return {
    policyId: policy.id,
    filled: policy.items.length - missing.length,
    total: policy.items.length,
    missing,
  };
}

/**
 * The completeness as one line in both locales:
 * `客户档案 5/7 项，缺：近期和远期发展规划、是否可能建立分支` /
 * `Profile 5 of 7, missing: near- and long-term plans, planned branches`;
 * a complete one reads `客户档案 7/7 项，齐全` / `Profile 7 of 7, complete`.
 */
export function profileLine(completeness: ProfileCompleteness): LocalisedText {
  const { filled, total, missing } = completeness;
  if (missing.length === 0)
    return { 'zh-CN': `客户档案 ${filled}/${total} 项，齐全`, en: `Profile ${filled} of ${total}, complete` };
  return {
    'zh-CN': `客户档案 ${filled}/${total} 项，缺：${missing.map((item) => item.label['zh-CN']).join('、')}`,
    en: `Profile ${filled} of ${total}, missing: ${missing.map((item) => item.label.en).join(', ')}`,
  };
}
