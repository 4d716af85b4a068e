/**
 * Who may read a 360° result: only the people the cycle names (seed: the
 * subject, their supervisor and the department head). Everyone else gets the
 * same `NOT_FOUND` as for a result that does not exist.
 *
 * @module
 */
import type { User } from '../domain/user.js';
import { notFound } from '../errors/kam-error.js';
import { type Cycle, subjectPersonId } from './cycle.js';

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

/** True for users who administer 360° cycles (system and division admins). */
export function isReview360Admin(user: User): boolean {
  return user.status === 'active' && (user.role === 'system-admin' || user.role === 'division-admin');
}
