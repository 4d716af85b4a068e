/**
 * Who is talking in Slack: the Slack user linked to a KAMkit user through the
 * SDK (an existing link, else the profile email when Slack says it is
 * confirmed), and the KAMkit user's locale.
 *
 * @module
 */
import {
  type Locale,
  linkByVerifiedEmail,
  linkedUserId,
  readAsker,
  type Store,
  type User,
} from '@kamkit/sdk';
import type { webApi } from '@slack/bolt';
import type { SlackTimeZones } from './time-zones.js';

/** The platform name of Slack links in the store (`chat:link:slack:<U…>`). */
export const SLACK_PLATFORM = 'slack';

/** A Slack user as the bot knows them. */
export interface SlackUser {
  slackUserId: string;
  /** The linked KAMkit user, `undefined` when not linked. */
  userId: string | undefined;
  /** The KAMkit user's locale (zh-CN when not linked). */
  locale: Locale;
  /** The linked KAMkit user as read while resolving (passed on to the chat engine so it is not read again). */
  user?: User;
  /** The store's data generation read just before `user` (passed on to the chat engine with it). */
  dataGeneration?: number;
  /**
   * The user's time zone from Slack (`user.tz`), or the organisation's when
   * Slack does not tell; read only for a linked user and only when
   * `resolveSlackUser` is given `timeZones`.
   */
  timeZone?: string;
}

/**
 * Resolve a Slack user: an existing link in the store, else `users.info` and,
 * when the profile email is confirmed (`is_email_confirmed`), the SDK's
 * {@link linkByVerifiedEmail}. An unconfirmed email is never used. With
 * `timeZones`, a linked user's time zone is added (the `tz` of that same
 * `users.info` when it was read, else the cache's).
 *
 * @example
 * ```ts
 * const user = await resolveSlackUser(store, app.client, 'U024BE7LH');
 * if (user.userId === undefined) console.log('not linked yet');
 * ```
 */
export async function resolveSlackUser(
  store: Store,
  client: webApi.WebClient,
  slackUserId: string,
  options: { now?: () => Date; timeZones?: SlackTimeZones } = {},
): Promise<SlackUser> {
  const platformUser = { platform: SLACK_PLATFORM, platformUserId: slackUserId };
  let userId = await linkedUserId(store, platformUser);
  if (userId === undefined) {
    const info = await client.users.info({ user: slackUserId });
    options.timeZones?.remember(slackUserId, info.user?.tz);
    const email = info.user?.profile?.email;
    if (email && info.user?.is_email_confirmed === true)
      userId = await linkByVerifiedEmail(store, platformUser, email, options.now ? { now: options.now } : {});
  }
  // The generation first, then the user only when it moved since this user was last read.
  const asker = userId === undefined ? undefined : await readAsker(store, userId);
  const user = asker?.user;
  const timeZone = user && options.timeZones ? await options.timeZones.of(client, slackUserId) : undefined;
  return {
    slackUserId,
    userId,
    locale: user?.locale ?? 'zh-CN',
    ...(user && asker ? { user, dataGeneration: asker.dataGeneration } : {}),
    ...(timeZone === undefined ? {} : { timeZone }),
  };
}
