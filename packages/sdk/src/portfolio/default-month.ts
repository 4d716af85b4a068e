/**
 * Which month figures are shown for when nobody says: the last complete
 * month that has data. One rule for the CLI, the chat engine, both bots and
 * the scheduled jobs — so a portfolio whose data ends in October does not
 * answer "¥0, −100 %" all through December.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';
import type { Store } from '../store/port.js';
import { addMonths, DEFAULT_TIME_ZONE, localDate } from '../time/calendar.js';

/** The part of the store the default month reads. */
export type MonthDataReader = Pick<Store, 'latestMonthWithData'>;

/** Options of {@link defaultMonth}. */
export interface DefaultMonthOptions {
  /** The current time (default `new Date()`). */
  now?: Date;
  /** Organisation time zone (default Asia/Shanghai). */
  timeZone?: string;
  /** Today's local date `YYYY-MM-DD` (a scheduled job's occurrence); wins over `now` and `timeZone`. */
  today?: string;
}

/**
 * The last complete calendar month in `timeZone`, `YYYY-MM` — the month
 * before today's, whether or not it has data.
 *
 * @example
 * ```ts
 * lastCompleteMonth({ now: new Date('2026-12-05T08:00:00Z') }); // '2026-11'
 * ```
 */
export function lastCompleteMonth(options: DefaultMonthOptions = {}): string {
  const today = options.today ?? localDate(options.now ?? new Date(), options.timeZone ?? DEFAULT_TIME_ZONE);
  return addMonths(today.slice(0, 7), -1);
}

/**
 * The default month of every command and bot: the latest month with data at
 * or before the last complete month; the last complete month itself when the
 * store holds no data at all (a fresh project). One indexed read.
 *
 * @example
 * ```ts
 * // today 2026-12-05, transactions up to 2026-10
 * await defaultMonth(store, { now: new Date('2026-12-05T08:00:00Z') }); // '2026-10'
 * ```
 */
export async function defaultMonth(
  store: MonthDataReader,
  options: DefaultMonthOptions = {},
): Promise<string> {
  const last = lastCompleteMonth(options);
  return (await store.latestMonthWithData({ atOrBefore: last })) ?? last;
}

/**
 * What to say when `month` has no data: "2026-11 还没有数据；最近有数据的月份是
 * 2026-10". `undefined` when the month has data.
 */
export async function noDataMessage(
  store: MonthDataReader,
  month: string,
): Promise<LocalisedText | undefined> {
  if ((await store.latestMonthWithData({ atOrBefore: month })) === month) return undefined;
  const latest = await store.latestMonthWithData();
  if (latest === undefined)
    return {
      'zh-CN': `${month} 还没有数据；库中还没有任何交易，请先导入（kamkit import transactions <文件>）`,
      en: `No data for ${month} yet; no transactions are stored yet — import some first (kamkit import transactions <file>)`,
    };
  return latest < month
    ? {
        'zh-CN': `${month} 还没有数据；最近有数据的月份是 ${latest}`,
        en: `No data for ${month} yet; the latest month with data is ${latest}`,
      }
    : {
        'zh-CN': `${month} 没有数据；最近有数据的月份是 ${latest}`,
        en: `No data for ${month}; the latest month with data is ${latest}`,
      };
}

/**
 * Refuse a month the user asked for explicitly when it has no data, instead
 * of answering with zeros and −100 % alerts.
 *
 * @throws KamError `NOT_FOUND` (path `month`) with {@link noDataMessage}'s text.
 */
export async function assertMonthHasData(
  store: MonthDataReader,
  month: string,
  path = 'month',
): Promise<void> {
  const message = await noDataMessage(store, month);
  if (message) throw new KamError({ code: KAM_ERROR_CODES.NOT_FOUND, path, message });
}
