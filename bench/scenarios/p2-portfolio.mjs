/**
 * P2 — the monthly portfolio figures as the product reports them: for the
 * as-of month, the portfolio's revenue, last month's and the same month
 * last year's, and the accounts whose revenue moved more than 30 % month
 * on month (DOMAIN.md §6, §7).
 *
 * Ours: cold, on the product's own report path. The month's results are
 * stored once by `kamkit run` (untimed, the fixture P6 and P7 share); each
 * repetition opens the store afresh (untimed; PGlite's buffer pool starts
 * empty, as for the first report after opening it), then
 * `loadStoredPortfolioAnalysis` — what `kamkit report portfolio`, the
 * monthly report job and the WeChat rooms call — reads the month's stored
 * analysis with every fluctuating account listed, and that read is timed. A
 * second read on the same open store is timed apart and reported in the
 * note. The month's computation is not in this row: it runs once per
 * change, off the request path (`kamkit run`'s time is in P6's note).
 * Baseline: DuckDB aggregating the same raw transaction rows (read from the
 * same CSV into an in-memory DuckDB table, untimed) with one GROUP BY, the
 * figures summed from its result.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { ensureResultsProject } from '../lib/results-fixture.mjs';
import { AS_OF, ensureTransactionFiles } from '../lib/transactions.mjs';
import { perAccountFor } from './p5-import.mjs';
import { buildNote } from './p6-tier-account.mjs';

const PREVIOUS = '2026-09';
const YEAR_AGO = '2025-10';
const FLUCTUATION = 0.3;

const ours = {
  label: 'loadStoredPortfolioAnalysis() on the month’s stored results, cold (store just opened)',
  async setup({ size, quick, dataDir, sdk }) {
    const { folder, transactions, built } = await ensureResultsProject({
      sdk,
      dataDir,
      accounts: size,
      perAccount: perAccountFor(quick),
    });
    const context = {
      sdk,
      dataDir: `${folder}/.kamkit/db`,
      policies: sdk.defaultPolicies(),
      store: undefined,
    };
    const store = await sdk.openStore({ dataDir: context.dataDir });
    try {
      // The results `kamkit run` stored must be the ones these policies read, or the first
      // report would compute the month (minutes at 100k) inside the timed read.
      const meta = await store.results.monthMeta(AS_OF);
      if (meta?.policyFingerprint !== sdk.policyFingerprint(context.policies))
        throw new Error(`P2: the fixture's results of ${AS_OF} were not computed with the default policies`);
      await report({ ...context, store });
      const start = performance.now();
      await report({ ...context, store });
      const warmMs = performance.now() - start;
      return {
        ...context,
        note: `${buildNote(transactions, built)}; each repetition opens the store first (untimed); a second report on the open store: ${warmMs.toFixed(0)} ms`,
      };
    } finally {
      await store.close();
    }
  },
  async beforeEach(context) {
    await context.store?.close();
    context.store = await context.sdk.openStore({ dataDir: context.dataDir });
  },
  run: report,
  fingerprint(_context, { analysis }) {
    return {
      revenue: analysis.revenue.monthFen,
      previous: analysis.revenue.previousMonthFen,
      yearAgo: analysis.revenue.sameMonthLastYearFen,
      fluctuating: analysis.fluctuating.length,
    };
  },
  async teardown({ store }) {
    await store?.close();
  },
};

/** The month's portfolio analysis as the reports read it. */
function report({ sdk, store, policies }) {
  return sdk.loadStoredPortfolioAnalysis({ store, policies, month: AS_OF });
}

const baseline = {
  label: 'DuckDB GROUP BY over the raw rows',
  async setup({ size, quick, dataDir }) {
    const files = await ensureTransactionFiles({ dataDir, accounts: size, perAccount: perAccountFor(quick) });
    const { openDuckDb } = await import('../lib/duckdb.mjs');
    const database = await openDuckDb();
    await database.connection.run(`CREATE TABLE p2_transactions AS SELECT * FROM read_csv('${files.transactionsPath}',
      header = true, columns = {'id': 'VARCHAR', 'account_id': 'VARCHAR', 'date': 'DATE', 'amount_fen': 'BIGINT',
      'category': 'VARCHAR', 'units': 'DOUBLE', 'cost_fen': 'BIGINT', 'market_total_fen': 'BIGINT'})`);
    const sql = `CREATE OR REPLACE TABLE p2_result AS
      SELECT account_id,
        coalesce(sum(amount_fen) FILTER (WHERE date >= DATE '${AS_OF}-01'), 0)::DOUBLE AS revenue,
        coalesce(sum(amount_fen) FILTER (WHERE date >= DATE '${PREVIOUS}-01' AND date < DATE '${AS_OF}-01'), 0)::DOUBLE AS previous,
        coalesce(sum(amount_fen) FILTER (WHERE date < DATE '${YEAR_AGO}-01' + INTERVAL 1 MONTH), 0)::DOUBLE AS year_ago
      FROM p2_transactions
      WHERE (date >= DATE '${PREVIOUS}-01' AND date < DATE '${AS_OF}-01' + INTERVAL 1 MONTH)
         OR (date >= DATE '${YEAR_AGO}-01' AND date < DATE '${YEAR_AGO}-01' + INTERVAL 1 MONTH)
      GROUP BY account_id`;
    return { ...database, sql, note: `${files.transactions} transactions` };
  },
  async run(context) {
    await context.connection.run(context.sql);
  },
  async fingerprint(context) {
    const { queryRows } = await import('../lib/duckdb.mjs');
    const [row] = await queryRows(
      context.connection,
      `SELECT sum(revenue) AS revenue, sum(previous) AS previous, sum(year_ago) AS year_ago,
         count(*) FILTER (WHERE previous <> 0 AND abs((revenue - previous) / previous) > ${FLUCTUATION}) AS fluctuating
       FROM p2_result`,
    );
    return {
      revenue: row.revenue,
      previous: row.previous,
      yearAgo: row.year_ago,
      fluctuating: row.fluctuating,
    };
  },
  teardown(context) {
    context.connection.closeSync();
    context.instance.closeSync();
  },
};

function compare(oursPrint, baselinePrint) {
  return Object.keys(baselinePrint)
    .filter((key) => oursPrint[key] !== baselinePrint[key])
    .map((key) => `${key}: ours ${oursPrint[key]}, DuckDB ${baselinePrint[key]}`);
}

export default {
  id: 'P2',
  title: 'Monthly portfolio figures from the embedded store, as the report reads them',
  unit: 'accounts',
  sizes: { full: [10_000, 100_000], quick: [1_000, 2_000] },
  headlineSize: 100_000,
  target: {
    kind: 'time',
    maxRatio: 0.5,
    text: '≤ 0.5 × DuckDB, cold: the first report after opening the store (100 transactions per account: 10M rows)',
  },
  requires: [
    'openStore',
    'importFile',
    'loadStoredPortfolioAnalysis',
    'defaultPolicies',
    'policyFingerprint',
  ],
  repetitions: () => 5,
  warmup: () => 1,
  notes: [
    'Sizes are accounts × 100 transactions (× 10 with --quick); 1M accounts would be 100M rows, beyond a repeated run on this machine.',
    'Ours reads what the month’s run stored (the store P6 and P7 use, results stored once by `kamkit run`, untimed); DuckDB computes the figures from the raw rows each time. Fingerprint: the month’s, last month’s and year-ago revenue and the number of accounts moving more than 30 %.',
  ],
  async prepare({ size, quick, dataDir }) {
    await ensureTransactionFiles({ dataDir, accounts: size, perAccount: perAccountFor(quick) });
  },
  ours,
  baseline,
  compare,
};
