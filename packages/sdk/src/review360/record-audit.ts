/**
 * The audit entry every 360° repository write appends, in the same atomic
 * write: which record, by whom, its state before and after. Entries carry
 * states and versions, never answers, comments or token hashes, so the audit
 * trail does not undo the anonymity of raters.
 *
 * @module
 */
import type { Appeal } from './appeal.js';
import type { Cycle } from './cycle.js';
import type { Invitation, Nomination } from './nomination.js';
import type { NewAuditEntry, StoredResult } from './repository.js';
import type { Submission } from './submission.js';

/** Who makes a 360° repository write (the actor of its audit entry) and why. */
export interface ReviewWriteMeta {
  /** User id, the rater key of an external rater, or `system`. */
  actor: string;
  /** Free-text reason (a rejection, a decision). */
  reason?: string;
}

/** The actor of repository writes made without a {@link ReviewWriteMeta}. */
export const SYSTEM_REVIEW_WRITE: ReviewWriteMeta = { actor: 'system' };

/** A record the 360° repository writes, by kind. */
export type ReviewRecord =
  | { kind: 'cycle'; record: Cycle }
  | { kind: 'nomination'; record: Nomination }
  | { kind: 'invitation'; record: Invitation }
  | { kind: 'submission'; record: Omit<Submission, 'version'> & { version?: number } }
  | { kind: 'appeal'; record: Appeal }
  | { kind: 'result'; record: StoredResult };

/** The audited part of a record: ids, state and version, nothing confidential. */
export function auditedState(written: ReviewRecord): Record<string, unknown> {
  switch (written.kind) {
    case 'cycle':
      return { state: written.record.state, version: written.record.version };
    case 'nomination': {
      const { cycleId, subjectId, relation, status, decidedBy, replacedBy } = written.record;
      return { cycleId, subjectId, relation, status, decidedBy, replacedBy };
    }
    case 'invitation': {
      const { cycleId, nominationId, expiresAt } = written.record;
      return { cycleId, nominationId, expiresAt };
    }
    case 'submission': {
      const { cycleId, nominationId, subjectId, status, version } = written.record;
      return { cycleId, nominationId, subjectId, status, ...(version === undefined ? {} : { version }) };
    }
    case 'appeal': {
      const { cycleId, subjectId, status, decidedBy } = written.record;
      return { cycleId, subjectId, status, decidedBy };
    }
    case 'result': {
      const { cycleId, subjectId, version } = written.record;
      return { cycleId, subjectId, version };
    }
  }
}

/** The audit entity and id of a written record. */
export function auditedKey(written: ReviewRecord): { entity: string; entityId: string } {
  const entity = `review360-${written.kind}`;
  switch (written.kind) {
    case 'cycle':
    case 'nomination':
    case 'appeal':
      return { entity, entityId: written.record.id };
    case 'invitation':
      return { entity, entityId: written.record.nominationId };
    case 'submission':
      return { entity, entityId: `${written.record.cycleId}/${written.record.nominationId}` };
    case 'result':
      return { entity, entityId: `${written.record.cycleId}/${written.record.subjectId}` };
  }
}

/**
 * The audit entry of one repository write: action `review360.<kind>.save`,
 * `before` the audited state of the record it replaced (or `null`).
 */
export function recordAudit(
  written: ReviewRecord,
  before: Record<string, unknown> | null,
  meta: ReviewWriteMeta,
): NewAuditEntry {
  return {
    actor: meta.actor,
    action: `review360.${written.kind}.save`,
    ...auditedKey(written),
    before,
    after: auditedState(written),
    ...(meta.reason === undefined ? {} : { reason: meta.reason }),
  };
}
