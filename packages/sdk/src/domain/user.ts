import { z } from 'zod';
import { Id, KeyText } from './common.js';

/** The five permission levels of the seeds (DOMAIN.md §9). */
export const ROLES = [
  'group-management',
  'division-head',
  'account-manager',
  'division-admin',
  'system-admin',
] as const;
/** A permission level. */
export const Role = z.enum(ROLES);
/** A permission level. */
export type Role = z.infer<typeof Role>;

/** A member of staff using KAMkit. */
export const UserSchema = z.object({
  id: Id,
  name: z.string().trim().min(1),
  email: z.email().optional(),
  role: Role,
  division: KeyText.nullable().default(null),
  supervisorId: Id.nullable().default(null),
  status: z.enum(['active', 'frozen']).default('active'),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
});
/** A member of staff. */
export type User = z.infer<typeof UserSchema>;
/** Input form of a user. */
export type UserInput = z.input<typeof UserSchema>;
