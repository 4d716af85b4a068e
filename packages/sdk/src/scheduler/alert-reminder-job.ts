/**
 * The daily reminder of alerts still unexplained as the monthly analysis falls
 * due (postal: each unit by the 28th, the division roll-up by the 5th).
 *
 * @module
 */
import type { ReportDeadlines } from '../alerts/alert-policy.js';
import { type AlertReminder, alertReminders } from '../alerts/alert-work.js';
import type { Store } from '../store/port.js';
import type { Job } from './scheduler.js';

/** Options for {@link alertReminderJob}. */
export interface AlertReminderJobOptions {
  store: Pick<Store, 'listAlerts' | 'getAccount'>;
  /** The deadlines (`policies.alerts.reportDeadlines`); the job does nothing without them. */
  deadlines: ReportDeadlines | undefined;
  hour: number;
  minute?: number;
  /**
   * Delivers one reminder, with the user it is for: the alert's assignee, else
   * the account's owner A, else B (`null` when the account has none). The
   * bots send it to that user only.
   */
  deliver(reminder: AlertReminder & { userId: string | null }): Promise<void>;
}

/**
 * A daily job listing each unexplained alert (open or acknowledged) from
 * `remindDaysBefore` days before its deadline, and after it as overdue,
 * until its cause is recorded or it is closed.
 *
 * @example
 * ```ts
 * scheduler.add(alertReminderJob({ store, deadlines: policies.alerts.reportDeadlines, hour: 9,
 *   deliver: async (reminder) => bot.sendTo(reminder.userId, reminder.alert.message) }));
 * ```
 */
export function alertReminderJob(options: AlertReminderJobOptions): Job {
  return {
    id: 'alert-reminders',
    schedule: { kind: 'daily', hour: options.hour, minute: options.minute ?? 0 },
    catchUp: 1,
    async run(occurrence) {
      if (!options.deadlines) return;
      const reminders = alertReminders(await options.store.listAlerts(), options.deadlines, occurrence.date);
      for (const reminder of reminders) {
        const account = await options.store.getAccount(reminder.alert.accountId);
        const userId = reminder.alert.assignee ?? account?.ownerA ?? account?.ownerB ?? null;
        await options.deliver({ ...reminder, userId });
      }
    },
  };
}
