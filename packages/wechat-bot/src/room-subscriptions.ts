/**
 * Rooms subscribed to scheduled reports and alerts, kept in the store's
 * dialog state (no migration needed), so every bot replica sees them.
 *
 * @module
 */
import type { Store } from '@kamkit/sdk';

/** What a room can subscribe to: the scheduled reports, the alerts. */
export const SUBSCRIPTION_TOPICS = ['report', 'alerts'] as const;
/** One of {@link SUBSCRIPTION_TOPICS}. */
export type SubscriptionTopic = (typeof SUBSCRIPTION_TOPICS)[number];

/** Names of the topics as users read them. */
export const TOPIC_LABELS = {
  report: { 'zh-CN': '报表', en: 'reports' },
  alerts: { 'zh-CN': '预警', en: 'alerts' },
} as const satisfies Record<SubscriptionTopic, { 'zh-CN': string; en: string }>;

/** One room's subscription to one topic. */
export interface RoomSubscription {
  roomId: string;
  topic: SubscriptionTopic;
  /** The KAMkit user who subscribed the room. */
  by: string;
  /** When (ISO instant). */
  at: string;
}

function isRoomSubscription(value: unknown): value is RoomSubscription {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.roomId === 'string' &&
    SUBSCRIPTION_TOPICS.includes(entry.topic as SubscriptionTopic) &&
    typeof entry.by === 'string' &&
    typeof entry.at === 'string'
  );
}

/** The stored list, or nothing when the entry is missing or not a list of subscriptions. */
function parseRooms(value: unknown): RoomSubscription[] {
  if (typeof value !== 'object' || value === null) return [];
  const rooms = (value as { rooms?: unknown }).rooms;
  return Array.isArray(rooms) ? rooms.filter(isRoomSubscription) : [];
}

/** Dialog entries never expire on their own; this date stands for "kept until removed". */
const KEPT = '9999-12-31T23:59:59.999Z';

/** Store key of a topic's subscriber list. */
export function subscriptionKey(topic: SubscriptionTopic): string {
  return `wechat:subscriptions:${topic}`;
}

/** Room subscriptions; see {@link createRoomSubscriptions}. */
export interface RoomSubscriptions {
  /** Subscribe a room; false when it already was. Audited as `wechat.subscribe`. */
  subscribe(roomId: string, topic: SubscriptionTopic, userId: string): Promise<boolean>;
  /** Unsubscribe a room; false when it was not subscribed. Audited as `wechat.unsubscribe`. */
  unsubscribe(roomId: string, topic: SubscriptionTopic, userId: string): Promise<boolean>;
  /** The rooms subscribed to a topic, in the order they subscribed. */
  list(topic: SubscriptionTopic): Promise<RoomSubscription[]>;
  /** The topics a room is subscribed to. */
  topicsOf(roomId: string): Promise<SubscriptionTopic[]>;
}

/**
 * Room subscriptions in the store: one dialog-state entry per topic
 * (`wechat:subscriptions:report`, `wechat:subscriptions:alerts`) listing the
 * rooms, who subscribed each and when. Changes in one process are applied one
 * at a time; two replicas changing the same topic in the same instant could
 * lose one change (the entry is read, changed and written back).
 *
 * @example
 * ```ts
 * const subscriptions = createRoomSubscriptions(store);
 * await subscriptions.subscribe('123@chatroom', 'report', 'u-head-1');
 * for (const { roomId } of await subscriptions.list('report')) await bot.deliver(roomId, text);
 * ```
 */
export function createRoomSubscriptions(store: Store, options: { now?: () => Date } = {}): RoomSubscriptions {
  const now = options.now ?? (() => new Date());
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function read(topic: SubscriptionTopic): Promise<RoomSubscription[]> {
    return parseRooms(await store.getDialog(subscriptionKey(topic)));
  }

  async function change(
    action: 'wechat.subscribe' | 'wechat.unsubscribe',
    roomId: string,
    topic: SubscriptionTopic,
    userId: string,
  ): Promise<boolean> {
    return serially(async () => {
      const rooms = await read(topic);
      const existing = rooms.find((room) => room.roomId === roomId);
      if (action === 'wechat.subscribe' ? existing : !existing) return false;
      const next =
        action === 'wechat.subscribe'
          ? [...rooms, { roomId, topic, by: userId, at: now().toISOString() }]
          : rooms.filter((room) => room.roomId !== roomId);
      await store.putDialog(subscriptionKey(topic), { rooms: next }, KEPT);
      await store.appendAudit({
        actor: userId,
        action,
        entity: 'wechat-room',
        entityId: roomId,
        before: existing ?? null,
        after: action === 'wechat.subscribe' ? next.at(-1)! : null,
      });
      return true;
    });
  }

  return {
    subscribe: (roomId, topic, userId) => change('wechat.subscribe', roomId, topic, userId),
    unsubscribe: (roomId, topic, userId) => change('wechat.unsubscribe', roomId, topic, userId),
    list: (topic) => read(topic),
    async topicsOf(roomId) {
      const topics: SubscriptionTopic[] = [];
      for (const topic of SUBSCRIPTION_TOPICS)
        if ((await read(topic)).some((room) => room.roomId === roomId)) topics.push(topic);
      return topics;
    },
  };
}
