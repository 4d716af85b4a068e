/**
 * Appeals: a subject disputes a published result with a reason; an admin
 * upholds (with a recomputation) or rejects it. Every step is audited.
 *
 * @module
 */

/** An appeal against one subject's result. */
export interface Appeal {
  id: string;
  cycleId: string;
  subjectId: string;
  filedBy: string;
  reason: string;
  filedAt: string;
  status: 'pending' | 'upheld' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decision: string | null;
}
