/**
 * The channel-neutral conversation engine: commands in Chinese and English,
 * replies as data, the 360° review dialog, identity binding, and `kamkit chat`.
 *
 * @module
 */

export { DUE_PAGE_SIZE, type DueListOptions, dueListReply, urgencyOf } from './due-list.js';
export {
  type ChatEngine,
  type ChatEngineOptions,
  type ChatResult,
  createChatEngine,
  errorReply,
  type IncomingMessage,
  type ReviewFormInput,
} from './engine.js';
export {
  type AccountNameKeys,
  type AccountNames,
  accountNameKeys,
  findAccounts,
  findByNameKeys,
  nameKey,
} from './find-accounts.js';
export { helpText } from './help.js';
export {
  type Asker,
  type IssueBindingCodeOptions,
  issueBindingCode,
  linkByVerifiedEmail,
  linkedUserId,
  linkPlatformUser,
  type PlatformUser,
  readAsker,
  redeemBindingCode,
  unlinkPlatformUser,
} from './identity.js';
export { keywordsOf, normaliseText, type ParsedCommand, parseCommand } from './parse-command.js';
export { renderReplyText } from './render-text.js';
export type {
  DueAccountLines,
  DueGroup,
  DueUrgency,
  ListEntry,
  QuestionOption,
  Reply,
  ReplyKind,
  ReviewItemView,
  ScaleStep,
} from './replies.js';
export type { PendingReview } from './review-dialog.js';
export { interactionKindText, type StatusCardView, sparkline, statusCardView } from './status-card.js';
