/**
 * An account's own dates (客户纪念日: founding day 开业纪念日, anniversaries,
 * project milestones, honours) and a contact's birthday, which a `key-date`
 * service rule congratulates on; and the cell form an import reads them from.
 *
 * @module
 */
import { z } from 'zod';

/** Kinds of an account's key date. */
export const ACCOUNT_DATE_KINDS = ['founding', 'anniversary', 'milestone', 'honour', 'other'] as const;

/** The kind of an account's key date. */
export const AccountDateKind = z.enum(ACCOUNT_DATE_KINDS);
/** The kind of an account's key date. */
export type AccountDateKind = z.infer<typeof AccountDateKind>;

/** Names of the kinds in each locale. */
export const ACCOUNT_DATE_KIND_LABELS: Record<AccountDateKind, { 'zh-CN': string; en: string }> = {
  founding: { 'zh-CN': '开业纪念日', en: 'founding anniversary' },
  anniversary: { 'zh-CN': '纪念日', en: 'anniversary' },
  milestone: { 'zh-CN': '项目节点', en: 'project milestone' },
  honour: { 'zh-CN': '荣誉', en: 'honour' },
  other: { 'zh-CN': '重要日子', en: 'key date' },
};

function monthDayExists(month: number, day: number, year: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A date that may recur every year: `MM-DD` (`02-29` allowed) or a full date
 * `YYYY-MM-DD` that must exist.
 */
export const AnnualDate = z
  .string()
  .regex(/^(\d{4}-)?\d{2}-\d{2}$/, 'expected MM-DD or YYYY-MM-DD')
  .refine((value) => {
    const parts = value.split('-').map(Number);
    const [year, month, day] = parts.length === 3 ? parts : [2000, ...parts];
    return monthDayExists(month!, day!, year!);
  }, 'expected a day that exists (MM-DD or a real date YYYY-MM-DD)');
/** A date that may recur every year. */
export type AnnualDate = z.infer<typeof AnnualDate>;

/**
 * One key date of an account: yearly on its month and day (a full date also
 * counts the years), or once only (`once: true`, which needs a full date).
 */
export const AccountDateSchema = z
  .strictObject({
    kind: AccountDateKind,
    date: AnnualDate,
    /** What it is, as the organisation writes it (e.g. 获评全国物流百强). */
    label: z.string().trim().min(1).optional(),
    once: z.boolean().optional(),
  })
  .refine((value) => value.once !== true || value.date.length === 10, {
    path: ['date'],
    message: 'a one-off date needs its year (YYYY-MM-DD)',
  });
/** One key date of an account. */
export type AccountDate = z.infer<typeof AccountDateSchema>;

const SEPARATORS = /[;；\n|]/;
const ONCE_MARKERS = new Set(['once', '一次', '一次性', '(once)', '（一次）', '(一次)']);
const KIND_NAMES = new Map<string, AccountDateKind>([
  ...ACCOUNT_DATE_KINDS.map((kind) => [kind, kind] as const),
  ['开业纪念日', 'founding'],
  ['开业', 'founding'],
  ['成立日', 'founding'],
  ['成立', 'founding'],
  ['纪念日', 'anniversary'],
  ['项目节点', 'milestone'],
  ['节点', 'milestone'],
  ['里程碑', 'milestone'],
  ['开工', 'milestone'],
  ['完工', 'milestone'],
  ['荣誉', 'honour'],
  ['获奖', 'honour'],
  ['honor', 'honour'],
  ['其他', 'other'],
]);

/**
 * Read a written month-day or date into `MM-DD` / `YYYY-MM-DD` (not yet
 * checked to exist): `6-18`, `06/18`, `6月18日`, `2003-06-18`, `2003/6/18`,
 * `2003年6月18日`; `undefined` when it is neither.
 */
export function normaliseAnnualDate(text: string): string | undefined {
  const trimmed = text.normalize('NFKC').trim();
  const pad = (value: string) => value.padStart(2, '0');
  const full = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(trimmed);
  if (full) return `${full[1]}-${pad(full[2]!)}-${pad(full[3]!)}`;
  const monthDay = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(trimmed);
  if (monthDay) return `${pad(monthDay[1]!)}-${pad(monthDay[2]!)}`;
  return undefined;
}

/**
 * Read a cell listing an account's key dates: entries separated by `;`, `；`,
 * `|` or a line break, each `<kind> <date> [label] [once]` — the kind in
 * English or Chinese (`开业纪念日`, `纪念日`, `项目节点`, `荣誉`, `其他`), the
 * date as {@link normaliseAnnualDate} reads it, `once` / `一次` last for a
 * one-off date. Dates are checked by {@link AccountDateSchema} afterwards.
 *
 * @returns the entries, or the first entry that cannot be read (`unreadable`)
 *   or is one-off without its year (`once-without-year`).
 * @example
 * ```ts
 * parseAccountDates('开业纪念日 2003-06-18; 荣誉 2026-11-02 获评全国物流百强 一次');
 * // { ok: true, value: [{ kind: 'founding', date: '2003-06-18' },
 * //   { kind: 'honour', date: '2026-11-02', label: '获评全国物流百强', once: true }] }
 * ```
 */
export function parseAccountDates(
  text: string,
):
  | { ok: true; value: AccountDate[] }
  | { ok: false; entry: string; reason: 'unreadable' | 'once-without-year' } {
  const value: AccountDate[] = [];
  for (const raw of text.split(SEPARATORS)) {
    const entry = raw.trim();
    if (entry === '') continue;
    const tokens = entry.split(/\s+/);
    const kind = KIND_NAMES.get(tokens[0]!.normalize('NFKC').toLowerCase());
    const date = tokens[1] === undefined ? undefined : normaliseAnnualDate(tokens[1]);
    if (kind === undefined || date === undefined) return { ok: false, entry, reason: 'unreadable' };
    let rest = tokens.slice(2);
    const once = rest.length > 0 && ONCE_MARKERS.has(rest.at(-1)!.normalize('NFKC').toLowerCase());
    if (once) rest = rest.slice(0, -1);
    if (once && date.length !== 10) return { ok: false, entry, reason: 'once-without-year' };
    const label = rest.join(' ');
    value.push({ kind, date, ...(label === '' ? {} : { label }), ...(once ? { once: true } : {}) });
  }
  return { ok: true, value };
}

/** Write key dates in the form {@link parseAccountDates} reads (English kinds). */
export function formatAccountDates(dates: readonly AccountDate[]): string {
  return dates
    .map((date) =>
      [date.kind, date.date, date.label, date.once ? 'once' : undefined].filter(Boolean).join(' '),
    )
    .join('; ');
}

/**
 * The date an annual date falls on in `year`, `YYYY-MM-DD`: 29 February falls
 * on 28 February in a year that is not a leap year.
 */
export function annualDateIn(date: string, year: number): string {
  const monthDay = date.slice(-5);
  const fixed = monthDay === '02-29' && !monthDayExists(2, 29, year) ? '02-28' : monthDay;
  return `${String(year).padStart(4, '0')}-${fixed}`;
}
