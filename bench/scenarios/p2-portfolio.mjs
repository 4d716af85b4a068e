/**
 * P2 — monthly portfolio figures from the embedded store: for the as-of
 * month, every account's revenue, profit, purchases and units, last month's
 * and the same month last year's revenue, and from them growth (MoM, YoY)
 * and the accounts that moved more than 30 % (DOMAIN.md §6).
 *
 * Ours: cold, on the product's own path: each repetition opens the store
 * afresh (untimed; PGlite's buffer pool and the store's roll-up cache start
 * empty, as for the first report after opening it), then reads the three
 * months needed through the store's aggregation port in columns
 * (`store.aggregateColumns()` over the monthly roll-up the store maintains on
 * import, PGlite on disk — what the month's computation and the account
 * report read) and runs `computeMetrics`; that read and computation are
 * timed. A second report on the same open store, served from the roll-up
 * cache, is timed apart and reported in the note. Baseline: DuckDB
 * aggregating the same raw transaction rows (read from the same CSV into an
 * in-memory DuckDB table, untimed) with one GROUP BY.
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
  label: 'store.aggregateColumns() over the roll-up + computeMetrics, cold (store just opened)',
  async setup({ size, quick, dataDir, sdk }) {
    const files = await ensureTransactionFiles({ dataDir, accounts: size, perAccount: perAccountFor(quick) });
    const reused = hasLoadedStore(dataDir, files.transactionsPath);
    const folder = await ensureLoadedStore({ sdk, dataDir, ...files, accounts: size });
    const accountIds = Array.from({ length: size }, (_, index) => accountId(index));
    const range = sdk.periodRange({ kind: 'month', month: AS_OF });
    const context = { sdk, folder, accountIds, range, size, store: undefined };
    // A warm report, apart: the same read again on an open store, from its roll-up cache.
    const store = await sdk.openStore({ dataDir: folder });
    await figures({ ...context, store });
    const start = performance.now();
    await figures({ ...context, store });
    const warmMs = performance.now() - start;
    await store.close();
    return {
      ...context,
      note: `${files.transactions} transactions${reused ? ' (store left by P5)' : ''}; each repetition opens the store first (untimed); a second report on the open store, from its roll-up cache: ${warmMs.toFixed(0)} ms`,
    };
  },
  async beforeEach(context) {
    await context.store?.close();
    context.store = await context.sdk.openStore({ dataDir: context.folder });
  },
  run: figures,
  fingerprint(context, table) {
    return totalsOf(table.columns, context.size);
  },
  async teardown({ store }) {
    await store?.close();
  },
};

/** The month's figures: the three months needed, month by month, as columns (typed arrays), then the metrics. */
async function figures({ sdk, store, accountIds, range }) {
  const aggregates = await store.aggregateColumns(
    { months: [YEAR_AGO, PREVIOUS, AS_OF] },
    { order: 'month' },
  );
  return sdk.computeMetrics({ aggregates, range, accountIds });
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
  target: {
    kind: 'time',
    maxRatio: 0.5,
    text: '≤ 0.5 × DuckDB, cold: the first report after opening the store (100 transactions per account: 10M rows)',
  },
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
