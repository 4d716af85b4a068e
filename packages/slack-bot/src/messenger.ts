/**
 * Direct messages from the scheduler: reminders and digests sent to a KAMkit
 * user's Slack account, found by the user's email (`users.lookupByEmail`).
 *
 * @module
 */
import {
  KAM_ERROR_CODES,
  KamError,
  type Locale,
  type ReminderEvent,
  type Reply,
  type ReportData,
  type Store,
} from '@kamkit/sdk';
import type { webApi } from '@slack/bolt';
import { ACTION_IDS, replyMessage, type SlackMessageContent } from './blocks.js';
import { directMessageCharts, postReport, type WarningLogger } from './post-report.js';

/** Options of {@link createSlackMessenger}. */
export interface SlackMessengerOptions {
  /** A Web API client with the bot token (`app.client`). */
  client: webApi.WebClient;
  store: Store;
  /** Where failed chart uploads are warned (default `console`); pass `app.logger`. */
  logger?: WarningLogger;
  /** The organisation's time zone for report dates (default Asia/Shanghai). */
  timeZone?: string;
  /** Clock (default `() => new Date()`); tests pass a fixed one. */
  now?: () => Date;
}

/** Options of {@link SlackMessenger.sendReport}. */
export interface SendReportOptions {
  /** The reader's language (default the KAMkit user's locale). */
  locale?: Locale;
}

/** Sends direct messages to KAMkit users in Slack; see {@link createSlackMessenger}. */
export interface SlackMessenger {
  /** The Slack user id of a KAMkit user, by their email. @throws KamError `NOT_FOUND`. */
  slackUserIdOf(userId: string): Promise<string>;
  /** Send a reply (rendered as Block Kit) or ready Block Kit content to a KAMkit user by DM. */
  sendToUser(userId: string, message: Reply | SlackMessageContent): Promise<void>;
  /**
   * Send a report to a KAMkit user by DM: the SDK's Block Kit, then its
   * charts (e.g. the radar of a 360° individual report) uploaded to the DM.
   * A failed upload is logged and the report stands without it.
   *
   * @returns whether charts were uploaded.
   * @throws KamError `NOT_FOUND` when the user has no Slack account.
   */
  sendReport(userId: string, report: ReportData, options?: SendReportOptions): Promise<boolean>;
  /** Deliver a 360° reminder of the scheduler: `not-submitted` goes to the staff rater; others are ignored. */
  deliverReminder(event: ReminderEvent): Promise<void>;
}

function notFound(userId: string): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.NOT_FOUND,
    path: 'userId',
    message: {
      'zh-CN': `找不到该用户的 Slack 账号：${userId}`,
      en: `No Slack account found for user ${userId}`,
    },
  });
}

/**
 * Create the DM sender the SDK scheduler calls: `deliverReminder` fits
 * `review360ReminderJob({ deliver })`; `sendToUser` sends any reply or
 * rendered report (for example a due-action digest) to one user.
 *
 * @example
 * ```ts
 * const messenger = createSlackMessenger({ client: app.client, store });
 * const job = review360ReminderJob({ openCycles, deliver: messenger.deliverReminder, hour: 9 });
 * await messenger.sendToUser('u-am-11', { text: 'Digest', blocks });
 * ```
 */
export function createSlackMessenger(options: SlackMessengerOptions): SlackMessenger {
  const { client, store } = options;
  const cache = new Map<string, string>();

  async function slackUserIdOf(userId: string): Promise<string> {
    const cached = cache.get(userId);
    if (cached) return cached;
    const user = await store.getUser(userId);
    if (!user?.email || user.status !== 'active') throw notFound(userId);
    let found: string | undefined;
    try {
      found = (await client.users.lookupByEmail({ email: user.email })).user?.id;
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error !== 'users_not_found') throw error;
    }
    if (!found) throw notFound(userId);
    cache.set(userId, found);
    return found;
  }

  async function sendToUser(userId: string, message: Reply | SlackMessageContent): Promise<void> {
    const content = 'kind' in message ? replyMessage(message) : message;
    await client.chat.postMessage({ channel: await slackUserIdOf(userId), ...content });
  }

  async function sendReport(
    userId: string,
    report: ReportData,
    sendOptions: SendReportOptions = {},
  ): Promise<boolean> {
    const slackUserId = await slackUserIdOf(userId);
    const locale = sendOptions.locale ?? (await store.getUser(userId))?.locale ?? 'zh-CN';
    return postReport({
      client,
      report,
      locale,
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      ...(options.now ? { generatedAt: options.now() } : {}),
      logger: options.logger ?? console,
      post: (message) => client.chat.postMessage({ channel: slackUserId, ...message }),
      chartDestination: (title) => directMessageCharts(client, slackUserId, title, locale),
    });
  }

  async function deliverReminder(event: ReminderEvent): Promise<void> {
    if (event.kind !== 'not-submitted' || !event.rater.userId) return;
    const user = await store.getUser(event.rater.userId);
    const zh = (user?.locale ?? 'zh-CN') === 'zh-CN';
    const when =
      event.daysLeft >= 0
        ? zh
          ? `截止 ${event.ratingEnds}（还有 ${event.daysLeft} 天）`
          : `due ${event.ratingEnds} (${event.daysLeft} days left)`
        : zh
          ? `已于 ${event.ratingEnds} 截止`
          : `was due ${event.ratingEnds}`;
    const text = zh
      ? `提醒：你有一份 360° 评价${event.status === 'draft' ? '草稿' : ''}尚未提交，${when}。`
      : `Reminder: a 360° review${event.status === 'draft' ? ' draft' : ''} of yours is not submitted yet, ${when}.`;
    await sendToUser(event.rater.userId, {
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text } },
        {
          type: 'actions',
          block_id: 'reminder',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: zh ? '打开评价表' : 'Open the review form', emoji: true },
              action_id: ACTION_IDS.openReview,
              value: event.nominationId,
              style: 'primary',
            },
          ],
        },
      ],
    });
  }

  return { slackUserIdOf, sendToUser, sendReport, deliverReminder };
}
