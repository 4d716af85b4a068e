/**
 * From "how the alert should be" to the changes that get it there: an
 * imported spreadsheet row gives an alert's status, assignee, cause and note,
 * and {@link alertChangesFor} turns it into the same changes `kamkit alerts
 * assign|ack|explain|close` make, or says which field cannot be reached.
 *
 * @module
 */
import type { LocalisedText } from '../errors/kam-error.js';
import { ALERT_STATUSES, type AlertStatus, type StoredAlert } from '../store/port.js';
import type { AlertCause } from './alert-policy.js';
import { type AlertChange, alertCauseList, resolveAlertCause } from './alert-work.js';

/** How an alert should be; a field left out keeps what is stored. */
export interface AlertTarget {
  /**
   * The status it should reach. Alerts only move on (open → acknowledged →
   * explained → closed): a status earlier than the stored one — an export
   * taken before someone acknowledged the alert, a file imported twice —
   * changes nothing.
   */
  status?: AlertStatus | undefined;
  /** Who handles it. */
  assignee?: string | undefined;
  /** A cause of the policy (id, English or Chinese label); recording a new one explains the alert. */
  cause?: string | undefined;
  /** What was found, what was done. */
  note?: string | undefined;
}

/** A field of {@link AlertTarget}. */
export type AlertTargetField = keyof AlertTarget;

/** The changes reaching a target (none: it is already there), or the field that cannot be reached and why. */
export type AlertChangesResult =
  | { ok: true; changes: AlertChange[] }
  | { ok: false; field: AlertTargetField; expected: LocalisedText };

const CLOSED: LocalisedText = {
  'zh-CN': '与已保存的相同（该预警已关闭，不能再修改）',
  en: 'the stored value (the alert is closed and can no longer be changed)',
};

const NEEDS_CAUSE: LocalisedText = {
  'zh-CN': '“已说明原因”须同时填写原因（原因列）',
  en: 'a cause in the cause column as well (explained means a cause is recorded)',
};

/**
 * The changes that take `before` to `target`, in the order `kamkit alerts`
 * would make them: assign, acknowledge, explain (a new cause explains an
 * open or acknowledged alert), close, and a note-only change when nothing
 * else carries the note. Pure: nothing is read or written.
 *
 * Refused (with the field and the expected form in both locales): a cause
 * not in `causes`; `explained` without a cause; any difference on a closed
 * alert. A status earlier than the stored one is no difference.
 *
 * @example
 * ```ts
 * alertChangesFor(stored, { cause: '报价', note: '竞争对手降价' }, DEFAULT_ALERT_CAUSES);
 * // { ok: true, changes: [{ action: 'explain', cause: 'price', note: '竞争对手降价' }] }
 * ```
 */
export function alertChangesFor(
  before: StoredAlert,
  target: AlertTarget,
  causes: readonly AlertCause[],
): AlertChangesResult {
  let cause: string | undefined;
  if (target.cause !== undefined) {
    // The stored cause as exported reads back even if the policy has since dropped it.
    cause = target.cause.trim() === before.cause ? before.cause : resolveAlertCause(target.cause, causes);
    if (cause === undefined) {
      const list = alertCauseList(causes);
      return {
        ok: false,
        field: 'cause',
        expected: {
          'zh-CN': `预警策略的原因之一：${list['zh-CN']}`,
          en: `one of the alert policy's causes: ${list.en}`,
        },
      };
    }
  }
  const note = target.note?.trim() === '' ? undefined : target.note?.trim();
  const rank = (status: AlertStatus) => ALERT_STATUSES.indexOf(status);
  const differs = {
    status: target.status !== undefined && rank(target.status) > rank(before.status),
    assignee: target.assignee !== undefined && target.assignee !== (before.assignee ?? null),
    cause: cause !== undefined && cause !== (before.cause ?? null),
    note: note !== undefined && note !== (before.note ?? null),
  };
  if (before.status === 'closed') {
    const changed = (['status', 'assignee', 'cause', 'note'] as const).find((field) => differs[field]);
    return changed === undefined
      ? { ok: true, changes: [] }
      : { ok: false, field: changed, expected: CLOSED };
  }
  let status = differs.status ? target.status! : before.status;
  if (differs.cause && (status === 'open' || status === 'acknowledged')) status = 'explained';
  if (status === 'explained' && (cause ?? before.cause ?? null) === null) {
    return { ok: false, field: 'status', expected: NEEDS_CAUSE };
  }

  const changes: AlertChange[] = [];
  if (differs.assignee) changes.push({ action: 'assign', assignee: target.assignee! });
  if (status === 'acknowledged' && before.status === 'open') changes.push({ action: 'acknowledge' });
  if (status === 'explained' && (before.status !== 'explained' || differs.cause)) {
    changes.push({ action: 'explain', cause: cause ?? before.cause! });
  }
  if (status === 'closed') changes.push({ action: 'close', ...(differs.cause ? { cause } : {}) });
  if (differs.note) {
    const last = changes.pop();
    changes.push(last === undefined ? { action: 'note', note: note! } : { ...last, note: note! });
  }
  return { ok: true, changes };
}
