import { createHash } from 'node:crypto';
import type { PortfolioPolicies } from '../portfolio/policies.js';
import { canonicalJson } from '../store/records.js';

/**
 * The shape of stored results. Raised when what a run stores changes, so
 * results stored by an older KAMkit read as stale and are computed again.
 */
export const RESULTS_FORMAT = 2;

/**
 * A stable hash of a validated policy set (and of {@link RESULTS_FORMAT}):
 * equal policies give the same fingerprint whatever the key order of the
 * files they were read from. Stored results carry it; results computed with
 * other policies read as stale. The surveys and the relationship plans' due
 * days are left out: no stored result holds a satisfaction figure or a plan
 * (both are read when they are shown).
 *
 * @example
 * ```ts
 * policyFingerprint(defaultPolicies()); // 'sha256:…' (64 hex digits)
 * ```
 */
export function policyFingerprint(policies: PortfolioPolicies): string {
  const hash = createHash('sha256');
  hash.update(`kamkit-results-${RESULTS_FORMAT}\n`);
  const { surveys: _scoredWhenShown, relationshipPlans: _dueWhenShown, ...stored } = policies;
  hash.update(canonicalJson(stored));
  return `sha256:${hash.digest('hex')}`;
}
