import type { Store } from '../store/port.js';
import type { ComputedMonth } from './compute-month.js';
import type { ResultsMeta } from './results-store.js';

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

/** The id a month's alert is saved under: one per month × account × monitor. */
export function alertId(month: string, accountId: string, monitorId: string): string {
  return `${month}/${accountId}/${monitorId}`;
}

/**
 * Store a computed month in one transaction: the results (replacing the
 * month's earlier ones), with `record` the tier assignments (tier history;
 * changes are audited by the store) and scores, and the month's alerts through
 * `saveAlerts` — only those not stored yet, so an alert someone already
 * acknowledged or resolved keeps its status.
 *
 * @example
 * ```ts
 * const computed = computeMonth(inputs, policies);
 * await saveMonth(store, computed, { policyFingerprint: policyFingerprint(policies), dataGeneration, computedAt: new Date().toISOString() });
 * ```
 */
export async function saveMonth(
  store: Store,
  computed: ComputedMonth,
  meta: SaveMonthMeta,
  options: SaveMonthOptions = {},
): Promise<void> {
  const at = meta.computedAt;
  const alerts = computed.accounts.flatMap((row) =>
    row.alerts.map((alert) => ({
      id: alertId(computed.month, alert.accountId, alert.monitorId),
      accountId: alert.accountId,
      kind: alert.kind,
      period: alert.period,
      status: 'open' as const,
      figures: alert.figures,
      createdAt: at,
    })),
  );
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
        computed.accounts.map((row) => ({
          accountId: row.accountId,
          period: computed.month,
          modelId: row.score.modelId,
          score: row.score.value,
          factors: row.score.factors,
          at,
        })),
      );
    }
    if (alerts.length > 0) {
      const stored = new Set(
        (await tx.listAlerts({ accountIds: [...new Set(alerts.map((alert) => alert.accountId))] })).map(
          (alert) => alert.id,
        ),
      );
      const fresh = alerts.filter((alert) => !stored.has(alert.id));
      if (fresh.length > 0) await tx.saveAlerts(fresh);
    }
  });
}
