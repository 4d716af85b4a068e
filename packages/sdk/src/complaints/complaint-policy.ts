/**
 * Complaint policies as data: each complaint type's answer deadline and its
 * escalation chain (power utility, seed001 §4.18: answer within the
 * regulated time, else the case may go to the electricity regulator).
 *
 * @module
 */
import { z } from 'zod';
import { Id } from '../domain/common.js';
import { parseWith } from '../errors/from-zod.js';
import power from './presets/power.json' with { type: 'json' };
import standard from './presets/standard.json' with { type: 'json' };

const Localised = z.strictObject({ 'zh-CN': z.string().trim().min(1), en: z.string().trim().min(1) });

/** One step of an escalation chain: after how many days without an answer, to whom. */
export const EscalationStepSchema = z.strictObject({
  /** Days after receipt (calendar days). */
  afterDays: z.number().int().min(0),
  /** Who the case goes to, in both locales (e.g. 部门负责人, 电力监管部门). */
  to: Localised,
});

/** One complaint type: its label, the answer deadline and the escalation chain. */
export const ComplaintTypeSchema = z.strictObject({
  id: Id,
  label: Localised,
  /** Days after receipt by which the complaint must be answered (resolved). */
  answerWithinDays: z.number().int().min(1),
  /** Steps in order of `afterDays`. */
  escalation: z.array(EscalationStepSchema).default([]),
});
/** One complaint type. */
export type ComplaintType = z.infer<typeof ComplaintTypeSchema>;

/** A complaint policy: the types and the type of complaints that name none. */
export const ComplaintPolicySchema = z
  .strictObject({
    id: Id,
    name: Localised,
    types: z.array(ComplaintTypeSchema).min(1),
    /** The type of a complaint without one (default: the first). */
    defaultType: Id.optional(),
  })
  .superRefine((policy, context) => {
    const ids = new Set<string>();
    policy.types.forEach((type, index) => {
      if (ids.has(type.id))
        context.addIssue({
          code: 'custom',
          path: ['types', index, 'id'],
          message: `duplicate type ${type.id}`,
        });
      ids.add(type.id);
      type.escalation.forEach((step, stepIndex) => {
        const before = type.escalation[stepIndex - 1];
        if (before && step.afterDays < before.afterDays)
          context.addIssue({
            code: 'custom',
            path: ['types', index, 'escalation', stepIndex, 'afterDays'],
            message: `must not be before the previous step (${before.afterDays})`,
          });
      });
    });
    if (policy.defaultType !== undefined && !ids.has(policy.defaultType))
      context.addIssue({
        code: 'custom',
        path: ['defaultType'],
        message: `unknown type ${policy.defaultType}; the policy has ${[...ids].join(', ')}`,
      });
  });
/** A validated complaint policy. */
export type ComplaintPolicy = z.infer<typeof ComplaintPolicySchema>;

const SUBJECT = { 'zh-CN': '投诉处理策略', en: 'complaint policy' };

/**
 * Validate a complaint policy.
 *
 * @throws KamError `INVALID_CONFIG` naming each bad field (`types[0].answerWithinDays: expected at least 1`).
 * @example
 * ```ts
 * const policy = loadComplaintPolicy({ id: 'mine', name: { 'zh-CN': '投诉', en: 'Complaints' },
 *   types: [{ id: 'billing', label: { 'zh-CN': '电费', en: 'billing' }, answerWithinDays: 5 }] });
 * ```
 */
export function loadComplaintPolicy(raw: unknown): ComplaintPolicy {
  return parseWith(ComplaintPolicySchema, raw, SUBJECT);
}

/**
 * The complaint policy presets: `standard` (seed004: logged, forwarded,
 * analysed, answered within a week, the manager after three days) and
 * `power` (seed001 §4.18: supply disputes answered within the time the
 * preset sets, then referred to the electricity regulator). The seeds give no
 * day counts; the presets' days are starting values to adjust.
 */
export const COMPLAINT_PRESETS = { standard, power } as const;

/** Load a complaint policy preset. */
export function loadComplaintPreset(name: keyof typeof COMPLAINT_PRESETS): ComplaintPolicy {
  return loadComplaintPolicy(COMPLAINT_PRESETS[name]);
}
