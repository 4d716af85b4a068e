import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';

/** The steps of complaint handling (DOMAIN.md §7), in order. */
export const COMPLAINT_STEPS = ['received', 'assigned', 'analysed', 'resolved', 'followed-up'] as const;
/** A complaint step. */
export type ComplaintStep = (typeof COMPLAINT_STEPS)[number];

/**
 * A complaint: received on a channel, assigned to the responsible party, cause
 * analysis and measures written, resolved, follow-up visit recorded — each step
 * timestamped. A later step requires every earlier one.
 */
export const ComplaintSchema = z
  .object({
    id: Id,
    accountId: Id,
    channel: z.enum(['phone', 'letter', 'visit', 'online', 'other']),
    summary: z.string().trim().min(1),
    receivedAt: IsoDateTime,
    assignedTo: Id.optional(),
    assignedAt: IsoDateTime.optional(),
    causeAnalysis: z.string().trim().min(1).optional(),
    measures: z.string().trim().min(1).optional(),
    analysedAt: IsoDateTime.optional(),
    resolvedAt: IsoDateTime.optional(),
    followUpInteractionId: Id.optional(),
    followedUpAt: IsoDateTime.optional(),
    /** The complaint type of the complaint policy (its deadline and escalation chain). */
    type: Id.optional(),
    /**
     * The chain as it happened, oldest first: escalations, a manager's
     * instruction (批示), notes.
     */
    log: z
      .array(
        z.strictObject({
          at: IsoDateTime,
          actor: Id,
          kind: z.enum(['instruction', 'escalation', 'note']),
          text: z.string().trim().min(1),
          /** Escalations: the step of the chain it went to. */
          to: z.string().trim().min(1).optional(),
        }),
      )
      .optional(),
  })
  .superRefine((complaint, context) => {
    const stamps: [keyof typeof complaint, string | undefined][] = [
      ['receivedAt', complaint.receivedAt],
      ['assignedAt', complaint.assignedAt],
      ['analysedAt', complaint.analysedAt],
      ['resolvedAt', complaint.resolvedAt],
      ['followedUpAt', complaint.followedUpAt],
    ];
    let previous: [string, string] | undefined;
    for (const [key, value] of stamps) {
      if (value === undefined) continue;
      const index = stamps.findIndex(([k]) => k === key);
      const missing = stamps.slice(0, index).find(([, v]) => v === undefined);
      if (missing) {
        context.addIssue({ code: 'custom', path: [missing[0]], message: `required before ${String(key)}` });
      }
      if (previous && Date.parse(value) < Date.parse(previous[1])) {
        context.addIssue({ code: 'custom', path: [key], message: `must not be before ${previous[0]}` });
      }
      previous = [String(key), value];
    }
    if (complaint.assignedAt && !complaint.assignedTo) {
      context.addIssue({ code: 'custom', path: ['assignedTo'], message: 'required once assigned' });
    }
    if (complaint.analysedAt && (!complaint.causeAnalysis || !complaint.measures)) {
      context.addIssue({
        code: 'custom',
        path: ['causeAnalysis'],
        message: 'cause analysis and measures required',
      });
    }
  });
/** A complaint. */
export type Complaint = z.infer<typeof ComplaintSchema>;

/** The furthest step a complaint has reached. */
export function complaintStep(complaint: Complaint): ComplaintStep {
  if (complaint.followedUpAt) return 'followed-up';
  if (complaint.resolvedAt) return 'resolved';
  if (complaint.analysedAt) return 'analysed';
  if (complaint.assignedAt) return 'assigned';
  return 'received';
}
