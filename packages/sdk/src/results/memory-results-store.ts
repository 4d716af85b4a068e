import {
  type AccountMonth,
  type AccountMonthQuery,
  accountMonthJson,
  type DayAgendas,
  type MonthClaim,
  type MonthResults,
  type ResultsStore,
} from './results-store.js';

/** The memory adapter's results: one per store, shared by its transactions. */
export interface MemoryResultsState {
  /** The data generation: advanced by every write that changes a month's figures. */
  generation: number;
  months: Map<
    string,
    {
      results: Omit<MonthResults, 'accounts'> & { accounts: AccountMonth[] };
      byAccount: Map<string, AccountMonth>;
    }
  >;
  /** The whole portfolio's agendas of one day per month. */
  dayAgendas: Map<string, DayAgendas>;
  /** Months being run (claims). */
  running: Set<string>;
}

/** An empty {@link MemoryResultsState}. */
export function emptyResultsState(): MemoryResultsState {
  return { generation: 0, months: new Map(), dayAgendas: new Map(), running: new Set() };
}

const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/**
 * The results part of the memory store. `undo` records how to take a write
 * back when the surrounding transaction fails (`undefined` outside one).
 */
export function memoryResultsStore(
  state: MemoryResultsState,
  undo: ((step: () => void) => void) | undefined,
): ResultsStore {
  return {
    async dataGeneration() {
      return state.generation;
    },
    async compactDataChanges() {
      return 0; // the generation is a plain counter here: there is no log to fold
    },
    async putMonth(results) {
      const month = results.meta.month;
      // Each row as the SQL store keeps it: its JSON text (a serialised row's as it came), read back.
      const stored = {
        ...copy({ ...results, accounts: [] }),
        accounts: results.accounts.map((row) => JSON.parse(accountMonthJson(row)) as AccountMonth),
      };
      const before = state.months.get(month);
      state.months.set(month, {
        results: stored,
        byAccount: new Map(stored.accounts.map((row) => [row.accountId, row] as const)),
      });
      undo?.(() => {
        if (before) state.months.set(month, before);
        else state.months.delete(month);
      });
    },
    async monthMeta(month) {
      return copy(state.months.get(month)?.results.meta);
    },
    async listMonths() {
      return [...state.months.values()]
        .map((entry) => copy(entry.results.meta))
        .sort((left, right) => (left.month < right.month ? 1 : left.month > right.month ? -1 : 0));
    },
    async getPortfolioMonth(month) {
      return copy(state.months.get(month)?.results.portfolio);
    },
    async getPortfolioSummary(month) {
      const portfolio = state.months.get(month)?.results.portfolio;
      if (portfolio === undefined) return undefined;
      const { analysis: _analysis, ...summary } = portfolio;
      return copy(summary);
    },
    async getAgendas(month) {
      return copy(state.months.get(month)?.results.agendas);
    },
    async getDayAgendas(month) {
      return copy(state.dayAgendas.get(month));
    },
    async putDayAgendas(month, agendas) {
      const before = state.dayAgendas.get(month);
      state.dayAgendas.set(month, copy(agendas));
      undo?.(() => {
        if (before) state.dayAgendas.set(month, before);
        else state.dayAgendas.delete(month);
      });
    },
    async getAccountMonth(month, accountId) {
      return copy(state.months.get(month)?.byAccount.get(accountId));
    },
    async getAccountMonthWithMeta(month, accountId) {
      const entry = state.months.get(month);
      return entry && copy({ meta: entry.results.meta, row: entry.byAccount.get(accountId) });
    },
    async listAccountMonths(month, query: AccountMonthQuery = {}) {
      const entry = state.months.get(month);
      if (!entry) return [];
      const wanted = query.accountIds === undefined ? undefined : new Set(query.accountIds);
      const rows = entry.results.accounts
        .filter((row) => wanted === undefined || wanted.has(row.accountId))
        .filter((row) => !query.withAlerts || row.alerts.length > 0)
        .sort((left, right) => left.rank - right.rank);
      return copy(query.limit === undefined ? rows : rows.slice(0, query.limit));
    },
    async listTiers(month, accountIds) {
      const entry = state.months.get(month);
      const tiers = new Map<string, string | null>();
      if (!entry) return tiers;
      const wanted = accountIds === undefined ? undefined : new Set(accountIds);
      for (const row of entry.results.accounts)
        if (wanted === undefined || wanted.has(row.accountId)) tiers.set(row.accountId, row.tier.tier);
      return tiers;
    },
    async claimMonth<T>(month: string, work: () => Promise<T>): Promise<MonthClaim<T>> {
      if (state.running.has(month)) return { claimed: false };
      state.running.add(month);
      try {
        return { claimed: true, value: await work() };
      } finally {
        state.running.delete(month);
      }
    },
  };
}
