/**
 * Block Kit for reports rendered in the `slack` text format: headers, field
 * grids, sections, dividers and a context footer, always within Slack's limits.
 *
 * @module
 */

import type { Locale } from '../../errors/kam-error.js';
import { escapeMrkdwn } from '../../output/neutralise.js';

/**
 * Slack's limits for Block Kit messages: blocks per message, characters of a
 * section's text, of a header, of one field and of a context element, and
 * fields per section.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  fieldText: 2000,
  fieldsPerSection: 10,
  contextText: 3000,
} as const;

/** A mrkdwn text object. */
export interface SlackMrkdwn {
  type: 'mrkdwn';
  text: string;
}

/** The Block Kit blocks the reports produce. */
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'section'; text: SlackMrkdwn; fields?: SlackMrkdwn[] }
  | { type: 'section'; fields: SlackMrkdwn[] }
  | { type: 'context'; elements: SlackMrkdwn[] }
  | { type: 'divider' };

/** One Slack message: fallback text and at most 50 blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

function truncate(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}

function length(text: string): number {
  return [...text].length;
}

/** Escape the characters Slack's mrkdwn reads as control characters (`&`, `<`, `>`). */

function chunkLines(text: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (length(candidate) <= max) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(current);
    current = '';
    const characters = [...line];
    while (characters.length > max) out.push(characters.splice(0, max).join(''));
    current = characters.join('');
  }
  if (current.trim() !== '') out.push(current);
  return out.filter((piece) => piece.trim() !== '');
}

function mrkdwn(text: string): SlackMrkdwn {
  return { type: 'mrkdwn', text };
}

/** `- Label: value`, label and value non-empty (the templates' key–value bullets, in both locales). */
const FIELD_LINE = /^- ([^:\n]{1,80}?): (\S.*)$/u;
/** A value that ends like a sentence: the bullet is prose (e.g. advice), not a figure. */
const SENTENCE_END = /[.。!！?？]$/u;

/**
 * A paragraph as a field grid when it is a short run of `- label: value`
 * bullets (after optional lead lines such as its `*heading*`): two columns,
 * label in bold. Longer runs, long values, values that end like a sentence
 * and anything else stay text.
 */
function fieldsOf(lines: readonly string[]): { lead: string[]; fields: SlackMrkdwn[] } | null {
  const first = lines.findIndex((line) => line.startsWith('- '));
  if (first < 0) return null;
  const bullets = lines.slice(first);
  if (bullets.length > SLACK_LIMITS.fieldsPerSection) return null;
  const fields: SlackMrkdwn[] = [];
  for (const line of bullets) {
    const match = FIELD_LINE.exec(line);
    if (!match || SENTENCE_END.test(match[2]!.trim())) return null;
    const text = `*${escapeMrkdwn(match[1]!.trim())}*\n${escapeMrkdwn(match[2]!.trim())}`;
    if (length(text) > SLACK_LIMITS.fieldText) return null;
    fields.push(mrkdwn(text));
  }
  return { lead: lines.slice(0, first), fields };
}

function textLines(lines: readonly string[]): string {
  return escapeMrkdwn(lines.map((line) => (line.startsWith('- ') ? `• ${line.slice(2)}` : line)).join('\n'));
}

function sectionBlocks(lines: readonly string[]): SlackBlock[] {
  const trimmed = lines.join('\n').trim();
  if (trimmed === '') return [];
  const grid = fieldsOf(trimmed.split('\n'));
  if (grid) {
    const lead = textLines(grid.lead).trim();
    if (lead === '') return [{ type: 'section', fields: grid.fields }];
    if (length(lead) <= SLACK_LIMITS.sectionText)
      return [{ type: 'section', text: mrkdwn(lead), fields: grid.fields }];
  }
  return chunkLines(textLines(trimmed.split('\n')), SLACK_LIMITS.sectionText).map((piece) => ({
    type: 'section',
    text: mrkdwn(piece),
  }));
}

function contextBlocks(lines: readonly string[]): SlackBlock[] {
  const text = textLines(lines).trim();
  if (text === '') return [];
  return chunkLines(text, SLACK_LIMITS.contextText).map((piece) => ({
    type: 'context',
    elements: [mrkdwn(piece)],
  }));
}

/**
 * Turn a report rendered in the `slack` text format into Block Kit messages:
 * `# Title` lines become header blocks (≤ 150 characters); a paragraph of at
 * most ten `- label: value` bullets (figures, names — not sentences) becomes a
 * two-column field grid, with the lines before the bullets (its `*heading*`)
 * as the section's text; other paragraphs become mrkdwn sections (≤ 3,000
 * characters, split at lines);
 * `---` a divider; the plain lines after the last `---` (the "generated at"
 * footer) a context block. `&`, `<` and `>` are escaped in every mrkdwn field
 * and in the top-level fallback `text`, so names can neither break the
 * markup nor mention anyone. The blocks are spread over messages of
 * at most 50 blocks; see {@link limitSlackMessages} to cap how many.
 *
 * @example
 * ```ts
 * const [first] = toSlackMessages('# Portfolio\n\n*Revenue*\n- this month: ¥1.2亿');
 * first.blocks[1]; // { type: 'section', text: { type: 'mrkdwn', text: '*Revenue*' }, fields: [{ type: 'mrkdwn', text: '*this month*\n¥1.2亿' }] }
 * await slack.chat.postMessage({ channel, ...first });
 * ```
 */
export function toSlackMessages(text: string): SlackMessage[] {
  const { body, footer } = splitFooter(text);
  const blocks: SlackBlock[] = [];
  let title = '';
  for (const paragraph of body.split(/\n{2,}/)) {
    const lines: string[] = [];
    const flush = () => {
      blocks.push(...sectionBlocks(lines));
      lines.length = 0;
    };
    for (const line of paragraph.split('\n')) {
      if (line.startsWith('# ')) {
        flush();
        const heading = truncate(line.slice(2).trim(), SLACK_LIMITS.headerText);
        if (heading === '') continue;
        if (title === '') title = heading;
        blocks.push({ type: 'header', text: { type: 'plain_text', text: heading, emoji: true } });
      } else if (line.trim() === '---') {
        flush();
        blocks.push({ type: 'divider' });
      } else {
        lines.push(line);
      }
    }
    flush();
  }
  if (footer !== null) blocks.push({ type: 'divider' }, ...contextBlocks(footer));
  const messages: SlackMessage[] = [];
  for (let start = 0; start < blocks.length; start += SLACK_LIMITS.blocksPerMessage) {
    const part = blocks.slice(start, start + SLACK_LIMITS.blocksPerMessage);
    messages.push({
      text: escapeMrkdwn(messages.length === 0 ? title : `${title} (${messages.length + 1})`),
      blocks: part,
    });
  }
  return messages;
}

/** The text before the last `---` and the footer lines after it, when only plain text follows it. */
function splitFooter(text: string): { body: string; footer: string[] | null } {
  const lines = text.split('\n');
  const rule = lines.findLastIndex((line) => line.trim() === '---');
  if (rule < 0) return { body: text, footer: null };
  const after = lines.slice(rule + 1).filter((line) => line.trim() !== '');
  if (after.length === 0 || after.some((line) => line.startsWith('# '))) return { body: text, footer: null };
  return { body: lines.slice(0, rule).join('\n'), footer: after };
}

/** Options for {@link limitSlackMessages}. */
export interface LimitSlackMessagesOptions {
  /** How many messages at most (≥ 1). */
  maxMessages: number;
  /** The language of the "more" line. */
  locale: Locale;
}

/**
 * Keep at most `maxMessages` messages of a rendered report (for example the
 * five replies a slash command's `response_url` accepts). When blocks are
 * left out, the last message kept ends with a context line saying how many,
 * in the reader's language; it still has at most 50 blocks.
 *
 * @example
 * ```ts
 * const rendered = renderReport(analysis, { locale: 'en', format: 'slack' });
 * if (rendered.format === 'slack') for (const message of limitSlackMessages(rendered.messages, { maxMessages: 3, locale: 'en' })) await respond(message);
 * ```
 */
export function limitSlackMessages(
  messages: readonly SlackMessage[],
  options: LimitSlackMessagesOptions,
): SlackMessage[] {
  const max = Math.max(1, Math.floor(options.maxMessages));
  if (messages.length <= max) return messages.map((message) => ({ ...message, blocks: [...message.blocks] }));
  const kept = messages.slice(0, max).map((message) => ({ ...message, blocks: [...message.blocks] }));
  let left = messages.slice(max).reduce((sum, message) => sum + message.blocks.length, 0);
  const last = kept[kept.length - 1]!;
  if (last.blocks.length >= SLACK_LIMITS.blocksPerMessage) {
    last.blocks.pop();
    left++;
  }
  last.blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        options.locale === 'zh-CN'
          ? `_报表较长，另有 ${left} 段未显示。_`
          : `_The report is long: ${left} more ${left === 1 ? 'section' : 'sections'} not shown._`,
      ),
    ],
  });
  return kept;
}
