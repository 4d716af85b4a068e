import type { Locale } from '../errors/kam-error.js';
import type { Notifier, WebhookTarget } from '../notify/webhook.js';
import { webhookMessages } from '../notify/webhook.js';
import { defaultMonth } from '../portfolio/default-month.js';
import { defaultPolicies, type PortfolioPolicies } from '../portfolio/policies.js';
import { loadDueDigest } from '../reports/data/due-digest.js';
import { loadStoredPortfolioAnalysis } from '../reports/data/stored-portfolio.js';
import { type ReportFormat, renderReport } from '../reports/render/render-report.js';
import type { TemplateSet } from '../reports/render/templates.js';
import type { Cycle } from '../review360/cycle.js';
import type { Nomination } from '../review360/nomination.js';
import { type ReminderEvent, reminderEvents } from '../review360/reminders.js';
import type { Submission } from '../review360/submission.js';
import type { Store } from '../store/port.js';
import { DEFAULT_TIME_ZONE } from '../time/calendar.js';
import type { Job } from './scheduler.js';

/** Where and how a scheduled report is sent. */
export interface ReportDestination {
  /** A stable name, part of the delivery id (e.g. `ops-wecom`). */
  id: string;
  target: WebhookTarget;
  locale: Locale;
  /** `md` (WeCom markdown), `txt` (WeCom text), `slack` (Block Kit). */
  format: Exclude<ReportFormat, 'html'>;
}

/** Options for {@link monthlyPortfolioReportJob}. */
export interface MonthlyPortfolioReportJobOptions {
  store: Store;
  notifier: Notifier;
  destinations: readonly ReportDestination[];
  /** Day of the month it runs (postal: rolled up by the 5th). */
  day: number;
  hour: number;
  minute?: number;
  policies?: PortfolioPolicies;
  templates?: TemplateSet;
  timeZone?: string;
  /** Clock for the report's "generated" line. */
  now?: () => Date;
}

/**
 * The monthly portfolio analysis of the last complete month with data
 * ({@link defaultMonth}: the month just closed once its data is in), sent to
 * each destination on the configured day. Delivery ids are
 * `portfolio:<month>:<destination>`, so a retried run sends nothing twice.
 */
export function monthlyPortfolioReportJob(options: MonthlyPortfolioReportJobOptions): Job {
  return {
    id: 'portfolio-report',
    schedule: { kind: 'monthly', day: options.day, hour: options.hour, minute: options.minute ?? 0 },
    async run(occurrence) {
      const month = await defaultMonth(options.store, { today: occurrence.date });
      // The month's stored results (computed once if missing), with the units' narratives as written now.
      const policies = options.policies ?? defaultPolicies();
      const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
      const { analysis } = await loadStoredPortfolioAnalysis({
        store: options.store,
        policies,
        month,
        timeZone,
      });
      for (const destination of options.destinations) {
        const rendered = renderReport(analysis, {
          locale: destination.locale,
          format: destination.format,
          timeZone,
          ...(options.templates ? { templates: options.templates } : {}),
          ...(options.now ? { generatedAt: options.now() } : {}),
        });
        await options.notifier.send({
          target: destination.target,
          messages: webhookMessages(destination.target, rendered),
          deliveryId: `portfolio:${month}:${destination.id}`,
        });
      }
    },
  };
}

/** Options for {@link dueActionDigestJob}. */
export interface DueActionDigestJobOptions {
  store: Store;
  notifier: Notifier;
  destinations: readonly ReportDestination[];
  hour: number;
  minute?: number;
  policies?: PortfolioPolicies;
  templates?: TemplateSet;
  timeZone?: string;
}

/** The daily digest of due and overdue actions, per owner, sent at `hour` every day. */
export function dueActionDigestJob(options: DueActionDigestJobOptions): Job {
  return {
    id: 'due-digest',
    schedule: { kind: 'daily', hour: options.hour, minute: options.minute ?? 0 },
    catchUp: 1,
    async run(occurrence) {
      // From the stored results: the cadence applied today to the last complete month's tiers.
      const { digest } = await loadDueDigest({
        store: options.store,
        policies: options.policies ?? defaultPolicies(),
        date: occurrence.date,
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      });
      for (const destination of options.destinations) {
        const rendered = renderReport(digest, {
          locale: destination.locale,
          format: destination.format,
          ...(options.timeZone ? { timeZone: options.timeZone } : {}),
          ...(options.templates ? { templates: options.templates } : {}),
        });
        await options.notifier.send({
          target: destination.target,
          messages: webhookMessages(destination.target, rendered),
          deliveryId: `digest:${occurrence.date}:${destination.id}`,
        });
      }
    },
  };
}

/** What the 360° reminder job needs for each open cycle. */
export interface OpenCycle {
  cycle: Cycle;
  nominations: readonly Nomination[];
  submissions: readonly Submission[];
}

/** Options for {@link review360ReminderJob}. */
export interface Review360ReminderJobOptions {
  /** The cycles to remind about (open ones; others yield nothing). */
  openCycles: () => Promise<readonly OpenCycle[]>;
  /** Delivers one reminder (the bots send it to the rater only). */
  deliver: (event: ReminderEvent) => Promise<void>;
  hour: number;
  minute?: number;
  timeZone?: string;
  /** Clock (default `() => new Date()`); tests pass a fixed one. */
  now?: () => Date;
}

/** Daily 360° reminders: raters who have not submitted, deadline approaching or passed. */
export function review360ReminderJob(options: Review360ReminderJobOptions): Job {
  return {
    id: 'review360-reminders',
    schedule: { kind: 'daily', hour: options.hour, minute: options.minute ?? 0 },
    catchUp: 1,
    async run() {
      const now = (options.now ?? (() => new Date()))();
      for (const open of await options.openCycles()) {
        const events = reminderEvents({
          cycle: open.cycle,
          nominations: open.nominations,
          submissions: open.submissions,
          now,
          ...(options.timeZone ? { timeZone: options.timeZone } : {}),
        });
        for (const event of events) await options.deliver(event);
      }
    },
  };
}
