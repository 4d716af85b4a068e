/**
 * Dialog state kept in the store between messages (so any replica answers
 * the next one). Two slots per platform user: a pending numbered question,
 * and an open review. Parsed on every read; anything unreadable is ignored.
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
    command: z.enum(['status', 'tier', 'report', 'owner', 'contacts', 'contact-dates']),
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

/** Store keys of the two slots. */
export function dialogKeys(user: PlatformUser): { question: string; review: string } {
  const base = `chat:dialog:${user.platform}:${user.platformUserId}`;
  return { question: `${base}:question`, review: `${base}:review` };
}
