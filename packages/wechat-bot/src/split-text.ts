/**
 * Splitting a reply into WeChat-sized messages.
 *
 * @module
 */

const encoder = new TextEncoder();

/** WeChat's limit for one text message, in UTF-8 bytes; every message is kept strictly under it. */
export const WECHAT_TEXT_BYTES = 2048;

/** UTF-8 size of a text in bytes. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Split a text into messages each strictly under `limitBytes` UTF-8 bytes,
 * breaking between paragraphs first, then between lines, and inside a line
 * (between code points, never inside a character) only when one line alone
 * is too long. The separators at a break are dropped; nothing else is lost
 * and the order is kept. Blank paragraphs are left out.
 *
 * The SDK has the same splitter for reports (`splitMessages` in its reports
 * folder); it is not part of the SDK's public exports yet, so the bot keeps
 * this one.
 *
 * @param text - the rendered reply
 * @param limitBytes - the platform limit (default {@link WECHAT_TEXT_BYTES})
 * @example
 * ```ts
 * for (const part of splitText(renderReplyText(reply))) await room.say(part);
 * ```
 */
export function splitText(text: string, limitBytes = WECHAT_TEXT_BYTES): string[] {
  const max = limitBytes - 1;
  const messages: string[] = [];
  let current = '';
  const append = (piece: string, separator: string): boolean => {
    const candidate = current === '' ? piece : `${current}${separator}${piece}`;
    if (utf8Length(candidate) > max) return false;
    current = candidate;
    return true;
  };
  const flush = () => {
    if (current !== '') messages.push(current);
    current = '';
  };
  for (const paragraph of text.split(/\n{2,}/u)) {
    if (paragraph.trim() === '') continue;
    if (append(paragraph, '\n\n')) continue;
    flush();
    if (append(paragraph, '\n\n')) continue;
    for (const line of paragraph.split('\n')) {
      if (append(line, '\n')) continue;
      flush();
      if (append(line, '\n')) continue;
      for (const character of line) {
        if (append(character, '')) continue;
        flush();
        current = character;
      }
    }
  }
  flush();
  return messages;
}
