/**
 * Reading the audit log as a person: a table in the user's locale, times in
 * the organisation's time zone, each change summarised as `field: before → after`.
 * Pure functions; `kamkit audit` prints what they return.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError, type Locale } from '../errors/kam-error.js';
import type { AuditEntry } from '../store/port.js';
import { DEFAULT_TIME_ZONE, localDateTime } from '../time/calendar.js';

/**
 * The user's locale from the environment: `KAMKIT_LOCALE`, else `LANG`;
 * anything starting with `zh` is zh-CN, everything else en.
 */
export function localeFromEnv(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Locale {
  const value = environment.KAMKIT_LOCALE?.trim() || environment.LANG?.trim() || '';
  return value.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Width of `text` on a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x20000 && code <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

function truncate(text: string, maxWidth: number): string {
  if (displayWidth(text) <= maxWidth) return text;
  let out = '';
  for (const character of text) {
    if (displayWidth(out + character) > maxWidth - 1) break;
    out += character;
  }
  return `${out}…`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function offsetOf(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(
    instant,
  );
  const name = parts.find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? '+00:00' : name.slice(3);
}

/**
 * Turn a `--since`/`--until` value into an instant: an ISO instant as given,
 * or a date `YYYY-MM-DD` meaning the start (since) or the end (until) of that
 * day in `timeZone`.
 *
 * @throws KamError `INVALID_INPUT` naming the option.
 */
export function parseAuditBound(
  value: string,
  bound: 'since' | 'until',
  timeZone: string = DEFAULT_TIME_ZONE,
): string {
  const text = value.trim();
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const noon = new Date(`${text}T12:00:00Z`);
    if (!Number.isNaN(noon.getTime()) && noon.toISOString().startsWith(text)) {
      const clock = bound === 'since' ? '00:00:00.000' : '23:59:59.999';
      return new Date(`${text}T${clock}${offsetOf(noon, timeZone)}`).toISOString();
    }
  } else if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text))) {
    return new Date(text).toISOString();
  }
  throw new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path: `--${bound}`,
    message: {
      'zh-CN': `--${bound} 应为日期 YYYY-MM-DD 或带时区的 ISO 时间，收到：${value}`,
      en: `--${bound} expects a date YYYY-MM-DD or an ISO instant with offset, got: ${value}`,
    },
  });
}

function show(value: unknown): string {
  if (value === undefined) return '∅';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * Summarise an entry's change: the fields that differ, `field: before → after`;
 * a creation reads "created" (新建).
 */
export function summariseChange(before: unknown, after: unknown, locale: Locale): string {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (before === null || before === undefined) return locale === 'zh-CN' ? '新建' : 'created';
  if (!isObject(before) || !isObject(after)) return `${show(before)} → ${show(after)}`;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changes = keys
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((key) => `${key}: ${show(before[key])} → ${show(after[key])}`);
  return changes.length === 0 ? (locale === 'zh-CN' ? '无变化' : 'no change') : changes.join('; ');
}

const HEADINGS: Record<Locale, readonly string[]> = {
  'zh-CN': ['序号', '时间', '操作人', '动作', '对象', '编号', '变更', '原因'],
  en: ['#', 'time', 'actor', 'action', 'entity', 'id', 'change', 'reason'],
};

/** Options of {@link formatAuditTable}. */
export interface AuditTableOptions {
  locale: Locale;
  /** Zone the times are shown in; default Asia/Shanghai. */
  timeZone?: string;
  /** Widest a change or reason cell may be, in terminal columns; default 60. */
  maxCellWidth?: number;
}

function localTime(instant: string, timeZone: string): string {
  return localDateTime(instant, timeZone);
}

/**
 * Render audit entries as an aligned text table (CJK-aware widths), one row per
 * entry, or a one-line note when there are none.
 *
 * @example
 * ```ts
 * console.log(formatAuditTable(await store.listAudit({ limit: 20 }), { locale: 'zh-CN' }));
 * ```
 */
export function formatAuditTable(entries: readonly AuditEntry[], options: AuditTableOptions): string {
  const { locale } = options;
  if (entries.length === 0)
    return locale === 'zh-CN' ? '（没有符合条件的审计记录）' : '(no audit entries match)';
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const maxCell = options.maxCellWidth ?? 60;
  const rows = entries.map((entry) => [
    String(entry.id),
    localTime(entry.at, timeZone),
    entry.actor,
    entry.action,
    entry.entity,
    entry.entityId,
    truncate(summariseChange(entry.before, entry.after, locale), maxCell),
    truncate(entry.reason ?? '', maxCell),
  ]);
  const table = [HEADINGS[locale], ...rows];
  const widths = HEADINGS[locale].map((_, column) =>
    Math.max(...table.map((row) => displayWidth(row[column] ?? ''))),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => pad(cell, widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(table[0] ?? []), rule, ...rows.map(line)].join('\n');
}
