/**
 * Profile checklists (客户档案 / 客户检查单): which facts a key account's
 * file must hold, and how complete each account's file is.
 *
 * @module
 */
export {
  type ProfileCompleteness,
  type ProfileSubject,
  profileCompleteness,
  profileLine,
} from './profile-completeness.js';
export {
  loadProfilePolicy,
  loadProfilePreset,
  PROFILE_FIELDS,
  PROFILE_PRESETS,
  type ProfileField,
  type ProfileItem,
  ProfileItemSchema,
  type ProfilePolicy,
  type ProfilePolicyInput,
  ProfilePolicySchema,
  type ProfilePresetName,
} from './profile-policy.js';
