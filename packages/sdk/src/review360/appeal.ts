/**
 * Appeals, in two levels (seed002: appeals go to HR, the review committee
 * rules last). The subject disputes a published result with a reason; a 360°
 * administrator (`review360.admin`, HR) upholds or rejects it. Once decided,
 * the subject may escalate it once: a second-level appeal that only the
 * committee (`review360.committee` in the permission table) decides, and
 * whose decision is final. A decision at either level may void disputed
 * ratings: they drop out of the subject's result, which is recomputed. Every
 * step is audited.
 *
 * @module
 */

/** Appeal levels: 1 decided by a 360° administrator (HR), 2 by the committee (final). */
export const APPEAL_LEVELS = [1, 2] as const;
/** An appeal level. */
export type AppealLevel = (typeof APPEAL_LEVELS)[number];

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
  /** 1 (HR) or 2 (the committee); absent on appeals stored before levels existed, which are level 1. */
  level?: AppealLevel;
  /** The first-level appeal a second-level one escalates. */
  escalates?: string;
  /**
   * Nominations whose submitted rating the decision voided (left out of the
   * subject's results from then on). Readable by 360° administrators only:
   * a result says how many ratings were voided, never whose.
   */
  voided?: string[];
}

/** The level of an appeal (1 when not recorded). */
export function appealLevel(appeal: Pick<Appeal, 'level'>): AppealLevel {
  return appeal.level ?? 1;
}
