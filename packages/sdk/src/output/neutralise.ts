/**
 * Neutralised output: text that came from users or imported files, made safe
 * for the place it is written to — a spreadsheet cell, a Slack message, a
 * terminal. One function per destination, used by every writer to it.
 *
 * @module
 */

/** First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell, neutralised and quoted: a value starting with `=`, `+`, `-`,
 * `@`, tab or carriage return gets a leading `'` (so Excel, LibreOffice and
 * Google Sheets show it as text instead of running it, per OWASP's CSV
 * injection advice), and a value holding a comma, quote, CR or LF is
 * quoted (RFC 4180).
 *
 * @example
 * ```ts
 * csvCell('=1+2');    // '=1+2
 * csvCell('阿里巴巴');                 // 阿里巴巴
 * ```
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * A cell of a spreadsheet KAMkit wrote with {@link csvCell}, as it was before:
 * the `'` put before a formula's first character is taken off again, so an
 * exported note such as `-42%, 已解释` reads back unchanged.
 *
 * @example
 * ```ts
 * csvCellText("'-42%"); // '-42%'
 * csvCellText("'tis");  // "'tis"
 * ```
 */
export function csvCellText(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/**
 * Text for a Slack `mrkdwn` field or a message's top-level `text`: `&`, `<`
 * and `>` become entities, so a name like `<!channel>` or `<@U123>` shows as
 * written and never mentions anyone or becomes a link.
 *
 * @example
 * ```ts
 * escapeMrkdwn('<!channel> A&B'); // '&lt;!channel&gt; A&amp;B'
 * ```
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** ANSI/VT escape sequences: CSI (`ESC [` … final byte), OSC (`ESC ]` … BEL or `ESC \`), and two-character escapes. */
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escapes is the point.
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u001b[ -~]?/g;

/**
 * Control characters a terminal would act on: C0 controls except tab and line
 * feed, a carriage return not followed by a line feed, DEL, C1 controls
 * (U+0080–U+009F, including the one-character CSI), and bidirectional
 * overrides and isolates (which reorder what is shown).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

/**
 * Text for a terminal: ANSI escape sequences and control characters removed
 * (line feeds and tabs kept), so a name in the data can neither colour, move
 * the cursor, retitle the window, hide text nor reorder a line.
 *
 * @example
 * ```ts
 * terminalText('\u001b[31mAcme\u001b[0m\u0007'); // 'Acme'
 * ```
 */
export function terminalText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}
