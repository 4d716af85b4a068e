import { type AccessPolicy, DEFAULT_ACCESS_POLICY, isAllowed, scopeOf } from '../access/permissions.js';
import type { User } from '../domain/user.js';
import { type Claim, claimStage } from './claim.js';

/**
 * Who must act on a pending claim: for an open claim, the users who may
 * answer it for the holding division (`claim.answer`: its division admins);
 * for a contested one, those who may decide it (`claim.decide`: the level
 * above). Users whose right covers the holding division itself come first:
 * those holding it over every division (a system admin) are named only when
 * nobody closer is. Frozen users never; a settled claim has nobody. Ordered by id.
 *
 * @example
 * ```ts
 * claimActors(claim, await store.listUsers()); // ['u-admin-east'] for an open claim on an east account
 * ```
 */
export function claimActors(
  claim: Claim,
  users: readonly User[],
  policy: AccessPolicy = DEFAULT_ACCESS_POLICY,
): string[] {
  const stage = claimStage(claim);
  if (stage === null) return [];
  const right = stage === 'answer' ? 'claim.answer' : 'claim.decide';
  const allowed = users.filter((user) => isAllowed(policy, user, right, { division: claim.holdingDivision }));
  const close = allowed.filter((user) => scopeOf(policy, user.role, right) !== 'all');
  return (close.length > 0 ? close : allowed).map((user) => user.id).sort();
}
