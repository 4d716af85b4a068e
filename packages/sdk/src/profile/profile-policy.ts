/**
 * Profile checklists (客户档案 / 客户检查单) as data: which facts a key
 * account's file must hold, each with its label in both locales — the
 * airline's mandatory customer checklist (seed002) and the postal file's
 * basic information (seed001).
 *
 * @module
 */
import { z } from 'zod';
import { Id } from '../domain/common.js';
import { parseWith } from '../errors/from-zod.js';
import airline from './presets/airline.json' with { type: 'json' };
import postal from './presets/postal.json' with { type: 'json' };

const Localised = z.strictObject({ 'zh-CN': z.string().trim().min(1), en: z.string().trim().min(1) });

/** The account fields a checklist item may read instead of an attribute. */
export const PROFILE_FIELDS = ['shortName', 'industry', 'region', 'parentId'] as const;
/** An account field a checklist item may read. */
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/**
 * One fact the profile must hold: read from the account attribute
 * `attribute` (default: the item's id), or from the account field `field`.
 */
export const ProfileItemSchema = z
  .strictObject({
    id: Id,
    label: Localised,
    /** The account attribute holding it (default: `id`). */
    attribute: z.string().trim().min(1).optional(),
    /** An account field holding it instead of an attribute. */
    field: z.enum(PROFILE_FIELDS).optional(),
  })
  .refine((item) => item.attribute === undefined || item.field === undefined, {
    message: 'give attribute or field, not both',
    path: ['field'],
  });
/** One item of a profile checklist. */
export type ProfileItem = z.infer<typeof ProfileItemSchema>;

/** A profile checklist: the facts every key account's file must hold. */
export const ProfilePolicySchema = z
  .strictObject({
    id: Id,
    name: Localised,
    items: z.array(ProfileItemSchema).min(1),
  })
  .superRefine((policy, context) => {
    const seen = new Set<string>();
    policy.items.forEach((item, index) => {
      if (seen.has(item.id))
        context.addIssue({
          code: 'custom',
          path: ['items', index, 'id'],
          message: `duplicate item ${item.id}`,
        });
      seen.add(item.id);
    });
  });
/** A validated profile checklist. */
export type ProfilePolicy = z.infer<typeof ProfilePolicySchema>;
/** A profile checklist as written. */
export type ProfilePolicyInput = z.input<typeof ProfilePolicySchema>;

const SUBJECT = { 'zh-CN': '客户档案清单', en: 'profile checklist' };

/**
 * Validate a profile checklist.
 *
 * @throws KamError `INVALID_CONFIG` naming each bad field (`items[1].id: duplicate item headcount`).
 * @example
 * ```ts
 * const policy = loadProfilePolicy({
 *   id: 'mine',
 *   name: { 'zh-CN': '客户档案', en: 'Customer file' },
 *   items: [{ id: 'headcount', label: { 'zh-CN': '员工人数', en: 'headcount' } }],
 * });
 * ```
 */
export function loadProfilePolicy(raw: unknown): ProfilePolicy {
  return parseWith(ProfilePolicySchema, raw, SUBJECT);
}

/**
 * The checklist presets: `airline` (seed002's 客户检查单: travel policy, who
 * flies first class, lowest-fare rule, headquarters, headcount, plans,
 * planned branches) and `postal` (seed001's basic information of the
 * key-account file that an account attribute or field can hold).
 */
export const PROFILE_PRESETS = { airline, postal } as const;
/** Name of a profile checklist preset. */
export type ProfilePresetName = keyof typeof PROFILE_PRESETS;

/**
 * Load a profile checklist preset.
 *
 * @example
 * ```ts
 * loadProfilePreset('airline').items.length; // 7
 * ```
 */
export function loadProfilePreset(name: ProfilePresetName): ProfilePolicy {
  return loadProfilePolicy(PROFILE_PRESETS[name]);
}
