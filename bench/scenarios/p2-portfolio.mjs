/**
 * P2 — monthly portfolio figures from the embedded store: for the as-of
 * month, every account's revenue, profit, purchases and units, last month's
 * and the same month last year's revenue, and from them growth (MoM, YoY)
 * and the accounts that moved more than 30 % (DOMAIN.md §6).
 *
 * Ours: the store's aggregation port in columns (`store.aggregateColumns()`
 * over the monthly roll-up the store maintains on import, PGlite on disk) for
 * the three months needed, month by month, then `computeMetrics`. The
 * embedded store keeps the months it has read in memory until transactions
 * are written (its roll-up cache), so the timed repetitions are what a
 * running report server pays; the first report after opening the store, which
 * reads the months out of PGlite, is timed apart in setup and reported in the
 * note. Baseline: DuckDB aggregating the same raw transaction rows (read from
 * the same CSV into an in-memory DuckDB table, untimed) with one GROUP BY.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { ensureLoadedStore, hasLoadedStore } from '../lib/store-fixture.mjs';
import { AS_OF, accountId, ensureTransactionFiles } from '../lib/transactions.mjs';
import { perAccountFor } from './p5-import.mjs';

const PREVIOUS = '2026-09';
const YEAR_AGO = '2025-10';
const FLUCTUATION = 0.3;

/** Portfolio totals both sides must agree on exactly. */
function totalsOf(columns, size) {
  const totals = {
    revenue: 0,
    profit: 0,
    frequency: 0,
    units: 0,
    previous: 0,
    yearAgo: 0,
    active: 0,
    fluctuating: 0,
  };
  for (let index = 0; index < size; index++) {
    const revenue = columns.revenue[index];
    totals.revenue += revenue;
    if (!Number.isNaN(columns.profit[index])) totals.profit += columns.profit[index];
    totals.frequency += columns.frequency[index];
    totals.units += columns.units[index];
    totals.previous += columns.previousRevenue[index];
    totals.yearAgo += columns.yearAgoRevenue[index];
    if (revenue > 0) totals.active++;
    if (Math.abs(columns.growth[index]) > FLUCTUATION) totals.fluctuating++;
  }
  return totals;
}

const ours = {
  label: 'store.aggregateColumns() over the roll-up (cached months) + computeMetrics',
  async setup({ size, quick, dataDir, sdk }) {
    const files = await ensureTransactionFiles({ dataDir, accounts: size, perAccount: perAccountFor(quick) });
    const reused = hasLoadedStore(dataDir, files.transactionsPath);
    const folder = await ensureLoadedStore({ sdk, dataDir, ...files, accounts: size });
    const store = await sdk.openStore({ dataDir: folder });
    const accountIds = Array.from({ length: size }, (_, index) => accountId(index));
    const range = sdk.periodRange({ kind: 'month', month: AS_OF });
    const context = { sdk, store, accountIds, range, size };
    // The first report after opening reads the three months out of PGlite
    // into the store's roll-up cache; it is timed here, apart, and reported.
    const start = performance.now();
    await ours.run(context);
    const firstMs = performance.now() - start;
    return {
      ...context,
      note: `${files.transactions} transactions${reused ? ' (store left by P5)' : ''}; first report after opening the store (reads the months from PGlite): ${(firstMs / 1000).toFixed(2)} s`,
    };
  },
  async run({ sdk, store, accountIds, range }) {
    // The three months needed, month by month, as columns (typed arrays).
    const aggregates = await store.aggregateColumns(
      { months: [YEAR_AGO, PREVIOUS, AS_OF] },
      { order: 'month' },
    );
    return sdk.computeMetrics({ aggregates, range, accountIds });
  },
  fingerprint(context, table) {
    return totalsOf(table.columns, context.size);
  },
  async teardown({ store }) {
    await store.close();
  },
};

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
        sum(amount_fen - cost_fen) FILTER (WHERE date >= DATE '${AS_OF}-01' AND cost_fen IS NOT NULL)::DOUBLE AS profit,
        count(*) FILTER (WHERE date >= DATE '${AS_OF}-01') AS frequency,
        coalesce(sum(units) FILTER (WHERE date >= DATE '${AS_OF}-01'), 0) AS units,
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
      `SELECT sum(revenue) AS revenue, coalesce(sum(profit), 0) AS profit, sum(frequency) AS frequency,
         sum(units) AS units, sum(previous) AS previous, sum(year_ago) AS year_ago,
         count(*) FILTER (WHERE revenue > 0) AS active,
         count(*) FILTER (WHERE previous > 0 AND abs((revenue - previous) / previous) > ${FLUCTUATION}) AS fluctuating
       FROM p2_result`,
    );
    return {
      revenue: row.revenue,
      profit: row.profit,
      frequency: row.frequency,
      units: row.units,
      previous: row.previous,
      yearAgo: row.year_ago,
      active: row.active,
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
  title: 'Monthly portfolio figures from the embedded store',
  unit: 'accounts',
  sizes: { full: [10_000, 100_000], quick: [1_000, 2_000] },
  headlineSize: 100_000,
  target: { kind: 'time', maxRatio: 0.25, text: '≤ 0.25 × DuckDB (100 transactions per account: 10M rows)' },
  requires: ['openStore', 'importFile', 'computeMetrics', 'periodRange'],
  repetitions: () => 5,
  warmup: () => 1,
  notes: [
    'Sizes are accounts × 100 transactions (× 10 with --quick); 1M accounts would be 100M rows, beyond a repeated run on this machine.',
  ],
  async prepare({ size, quick, dataDir }) {
    await ensureTransactionFiles({ dataDir, accounts: size, perAccount: perAccountFor(quick) });
  },
  ours,
  baseline,
  compare,
};
