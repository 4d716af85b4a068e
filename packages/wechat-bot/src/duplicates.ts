/**
 * Recognising a message WeChat delivered twice, or replayed after a restart
 * under a new id: by its content fingerprint, claimed in the store.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { normaliseText, type Store } from '@kamkit/sdk';

/** What identifies a message apart from its id. */
export interface MessageFingerprint {
  /** The contact who sent it. */
  talkerId: string;
  /** The room it was sent in; `null` in a private chat. */
  roomId: string | null;
  text: string;
  /** When the sender sent it, as WeChat stamps it (the puppet's message date). */
  sentAt: Date;
}

/**
 * The store key of a message's fingerprint: sender, room, the text (NFKC,
 * spaces collapsed) and the second it was sent, hashed. A redelivery or a
 * replay carries the sender's original time stamp; a user who really sends
 * the same text again (`4`, then `4` for the next review item) sends it at
 * another second, so it is not taken for a duplicate.
 */
export function fingerprintKey(platform: string, message: MessageFingerprint): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify([
        message.talkerId,
        message.roomId,
        normaliseText(message.text),
        Math.floor(message.sentAt.getTime() / 1000),
      ]),
    )
    .digest('base64url');
  return `${platform}:fingerprint:${hash}`;
}

/**
 * Claim a message's fingerprint for `windowMs`: true the first time, false for
 * a copy seen within the window (by any replica on the same store).
 *
 * @example
 * ```ts
 * if (!(await claimFingerprint(store, 'wechat', { talkerId, roomId, text, sentAt }, { windowMs: 600_000 }))) return;
 * ```
 */
export function claimFingerprint(
  store: Store,
  platform: string,
  message: MessageFingerprint,
  options: { windowMs: number; now?: () => Date },
): Promise<boolean> {
  const now = options.now ?? (() => new Date());
  return store.claimIdempotencyKey(
    fingerprintKey(platform, message),
    new Date(now().getTime() + options.windowMs).toISOString(),
  );
}
