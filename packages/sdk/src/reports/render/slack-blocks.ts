/** Slack's limits for Block Kit messages. */
export const SLACK_LIMITS = { blocksPerMessage: 50, sectionText: 3000, headerText: 150 } as const;

/** The Block Kit blocks the reports produce. */
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
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

function chunkLines(text: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if ([...candidate].length <= max) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(current);
    current = '';
    const characters = [...line];
    while (characters.length > max) out.push(characters.splice(0, max).join(''));
    current = characters.join('');
  }
  if (current !== '') out.push(current);
  return out;
}

/**
 * Turn a report rendered in the `slack` text format into Block Kit messages:
 * `# Title` lines become header blocks (≤ 150 characters), `---` a divider,
 * everything else mrkdwn sections (≤ 3,000 characters, split at lines), and
 * the blocks are spread over messages of at most 50 blocks.
 *
 * @example
 * ```ts
 * const [first] = toSlackMessages('# Portfolio\n\n*Revenue*\n- this month: ¥1.2亿');
 * await slack.chat.postMessage({ channel, ...first });
 * ```
 */
export function toSlackMessages(text: string): SlackMessage[] {
  const blocks: SlackBlock[] = [];
  let title = '';
  for (const paragraph of text.split(/\n{2,}/)) {
    const body: string[] = [];
    const flush = () => {
      const joined = body.join('\n').trim();
      body.length = 0;
      if (joined === '') return;
      for (const piece of chunkLines(joined, SLACK_LIMITS.sectionText)) {
        blocks.push({ type: 'section', text: { type: 'mrkdwn', text: piece } });
      }
    };
    for (const line of paragraph.split('\n')) {
      if (line.startsWith('# ')) {
        flush();
        const heading = truncate(line.slice(2).trim(), SLACK_LIMITS.headerText);
        if (title === '') title = heading;
        blocks.push({ type: 'header', text: { type: 'plain_text', text: heading, emoji: true } });
      } else if (line.trim() === '---') {
        flush();
        blocks.push({ type: 'divider' });
      } else {
        body.push(line.startsWith('- ') ? `• ${line.slice(2)}` : line);
      }
    }
    flush();
  }
  const messages: SlackMessage[] = [];
  for (let start = 0; start < blocks.length; start += SLACK_LIMITS.blocksPerMessage) {
    const part = blocks.slice(start, start + SLACK_LIMITS.blocksPerMessage);
    messages.push({
      text: messages.length === 0 ? title : `${title} (${messages.length + 1})`,
      blocks: part,
    });
  }
  return messages;
}
