/**
 * Stored monthly results: what one engine run for a month computed, per
 * account and for the portfolio, kept so that readers (CLI, reports, chat)
 * answer by index instead of recomputing the portfolio. The
 * {@link ResultsStore} port part is implemented by every store adapter.
 *
 * @module
 */
import type { Alert, TierChange } from '../alerts/alert.js';
import type { DueAction, OwnerAgenda } from '../cadence/due-actions.js';
import type { LocalisedText } from '../errors/kam-error.js';
import type { AccountCard } from '../reports/data/account-card.js';
import type { PortfolioAnalysis } from '../reports/data/portfolio-analysis.js';
import type { FactorContribution } from '../scoring/explain.js';
import type { TierAssignment } from '../tiering/assign-tiers.js';

/** What a month's stored results were computed from, and when. */
export interface ResultsMeta {
  /** The month `YYYY-MM`. */
  month: string;
  /** The day the run judged due actions and overrides on, `YYYY-MM-DD`. */
  today: string;
  /** {@link policyFingerprint} of the policies the results were computed with. */
  policyFingerprint: string;
  /** The store's data generation the inputs were read at (see {@link ResultsStore.dataGeneration}). */
  dataGeneration: number;
  /** When the results were computed (ISO instant). */
  computedAt: string;
  /** How many accounts the run covered. */
  accountCount: number;
}

/** One scoring factor as stored: unknown figures are `null` (NaN in the engine). */
export interface StoredFactor extends Omit<FactorContribution, 'raw' | 'normalised'> {
  /** The figure as read; `null` when missing. */
  raw: number | null;
  /** The 0–1 value after normalisation; `null` when excluded as missing. */
  normalised: number | null;
}

/**
 * An account's tier as stored: the assignment without the hysteresis state.
 * Figures the engine could not read (NaN) are stored as `null`.
 */
export type StoredTierResult = Omit<TierAssignment, 'state' | 'accountId' | 'period'>;

/** A due action with the owner whose agenda lists it. */
export interface OwnedDueAction extends DueAction {
  /** The owner whose agenda holds the action; `null` for accounts with no owner. */
  ownerId: string | null;
}

/** One account's results for one month: the figures the policies used, and what they decided. */
export interface AccountMonth {
  month: string;
  accountId: string;
  /** Display name (short name first). */
  name: string;
  /** Position by score in the portfolio, 1 = best (ties keep the account order). */
  rank: number;
  score: {
    /** 0–100. */
    value: number;
    modelId: string;
    /** Every factor, largest contribution first, with the raw figure it read. */
    factors: StoredFactor[];
  };
  /** The tier, why (rule and figures read), admission, and the upgrade path. */
  tier: StoredTierResult;
  /** Alerts of the month for the account. */
  alerts: Alert[];
  /** The account's overdue, due and upcoming service actions on the run's day. */
  dueActions: OwnedDueAction[];
  /** The status card (what chat and `kamkit report card` show). */
  card: AccountCard;
}

/** The portfolio's results for one month: what the reports read besides the per-account rows. */
export interface PortfolioMonth {
  month: string;
  /** How many accounts the run covered. */
  accountCount: number;
  scoringModelId: string;
  tierPolicyId: string;
  /** Accounts per tier, the policy's tiers best first, then no tier (`null`). */
  distribution: { tier: string | null; label: LocalisedText; count: number }[];
  /** Accounts whose tier differs from the stored tier of an earlier month. */
  tierChanges: TierChange[];
  /**
   * The divisions of the month's accounts, sorted: the units of the monthly
   * report. Absent from months stored before it was kept (readers then list
   * the accounts).
   */
  divisions?: string[];
  /** The monthly portfolio analysis (`kamkit report portfolio`). */
  analysis: PortfolioAnalysis;
}

/** A month's portfolio row without its analysis ({@link ResultsStore.getPortfolioSummary}). */
export type PortfolioSummary = Omit<PortfolioMonth, 'analysis'>;

/**
 * An account's row already serialised (by the worker thread that computed
 * it): the keys the store indexes it by, and the row's JSON text — exactly
 * `JSON.stringify` of its {@link AccountMonth}, which is what the store keeps.
 * Storing it needs no object on the storing thread.
 */
export interface SerialisedAccountMonth {
  accountId: string;
  /** Position by score in the portfolio, 1 = best. */
  rank: number;
  /** `JSON.stringify` of the {@link AccountMonth}. */
  json: string;
}

/** An account's row as {@link ResultsStore.putMonth} takes it: the object, or its JSON text with its keys. */
export type AccountMonthRow = AccountMonth | SerialisedAccountMonth;

/**
 * The JSON text of an account's row, as stored: the serialised text as it
 * came, else `JSON.stringify` of the object (the same bytes either way).
 *
 * @example
 * ```ts
 * const text = accountMonthJson(row); // what `account_month_results.data` holds
 * ```
 */
export function accountMonthJson(row: AccountMonthRow): string {
  return 'json' in row ? row.json : JSON.stringify(row);
}

/** Everything one run for a month stores. */
export interface MonthResults {
  meta: ResultsMeta;
  portfolio: PortfolioMonth;
  /**
   * One row per account, in the run's account order: objects, or rows a
   * worker thread already serialised ({@link SerialisedAccountMonth}).
   */
  accounts: readonly AccountMonthRow[];
  /** Every owner's agenda on the run's day (owner duties included), kept apart from the small portfolio row. */
  agendas: OwnerAgenda[];
}

/**
 * Every owner's agenda on one day other than the run's day, as
 * `agendasOn` computed it for the whole portfolio and stored it: the
 * generation and the policies it was computed at say whether it still holds.
 */
export interface DayAgendas {
  /** The day, `YYYY-MM-DD`. */
  day: string;
  /** The data generation read before the agendas' inputs were. */
  dataGeneration: number;
  /** The fingerprint of the policies they were computed with. */
  policyFingerprint: string;
  /** When they were computed (ISO instant). */
  computedAt: string;
  agendas: OwnerAgenda[];
}

/** Query of {@link ResultsStore.listAccountMonths}. */
export interface AccountMonthQuery {
  /** Only these accounts (the rows of the others are not read). */
  accountIds?: readonly string[];
  /** The best `limit` by rank. */
  limit?: number;
  /** Only accounts with at least one alert. */
  withAlerts?: boolean;
}

/** Outcome of {@link ResultsStore.claimMonth}. */
export type MonthClaim<T> = { claimed: true; value: T } | { claimed: false };

/**
 * The results part of the store port. Each adapter keeps results per
 * (month, account) with an index on it, so reading one account's results is
 * one row, never a whole-portfolio load.
 */
export interface ResultsStore {
  /**
   * The data generation: a counter that every write changing a month's
   * figures (accounts, users, contacts, transactions, payments, interactions,
   * complaints, tier overrides) advances in the write's own transaction.
   * Results computed at an older generation are stale.
   */
  dataGeneration(): Promise<number>;
  /**
   * Keep the change log behind {@link ResultsStore.dataGeneration} short:
   * fold the rows of committed writes into one counter, leaving the
   * generation exactly as it was (it never goes back, so results stored at
   * it stay fresh and older ones stay stale). Returns how many log rows were
   * folded (0 where the adapter keeps a plain counter). Run after each month
   * run; safe beside concurrent writers and other compactions.
   */
  compactDataChanges(): Promise<number>;
  /** Replace the month's stored results (within the caller's transaction when there is one). */
  putMonth(results: MonthResults): Promise<void>;
  /** The month's meta, or `undefined` when nothing is stored for it. */
  monthMeta(month: string): Promise<ResultsMeta | undefined>;
  /** Meta of every stored month, newest first. */
  listMonths(): Promise<ResultsMeta[]>;
  /** The portfolio row of the month, or `undefined`. */
  getPortfolioMonth(month: string): Promise<PortfolioMonth | undefined>;
  /**
   * The portfolio row of the month without its analysis (tier counts and
   * changes: what `kamkit tier` prints), or `undefined`. The analysis lists
   * every account that moved, so it grows with the portfolio; this does not.
   */
  getPortfolioSummary(month: string): Promise<PortfolioSummary | undefined>;
  /** Every owner's agenda of the month (`kamkit due`), or `undefined`. */
  getAgendas(month: string): Promise<OwnerAgenda[] | undefined>;
  /**
   * The whole portfolio's agendas of the last day other than the run's day
   * they were stored for ({@link ResultsStore.putDayAgendas}), or `undefined`.
   */
  getDayAgendas(month: string): Promise<DayAgendas | undefined>;
  /**
   * Keep the whole portfolio's agendas of a day of the month, replacing the
   * day stored before. Their data generation and policy fingerprint say
   * whether they still hold; storing the month's results again leaves them
   * (a refresh follows a write, so they read as stale by then).
   */
  putDayAgendas(month: string, agendas: DayAgendas): Promise<void>;
  /** One account's row, or `undefined` (an unknown account and an unknown month look the same). */
  getAccountMonth(month: string, accountId: string): Promise<AccountMonth | undefined>;
  /**
   * The month's meta with one account's row in one read (one statement on
   * PostgreSQL): what a status card needs to say whether it is fresh and
   * what it shows. `undefined` when nothing is stored for the month; `row`
   * is `undefined` for an account the month's results do not hold.
   */
  getAccountMonthWithMeta(
    month: string,
    accountId: string,
  ): Promise<{ meta: ResultsMeta; row: AccountMonth | undefined } | undefined>;
  /** Rows of the month, by rank (best first). */
  listAccountMonths(month: string, query?: AccountMonthQuery): Promise<AccountMonth[]>;
  /**
   * Each account's tier of the month (`null`: no tier), without the rest of
   * its row — what a due list on another day of the month needs
   * (`agendasOn`). Only `accountIds` when given. Empty when nothing is
   * stored for the month.
   */
  listTiers(month: string, accountIds?: readonly string[]): Promise<Map<string, string | null>>;
  /**
   * Run `work` only if no one else (another process or replica on the same
   * database) is running the month: an advisory lock on PostgreSQL, a flag in
   * memory. `{ claimed: false }` when the month is already being run.
   */
  claimMonth<T>(month: string, work: () => Promise<T>): Promise<MonthClaim<T>>;
}
