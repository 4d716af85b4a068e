/**
 * The room-only commands of the WeChat bot: subscribing a room to the
 * scheduled reports and the alerts.
 *
 * @module
 */
import { type Locale, normaliseText } from '@kamkit/sdk';
import type { SubscriptionTopic } from './room-subscriptions.js';

/** A room command, with the language of its keyword. */
export type RoomCommand = (
  | { kind: 'subscribe'; topic: SubscriptionTopic }
  | { kind: 'unsubscribe'; topic: SubscriptionTopic }
  | { kind: 'subscriptions' }
) & { locale: Locale };

const TOPICS: Record<string, SubscriptionTopic> = {
  报表: 'report',
  报告: 'report',
  预警: 'alerts',
  告警: 'alerts',
  report: 'report',
  reports: 'report',
  alerts: 'alerts',
  alert: 'alerts',
};

const PATTERN = /^(订阅|退订|取消订阅|subscribe|unsubscribe|subscriptions)\s*(\S*)$/u;

/**
 * Parse `订阅 报表` / `订阅 预警` / `退订 …` / `订阅` (what this room has) and
 * `subscribe report|alerts` / `unsubscribe …` / `subscriptions`; `null` for
 * anything else, which goes to the conversation engine.
 *
 * @example
 * ```ts
 * parseRoomCommand('订阅 报表'); // { kind: 'subscribe', topic: 'report', locale: 'zh-CN' }
 * ```
 */
export function parseRoomCommand(text: string): RoomCommand | null {
  const match = PATTERN.exec(normaliseText(text));
  if (!match) return null;
  const [, keyword = '', argument = ''] = match;
  const locale: Locale = /^[a-z]/u.test(keyword) ? 'en' : 'zh-CN';
  if (argument === '')
    return keyword === 'subscriptions' || keyword === '订阅' ? { kind: 'subscriptions', locale } : null;
  const topic = TOPICS[argument];
  if (!topic || keyword === 'subscriptions') return null;
  return { kind: keyword === '订阅' || keyword === 'subscribe' ? 'subscribe' : 'unsubscribe', topic, locale };
}
