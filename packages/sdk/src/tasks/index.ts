/**
 * Tasks assigned by managers (任务 / 指派) and the weekly visit plan
 * (周拜访计划): records, the due-list hook and the duty filings plans stand for.
 *
 * @module
 */
export { taskMigrations } from './migrations.js';
export {
  isMonday,
  mondayOf,
  PLAN_REVIEW_LABELS,
  PLAN_REVIEW_STATUSES,
  type PlanReview,
  PlanReviewSchema,
  type PlanReviewStatus,
  planFilings,
  TASK_STATUS_LABELS,
  TASK_STATUSES,
  type Task,
  type TaskDueItem,
  type TaskFilter,
  type TaskInput,
  TaskSchema,
  type TaskStatus,
  taskDueItems,
  taskLine,
  taskMatches,
} from './task.js';
