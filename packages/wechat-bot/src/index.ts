/**
 * `@kamkit/wechat-bot`: KAMkit in WeChat through Wechaty — the SDK's
 * conversation engine, rendered as plain text, split under WeChat's size
 * limit, de-duplicated and paced.
 *
 * @module
 */
export { type BotConfig, readBotConfig } from './config.js';
export { parseRoomCommand, type RoomCommand } from './room-commands.js';
export { type RoomJobsOptions, roomJobs } from './room-jobs.js';
export {
  createRoomSubscriptions,
  type RoomSubscription,
  type RoomSubscriptions,
  SUBSCRIPTION_TOPICS,
  type SubscriptionTopic,
  subscriptionKey,
  TOPIC_LABELS,
} from './room-subscriptions.js';
export { loadTerminalQr, scanText, type TerminalQrRenderer } from './scan.js';
export {
  createSendQueue,
  type OutgoingMessage,
  type SendOutcome,
  type SendQueue,
  type SendQueueOptions,
} from './send-queue.js';
export { startupLine, startWechatService } from './start.js';
export {
  createWechatBot,
  WECHAT_PLATFORM,
  WECHAT_TEXT_BYTES,
  type WechatBot,
  type WechatBotOptions,
} from './wechat-bot.js';
