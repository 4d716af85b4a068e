/**
 * The baselines of P6 and P7 as a program of their own: open a DuckDB file
 * holding `accounts` and `transactions` (read-only), compute, print one JSON
 * line and exit. The tier rule is the default policies' (`postal-tiers.mjs`).
 *
 * Usage:
 *   node duckdb-tier-report.mjs tier <file.duckdb> <YYYY-MM> <accountId>
 *     → { accountId, tier, admitted, rolling12, lastYear, month } (fen)
 *   node duckdb-tier-report.mjs report <file.duckdb> <YYYY-MM>
 *     → { accounts, revenue: { month, previous, yearAgo, yearToDate, yearToDateLastYear,
 *          monthOnMonth, yearOnYear }, tiers: [{ tier, count, revenue }] }
 *
 * @module
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { revenueIn, TIER_CASE, windowsOf } from './postal-tiers.mjs';

const [mode, file, asOf, accountId] = process.argv.slice(2);
if (!file || !asOf || (mode !== 'tier' && mode !== 'report') || (mode === 'tier' && !accountId)) {
  process.stderr.write(
    'usage: duckdb-tier-report.mjs tier <db> <YYYY-MM> <accountId> | report <db> <YYYY-MM>\n',
  );
  process.exit(2);
}
const windows = windowsOf(asOf);
const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
const connection = await instance.connect();

/** Rows as plain objects, BIGINTs as numbers (sums of fen stay below 2^53 here). */
async function rows(sql, values) {
  const reader = values ? await connection.runAndReadAll(sql, values) : await connection.runAndReadAll(sql);
  return reader
    .getRowObjectsJS()
    .map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value]),
      ),
    );
}

let output;
if (mode === 'tier') {
  const [row] = await rows(
    `WITH figures AS (
       SELECT ${revenueIn(windows.rolling12)} AS rolling12, ${revenueIn(windows.lastYear)} AS last_year,
         ${revenueIn(windows.month)} AS month
       FROM transactions WHERE account_id = $1)
     SELECT a.id, f.rolling12, f.last_year, f.month, ${TIER_CASE} AS tier
     FROM accounts a, figures f WHERE a.id = $1`,
    [accountId],
  );
  if (!row) {
    process.stderr.write(`no account ${accountId}\n`);
    process.exit(1);
  }
  output = {
    accountId: row.id,
    tier: row.tier,
    admitted: row.last_year >= 1_000_000 && row.month >= 100_000,
    rolling12: row.rolling12,
    lastYear: row.last_year,
    month: row.month,
  };
} else {
  const perAccount = `SELECT a.id, ${revenueIn(windows.month, 't')} AS month, ${revenueIn(windows.rolling12, 't')} AS rolling12,
      ${revenueIn(windows.lastYear, 't')} AS last_year
    FROM accounts a LEFT JOIN transactions t ON t.account_id = a.id
      AND t.date >= least(${windows.lastYear[0]}, ${windows.rolling12[0]}) AND t.date < ${windows.month[1]}
    GROUP BY a.id`;
  const tiers = await rows(
    `SELECT tier, count(*) AS count, sum(month)::BIGINT AS revenue
     FROM (SELECT month, ${TIER_CASE} AS tier FROM (${perAccount}))
     GROUP BY tier ORDER BY tier NULLS LAST`,
  );
  const [totals] = await rows(
    `SELECT (SELECT count(*) FROM accounts) AS accounts, ${revenueIn(windows.month)} AS month,
       ${revenueIn(windows.previous)} AS previous, ${revenueIn(windows.yearAgo)} AS year_ago,
       ${revenueIn(windows.yearToDate)} AS year_to_date, ${revenueIn(windows.yearToDateLastYear)} AS year_to_date_last_year
     FROM transactions WHERE account_id IN (SELECT id FROM accounts)`,
  );
  output = {
    accounts: totals.accounts,
    revenue: {
      month: totals.month,
      previous: totals.previous,
      yearAgo: totals.year_ago,
      yearToDate: totals.year_to_date,
      yearToDateLastYear: totals.year_to_date_last_year,
      monthOnMonth: totals.previous > 0 ? (totals.month - totals.previous) / totals.previous : null,
      yearOnYear: totals.year_ago > 0 ? (totals.month - totals.year_ago) / totals.year_ago : null,
    },
    tiers: tiers.map((row) => ({ tier: row.tier, count: row.count, revenue: row.revenue })),
  };
}
connection.closeSync();
instance.closeSync();
process.stdout.write(`${JSON.stringify(output)}\n`);
