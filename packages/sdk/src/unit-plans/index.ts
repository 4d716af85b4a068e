/**
 * Units' monthly narratives (单位月度小结): what went well and next month's
 * plan per division and month, the report's sections and the reminders.
 *
 * @module
 */
export { unitPlanMigrations } from './migrations.js';
export {
  monthlyDeadline,
  readUnitPlans,
  UNIT_PLAN_MISSING,
  UNIT_PLAN_TEXT_LABELS,
  UNIT_PLAN_TEXT_MAX,
  type UnitPlan,
  type UnitPlanInput,
  UnitPlanInputSchema,
  type UnitPlanLine,
  type UnitPlanReader,
  type UnitPlanReminder,
  UnitPlanSchema,
  type UnitPlanSection,
  type UnitPlanTextField,
  unitPlanId,
  unitPlanReminders,
  unitPlanSection,
} from './unit-plan.js';
