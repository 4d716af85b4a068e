/**
 * PostgreSQL's COPY text format, for the bulk writes that feed
 * `COPY … FROM '/dev/blob'` on PGlite (transactions, a month's results).
 * Internal to the store adapters.
 *
 * @module
 */

const SPECIAL = /[\\\t\n\r]/;

/**
 * A value in PostgreSQL's COPY text format: backslash, tab, newline and
 * carriage return escaped, everything else as is.
 *
 * @example
 * ```ts
 * copyText('a\tb'); // 'a\\tb'
 * ```
 */
export function copyText(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (char) =>
    char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r',
  );
}
