/**
 * How the `kamkit` readers (`score`, `tier`, `alerts`, `due`, `report`) get a
 * month: from the stored results, by index. When nothing is stored for the
 * month yet it is computed once and stored; when what is stored is stale the
 * reader answers from it, says so, and refreshes the month before exiting.
 *
 * @module
 */
import type { ResolvedConfig } from '../config/load-config.js';
import type { Locale } from '../errors/kam-error.js';
import { assertMonthHasData, defaultMonth } from '../portfolio/default-month.js';
import { type Freshness, monthFreshness, staleNote } from '../results/freshness.js';
import type { Store } from '../store/port.js';
import { monthOption } from './options.js';

/** A month's stored results as one `kamkit` reader sees them. */
export interface MonthReading {
  month: string;
  store: Store;
  freshness: Freshness;
  /** The stale note in the reader's locale, `undefined` when fresh. */
  note: string | undefined;
}

/**
 * Open the store, make sure the month (`--as-of`, checked by
 * {@link chosenMonth}, or the one `asOf` picks from the store) has stored
 * results, run `use`, then — when the results were stale — refresh them (the
 * answer has been written by then). With `record`, the month is run first and
 * its tier history and scores recorded (`kamkit tier --save`). The store is
 * closed at the end.
 */
export async function withMonthResults<T>(
  openStore: () => Promise<Store>,
  config: ResolvedConfig,
  asOf: string | undefined | ((store: Store) => Promise<string>),
  locale: Locale,
  use: (reading: MonthReading) => Promise<T> | T,
  options: { record?: boolean } = {},
): Promise<T> {
  const store = await openStore();
  try {
    const { policies, timeZone } = config;
    const month = typeof asOf === 'function' ? await asOf(store) : await chosenMonth(store, asOf, timeZone);
    // The engine (refresh, compute) is loaded only when the month is computed: reading stored results needs none of it.
    const refresh = () => import('../refresh/refresh-month.js');
    if (options.record)
      await (await refresh()).refreshMonth({ store, policies, month, timeZone, record: true });
    let freshness = await monthFreshness(store, month, policies);
    if (freshness === undefined || freshness.policiesChanged) {
      const { ensureMonthResults } = await import('../refresh/ensure-month.js');
      freshness = await ensureMonthResults({ store, policies, month, timeZone });
    }
    const note = freshness.stale ? staleNote(freshness, timeZone)[locale] : undefined;
    const result = await use({ month, store, freshness, note });
    if (freshness.stale) await (await refresh()).refreshMonth({ store, policies, month, timeZone });
    return result;
  } finally {
    await store.close();
  }
}

/**
 * The month a command answers for: `--as-of` when given (refused when it has
 * no data, naming the latest month that has), else the last complete month
 * with data.
 */
export async function chosenMonth(store: Store, asOf: string | undefined, timeZone: string): Promise<string> {
  const now = new Date();
  if (asOf === undefined) return defaultMonth(store, { now, timeZone });
  const month = monthOption(asOf, '--as-of', timeZone, now);
  await assertMonthHasData(store, month, '--as-of');
  return month;
}

/** The fields a JSON answer carries about the results it was read from. */
export function resultsJson(reading: MonthReading): { computedAt: string; stale?: string } {
  return {
    computedAt: reading.freshness.meta.computedAt,
    ...(reading.note === undefined ? {} : { stale: reading.note }),
  };
}
