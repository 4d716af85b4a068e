/**
 * Churn and abnormal churn (流失率 / 异常流失率, seed001, seed003): a lost key
 * account — a key account last month, none this month — is a normal loss
 * when the cause recorded on its exit alert (the tier-downgrade alert to "not
 * a key account") is one the alert policy marks `loss: 'normal'` (closed,
 * merged, moved out of the area, policy), and abnormal otherwise. A loss
 * with no cause recorded yet counts as abnormal until it is explained.
 *
 * @module
 */
import type { AlertCause, LossKind } from '../../alerts/alert-policy.js';
import type { LocalisedText } from '../../errors/kam-error.js';
import type { StoredAlert } from '../../store/port.js';

/** Why one key account was lost, as far as it is recorded. */
export interface LossReason {
  /** `abnormal` also for a loss not yet explained. */
  kind: LossKind;
  /** The cause recorded on the exit alert; `null` while unexplained. */
  cause: LocalisedText | null;
  note: string | null;
}

/** Churn over a set of key accounts. */
export interface ChurnFigures {
  /** Key accounts at the start of the period (those with a tier the month before). */
  keyAccountsAtStart: number;
  /** Of those, key accounts no longer tiered this month. */
  lost: number;
  /** Losses whose recorded cause is a normal one. */
  normal: number;
  /** Every other loss, the unexplained ones included (`normal + abnormal = lost`). */
  abnormal: number;
  /** Of the abnormal losses, those with no cause recorded yet. */
  unexplained: number;
  /** lost ÷ key accounts at the start; `null` when there were none. */
  churnRate: number | null;
  /** abnormal ÷ key accounts at the start; `null` when there were none. */
  abnormalChurnRate: number | null;
}

/**
 * The recorded reason of a lost key account: the cause on its exit alert of
 * `month` (a tier-downgrade alert whose figures say `to: null`), classed by
 * the cause's `loss` (omitted: abnormal). No exit alert, or one without a
 * cause: abnormal and unexplained (`cause: null`).
 *
 * @example
 * ```ts
 * lossReason('acc-7', { alerts: source.alerts ?? [], causes: policies.alerts.causes, month: '2026-10' });
 * // { kind: 'normal', cause: { 'zh-CN': '客户合并重组', en: 'merged' }, note: '并入集团' }
 * ```
 */
export function lossReason(
  accountId: string,
  options: { alerts: readonly StoredAlert[]; causes: readonly AlertCause[]; month: string },
): LossReason {
  const exit = options.alerts.find(
    (alert) =>
      alert.accountId === accountId &&
      alert.kind === 'tier-downgrade' &&
      alert.period === options.month &&
      isExit(alert.figures),
  );
  if (!exit?.cause) return { kind: 'abnormal', cause: null, note: exit?.note ?? null };
  const cause = options.causes.find((entry) => entry.id === exit.cause);
  return {
    kind: cause?.loss ?? 'abnormal',
    cause: cause ? cause.label : { 'zh-CN': exit.cause, en: exit.cause },
    note: exit.note ?? null,
  };
}

/**
 * The alerts grouped by account, in their order: what {@link lossReason} and
 * the swing explanations look an account up in, so a report over many
 * accounts reads each alert once instead of scanning the list per account.
 *
 * @example
 * ```ts
 * const byAccount = alertsByAccount(source.alerts ?? []);
 * lossReason('acc-7', { alerts: byAccount.get('acc-7') ?? [], causes, month: '2026-10' });
 * ```
 */
export function alertsByAccount(alerts: readonly StoredAlert[]): Map<string, StoredAlert[]> {
  const grouped = new Map<string, StoredAlert[]>();
  for (const alert of alerts) {
    const list = grouped.get(alert.accountId);
    if (list) list.push(alert);
    else grouped.set(alert.accountId, [alert]);
  }
  return grouped;
}

function isExit(figures: unknown): boolean {
  return typeof figures === 'object' && figures !== null && (figures as { to?: unknown }).to === null;
}

/**
 * Churn figures from the key accounts at the start and the reasons of those
 * lost: `churnRate = lost ÷ keyAccountsAtStart`, `abnormalChurnRate =
 * abnormal ÷ keyAccountsAtStart` (unexplained losses are abnormal).
 *
 * @example
 * ```ts
 * churnFigures(20, [{ kind: 'normal', cause, note: null }, { kind: 'abnormal', cause: null, note: null }]);
 * // { keyAccountsAtStart: 20, lost: 2, normal: 1, abnormal: 1, unexplained: 1, churnRate: 0.1, abnormalChurnRate: 0.05 }
 * ```
 */
export function churnFigures(keyAccountsAtStart: number, losses: readonly LossReason[]): ChurnFigures {
  let normal = 0;
  let unexplained = 0;
  for (const loss of losses) {
    if (loss.kind === 'normal') normal += 1;
    else if (loss.cause === null) unexplained += 1;
  }
  const lost = losses.length;
  const abnormal = lost - normal;
  const rate = (count: number) => (keyAccountsAtStart === 0 ? null : count / keyAccountsAtStart);
  return {
    keyAccountsAtStart,
    lost,
    normal,
    abnormal,
    unexplained,
    churnRate: rate(lost),
    abnormalChurnRate: rate(abnormal),
  };
}

/** The sum of several churn figures (the rates recomputed over the sums). */
export function sumChurn(parts: readonly ChurnFigures[]): ChurnFigures {
  const total = (key: 'keyAccountsAtStart' | 'lost' | 'normal' | 'abnormal' | 'unexplained') =>
    parts.reduce((sum, part) => sum + part[key], 0);
  const keyAccountsAtStart = total('keyAccountsAtStart');
  const rate = (count: number) => (keyAccountsAtStart === 0 ? null : count / keyAccountsAtStart);
  return {
    keyAccountsAtStart,
    lost: total('lost'),
    normal: total('normal'),
    abnormal: total('abnormal'),
    unexplained: total('unexplained'),
    churnRate: rate(total('lost')),
    abnormalChurnRate: rate(total('abnormal')),
  };
}
