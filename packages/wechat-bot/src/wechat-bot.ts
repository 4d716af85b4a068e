/**
 * The WeChat bot: a thin adapter from Wechaty to the SDK's conversation
 * engine. A message comes in, the engine answers with replies as data, the
 * bot renders them as plain text, splits them under WeChat's size limit and
 * sends them through a paced queue.
 *
 * @module
 */
import {
  type ChatEngine,
  createChatEngine,
  isKamError,
  type Locale,
  linkedUserId,
  loadPrincipal,
  mayReadWholePortfolio,
  parseCommand,
  type Reply,
  type Review360Engine,
  type ReviewRepository,
  renderReplyText,
  type Store,
  splitMessages,
} from '@kamkit/sdk';
import { type Message, types, type Wechaty } from 'wechaty';
import { parseRoomCommand, type RoomCommand } from './room-commands.js';
import {
  createRoomSubscriptions,
  type RoomSubscription,
  type RoomSubscriptions,
  type SubscriptionTopic,
  TOPIC_LABELS,
} from './room-subscriptions.js';
import { createSendQueue, type SendOutcome, type SendQueue } from './send-queue.js';

/** WeChat's limit for one text message, in UTF-8 bytes. */
export const WECHAT_TEXT_BYTES = 2048;

/** The platform name of WeChat users in the store (`chat:link:wechat:…`). */
export const WECHAT_PLATFORM = 'wechat';

/** Options of {@link createWechatBot}. */
export interface WechatBotOptions {
  /** The Wechaty instance, started or not; the bot listens to its `message` event. */
  wechaty: Wechaty;
  store: Store;
  /** The conversation engine; default: one created on `store` with `review`, `asOf` and `now`. */
  engine?: ChatEngine;
  /** The 360° engine and its repository, for `评价` (when `engine` is not given). */
  review?: { engine: Review360Engine; repository: ReviewRepository };
  /** The month figures are shown for (when `engine` is not given; default the last complete month). */
  asOf?: () => string;
  /** Clock (default `() => new Date()`); tests pass a fixed one. */
  now?: () => Date;
  /** Waits between paced sends (default a timer). */
  sleep?: (ms: number) => Promise<void>;
  /** Least time between two outgoing messages (default 1,500 ms). */
  sendIntervalMs?: number;
  /** Most outgoing messages a day (default 500). */
  dailyCap?: number;
  /** Size limit of one message in UTF-8 bytes (default 2,048). */
  messageBytes?: number;
  /** In rooms, send the 360° review dialog to the rater privately (default true): ratings are not for the group. */
  privateReviews?: boolean;
  /** Told about failures: an unexpected error answering a message, a send that failed or was dropped. */
  onError?: (error: unknown, context: string) => void;
}

/** The bot; see {@link createWechatBot}. */
export interface WechatBot {
  /** Answer one message (the bot calls it for every `message` event; exposed for replays and tests). */
  handleMessage(message: Message): Promise<void>;
  /**
   * Send a text to a room (or a contact), split under the size limit and
   * paced; for the scheduler. Resolves with each part's outcome.
   */
  deliver(roomId: string, text: string): Promise<SendOutcome[]>;
  /**
   * Send a text to every room subscribed to `topic`. `text` may be a function
   * of the room's subscription (who subscribed it), so each room gets only
   * what its subscriber may see; `undefined` sends that room nothing. With a
   * `deliveryId` each room gets it once (claimed in the store), so a retried
   * job sends nothing twice.
   */
  broadcast(
    topic: SubscriptionTopic,
    text: string | ((subscription: RoomSubscription) => Promise<string | undefined>),
    options?: { deliveryId?: string },
  ): Promise<{ roomId: string; outcomes: SendOutcome[] }[]>;
  readonly subscriptions: RoomSubscriptions;
  readonly queue: SendQueue;
  /** Resolves when every message taken in has been answered and every reply sent. */
  idle(): Promise<void>;
  /**
   * Stop listening, give the messages already taken in up to `drainMs`
   * (default 5 s) to be answered and sent, then drop what still waits.
   */
  stop(options?: { drainMs?: number }): Promise<void>;
}

const REVIEW_COMMANDS = new Set(['review', 'back', 'skip', 'save', 'submit', 'confirm', 'cancel']);
const REVIEW_REPLIES = new Set<Reply['kind']>(['review-item', 'review-form', 'confirmation']);
const DELIVERY_TTL_MS = 400 * 24 * 3600 * 1000;

/**
 * Attach KAMkit to a Wechaty instance. Private chats and @-mentions in rooms
 * run every command of the conversation engine (Chinese first, English
 * accepted); `绑定 ‹code›` links the contact (by its id) before anything
 * else is answered. In rooms, `订阅 报表` / `订阅 预警` / `退订 …` subscribe
 * the room to the scheduled reports and alerts, which the scheduler sends
 * with {@link WechatBot.broadcast} or {@link WechatBot.deliver}.
 *
 * A message is answered once: its id is claimed through the engine (and the
 * store), so a redelivery under the same id is not answered again. Messages
 * dated before the bot logged in are ignored: after a restart the puppet
 * replays history, under new ids, and none of it is a question to answer now.
 * Nothing is deduplicated by content: `4` and `4` sent within one second are
 * two answers (the second one answers the next review item). Messages from
 * one contact are answered in order.
 *
 * @example
 * ```ts
 * const wechaty = WechatyBuilder.build({ name: 'kamkit', puppet: 'wechaty-puppet-service' });
 * const store = await openStore();
 * const repository = createSqlReviewRepository(store.sql!);
 * const bot = createWechatBot({
 *   wechaty,
 *   store,
 *   review: { engine: createReview360Engine({ repository, store }), repository },
 * });
 * await wechaty.start();
 * // later, from the scheduler:
 * await bot.broadcast('report', reportText, { deliveryId: 'portfolio:2026-10' });
 * ```
 */
export function createWechatBot(options: WechatBotOptions): WechatBot {
  const { wechaty, store } = options;
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((error, context) => console.error(`[kamkit-wechat] ${context}`, error));
  const messageBytes = options.messageBytes ?? WECHAT_TEXT_BYTES;
  const privateReviews = options.privateReviews ?? true;
  const engine =
    options.engine ??
    createChatEngine({
      store,
      now,
      ...(options.review ? { review: options.review } : {}),
      ...(options.asOf ? { asOf: options.asOf } : {}),
    });
  const subscriptions = createRoomSubscriptions(store, { now });
  const queue = createSendQueue({
    send: (conversationId, text) => wechaty.puppet.messageSendText(conversationId, text),
    now,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.sendIntervalMs === undefined ? {} : { intervalMs: options.sendIntervalMs }),
    ...(options.dailyCap === undefined ? {} : { dailyCap: options.dailyCap }),
    onDrop: (message, outcome, error) =>
      onError(error ?? new Error(outcome), `message to ${message.conversationId} not sent (${outcome})`),
  });
  const inFlight = new Set<Promise<unknown>>();
  /**
   * When the bot logged in (the bot's clock, to the second): messages WeChat
   * dated earlier are history replayed after a restart. Already logged in
   * when the bot is created: from then on.
   */
  let loggedInAt: number | undefined = isLoggedIn(wechaty) ? wholeSecond(now()) : undefined;
  const onLogin = () => {
    loggedInAt = wholeSecond(now());
  };
  wechaty.on('login', onLogin);
  const perTalker = new Map<string, Promise<void>>();

  function send(conversationId: string, text: string): Promise<SendOutcome[]> {
    return Promise.all(splitMessages(text, messageBytes).map((part) => queue.enqueue(conversationId, part)));
  }

  async function roomCommand(command: RoomCommand, roomId: string, userId: string): Promise<string> {
    const zh = command.locale === 'zh-CN';
    if (command.kind === 'subscriptions') {
      const topics = await subscriptions.topicsOf(roomId);
      if (topics.length === 0)
        return zh
          ? '本群尚未订阅。发送 订阅 报表 或 订阅 预警。'
          : 'This room has no subscriptions. Send subscribe report or subscribe alerts.';
      const names = topics.map((topic) => TOPIC_LABELS[topic][command.locale]);
      return zh ? `本群已订阅：${names.join('、')}` : `This room is subscribed to: ${names.join(', ')}`;
    }
    const name = TOPIC_LABELS[command.topic][command.locale];
    if (command.kind === 'subscribe') {
      // Every member of the room sees what is posted: the room gets what the subscriber may see.
      if (command.topic === 'report') {
        const principal = await loadPrincipal(store, userId).catch(() => undefined);
        if (!principal || !mayReadWholePortfolio(principal))
          return zh
            ? '只有可查看全部客户的用户才能为群订阅月度组合报表（群内所有人都会看到报表）。'
            : 'Only a user who may see the whole portfolio can subscribe a room to the monthly report (everyone in the room sees it).';
      }
      const added = await subscriptions.subscribe(roomId, command.topic, userId);
      if (zh)
        return added
          ? `已订阅${name}，定时${name}将发到本群；群内所有人看到的范围与订阅人 ${userId} 的权限相同。`
          : `本群已订阅${name}。`;
      return added
        ? `Subscribed: scheduled ${name} will be sent to this room; everyone here sees what ${userId} may see.`
        : `Already subscribed to ${name}.`;
    }
    const removed = await subscriptions.unsubscribe(roomId, command.topic, userId);
    if (zh) return removed ? `已退订${name}。` : `本群未订阅${name}。`;
    return removed ? `Unsubscribed from ${name}.` : `This room was not subscribed to ${name}.`;
  }

  async function answer(message: Message, text: string, roomId: string | null): Promise<void> {
    const talkerId = message.talker().id;
    const platformUser = { platform: WECHAT_PLATFORM, platformUserId: talkerId };
    const roomCommandParsed = roomId === null ? null : parseRoomCommand(text);
    if (roomCommandParsed && roomId !== null) {
      const userId = await linkedUserId(store, platformUser);
      if (userId !== undefined) {
        const first = await store.claimIdempotencyKey(
          `chat:message:${WECHAT_PLATFORM}:${message.id}`,
          new Date(now().getTime() + 24 * 3600 * 1000).toISOString(),
        );
        if (first) await send(roomId, await roomCommand(roomCommandParsed, roomId, userId));
        return;
      }
      // Not linked: the engine tells the contact how to bind.
    }
    const result = await engine.handle({
      ...platformUser,
      messageId: message.id,
      text,
      privateReply: roomId === null,
    });
    if (result.duplicate) return;
    const reviewTurn =
      REVIEW_COMMANDS.has(parseCommand(text).kind) ||
      result.replies.some((reply) => REVIEW_REPLIES.has(reply.kind));
    const target = roomId !== null && !(privateReviews && reviewTurn) ? roomId : talkerId;
    // The room hears once (per person, for the length of a review dialog) that the review went private.
    if (target !== roomId && roomId !== null && result.replies.length > 0) {
      const first = await store.claimIdempotencyKey(
        `${WECHAT_PLATFORM}:private-notice:${roomId}:${talkerId}`,
        new Date(now().getTime() + PRIVATE_NOTICE_TTL_MS).toISOString(),
      );
      if (first) await send(roomId, privateNotice(result.replies[0]!.locale));
    }
    for (const reply of result.replies) await send(target, renderReplyText(reply));
  }

  /**
   * An image, file, sticker or voice message in a private chat gets a short
   * answer rather than silence; in a room, where the bot is only addressed
   * by @-mention in text, it is ignored.
   */
  async function answerNonText(message: Message): Promise<void> {
    const talkerId = message.talker().id;
    const first = await store.claimIdempotencyKey(
      `chat:message:${WECHAT_PLATFORM}:${message.id}`,
      new Date(now().getTime() + 24 * 3600 * 1000).toISOString(),
    );
    if (!first) return;
    const userId = await linkedUserId(store, { platform: WECHAT_PLATFORM, platformUserId: talkerId });
    const user = userId === undefined ? undefined : await store.getUser(userId);
    await send(talkerId, nonTextNotice(user?.locale ?? 'zh-CN'));
  }

  async function handleMessage(message: Message): Promise<void> {
    if (message.self()) return;
    // WeChat dates messages to the second: one sent in the second of the login counts as new.
    if (loggedInAt !== undefined && message.date().getTime() < loggedInAt) return;
    if (message.type() !== types.Message.Text) {
      if (!message.room()) await answerNonText(message);
      return;
    }
    const room = message.room();
    if (room && !(await message.mentionSelf())) return;
    const text = room ? await message.mentionText() : message.text();
    const roomId = room ? room.id : null;
    const talkerId = message.talker().id;
    try {
      await answer(message, text, roomId);
    } catch (error) {
      onError(error, `answering message ${message.id}`);
      const locale: Locale = parseCommand(text).locale ?? 'zh-CN';
      const apology = isKamError(error)
        ? error.messageIn(locale)
        : locale === 'en'
          ? 'Something went wrong; please try again later.'
          : '出错了，请稍后再试。';
      await send(roomId ?? talkerId, `⚠ ${apology}`);
    }
  }

  /** Messages from one contact are answered one after another, so a dialog sees them in order. */
  function enqueueMessage(message: Message): Promise<void> {
    const talkerId = message.self() ? '' : message.talker().id;
    const previous = perTalker.get(talkerId) ?? Promise.resolve();
    const next = previous.then(() => handleMessage(message));
    const settled = next.catch((error: unknown) => onError(error, `message ${message.id}`));
    perTalker.set(talkerId, settled);
    inFlight.add(settled);
    void settled.finally(() => {
      inFlight.delete(settled);
      if (perTalker.get(talkerId) === settled) perTalker.delete(talkerId);
    });
    return settled;
  }

  const listener = (message: Message) => {
    void enqueueMessage(message);
  };
  wechaty.on('message', listener);

  return {
    handleMessage: enqueueMessage,
    deliver: (roomId, text) => send(roomId, text),
    async broadcast(topic, text, broadcastOptions = {}) {
      const results: { roomId: string; outcomes: SendOutcome[] }[] = [];
      for (const subscription of await subscriptions.list(topic)) {
        const { roomId } = subscription;
        const roomText = typeof text === 'string' ? text : await text(subscription);
        if (roomText === undefined || roomText === '') continue;
        if (broadcastOptions.deliveryId !== undefined) {
          const first = await store.claimIdempotencyKey(
            `${WECHAT_PLATFORM}:delivery:${broadcastOptions.deliveryId}:${roomId}`,
            new Date(now().getTime() + DELIVERY_TTL_MS).toISOString(),
          );
          if (!first) continue;
        }
        results.push({ roomId, outcomes: await send(roomId, roomText) });
      }
      return results;
    },
    subscriptions,
    queue,
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await queue.idle();
    },
    async stop(stopOptions = {}) {
      wechaty.off('message', listener);
      wechaty.off('login', onLogin);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, stopOptions.drainMs ?? 5_000);
      });
      await Promise.race([this.idle(), timeout]);
      clearTimeout(timer);
      queue.stop();
    },
  };
}

/** Whether Wechaty is logged in; false before it is started (it has no puppet yet and throws). */
function isLoggedIn(wechaty: Wechaty): boolean {
  try {
    return wechaty.isLoggedIn;
  } catch {
    return false;
  }
}

/** The instant's whole second, in milliseconds. */
function wholeSecond(instant: Date): number {
  return Math.floor(instant.getTime() / 1000) * 1000;
}

/** How long the room is not told again that someone's review went to a private chat (a dialog's 12 hours). */
const PRIVATE_NOTICE_TTL_MS = 12 * 3600 * 1000;

function nonTextNotice(locale: Locale): string {
  return locale === 'en'
    ? 'I can only read text messages. Send help for the commands.'
    : '我只能读文字消息。发送 帮助 查看可用命令。';
}

function privateNotice(locale: Locale): string {
  return locale === 'en'
    ? '360° reviews are answered in a private chat; I have sent it to you there.'
    : '360 度评价在私聊中进行，已私信发给你。';
}
