/**
 * Nominations: who rates whom. The subject proposes raters, the supervisor
 * approves, rejects, replaces or adds; a rater may decline with a reason.
 * External raters (customer contacts) are invited with an expiring token that
 * is stored only as a hash.
 *
 * @module
 */
import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import { z } from 'zod';
import { Id, IsoDateTime } from '../domain/common.js';
import { RelationSchema } from './relations.js';

/** Nomination states. */
export const NOMINATION_STATUSES = ['proposed', 'approved', 'rejected', 'declined', 'replaced'] as const;
/** A nomination state. */
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

/** A proposed rater: name, contact, relation; `userId` for staff, none for an external rater. */
export const RaterProposalSchema = z.object({
  name: z.string().trim().min(1),
  /** E-mail or phone; for external raters the invitation goes here. */
  contact: z.string().trim().min(3),
  relation: RelationSchema,
  userId: Id.nullable().default(null),
});
/** A proposed rater. */
export type RaterProposal = z.infer<typeof RaterProposalSchema>;
/** Input form of a proposed rater. */
export type RaterProposalInput = z.input<typeof RaterProposalSchema>;

/** One nominated rater of one subject. */
export const NominationSchema = z.object({
  id: Id,
  cycleId: Id,
  subjectId: Id,
  relation: RelationSchema,
  rater: z.object({
    userId: Id.nullable(),
    name: z.string(),
    contact: z.string(),
    external: z.boolean(),
  }),
  /** Identity of the rater across subjects (cap, leniency): `user:<id>` or `ext:<contact>`. */
  raterKey: z.string(),
  status: z.enum(NOMINATION_STATUSES),
  proposedBy: Id,
  decidedBy: Id.nullable().default(null),
  /** Reason of a rejection or a decline. */
  reason: z.string().nullable().default(null),
  /** The nomination that replaced this one. */
  replacedBy: Id.nullable().default(null),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
/** One nominated rater of one subject. */
export type Nomination = z.infer<typeof NominationSchema>;

/** The stable rater key of a proposal: staff by user id, external raters by contact. */
export function raterKeyOf(proposal: { userId: string | null; contact: string }): string {
  return proposal.userId === null
    ? `ext:${proposal.contact.trim().toLowerCase()}`
    : `user:${proposal.userId}`;
}

/** A stored invitation: only the token's hash is kept. */
export interface Invitation {
  tokenHash: string;
  nominationId: string;
  cycleId: string;
  expiresAt: string;
  createdAt: string;
}

/** SHA-256 hex of an invitation token (what is stored and looked up). */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Create an invitation token for an external rater: 32 random bytes,
 * base64url. Returns the token (to send) and the record (to store).
 */
export function createInvitation(options: {
  nominationId: string;
  cycleId: string;
  now: Date;
  ttlDays: number;
  randomBytes?: (size: number) => Uint8Array;
}): { token: string; invitation: Invitation } {
  const bytes = (options.randomBytes ?? nodeRandomBytes)(32);
  const token = Buffer.from(bytes).toString('base64url');
  return {
    token,
    invitation: {
      tokenHash: hashInvitationToken(token),
      nominationId: options.nominationId,
      cycleId: options.cycleId,
      expiresAt: new Date(options.now.getTime() + options.ttlDays * 86_400_000).toISOString(),
      createdAt: options.now.toISOString(),
    },
  };
}
