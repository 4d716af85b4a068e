/**
 * The clock of each complaint: its answer deadline from its type, whether it
 * was answered on time, how late an open one is, which steps of the
 * escalation chain it has reached and which were recorded; counts by type
 * and lateness; overdue complaints as alerts.
 *
 * @module
 */
import type { Complaint } from '../domain/complaint.js';
import type { LocalisedText } from '../errors/kam-error.js';
import type { StoredAlert } from '../store/port.js';
import { addDays, DEFAULT_TIME_ZONE, daysBetween, localDate } from '../time/calendar.js';
import type { ComplaintPolicy, ComplaintType } from './complaint-policy.js';

/** Where a complaint stands against its deadline. */
export type ComplaintTiming = 'on-time' | 'late' | 'open' | 'overdue';

/** One step of a complaint's escalation chain on its clock. */
export interface EscalationOnClock {
  to: LocalisedText;
  /** The day the step falls due when the complaint is still unanswered, `YYYY-MM-DD`. */
  dueOn: string;
  /** The complaint was still unanswered at the end of `dueOn` (and that day is past). */
  reached: boolean;
  /** An escalation to this step is in the complaint's log. */
  recorded: boolean;
}

/** One complaint on its clock. */
export interface ComplaintClock {
  complaint: Complaint;
  type: ComplaintType;
  receivedOn: string;
  /** Last day to answer, `YYYY-MM-DD`. */
  deadline: string;
  /** The day it was resolved, `null` while open. */
  answeredOn: string | null;
  timing: ComplaintTiming;
  /** Days past the deadline: of the answer when late, of today when overdue; else 0. */
  daysLate: number;
  escalation: EscalationOnClock[];
}

/** Options of {@link complaintClocks}. */
export interface ComplaintClocksOptions {
  complaints: readonly Complaint[];
  policy: ComplaintPolicy;
  /** The day judged on, `YYYY-MM-DD` in `timeZone`. */
  today: string;
  /** Instants are dated in this zone (default Asia/Shanghai). */
  timeZone?: string;
}

/**
 * Put every complaint on its clock. A complaint whose type the policy does not
 * know, or that names none, takes the policy's `defaultType` (else the first).
 *
 * @example
 * ```ts
 * const overdue = complaintClocks({ complaints, policy: loadComplaintPreset('power'), today: '2026-11-10' })
 *   .filter((clock) => clock.timing === 'overdue');
 * ```
 */
export function complaintClocks(options: ComplaintClocksOptions): ComplaintClock[] {
  const { policy, today } = options;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const types = new Map(policy.types.map((type) => [type.id, type] as const));
  const fallback = types.get(policy.defaultType ?? '') ?? policy.types[0]!;
  return options.complaints.map((complaint) => {
    const type = types.get(complaint.type ?? '') ?? fallback;
    const receivedOn = localDate(new Date(complaint.receivedAt), timeZone);
    const deadline = addDays(receivedOn, type.answerWithinDays);
    const answeredOn = complaint.resolvedAt ? localDate(new Date(complaint.resolvedAt), timeZone) : null;
    let timing: ComplaintTiming;
    let daysLate = 0;
    if (answeredOn !== null) {
      timing = answeredOn <= deadline ? 'on-time' : 'late';
      daysLate = Math.max(0, daysBetween(deadline, answeredOn));
    } else {
      timing = today > deadline ? 'overdue' : 'open';
      daysLate = Math.max(0, daysBetween(deadline, today));
    }
    const escalated = new Set(
      (complaint.log ?? []).filter((entry) => entry.kind === 'escalation').map((entry) => entry.to ?? ''),
    );
    const escalation = type.escalation.map((step) => {
      const dueOn = addDays(receivedOn, step.afterDays);
      const unansweredThen = answeredOn === null || answeredOn > dueOn;
      return {
        to: step.to,
        dueOn,
        reached: unansweredThen && today > dueOn,
        recorded: escalated.has(step.to['zh-CN']) || escalated.has(step.to.en),
      };
    });
    return { complaint, type, receivedOn, deadline, answeredOn, timing, daysLate, escalation };
  });
}

/** Complaints of one type received in a period, by lateness. */
export interface ComplaintTypeCount {
  type: string;
  label: LocalisedText;
  received: number;
  onTime: number;
  late: number;
  open: number;
  overdue: number;
}

/**
 * Count clocks by type and lateness, in the policy's type order; only the
 * complaints received from `from` to `to` (inclusive dates) when given.
 */
export function complaintCounts(
  clocks: readonly ComplaintClock[],
  policy: ComplaintPolicy,
  period: { from?: string; to?: string } = {},
): ComplaintTypeCount[] {
  const counts = new Map<string, ComplaintTypeCount>(
    policy.types.map((type) => [
      type.id,
      { type: type.id, label: type.label, received: 0, onTime: 0, late: 0, open: 0, overdue: 0 },
    ]),
  );
  for (const clock of clocks) {
    if (period.from !== undefined && clock.receivedOn < period.from) continue;
    if (period.to !== undefined && clock.receivedOn > period.to) continue;
    const line = counts.get(clock.type.id)!;
    line.received += 1;
    if (clock.timing === 'on-time') line.onTime += 1;
    else if (clock.timing === 'late') line.late += 1;
    else if (clock.timing === 'open') line.open += 1;
    else line.overdue += 1;
  }
  return [...counts.values()];
}

/**
 * The overdue complaints as alerts (`kind: 'complaint-overdue'`, id
 * `complaint-overdue|<account>|<complaint>`, period the deadline), to save
 * with `store.saveAlerts` and handle as work items like the others.
 */
export function overdueComplaintAlerts(clocks: readonly ComplaintClock[], at: string): StoredAlert[] {
  return clocks
    .filter((clock) => clock.timing === 'overdue')
    .map((clock) => {
      const reached = clock.escalation.filter((step) => step.reached).at(-1);
      return {
        id: `complaint-overdue|${clock.complaint.accountId}|${clock.complaint.id}`,
        accountId: clock.complaint.accountId,
        kind: 'complaint-overdue',
        period: clock.deadline,
        status: 'open' as const,
        figures: { complaintId: clock.complaint.id, deadline: clock.deadline, daysLate: clock.daysLate },
        createdAt: at,
        monitorId: 'complaint-overdue',
        severity:
          reached && clock.escalation.at(-1) === reached ? ('critical' as const) : ('warning' as const),
        message: {
          'zh-CN': `投诉 ${clock.complaint.id}（${clock.type.label['zh-CN']}）应于 ${clock.deadline} 前答复，已逾期 ${clock.daysLate} 天${reached ? `，应升级至${reached.to['zh-CN']}` : ''}`,
          en: `Complaint ${clock.complaint.id} (${clock.type.label.en}) was due an answer by ${clock.deadline}, ${clock.daysLate} days overdue${reached ? `; escalate to ${reached.to.en}` : ''}`,
        },
      };
    });
}
