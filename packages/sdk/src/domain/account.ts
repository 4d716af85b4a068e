import { z } from 'zod';
import { AttributeValue, Id, IsoDateTime, KeyText } from './common.js';
import { AccountDateSchema } from './key-date.js';

/** Account types that drive service emphasis (DOMAIN.md §1). */
export const ACCOUNT_TYPES = [
  'government',
  'soe',
  'private',
  'multinational',
  'fortune500',
  'institution',
] as const;

/** The account type. */
export const AccountType = z.enum(ACCOUNT_TYPES);
/** The account type. */
export type AccountType = z.infer<typeof AccountType>;

/**
 * A customer account (客户档案). `parentId` places it in its enterprise
 * structure tree (企业结构树): a group's figures are the sum over its subtree.
 *
 * `ownerA` leads and `ownerB` backs up (postal A/B roles). `flags` hold markers
 * such as `VIP`, `agreement` (signed agreement), `one-off` or `high-risk`;
 * `attributes` hold anything else the organisation records (headcount, kVA…);
 * `keyDates` the customer's own dates a `key-date` service rule congratulates
 * on (founding day, anniversaries, project milestones, honours).
 */
export const AccountSchema = z.object({
  id: Id,
  name: z.string().trim().min(1),
  shortName: z.string().trim().min(1).optional(),
  aliases: z.array(z.string().trim().min(1)).default([]),
  parentId: Id.nullable().default(null),
  type: AccountType.default('private'),
  industry: z.string().trim().min(1).optional(),
  region: z.string().trim().min(1).optional(),
  division: KeyText,
  flags: z.array(z.string().trim().min(1)).default([]),
  ownerA: Id.nullable().default(null),
  ownerB: Id.nullable().default(null),
  attributes: z.record(z.string(), AttributeValue).default({}),
  keyDates: z.array(AccountDateSchema).optional(),
  createdAt: IsoDateTime.optional(),
});
/** A customer account. */
export type Account = z.infer<typeof AccountSchema>;
/** The input form of an account (defaults may be omitted). */
export type AccountInput = z.input<typeof AccountSchema>;
