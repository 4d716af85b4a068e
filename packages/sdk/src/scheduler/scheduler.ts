import { runOnce } from '../notify/run-once.js';
import type { Store } from '../store/port.js';
import { addDays, addMonths, DEFAULT_TIME_ZONE, lastDayOfMonth, localDateTime } from '../time/calendar.js';

/** When a job runs, in the organisation's time zone. */
export type JobSchedule =
  /** On `day` of every month (clamped to the month's last day) at `hour:minute`. */
  | { kind: 'monthly'; day: number; hour: number; minute?: number }
  /** Every day at `hour:minute`. */
  | { kind: 'daily'; hour: number; minute?: number };

/** One due run of a job. */
export interface JobOccurrence {
  jobId: string;
  /** `YYYY-MM` for monthly jobs, `YYYY-MM-DD` for daily ones: the idempotency period. */
  period: string;
  /** The local date it was scheduled for, `YYYY-MM-DD`. */
  date: string;
  /** True when it runs later than scheduled (catch-up after downtime). */
  late: boolean;
}

/** A scheduled job. */
export interface Job {
  id: string;
  schedule: JobSchedule;
  /** How many past occurrences are caught up after downtime (default: 3 for monthly, 7 for daily). */
  catchUp?: number;
  /** Do the job's work for one occurrence (called once per occurrence across replicas). */
  run(occurrence: JobOccurrence): Promise<void>;
}

/** What one tick did with one occurrence. */
export interface TickResult {
  jobId: string;
  period: string;
  status: 'ran' | 'already-done' | 'in-progress' | 'failed';
  error?: unknown;
}

/** Options for {@link createScheduler}. */
export interface SchedulerOptions {
  /** Shared by every replica: job runs are claimed here. */
  store: Store;
  jobs: readonly Job[];
  /** Default Asia/Shanghai. */
  timeZone?: string;
  /** Clock (default `() => new Date()`); tests pass a fixed one. */
  now?: () => Date;
  /** How long a claimed run keeps other replicas out; a failed run is retried after it (default 10 minutes). */
  leaseMs?: number;
  /** Called with each failed run (the tick goes on with the other jobs). */
  onError?: (error: unknown, occurrence: JobOccurrence) => void;
}

/** A scheduler: call {@link Scheduler.tick} on a timer (or let {@link Scheduler.start} do it). */
export interface Scheduler {
  /** Run every due occurrence not yet done, oldest first. */
  tick(): Promise<TickResult[]>;
  /** Tick now and every `intervalMs` (default one minute); returns a stop function. */
  start(intervalMs?: number): () => void;
}

/**
 * Create a scheduler for report jobs that is safe with several replicas: each
 * occurrence (job × period) is claimed in the shared store and marked done
 * when it succeeds, so it runs once however many replicas tick. After
 * downtime, the missed occurrences within `catchUp` run on the next tick
 * (marked `late`), again only once.
 *
 * @example
 * ```ts
 * const scheduler = createScheduler({ store, jobs: [monthlyPortfolioReportJob({ store, notifier, targets, day: 5, hour: 9 })] });
 * const stop = scheduler.start();
 * ```
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const now = options.now ?? (() => new Date());
  const lease = options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs };

  async function tick(): Promise<TickResult[]> {
    const local = localStamp(now(), timeZone);
    const results: TickResult[] = [];
    for (const job of options.jobs) {
      for (const occurrence of dueOccurrences(job, local)) {
        try {
          const result = await runOnce(
            { store: options.store, key: `job:${job.id}:${occurrence.period}`, now, ...lease },
            () => job.run(occurrence),
          );
          results.push({
            jobId: job.id,
            period: occurrence.period,
            status: result.status === 'done' ? 'ran' : result.reason,
          });
        } catch (error) {
          options.onError?.(error, occurrence);
          results.push({ jobId: job.id, period: occurrence.period, status: 'failed', error });
        }
      }
    }
    return results;
  }

  return {
    tick,
    start(intervalMs = 60_000) {
      let running = false;
      const run = async () => {
        if (running) return;
        running = true;
        try {
          await tick();
        } finally {
          running = false;
        }
      };
      void run();
      const timer = setInterval(() => void run(), intervalMs);
      return () => clearInterval(timer);
    },
  };
}

/** `YYYY-MM-DDTHH:mm` of an instant in a time zone. */
export function localStamp(instant: Date, timeZone: string): string {
  return localDateTime(instant, timeZone).slice(0, 16).replace(' ', 'T');
}

/**
 * The occurrences of a job that are due at the local time `local`
 * (`YYYY-MM-DDTHH:mm`), oldest first, going back `catchUp` occurrences.
 */
export function dueOccurrences(job: Job, local: string): JobOccurrence[] {
  const { schedule } = job;
  const time = `${pad(schedule.hour)}:${pad(schedule.minute ?? 0)}`;
  const today = local.slice(0, 10);
  const candidates: { period: string; date: string }[] = [];
  if (schedule.kind === 'monthly') {
    const count = job.catchUp ?? 3;
    const month = today.slice(0, 7);
    for (let back = count - 1; back >= 0; back--) {
      const period = addMonths(month, -back);
      const last = lastDayOfMonth(period);
      const day = Math.min(schedule.day, Number(last.slice(8)));
      candidates.push({ period, date: `${period}-${pad(day)}` });
    }
  } else {
    const count = job.catchUp ?? 7;
    for (let back = count - 1; back >= 0; back--) {
      const date = addDays(today, -back);
      candidates.push({ period: date, date });
    }
  }
  const latest = candidates.filter((candidate) => `${candidate.date}T${time}` <= local);
  return latest.map((candidate, index) => ({
    jobId: job.id,
    period: candidate.period,
    date: candidate.date,
    late: index < latest.length - 1 || candidate.date < today,
  }));
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
