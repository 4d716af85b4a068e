/**
 * P7 — the monthly portfolio report, as a whole command.
 *
 * Ours: the built `kamkit report portfolio --period <month> --format json`,
 * in its own process, on the same kind of store as P6 (N accounts × 100
 * transactions, the month's results stored once by `kamkit run`, untimed).
 * Baseline: a Node program of its own (`lib/duckdb-tier-report.mjs report`)
 * that opens a DuckDB file of the same data and computes the report's
 * figures from the raw rows: the month's revenue, last month's, the same
 * month last year's, year to date (this year and last), MoM and YoY, and
 * the tier distribution (accounts and the month's revenue per tier, by the
 * default policies' rule, `lib/postal-tiers.mjs`).
 *
 * Both sides are timed from process start to exit; peak RSS is each
 * command's own. Those figures are the fingerprint.
 *
 * @module
 */
import {
  ensureDuckDbFile,
  ensureResultsProject,
  runDuckDbProgram,
  runKamkit,
} from '../lib/results-fixture.mjs';
import { AS_OF, ensureTransactionFiles } from '../lib/transactions.mjs';
import { buildNote, compare, PER_ACCOUNT } from './p6-tier-account.mjs';

/** Ratios are compared to 12 decimals (both are one division of the same whole-fen sums). */
function ratio(value) {
  return value === null || value === undefined ? null : Number(value.toFixed(12));
}

/** The tier distribution as `tier:count:revenue`, in tier-id order (no tier last). */
function distributionOf(entries) {
  return entries
    .map(({ tier, count, revenue }) => `${tier ?? '-'}:${count}:${revenue}`)
    .sort((a, b) => (a.startsWith('-:') ? 1 : b.startsWith('-:') ? -1 : a.localeCompare(b)))
    .join(' ');
}

const ours = {
  label: '`kamkit report portfolio --format json` on stored results',
  async setup({ size, dataDir, sdk }) {
    const { folder, transactions, built } = await ensureResultsProject({
      sdk,
      dataDir,
      accounts: size,
      perAccount: PER_ACCOUNT,
    });
    return { folder, note: buildNote(transactions, built) };
  },
  run({ folder }) {
    return runKamkit(folder, ['report', 'portfolio', '--period', AS_OF, '--format', 'json']);
  },
  fingerprint(_context, { result }) {
    const { revenue } = result;
    return {
      accounts: result.accounts,
      month: revenue.monthFen,
      previous: revenue.previousMonthFen,
      yearAgo: revenue.sameMonthLastYearFen,
      yearToDate: revenue.yearToDateFen,
      yearToDateLastYear: revenue.yearToDateLastYearFen,
      monthOnMonth: ratio(revenue.monthOnMonth),
      yearOnYear: ratio(revenue.yearOnYear),
      tiers: distributionOf(
        result.tiers.map((entry) => ({ tier: entry.tier, count: entry.count, revenue: entry.revenueFen })),
      ),
    };
  },
};

const baseline = {
  label: 'DuckDB file, the figures in SQL, its own process',
  async setup({ size, dataDir }) {
    const { file, transactions } = await ensureDuckDbFile({
      dataDir,
      accounts: size,
      perAccount: PER_ACCOUNT,
    });
    return { file, note: `${transactions} transactions` };
  },
  run({ file }) {
    return runDuckDbProgram(['report', file, AS_OF]);
  },
  fingerprint(_context, { result }) {
    const { revenue } = result;
    return {
      accounts: result.accounts,
      month: revenue.month,
      previous: revenue.previous,
      yearAgo: revenue.yearAgo,
      yearToDate: revenue.yearToDate,
      yearToDateLastYear: revenue.yearToDateLastYear,
      monthOnMonth: ratio(revenue.monthOnMonth),
      yearOnYear: ratio(revenue.yearOnYear),
      tiers: distributionOf(result.tiers),
    };
  },
};

export default {
  id: 'P7',
  title: 'Monthly portfolio report (`kamkit report portfolio`), as a whole command',
  unit: 'accounts',
  sizes: { full: [10_000, 100_000], quick: [1_000] },
  headlineSize: 100_000,
  target: {
    kind: 'time',
    maxRatio: 2,
    maxRssMb: 400,
    text: '≤ 2 × DuckDB’s process, peak RSS ≤ 400 MB',
  },
  requires: ['openStore', 'importFile'],
  repetitions: (_size, quick) => (quick ? 2 : 5),
  warmup: (_size, quick) => (quick ? 0 : 1),
  notes: [
    'Both sides are whole processes timed from start to exit; same store and DuckDB file as P6 (accounts × 100 transactions, the month’s results stored once by `kamkit run`, untimed). Fingerprint: the month’s, last month’s, year-ago and year-to-date revenue, MoM, YoY, and accounts and revenue per tier.',
  ],
  async prepare({ size, dataDir }) {
    await ensureTransactionFiles({ dataDir, accounts: size, perAccount: PER_ACCOUNT });
  },
  ours,
  baseline,
  compare,
};
