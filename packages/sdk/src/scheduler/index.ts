/**
 * Scheduler: monthly portfolio reports, daily due-action digests and 360°
 * reminders, safe with several replicas (each job run claimed in the store)
 * and catching up after downtime without sending twice.
 *
 * @module
 */
export { type AlertReminderJobOptions, alertReminderJob } from './alert-reminder-job.js';
export {
  type DueActionDigestJobOptions,
  dueActionDigestJob,
  type MonthlyPortfolioReportJobOptions,
  monthlyPortfolioReportJob,
  type OpenCycle,
  type ReportDestination,
  type Review360ReminderJobOptions,
  review360ReminderJob,
} from './jobs.js';
export {
  createScheduler,
  dueOccurrences,
  type Job,
  type JobOccurrence,
  type JobSchedule,
  localStamp,
  type Scheduler,
  type SchedulerOptions,
  type TickResult,
} from './scheduler.js';
export { type UnitPlanReminderJobOptions, unitPlanReminderJob } from './unit-plan-reminder-job.js';
