/**
 * Block Kit rendering of the conversation engine's replies: messages, the
 * one-modal-per-subject 360° review, and the App Home. Pure functions of the
 * reply data; every figure shown comes from the SDK.
 *
 * @module
 */

import {
  escapeMrkdwn,
  formatPercent,
  type Locale,
  type LocalisedText,
  type Reply,
  renderReplyText,
} from '@kamkit/sdk';
import type { types } from '@slack/bolt';
import { reportMessages } from './post-report.js';

/** A Block Kit block. */
export type Block = types.KnownBlock;

/** A message to post: fallback text and blocks. */
export interface SlackMessageContent {
  text: string;
  blocks: Block[];
}

/** The review-form reply of the engine. */
export type ReviewFormReply = Extract<Reply, { kind: 'review-form' }>;

/** Action ids of the buttons the bot renders; see {@link createSlackBot}. */
export const ACTION_IDS = {
  logCall: 'kam_log_call',
  logVisit: 'kam_log_visit',
  showReport: 'kam_show_report',
  answer: 'kam_answer',
  openReview: 'kam_open_review',
  confirm: 'kam_confirm',
  cancel: 'kam_cancel',
} as const;

/** The modal's `callback_id`. */
export const REVIEW_CALLBACK_ID = 'kam_review';
/** The value action id inside every rating input block. */
export const RATING_ACTION_ID = 'rating';
/** The value action id inside every comment input block. */
export const COMMENT_ACTION_ID = 'comment';

/** Block id of the rating input of an item. */
export function itemBlockId(itemId: string): string {
  return `item:${itemId}`;
}

/** Block id of the comment input of a dimension. */
export function commentBlockId(dimensionId: string): string {
  return `comment:${dimensionId}`;
}

const SECTION_TEXT_LIMIT = 3000;
const PLAIN_LABEL_LIMIT = 75;

function pick(locale: Locale, zh: string, en: string): string {
  return locale === 'zh-CN' ? zh : en;
}

function truncate(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}

/** Escape the three characters Slack's mrkdwn treats as control characters (the SDK's one rule). */
export { escapeMrkdwn };

function plain(text: string, max = PLAIN_LABEL_LIMIT): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

function section(markdown: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(markdown, SECTION_TEXT_LIMIT) } };
}

function header(text: string): Block {
  return { type: 'header', text: plain(text, 150) };
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return {
    type: 'button',
    text: plain(text),
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

/** Long text as sections of at most 3,000 characters, split at lines. */
function sections(text: string): Block[] {
  const out: Block[] = [];
  let current = '';
  for (const line of escapeMrkdwn(text).split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if ([...candidate].length > SECTION_TEXT_LIMIT && current !== '') {
      out.push(section(current));
      current = line;
    } else current = candidate;
  }
  if (current !== '') out.push(section(current));
  return out;
}

function accountCardBlocks(reply: Extract<Reply, { kind: 'account-card' }>): Block[] {
  const { card, locale } = reply;
  const text = (value: LocalisedText) => escapeMrkdwn(value[locale]);
  const change = (value: number | null) => (value === null ? '—' : formatPercent(value, { signed: true }));
  const next = card.nextAction;
  const blocks: Block[] = [
    header(card.name),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: escapeMrkdwn(
            [card.division, card.industry, card.asOf, card.accountId].filter(Boolean).join(' · '),
          ),
        },
      ],
    },
    section(`*${text(card.tier.headline)}*`),
    {
      type: 'section',
      fields: [
        {
          type: 'mrkdwn',
          text: `*${pick(locale, `${card.asOf} 收入`, `Revenue ${card.asOf}`)}*\n${text(card.revenue.month)}\n${pick(
            locale,
            '环比',
            'MoM',
          )} ${change(card.revenue.monthOnMonth)} · ${pick(locale, '同比', 'YoY')} ${change(card.revenue.yearOnYear)}`,
        },
        {
          type: 'mrkdwn',
          text: `*${pick(locale, '下一步', 'Next')}*\n${
            next
              ? `${escapeMrkdwn(`${next.date} ${next.label[locale]}`)}${
                  next.daysOverdue > 0
                    ? `\n:warning: ${pick(locale, `逾期 ${next.daysOverdue} 天`, `overdue by ${next.daysOverdue} ${next.daysOverdue === 1 ? 'day' : 'days'}`)}`
                    : ''
                }`
              : '—'
          }`,
        },
        {
          type: 'mrkdwn',
          text: `*${pick(locale, '客户经理', 'Owners')}*\n${escapeMrkdwn(`A ${card.owners.a ?? '—'} / B ${card.owners.b ?? '—'}`)}`,
        },
        {
          type: 'mrkdwn',
          text: `*${pick(locale, '关键联系人', 'Key contact')}*\n${
            card.keyContact
              ? escapeMrkdwn(
                  `${card.keyContact.name} · ${[card.keyContact.role[locale], card.keyContact.title, card.keyContact.stage[locale]].filter(Boolean).join(' · ')}`,
                )
              : '—'
          }`,
        },
      ],
    },
    {
      // The 12-month trend: the sparkline with the months it spans and the monthly amounts' range.
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${pick(locale, '近 12 个月', 'Last 12 months')} ${card.trend.months[0] ?? ''} ${card.trend.sparkline} ${card.trend.months.at(-1) ?? ''}`,
        },
      ],
    },
  ];
  if (card.lastContact)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${pick(locale, '上次联系', 'Last contact')}: ${escapeMrkdwn(
            `${card.lastContact.date} ${card.lastContact.kind[locale]} · ${card.lastContact.by}`,
          )}`,
        },
      ],
    });
  // The satisfaction index, when the account has survey responses in the window (as the text card).
  if (card.satisfaction)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: text(card.satisfaction) }] });
  // The profile against the configured checklist: n of m and the missing items (as the text card).
  if (card.profile)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${card.profile.missing.length > 0 ? ':memo: ' : ':white_check_mark: '}${text(card.profile.line)}`,
        },
      ],
    });
  if (card.alerts.length > 0)
    blocks.push(section(card.alerts.map((alert) => `:warning: ${text(alert)}`).join('\n')));
  blocks.push({
    type: 'actions',
    block_id: `account:${card.accountId}`,
    elements: [
      button(pick(locale, '记录电话', 'Log a call'), ACTION_IDS.logCall, card.accountId),
      button(pick(locale, '记录拜访', 'Log a visit'), ACTION_IDS.logVisit, card.accountId),
      button(pick(locale, '查看报表', 'Show report'), ACTION_IDS.showReport, card.accountId, 'primary'),
      button(
        pick(locale, '为什么', 'Why?'),
        `${ACTION_IDS.answer}:why`,
        JSON.stringify({ command: 'why', accountId: card.accountId }),
      ),
    ],
  });
  return blocks;
}

function dueListBlocks(reply: Extract<Reply, { kind: 'due-list' }>): Block[] {
  const { locale } = reply;
  const blocks: Block[] = [header(reply.title[locale])];
  if (reply.groups.length === 0) return [...blocks, section(escapeMrkdwn(reply.empty[locale]))];
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(reply.summary[locale]) }] });
  for (const group of reply.groups) {
    blocks.push(section(`*${escapeMrkdwn(group.title[locale])}*`));
    for (const account of group.accounts) {
      const lines = [
        `*${escapeMrkdwn(account.name[locale])}*`,
        ...account.lines.map((line) => `• ${escapeMrkdwn(line[locale])}`),
      ];
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SECTION_TEXT_LIMIT) },
        ...(account.accountId
          ? {
              accessory: button(
                pick(locale, '查看', 'Open'),
                `${ACTION_IDS.answer}:status:${account.accountId}`,
                JSON.stringify({ command: 'status', accountId: account.accountId }),
              ),
            }
          : {}),
      });
    }
  }
  if (reply.more > 0)
    blocks.push({
      type: 'actions',
      block_id: 'due-more',
      elements: [
        button(
          pick(locale, `更多（还有 ${reply.more} 项）`, `More (${reply.more} left)`),
          `${ACTION_IDS.answer}:more`,
          JSON.stringify({ command: 'more' }),
        ),
      ],
    });
  return blocks;
}

function listBlocks(reply: Extract<Reply, { kind: 'list' }>): Block[] {
  const { locale } = reply;
  const blocks: Block[] = [header(reply.title[locale])];
  if (reply.entries.length === 0) return [...blocks, section(escapeMrkdwn(reply.empty[locale]))];
  for (const [index, entry] of reply.entries.entries()) {
    const lines = [`${index + 1}. ${escapeMrkdwn(entry.label[locale])}`];
    if (entry.detail) lines.push(`_${escapeMrkdwn(entry.detail[locale])}_`);
    const block: Block = {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SECTION_TEXT_LIMIT) },
      ...(entry.accountId
        ? {
            accessory: button(
              pick(locale, '查看', 'Open'),
              ACTION_IDS.answer,
              JSON.stringify({ command: 'status', accountId: entry.accountId }),
            ),
          }
        : {}),
    };
    blocks.push(block);
  }
  if (reply.more > 0)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: pick(locale, `另有 ${reply.more} 项`, `${reply.more} more`) }],
    });
  return blocks;
}

function questionBlocks(reply: Extract<Reply, { kind: 'question' }>): Block[] {
  const { locale } = reply;
  const blocks: Block[] = [section(escapeMrkdwn(reply.prompt[locale]))];
  // Slack allows 25 elements per actions block; the engine asks at most 9.
  blocks.push({
    type: 'actions',
    block_id: 'question',
    elements: reply.options.map((option) =>
      button(
        `${option.number}. ${option.label[locale]}`,
        `${ACTION_IDS.answer}:${option.number}`,
        JSON.stringify({ number: option.number }),
      ),
    ),
  });
  if (reply.more > 0)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: pick(
            locale,
            `另有 ${reply.more} 个未列出，请写得更具体`,
            `${reply.more} more not shown; be more specific`,
          ),
        },
      ],
    });
  return blocks;
}

/**
 * Render one engine reply as a Slack message (fallback text + Block Kit
 * blocks) in the reply's locale. Reports come from the SDK's renderer, cut to
 * one message; the bot itself posts them whole with their charts
 * (`postReport`).
 *
 * @example
 * ```ts
 * const { replies } = await chat.handle(message);
 * for (const reply of replies) await client.chat.postMessage({ channel, ...replyMessage(reply) });
 * ```
 */
export function replyMessage(reply: Reply): SlackMessageContent {
  // The fallback text is mrkdwn too (notifications, and clients without blocks): escaped like the blocks.
  const text = truncate(escapeMrkdwn(renderReplyText(reply)), SECTION_TEXT_LIMIT);
  const { locale } = reply;
  switch (reply.kind) {
    case 'account-card':
      return { text, blocks: accountCardBlocks(reply) };
    case 'due-list':
      return { text, blocks: dueListBlocks(reply) };
    case 'list':
      return { text, blocks: listBlocks(reply) };
    case 'question':
      return { text, blocks: questionBlocks(reply) };
    case 'error':
      return {
        text,
        blocks: [section(`:warning: ${escapeMrkdwn(reply.message[locale])}`)],
      };
    case 'confirmation':
      return {
        text,
        blocks: [
          section(escapeMrkdwn(reply.prompt[locale])),
          {
            type: 'actions',
            block_id: 'confirmation',
            elements: [
              button(reply.confirm[locale], ACTION_IDS.confirm, 'confirm', 'primary'),
              button(reply.cancel[locale], ACTION_IDS.cancel, 'cancel'),
            ],
          },
        ],
      };
    case 'review-form':
      return {
        text,
        blocks: [
          section(
            escapeMrkdwn(
              pick(
                locale,
                `360° 评价：${reply.subject}（${reply.items.length} 题）`,
                `360° review: ${reply.subject} (${reply.items.length} items)`,
              ),
            ),
          ),
          {
            type: 'actions',
            block_id: 'review',
            elements: [
              button(
                pick(locale, '打开评价表', 'Open the review form'),
                ACTION_IDS.openReview,
                reply.nominationId,
                'primary',
              ),
            ],
          },
        ],
      };
    case 'account-report':
      return reportMessages(reply.report, { locale, maxMessages: 1 })[0] ?? { text, blocks: sections(text) };
    case 'portfolio-report':
      return (
        reportMessages(reply.analysis, { locale, maxMessages: 1 })[0] ?? { text, blocks: sections(text) }
      );
    case 'tier':
    case 'review-item':
      return { text, blocks: sections(renderReplyText(reply)) };
    case 'text':
      return { text, blocks: sections(reply.text[locale]) };
  }
}

/** What the review modal carries in `private_metadata`. */
export interface ReviewModalMetadata {
  nominationId: string;
  locale: Locale;
  /** The dimension ids, in model order, for the comment inputs. */
  dimensionIds: string[];
}

/**
 * The 360° review of one subject as one modal: every item a 1–5
 * `radio_buttons` input (the draft's answer pre-selected), an optional
 * comment per dimension, draft saved on close (`notify_on_close`).
 *
 * @param form The engine's `review-form` reply.
 * @param dimensions The model's dimension ids and names in order (comments are stored per dimension id).
 * @param comments Comments of the saved draft, by dimension id.
 */
export function reviewModal(
  form: ReviewFormReply,
  dimensions: readonly { id: string; name: LocalisedText }[],
  comments: Readonly<Record<string, string>> = {},
): types.ModalView {
  const { locale } = form;
  const options = form.scale.map((step) => ({
    text: plain(step.label ? `${step.value} ${step.label[locale]}` : String(step.value)),
    value: String(step.value),
  }));
  const blocks: Block[] = [];
  const dimensionIds = dimensions.map((dimension) => dimension.id);
  const byName = new Map(dimensions.map((dimension) => [dimension.name[locale], dimension.id] as const));
  const flushComment = (dimensionName: string) => {
    const dimensionId = byName.get(dimensionName);
    if (dimensionId === undefined) return;
    const initial = comments[dimensionId];
    blocks.push({
      type: 'input',
      block_id: commentBlockId(dimensionId),
      optional: true,
      label: plain(
        pick(locale, `${dimensionName}：评语（可选）`, `${dimensionName}: comment (optional)`),
        2000,
      ),
      element: {
        type: 'plain_text_input',
        action_id: COMMENT_ACTION_ID,
        multiline: true,
        max_length: 2000,
        ...(initial ? { initial_value: initial } : {}),
      },
    });
  };
  let current: string | null = null;
  for (const item of form.items) {
    const dimensionName = item.dimension[locale];
    if (dimensionName !== current) {
      if (current !== null) flushComment(current);
      current = dimensionName;
      blocks.push(header(dimensionName));
    }
    const hint = [
      item.high ? `${pick(locale, '高', 'High')}: ${item.high[locale]}` : '',
      item.low ? `${pick(locale, '低', 'Low')}: ${item.low[locale]}` : '',
    ]
      .filter(Boolean)
      .join(' / ');
    const initial = options.find((option) => option.value === String(item.answer));
    blocks.push({
      type: 'input',
      block_id: itemBlockId(item.itemId),
      optional: true,
      label: plain(`${item.number}. ${item.text[locale]}`, 2000),
      ...(hint ? { hint: plain(hint, 2000) } : {}),
      element: {
        type: 'radio_buttons',
        action_id: RATING_ACTION_ID,
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    });
  }
  if (current !== null) flushComment(current);
  const metadata: ReviewModalMetadata = { nominationId: form.nominationId, locale, dimensionIds };
  return {
    type: 'modal',
    callback_id: REVIEW_CALLBACK_ID,
    notify_on_close: true,
    private_metadata: JSON.stringify(metadata),
    title: plain(pick(locale, '360° 评价', '360° review'), 24),
    submit: plain(pick(locale, '提交', 'Submit'), 24),
    close: plain(pick(locale, '稍后再填', 'Save for later'), 24),
    blocks: [
      section(
        pick(
          locale,
          `评价对象：*${escapeMrkdwn(form.subject)}*。每题选择 1–5 分；关闭此窗口会保存草稿。`,
          `Subject: *${escapeMrkdwn(form.subject)}*. Rate every item 1–5; closing this window saves a draft.`,
        ),
      ),
      ...blocks,
    ],
  };
}

/** The view a submitted review is replaced with. */
export function resultModal(reply: Reply): types.ModalView {
  return {
    type: 'modal',
    callback_id: `${REVIEW_CALLBACK_ID}_done`,
    title: plain(pick(reply.locale, '360° 评价', '360° review'), 24),
    close: plain(pick(reply.locale, '关闭', 'Close'), 24),
    blocks: replyMessage(reply).blocks,
  };
}

/** The parts of the App Home: the engine's replies for reviews, due actions and alerts. */
export interface HomeSections {
  locale: Locale;
  reviews: readonly Reply[];
  due: readonly Reply[];
  alerts: readonly Reply[];
}

/**
 * The App Home tab: my pending reviews, my due actions, my alerts — each
 * section the engine's own replies rendered as blocks, each at most 33 blocks
 * (Slack allows 100 per view).
 */
export function homeView(home: HomeSections): types.HomeView {
  const { locale } = home;
  // Slack allows 100 blocks per view: each of the three parts gets a third.
  const part = (title: string, replies: readonly Reply[]): Block[] => [
    header(title),
    ...replies
      .flatMap((reply) =>
        // The list replies carry their own title; the section header replaces it.
        reply.kind === 'list' || reply.kind === 'due-list'
          ? replyMessage(reply).blocks.slice(1)
          : replyMessage(reply).blocks,
      )
      .slice(0, 31),
    { type: 'divider' },
  ];
  const blocks = [
    ...part(pick(locale, '待完成的评价', 'My pending reviews'), home.reviews),
    ...part(pick(locale, '我的待办', 'My due actions'), home.due),
    ...part(pick(locale, '我的预警', 'My alerts'), home.alerts),
  ];
  return { type: 'home', blocks };
}

/** The App Home of a Slack user not linked to a KAMkit user. */
export function unlinkedHomeView(reply: Reply): types.HomeView {
  return { type: 'home', blocks: replyMessage(reply).blocks };
}
