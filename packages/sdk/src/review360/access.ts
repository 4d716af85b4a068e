/**
 * Who may read a 360° result: only the people the cycle names (seed: the
 * subject, their supervisor and the department head). Everyone else gets the
 * same `NOT_FOUND` as for a result that does not exist.
 *
 * @module
 */
import { type AccessPolicy, DEFAULT_ACCESS_POLICY, scopeOf } from '../access/permissions.js';
import type { User } from '../domain/user.js';
import { notFound } from '../errors/kam-error.js';
import type { Store } from '../store/port.js';
import { type Cycle, type Subject, subjectPersonId } from './cycle.js';

/** The user ids allowed to read one subject's result. */
export function resultReaders(cycle: Cycle, subjectId: string): Set<string> {
  const readers = new Set<string>(cycle.extraReaderIds);
  const subject = cycle.subjects.find((candidate) => candidate.id === subjectId);
  if (!subject) return readers;
  for (const reader of cycle.readers) {
    switch (reader) {
      case 'subject':
        readers.add(subjectPersonId(subject));
        break;
      case 'supervisor':
        if (subject.supervisorId !== null) readers.add(subject.supervisorId);
        break;
      case 'department-head':
        if (subject.departmentHeadId !== null) readers.add(subject.departmentHeadId);
        break;
    }
  }
  return readers;
}

/**
 * True when `user` may read the result of `subjectId`: the user is active,
 * named by the cycle, and the cycle is published (or under appeal).
 */
export function canReadResult(user: User, cycle: Cycle, subjectId: string): boolean {
  if (user.status !== 'active') return false;
  if (cycle.state !== 'published' && cycle.state !== 'appeal') return false;
  return resultReaders(cycle, subjectId).has(user.id);
}

/** The error for a result that is missing or that the caller may not see: the two read the same. */
export function resultNotFound(cycleId: string, subjectId: string) {
  return notFound('360 度结果 / 360° result', `${cycleId}/${subjectId}`);
}

/**
 * Throw unless `user` may read the result.
 *
 * @throws KamError `NOT_FOUND` — identical to the error for a missing result.
 */
export function assertCanReadResult(user: User, cycle: Cycle | undefined, subjectId: string): void {
  if (!cycle || !canReadResult(user, cycle, subjectId)) throw resultNotFound(cycle?.id ?? '?', subjectId);
}

/** The reach of a 360° permission for `user`: `all`, `division` (with a division) or `none`. */
function review360Scope(
  user: User,
  permission: 'review360.admin' | 'review360.committee',
  policy: AccessPolicy,
): 'all' | 'division' | 'none' {
  if (user.status !== 'active') return 'none';
  const scope = scopeOf(policy, user.role, permission);
  if (scope === 'all') return 'all';
  return scope === 'division' && user.division !== null ? 'division' : 'none';
}

/**
 * Where `user` administers 360° reviews, from the permission table
 * (`review360.admin`): `all` (seed: system admin), `division` (seed: division
 * admin — subjects of their own division only) or `none`.
 */
export function review360AdminScope(
  user: User,
  policy: AccessPolicy = DEFAULT_ACCESS_POLICY,
): 'all' | 'division' | 'none' {
  return review360Scope(user, 'review360.admin', policy);
}

/**
 * Where `user` sits on the review committee that decides escalated appeals
 * last (seed002: 考核领导小组有最后裁决权), from the permission table
 * (`review360.committee`): `all` (default: group management, system admin),
 * `division` (default: a division head, for subjects of their division) or `none`.
 */
export function review360CommitteeScope(
  user: User,
  policy: AccessPolicy = DEFAULT_ACCESS_POLICY,
): 'all' | 'division' | 'none' {
  return review360Scope(user, 'review360.committee', policy);
}

/**
 * True for users who administer 360° reviews somewhere, as the permission
 * table says (`review360.admin`). Whether they administer a given subject is
 * {@link administersSubject}.
 */
export function isReview360Admin(user: User, policy: AccessPolicy = DEFAULT_ACCESS_POLICY): boolean {
  return review360AdminScope(user, policy) !== 'none';
}

/** What the 360° rights read to place a subject in a division: its user, or its account. */
export type Review360Directory = Pick<Store, 'getUser' | 'getAccount'>;

/**
 * The division a subject belongs to: a staff subject's user's division, a
 * key-account subject's account's division; `null` when it cannot be told
 * (no directory, unknown user or account) — then only an `all` admin reaches it.
 */
export async function subjectDivision(
  subject: Subject,
  directory: Review360Directory | undefined,
): Promise<string | null> {
  if (!directory) return null;
  if (subject.kind === 'staff') return (await directory.getUser(subject.userId))?.division ?? null;
  return (await directory.getAccount(subject.accountId))?.division ?? null;
}

/**
 * True when `user` administers `subject`: an `all` 360° admin always, a
 * `division` one when the subject lies in their division.
 *
 * @example
 * ```ts
 * await administersSubject(eastAdmin, westSubject, { directory: store }); // false
 * ```
 */
export async function administersSubject(
  user: User,
  subject: Subject,
  options: { policy?: AccessPolicy; directory?: Review360Directory | undefined } = {},
): Promise<boolean> {
  return reachesSubject(review360AdminScope(user, options.policy), user, subject, options.directory);
}

/**
 * True when `user` sits on the committee for `subject` (`review360.committee`
 * with `all` scope, or `division` scope and the subject in their division).
 */
export async function onCommitteeFor(
  user: User,
  subject: Subject,
  options: { policy?: AccessPolicy; directory?: Review360Directory | undefined } = {},
): Promise<boolean> {
  return reachesSubject(review360CommitteeScope(user, options.policy), user, subject, options.directory);
}

async function reachesSubject(
  scope: 'all' | 'division' | 'none',
  user: User,
  subject: Subject,
  directory: Review360Directory | undefined,
): Promise<boolean> {
  if (scope === 'all') return true;
  if (scope === 'none') return false;
  return (await subjectDivision(subject, directory)) === user.division;
}
