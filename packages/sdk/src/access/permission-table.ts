import { ROLES } from '../domain/user.js';
import type { Locale } from '../errors/kam-error.js';
import {
  type AccessPolicy,
  PERMISSION_LABELS,
  PERMISSIONS,
  ROLE_LABELS,
  SCOPE_LABELS,
  scopeOf,
} from './permissions.js';

/**
 * Render `policy` as a Markdown table: one row per permission, one column per
 * role, each cell the scope in which the role holds the permission. This is
 * how `docs/access.md` shows the default policy, generated so it cannot drift.
 *
 * @param locale - language of the headings and scope names.
 * @example
 * ```ts
 * console.log(permissionTableMarkdown(DEFAULT_ACCESS_POLICY, 'en'));
 * ```
 */
export function permissionTableMarkdown(policy: AccessPolicy, locale: Locale = 'en'): string {
  const heading = locale === 'zh-CN' ? '权限' : 'permission';
  const header = `| ${heading} | ${ROLES.map((role) => ROLE_LABELS[role][locale]).join(' | ')} |`;
  const rule = `|${' --- |'.repeat(ROLES.length + 1)}`;
  const rows = PERMISSIONS.map((permission) => {
    const cells = ROLES.map((role) => SCOPE_LABELS[scopeOf(policy, role, permission)][locale]);
    return `| \`${permission}\` ${PERMISSION_LABELS[permission][locale]} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
