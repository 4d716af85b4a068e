/**
 * The default policies' tier rule, written out for the DuckDB baselines of P6
 * and P7 (`packages/sdk/src/portfolio/policies.ts` → `defaultPolicies()`):
 *
 * - admission (`tiering/presets/postal-admission.json`): a signed agreement
 *   (no contracts in the bench data), or last calendar year's revenue
 *   ≥ ¥10,000 and this month's revenue ≥ ¥1,000; an account not admitted is
 *   "not a key account" (tier `null`);
 * - tiers (`tiering/presets/postal-ranges.json`) on the revenue of the last
 *   12 months up to the month: Platinum ≥ ¥1,000,000 (above ¥5M still
 *   Platinum), Gold ≥ ¥500,000, VIP ≥ ¥10,000; a shared bound belongs to
 *   the better tier; below ¥10,000 no tier.
 *
 * The preset's two-period confirmation (hysteresis) does not apply: the
 * bench stores have one month's results, and an account without tier history
 * takes its raw tier. The fingerprints compare the tier shown with the rule's.
 *
 * @module
 */

/** Thresholds in fen. */
export const ADMISSION_LAST_YEAR_FEN = 1_000_000;
export const ADMISSION_MONTH_FEN = 100_000;
export const TIER_BOUNDS_FEN = [
  ['platinum', 100_000_000],
  ['gold', 50_000_000],
  ['vip', 1_000_000],
];

/** `YYYY-MM` plus `offset` months. */
export function addMonths(month, offset) {
  const [year, number] = month.split('-').map(Number);
  const index = year * 12 + (number - 1) + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The date windows (first day inclusive, last exclusive) the rule and the
 * portfolio report read for month `asOf`.
 */
export function windowsOf(asOf) {
  const year = Number(asOf.slice(0, 4));
  const day = (month) => `DATE '${month}-01'`;
  return {
    month: [day(asOf), day(addMonths(asOf, 1))],
    previous: [day(addMonths(asOf, -1)), day(asOf)],
    yearAgo: [day(addMonths(asOf, -12)), day(addMonths(asOf, -11))],
    rolling12: [day(addMonths(asOf, -11)), day(addMonths(asOf, 1))],
    lastYear: [`DATE '${year - 1}-01-01'`, `DATE '${year}-01-01'`],
    yearToDate: [`DATE '${year}-01-01'`, day(addMonths(asOf, 1))],
    yearToDateLastYear: [`DATE '${year - 1}-01-01'`, day(addMonths(asOf, -11))],
  };
}

/** `coalesce(sum(amount_fen) FILTER (date in window), 0)` as a BIGINT. */
export function revenueIn([from, to], table = '') {
  const prefix = table ? `${table}.` : '';
  return `coalesce(sum(${prefix}amount_fen) FILTER (WHERE ${prefix}date >= ${from} AND ${prefix}date < ${to}), 0)::BIGINT`;
}

/** The SQL `CASE` giving the tier id (or NULL) from the columns `last_year`, `month` and `rolling12`. */
export const TIER_CASE = `CASE
  WHEN NOT (last_year >= ${ADMISSION_LAST_YEAR_FEN} AND month >= ${ADMISSION_MONTH_FEN}) THEN NULL
  ${TIER_BOUNDS_FEN.map(([tier, min]) => `WHEN rolling12 >= ${min} THEN '${tier}'`).join('\n  ')}
  ELSE NULL END`;

/**
 * An amount the way an English tier explanation writes it
 * (`money/money.ts`, `formatMoney(fen, 'en')`): whole yuan from ¥10,000,
 * else yuan with fen when there are any.
 *
 * @param {number} fen - a whole number of fen, ≥ 0
 */
export function moneyTextEn(fen) {
  const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (fen >= 1_000_000) return `¥${group(String(Math.round(fen / 100)))}`;
  if (fen % 100 === 0) return `¥${group(String(fen / 100))}`;
  return `¥${group(String(Math.floor(fen / 100)))}.${String(fen % 100).padStart(2, '0')}`;
}

/**
 * What a tier explanation says the tier was decided on: the last 12 months'
 * revenue, or for an account not admitted, last year's and this month's.
 *
 * @param {{ admitted: boolean, rolling12: number, lastYear: number, month: number }} figures - fen
 */
export function decidingFigure({ admitted, rolling12, lastYear, month }) {
  return admitted
    ? `last 12 months ${moneyTextEn(rolling12)}`
    : `not admitted: last year ${moneyTextEn(lastYear)}, this month ${moneyTextEn(month)}`;
}

/**
 * The same text read out of the English explanation `kamkit tier --json` prints.
 *
 * @param {string} reason
 * @returns {string | undefined}
 */
export function decidingFigureOfReason(reason) {
  const rolling = /\(last 12 months\) (¥\d{1,3}(?:,\d{3})*(?:\.\d\d)?)/.exec(reason);
  if (!reason.startsWith('admission not met') && rolling) return `last 12 months ${rolling[1]}`;
  const lastYear = /last year's revenue (¥\d{1,3}(?:,\d{3})*(?:\.\d\d)?)/.exec(reason);
  const month = /this month's revenue (¥\d{1,3}(?:,\d{3})*(?:\.\d\d)?)/.exec(reason);
  if (lastYear && month) return `not admitted: last year ${lastYear[1]}, this month ${month[1]}`;
  return undefined;
}
