/**
 * The PostgreSQL {@link Store}: one set of SQL for PGlite (embedded) and a
 * PostgreSQL server (`pg`). Records are kept as `jsonb` beside the columns
 * that filters and keys need; transactions are summed into a maintained
 * monthly roll-up in the same statement that inserts them, so `aggregate()`
 * never rescans raw rows.
 *
 * @module
 */

import { assertClaimSteps, type Claim } from '../claims/claim.js';
import type { Account } from '../domain/account.js';
import type { Contact } from '../domain/contact.js';
import type { Payment } from '../domain/payment.js';
import type { Transaction } from '../domain/transaction.js';
import type { User } from '../domain/user.js';
import {
  type AggregateColumns,
  aggregateRowsOf,
  concatAggregateColumns,
  emptyColumns,
  makeAggregateColumns,
} from '../metrics/aggregate-columns.js';
import { sqlResultsStore } from '../results/sql-results-store.js';
import { dayNumber, monthFromIndex, monthIndex } from '../time/calendar.js';
import {
  AggregateCache,
  type AggregateCacheOptions,
  keepAccounts,
  mergeMonths,
  monthsOfQuery,
} from './aggregate-cache.js';
import { allMigrations, runMigrations } from './migrations.js';
import type {
  AccountFilter,
  AccountVersion,
  AggregateColumnsOptions,
  AggregateQuery,
  AuditEntry,
  AuditFilter,
  InsertResult,
  Migration,
  MonthlyPaymentTotal,
  PaymentFilter,
  PutManyResult,
  SqlClient,
  Store,
  StoredTierAssignment,
  WriteMeta,
} from './port.js';
import {
  auditOfPut,
  auditOfScore,
  canonicalJson,
  check,
  checkInteractions,
  checkMany,
  checkPayments,
  checkStorable,
  checkTransactions,
  firstByKey,
  InsertedRanges,
  lastByKey,
  normaliseInstant,
  recordKey,
  roundsById,
  SUBJECTS,
  SYSTEM_META,
  tierAuditValue,
  tierChanges,
  transactionColumns,
} from './records.js';
import { assertKnownSchema } from './schema-guard.js';
import { canCopy, type SqlDriver } from './sql-driver.js';
import { loadWithCopy, loadWithInserts } from './transaction-load.js';

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** Where the SQL runs: {@link pgliteDriver} or {@link pgPoolDriver}. */
  client: SqlDriver;
  /** The clock for default timestamps and expiry checks (default: `() => new Date()`). */
  clock?: () => Date;
  /**
   * Apply pending migrations at open (default `true`). With `false` (the
   * application role of a server whose owner migrates), the schema is only
   * checked: a database migrated by a newer KAMkit is refused either way.
   */
  migrate?: boolean;
  /** The migrations to apply (default: core + modules, sorted by id). */
  migrations?: readonly Migration[];
  /** Close the driver when the store is closed (default `true`). */
  closeClient?: boolean;
  /**
   * Keep the monthly roll-up of the months read portfolio-wide in memory, in
   * columns, so `aggregateColumns()` answers repeated reports without asking
   * the database (see `aggregate-cache.ts`). Correct only while this store
   * object is the only writer of transactions — true of the embedded store
   * opened by its owner alone (`driver.processLocal`), where it is on by default (`maxRows` {@link DEFAULT_AGGREGATE_CACHE_ROWS});
   * off by default on a server. `false` turns it off.
   */
  aggregateCache?: AggregateCacheOptions | false;
}

/**
 * Roll-up rows the embedded store's aggregate cache holds by default: about
 * 160 MB, three months of a 100,000-account portfolio buying in ~3 categories a month.
 */
export const DEFAULT_AGGREGATE_CACHE_ROWS = 2_000_000;

/** Rows per statement for bulk inserts. */
const BATCH = 5000;
/**
 * Alerts per statement of {@link Store.saveAlerts}: a month's run saves one
 * or more per account, each compared with the stored one first; at 5,000 a
 * batch held a bot's event loop ~140 ms during a 100,000-account refresh.
 */
const ALERT_BATCH = 1_000;
/** Times a self-contained write is retried after a deadlock or serialisation failure. */
const RETRIES = 3;

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
/**
 * Stored records as one JSON array text (`[{…},{…}]`), read back in SQL with
 * `json_array_elements($n::text::json) WITH ORDINALITY` beside the key
 * columns' `unnest`. Sent as a `text[]`, each record's JSON was quoted and
 * escaped again by PGlite in JavaScript and parsed back as an array: a third
 * of the time of writing 10,000 scores or tier assignments.
 */
const jsonDocuments = (rows: readonly unknown[]): string =>
  `[${rows.map((row) => JSON.stringify(row)).join(',')}]`;
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

function chunks<T>(rows: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** Builds `WHERE` clauses with numbered parameters. */
class Where {
  readonly params: unknown[] = [];
  readonly #parts: string[] = [];
  add(sql: (param: string) => string, value: unknown): void {
    this.params.push(value);
    this.#parts.push(sql(`$${this.params.length}`));
  }
  /** One condition over several parameters. */
  addAll(sql: (params: string[]) => string, values: readonly unknown[]): void {
    const params = values.map((value) => {
      this.params.push(value);
      return `$${this.params.length}`;
    });
    this.#parts.push(sql(params));
  }
  toString(): string {
    return this.#parts.length === 0 ? '' : `WHERE ${this.#parts.join(' AND ')}`;
  }
}

/** The order of aggregate rows: account, month, category, by code point (as the memory store sorts). */
const AGGREGATE_ORDER = 'account_id COLLATE "C", month COLLATE "C", category COLLATE "C"';

/** The roll-up's columns in the order `aggregate()` reads them. */
const AGGREGATE_FIELDS = `account_id, month, category, revenue_fen, count, units, profit_fen, profit_base_fen,
  market_total_fen, market_base_fen, last_date`;

/** Roll-up rows per JSON page of `aggregate()` (~4 MB of text each). */
const AGGREGATE_PAGE_ROWS = 50_000;

/**
 * Roll-up rows per statement of `aggregate()` and `aggregateColumns()` on
 * in-process PGlite: each holds the event loop ~25 ms (10,000 accounts,
 * 540,000 rows: ~1 s in one statement; 7,500 rows ~50 ms, which put a bot's
 * event-loop p99 over 50 ms while a 100,000-account refresh read them).
 */
const AGGREGATE_STATEMENT_ROWS = 4_000;

/**
 * Rows per statement of a whole-table list (`listAccounts`, `listAlerts`) on
 * in-process PGlite, where each statement runs on the caller's thread: one
 * statement of 100,000 accounts held it ~1.1 s, one of 5,000 ~70 ms, one of
 * 2,000 ~30 ms.
 */
const LIST_STATEMENT_ROWS = 2_000;

/**
 * Whether the database sorts text by code point (collation "C", as PGlite's
 * does): then its primary-key order is the port's order, and `aggregate()`
 * pages along the key. Asked once per store.
 */
function collationIsC(context: { collationIsC?: Promise<boolean> }, client: SqlClient): Promise<boolean> {
  context.collationIsC ??= client
    .query<{ c: boolean }>(
      `SELECT datcollate IN ('C', 'POSIX') AS c FROM pg_database WHERE datname = current_database()`,
    )
    .then(({ rows }) => rows[0]?.c === true);
  return context.collationIsC;
}

/** Roll-up rows month by month (what the aggregate cache stores), each month in the port's order. */
const MONTH_FIRST_ORDER = 'month COLLATE "C", account_id COLLATE "C", category COLLATE "C"';

/**
 * The texts of a read column with each repeated value one string (in place):
 * the driver makes a string per row, and a 100,000-account roll-up's ~930,000
 * rows name 100,000 accounts and a few categories.
 */
function shareRepeats(texts: string[]): string[] {
  const seen = new Map<string, string>();
  let previous: string | undefined;
  for (let index = 0; index < texts.length; index++) {
    const text = texts[index]!;
    if (text === previous) {
      texts[index] = previous;
      continue;
    }
    let shared = seen.get(text);
    if (shared === undefined) {
      shared = text;
      if (seen.size < 4_096) seen.set(text, text);
    }
    texts[index] = shared;
    previous = shared;
  }
  return texts;
}

/** Roll-up rows read as JSON pages (`[[account_id, month, category, …, last_date], …]` each), as {@link AggregateColumns}. */
function columnsOfPages(pages: readonly string[]): AggregateColumns {
  const rows = pages.flatMap((page) => JSON.parse(page) as unknown[][]);
  const size = rows.length;
  const out = emptyColumns(size);
  const accountId: string[] = [];
  const category: string[] = [];
  rows.forEach((row, at) => {
    accountId.push(row[0] as string);
    out.month[at] = monthIndex(row[1] as string);
    category.push(row[2] as string);
    out.revenueFen[at] = num(row[3]);
    out.count[at] = num(row[4]);
    out.units[at] = num(row[5]);
    out.profitFen[at] = num(row[6]);
    out.profitBaseFen[at] = num(row[7]);
    out.marketTotalFen[at] = num(row[8]);
    out.marketBaseFen[at] = num(row[9]);
    const last = row[10] as string;
    out.lastDay[at] = last === '' ? Number.NaN : dayNumber(last);
  });
  return makeAggregateColumns(size, {
    ...out,
    accountId: shareRepeats(accountId),
    category: shareRepeats(category),
  });
}

/** The one row of an `array_agg` roll-up read, as {@link AggregateColumns}. */
function columnsOfRow(row: Record<string, unknown[] | null>): AggregateColumns {
  const list = (name: string): unknown[] => row[name] ?? [];
  const numbers = (name: string) => Float64Array.from(list(name), (value) => num(value));
  const accountId = list('account_id') as string[];
  return makeAggregateColumns(accountId.length, {
    accountId: shareRepeats(accountId),
    category: shareRepeats(list('category') as string[]),
    month: Int32Array.from(list('month') as number[]),
    revenueFen: numbers('revenue_fen'),
    count: numbers('count'),
    units: numbers('units'),
    profitFen: numbers('profit_fen'),
    profitBaseFen: numbers('profit_base_fen'),
    marketTotalFen: numbers('market_total_fen'),
    marketBaseFen: numbers('market_base_fen'),
    lastDay: Float64Array.from(list('last_day'), (value) =>
      value === null || value === undefined ? Number.NaN : Number(value),
    ),
  });
}

/** The WHERE clause of an aggregation-port query. */
function aggregateWhere(query: AggregateQuery): Where {
  const where = new Where();
  if (query.accountIds) where.add((param) => `account_id = ANY(${param}::text[])`, [...query.accountIds]);
  if (query.fromMonth !== undefined) where.add((param) => `month >= ${param}`, query.fromMonth);
  if (query.toMonth !== undefined) where.add((param) => `month <= ${param}`, query.toMonth);
  if (query.months !== undefined) where.add((param) => `month = ANY(${param}::text[])`, [...query.months]);
  return where;
}

interface AuditRow {
  id: unknown;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before_data: unknown;
  after_data: unknown;
  reason: string | null;
}

const AUDIT_COLUMNS = `id, ${iso('at')} AS at, actor, action, entity, entity_id, before_data, after_data, reason`;

function auditFromRow(row: AuditRow): AuditEntry {
  const entry: AuditEntry = {
    id: num(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before_data ?? null,
    after: row.after_data ?? null,
  };
  if (row.reason !== null) entry.reason = row.reason;
  return entry;
}

/**
 * Write audit entries in batches; with `returning`, read them back as stored
 * (ids, instants). Bulk writers leave it off: reading back every entry's
 * before and after documents would cost as much as writing them.
 */
async function insertAudits(
  client: SqlClient,
  entries: readonly Omit<AuditEntry, 'id'>[],
  returning = false,
): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (const batch of chunks(entries)) {
    const { rows } = await client.query<AuditRow>(
      `INSERT INTO audit_log (at, actor, action, entity, entity_id, before_data, after_data, reason)
       SELECT a.at::timestamptz, a.actor, a.action, a.entity, a.entity_id, b.data::jsonb, c.data::jsonb, a.reason
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $8::text[])
         WITH ORDINALITY AS a(at, actor, action, entity, entity_id, reason, n)
       JOIN json_array_elements($6::text::json) WITH ORDINALITY AS b(data, n) USING (n)
       JOIN json_array_elements($7::text::json) WITH ORDINALITY AS c(data, n) USING (n)
       ORDER BY n
       ${returning ? `RETURNING ${AUDIT_COLUMNS}` : ''}`,
      [
        batch.map((entry) => entry.at),
        batch.map((entry) => entry.actor),
        batch.map((entry) => entry.action),
        batch.map((entry) => entry.entity),
        batch.map((entry) => entry.entityId),
        jsonDocuments(batch.map((entry) => entry.before ?? null)),
        jsonDocuments(batch.map((entry) => entry.after ?? null)),
        batch.map((entry) => entry.reason ?? null),
      ],
    );
    out.push(...rows.map(auditFromRow).sort((left, right) => left.id - right.id));
  }
  return out;
}

interface VersionRow {
  account_id: string;
  version: number;
  data: Account;
  actor: string;
  at: string;
  reason: string | null;
}

function versionFromRow(row: VersionRow): AccountVersion {
  const version: AccountVersion = {
    accountId: row.account_id,
    version: num(row.version),
    account: row.data,
    actor: row.actor,
    at: row.at,
  };
  if (row.reason !== null) version.reason = row.reason;
  return version;
}

/**
 * A table of audited records and the extra columns kept beside `data`. Records
 * under an account (`byAccount`, first column `account_id`) are keyed by
 * account and id; users by id alone.
 */
interface AuditedTable {
  table: string;
  entity: string;
  columns: readonly string[];
  byAccount: boolean;
}

const TABLES = {
  user: { table: 'users', entity: 'user', columns: [], byAccount: false },
  contact: { table: 'contacts', entity: 'contact', columns: ['account_id'], byAccount: true },
  complaint: { table: 'complaints', entity: 'complaint', columns: ['account_id'], byAccount: true },
  contract: { table: 'contracts', entity: 'contract', columns: ['account_id'], byAccount: true },
  claim: {
    table: 'claims',
    entity: 'claim',
    columns: ['account_id', 'claimant_division', 'holding_division', 'status'],
    byAccount: false,
  },
  unitPlan: { table: 'unit_plans', entity: 'unit-plan', columns: ['division', 'period'], byAccount: false },
  relationshipPlan: {
    table: 'relationship_plans',
    entity: 'relationship-plan',
    columns: ['account_id', 'half_year'],
    byAccount: true,
  },
  task: { table: 'tasks', entity: 'task', columns: ['account_id', 'assignee_id'], byAccount: true },
  surveyResponse: {
    table: 'survey_responses',
    entity: 'survey-response',
    columns: ['account_id'],
    byAccount: true,
  },
  override: {
    table: 'tier_overrides',
    entity: 'override',
    columns: ['account_id', 'policy_id'],
    byAccount: true,
  },
} as const satisfies Record<string, AuditedTable>;

/** The conflict target of an audited table: its primary key. */
function keyColumns(spec: AuditedTable): string {
  return spec.byAccount ? 'account_id, id' : 'id';
}

/**
 * Create a PostgreSQL {@link Store} over a driver, applying pending
 * migrations first (safe when several processes open at once).
 *
 * Transactions: `transaction(work)` runs `work` on one connection inside
 * BEGIN … COMMIT; nested calls join the outer transaction. Inside `work`, use
 * the store it is given (`tx`), not the outer one. Each single write
 * (`putAccount`, `insertTransactions`…) is atomic on its own and retried after
 * a deadlock when it is not part of a caller's transaction.
 *
 * @throws KamError `STORAGE` when a migration fails.
 * @example
 * ```ts
 * const db = await PGlite.create('memory://');
 * const store = await createPostgresStore({ client: pgliteDriver(db) });
 * await store.transaction(async (tx) => {
 *   await tx.putAccount(account, { actor: 'u-li', reason: 'new agreement' });
 *   await tx.insertTransactions(rows);
 * });
 * const monthly = await store.aggregate({ accountIds: ['acme'], fromMonth: '2026-01' });
 * await store.close();
 * ```
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const driver = options.client;
  const migrations = options.migrations ?? allMigrations();
  if (options.migrate === false) await assertKnownSchema(driver, migrations);
  // Served by its owner (`kamkit serve` migrated it when it started): one look, unless a migration is missing.
  else if (driver.migratedByOwner !== true || !(await assertKnownSchema(driver, migrations)))
    await runMigrations(driver, migrations);
  const context: Context = {
    driver,
    clock: options.clock ?? (() => new Date()),
    closeClient: options.closeClient !== false,
    runningMonths: new Set(),
  };
  const cacheOptions =
    options.aggregateCache ??
    (driver.processLocal === true ? { maxRows: DEFAULT_AGGREGATE_CACHE_ROWS } : false);
  if (cacheOptions !== false) context.cache = new AggregateCache(cacheOptions);
  return bind(context, driver, false);
}

interface Context {
  driver: SqlDriver;
  clock: () => Date;
  closeClient: boolean;
  /** The roll-up cache, when this store is the only writer (see {@link PostgresStoreOptions.aggregateCache}). */
  cache?: AggregateCache;
  /** Months whose results this process is running (see `ResultsStore.claimMonth`). */
  runningMonths: Set<string>;
  /** Whether the database's collation is "C" (see {@link collationIsC}), once asked. */
  collationIsC?: Promise<boolean>;
}

function bind(context: Context, client: SqlClient, inTransaction: boolean): Store {
  const { driver, clock, cache } = context;
  const now = () => clock().toISOString();

  /**
   * Write transactions with the roll-up cache cleared before and after: a
   * read that overlaps the write can never store what it read (see
   * `AggregateCache.fill`), and a rolled-back write leaves nothing behind.
   */
  const writingTransactions = async <T>(write: () => Promise<T>): Promise<T> => {
    cache?.clear();
    try {
      return await write();
    } finally {
      cache?.clear();
    }
  };

  /**
   * The roll-up in the port's order in one statement (one snapshot), its rows
   * sent as JSON pages of AGGREGATE_PAGE_ROWS: a row per aggregate made PGlite
   * decode eleven text fields per row (540,000 rows of a 10,000-account
   * portfolio took 12–18 s); the pages are one JSON.parse each.
   */
  const readAggregatePages = async (query: AggregateQuery): Promise<string[]> => {
    const where = aggregateWhere(query);
    const { rows } = await client.query<{ page: string }>(
      `SELECT json_agg(json_build_array(${AGGREGATE_FIELDS}) ORDER BY n)::text AS page
       FROM (SELECT *, row_number() OVER (ORDER BY ${AGGREGATE_ORDER}) AS n FROM transaction_monthly ${where}) r
       GROUP BY (n - 1) / ${AGGREGATE_PAGE_ROWS}
       ORDER BY (n - 1) / ${AGGREGATE_PAGE_ROWS}`,
      where.params,
    );
    return rows.map((row) => row.page);
  };
  /**
   * The roll-up for these query columns in `order`: one statement (one
   * snapshot), except the port's order on in-process PGlite in a "C"
   * database, which is read {@link AGGREGATE_STATEMENT_ROWS} rows per
   * statement along the primary key, as `aggregate()` is, so no one
   * statement holds the event loop long (a 100,000-account month's ~930,000
   * rows are read by a bot's refresh). A write between statements is a new
   * data generation: results computed from the read are stale, never wrongly
   * fresh.
   */
  const readAggregateColumns = async (query: AggregateQuery, order: string): Promise<AggregateColumns> => {
    const paged =
      order === AGGREGATE_ORDER &&
      context.driver.engine === 'pglite' &&
      (await collationIsC(context, client));
    // Elsewhere the port's order is one statement sent as JSON pages, as `aggregate()` reads it:
    // a whole portfolio as one row of arrays is one value of hundreds of megabytes.
    if (!paged && order === AGGREGATE_ORDER) return columnsOfPages(await readAggregatePages(query));
    const pages: AggregateColumns[] = [];
    let after: unknown[] | undefined;
    for (;;) {
      const where = aggregateWhere(query);
      if (after !== undefined)
        where.addAll((params) => `(account_id, month, category) > (${params.join(', ')})`, after);
      const ordered = (expression: string) => `array_agg(${expression} ORDER BY ${order})`;
      const source = paged
        ? `(SELECT * FROM transaction_monthly ${where}
            ORDER BY account_id, month, category LIMIT ${AGGREGATE_STATEMENT_ROWS}) r`
        : `transaction_monthly ${where}`;
      const { rows } = await client.query<Record<string, unknown[] | null>>(
        `SELECT ${ordered('account_id')} AS account_id,
                ${ordered('category')} AS category,
                ${ordered('left(month, 4)::int * 12 + substr(month, 6, 2)::int - 1')} AS month,
                ${ordered('revenue_fen::float8')} AS revenue_fen,
                ${ordered('count::float8')} AS count,
                ${ordered('units')} AS units,
                ${ordered('profit_fen::float8')} AS profit_fen,
                ${ordered('profit_base_fen::float8')} AS profit_base_fen,
                ${ordered('market_total_fen::float8')} AS market_total_fen,
                ${ordered('market_base_fen::float8')} AS market_base_fen,
                ${ordered("NULLIF(last_date, '')::date - DATE '1970-01-01'")} AS last_day
         FROM ${source}`,
        where.params,
      );
      const page = columnsOfRow(rows[0] ?? {});
      if (!paged) return page;
      pages.push(page);
      if (page.size < AGGREGATE_STATEMENT_ROWS) break;
      const last = page.size - 1;
      after = [page.accountId[last], monthFromIndex(page.month[last]!), page.category[last]];
    }
    return pages.length === 1 ? pages[0]! : concatAggregateColumns(pages);
  };
  /**
   * The rows of a list in its key order. On in-process PGlite in a "C"
   * database, {@link LIST_STATEMENT_ROWS} per statement, each slice starting
   * after the last row of the one before (`after` names the key's condition
   * on the last row's `keyOf`), so no one statement holds the event loop
   * long; a write between slices is a new data generation, as for
   * `aggregate()`. Elsewhere one statement (one snapshot).
   */
  const listInKeyOrder = async <Row>(
    whereOf: () => Where,
    statement: (where: Where, limit: string) => string,
    keyOf: (row: Row) => unknown[],
    after: (params: string[]) => string,
  ): Promise<Row[]> => {
    if (context.driver.engine !== 'pglite' || !(await collationIsC(context, client))) {
      const where = whereOf();
      return (await client.query<Row>(statement(where, ''), where.params)).rows;
    }
    const out: Row[] = [];
    let last: unknown[] | undefined;
    for (;;) {
      const where = whereOf();
      if (last !== undefined) where.addAll(after, last);
      const { rows } = await client.query<Row>(
        statement(where, `LIMIT ${LIST_STATEMENT_ROWS}`),
        where.params,
      );
      for (const row of rows) out.push(row);
      if (rows.length < LIST_STATEMENT_ROWS) return out;
      last = keyOf(rows[rows.length - 1]!);
    }
  };
  const atOf = (meta: WriteMeta) => (meta.at === undefined ? now() : normaliseInstant(meta.at, 'meta.at'));

  /** Run a self-contained write atomically: inside the caller's transaction, or in its own. */
  const atomic = async <T>(work: (connection: SqlClient) => Promise<T>): Promise<T> => {
    if (inTransaction) return work(client);
    for (let attempt = 0; ; attempt++) {
      try {
        return await driver.transaction(work);
      } catch (error) {
        if (attempt >= RETRIES || !isRetryable(error)) throw error;
      }
    }
  };

  /**
   * Serialise writers of one record (`table`, `id`) until the transaction
   * ends. Locks are striped: a record takes one of {@link LOCK_STRIPES} keys
   * of its table, so a bulk import in one transaction holds a bounded number of
   * locks (PostgreSQL's shared lock table has a few thousand slots; one lock
   * per account ran out at ~18k accounts) at the cost of rarely making two
   * unrelated writers wait for each other.
   */
  const lock = (connection: SqlClient, table: string, id: string) =>
    connection.query(
      `SELECT pg_advisory_xact_lock(hashtext($1), (hashtextextended($2, 0) & ${LOCK_STRIPES - 1})::int4)`,
      [`kamkit.${table}`, id],
    );

  /** Write one audited record unless unchanged. */
  const putAudited = async (
    spec: AuditedTable,
    id: string,
    values: readonly unknown[],
    record: unknown,
    rawMeta: WriteMeta,
    guard?: (before: unknown) => void,
  ): Promise<void> => {
    const meta = check.meta(rawMeta);
    const columns = ['id', ...spec.columns, 'data'];
    const placeholders = columns.map((_, index) =>
      index === columns.length - 1 ? `$${index + 1}::text::jsonb` : `$${index + 1}`,
    );
    const updates = columns.slice(1).map((column) => `${column} = excluded.${column}`);
    await atomic(async (connection) => {
      await lock(connection, spec.table, id);
      const { rows } = spec.byAccount
        ? await connection.query<{ data: unknown }>(
            `SELECT data FROM ${spec.table} WHERE account_id = $1 AND id = $2`,
            [values[0], id],
          )
        : await connection.query<{ data: unknown }>(`SELECT data FROM ${spec.table} WHERE id = $1`, [id]);
      const before = rows[0]?.data;
      // Read under the record's lock: a guard sees what is stored now, not what its caller read earlier.
      guard?.(before);
      if (before !== undefined && canonicalJson(before) === canonicalJson(record)) return;
      await connection.query(
        `INSERT INTO ${spec.table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')})
         ON CONFLICT (${keyColumns(spec)}) DO UPDATE SET ${updates.join(', ')}`,
        [id, ...values, json(record)],
      );
      await insertAudits(connection, [auditOfPut(spec.entity, id, before ?? null, record, meta, atOf(meta))]);
    });
  };

  /** Take the lock stripes of every id (in key order, so two bulk writers cannot deadlock). */
  const lockMany = (connection: SqlClient, table: string, ids: readonly string[]) =>
    connection.query(
      `SELECT pg_advisory_xact_lock(hashtext($1), s.key)
       FROM (SELECT DISTINCT (hashtextextended(id, 0) & ${LOCK_STRIPES - 1})::int4 AS key FROM unnest($2::text[]) AS id) AS s
       ORDER BY s.key`,
      [`kamkit.${table}`, ids],
    );

  /**
   * Write many audited records (one round: distinct ids) with set-based
   * statements: read what is stored, upsert the changed ones, audit them.
   */
  const putAuditedRound = async <T extends { id: string }>(
    connection: SqlClient,
    spec: AuditedTable,
    records: readonly T[],
    values: (record: T) => readonly unknown[],
    meta: WriteMeta,
    result: PutManyResult,
  ): Promise<void> => {
    const ids = records.map((record) => record.id);
    await lockMany(connection, spec.table, ids);
    const account = spec.byAccount ? 'account_id' : 'NULL::text AS account_id';
    const { rows } = await connection.query<{ id: string; account_id: string | null; data: unknown }>(
      `SELECT id, ${account}, data FROM ${spec.table} WHERE id = ANY($1::text[])`,
      [ids],
    );
    const keyOf = (row: { id: string }, accountId: unknown): string =>
      spec.byAccount ? recordKey({ accountId: String(accountId), id: row.id }) : row.id;
    const stored = new Map(rows.map((row) => [keyOf(row, row.account_id), row.data]));
    const storedOf = (record: T): unknown => stored.get(keyOf(record, values(record)[0]));
    const changed = records.filter((record) => {
      const before = storedOf(record);
      if (before === undefined) result.inserted += 1;
      else if (canonicalJson(before) === canonicalJson(record)) result.unchanged += 1;
      else result.updated += 1;
      return before === undefined || canonicalJson(before) !== canonicalJson(record);
    });
    if (changed.length === 0) return;
    const columns = ['id', ...spec.columns, 'data'];
    const arrays = columns.map((_, index) => `$${index + 1}::text[]`);
    const selected = columns.map((column) => (column === 'data' ? 'r.data::jsonb' : `r.${column}`));
    const updates = columns.slice(1).map((column) => `${column} = excluded.${column}`);
    await connection.query(
      `INSERT INTO ${spec.table} (${columns.join(', ')})
       SELECT ${selected.join(', ')} FROM unnest(${arrays.join(', ')}) AS r(${columns.join(', ')})
       ON CONFLICT (${keyColumns(spec)}) DO UPDATE SET ${updates.join(', ')}`,
      [
        changed.map((record) => record.id),
        ...spec.columns.map((_, index) => changed.map((record) => values(record)[index] ?? null)),
        changed.map((record) => json(record)),
      ],
    );
    const at = atOf(meta);
    await insertAudits(
      connection,
      changed.map((record) => auditOfPut(spec.entity, record.id, storedOf(record) ?? null, record, meta, at)),
    );
  };

  /** A bulk put of audited records: rounds of distinct ids, chunks of {@link BATCH}, one transaction. */
  const putAuditedMany = <T extends { id: string }>(
    spec: AuditedTable,
    records: readonly T[],
    values: (record: T) => readonly unknown[],
    meta: WriteMeta,
  ): Promise<PutManyResult> =>
    atomic(async (connection) => {
      const result: PutManyResult = { inserted: 0, updated: 0, unchanged: 0 };
      for (const round of roundsById(records)) {
        for (const batch of chunks(round)) {
          await putAuditedRound(connection, spec, batch, values, meta, result);
        }
      }
      return result;
    });

  /** One round (distinct ids) of {@link Store.putAccounts}: profiles, versions and audit entries set-based. */
  const putAccountsRound = async (
    connection: SqlClient,
    accounts: readonly Account[],
    meta: WriteMeta,
    result: PutManyResult,
  ): Promise<void> => {
    const ids = accounts.map((account) => account.id);
    await lockMany(connection, 'accounts', ids);
    const { rows } = await connection.query<{ id: string; data: Account; version: number }>(
      'SELECT id, data, version FROM accounts WHERE id = ANY($1::text[])',
      [ids],
    );
    const stored = new Map(rows.map((row) => [row.id, row]));
    const changed: { account: Account; version: number }[] = [];
    for (const account of accounts) {
      const before = stored.get(account.id);
      if (before && canonicalJson(before.data) === canonicalJson(account)) {
        result.unchanged += 1;
        continue;
      }
      if (before) result.updated += 1;
      else result.inserted += 1;
      changed.push({ account, version: before ? num(before.version) + 1 : 1 });
    }
    if (changed.length === 0) return;
    // One statement: the profiles, their versions and their audit entries from one JSON text (each
    // account sent once, parsed once as jsonb: as json, each of the eight `->` below parsed the
    // account's text again, and 100,000 accounts took ~20 % longer); the audit's before documents
    // are the rows as they stood (a statement's parts all read the snapshot from before it), ids in
    // the accounts' order.
    await connection.query(
      `WITH input AS (
         SELECT e->>0 AS id, (e->>1)::int4 AS version, e->>2 AS division, e->>3 AS owner_a, e->>4 AS owner_b,
           e->>5 AS parent_id, e->6 AS data, n
         FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS x(e, n)
       ), before AS (
         SELECT a.id, a.data FROM accounts a JOIN input i ON i.id = a.id
       ), upserted AS (
         INSERT INTO accounts (id, version, division, owner_a, owner_b, parent_id, data)
         SELECT id, version, division, owner_a, owner_b, parent_id, data FROM input
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, division = excluded.division,
           owner_a = excluded.owner_a, owner_b = excluded.owner_b, parent_id = excluded.parent_id, data = excluded.data
       ), versions AS (
         INSERT INTO account_versions (account_id, version, data, actor, at, reason)
         SELECT id, version, data, $2, $3::timestamptz, $4 FROM input
       )
       INSERT INTO audit_log (at, actor, action, entity, entity_id, before_data, after_data, reason)
       SELECT $3::timestamptz, $2, CASE WHEN b.id IS NULL THEN 'account.create' ELSE 'account.update' END,
         'account', i.id, coalesce(b.data, 'null'::jsonb), i.data, $4
       FROM input i LEFT JOIN before b ON b.id = i.id
       ORDER BY i.n`,
      [
        JSON.stringify(
          changed.map(({ account, version }) => [
            account.id,
            version,
            account.division,
            account.ownerA,
            account.ownerB,
            account.parentId,
            account,
          ]),
        ),
        meta.actor,
        atOf(meta),
        meta.reason ?? null,
      ],
    );
  };

  const store: Store = {
    kind: 'postgres',
    sql: client,
    results: sqlResultsStore({
      client,
      atomic,
      // PGlite has one session: an advisory lock is that session's whoever sends it, so a claim needs
      // no connection of its own — and holding `kamkit serve`'s gated session for a month's whole
      // computation would shut every other party out, the computation's own queries included.
      withConnection: (work) => (driver.engine === 'pglite' ? work(client) : driver.withConnection(work)),
      running: context.runningMonths,
    }),

    async transaction<T>(work: (inner: Store) => Promise<T>): Promise<T> {
      if (inTransaction) return work(store);
      return driver.transaction((connection) => work(bind(context, connection, true)));
    },

    async close() {
      if (!inTransaction && context.closeClient) await driver.close();
    },

    async putUser(user, meta) {
      const valid = check.user(user);
      await putAudited(TABLES.user, valid.id, [], valid, meta);
    },
    async putUsers(users, rawMeta) {
      const valid: User[] = checkMany.user(users);
      const meta = check.meta(rawMeta);
      return putAuditedMany(TABLES.user, valid, () => [], meta);
    },
    async getUser(id) {
      const { rows } = await client.query<{ data: never }>('SELECT data FROM users WHERE id = $1', [id]);
      return rows[0]?.data;
    },
    async listUsers() {
      const { rows } = await client.query<{ data: never }>('SELECT data FROM users ORDER BY id COLLATE "C"');
      return rows.map((row) => row.data);
    },

    async putAccount(account, rawMeta) {
      const valid = check.account(account);
      const meta = check.meta(rawMeta);
      return atomic(async (connection) => {
        await lock(connection, 'accounts', valid.id);
        const current = await connection.query<{ data: Account; version: number }>(
          'SELECT data, version FROM accounts WHERE id = $1',
          [valid.id],
        );
        const before = current.rows[0];
        const versionColumns = `account_id, version, data, actor, ${iso('at')} AS at, reason`;
        if (before && canonicalJson(before.data) === canonicalJson(valid)) {
          const latest = await connection.query<VersionRow>(
            `SELECT ${versionColumns} FROM account_versions WHERE account_id = $1 ORDER BY version DESC LIMIT 1`,
            [valid.id],
          );
          if (latest.rows[0]) return versionFromRow(latest.rows[0]);
        }
        const version = before ? num(before.version) + 1 : 1;
        const at = atOf(meta);
        await connection.query(
          `INSERT INTO accounts (id, version, division, owner_a, owner_b, parent_id, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb)
           ON CONFLICT (id) DO UPDATE SET version = excluded.version, division = excluded.division,
             owner_a = excluded.owner_a, owner_b = excluded.owner_b, parent_id = excluded.parent_id, data = excluded.data`,
          [valid.id, version, valid.division, valid.ownerA, valid.ownerB, valid.parentId, json(valid)],
        );
        const inserted = await connection.query<VersionRow>(
          `INSERT INTO account_versions (account_id, version, data, actor, at, reason)
           VALUES ($1, $2, $3::text::jsonb, $4, $5::timestamptz, $6)
           RETURNING ${versionColumns}`,
          [valid.id, version, json(valid), meta.actor, at, meta.reason ?? null],
        );
        await insertAudits(connection, [
          auditOfPut('account', valid.id, before?.data ?? null, valid, meta, at),
        ]);
        return versionFromRow(inserted.rows[0] as VersionRow);
      });
    },
    async putAccounts(accounts, rawMeta) {
      const valid = checkMany.account(accounts);
      const meta = check.meta(rawMeta);
      return atomic(async (connection) => {
        const result: PutManyResult = { inserted: 0, updated: 0, unchanged: 0 };
        for (const round of roundsById(valid)) {
          for (const batch of chunks(round)) await putAccountsRound(connection, batch, meta, result);
        }
        return result;
      });
    },
    async getAccount(id) {
      const { rows } = await client.query<{ data: Account }>('SELECT data FROM accounts WHERE id = $1', [id]);
      return rows[0]?.data;
    },
    async getAccountRecords(id) {
      // One statement, ordered as listContacts and listSurveyResponses order.
      const { rows } = await client.query<{ data: Account; contacts: Contact[]; responses: never[] }>(
        `SELECT data,
           (SELECT coalesce(jsonb_agg(data ORDER BY id COLLATE "C"), '[]') FROM contacts WHERE account_id = $1) AS contacts,
           (SELECT coalesce(jsonb_agg(data ORDER BY id COLLATE "C"), '[]') FROM survey_responses WHERE account_id = $1) AS responses
         FROM accounts WHERE id = $1`,
        [id],
      );
      const row = rows[0];
      return row && { account: row.data, contacts: row.contacts, surveyResponses: row.responses };
    },
    async listAccounts(filter: AccountFilter = {}) {
      const whereOf = () => {
        const where = new Where();
        if (filter.ids) where.add((param) => `id = ANY(${param}::text[])`, [...filter.ids]);
        if (filter.division !== undefined) where.add((param) => `division = ${param}`, filter.division);
        if (filter.ownerId !== undefined) {
          where.add((param) => `(owner_a = ${param} OR owner_b = ${param})`, filter.ownerId);
        }
        return where;
      };
      const rows = await listInKeyOrder<{ data: Account }>(
        whereOf,
        (where, limit) => `SELECT data FROM accounts ${where} ORDER BY id COLLATE "C" ${limit}`,
        (row) => [row.data.id],
        ([id]) => `id COLLATE "C" > ${id}`,
      );
      return rows.map((row) => row.data);
    },
    async accountHistory(id) {
      const { rows } = await client.query<VersionRow>(
        `SELECT account_id, version, data, actor, ${iso('at')} AS at, reason
         FROM account_versions WHERE account_id = $1 ORDER BY version`,
        [id],
      );
      return rows.map(versionFromRow);
    },
    async latestMonthWithData(options = {}) {
      const { rows } = await client.query<{ month: string | null }>(
        options.atOrBefore === undefined
          ? 'SELECT max(month) AS month FROM transaction_monthly'
          : 'SELECT max(month) AS month FROM transaction_monthly WHERE month <= $1',
        options.atOrBefore === undefined ? [] : [options.atOrBefore],
      );
      return rows[0]?.month ?? undefined;
    },
    async countAccounts() {
      const { rows } = await client.query<{ count: unknown }>('SELECT count(*) AS count FROM accounts');
      return num(rows[0]?.count);
    },

    async putContact(contact, meta) {
      const valid = check.contact(contact);
      await putAudited(TABLES.contact, valid.id, [valid.accountId], valid, meta);
    },
    async putContacts(contacts, rawMeta) {
      const valid: Contact[] = checkMany.contact(contacts);
      const meta = check.meta(rawMeta);
      return putAuditedMany(TABLES.contact, valid, (contact) => [contact.accountId], meta);
    },
    async listContacts(accountId) {
      const { rows } =
        accountId === undefined
          ? await client.query<{ data: never }>(
              'SELECT data FROM contacts ORDER BY account_id COLLATE "C", id COLLATE "C"',
            )
          : await client.query<{ data: never }>(
              'SELECT data FROM contacts WHERE account_id = $1 ORDER BY id COLLATE "C"',
              [accountId],
            );
      return rows.map((row) => row.data);
    },

    async insertTransactions(rows: readonly Transaction[], rawMeta = SYSTEM_META): Promise<InsertResult> {
      checkTransactions(rows);
      const meta = check.meta(rawMeta);
      if (rows.length === 0) return { inserted: 0, skipped: 0 };
      const inserted = await writingTransactions(() =>
        atomic(async (connection) => {
          const ranges = new InsertedRanges();
          let total = 0;
          for (const batch of chunks(firstByKey(rows)))
            total += await insertTransactionBatch(connection, batch, ranges);
          await insertAudits(connection, ranges.entries('transaction', meta, atOf(meta)));
          return total;
        }),
      );
      return { inserted, skipped: rows.length - inserted };
    },

    async loadTransactions(work, rawMeta = SYSTEM_META) {
      const meta = check.meta(rawMeta);
      // No retry around `work`: it consumes its input once.
      const run = (connection: SqlClient) =>
        canCopy(connection)
          ? loadWithCopy(connection, work, (ranges) =>
              insertAudits(connection, ranges.entries('transaction', meta, atOf(meta))),
            )
          : loadWithInserts(inTransaction ? store : bind(context, connection, true), work, meta);
      return writingTransactions(() => (inTransaction ? run(client) : driver.transaction(run)));
    },

    async aggregate(query: AggregateQuery = {}) {
      // The same read as `aggregateColumns()` in the port's order, as rows.
      return aggregateRowsOf(await readAggregateColumns(query, AGGREGATE_ORDER));
    },

    async insertPayments(rows, rawMeta = SYSTEM_META): Promise<InsertResult> {
      const valid = checkPayments(rows);
      const meta = check.meta(rawMeta);
      if (valid.length === 0) return { inserted: 0, skipped: 0 };
      const inserted = await atomic(async (connection) => {
        const ranges = new InsertedRanges();
        let total = 0;
        for (const batch of chunks(firstByKey(valid))) {
          const result = await connection.query<{ id: string; account_id: string }>(
            `INSERT INTO payments (id, account_id, date, amount_fen, invoice, note)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[])
               AS p(id, account_id, date, amount_fen, invoice, note)
             ORDER BY p.id COLLATE "C"
             ON CONFLICT (account_id, id) DO NOTHING
             RETURNING id, account_id`,
            [
              batch.map((row) => row.id),
              batch.map((row) => row.accountId),
              batch.map((row) => row.date),
              batch.map((row) => row.amountFen),
              batch.map((row) => row.invoice ?? null),
              batch.map((row) => row.note ?? null),
            ],
          );
          for (const row of result.rows) ranges.addRow({ id: row.id, accountId: row.account_id });
          total += result.rows.length;
        }
        await insertAudits(connection, ranges.entries('payment', meta, atOf(meta)));
        return total;
      });
      return { inserted, skipped: rows.length - inserted };
    },
    async listPayments(filter: PaymentFilter = {}) {
      const where = new Where();
      if (filter.accountIds)
        where.add((param) => `account_id = ANY(${param}::text[])`, [...filter.accountIds]);
      if (filter.from !== undefined) where.add((param) => `date >= ${param}`, filter.from);
      if (filter.to !== undefined) where.add((param) => `date <= ${param}`, filter.to);
      const { rows } = await client.query<{
        id: string;
        account_id: string;
        date: string;
        amount_fen: unknown;
        invoice: string | null;
        note: string | null;
      }>(
        `SELECT id, account_id, date, amount_fen, invoice, note FROM payments ${where}
         ORDER BY date COLLATE "C", id COLLATE "C", account_id COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => {
        const payment: Payment = {
          id: row.id,
          accountId: row.account_id,
          date: row.date,
          amountFen: num(row.amount_fen),
        };
        if (row.invoice !== null) payment.invoice = row.invoice;
        if (row.note !== null) payment.note = row.note;
        return payment;
      });
    },
    async paymentTotals(query: AggregateQuery = {}) {
      const where = new Where();
      if (query.accountIds) where.add((param) => `account_id = ANY(${param}::text[])`, [...query.accountIds]);
      if (query.fromMonth !== undefined) where.add((param) => `date >= ${param}`, `${query.fromMonth}-01`);
      // Any day of the last month sorts below `YYYY-MM-99`.
      if (query.toMonth !== undefined) where.add((param) => `date <= ${param}`, `${query.toMonth}-99`);
      if (query.months !== undefined)
        where.add((param) => `substr(date, 1, 7) = ANY(${param}::text[])`, [...query.months]);
      const { rows } = await client.query<{
        account_id: string;
        month: string;
        amount: unknown;
        count: unknown;
      }>(
        `SELECT account_id, substr(date, 1, 7) AS month, sum(amount_fen) AS amount, count(*) AS count
         FROM payments ${where}
         GROUP BY 1, 2
         ORDER BY account_id COLLATE "C", substr(date, 1, 7) COLLATE "C"`,
        where.params,
      );
      return rows.map(
        (row): MonthlyPaymentTotal => ({
          accountId: row.account_id,
          month: row.month,
          amountFen: num(row.amount),
          count: num(row.count),
        }),
      );
    },

    async aggregateColumns(query: AggregateQuery = {}, options: AggregateColumnsOptions = {}) {
      const byMonth = options.order === 'month';
      const months = cache && !inTransaction ? monthsOfQuery(query) : undefined;
      if (!cache || months === undefined)
        return readAggregateColumns(query, byMonth ? MONTH_FIRST_ORDER : AGGREGATE_ORDER);
      const indexes = months.map(monthIndex);
      const parts = cache.lookup(indexes);
      const missing = indexes.filter((_, at) => parts[at] === undefined);
      if (missing.length > 0) {
        // A read for some accounts does not fill the cache with whole months.
        if (query.accountIds !== undefined)
          return readAggregateColumns(query, byMonth ? MONTH_FIRST_ORDER : AGGREGATE_ORDER);
        const generation = cache.generation;
        const read = await readAggregateColumns(
          { months: months.filter((_, at) => parts[at] === undefined) },
          MONTH_FIRST_ORDER,
        );
        const filled = cache.fill(read, missing, generation);
        for (let at = 0; at < parts.length; at++) parts[at] ??= filled.get(indexes[at]!);
      }
      const { accountIds } = query;
      const kept = (parts as AggregateColumns[]).map((part) =>
        accountIds === undefined ? part : keepAccounts(part, accountIds),
      );
      return byMonth ? concatAggregateColumns(kept) : mergeMonths(kept);
    },

    async insertInteractions(rows, rawMeta = SYSTEM_META) {
      const valid = checkInteractions(rows);
      const meta = check.meta(rawMeta);
      if (valid.length === 0) return { inserted: 0, skipped: 0 };
      const inserted = await atomic(async (connection) => {
        const ranges = new InsertedRanges();
        let total = 0;
        for (const batch of chunks(firstByKey(valid))) {
          const result = await connection.query<{ id: string; account_id: string }>(
            `INSERT INTO interactions (id, account_id, at, data)
             SELECT i.id, i.account_id, i.at::timestamptz, i.data::jsonb
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS i(id, account_id, at, data)
             ORDER BY i.id COLLATE "C"
             ON CONFLICT (account_id, id) DO NOTHING
             RETURNING id, account_id`,
            [
              batch.map((row) => row.id),
              batch.map((row) => row.accountId),
              batch.map((row) => row.at),
              batch.map(json),
            ],
          );
          for (const row of result.rows) ranges.addRow({ id: row.id, accountId: row.account_id });
          total += result.rows.length;
        }
        await insertAudits(connection, ranges.entries('interaction', meta, atOf(meta)));
        return total;
      });
      return { inserted, skipped: rows.length - inserted };
    },
    async listInteractions(filter = {}) {
      const where = new Where();
      if (filter.accountIds)
        where.add((param) => `account_id = ANY(${param}::text[])`, [...filter.accountIds]);
      if (filter.since !== undefined) {
        where.add((param) => `at >= ${param}::timestamptz`, normaliseInstant(filter.since, 'since'));
      }
      const { rows } = await client.query<{ data: never }>(
        `SELECT data FROM interactions ${where} ORDER BY at, id COLLATE "C", account_id COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => row.data);
    },
    async putComplaint(complaint, meta) {
      const valid = check.complaint(complaint);
      await putAudited(TABLES.complaint, valid.id, [valid.accountId], valid, meta);
    },
    async listComplaints(filter = {}) {
      const where = new Where();
      if (filter.accountIds)
        where.add((param) => `account_id = ANY(${param}::text[])`, [...filter.accountIds]);
      const { rows } = await client.query<{ data: never }>(
        `SELECT data FROM complaints ${where} ORDER BY id COLLATE "C", account_id COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => row.data);
    },
    async putContract(contract, meta) {
      const valid = check.contract(contract);
      await putAudited(TABLES.contract, valid.id, [valid.accountId], valid, meta);
      return valid;
    },
    async listContracts(filter = {}) {
      const where = new Where();
      if (filter.accountIds)
        where.add((param) => `account_id = ANY(${param}::text[])`, [...filter.accountIds]);
      if (filter.ids) where.add((param) => `id = ANY(${param}::text[])`, [...filter.ids]);
      const { rows } = await client.query<{ data: never }>(
        `SELECT data FROM contracts ${where} ORDER BY id COLLATE "C", account_id COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => row.data);
    },
    async putClaim(claim, meta) {
      const valid = check.claim(claim);
      await putAudited(
        TABLES.claim,
        valid.id,
        [valid.accountId, valid.claimantDivision, valid.holdingDivision, valid.status],
        valid,
        meta,
        (before) => assertClaimSteps(before as Claim | undefined, valid),
      );
      return valid;
    },
    async listClaims(filter = {}) {
      const where = new Where();
      if (filter.ids) where.add((param) => `id = ANY(${param}::text[])`, [...filter.ids]);
      if (filter.accountIds)
        where.add((param) => `account_id = ANY(${param}::text[])`, [...filter.accountIds]);
      if (filter.divisions)
        where.add(
          (param) =>
            `(claimant_division = ANY(${param}::text[]) OR holding_division = ANY(${param}::text[]))`,
          [...filter.divisions],
        );
      if (filter.statuses) where.add((param) => `status = ANY(${param}::text[])`, [...filter.statuses]);
      const { rows } = await client.query<{ data: never }>(
        `SELECT data FROM claims ${where} ORDER BY id COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => row.data);
    },
    async putUnitPlan(plan, meta) {
      const valid = check.unitPlan(plan);
      await putAudited(TABLES.unitPlan, valid.id, [valid.division, valid.period], valid, meta);
      return valid;
    },
    async listUnitPlans(filter = {}) {
      const where = new Where();
      if (filter.divisions) where.add((param) => `division = ANY(${param}::text[])`, [...filter.divisions]);
      if (filter.periods) where.add((param) => `period = ANY(${param}::text[])`, [...filter.periods]);
      const { rows } = await client.query<{ data: never }>(
        `SELECT data FROM unit_plans ${where} ORDER BY period COLLATE "C", division COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => row.data);
    },
    async putRelationshipPlan(plan, meta) {
      const valid = check.relationshipPlan(plan);
      await putAudited(TABLES.relationshipPlan, valid.id, [valid.accountId, valid.halfYear], valid, meta);
      return valid;
    },
    async listRelationshipPlans(filter = {}) {
      const where = new Where();
      if (filter.accountIds)
        where.add((param) => `account_id = ANY(${param}::text[])`, [...filter.accountIds]);
      if (filter.halfYears) where.add((param) => `half_year = ANY(${param}::text[])`, [...filter.halfYears]);
      const { rows } = await client.query<{ data: never }>(
        `SELECT data FROM relationship_plans ${where} ORDER BY half_year COLLATE "C", account_id COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => row.data);
    },
    async putTask(task, meta) {
      const valid = check.task(task);
      await putAudited(TABLES.task, valid.id, [valid.accountId, valid.assigneeId], valid, meta);
      return valid;
    },
    async listTasks(filter = {}) {
      const where = new Where();
      if (filter.accountIds)
        where.add((param) => `account_id = ANY(${param}::text[])`, [...filter.accountIds]);
      if (filter.ids) where.add((param) => `id = ANY(${param}::text[])`, [...filter.ids]);
      if (filter.assigneeIds)
        where.add((param) => `assignee_id = ANY(${param}::text[])`, [...filter.assigneeIds]);
      if (filter.status !== undefined) where.add((param) => `data->>'status' = ${param}`, filter.status);
      if (filter.planWeek !== undefined)
        where.add((param) => `data->>'planWeek' = ${param}`, filter.planWeek);
      const { rows } = await client.query<{ data: never }>(
        `SELECT data FROM tasks ${where} ORDER BY id COLLATE "C", account_id COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => row.data);
    },
    async putSurveyResponse(response, meta) {
      const valid = check.surveyResponse(response);
      await putAudited(TABLES.surveyResponse, valid.id, [valid.accountId], valid, meta);
      return valid;
    },
    async listSurveyResponses(filter = {}) {
      const where = new Where();
      if (filter.accountIds)
        where.add((param) => `account_id = ANY(${param}::text[])`, [...filter.accountIds]);
      if (filter.ids) where.add((param) => `id = ANY(${param}::text[])`, [...filter.ids]);
      const { rows } = await client.query<{ data: never }>(
        `SELECT data FROM survey_responses ${where} ORDER BY id COLLATE "C", account_id COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => row.data);
    },

    async saveScores(rows, rawMeta = SYSTEM_META) {
      checkStorable(rows, SUBJECTS.score, 'rows');
      const meta = check.meta(rawMeta);
      const batchRows = lastByKey(rows, (row) => `${row.accountId}\u0000${row.period}\u0000${row.modelId}`);
      if (batchRows.length === 0) return;
      const at = atOf(meta);
      await atomic(async (connection) => {
        for (const batch of chunks(batchRows)) {
          await connection.query(
            `INSERT INTO scores (account_id, period, model_id, data)
             SELECT s.account_id, s.period, s.model_id, d.data::jsonb
             FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS s(account_id, period, model_id, n)
             JOIN json_array_elements($4::text::json) WITH ORDINALITY AS d(data, n) USING (n)
             ORDER BY 1, 2, 3
             ON CONFLICT (account_id, period, model_id) DO UPDATE SET data = excluded.data`,
            [
              batch.map((row) => row.accountId),
              batch.map((row) => row.period),
              batch.map((row) => row.modelId),
              jsonDocuments(batch),
            ],
          );
          await insertAudits(
            connection,
            batch.map((row) => auditOfScore(row, meta, at)),
          );
        }
      });
    },
    async listScores(filter) {
      const where = new Where();
      if (filter.accountIds)
        where.add((param) => `account_id = ANY(${param}::text[])`, [...filter.accountIds]);
      if (filter.period !== undefined) where.add((param) => `period = ${param}`, filter.period);
      if (filter.modelId !== undefined) where.add((param) => `model_id = ${param}`, filter.modelId);
      const { rows } = await client.query<{ data: never }>(
        `SELECT data FROM scores ${where}
         ORDER BY account_id COLLATE "C", period COLLATE "C", model_id COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => row.data);
    },

    async saveTierAssignments(rows, rawMeta = { actor: 'system' }) {
      checkStorable(rows, SUBJECTS.tierAssignment, 'rows');
      const meta = check.meta(rawMeta);
      const batchRows = lastByKey(rows, (row) => `${row.accountId}\u0000${row.policyId}\u0000${row.period}`);
      if (batchRows.length === 0) return;
      await atomic(async (connection) => {
        for (const batch of chunks(batchRows)) {
          await lockPairs(connection, batch);
          const previous = await connection.query<{ data: StoredTierAssignment }>(
            `SELECT DISTINCT p.data
             FROM unnest($1::text[], $2::text[], $3::text[]) AS b(account_id, policy_id, period)
             CROSS JOIN LATERAL (
               SELECT t.data FROM tier_assignments t
               WHERE t.account_id = b.account_id AND t.policy_id = b.policy_id AND t.period <= b.period
               ORDER BY t.period DESC LIMIT 1
             ) p`,
            [
              batch.map((row) => row.accountId),
              batch.map((row) => row.policyId),
              batch.map((row) => row.period),
            ],
          );
          const stored = new Map<string, StoredTierAssignment[]>();
          for (const { data } of previous.rows) {
            const key = `${data.accountId}\u0000${data.policyId}`;
            stored.set(key, [...(stored.get(key) ?? []), data]);
          }
          const changes = tierChanges(
            batch,
            (accountId, policyId) => stored.get(`${accountId}\u0000${policyId}`) ?? [],
          );
          await connection.query(
            `INSERT INTO tier_assignments (account_id, policy_id, period, tier, data)
             SELECT t.account_id, t.policy_id, t.period, t.tier, d.data::jsonb
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(account_id, policy_id, period, tier, n)
             JOIN json_array_elements($5::text::json) WITH ORDINALITY AS d(data, n) USING (n)
             ORDER BY 1, 2, 3
             ON CONFLICT (account_id, policy_id, period) DO UPDATE SET tier = excluded.tier, data = excluded.data`,
            [
              batch.map((row) => row.accountId),
              batch.map((row) => row.policyId),
              batch.map((row) => row.period),
              batch.map((row) => row.tier),
              jsonDocuments(batch),
            ],
          );
          await insertAudits(
            connection,
            changes.map(({ row, before }) => ({
              at: meta.at === undefined ? normaliseInstant(row.at, 'rows.at') : atOf(meta),
              actor: meta.actor,
              action: 'tier.change',
              entity: 'tier',
              entityId: row.accountId,
              before: before ? tierAuditValue(before) : null,
              after: tierAuditValue(row),
              reason: meta.reason,
            })),
          );
        }
      });
    },
    async tierHistory(accountId, policyId) {
      const where = new Where();
      where.add((param) => `account_id = ${param}`, accountId);
      if (policyId !== undefined) where.add((param) => `policy_id = ${param}`, policyId);
      const { rows } = await client.query<{ data: never }>(
        `SELECT data FROM tier_assignments ${where} ORDER BY period COLLATE "C", policy_id COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => row.data);
    },
    async listTierAssignments(filter) {
      const where = new Where();
      if (filter.period !== undefined) where.add((param) => `period = ${param}`, filter.period);
      if (filter.policyId !== undefined) where.add((param) => `policy_id = ${param}`, filter.policyId);
      const { rows } = await client.query<{ data: never }>(
        `SELECT data FROM tier_assignments ${where}
         ORDER BY account_id COLLATE "C", period COLLATE "C", policy_id COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => row.data);
    },
    async putOverride(override, meta) {
      const valid = check.override(override);
      await putAudited(TABLES.override, valid.id, [valid.accountId, valid.policyId], valid, meta);
    },
    async listOverrides(filter = {}) {
      const where = new Where();
      if (filter.accountId !== undefined) where.add((param) => `account_id = ${param}`, filter.accountId);
      if (filter.policyId !== undefined) where.add((param) => `policy_id = ${param}`, filter.policyId);
      const { rows } = await client.query<{ data: never }>(
        `SELECT data FROM tier_overrides ${where} ORDER BY id COLLATE "C", account_id COLLATE "C"`,
        where.params,
      );
      return rows.map((row) => row.data);
    },
    async saveAlerts(rows, rawMeta = SYSTEM_META) {
      checkStorable(rows, SUBJECTS.alert, 'rows');
      const meta = check.meta(rawMeta);
      const batchRows = lastByKey(rows, (row) => row.id);
      if (batchRows.length === 0) return;
      const at = atOf(meta);
      await atomic(async (connection) => {
        for (const all of chunks(batchRows, ALERT_BATCH)) {
          const stored = await connection.query<{ id: string; data: unknown }>(
            'SELECT id, data FROM alerts WHERE id = ANY($1::text[]) FOR UPDATE',
            [all.map((row) => row.id)],
          );
          const before = new Map(stored.rows.map((row) => [row.id, row.data]));
          const batch = all.filter((row) => {
            const previous = before.get(row.id);
            return previous === undefined || canonicalJson(previous) !== canonicalJson(row);
          });
          if (batch.length === 0) continue;
          await connection.query(
            `INSERT INTO alerts (id, account_id, status, created_at, data)
             SELECT a.id, a.account_id, a.status, a.created_at::timestamptz, d.data::jsonb
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS a(id, account_id, status, created_at, n)
             JOIN json_array_elements($5::text::json) WITH ORDINALITY AS d(data, n) USING (n)
             ORDER BY a.id COLLATE "C"
             ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, status = excluded.status,
               created_at = excluded.created_at, data = excluded.data`,
            [
              batch.map((row) => row.id),
              batch.map((row) => row.accountId),
              batch.map((row) => row.status),
              batch.map((row) => normaliseInstant(row.createdAt, 'createdAt')),
              jsonDocuments(batch),
            ],
          );
          await insertAudits(
            connection,
            batch.map((row) => auditOfPut('alert', row.id, before.get(row.id) ?? null, row, meta, at)),
          );
        }
      });
    },
    async listAlerts(filter = {}) {
      const whereOf = () => {
        const where = new Where();
        if (filter.ids) where.add((param) => `id = ANY(${param}::text[])`, [...filter.ids]);
        if (filter.accountIds)
          where.add((param) => `account_id = ANY(${param}::text[])`, [...filter.accountIds]);
        if (filter.status !== undefined) where.add((param) => `status = ${param}`, filter.status);
        return where;
      };
      const statement = (where: Where, limit: string) =>
        `SELECT data, created_at::text AS created, id FROM alerts ${where}
         ORDER BY created_at, id COLLATE "C" ${limit}`;
      // The alerts of named ids or accounts: one statement. In slices along the creation
      // order, PostgreSQL walked that index past every other alert to fill each slice
      // (~90 ms a statement at 150,000 alerts) instead of looking the accounts up.
      if (filter.ids !== undefined || filter.accountIds !== undefined) {
        const where = whereOf();
        const { rows } = await client.query<{ data: never }>(statement(where, ''), where.params);
        return rows.map((row) => row.data);
      }
      const rows = await listInKeyOrder<{ data: never; created: string; id: string }>(
        whereOf,
        statement,
        (row) => [row.created, row.id],
        ([created, id]) => `(created_at, id COLLATE "C") > (${created}::timestamptz, ${id})`,
      );
      return rows.map((row) => row.data);
    },

    async getDialog(key) {
      const { rows } = await client.query<{ state: unknown }>(
        'SELECT state FROM dialog_state WHERE key = $1 AND expires_at > $2::timestamptz',
        [key, now()],
      );
      return rows[0] === undefined ? undefined : rows[0].state;
    },
    async putDialog(key, value, expiresAt) {
      await client.query(
        `INSERT INTO dialog_state (key, state, expires_at) VALUES ($1, $2::text::jsonb, $3::timestamptz)
         ON CONFLICT (key) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at`,
        [key, json(value ?? null), normaliseInstant(expiresAt, 'expiresAt')],
      );
    },
    async deleteDialog(key) {
      await client.query('DELETE FROM dialog_state WHERE key = $1', [key]);
    },
    async claimIdempotencyKey(key, expiresAt) {
      const { rows } = await client.query(
        `INSERT INTO idempotency_keys (key, claimed_at, expires_at) VALUES ($1, $2::timestamptz, $3::timestamptz)
         ON CONFLICT (key) DO UPDATE SET claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
           WHERE idempotency_keys.expires_at <= excluded.claimed_at
         RETURNING key`,
        [key, now(), normaliseInstant(expiresAt, 'expiresAt')],
      );
      return rows.length === 1;
    },

    async appendAudit(entry) {
      if (typeof entry.actor !== 'string' || entry.actor.trim() === '') check.meta(entry);
      checkStorable(entry, SUBJECTS.audit);
      const at = entry.at === undefined ? now() : normaliseInstant(entry.at);
      const [stored] = await insertAudits(client, [{ ...entry, at }], true);
      return stored as AuditEntry;
    },
    async listAudit(filter: AuditFilter = {}) {
      const where = new Where();
      if (filter.actor !== undefined) where.add((param) => `actor = ${param}`, filter.actor);
      if (filter.action !== undefined) where.add((param) => `action = ${param}`, filter.action);
      if (filter.entity !== undefined) where.add((param) => `entity = ${param}`, filter.entity);
      if (filter.entityId !== undefined) where.add((param) => `entity_id = ${param}`, filter.entityId);
      if (filter.since !== undefined) {
        where.add((param) => `at >= ${param}::timestamptz`, normaliseInstant(filter.since, 'since'));
      }
      if (filter.until !== undefined) {
        where.add((param) => `at <= ${param}::timestamptz`, normaliseInstant(filter.until, 'until'));
      }
      const limit = filter.limit === undefined ? '' : `LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
      const { rows } = await client.query<AuditRow>(
        `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where}
         ORDER BY id ${filter.order === 'desc' ? 'DESC' : 'ASC'} ${limit}`,
        where.params,
      );
      return rows.map(auditFromRow);
    },
  };
  return store;
}

/**
 * Advisory-lock stripes per table (a power of two): how many locks one
 * transaction can hold for a table, however many records it writes.
 */
const LOCK_STRIPES = 256;

/**
 * Lock each account × policy of a batch of tier assignments, striped like
 * single records, each stripe once and in a fixed order (no deadlocks between batches).
 */
async function lockPairs(connection: SqlClient, batch: readonly StoredTierAssignment[]): Promise<void> {
  const keys = [...new Set(batch.map((row) => JSON.stringify([row.accountId, row.policyId])))];
  await connection.query(
    `SELECT pg_advisory_xact_lock(hashtext('kamkit.tier'), stripe)
     FROM (SELECT DISTINCT (hashtextextended(k, 0) & ${LOCK_STRIPES - 1})::int4 AS stripe FROM unnest($1::text[]) AS k) AS s
     ORDER BY stripe`,
    [keys],
  );
}

/** Insert one batch of transactions and add the new ones to the monthly roll-up, in one statement. */
async function insertTransactionBatch(
  connection: SqlClient,
  batch: readonly Transaction[],
  ranges: InsertedRanges,
): Promise<number> {
  const { rows } = await connection.query<{ account_id: string; n: unknown; first: string; last: string }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::float8[], $7::text[],
                            $8::int8[], $9::int8[], $10::int8[])
         AS t(id, account_id, date, amount_fen, category, units, unit, cost_fen, profit_fen, market_total_fen)
     ), inserted AS (
       INSERT INTO transactions (id, account_id, date, amount_fen, category, units, unit, cost_fen, profit_fen, market_total_fen)
       SELECT * FROM input ORDER BY account_id COLLATE "C", id COLLATE "C"
       ON CONFLICT (account_id, id) DO NOTHING
       RETURNING *
     ), rolled AS (
       INSERT INTO transaction_monthly AS m (account_id, month, category, revenue_fen, count, units, profit_fen,
                                             profit_base_fen, market_total_fen, market_base_fen, last_date)
       SELECT account_id, substr(date, 1, 7), category,
              sum(amount_fen), count(*), coalesce(sum(units), 0),
              coalesce(sum(coalesce(profit_fen, amount_fen - cost_fen)), 0),
              coalesce(sum(amount_fen) FILTER (WHERE profit_fen IS NOT NULL OR cost_fen IS NOT NULL), 0),
              coalesce(sum(market_total_fen), 0),
              coalesce(sum(amount_fen) FILTER (WHERE market_total_fen IS NOT NULL), 0),
              max(date)
       FROM inserted
       GROUP BY 1, 2, 3
       ORDER BY account_id COLLATE "C", substr(date, 1, 7) COLLATE "C", category COLLATE "C"
       ON CONFLICT (account_id, month, category) DO UPDATE SET
         revenue_fen = m.revenue_fen + excluded.revenue_fen,
         count = m.count + excluded.count,
         units = m.units + excluded.units,
         profit_fen = m.profit_fen + excluded.profit_fen,
         profit_base_fen = m.profit_base_fen + excluded.profit_base_fen,
         market_total_fen = m.market_total_fen + excluded.market_total_fen,
         market_base_fen = m.market_base_fen + excluded.market_base_fen,
         last_date = greatest(m.last_date, excluded.last_date)
       RETURNING 1
     )
     SELECT account_id, count(*) AS n, min(id COLLATE "C") AS first, max(id COLLATE "C") AS last
     FROM inserted GROUP BY account_id`,
    transactionColumns(batch),
  );
  let inserted = 0;
  for (const row of rows) {
    ranges.add(row.account_id, num(row.n), row.first, row.last);
    inserted += num(row.n);
  }
  return inserted;
}
