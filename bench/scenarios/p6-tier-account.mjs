/**
 * P6 — one account's tier and status, as the user runs it, as a whole command.
 *
 * Ours: the built `kamkit tier --account <id> --as-of <month> --json`, in its
 * own process, in a folder whose `.kamkit/db` is an embedded store (PGlite)
 * holding N accounts × 100 transactions and the month's stored results
 * (`kamkit run --as-of <month>`, run once while the fixture is built,
 * untimed): it opens the store, reads the month's stored row of that account
 * and the tier distribution, and prints the tier, why and the upgrade path.
 * Baseline: a Node program of its own (`lib/duckdb-tier-report.mjs tier`)
 * that opens a DuckDB file of the same accounts and transactions and
 * computes that account's tier by the default policies' rule
 * (`lib/postal-tiers.mjs`: admission on last year's and this month's revenue,
 * then Platinum / Gold / VIP on the last 12 months' revenue) in one query.
 *
 * Both sides are timed from process start to exit; peak RSS is each
 * command's own. The fingerprint is the tier and the figure it was decided
 * on, as the explanation prints it.
 *
 * @module
 */
import { decidingFigure, decidingFigureOfReason } from '../lib/postal-tiers.mjs';
import {
  ensureDuckDbFile,
  ensureResultsProject,
  runDuckDbProgram,
  runKamkit,
} from '../lib/results-fixture.mjs';
import { AS_OF, accountId, ensureTransactionFiles } from '../lib/transactions.mjs';

/** Transactions per account, at every size. */
export const PER_ACCOUNT = 100;

/** The account both sides look up: a fixed position in the generated accounts. */
export function pickedAccount(size) {
  return accountId(Math.floor(size * 0.37));
}

/** The fixture's note: its transactions and what building it took (P6 and P7 share the fixture). */
export function buildNote(transactions, built) {
  const parts = [
    `${transactions} transactions; fixture: kamkit run --as-of ${AS_OF} took ${(built.runMs / 1000).toFixed(1)} s`,
  ];
  if (built.loadMs !== undefined) parts.push(`loading the store ${(built.loadMs / 1000).toFixed(1)} s`);
  return parts.join(', ');
}

/** Ours: the command in the folder, which opens the store itself (no `kamkit serve` running). */
export const ours = {
  label: '`kamkit tier --account <id> --json` on stored results',
  async setup({ size, dataDir, sdk }) {
    const { folder, transactions, built } = await ensureResultsProject({
      sdk,
      dataDir,
      accounts: size,
      perAccount: PER_ACCOUNT,
    });
    return { folder, account: pickedAccount(size), note: buildNote(transactions, built) };
  },
  run({ folder, account }) {
    return runKamkit(folder, ['tier', '--account', account, '--as-of', AS_OF, '--json']);
  },
  fingerprint({ account }, { result }) {
    const row = result.accounts?.find((entry) => entry.accountId === account);
    if (!row) throw new Error(`kamkit tier printed no row for ${account}`);
    return {
      accountId: row.accountId,
      tier: row.tier,
      figure: decidingFigureOfReason(row.reason) ?? row.reason,
    };
  },
};

/** The baseline (shared with P6s): the DuckDB program, its own process. */
export const baseline = {
  label: 'DuckDB file, one query, its own process',
  async setup({ size, dataDir }) {
    const { file, transactions } = await ensureDuckDbFile({
      dataDir,
      accounts: size,
      perAccount: PER_ACCOUNT,
    });
    return { file, account: pickedAccount(size), note: `${transactions} transactions` };
  },
  run({ file, account }) {
    return runDuckDbProgram(['tier', file, AS_OF, account]);
  },
  fingerprint(_context, { result }) {
    return { accountId: result.accountId, tier: result.tier, figure: decidingFigure(result) };
  },
};

/** Every fingerprint field on which the two sides disagree, worded. */
export function compare(oursPrint, baselinePrint) {
  return Object.keys(baselinePrint)
    .filter((key) => oursPrint[key] !== baselinePrint[key])
    .map((key) => `${key}: ours ${oursPrint[key]}, DuckDB ${baselinePrint[key]}`);
}

export default {
  id: 'P6',
  title: "One account's tier and status (`kamkit tier --account`), as a whole command",
  unit: 'accounts',
  sizes: { full: [10_000, 100_000], quick: [1_000] },
  headlineSize: 100_000,
  target: { kind: 'time', maxRatio: 3, maxRssMb: 250, text: '≤ 3 × DuckDB’s process, peak RSS ≤ 250 MB' },
  requires: ['openStore', 'importFile'],
  repetitions: (_size, quick) => (quick ? 2 : 5),
  warmup: (_size, quick) => (quick ? 0 : 1),
  notes: [
    'Both sides are whole processes timed from start to exit (Node start, opening the store or the DuckDB file included); the store holds accounts × 100 transactions and the month’s results, stored once by `kamkit run` while the fixture is built (untimed).',
  ],
  async prepare({ size, dataDir }) {
    await ensureTransactionFiles({ dataDir, accounts: size, perAccount: PER_ACCOUNT });
  },
  ours,
  baseline,
  compare,
};
