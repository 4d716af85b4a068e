const encoder = new TextEncoder();

/** UTF-8 size of a text in bytes. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Split a text into messages each strictly under `limitBytes` UTF-8 bytes
 * (WeChat / WeCom text: 2,048), breaking at paragraph boundaries first, then
 * at line boundaries, and only inside a line (between code points) when a
 * single line is too long. The separators at a break are dropped; nothing
 * else is lost.
 *
 * @example
 * ```ts
 * for (const message of splitMessages(rendered.text)) await wecom.sendText(message);
 * ```
 */
export function splitMessages(text: string, limitBytes = 2048): string[] {
  const max = limitBytes - 1;
  const messages: string[] = [];
  let current = '';
  const push = (piece: string, separator: string) => {
    const candidate = current === '' ? piece : `${current}${separator}${piece}`;
    if (utf8Bytes(candidate) <= max) {
      current = candidate;
      return true;
    }
    return false;
  };
  const flush = () => {
    if (current !== '') messages.push(current);
    current = '';
  };
  for (const paragraph of text.split(/\n{2,}/)) {
    if (paragraph.trim() === '') continue;
    if (push(paragraph, '\n\n')) continue;
    flush();
    if (push(paragraph, '\n\n')) continue;
    for (const line of paragraph.split('\n')) {
      if (push(line, '\n')) continue;
      flush();
      if (push(line, '\n')) continue;
      for (const character of line) {
        if (push(character, '')) continue;
        flush();
        current = character;
      }
    }
  }
  flush();
  return messages;
}
