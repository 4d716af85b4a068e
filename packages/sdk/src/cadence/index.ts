export {
  type DueAction,
  type DueActionsOptions,
  type DutyFiling,
  dueActions,
  type OwnerAgenda,
} from './due-actions.js';
export {
  complaintDueItems,
  type DueAgenda,
  type DueAgendasInput,
  type DueItem,
  type DueItemSource,
  dueAgendas,
} from './due-items.js';
export {
  FLOATING_HOLIDAY_LABELS,
  FLOATING_HOLIDAY_RULES,
  FLOATING_HOLIDAYS,
  type FloatingHoliday,
  type Weekday,
  type WeekdayOfMonth,
  type WeekdayOrdinal,
  weekdayOfMonthDate,
} from './floating-holidays.js';
export type { KeyDateOccurrence } from './key-dates.js';
export {
  FESTIVAL_LABELS,
  FESTIVAL_LUNAR_DATES,
  FESTIVALS,
  type Festival,
  FIRST_FESTIVAL_YEAR,
  festivalDate,
  festivalTable,
  ICU_KNOWN_DEVIATIONS,
  LAST_FESTIVAL_YEAR,
} from './lunar-festivals.js';
export {
  AIRLINE_SERVICE_POLICY,
  CRM_SERVICE_POLICY,
  INSURANCE_SERVICE_POLICY,
  POSTAL_SERVICE_POLICY,
  POWER_SERVICE_POLICY,
  RETAIL_SERVICE_POLICY,
  SERVICE_PRESETS,
} from './presets.js';
export type { ActionStatus, FrequencyProgress } from './schedule-rule.js';
export {
  type Duration,
  DurationSchema,
  type FrequencyRule,
  FrequencyRuleSchema,
  type IntervalRule,
  IntervalRuleSchema,
  KEY_DATE_SOURCES,
  type KeyDateRule,
  KeyDateRuleSchema,
  type KeyDateSource,
  KindsSchema,
  loadServicePolicy,
  loadServicePolicyFile,
  type Occasion,
  type OccasionRule,
  OccasionRuleSchema,
  OccasionSchema,
  type Responsible,
  ResponsibleSchema,
  type ServicePolicy,
  type ServicePolicyInput,
  ServicePolicySchema,
  type ServiceRule,
  ServiceRuleSchema,
  type TierScope,
  TierScopeSchema,
  WEEKDAYS,
  type WeeklyDutyRule,
  WeeklyDutyRuleSchema,
} from './service-policy.js';
export { starterServicePolicy, unknownServiceTiers } from './starter-service.js';
