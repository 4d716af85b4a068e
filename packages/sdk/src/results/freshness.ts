import type { LocalisedText } from '../errors/kam-error.js';
import type { PortfolioPolicies } from '../portfolio/policies.js';
import type { Store } from '../store/port.js';
import { DEFAULT_TIME_ZONE, localDateTime, utcOffsetLabel } from '../time/calendar.js';
import { policyFingerprint } from './fingerprint.js';
import type { ResultsMeta } from './results-store.js';

/** A month's stored results and whether they still match the data and the policies. */
export interface Freshness {
  meta: ResultsMeta;
  /** True when data changed since, or the results were computed with other policies. */
  stale: boolean;
  /** The data changed since the results were computed. */
  dataChanged: boolean;
  /** The results were computed with other policies. */
  policiesChanged: boolean;
}

/**
 * Whether a stored month is fresh: two small reads (the month's meta and the
 * data generation), no portfolio load; a caller that just read the
 * generation or the meta (`known`; `known.meta` `undefined`: nothing is
 * stored) passes them instead. `undefined` when nothing is stored for the month.
 *
 * @example
 * ```ts
 * const freshness = await monthFreshness(store, '2026-10', policies);
 * if (freshness?.stale) console.log(staleNote(freshness).en);
 * ```
 */
export async function monthFreshness(
  store: Store,
  month: string,
  policies: PortfolioPolicies,
  fingerprint: string = policyFingerprint(policies),
  dataGeneration?: number,
  known?: { meta: ResultsMeta | undefined },
): Promise<Freshness | undefined> {
  const [meta, generation] = await Promise.all([
    known === undefined ? store.results.monthMeta(month) : known.meta,
    dataGeneration ?? store.results.dataGeneration(),
  ]);
  if (meta === undefined) return undefined;
  const dataChanged = generation !== meta.dataGeneration;
  const policiesChanged = meta.policyFingerprint !== fingerprint;
  return { meta, stale: dataChanged || policiesChanged, dataChanged, policiesChanged };
}

/**
 * What a reader of stale results says: `截至 2026-11-02 09:15 (UTC+8)；正在更新` /
 * `as of 2026-11-02 09:15 (UTC+8); refreshing` (the time the results were
 * computed, in `timeZone` — the organisation's, or the reader's — with its
 * UTC offset, so a reader elsewhere is not misled).
 */
export function staleNote(freshness: Freshness, timeZone: string = DEFAULT_TIME_ZONE): LocalisedText {
  return refreshingNote(freshness.meta.computedAt, timeZone);
}

/**
 * The same note for anything stored at `computedAt` (an ISO instant) that is
 * being refreshed, such as a day's agendas.
 *
 * @example
 * ```ts
 * refreshingNote('2026-11-02T01:15:00Z').en; // 'as of 2026-11-02 09:15 (UTC+8); refreshing'
 * ```
 */
export function refreshingNote(computedAt: string, timeZone: string = DEFAULT_TIME_ZONE): LocalisedText {
  const at = computedAtLabel(computedAt, timeZone);
  return { 'zh-CN': `截至 ${at}；正在更新`, en: `as of ${at}; refreshing` };
}

/**
 * When something was computed, to the minute, in `timeZone` with its UTC
 * offset: `2026-11-02 09:15 (UTC+8)`.
 *
 * @example
 * ```ts
 * computedAtLabel('2026-11-02T01:15:00Z'); // '2026-11-02 09:15 (UTC+8)'
 * ```
 */
export function computedAtLabel(computedAt: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  return `${localDateTime(computedAt, timeZone).slice(0, 16)} (${utcOffsetLabel(computedAt, timeZone)})`;
}
