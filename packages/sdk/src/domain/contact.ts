import { z } from 'zod';
import { AttributeValue, Id } from './common.js';
import { AnnualDate } from './key-date.js';

/** Contact roles in the relationship map (DOMAIN.md §1, seed003). */
export const CONTACT_ROLES = ['decision-maker', 'key-person', 'insider', 'guide', 'other'] as const;
/** Role labels as the seeds write them. */
export const CONTACT_ROLE_LABELS: Record<(typeof CONTACT_ROLES)[number], string> = {
  'decision-maker': '决策人',
  'key-person': '关键人',
  insider: '内线',
  guide: '向导',
  other: '其他',
};
/** Relationship stages, in order: 认识 → 兴趣 → 信赖 → 同盟. */
export const RELATIONSHIP_STAGES = ['acquaintance', 'interest', 'trust', 'alliance'] as const;
/** Stage labels as the seeds write them. */
export const RELATIONSHIP_STAGE_LABELS: Record<(typeof RELATIONSHIP_STAGES)[number], string> = {
  acquaintance: '认识',
  interest: '兴趣',
  trust: '信赖',
  alliance: '同盟',
};

/** A contact's role. */
export const ContactRole = z.enum(CONTACT_ROLES);
/** A contact's role. */
export type ContactRole = z.infer<typeof ContactRole>;
/** A relationship stage. */
export const RelationshipStage = z.enum(RELATIONSHIP_STAGES);
/** A relationship stage. */
export type RelationshipStage = z.infer<typeof RelationshipStage>;
/** Level of the contact in the customer's organisation. */
export const ContactLevel = z.enum(['executive', 'middle', 'operational']);
/** Level of the contact in the customer's organisation. */
export type ContactLevel = z.infer<typeof ContactLevel>;

/**
 * A person at the customer, with their role, level and relationship stage.
 * `birthday` is `MM-DD`, or `YYYY-MM-DD` when the year is known; the year is
 * never shown beyond the contact itself (due lists name the day only).
 */
export const ContactSchema = z.object({
  id: Id,
  accountId: Id,
  name: z.string().trim().min(1),
  title: z.string().trim().optional(),
  role: ContactRole.default('other'),
  level: ContactLevel.default('operational'),
  stage: RelationshipStage.default('acquaintance'),
  phone: z.string().trim().optional(),
  email: z.email().optional(),
  birthday: AnnualDate.optional(),
  attributes: z.record(z.string(), AttributeValue).default({}),
});
/** A person at the customer. */
export type Contact = z.infer<typeof ContactSchema>;
/** Input form of a contact. */
export type ContactInput = z.input<typeof ContactSchema>;
