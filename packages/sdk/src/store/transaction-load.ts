/**
 * Bulk loading of transactions into the PostgreSQL store
 * ({@link Store.loadTransactions}). On PGlite each batch is sent with
 * `COPY … FROM '/dev/blob'` straight into `transactions` (inside a savepoint;
 * when an id is already stored the batch is rolled back to the savepoint and
 * inserted with `ON CONFLICT DO NOTHING` instead), and the monthly roll-up is
 * refreshed once at the end — for the accounts and months the load touched —
 * instead of being upserted batch by batch. Internal to `store/`.
 *
 * @module
 */
import type { Transaction } from '../domain/transaction.js';
import { copyText } from './copy-text.js';
import type { AddTransactions, InsertResult, SqlClient, Store, WriteMeta } from './port.js';
import { checkTransactions, firstByKey, InsertedRanges, transactionColumns } from './records.js';
import type { CopyClient } from './sql-driver.js';

/** The columns a load writes, in the order of the COPY text. */
const COLUMNS =
  'id, account_id, date, amount_fen, category, units, unit, cost_fen, profit_fen, market_total_fen';

/** The roll-up's columns and the sums that fill them from `transactions` rows. */
const ROLLUP_COLUMNS = `account_id, month, category, revenue_fen, count, units, profit_fen, profit_base_fen,
  market_total_fen, market_base_fen, last_date`;
const ROLLUP_SUMS = `account_id, substr(date, 1, 7), category,
  sum(amount_fen), count(*), coalesce(sum(units), 0),
  coalesce(sum(coalesce(profit_fen, amount_fen - cost_fen)), 0),
  coalesce(sum(amount_fen) FILTER (WHERE profit_fen IS NOT NULL OR cost_fen IS NOT NULL), 0),
  coalesce(sum(market_total_fen), 0),
  coalesce(sum(amount_fen) FILTER (WHERE market_total_fen IS NOT NULL), 0),
  max(date)`;

/**
 * Rows inserted by one load above which the planner statistics of
 * `transactions` and the roll-up are refreshed (PGlite has no autovacuum, so
 * without it the refresh would be planned for an almost empty table).
 */
const ANALYZE_AFTER = 50_000;

/** Memory for the one roll-up refresh (sorting or hashing millions of groups). */
const REFRESH_WORK_MEM = '256MB';

function copyNumber(value: number | undefined): string {
  return value === undefined ? '\\N' : String(value);
}

/** The batch as COPY text: one line per row, tab-separated, `\N` for null. */
export function transactionsCopyText(batch: readonly Transaction[]): string {
  let out = '';
  for (const row of batch) {
    out += `${copyText(row.id)}\t${copyText(row.accountId)}\t${row.date}\t${row.amountFen}\t${copyText(row.category)}\t${copyNumber(row.units)}\t${row.unit === undefined ? '\\N' : copyText(row.unit)}\t${copyNumber(row.costFen)}\t${copyNumber(row.profitFen)}\t${copyNumber(row.marketTotalFen)}\n`;
  }
  return out;
}

/** The accounts and month span a load wrote to, for the roll-up refresh. */
class Touched {
  readonly accounts = new Set<string>();
  #from: string | undefined;
  #to: string | undefined;

  add(accountId: string, fromDate: string, toDate: string): void {
    this.accounts.add(accountId);
    if (this.#from === undefined || fromDate < this.#from) this.#from = fromDate;
    if (this.#to === undefined || toDate > this.#to) this.#to = toDate;
  }

  /** First touched month `YYYY-MM`. */
  get fromMonth(): string | undefined {
    return this.#from?.slice(0, 7);
  }

  /** Last touched month `YYYY-MM`. */
  get toMonth(): string | undefined {
    return this.#to?.slice(0, 7);
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

/**
 * The batch in the order of the table's keys, account first (its primary key
 * (account_id, id) and its index (account_id, date)): in a file's order the
 * rows land all over both B-trees, and with the store's small buffer pool
 * most of a load's time went into writing out and reading back index pages
 * (1,000,000 rows in 50,000-row batches: 24 s of COPY in file order, 10 s
 * sorted batch by batch).
 */
function inKeyOrder(batch: readonly Transaction[]): Transaction[] {
  // UTF-16 order, not quite the key's "C" order past the Basic Multilingual Plane: the order only
  // keeps an account's rows together and decides nothing, and this is a quarter cheaper than `compareText`.
  return [...batch].sort(byAccountThenId);
}

function byAccountThenId(left: Transaction, right: Transaction): number {
  if (left.accountId !== right.accountId) return left.accountId < right.accountId ? -1 : 1;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}

/** COPY one batch into `transactions`; false (and nothing written) when an id is already stored. */
async function copyBatch(client: CopyClient, batch: readonly Transaction[]): Promise<boolean> {
  await client.exec('SAVEPOINT kamkit_load');
  try {
    await client.copyFrom(
      `COPY transactions (${COLUMNS}) FROM '/dev/blob'`,
      new Blob([transactionsCopyText(inKeyOrder(batch))]),
    );
  } catch (error) {
    await client.exec('ROLLBACK TO SAVEPOINT kamkit_load');
    await client.exec('RELEASE SAVEPOINT kamkit_load');
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  await client.exec('RELEASE SAVEPOINT kamkit_load');
  return true;
}

/** Insert one batch, skipping stored ids; reports what it wrote per account. */
async function insertSkippingStored(
  client: SqlClient,
  batch: readonly Transaction[],
  touched: Touched,
  ranges: InsertedRanges,
): Promise<number> {
  const { rows } = await client.query<{
    account_id: string;
    first: string;
    last: string;
    n: unknown;
    first_id: string;
    last_id: string;
  }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::float8[], $7::text[],
                            $8::int8[], $9::int8[], $10::int8[])
         AS t(id, account_id, date, amount_fen, category, units, unit, cost_fen, profit_fen, market_total_fen)
     ), inserted AS (
       INSERT INTO transactions (${COLUMNS})
       SELECT * FROM input ORDER BY account_id COLLATE "C", id COLLATE "C"
       ON CONFLICT (account_id, id) DO NOTHING
       RETURNING id, account_id, date
     )
     SELECT account_id, min(date) AS first, max(date) AS last, count(*) AS n,
            min(id COLLATE "C") AS first_id, max(id COLLATE "C") AS last_id
     FROM inserted GROUP BY account_id`,
    transactionColumns(batch),
  );
  let inserted = 0;
  for (const row of rows) {
    touched.add(row.account_id, row.first, row.last);
    ranges.add(row.account_id, Number(row.n), row.first_id, row.last_id);
    inserted += Number(row.n);
  }
  return inserted;
}

/** The month after `YYYY-MM`. */
function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const number = Number(month.slice(5, 7));
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
}

/**
 * Recompute the roll-up rows of the touched accounts over the touched month
 * span from `transactions` (delete, then one grouped insert in key order).
 */
async function refreshRollup(client: SqlClient, touched: Touched, inserted: number): Promise<void> {
  if (touched.accounts.size === 0 || touched.fromMonth === undefined || touched.toMonth === undefined) return;
  const accounts = [...touched.accounts];
  if (inserted >= ANALYZE_AFTER) await client.exec('ANALYZE transactions');
  const { rows } = await client.query<{ work_mem: string }>(
    `SELECT current_setting('work_mem') AS work_mem, set_config('work_mem', $1, true)`,
    [REFRESH_WORK_MEM],
  );
  const params = [accounts, touched.fromMonth, touched.toMonth];
  await client.query(
    `DELETE FROM transaction_monthly
     WHERE account_id IN (SELECT unnest($1::text[])) AND month >= $2 AND month <= $3`,
    params,
  );
  await client.query(
    `INSERT INTO transaction_monthly (${ROLLUP_COLUMNS})
     SELECT ${ROLLUP_SUMS}
     FROM transactions
     WHERE account_id IN (SELECT unnest($1::text[])) AND date >= $2 AND date < $3
     GROUP BY 1, 2, 3
     ORDER BY account_id COLLATE "C", substr(date, 1, 7) COLLATE "C", category COLLATE "C"`,
    [accounts, `${touched.fromMonth}-01`, `${nextMonth(touched.toMonth)}-01`],
  );
  await client.query(`SELECT set_config('work_mem', $1, true)`, [rows[0]?.work_mem ?? '4MB']);
  if (inserted >= ANALYZE_AFTER) await client.exec('ANALYZE transaction_monthly');
}

/**
 * Run a bulk load on a COPY-capable connection that is already inside a
 * transaction: batches go in with COPY (or, after an id was found stored,
 * with `INSERT … ON CONFLICT DO NOTHING`), and the roll-up is refreshed once
 * when `work` resolves; then `audit` receives what each account got, to
 * record in the same transaction.
 */
export async function loadWithCopy<T>(
  client: CopyClient,
  work: (add: AddTransactions) => Promise<T>,
  audit: (ranges: InsertedRanges) => Promise<unknown>,
): Promise<T> {
  const touched = new Touched();
  const ranges = new InsertedRanges();
  /** Ids added by this load, known only while COPY succeeds; after a conflict every batch checks the table. */
  let copying = true;
  let total = 0;
  const add: AddTransactions = async (rows): Promise<InsertResult> => {
    checkTransactions(rows);
    const batch = firstByKey(rows);
    if (batch.length === 0) return { inserted: 0, skipped: rows.length };
    if (copying && (await copyBatch(client, batch))) {
      for (const row of batch) {
        touched.add(row.accountId, row.date, row.date);
        ranges.addRow(row);
      }
      total += batch.length;
      return { inserted: batch.length, skipped: rows.length - batch.length };
    }
    copying = false;
    const inserted = await insertSkippingStored(client, batch, touched, ranges);
    total += inserted;
    return { inserted, skipped: rows.length - inserted };
  };
  const result = await work(add);
  await refreshRollup(client, touched, total);
  await audit(ranges);
  return result;
}

/** A bulk load without COPY (a PostgreSQL server through `pg`): batch by batch with `insertTransactions`. */
export async function loadWithInserts<T>(
  store: Pick<Store, 'insertTransactions'>,
  work: (add: AddTransactions) => Promise<T>,
  meta: WriteMeta,
): Promise<T> {
  return work((rows) => store.insertTransactions(rows, meta));
}
