/**
 * The permission model of KAMkit as data (DOMAIN.md §9): for each of the five
 * roles of the seeds and each permission (resource kind × action), the scope
 * in which it is allowed. Pure: no store, no clock.
 *
 * @module
 */
import { z } from 'zod';
import { ROLES, Role, type User } from '../domain/user.js';
import { parseWith } from '../errors/from-zod.js';
import type { LocalisedText } from '../errors/kam-error.js';

/** Resource kinds and the actions that apply to each. Every read and write of the store maps to one pair. */
export const ACCESS_RESOURCES = {
  account: ['read', 'write', 'move', 'handover'],
  contact: ['read', 'write'],
  transaction: ['read', 'write'],
  payment: ['read', 'write'],
  interaction: ['read', 'write'],
  complaint: ['read', 'write'],
  score: ['read', 'write'],
  tier: ['read', 'write'],
  override: ['read', 'write'],
  alert: ['read', 'write'],
  user: ['read', 'write'],
  import: ['run'],
  audit: ['read'],
  review360: ['admin', 'committee'],
  narrative: ['read', 'write'],
  task: ['assign'],
  claim: ['read', 'file', 'answer', 'decide'],
} as const;

/** A resource kind. */
export type AccessResource = keyof typeof ACCESS_RESOURCES;

/** A permission: `resource.action`, e.g. `account.move`. */
export type Permission = {
  [R in AccessResource]: `${R}.${(typeof ACCESS_RESOURCES)[R][number]}`;
}[AccessResource];

/** Every permission, in table order. */
export const PERMISSIONS: readonly Permission[] = Object.entries(ACCESS_RESOURCES).flatMap(
  ([resource, actions]) => actions.map((action) => `${resource}.${action}` as Permission),
);

/** Resources whose records hang off an account (their scope is the account's division and owners). */
export const ACCOUNT_BOUND_RESOURCES: readonly AccessResource[] = [
  'account',
  'contact',
  'transaction',
  'payment',
  'interaction',
  'complaint',
  'score',
  'tier',
  'override',
  'alert',
];

/**
 * Where a permission applies:
 * - `all` — every record in every division;
 * - `division` — records of the user's own division;
 * - `owned` — accounts (and their data) where the user is owner A or B, in the user's own division;
 * - `self` — the user's own user record (user permissions only);
 * - `none` — refused.
 */
export const ACCESS_SCOPES = ['all', 'division', 'owned', 'self', 'none'] as const;
/** A scope rule. */
export const AccessScope = z.enum(ACCESS_SCOPES);
/** A scope rule. */
export type AccessScope = z.infer<typeof AccessScope>;

/** A permission name, validated. */
export const PermissionSchema = z.enum(PERMISSIONS as [Permission, ...Permission[]]);

const RuleSet = z.partialRecord(PermissionSchema, AccessScope);

/**
 * An access policy: role × permission → scope (a missing entry means `none`),
 * and which roles each role may give to other users.
 */
export const AccessPolicySchema = z
  .object({
    id: z.string().trim().min(1),
    rules: z.object(Object.fromEntries(ROLES.map((role) => [role, RuleSet])) as Record<Role, typeof RuleSet>),
    grantableRoles: z.object(
      Object.fromEntries(ROLES.map((role) => [role, z.array(Role).default([])])) as Record<
        Role,
        z.ZodDefault<z.ZodArray<typeof Role>>
      >,
    ),
  })
  .strict()
  .superRefine((policy, context) => {
    for (const role of ROLES) {
      for (const [permission, scope] of Object.entries(policy.rules[role])) {
        const resource = permission.split('.')[0] as AccessResource;
        if (scope === 'self' && resource !== 'user') {
          context.addIssue({
            code: 'custom',
            path: ['rules', role, permission],
            message: 'scope "self" applies to user permissions only',
          });
        }
        if (scope === 'owned' && !ACCOUNT_BOUND_RESOURCES.includes(resource)) {
          context.addIssue({
            code: 'custom',
            path: ['rules', role, permission],
            message: 'scope "owned" applies to account data only',
          });
        }
      }
    }
  });

/** An access policy. */
export type AccessPolicy = z.infer<typeof AccessPolicySchema>;
/** Input form of an access policy (as read from a JSON/YAML file). */
export type AccessPolicyInput = z.input<typeof AccessPolicySchema>;

const readAll = {
  'account.read': 'all',
  'contact.read': 'all',
  'transaction.read': 'all',
  'payment.read': 'all',
  'interaction.read': 'all',
  'complaint.read': 'all',
  'score.read': 'all',
  'tier.read': 'all',
  'override.read': 'all',
  'alert.read': 'all',
  'user.read': 'all',
  'audit.read': 'all',
  'narrative.read': 'all',
} as const;

const divisionWork = {
  'account.read': 'division',
  'account.write': 'division',
  'account.handover': 'division',
  'contact.read': 'division',
  'contact.write': 'division',
  'transaction.read': 'division',
  'payment.read': 'division',
  'interaction.read': 'division',
  'interaction.write': 'division',
  'complaint.read': 'division',
  'complaint.write': 'division',
  'score.read': 'division',
  'tier.read': 'division',
  'override.read': 'division',
  'alert.read': 'division',
  'alert.write': 'division',
  'user.read': 'division',
  'audit.read': 'division',
  'narrative.read': 'division',
  'narrative.write': 'division',
} as const;

/**
 * The five permission levels of the seeds (seed002 CRM rules):
 * group management reads every division and moves accounts between them (HQ);
 * a division head works on the whole of their division and grants tier overrides;
 * an account manager sees and edits only accounts where they are owner A or B;
 * a division admin manages the users, accounts and imports of their division;
 * a system admin may do everything, in every division.
 */
export const DEFAULT_ACCESS_POLICY: AccessPolicy = parseWith(
  AccessPolicySchema,
  {
    id: 'seed-five-levels',
    rules: {
      // The review committee rules last on escalated 360° appeals (seed002 考核领导小组).
      'group-management': {
        ...readAll,
        'account.move': 'all',
        'override.write': 'all',
        'review360.committee': 'all',
        // The higher level rules on contested attribution claims (seed001 上报市局市场部进行裁决).
        'claim.read': 'all',
        'claim.decide': 'all',
      },
      'division-head': {
        ...divisionWork,
        'override.write': 'division',
        'task.assign': 'division',
        'review360.committee': 'division',
        // A unit claims an account another unit holds (seed001 大客户归属).
        'claim.read': 'division',
        'claim.file': 'division',
      },
      'account-manager': {
        'account.read': 'owned',
        'account.write': 'owned',
        'contact.read': 'owned',
        'contact.write': 'owned',
        'transaction.read': 'owned',
        'payment.read': 'owned',
        'interaction.read': 'owned',
        'interaction.write': 'owned',
        'complaint.read': 'owned',
        'complaint.write': 'owned',
        'score.read': 'owned',
        'tier.read': 'owned',
        'override.read': 'owned',
        'alert.read': 'owned',
        'alert.write': 'owned',
        'user.read': 'self',
        // The unit's monthly narrative is written by its people (seed001).
        'narrative.read': 'division',
        'narrative.write': 'division',
      },
      'division-admin': {
        ...divisionWork,
        'transaction.write': 'division',
        'payment.write': 'division',
        'user.write': 'division',
        'import.run': 'division',
        'review360.admin': 'division',
        'claim.read': 'division',
        'claim.file': 'division',
        // The holding division's admin accepts or contests a claim on its account.
        'claim.answer': 'division',
      },
      'system-admin': Object.fromEntries(PERMISSIONS.map((permission) => [permission, 'all'])),
    },
    grantableRoles: {
      'division-admin': ['division-head', 'account-manager', 'division-admin'],
      'system-admin': [...ROLES],
    },
  },
  { 'zh-CN': '权限策略', en: 'access policy' },
);

/**
 * Load an access policy from data (a parsed JSON or YAML file).
 *
 * @throws KamError `INVALID_CONFIG` naming the bad path (unknown role or permission, bad scope).
 * @example
 * ```ts
 * const policy = loadAccessPolicy(YAML.parse(await readFile('access.yaml', 'utf8')));
 * const scoped = scopeStore(store, user, { policy });
 * ```
 */
export function loadAccessPolicy(input: unknown): AccessPolicy {
  return parseWith(AccessPolicySchema, input, { 'zh-CN': '权限策略', en: 'access policy' });
}

/** The scope in which `role` holds `permission` under `policy` (`none` when not listed). */
export function scopeOf(policy: AccessPolicy, role: Role, permission: Permission): AccessScope {
  return policy.rules[role][permission] ?? 'none';
}

/**
 * What a permission is checked against: the division a record belongs to, and
 * for account data its owners, for a user record that user's id.
 */
export interface AccessTarget {
  /** The record's division (an account's division, a user's division, an import's division). */
  division: string | null;
  /** Owner A and B of the account the record belongs to. */
  ownerIds?: readonly (string | null)[];
  /** The user a user record describes. */
  userId?: string;
}

/** The acting user, as far as permissions are concerned. */
export type Principal = Pick<User, 'id' | 'role' | 'division' | 'status'>;

/** True when `target` lies inside `scope` for `principal`. */
export function inScope(scope: AccessScope, principal: Principal, target: AccessTarget): boolean {
  switch (scope) {
    case 'all':
      return true;
    case 'division':
      return principal.division !== null && target.division === principal.division;
    case 'owned':
      return (
        principal.division !== null &&
        target.division === principal.division &&
        (target.ownerIds ?? []).includes(principal.id)
      );
    case 'self':
      return target.userId === principal.id;
    case 'none':
      return false;
  }
}

/**
 * Decide whether `principal` may use `permission` on `target`. A frozen user may do nothing.
 *
 * @example
 * ```ts
 * isAllowed(DEFAULT_ACCESS_POLICY, manager, 'account.read', { division: 'east', ownerIds: [manager.id, null] }); // true
 * ```
 */
export function isAllowed(
  policy: AccessPolicy,
  principal: Principal,
  permission: Permission,
  target: AccessTarget,
): boolean {
  if (principal.status !== 'active') return false;
  return inScope(scopeOf(policy, principal.role, permission), principal, target);
}

/** True when `granter` may give `role` to a user under `policy`. */
export function mayGrantRole(policy: AccessPolicy, granter: Role, role: Role): boolean {
  return policy.grantableRoles[granter].includes(role);
}

/** Localised names of the roles. */
export const ROLE_LABELS: Record<Role, LocalisedText> = {
  'group-management': { 'zh-CN': '集团管理层', en: 'Group management' },
  'division-head': { 'zh-CN': '事业部负责人', en: 'Division head' },
  'account-manager': { 'zh-CN': '客户经理', en: 'Account manager' },
  'division-admin': { 'zh-CN': '事业部管理员', en: 'Division admin' },
  'system-admin': { 'zh-CN': '系统管理员', en: 'System admin' },
};

/** Localised names of the permissions. */
export const PERMISSION_LABELS: Record<Permission, LocalisedText> = {
  'account.read': { 'zh-CN': '查看客户档案', en: 'read accounts' },
  'account.write': { 'zh-CN': '修改客户档案', en: 'write accounts' },
  'account.move': { 'zh-CN': '跨事业部调动客户', en: 'move accounts between divisions' },
  'account.handover': { 'zh-CN': '移交客户', en: 'hand over accounts' },
  'contact.read': { 'zh-CN': '查看联系人', en: 'read contacts' },
  'contact.write': { 'zh-CN': '修改联系人', en: 'write contacts' },
  'transaction.read': { 'zh-CN': '查看交易', en: 'read transactions' },
  'transaction.write': { 'zh-CN': '录入交易', en: 'write transactions' },
  'payment.read': { 'zh-CN': '查看回款', en: 'read payments (collections)' },
  'payment.write': { 'zh-CN': '录入回款', en: 'write payments (collections)' },
  'interaction.read': { 'zh-CN': '查看拜访记录', en: 'read interactions' },
  'interaction.write': { 'zh-CN': '录入拜访记录', en: 'write interactions' },
  'complaint.read': { 'zh-CN': '查看投诉', en: 'read complaints' },
  'complaint.write': { 'zh-CN': '处理投诉', en: 'write complaints' },
  'score.read': { 'zh-CN': '查看贡献值评分', en: 'read scores' },
  'score.write': { 'zh-CN': '保存评分', en: 'write scores' },
  'tier.read': { 'zh-CN': '查看分级与历史', en: 'read tiers' },
  'tier.write': { 'zh-CN': '保存分级', en: 'write tiers' },
  'override.read': { 'zh-CN': '查看人工调级', en: 'read tier overrides' },
  'override.write': { 'zh-CN': '人工调级', en: 'write tier overrides' },
  'alert.read': { 'zh-CN': '查看预警', en: 'read alerts' },
  'alert.write': { 'zh-CN': '处理预警', en: 'write alerts' },
  'user.read': { 'zh-CN': '查看用户', en: 'read users' },
  'user.write': { 'zh-CN': '管理用户与权限', en: 'manage users and roles' },
  'import.run': { 'zh-CN': '导入数据', en: 'import data' },
  'audit.read': { 'zh-CN': '查看审计日志', en: 'read the audit log' },
  'review360.admin': {
    'zh-CN': '管理 360 度考核（周期、提名、进度、申诉）',
    en: 'administer 360° reviews (cycles, nominations, progress, appeals)',
  },
  'review360.committee': {
    'zh-CN': '终裁升级的 360 度申诉（考核领导小组）',
    en: 'decide escalated 360° appeals, finally (the review committee)',
  },
  'narrative.read': { 'zh-CN': '查看单位月度小结与计划', en: 'read units’ monthly narratives' },
  'narrative.write': {
    'zh-CN': '填写单位月度小结与计划',
    en: 'write units’ monthly narratives (what went well, next month’s plan)',
  },
  'task.assign': {
    'zh-CN': '向员工指派任务、审阅周拜访计划',
    en: 'assign tasks to staff and review weekly visit plans',
  },
  'claim.read': {
    'zh-CN': '查看本单位提出或收到的归属申请',
    en: 'read the attribution claims one’s unit filed or holds accounts of',
  },
  'claim.file': {
    'zh-CN': '为本单位申请他单位客户的归属',
    en: 'claim for one’s unit an account another unit holds',
  },
  'claim.answer': {
    'zh-CN': '答复对本单位客户的归属申请（接受或提出异议）',
    en: 'answer claims on one’s unit’s accounts (accept or contest)',
  },
  'claim.decide': {
    'zh-CN': '裁决有异议的归属申请（终裁）',
    en: 'decide contested attribution claims, finally',
  },
};

/** Localised names of the scopes. */
export const SCOPE_LABELS: Record<AccessScope, LocalisedText> = {
  all: { 'zh-CN': '全部事业部', en: 'all divisions' },
  division: { 'zh-CN': '本事业部', en: 'own division' },
  owned: { 'zh-CN': '本人负责（A/B 角）', en: 'own accounts (A/B)' },
  self: { 'zh-CN': '仅本人', en: 'self only' },
  none: { 'zh-CN': '—', en: '—' },
};
