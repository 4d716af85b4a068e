/**
 * Dialog state kept in the store between messages (so any replica answers
 * the next one). Slots per platform user: a pending numbered question, an
 * open review, and where a paged list stopped. Parsed on every read; anything unreadable is ignored.
 *
 * @module
 */
import { z } from 'zod';
import type { PlatformUser } from './identity.js';

const Text = z.object({ 'zh-CN': z.string(), en: z.string() });
const LocaleSchema = z.enum(['zh-CN', 'en']);

/** A numbered question waiting for its number. */
export const QuestionStateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('choose-account'),
    command: z.enum(['status', 'tier', 'report', 'due', 'owner', 'contacts', 'contact-dates']),
    period: z.string().nullable(),
    accountIds: z.array(z.string()),
    prompt: Text,
    labels: z.array(Text),
    more: z.number().int(),
  }),
  z.object({
    kind: z.literal('choose-review'),
    nominationIds: z.array(z.string()),
    prompt: Text,
    labels: z.array(Text),
    more: z.number().int(),
  }),
]);
/** A numbered question waiting for its number. */
export type QuestionState = z.infer<typeof QuestionStateSchema>;

/** Where a paged list stopped, for `更多` / `more`. */
export const MoreStateSchema = z.object({
  kind: z.literal('due'),
  overdueOnly: z.boolean(),
  accountId: z.string().nullable(),
  /** Lines already shown. */
  offset: z.number().int().nonnegative(),
});
/** Where a paged list stopped. */
export type MoreState = z.infer<typeof MoreStateSchema>;

/** A review being answered item by item. */
export const ReviewStateSchema = z.object({
  kind: z.literal('review'),
  nominationId: z.string(),
  subject: z.string(),
  /** 0-based position of the current item. */
  position: z.number().int().nonnegative(),
  answers: z.record(z.string(), z.number()),
  /** Optional comment per dimension id. */
  comments: z.record(z.string(), z.string()).default({}),
  /** Waiting for 确认 / confirm of a submit. */
  confirming: z.boolean(),
  locale: LocaleSchema,
});
/** A review being answered item by item. */
export type ReviewState = z.infer<typeof ReviewStateSchema>;

/** Store keys of the slots. */
export function dialogKeys(user: PlatformUser): { question: string; review: string; more: string } {
  const base = `chat:dialog:${user.platform}:${user.platformUserId}`;
  return { question: `${base}:question`, review: `${base}:review`, more: `${base}:more` };
}
