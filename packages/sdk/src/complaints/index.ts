/**
 * Complaints with a clock: deadlines and escalation chains per complaint type
 * as data, and each complaint's standing against them.
 *
 * @module
 */
export {
  type ComplaintClock,
  type ComplaintClocksOptions,
  type ComplaintTiming,
  type ComplaintTypeCount,
  complaintClocks,
  complaintCounts,
  type EscalationOnClock,
  overdueComplaintAlerts,
} from './complaint-clock.js';
export {
  COMPLAINT_PRESETS,
  type ComplaintPolicy,
  ComplaintPolicySchema,
  type ComplaintType,
  ComplaintTypeSchema,
  EscalationStepSchema,
  loadComplaintPolicy,
  loadComplaintPreset,
} from './complaint-policy.js';
