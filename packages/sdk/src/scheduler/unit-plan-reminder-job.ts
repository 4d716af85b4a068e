/**
 * The daily reminder of units that have not written their monthly narrative
 * (what went well, next month's plan) as the monthly analysis falls due —
 * beside {@link alertReminderJob} for unexplained swings, on the same
 * deadlines (postal: each unit by the 28th, the division roll-up by the 5th).
 *
 * @module
 */
import type { ReportDeadlines } from '../alerts/alert-policy.js';
import type { Store } from '../store/port.js';
import { type UnitPlanReminder, unitPlanReminders } from '../unit-plans/unit-plan.js';
import type { Job } from './scheduler.js';

/** Options for {@link unitPlanReminderJob}. */
export interface UnitPlanReminderJobOptions {
  store: Pick<Store, 'listUnitPlans' | 'listAccounts' | 'listUsers'>;
  /** The deadlines (`policies.alerts.reportDeadlines`); the job does nothing without them. */
  deadlines: ReportDeadlines | undefined;
  hour: number;
  minute?: number;
  /**
   * Delivers one reminder, with the users it is for: the division's active
   * heads, else its admins (empty when it has neither). The bots send it to
   * those users only.
   */
  deliver(reminder: UnitPlanReminder & { userIds: string[] }): Promise<void>;
}

/**
 * A daily job listing each division (of the stored accounts) whose narrative
 * of the month is missing or half-written, from `remindDaysBefore` days
 * before the unit deadline, then as overdue until the division roll-up.
 *
 * @example
 * ```ts
 * scheduler.add(unitPlanReminderJob({ store, deadlines: policies.alerts.reportDeadlines, hour: 9,
 *   deliver: async (reminder) => { for (const id of reminder.userIds) await bot.sendTo(id, reminder.message); } }));
 * ```
 */
export function unitPlanReminderJob(options: UnitPlanReminderJobOptions): Job {
  return {
    id: 'unit-plan-reminders',
    schedule: { kind: 'daily', hour: options.hour, minute: options.minute ?? 0 },
    catchUp: 1,
    async run(occurrence) {
      if (!options.deadlines) return;
      const [plans, accounts, users] = await Promise.all([
        options.store.listUnitPlans(),
        options.store.listAccounts(),
        options.store.listUsers(),
      ]);
      const divisions = accounts.map((account) => account.division);
      for (const reminder of unitPlanReminders(plans, divisions, options.deadlines, occurrence.date)) {
        const active = users.filter(
          (user) => user.status === 'active' && user.division === reminder.division,
        );
        const heads = active.filter((user) => user.role === 'division-head');
        const admins = active.filter((user) => user.role === 'division-admin');
        await options.deliver({
          ...reminder,
          userIds: (heads.length > 0 ? heads : admins).map((user) => user.id),
        });
      }
    },
  };
}
