import type { Alert, TierChange } from '../alerts/alert.js';
import { closeClearedAlerts, saveAlertWorkItems, saveRunAlerts } from '../alerts/alert-work.js';
import { runAlerts } from '../alerts/run-alerts.js';
import { type DutyFiling, dueActions, type OwnerAgenda } from '../cadence/due-actions.js';
import { complaintClocks, overdueComplaintAlerts } from '../complaints/complaint-clock.js';
import { withContractFlags } from '../contracts/contract.js';
import type { Account } from '../domain/account.js';
import type { Contact } from '../domain/contact.js';
import type { Interaction } from '../domain/interaction.js';
import { type AggregateInput, keepAggregateRows, toAggregateColumns } from '../metrics/aggregate-columns.js';
import { FigureContext } from '../metrics/figures.js';
import { explainScore, type ScoreExplanation } from '../scoring/explain.js';
import type { ScoreResult } from '../scoring/score-columns.js';
import { scorePortfolio } from '../scoring/score-portfolio.js';
import type { Store, StoredTierAssignment, TierOverride } from '../store/port.js';
import { planFilings } from '../tasks/task.js';
import { assignTiers, type TierAssignment, toStoredTierAssignment } from '../tiering/assign-tiers.js';
import { tierLabel, withAdmission } from '../tiering/policy.js';
import { statesFromHistory } from '../tiering/stabilise.js';
import { lastDayOfMonth, monthIndex } from '../time/calendar.js';
import type { PortfolioPolicies } from './policies.js';

/** Options for {@link runPortfolio}. */
export interface RunPortfolioOptions {
  store: Store;
  policies: PortfolioPolicies;
  /** The month to score and tier, `YYYY-MM`. */
  asOf: string;
  /** The day of the run `YYYY-MM-DD` (due actions, override expiry); default: the last day of `asOf`. */
  today?: string;
  /** Save scores, tier assignments and alerts to the store (default true). */
  save?: boolean;
  /** Who the saved records are attributed to (default `system`). */
  actor?: string;
  /** Clock for record timestamps. */
  now?: () => Date;
}

/** What {@link portfolioTiers} works from: the store's rows, already read. */
export interface PortfolioTiersInput {
  policies: PortfolioPolicies;
  /** The month to score and tier, `YYYY-MM`. */
  asOf: string;
  /** The day overrides are judged on, `YYYY-MM-DD`. */
  today: string;
  accounts: Account[];
  /** Monthly aggregates, as rows or in columns; later months than `asOf` are ignored. */
  aggregates: AggregateInput;
  /** The tier policy's stored tier history (any periods; those before `asOf` are used). */
  history: readonly StoredTierAssignment[];
  /** The tier policy's overrides. */
  overrides: readonly TierOverride[];
}

/** What {@link portfolioTiers} computes. */
export interface PortfolioTiers {
  context: FigureContext;
  scores: ScoreResult;
  tiers: TierAssignment[];
  /** The stored history before `asOf`. */
  earlier: StoredTierAssignment[];
}

/**
 * Scores and tiers of one month from rows already read — the first half of
 * {@link runPortfolio}, without alerts and due actions. The report source
 * uses it for the previous month's tiers when none are stored.
 *
 * @example
 * ```ts
 * const { tiers } = portfolioTiers({ policies, asOf: '2026-09', today: '2026-09-30', accounts, aggregates, history, overrides });
 * ```
 */
export function portfolioTiers(input: PortfolioTiersInput): PortfolioTiers {
  const { policies, asOf, today, accounts } = input;
  const all = toAggregateColumns(input.aggregates);
  const last = monthIndex(asOf);
  const aggregates = keepAggregateRows(all, (row) => all.month[row]! <= last);
  const context = new FigureContext({ accounts, aggregates, asOf, asOfDate: today });
  const scores = scorePortfolio({ model: policies.scoring, context });
  const tierPolicy = withAdmission(policies.tiers, policies.admission);
  const earlier = input.history.filter((row) => row.period < asOf);
  const previous = statesFromHistory(earlier, tierPolicy);
  const tiers = assignTiers({ policy: tierPolicy, context, previous, overrides: input.overrides, today });
  return { context, scores, tiers, earlier };
}

/** Everything one run of the engine produced for a month. */
export interface PortfolioRun {
  asOf: string;
  today: string;
  accounts: Account[];
  context: FigureContext;
  scores: ScoreResult;
  tiers: TierAssignment[];
  tierChanges: TierChange[];
  alerts: Alert[];
  agendas: OwnerAgenda[];
  /** One account's score explanation. */
  explain(accountId: string): ScoreExplanation;
}

/** What {@link computePortfolioRun} works from: the store's rows, already read. */
export interface PortfolioRunInput extends PortfolioTiersInput {
  /** Interactions (the service cadence's "last done"). */
  interactions: readonly Interaction[];
  /** Filings of owner duties: the weekly visit plans stored as plan tasks ({@link planFilings}). */
  filings?: readonly DutyFiling[];
  /** Contacts (their birthdays, for key-date rules); contacts of other accounts than `accounts` are ignored. */
  contacts?: readonly Contact[];
}

/**
 * The month's pipeline over rows already read, without I/O: figures →
 * scores → tiers (hysteresis from the history, overrides) → tier changes →
 * alerts → due actions. {@link runPortfolio} reads the rows and calls it;
 * the stored monthly results (`computeMonth`) are computed by it too.
 *
 * @example
 * ```ts
 * const run = computePortfolioRun({ policies, asOf: '2026-10', today: '2026-10-31', accounts, aggregates, history: [], overrides: [], interactions: [] });
 * ```
 */
export function computePortfolioRun(input: PortfolioRunInput): PortfolioRun {
  const { policies, asOf, today, accounts, interactions } = input;
  const { context, scores, tiers, earlier } = portfolioTiers(input);

  const lastTier = new Map<string, string | null>();
  for (const row of earlier) lastTier.set(row.accountId, row.tier);
  const tierChanges: TierChange[] = [];
  for (const assignment of tiers) {
    const before = lastTier.get(assignment.accountId);
    if (before !== undefined && before !== assignment.tier) {
      tierChanges.push({ accountId: assignment.accountId, from: before, to: assignment.tier });
    }
  }
  const tierOrder = policies.tiers.tiers.map((tier) => tier.id);
  const alerts = runAlerts({
    policy: policies.alerts,
    context,
    asOf: today,
    tierChanges,
    tierOrder,
    tierLabel: (tier) => tierLabel(policies.tiers, tier),
    tiers,
    profile: policies.profile,
    interactions,
  });
  const tierOf = new Map(tiers.map((assignment) => [assignment.accountId, assignment.tier] as const));
  const agendas = dueActions({
    policy: policies.service,
    accounts,
    tierOf: (accountId) => tierOf.get(accountId) ?? null,
    interactions,
    today,
    ...(input.filings === undefined ? {} : { filings: input.filings }),
    ...(input.contacts === undefined ? {} : { contacts: input.contacts }),
  });
  return {
    asOf,
    today,
    accounts,
    context,
    scores,
    tiers,
    tierChanges,
    alerts,
    agendas,
    explain: (accountId) => explainScore(scores, accountId),
  };
}

/**
 * Run the engine for one month over what the store holds: its inputs are
 * read, then {@link computePortfolioRun} (figures from the aggregation port →
 * scores → tiers with the tier history and overrides → alerts → due actions).
 * With saving on (the default), scores, tier assignments and alerts are saved
 * (tier changes are audited by the store; alerts become work items through
 * `saveRunAlerts`, keeping the status, assignee, cause and note of those
 * already stored; alerts of a missing A or B owner the run no longer raises
 * are closed by `closeClearedAlerts`; overdue complaints under
 * `policies.complaints` are saved as alerts too).
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * // … put accounts, insert transactions and interactions …
 * const run = await runPortfolio({ store, policies: defaultPolicies(), asOf: '2026-10' });
 * run.tiers.filter((t) => t.tier === 'platinum').length;
 * ```
 */
export async function runPortfolio(options: RunPortfolioOptions): Promise<PortfolioRun> {
  const { store, policies, asOf } = options;
  const today = options.today ?? lastDayOfMonth(asOf);
  const now = options.now ?? (() => new Date());
  const actor = options.actor ?? 'system';
  const [stored, aggregates, history, overrides, interactions, contracts, tasks, contacts] =
    await Promise.all([
      store.listAccounts(),
      store.aggregateColumns({ toMonth: asOf }),
      store.listTierAssignments({ policyId: policies.tiers.id }),
      store.listOverrides({ policyId: policies.tiers.id }),
      store.listInteractions(),
      store.listContracts(),
      store.listTasks(),
      store.listContacts(),
    ]);
  // A contract in force gives the account the `agreement` flag admission reads.
  const accounts = withContractFlags(stored, contracts, today);
  const run = computePortfolioRun({
    policies,
    asOf,
    today,
    accounts,
    aggregates,
    history,
    overrides,
    interactions,
    // Stored weekly visit plans settle the weekly duty.
    filings: planFilings(tasks, policies.service),
    contacts,
  });
  const { tiers, scores, alerts } = run;

  if (options.save ?? true) {
    const at = now().toISOString();
    await store.transaction(async (tx) => {
      await tx.saveTierAssignments(
        tiers.map((assignment) => ({ ...toStoredTierAssignment(assignment, at) })),
        { actor, at },
      );
      await tx.saveScores(
        accounts.map((account, index) => ({
          accountId: account.id,
          period: asOf,
          modelId: policies.scoring.id,
          score: scores.scores[index]!,
          factors: explainScore(scores, index).factors,
          at,
        })),
        { actor, at },
      );
      await saveRunAlerts(tx, alerts, { at, actor, asOf });
      // An account's missing owner is a standing condition: once fixed, its alert closes.
      await closeClearedAlerts(tx, alerts, {
        accountIds: accounts.map((account) => account.id),
        asOf,
        at,
        actor,
      });
      if (policies.complaints) {
        const clocks = complaintClocks({
          complaints: await tx.listComplaints(),
          policy: policies.complaints,
          today,
        });
        await saveAlertWorkItems(tx, overdueComplaintAlerts(clocks, at), { at, actor, asOf });
      }
      if (actor !== 'system') {
        await tx.appendAudit({
          actor,
          action: 'portfolio.run',
          entity: 'portfolio',
          entityId: asOf,
          before: null,
          after: { accounts: accounts.length, alerts: alerts.length },
        });
      }
    });
  }
  return run;
}
