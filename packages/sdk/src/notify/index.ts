/**
 * Notify: deliver rendered reports to WeCom group robots, Slack incoming
 * webhooks and generic JSON endpoints (ky, retries, rate limit), once per
 * delivery id across replicas.
 *
 * @module
 */
export { type RunOnceOptions, type RunOnceResult, runOnce } from './run-once.js';
export {
  createNotifier,
  type DeliveryResult,
  type Notifier,
  type NotifierOptions,
  WECOM_LIMITS,
  type WebhookMessage,
  type WebhookTarget,
  webhookMessages,
} from './webhook.js';
