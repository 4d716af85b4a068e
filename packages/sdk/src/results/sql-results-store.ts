import type { OwnerAgenda } from '../cadence/due-actions.js';
import type { FocusAccount, PortfolioAnalysis } from '../reports/data/portfolio-analysis.js';
import { copyText } from '../store/copy-text.js';
import type { SqlClient } from '../store/port.js';
import { canCopy } from '../store/sql-driver.js';
import { appendFocusAccounts, toFocusColumns } from './focus-columns.js';
import {
  type AccountMonth,
  type AccountMonthQuery,
  type AccountMonthRow,
  accountMonthJson,
  type DayAgendas,
  type MonthClaim,
  type PortfolioMonth,
  type PortfolioSummary,
  type ResultsMeta,
  type ResultsStore,
} from './results-store.js';

/** What the PostgreSQL adapter lends its results part. */
export interface SqlResultsContext {
  /** Queries (the transaction's connection inside a transaction). */
  client: SqlClient;
  /** Run a self-contained write atomically (inside the caller's transaction, or in its own). */
  atomic<T>(work: (connection: SqlClient) => Promise<T>): Promise<T>;
  /** Hold one connection for a while (the advisory lock of a claim lives on it). */
  withConnection<T>(work: (connection: SqlClient) => Promise<T>): Promise<T>;
  /** Months claimed by this process (PGlite has one session, whose advisory locks are re-entrant). */
  running: Set<string>;
}

/**
 * A month's earlier account rows deleted per statement when it is stored
 * again (each row's document is kept out of line, so a row costs a few pages;
 * 200 rows held PGlite's thread ~70 ms per statement at 100,000 accounts).
 */
const ROWS_PER_DELETE = 100;
/** Account rows per INSERT where COPY is not offered (a server, `kamkit serve`'s socket). */
const ROWS_PER_STATEMENT = 500;
/**
 * Account rows per `COPY … FROM '/dev/blob'` on PGlite: a month of a large
 * portfolio is sent in parts, so no one COPY text grows with the portfolio
 * (10,000 rows are ~75 MB of JSON), and the event loop gets a turn between
 * parts — each holds it ~20 ms at 50 rows of ~7.5 KB (~40 ms at 100, ~100 ms
 * at 250: a bot answering during a refresh waits that long at worst); the
 * month's total time is the same within measurement noise.
 */
const ROWS_PER_COPY = 50;

interface MetaRow {
  month: string;
  today: string;
  policy_fingerprint: string;
  data_generation: string | number;
  computed_at: string | Date;
  account_count: number;
}

function metaOf(row: MetaRow): ResultsMeta {
  return {
    month: row.month,
    today: row.today,
    policyFingerprint: row.policy_fingerprint,
    dataGeneration: Number(row.data_generation),
    computedAt: new Date(row.computed_at).toISOString(),
    accountCount: Number(row.account_count),
  };
}

const META_COLUMNS = 'month, today, policy_fingerprint, data_generation, computed_at, account_count';

/**
 * Insert a month's account rows (the month's earlier rows are already
 * deleted). On PGlite they go in with `COPY … FROM '/dev/blob'`: sending the
 * JSON documents as `text[]` parameters made PGlite quote and escape every
 * character in JavaScript and PostgreSQL parse the arrays back, which took
 * three quarters of a 10,000-account run's save. Over a connection without
 * COPY (a server, or `kamkit serve`'s socket) each ROWS_PER_STATEMENT rows
 * are one JSON array text beside the keys' `unnest`.
 */
async function insertAccountRows(
  connection: SqlClient,
  month: string,
  accounts: readonly AccountMonthRow[],
): Promise<void> {
  if (canCopy(connection)) {
    const monthText = copyText(month);
    for (let start = 0; start < accounts.length; start += ROWS_PER_COPY) {
      let text = '';
      for (const row of accounts.slice(start, start + ROWS_PER_COPY))
        text += `${monthText}\t${copyText(row.accountId)}\t${row.rank}\t${copyText(accountMonthJson(row))}\n`;
      await connection.copyFrom(
        "COPY account_month_results (month, account_id, rank, data) FROM '/dev/blob'",
        new Blob([text]),
      );
    }
    return;
  }
  for (let start = 0; start < accounts.length; start += ROWS_PER_STATEMENT) {
    const batch = accounts.slice(start, start + ROWS_PER_STATEMENT);
    await connection.query(
      `INSERT INTO account_month_results (month, account_id, rank, data)
       SELECT $1, r.account_id, r.rank, d.data::jsonb
       FROM unnest($2::text[], $3::int4[]) WITH ORDINALITY AS r(account_id, rank, n)
       JOIN json_array_elements($4::text::json) WITH ORDINALITY AS d(data, n) USING (n)`,
      [
        month,
        batch.map((row) => row.accountId),
        batch.map((row) => row.rank),
        `[${batch.map(accountMonthJson).join(',')}]`,
      ],
    );
  }
}

/** The portfolio row without its analysis, which has a column of its own. */
function summaryOf(portfolio: PortfolioMonth): PortfolioSummary {
  const { analysis: _analysis, ...summary } = portfolio;
  return summary;
}

/** The analysis's account lists kept in parts ({@link analysisParts}). */
const ANALYSIS_LISTS = ['gained', 'lost', 'fluctuating', 'topTier'] as const;
type AnalysisList = (typeof ANALYSIS_LISTS)[number];
/**
 * Accounts per part of an analysis list (~110 KB of JSON as columns, see
 * focus-columns.ts), and parts written or read per statement: 6 parts,
 * ~0.7 MB (parts stored as objects before migration 0033 are ~450 KB each;
 * 8 of those, ~3.6 MB, held PGlite's thread ~200 ms).
 */
const ANALYSIS_ACCOUNTS_PER_PART = 2_000;
const ANALYSIS_PARTS_PER_STATEMENT = 6;

function analysisList(analysis: PortfolioAnalysis, list: AnalysisList): FocusAccount[] {
  return list === 'topTier' ? analysis.topTier.accounts : analysis[list];
}

/**
 * The analysis with its account lists emptied, and the lists cut into parts
 * of {@link ANALYSIS_ACCOUNTS_PER_PART} accounts as `[list, part, columns]`
 * JSON texts, `columns` itself the JSON text of the part's
 * {@link toFocusColumns}: at 100,000 accounts the lists are ~20 MB as
 * objects, which as one value grew PGlite's memory by ~80 MB in every reader
 * of the report.
 */
function analysisParts(analysis: PortfolioAnalysis): { head: string; parts: string[] } {
  const head: PortfolioAnalysis = {
    ...analysis,
    gained: [],
    lost: [],
    fluctuating: [],
    topTier: { ...analysis.topTier, accounts: [] },
  };
  const parts: string[] = [];
  const monthFen = analysis.revenue.monthFen;
  for (const list of ANALYSIS_LISTS) {
    const accounts = analysisList(analysis, list);
    for (let start = 0; start < accounts.length; start += ANALYSIS_ACCOUNTS_PER_PART) {
      const part = start / ANALYSIS_ACCOUNTS_PER_PART;
      const columns = toFocusColumns(accounts.slice(start, start + ANALYSIS_ACCOUNTS_PER_PART), monthFen);
      parts.push(JSON.stringify([list, part, JSON.stringify(columns)]));
    }
  }
  return { head: JSON.stringify(head), parts };
}

/** The analysis of a month read back: the head, then its lists' parts a few per statement. */
async function readAnalysis(
  client: SqlClient,
  month: string,
  head: PortfolioAnalysis,
): Promise<PortfolioAnalysis> {
  let after: [string, number] = ['', -1];
  for (;;) {
    const { rows } = await client.query<{
      list: AnalysisList;
      part: number;
      columns: string | null;
      accounts: FocusAccount[] | null;
    }>(
      `SELECT list, part, columns, accounts FROM portfolio_analysis_parts
       WHERE month = $1 AND (list, part) > ($2, $3) ORDER BY list, part LIMIT ${ANALYSIS_PARTS_PER_STATEMENT}`,
      [month, ...after],
    );
    // Parts are read in (list, part) order and each list's are appended in turn.
    for (const { list, columns, accounts } of rows) {
      const into = analysisList(head, list);
      if (columns !== null) appendFocusAccounts(into, JSON.parse(columns), head.revenue.monthFen);
      // Parts stored before migration 0033 hold the accounts as JSONB objects.
      else for (const account of accounts ?? []) into.push(account);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < ANALYSIS_PARTS_PER_STATEMENT) return head;
    after = [last.list, Number(last.part)];
  }
}

/**
 * About how much agenda JSON one statement carries, and one row at most
 * (larger agendas go in parts): 2 MB held PGlite's thread ~135 ms.
 */
const AGENDA_TEXT_PER_STATEMENT = 600_000;

const AGENDA_LISTS = ['overdue', 'due', 'upcoming'] as const;

/**
 * An owner's agenda in parts of at most about {@link AGENDA_TEXT_PER_STATEMENT}
 * characters of JSON, each with the agenda's lists cut in order; the parts'
 * lists concatenated in order are the agenda's.
 */
function agendaParts(agenda: OwnerAgenda): string[] {
  const whole = JSON.stringify(agenda);
  if (whole.length <= AGENDA_TEXT_PER_STATEMENT) return [whole];
  const parts: string[] = [];
  let part: OwnerAgenda = { ...agenda, overdue: [], due: [], upcoming: [] };
  let size = 0;
  for (const list of AGENDA_LISTS) {
    for (const action of agenda[list]) {
      const length = JSON.stringify(action).length;
      if (size > 0 && size + length > AGENDA_TEXT_PER_STATEMENT) {
        parts.push(JSON.stringify(part));
        part = { ...agenda, overdue: [], due: [], upcoming: [] };
        size = 0;
      }
      part[list].push(action);
      size += length;
    }
  }
  parts.push(JSON.stringify(part));
  return parts;
}

/**
 * Every owner's agenda of the month, one row each (in parts when large) in
 * the run's order, a few megabytes of JSON per statement: the whole
 * portfolio's agendas in one value (~150 MB at 100,000 accounts) ran PGlite
 * out of memory.
 */
async function insertAgendaRows(
  connection: SqlClient,
  table: AgendaTable,
  month: string,
  agendas: readonly OwnerAgenda[],
): Promise<void> {
  let rows: string[] = [];
  let size = 0;
  const flush = async () => {
    if (rows.length === 0) return;
    await connection.query(
      `INSERT INTO ${table} (month, position, part, agenda)
       SELECT $1, (e->>0)::int, (e->>1)::int, e->2 FROM jsonb_array_elements($2::text::jsonb) AS e`,
      [month, `[${rows.join(',')}]`],
    );
    rows = [];
    size = 0;
  };
  for (const [index, agenda] of agendas.entries()) {
    for (const [part, text] of agendaParts(agenda).entries()) {
      if (size > 0 && size + text.length > AGENDA_TEXT_PER_STATEMENT) await flush();
      rows.push(`[${index + 1},${part},${text}]`);
      size += text.length;
    }
  }
  await flush();
}

/** The tables agendas are kept in, a row per owner (and part): the month's run day's, and one other day's. */
type AgendaTable = 'owner_agenda_results' | 'day_agenda_parts';

/** Agenda rows (parts) read per statement: at most ~16 MB of JSON. */
const AGENDA_ROWS_PER_READ = 8;

/**
 * The agendas {@link insertAgendaRows} wrote, read a few rows per statement
 * (an unassigned portfolio's one agenda is ~150 MB at 100,000 accounts) and
 * joined: parts in order, owners in the run's order.
 */
async function readAgendaRows(client: SqlClient, table: AgendaTable, month: string): Promise<OwnerAgenda[]> {
  const agendas: OwnerAgenda[] = [];
  let after: [number, number] = [-1, -1];
  for (;;) {
    const { rows } = await client.query<{ position: number; part: number; agenda: OwnerAgenda }>(
      `SELECT position, part, agenda FROM ${table}
       WHERE month = $1 AND (position, part) > ($2, $3) ORDER BY position, part LIMIT ${AGENDA_ROWS_PER_READ}`,
      [month, ...after],
    );
    for (const row of rows) {
      const last = agendas.at(-1);
      if (last !== undefined && Number(row.position) === after[0]) {
        for (const list of AGENDA_LISTS) for (const action of row.agenda[list]) last[list].push(action);
      } else agendas.push(row.agenda);
      after = [Number(row.position), Number(row.part)];
    }
    if (rows.length < AGENDA_ROWS_PER_READ) return agendas;
  }
}

/**
 * Read what takes several statements (a row and its parts) so that it all
 * comes from one storing of it: `stamp` reads the row's computation time (or
 * `undefined` when there is none), and the read is done again if the time
 * changed meanwhile — the row was stored anew, its parts with it.
 */
async function readWhole<T>(
  stamp: () => Promise<string | Date | undefined>,
  read: () => Promise<T>,
): Promise<T | undefined> {
  for (;;) {
    const before = await stamp();
    if (before === undefined) return undefined;
    const value = await read();
    const after = await stamp();
    if (after !== undefined && new Date(after).getTime() === new Date(before).getTime()) return value;
  }
}

/**
 * The results part of the PostgreSQL store (PGlite or a server): tables
 * `portfolio_month_results` and `account_month_results` (primary key
 * (month, account_id)), the data generation counted in `kamkit_data_changes`
 * plus the compacted counter `kamkit_data_generation`,
 * and claims as session advisory locks.
 */
export function sqlResultsStore(context: SqlResultsContext): ResultsStore {
  const { client } = context;
  const monthComputedAt = async (month: string) => {
    const { rows } = await client.query<{ computed_at: string | Date }>(
      'SELECT computed_at FROM portfolio_month_results WHERE month = $1',
      [month],
    );
    return rows[0]?.computed_at;
  };
  return {
    async dataGeneration() {
      // One statement, one snapshot: a compaction moving rows into the counter never shows half-done.
      const { rows } = await client.query<{ n: string | number }>(
        `SELECT coalesce((SELECT compacted FROM kamkit_data_generation), 0)
              + (SELECT count(*) FROM kamkit_data_changes) AS n`,
      );
      return Number(rows[0]?.n ?? 0);
    },

    async compactDataChanges() {
      // Deletes only rows of committed writes (those this snapshot sees) and adds their number to
      // the counter in the same statement: the generation is unchanged. Concurrent compactions
      // queue on the counter row; a row already deleted by one is not counted by the other.
      const { rows } = await client.query<{ n: string | number }>(
        `WITH gone AS (DELETE FROM kamkit_data_changes RETURNING 1),
              moved AS (SELECT count(*) AS n FROM gone)
         INSERT INTO kamkit_data_generation AS g (id, compacted) SELECT true, n FROM moved
         ON CONFLICT (id) DO UPDATE SET compacted = g.compacted + excluded.compacted
         RETURNING (SELECT n FROM moved) AS n`,
      );
      return Number(rows[0]?.n ?? 0);
    },

    async putMonth(results) {
      const { meta } = results;
      await context.atomic(async (connection) => {
        // The month's earlier account rows in parts first (one DELETE of 10,000 rows held PGlite's
        // thread ~1 s), then its portfolio row.
        for (;;) {
          const { rows } = await connection.query<{ n: number }>(
            `WITH gone AS (
               DELETE FROM account_month_results WHERE month = $1 AND account_id IN (
                 SELECT account_id FROM account_month_results WHERE month = $1 LIMIT ${ROWS_PER_DELETE})
               RETURNING 1)
             SELECT count(*)::int AS n FROM gone`,
            [meta.month],
          );
          if (Number(rows[0]?.n ?? 0) < ROWS_PER_DELETE) break;
        }
        await connection.query('DELETE FROM portfolio_month_results WHERE month = $1', [meta.month]);
        const analysis = analysisParts(results.portfolio.analysis);
        await connection.query(
          `INSERT INTO portfolio_month_results (${META_COLUMNS}, data, analysis)
           VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7::text::jsonb, $8::text::jsonb)`,
          [
            meta.month,
            meta.today,
            meta.policyFingerprint,
            meta.dataGeneration,
            meta.computedAt,
            meta.accountCount,
            JSON.stringify(summaryOf(results.portfolio)),
            analysis.head,
          ],
        );
        for (let start = 0; start < analysis.parts.length; start += ANALYSIS_PARTS_PER_STATEMENT)
          await connection.query(
            `INSERT INTO portfolio_analysis_parts (month, list, part, columns)
             SELECT $1, e->>0, (e->>1)::int, e->>2 FROM jsonb_array_elements($2::text::jsonb) AS e`,
            [meta.month, `[${analysis.parts.slice(start, start + ANALYSIS_PARTS_PER_STATEMENT).join(',')}]`],
          );
        await insertAgendaRows(connection, 'owner_agenda_results', meta.month, results.agendas);
        await insertAccountRows(connection, meta.month, results.accounts);
      });
    },

    async monthMeta(month) {
      const { rows } = await client.query<MetaRow>(
        `SELECT ${META_COLUMNS} FROM portfolio_month_results WHERE month = $1`,
        [month],
      );
      return rows[0] === undefined ? undefined : metaOf(rows[0]);
    },

    async listMonths() {
      const { rows } = await client.query<MetaRow>(
        `SELECT ${META_COLUMNS} FROM portfolio_month_results ORDER BY month DESC`,
      );
      return rows.map(metaOf);
    },

    async getPortfolioMonth(month) {
      return readWhole(
        () => monthComputedAt(month),
        async () => {
          const { rows } = await client.query<{ data: PortfolioSummary; analysis: PortfolioAnalysis }>(
            'SELECT data, analysis FROM portfolio_month_results WHERE month = $1',
            [month],
          );
          const row = rows[0];
          // Deleted after the stamp was read: the stamp read next says so.
          if (row === undefined) return undefined;
          return { ...row.data, analysis: await readAnalysis(client, month, row.analysis) };
        },
      );
    },

    async getPortfolioSummary(month) {
      const { rows } = await client.query<{ data: PortfolioSummary }>(
        'SELECT data FROM portfolio_month_results WHERE month = $1',
        [month],
      );
      return rows[0]?.data;
    },

    async getAgendas(month) {
      return readWhole(
        () => monthComputedAt(month),
        () => readAgendaRows(client, 'owner_agenda_results', month),
      );
    },

    async getDayAgendas(month) {
      const head = async () => {
        const { rows } = await client.query<{
          day: string;
          policy_fingerprint: string;
          data_generation: string | number;
          computed_at: string | Date;
        }>(
          `SELECT day, policy_fingerprint, data_generation, computed_at
           FROM day_agenda_results WHERE month = $1`,
          [month],
        );
        return rows[0];
      };
      return readWhole(
        async () => (await head())?.computed_at,
        async (): Promise<DayAgendas | undefined> => {
          const row = await head();
          if (row === undefined) return undefined;
          return {
            day: row.day,
            dataGeneration: Number(row.data_generation),
            policyFingerprint: row.policy_fingerprint,
            computedAt: new Date(row.computed_at).toISOString(),
            agendas: await readAgendaRows(client, 'day_agenda_parts', month),
          };
        },
      );
    },

    async putDayAgendas(month, agendas) {
      // Every owner's agenda in rows of its own, as the month's: the whole portfolio's agendas
      // of a day as one value (~150 MB at 100,000 unassigned accounts) ran PGlite out of memory.
      await context.atomic(async (connection) => {
        await connection.query('DELETE FROM day_agenda_results WHERE month = $1', [month]);
        await connection.query(
          `INSERT INTO day_agenda_results (month, day, policy_fingerprint, data_generation, computed_at)
           VALUES ($1, $2, $3, $4, $5::timestamptz)`,
          [month, agendas.day, agendas.policyFingerprint, agendas.dataGeneration, agendas.computedAt],
        );
        await insertAgendaRows(connection, 'day_agenda_parts', month, agendas.agendas);
      });
    },

    async getAccountMonth(month, accountId) {
      const { rows } = await client.query<{ data: AccountMonth }>(
        'SELECT data FROM account_month_results WHERE month = $1 AND account_id = $2',
        [month, accountId],
      );
      return rows[0]?.data;
    },
    async getAccountMonthWithMeta(month, accountId) {
      const { rows } = await client.query<MetaRow & { data: AccountMonth | null }>(
        `SELECT ${META_COLUMNS},
           (SELECT data FROM account_month_results WHERE month = $1 AND account_id = $2) AS data
         FROM portfolio_month_results WHERE month = $1`,
        [month, accountId],
      );
      const row = rows[0];
      return row && { meta: metaOf(row), row: row.data ?? undefined };
    },

    async listAccountMonths(month, query: AccountMonthQuery = {}) {
      const params: unknown[] = [month];
      let where = 'month = $1';
      if (query.accountIds !== undefined) {
        params.push([...query.accountIds]);
        where += ` AND account_id = ANY($${params.length}::text[])`;
      }
      if (query.withAlerts) where += ` AND jsonb_array_length(data->'alerts') > 0`;
      let limit = '';
      if (query.limit !== undefined) {
        params.push(query.limit);
        limit = ` LIMIT $${params.length}`;
      }
      const { rows } = await client.query<{ data: AccountMonth }>(
        `SELECT data FROM account_month_results WHERE ${where} ORDER BY rank${limit}`,
        params,
      );
      return rows.map((row) => row.data);
    },

    async listTiers(month, accountIds) {
      // The tier only: the database takes it out of each row, so no whole row is sent or parsed.
      const params: unknown[] = [month];
      let where = 'month = $1';
      if (accountIds !== undefined) {
        params.push([...accountIds]);
        where += ' AND account_id = ANY($2::text[])';
      }
      const { rows } = await client.query<{ account_id: string; tier: string | null }>(
        `SELECT account_id, data->'tier'->>'tier' AS tier FROM account_month_results WHERE ${where}`,
        params,
      );
      return new Map(rows.map((row) => [row.account_id, row.tier] as const));
    },

    async claimMonth<T>(month: string, work: () => Promise<T>): Promise<MonthClaim<T>> {
      if (context.running.has(month)) return { claimed: false };
      context.running.add(month);
      try {
        return await context.withConnection(async (connection) => {
          const key = `kamkit.results.${month}`;
          const { rows } = await connection.query<{ claimed: boolean }>(
            `SELECT pg_try_advisory_lock(hashtextextended($1 || current_schema(), 0)) AS claimed`,
            [key],
          );
          if (rows[0]?.claimed !== true) return { claimed: false as const };
          try {
            return { claimed: true as const, value: await work() };
          } finally {
            await connection.query(`SELECT pg_advisory_unlock(hashtextextended($1 || current_schema(), 0))`, [
              key,
            ]);
          }
        });
      } finally {
        context.running.delete(month);
      }
    },
  };
}
