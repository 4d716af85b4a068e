/**
 * The daily reminder of alerts still unexplained as the monthly analysis falls
 * due (postal: each unit by the 28th, the division roll-up by the 5th).
 *
 * @module
 */
import type { ReportDeadlines } from '../alerts/alert-policy.js';
import { type AlertReminder, alertReminders, STANDING_ALERT_KINDS } from '../alerts/alert-work.js';
import type { Store } from '../store/port.js';
import type { Job } from './scheduler.js';

/** Options for {@link alertReminderJob}. */
export interface AlertReminderJobOptions {
  store: Pick<Store, 'listAlerts' | 'getAccount' | 'listUsers'>;
  /** The deadlines (`policies.alerts.reportDeadlines`); the job does nothing without them. */
  deadlines: ReportDeadlines | undefined;
  hour: number;
  minute?: number;
  /**
   * Delivers one reminder, with the user it is for: the alert's assignee, else
   * the account's owner A, else B (`null` when the account has none). A
   * standing alert (a missing owner `ab-owners`, an incomplete profile
   * `profile`) on an account without owner A goes to each active division
   * admin of the account's division instead (one delivery each), else to
   * owner B. The bots send it to that user only.
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
      let users: Awaited<ReturnType<Store['listUsers']>> | undefined;
      for (const reminder of reminders) {
        const account = await options.store.getAccount(reminder.alert.accountId);
        const userId = reminder.alert.assignee ?? account?.ownerA ?? null;
        if (userId === null && account && STANDING_ALERT_KINDS.includes(reminder.alert.kind)) {
          // Nobody leads the account: naming its owners is the division admins' work.
          users ??= await options.store.listUsers();
          const admins = users.filter(
            (user) =>
              user.role === 'division-admin' &&
              user.division === account.division &&
              user.status === 'active',
          );
          for (const admin of admins) await options.deliver({ ...reminder, userId: admin.id });
          if (admins.length > 0) continue;
        }
        await options.deliver({ ...reminder, userId: userId ?? account?.ownerB ?? null });
      }
    },
  };
}
