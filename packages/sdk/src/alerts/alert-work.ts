/**
 * Alerts as work items: saved by every run under a stable id (a rerun keeps
 * who handles an alert, its cause and its note), acknowledged, explained with
 * a cause from the policy's list, assigned and closed — each change audited
 * in the same transaction. Reminders list the alerts still unexplained
 * before the monthly analysis is due (postal: the 28th, the roll-up the 5th).
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';
import type { AlertStatus, Store, StoredAlert, WriteMeta } from '../store/port.js';
import { monthlyDeadline } from '../unit-plans/unit-plan.js';
import type { Alert } from './alert.js';
import type { AlertCause, ReportDeadlines } from './alert-policy.js';

/**
 * The stable id of an alert: monitor, account and period. The same swing
 * found by tomorrow's run is the same work item.
 *
 * @example
 * ```ts
 * alertId({ monitorId: 'fluctuation', accountId: 'acc-1', period: '2026-10' }); // 'fluctuation|acc-1|2026-10'
 * ```
 */
export function alertId(alert: Pick<Alert, 'monitorId' | 'accountId' | 'period'>): string {
  return `${alert.monitorId}|${alert.accountId}|${alert.period}`;
}

/** An alert of a run as a new, open work item raised at `at` (ISO instant). */
export function toStoredAlert(alert: Alert, at: string): StoredAlert {
  return {
    id: alertId(alert),
    accountId: alert.accountId,
    kind: alert.kind,
    period: alert.period,
    status: 'open',
    figures: alert.figures,
    createdAt: at,
    monitorId: alert.monitorId,
    severity: alert.severity,
    message: alert.message,
    assignee: null,
    cause: null,
    note: null,
  };
}

/** Options of {@link saveRunAlerts}. */
export interface SaveRunAlertsOptions {
  /** When the run happened (ISO instant): the `createdAt` of new alerts. */
  at: string;
  /** Who ran it (default `system`); recorded in the audit entry. */
  actor?: string;
  /** The run's month `YYYY-MM`, named in the audit entry. */
  asOf: string;
}

/** What {@link saveRunAlerts} did. */
export interface SaveRunAlertsResult {
  /** Alerts not stored before. */
  raised: number;
  /** Alerts already stored: figures and message refreshed, status, assignee, cause and note kept. */
  refreshed: number;
}

/** Ids (or account ids) per statement when a run reads its stored alerts. */
const ALERT_READ_SLICE = 2_000;

/**
 * The stored alerts of these ids (or accounts), in the store's order (by
 * creation, then id), read a slice at a time: a run of 100,000 accounts
 * asks for as many alerts, and one statement for all of them held a bot's
 * event loop for over a second.
 */
async function listAlertsBy(
  tx: Pick<Store, 'listAlerts'>,
  key: 'ids' | 'accountIds',
  values: readonly string[],
): Promise<StoredAlert[]> {
  if (values.length <= ALERT_READ_SLICE) return tx.listAlerts({ [key]: values });
  const distinct = [...new Set(values)];
  const rows: StoredAlert[] = [];
  for (let start = 0; start < distinct.length; start += ALERT_READ_SLICE)
    for (const row of await tx.listAlerts({ [key]: distinct.slice(start, start + ALERT_READ_SLICE) }))
      rows.push(row);
  // Each row's instant parsed once, not in every comparison (200,000 alerts: ~7M parses).
  const keyed = rows.map((row) => ({ at: Date.parse(row.createdAt), row }));
  keyed.sort((a, b) => a.at - b.at || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
  return keyed.map(({ row }) => row);
}

/**
 * Save the alerts of a run as work items, in one transaction with one audit
 * entry (`alert.raise`, entity `alerts`, the month as id). An alert already
 * stored keeps its status, assignee, cause and note; only its figures and
 * message follow the new run.
 *
 * @example
 * ```ts
 * const run = await runPortfolio({ store, policies, asOf: '2026-10', save: false });
 * await saveRunAlerts(store, run.alerts, { at: new Date().toISOString(), asOf: '2026-10' });
 * ```
 */
export async function saveRunAlerts(
  store: Pick<Store, 'transaction'>,
  alerts: readonly Alert[],
  options: SaveRunAlertsOptions,
): Promise<SaveRunAlertsResult> {
  return saveAlertWorkItems(
    store,
    alerts.map((alert) => toStoredAlert(alert, options.at)),
    options,
  );
}

/**
 * {@link saveRunAlerts} for alerts already in their stored form (overdue
 * complaints, alerts of other sources): new ids are saved as given, stored
 * ones keep their status, assignee, cause and note.
 */
export async function saveAlertWorkItems(
  store: Pick<Store, 'transaction'>,
  rows: readonly StoredAlert[],
  options: SaveRunAlertsOptions,
): Promise<SaveRunAlertsResult> {
  if (rows.length === 0) return { raised: 0, refreshed: 0 };
  const fresh = new Map<string, StoredAlert>();
  for (const row of rows) fresh.set(row.id, row);
  return store.transaction(async (tx) => {
    const stored = new Map((await listAlertsBy(tx, 'ids', [...fresh.keys()])).map((row) => [row.id, row]));
    const saved: StoredAlert[] = [];
    let raised = 0;
    for (const [id, row] of fresh) {
      const before = stored.get(id);
      if (before === undefined) {
        raised++;
        saved.push(row);
      } else {
        saved.push({ ...before, figures: row.figures, message: row.message, severity: row.severity });
      }
    }
    await tx.saveAlerts(saved, { actor: options.actor ?? 'system' });
    await tx.appendAudit({
      actor: options.actor ?? 'system',
      action: 'alert.raise',
      entity: 'alerts',
      entityId: options.asOf,
      before: null,
      after: { raised, refreshed: saved.length - raised },
    });
    return { raised, refreshed: saved.length - raised };
  });
}

/**
 * Alert kinds that describe a standing condition rather than an event: an
 * account missing its A or B owner, a key account's profile missing items
 * of the checklist, an important account with too few staff in contact. The
 * run that no longer finds the condition closes their stored alerts ({@link closeClearedAlerts}).
 */
export const STANDING_ALERT_KINDS: readonly string[] = ['ab-owners', 'profile', 'contact-staff'];

/** Options of {@link closeClearedAlerts}. */
export interface CloseClearedAlertsOptions {
  /** The accounts the run looked at; alerts of other accounts are left alone. */
  accountIds: readonly string[];
  /** The run's month `YYYY-MM`; alerts of later months are left alone. */
  asOf: string;
  /** When the run happened (ISO instant). */
  at: string;
  /** Who ran it (default `system`). */
  actor?: string;
}

/**
 * Close the stored alerts of a standing condition ({@link STANDING_ALERT_KINDS})
 * that the run no longer raises: the condition was fixed, or it continues
 * under this month's alert. Each is closed in the caller's transaction (or
 * one of its own) with the store's `alert.update` entry and an `alert.close`
 * entry whose reason names the run; its cause and note are kept. Returns how
 * many were closed.
 *
 * @example
 * ```ts
 * await closeClearedAlerts(store, run.alerts, { accountIds: run.accounts.map((a) => a.id), asOf: '2026-11', at });
 * ```
 */
export async function closeClearedAlerts(
  store: Pick<Store, 'transaction'>,
  alerts: readonly Alert[],
  options: CloseClearedAlertsOptions,
): Promise<number> {
  if (options.accountIds.length === 0) return 0;
  const standing = alerts.filter((alert) => STANDING_ALERT_KINDS.includes(alert.kind));
  const raised = new Set(standing.map((alert) => alertId(alert)));
  const stillFlagged = new Set(standing.map((alert) => `${alert.kind}|${alert.accountId}`));
  const actor = options.actor ?? 'system';
  return store.transaction(async (tx) => {
    const stored = await listAlertsBy(tx, 'accountIds', options.accountIds);
    const cleared = stored.filter(
      (alert) =>
        alert.status !== 'closed' &&
        STANDING_ALERT_KINDS.includes(alert.kind) &&
        alert.period <= options.asOf &&
        !raised.has(alert.id),
    );
    for (const before of cleared) {
      const after: StoredAlert = { ...before, status: 'closed', updatedBy: actor, updatedAt: options.at };
      await tx.saveAlerts([after], { actor, at: options.at });
      const continues = stillFlagged.has(`${before.kind}|${before.accountId}`);
      await tx.appendAudit({
        actor,
        action: 'alert.close',
        entity: 'alert',
        entityId: before.id,
        before: workFields(before),
        after: workFields(after),
        reason: continues
          ? `${options.asOf} 的运行已另行预警 / continued as the alert of ${options.asOf}`
          : `${options.asOf} 的运行未再发现该情况 / cleared by the run of ${options.asOf}`,
      });
    }
    return cleared.length;
  });
}

/** What can be done to an alert. */
export type AlertChange =
  | { action: 'acknowledge'; note?: string | undefined }
  | { action: 'explain'; cause: string; note?: string | undefined }
  | { action: 'assign'; assignee: string; note?: string | undefined }
  | { action: 'close'; cause?: string | undefined; note?: string | undefined }
  | { action: 'note'; note: string };

/** The actions of {@link AlertChange} (`note`: only the note changes, as an imported row may ask). */
export const ALERT_ACTIONS = ['acknowledge', 'explain', 'assign', 'close', 'note'] as const;

/** The name of each alert status in both locales, as the CLI, chat and spreadsheets show it. */
export const ALERT_STATUS_LABELS: Record<AlertStatus, LocalisedText> = {
  open: { 'zh-CN': '待处理', en: 'open' },
  acknowledged: { 'zh-CN': '已确认', en: 'acknowledged' },
  explained: { 'zh-CN': '已说明原因', en: 'explained' },
  closed: { 'zh-CN': '已关闭', en: 'closed' },
};

const CLOSED: LocalisedText = {
  'zh-CN': '该预警已关闭，不能再修改',
  en: 'the alert is closed and can no longer be changed',
};

/**
 * Apply a change to an alert (pure): acknowledging an open alert, recording
 * its cause (status `explained`), assigning it, closing it, or only noting. A cause must
 * be one of `causes`; a closed alert changes no more.
 *
 * @throws KamError `INVALID_INPUT` for a cause not in the list (path `cause`,
 *   listing the causes); `INVALID_STATE` for a closed alert.
 */
export function applyAlertChange(
  alert: StoredAlert,
  change: AlertChange,
  context: { causes: readonly AlertCause[]; actor: string; at: string },
): StoredAlert {
  if (alert.status === 'closed') {
    throw new KamError({ code: KAM_ERROR_CODES.INVALID_STATE, message: CLOSED, path: alert.id });
  }
  const cause =
    'cause' in change && change.cause !== undefined ? checkCause(change.cause, context.causes) : undefined;
  const next: StoredAlert = { ...alert, updatedBy: context.actor, updatedAt: context.at };
  if (change.note !== undefined) next.note = change.note.trim() === '' ? null : change.note.trim();
  switch (change.action) {
    case 'acknowledge':
      if (alert.status === 'open') next.status = 'acknowledged';
      break;
    case 'explain':
      next.status = 'explained';
      next.cause = cause ?? null;
      break;
    case 'assign':
      next.assignee = change.assignee;
      break;
    case 'close':
      next.status = 'closed';
      if (cause !== undefined) next.cause = cause;
      break;
    case 'note':
      break;
  }
  return next;
}

/**
 * The id of the cause `cause` names — its id or English label (any case),
 * or its Chinese label — in `causes`; `undefined` when it names none.
 *
 * @example
 * ```ts
 * resolveAlertCause('报价', DEFAULT_ALERT_CAUSES); // 'price'
 * ```
 */
export function resolveAlertCause(cause: string, causes: readonly AlertCause[]): string | undefined {
  const wanted = cause.trim().toLowerCase();
  return causes.find(
    (entry) =>
      entry.id.toLowerCase() === wanted ||
      entry.label['zh-CN'] === cause.trim() ||
      entry.label.en.toLowerCase() === wanted,
  )?.id;
}

/**
 * The causes of a policy as a reader picks from them: Chinese by their
 * Chinese labels (accepted as typed), English by id and label.
 */
export function alertCauseList(causes: readonly AlertCause[]): LocalisedText {
  return {
    'zh-CN': causes.map((entry) => entry.label['zh-CN']).join('、'),
    en: causes.map((entry) => `${entry.id} (${entry.label.en})`).join(', '),
  };
}

function checkCause(cause: string, causes: readonly AlertCause[]): string {
  const found = resolveAlertCause(cause, causes);
  if (found !== undefined) return found;
  const list = alertCauseList(causes);
  throw new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path: 'cause',
    message: {
      'zh-CN': `原因“${cause}”不在预警策略的原因列表中：${list['zh-CN']}`,
      en: `Cause "${cause}" is not one of the alert policy's causes: ${list.en}`,
    },
  });
}

/**
 * Change one stored alert and audit it (`alert.acknowledge`,
 * `alert.explain`, `alert.assign`, `alert.close`, `alert.note`, before → after) in one
 * transaction; returns the alert as stored.
 *
 * @throws KamError `NOT_FOUND` for an unknown id, and those of {@link applyAlertChange}.
 * @example
 * ```ts
 * await updateAlert(store, 'fluctuation|acc-1|2026-10', { action: 'explain', cause: 'price', note: '竞争对手降价' },
 *   { causes: policies.alerts.causes, meta: { actor: 'u-am-11' } });
 * ```
 */
export async function updateAlert(
  store: Pick<Store, 'transaction'>,
  id: string,
  change: AlertChange,
  options: { causes: readonly AlertCause[]; meta: WriteMeta },
): Promise<StoredAlert> {
  return store.transaction(async (tx) => {
    const [before] = await tx.listAlerts({ ids: [id] });
    if (before === undefined) throw alertNotFound(id);
    const at = options.meta.at ?? new Date().toISOString();
    const after = applyAlertChange(before, change, { causes: options.causes, actor: options.meta.actor, at });
    await tx.saveAlerts([after], options.meta);
    await tx.appendAudit({
      actor: options.meta.actor,
      action: `alert.${change.action}`,
      entity: 'alert',
      entityId: id,
      before: workFields(before),
      after: workFields(after),
      ...(options.meta.reason !== undefined ? { reason: options.meta.reason } : {}),
    });
    return after;
  });
}

/** The NOT_FOUND error of an alert id (a hidden alert reads the same). */
export function alertNotFound(id: string): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.NOT_FOUND,
    path: 'id',
    message: { 'zh-CN': `未找到预警：${id}`, en: `No alert found: ${id}` },
  });
}

function workFields(alert: StoredAlert) {
  return {
    status: alert.status,
    assignee: alert.assignee ?? null,
    cause: alert.cause ?? null,
    note: alert.note ?? null,
  };
}

/** An alert still waiting for its cause, with the deadline it must meet. */
export interface AlertReminder {
  alert: StoredAlert;
  /** Which deadline: each unit's analysis or the division roll-up. */
  deadline: 'unit' | 'division';
  /** The day it must be explained by, `YYYY-MM-DD`. */
  dueDate: string;
  /** `due`: the reminder window is open; `overdue`: the deadline has passed. */
  status: 'due' | 'overdue';
}

const UNEXPLAINED: readonly AlertStatus[] = ['open', 'acknowledged'];

/**
 * The alerts still unexplained (open or acknowledged) whose deadline is near
 * or past on `today`: a monthly alert of month M is due at each unit by day
 * `unitDay` of M + 1 and at the division roll-up by day `divisionDay` of
 * M + 2 (postal: the 28th, then the 5th). Reminders start `remindDaysBefore`
 * days before the unit deadline; past it, the division deadline is the one
 * named. Alerts whose period is not a month are left out.
 *
 * @example
 * ```ts
 * const reminders = alertReminders(await store.listAlerts(), { unitDay: 28, divisionDay: 5, remindDaysBefore: 3 }, '2026-11-26');
 * ```
 */
export function alertReminders(
  alerts: readonly StoredAlert[],
  deadlines: ReportDeadlines,
  today: string,
): AlertReminder[] {
  const reminders: AlertReminder[] = [];
  for (const alert of alerts) {
    if (!UNEXPLAINED.includes(alert.status) || !/^\d{4}-\d{2}$/.test(alert.period)) continue;
    const clock = monthlyDeadline(alert.period, deadlines, today);
    if (clock.status === 'before') continue;
    reminders.push({ alert, deadline: clock.deadline, dueDate: clock.dueDate, status: clock.status });
  }
  return reminders.sort(
    (left, right) => left.dueDate.localeCompare(right.dueDate) || left.alert.id.localeCompare(right.alert.id),
  );
}
