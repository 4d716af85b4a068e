/**
 * `@kamkit/slack-bot` — KAMkit in Slack: a thin Bolt adapter over the SDK's
 * conversation engine (slash command, mentions, DMs, Block Kit cards, reports
 * with chart images, the 360° review modal, App Home, DMs from the scheduler).
 *
 * @module
 */
export {
  ACTION_IDS,
  type Block,
  COMMENT_ACTION_ID,
  commentBlockId,
  escapeMrkdwn,
  type HomeSections,
  homeView,
  itemBlockId,
  RATING_ACTION_ID,
  REVIEW_CALLBACK_ID,
  type ReviewFormReply,
  type ReviewModalMetadata,
  replyMessage,
  resultModal,
  reviewModal,
  type SlackMessageContent,
  unlinkedHomeView,
} from './blocks.js';
export {
  createSlackBot,
  modalErrors,
  readReviewState,
  type SlackBotOptions,
  stripMentions,
  type ViewStateValues,
} from './bot.js';
export { readSlackBotEnvironment, SLACK_BOT_VARIABLES, type SlackBotEnvironment } from './environment.js';
export { resolveSlackUser, SLACK_PLATFORM, type SlackUser } from './identity.js';
export {
  createSlackMessenger,
  type SendReportOptions,
  type SlackMessenger,
  type SlackMessengerOptions,
} from './messenger.js';
export {
  type ChartDestination,
  directMessageCharts,
  type PostReportOptions,
  postReport,
  REPORT_MESSAGE_LIMIT,
  type ReportMessagesOptions,
  reportMessages,
  slackErrorText,
  uploadReportCharts,
  type WarningLogger,
} from './post-report.js';
export { RESPOND_RETRY_DELAYS_MS, retryingRespond } from './respond-retry.js';
export { startSlackService } from './start.js';
export { createSlackTimeZones, type SlackTimeZones, type SlackTimeZonesOptions } from './time-zones.js';
