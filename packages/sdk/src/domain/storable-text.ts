/**
 * What text the database can store, checked when data comes in so a bad cell
 * is reported with its row and field rather than as a raw database error:
 * no NUL character (PostgreSQL text and jsonb refuse it), no unpaired UTF-16
 * surrogate (not valid Unicode: refused in jsonb, silently replaced in text),
 * and keys short enough for their index (a B-tree entry holds about 2,700
 * bytes; a key of 200 characters takes at most 800).
 *
 * @module
 */
import type { Issue, LocalisedText } from '../errors/kam-error.js';

/** The longest id or key (division, category…) in characters: three of them fit one index entry. */
export const MAX_KEY_LENGTH = 200;

/** What a text field must be, in both locales. */
export const STORABLE_TEXT: LocalisedText = {
  'zh-CN': '不含 NUL 字符（\\0）和不成对代理项（无效 Unicode）的文本',
  en: 'text without NUL characters (\\0) or unpaired surrogates (invalid Unicode)',
};

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the NUL character is the point.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` can be stored: no NUL character and well-formed UTF-16. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/**
 * Every string (and object key) in `value` that cannot be stored, as issues
 * with their paths under `path` (`name`, `attributes.note`, `rows[2].unit`).
 */
export function unstorableTextIssues(value: unknown, path: string): Issue[] {
  // Valid data, the usual case, is walked once without building a path per field (150,000
  // alerts: ~230 → ~95 ms of one synchronous block); the paths are built only when there are issues.
  if (!hasUnstorableText(value)) return [];
  const issues: Issue[] = [];
  const visit = (item: unknown, at: string) => {
    if (typeof item === 'string') {
      if (!isStorableText(item)) issues.push({ path: at, expected: STORABLE_TEXT });
    } else if (Array.isArray(item)) {
      for (const [index, element] of item.entries()) visit(element, `${at}[${index}]`);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, element] of Object.entries(item)) {
        const child = at === '' ? key : `${at}.${key}`;
        if (!isStorableText(key)) issues.push({ path: child, expected: STORABLE_TEXT });
        visit(element, child);
      }
    }
  };
  visit(value, path);
  return issues;
}

/** Whether any string or object key in `value` cannot be stored (no paths: see {@link unstorableTextIssues}). */
function hasUnstorableText(item: unknown): boolean {
  if (typeof item === 'string') return !isStorableText(item);
  if (Array.isArray(item)) {
    for (const element of item) if (hasUnstorableText(element)) return true;
    return false;
  }
  if (item !== null && typeof item === 'object') {
    for (const key of Object.keys(item))
      if (!isStorableText(key) || hasUnstorableText((item as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Every NUL and unpaired surrogate, for {@link visibleText}. */
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/**
 * `text` with what cannot be stored made visible: a NUL as `␀` (U+2400), an
 * unpaired surrogate as `�` (U+FFFD) — for messages and reject reports that
 * quote the refused value.
 */
export function visibleText(text: string): string {
  return text.replace(UNSTORABLE_ALL, (found) => (found === '\u0000' ? '\u2400' : '\uFFFD'));
}
