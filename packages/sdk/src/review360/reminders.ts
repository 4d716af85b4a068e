/**
 * Progress counts and reminder events: pure functions of a cycle, its
 * nominations and submissions, and the time. The bots and the scheduler
 * deliver them.
 *
 * @module
 */
import { daysBetween, localDate } from '../time/calendar.js';
import type { Cycle } from './cycle.js';
import type { Nomination } from './nomination.js';
import type { Submission } from './submission.js';

/** Counts for one subject or a whole cycle; never who answered what. */
export interface ProgressCounts {
  /** Approved raters. */
  raters: number;
  submitted: number;
  /** Draft saved, not yet submitted. */
  inProgress: number;
  notStarted: number;
  declined: number;
}

/** Progress of a cycle, per subject and in total. */
export interface CycleProgress {
  cycleId: string;
  total: ProgressCounts;
  subjects: { subjectId: string; counts: ProgressCounts }[];
}

const empty = (): ProgressCounts => ({ raters: 0, submitted: 0, inProgress: 0, notStarted: 0, declined: 0 });

/**
 * Count approved, submitted, in-progress, not-started and declined raters per
 * subject. Only counts: no rater, relation or answer is named.
 */
export function cycleProgress(options: {
  cycle: Cycle;
  nominations: readonly Nomination[];
  submissions: readonly Submission[];
}): CycleProgress {
  const statusOf = new Map(
    options.submissions.map((submission) => [submission.nominationId, submission.status]),
  );
  const bySubject = new Map(options.cycle.subjects.map((subject) => [subject.id, empty()]));
  const total = empty();
  for (const nomination of options.nominations) {
    const counts = bySubject.get(nomination.subjectId);
    if (!counts) continue;
    for (const target of [counts, total]) {
      if (nomination.status === 'declined') target.declined++;
      if (nomination.status !== 'approved') continue;
      target.raters++;
      const status = statusOf.get(nomination.id);
      if (status === 'submitted') target.submitted++;
      else if (status === 'draft') target.inProgress++;
      else target.notStarted++;
    }
  }
  return {
    cycleId: options.cycle.id,
    total,
    subjects: [...bySubject].map(([subjectId, counts]) => ({ subjectId, counts })),
  };
}

/** A reminder for the bots and the scheduler to deliver. */
export type ReminderEvent =
  | {
      kind: 'not-submitted';
      cycleId: string;
      nominationId: string;
      /** Whom to remind (the rater); the bot sends it to them only. */
      rater: Nomination['rater'];
      status: 'not-started' | 'draft';
      ratingEnds: string;
      /** Days until the last rating day; negative when overdue. */
      daysLeft: number;
    }
  | {
      kind: 'deadline-approaching';
      cycleId: string;
      ratingEnds: string;
      daysLeft: number;
      /** How many reviews are still missing. */
      pending: number;
    }
  | { kind: 'deadline-passed'; cycleId: string; ratingEnds: string; pending: number };

/**
 * Reminder events for an open cycle at `now`: one `not-submitted` per
 * approved rater without a submitted review;
 * `deadline-approaching` on the configured days before `ratingEnds`;
 * `deadline-passed` after it. Nothing for a cycle that is not open.
 *
 * @example
 * ```ts
 * for (const event of reminderEvents({ cycle, nominations, submissions, now: new Date() })) bot.deliver(event);
 * ```
 */
export function reminderEvents(options: {
  cycle: Cycle;
  nominations: readonly Nomination[];
  submissions: readonly Submission[];
  now: Date;
  timeZone?: string;
}): ReminderEvent[] {
  const { cycle } = options;
  if (cycle.state !== 'open') return [];
  const today = localDate(options.now, options.timeZone);
  const daysLeft = daysBetween(today, cycle.schedule.ratingEnds);
  const statusOf = new Map(
    options.submissions.map((submission) => [submission.nominationId, submission.status]),
  );
  const events: ReminderEvent[] = [];
  let pending = 0;
  for (const nomination of options.nominations) {
    if (nomination.cycleId !== cycle.id || nomination.status !== 'approved') continue;
    const status = statusOf.get(nomination.id);
    if (status === 'submitted') continue;
    pending++;
    events.push({
      kind: 'not-submitted',
      cycleId: cycle.id,
      nominationId: nomination.id,
      rater: nomination.rater,
      status: status === 'draft' ? 'draft' : 'not-started',
      ratingEnds: cycle.schedule.ratingEnds,
      daysLeft,
    });
  }
  if (pending > 0 && daysLeft < 0)
    events.push({
      kind: 'deadline-passed',
      cycleId: cycle.id,
      ratingEnds: cycle.schedule.ratingEnds,
      pending,
    });
  else if (pending > 0 && cycle.reminderDaysBefore.includes(daysLeft))
    events.push({
      kind: 'deadline-approaching',
      cycleId: cycle.id,
      ratingEnds: cycle.schedule.ratingEnds,
      daysLeft,
      pending,
    });
  return events;
}
