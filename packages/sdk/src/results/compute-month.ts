import type { OwnerAgenda } from '../cadence/due-actions.js';
import type { PortfolioPolicies } from '../portfolio/policies.js';
import { buildAccountCard } from '../reports/data/account-card.js';
import { buildPortfolioAnalysis } from '../reports/data/portfolio-analysis.js';
import { accountName, type ReportInputs, reportSourceFromInputs } from '../reports/data/source.js';
import { explainScore } from '../scoring/explain.js';
import type { StoredTierAssignment } from '../store/port.js';
import { toStoredTierAssignment } from '../tiering/assign-tiers.js';
import type {
  AccountMonth,
  OwnedDueAction,
  PortfolioMonth,
  SerialisedAccountMonth,
  StoredFactor,
} from './results-store.js';

/** What {@link computeMonth} returns: a month's results before they are stored. */
export interface ComputedMonth {
  month: string;
  /** The day due actions and overrides were judged on. */
  today: string;
  portfolio: PortfolioMonth;
  /** One row per account, in the run's account order. */
  accounts: AccountMonth[];
  /** Every owner's agenda on the day. */
  agendas: OwnerAgenda[];
  /**
   * The tier assignments to record in the tier history (hysteresis state
   * included), without their time. A refresh that does not record the month
   * may leave it empty (`saveMonth` reads it only with `record`).
   */
  tierHistory: Omit<StoredTierAssignment, 'at'>[];
}

/**
 * An account's computed row as a worker thread sends it
 * ({@link serialiseComputedMonth}): the stored row as JSON text, and as
 * objects only what {@link saveMonth} reads besides it — the alerts, and the
 * score when the month's scores are recorded.
 */
export interface SerialisedComputedAccount extends SerialisedAccountMonth {
  /** Alerts of the month for the account (saved as work items). */
  alerts: AccountMonth['alerts'];
  /** The score, kept when the scores are to be recorded; else read back from `json` if ever needed. */
  score?: AccountMonth['score'];
}

/**
 * A {@link ComputedMonth} whose account rows are serialised
 * ({@link serialiseComputedMonth}): a few strings instead of ~10,000 object
 * trees, cheap to post from a worker thread to the thread that stores them.
 */
export interface SerialisedComputedMonth extends Omit<ComputedMonth, 'accounts'> {
  /** One row per account, in the run's account order. */
  accounts: SerialisedComputedAccount[];
}

/**
 * Serialise one computed account row: its JSON text (the bytes the store
 * keeps, so storing it parses nothing), its keys and alerts, and its score
 * when `keepScores` (a run that records the month's scores).
 */
export function serialiseAccountMonth(row: AccountMonth, keepScores: boolean): SerialisedComputedAccount {
  return {
    accountId: row.accountId,
    rank: row.rank,
    json: JSON.stringify(row),
    alerts: row.alerts,
    ...(keepScores ? { score: row.score } : {}),
  };
}

/**
 * Serialise a computed month's account rows ({@link serialiseAccountMonth}).
 *
 * @example
 * ```ts
 * const computed = serialiseComputedMonth(computeMonth(inputs, policies), { keepScores: false });
 * await saveMonth(store, computed, meta);
 * ```
 */
export function serialiseComputedMonth(
  computed: ComputedMonth,
  options: { keepScores: boolean },
): SerialisedComputedMonth {
  return {
    ...computed,
    accounts: computed.accounts.map((row) => serialiseAccountMonth(row, options.keepScores)),
  };
}

/** Options of {@link computeMonth}. */
export interface ComputeMonthOptions {
  /** The organisation's time zone (dates on cards); default Asia/Shanghai. */
  timeZone?: string;
}

const nullIfNaN = (value: number): number | null => (Number.isNaN(value) ? null : value);

/**
 * A month computed up to its account rows, which are built one at a time on
 * request ({@link PreparedMonth.accountRow}): a worker thread builds,
 * serialises and posts them a slice at a time, so the ~100,000 rows' object
 * trees and texts of a large portfolio never all live at once.
 */
export interface PreparedMonth extends Omit<ComputedMonth, 'accounts' | 'tierHistory'> {
  /** Number of account rows. */
  accountCount: number;
  /** The row of the account at `index` in the run's account order, built now. */
  accountRow(index: number): AccountMonth;
  /**
   * The tier assignments to record, built now: only a run that records the
   * month needs them (~2.6 KB each, ~260 MB of JSON at 100,000 accounts).
   */
  tierHistory(): Omit<StoredTierAssignment, 'at'>[];
}

/**
 * Compute a month from rows already read, except its account rows — pure,
 * no I/O: the month's pipeline ({@link computePortfolioRun} through
 * {@link reportSourceFromInputs}) once, the portfolio's tier distribution,
 * tier changes, monthly analysis and every owner's agenda, and the ranks;
 * each account's row (score with every factor, tier with the reason and
 * the upgrade path, alerts, due actions, status card) is built when asked.
 *
 * @example
 * ```ts
 * const prepared = prepareMonth(await readReportInputs(store, { asOf: '2026-10', policies }), policies);
 * prepared.accountRow(0).tier.label.en;
 * ```
 */
export function prepareMonth(
  inputs: ReportInputs,
  policies: PortfolioPolicies,
  options: ComputeMonthOptions = {},
): PreparedMonth {
  const source = reportSourceFromInputs(inputs, {
    policies,
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  });
  const { run } = source;
  const { scores } = run;
  const order = [...scores.scores.keys()].sort((a, b) => scores.scores[b]! - scores.scores[a]! || a - b);
  const rankOf = new Int32Array(order.length);
  order.forEach((index, position) => {
    rankOf[index] = position + 1;
  });

  const alertsOf = new Map<string, AccountMonth['alerts']>();
  for (const alert of run.alerts) {
    const list = alertsOf.get(alert.accountId);
    if (list) list.push(alert);
    else alertsOf.set(alert.accountId, [alert]);
  }
  const actionsOf = new Map<string, OwnedDueAction[]>();
  for (const agenda of run.agendas)
    for (const action of [...agenda.overdue, ...agenda.due, ...agenda.upcoming]) {
      if (action.accountId === null) continue;
      const owned = { ...action, ownerId: agenda.ownerId };
      const list = actionsOf.get(action.accountId);
      if (list) list.push(owned);
      else actionsOf.set(action.accountId, [owned]);
    }

  const accountRow = (index: number): AccountMonth => {
    const account = run.accounts[index]!;
    const explanation = explainScore(scores, index);
    const { state: _state, accountId: _accountId, period: _period, ...tier } = run.tiers[index]!;
    return {
      month: run.asOf,
      accountId: account.id,
      name: accountName(source, account.id),
      rank: rankOf[index]!,
      score: {
        value: explanation.score,
        modelId: policies.scoring.id,
        factors: explanation.factors.map(
          (factor): StoredFactor => ({
            ...factor,
            raw: nullIfNaN(factor.raw),
            normalised: nullIfNaN(factor.normalised),
          }),
        ),
      },
      tier,
      alerts: alertsOf.get(account.id) ?? [],
      dueActions: actionsOf.get(account.id) ?? [],
      card: buildAccountCard(source, account.id),
    };
  };

  const tierIds = [...policies.tiers.tiers.map((tier) => tier.id), null];
  const counts = new Map<string | null, number>();
  for (const assignment of run.tiers) counts.set(assignment.tier, (counts.get(assignment.tier) ?? 0) + 1);
  const portfolio: PortfolioMonth = {
    month: run.asOf,
    accountCount: run.accounts.length,
    scoringModelId: policies.scoring.id,
    tierPolicyId: policies.tiers.id,
    distribution: tierIds.map((tier) => ({
      tier,
      label:
        tier === null
          ? policies.tiers.noTierLabel
          : (policies.tiers.tiers.find((info) => info.id === tier)?.label ?? { 'zh-CN': tier, en: tier }),
      count: counts.get(tier) ?? 0,
    })),
    tierChanges: run.tierChanges,
    divisions: [...new Set(run.accounts.map((account) => account.division))].sort(),
    analysis: buildPortfolioAnalysis(source),
  };
  const tierHistory = () =>
    run.tiers.map((assignment) => {
      const { at: _at, ...row } = toStoredTierAssignment(assignment, '');
      return row;
    });
  return {
    month: run.asOf,
    today: run.today,
    portfolio,
    agendas: run.agendas,
    tierHistory,
    accountCount: run.accounts.length,
    accountRow,
  };
}

/**
 * Compute a month's results from rows already read — pure, no I/O:
 * {@link prepareMonth} and every account's row. The day is `inputs.today`.
 *
 * @example
 * ```ts
 * const inputs = await readReportInputs(store, { asOf: '2026-10', policies });
 * const computed = computeMonth(inputs, policies);
 * computed.accounts[0]?.tier.label.en;
 * ```
 */
export function computeMonth(
  inputs: ReportInputs,
  policies: PortfolioPolicies,
  options: ComputeMonthOptions = {},
): ComputedMonth {
  const { accountCount, accountRow, tierHistory, ...month } = prepareMonth(inputs, policies, options);
  return {
    ...month,
    accounts: Array.from({ length: accountCount }, (_, index) => accountRow(index)),
    tierHistory: tierHistory(),
  };
}
