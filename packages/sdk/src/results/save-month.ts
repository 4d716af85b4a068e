import { closeClearedAlerts, saveRunAlerts } from '../alerts/alert-work.js';
import type { Store } from '../store/port.js';
import type { ComputedMonth, SerialisedComputedAccount, SerialisedComputedMonth } from './compute-month.js';
import type { AccountMonth, ResultsMeta } from './results-store.js';

/** What {@link saveMonth} tags the results with. */
export type SaveMonthMeta = Omit<ResultsMeta, 'month' | 'today' | 'accountCount'>;

/** Options of {@link saveMonth}. */
export interface SaveMonthOptions {
  /**
   * Also record the month's tier assignments (tier history, read by the
   * hysteresis of later months; changes are audited) and scores, as a month
   * close does (`kamkit run`, `kamkit tier --save`). Default false: the
   * automatic refresh and first reads store results and alerts only, so
   * reading a month never changes another month's tiers.
   */
  record?: boolean;
}

/** A row's score: the object, or read back from its JSON text when a serialised row was sent without it. */
const scoreOf = (row: AccountMonth | SerialisedComputedAccount): AccountMonth['score'] =>
  row.score ?? (JSON.parse((row as SerialisedComputedAccount).json) as AccountMonth).score;

/**
 * Store a computed month in one transaction: the results (replacing the
 * month's earlier ones), with `record` the tier assignments (tier history;
 * changes are audited by the store) and scores, and the month's alerts through
 * `saveRunAlerts` (work items: a stored alert keeps its status, assignee,
 * cause and note); alerts of a standing condition the month no longer
 * raises are closed (`closeClearedAlerts`). The month may come with its
 * account rows serialised ({@link serialiseComputedMonth}, what the worker
 * thread sends): they are stored as their JSON text, never parsed here.
 *
 * @example
 * ```ts
 * const computed = computeMonth(inputs, policies);
 * await saveMonth(store, computed, { policyFingerprint: policyFingerprint(policies), dataGeneration, computedAt: new Date().toISOString() });
 * ```
 */
export async function saveMonth(
  store: Store,
  computed: ComputedMonth | SerialisedComputedMonth,
  meta: SaveMonthMeta,
  options: SaveMonthOptions = {},
): Promise<void> {
  const at = meta.computedAt;
  const accounts: readonly (AccountMonth | SerialisedComputedAccount)[] = computed.accounts;
  const alerts = accounts.flatMap((row) => row.alerts);
  await store.transaction(async (tx) => {
    await tx.results.putMonth({
      meta: { ...meta, month: computed.month, today: computed.today, accountCount: computed.accounts.length },
      portfolio: computed.portfolio,
      accounts: computed.accounts,
      agendas: computed.agendas,
    });
    if (options.record) {
      await tx.saveTierAssignments(computed.tierHistory.map((row) => ({ ...row, at })));
      await tx.saveScores(
        accounts.map((row) => {
          const score = scoreOf(row);
          return {
            accountId: row.accountId,
            period: computed.month,
            modelId: score.modelId,
            score: score.value,
            factors: score.factors,
            at,
          };
        }),
      );
    }
    // Alerts are work items: new ones are raised open, stored ones keep their status, assignee and cause.
    await saveRunAlerts(tx, alerts, { at, asOf: computed.month });
    // A fixed standing condition (a VIP's missing owner B) closes its alert.
    await closeClearedAlerts(tx, alerts, {
      accountIds: accounts.map((row) => row.accountId),
      asOf: computed.month,
      at,
    });
  });
}
