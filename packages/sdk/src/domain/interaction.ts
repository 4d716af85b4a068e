import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';

/** Kinds of recorded contact with an account. */
export const INTERACTION_KINDS = [
  'call',
  'visit',
  'meeting',
  'email',
  'message',
  'gift',
  'festival-greeting',
  'card',
  'profile-update',
  'complaint-follow-up',
  'other',
] as const;
/** A kind of interaction. */
export const InteractionKind = z.enum(INTERACTION_KINDS);
/** A kind of interaction. */
export type InteractionKind = z.infer<typeof InteractionKind>;

/** Who on our side acted, by seniority: the cadence rules name these. */
export const ACTOR_LEVELS = ['specialist', 'supervisor', 'executive'] as const;
/** Seniority of our side in an interaction. */
export const ActorLevel = z.enum(ACTOR_LEVELS);
/** Seniority of our side in an interaction. */
export type ActorLevel = z.infer<typeof ActorLevel>;

/** A recorded contact: who on our side, whom at the customer, what and when. */
export const InteractionSchema = z.object({
  id: Id,
  accountId: Id,
  kind: InteractionKind,
  at: IsoDateTime,
  userId: Id,
  actorLevel: ActorLevel.default('specialist'),
  contactId: Id.optional(),
  note: z.string().optional(),
});
/** A recorded contact. */
export type Interaction = z.infer<typeof InteractionSchema>;
/** Input form of an interaction. */
export type InteractionInput = z.input<typeof InteractionSchema>;
