import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../domain/user.js';
import { permissionTableMarkdown } from './permission-table.js';
import { DEFAULT_ACCESS_POLICY, loadAccessPolicy, PERMISSIONS } from './permissions.js';

const doc = readFileSync(new URL('../../../../docs/access.md', import.meta.url), 'utf8');

function section(locale: string): string {
  const match = new RegExp(
    `<!-- permission-table:${locale}:start -->\\n([\\s\\S]*?)\\n<!-- permission-table:${locale}:end -->`,
  ).exec(doc);
  return match?.[1] ?? '';
}

/** A Markdown table as rows of trimmed cells; a rule row's cells read `---` however wide. */
function cells(table: string): string[][] {
  return table
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim().replace(/^-{3,}$/, '---')),
    );
}

describe('permission table', () => {
  it('has one row per permission and one column per role', () => {
    const lines = permissionTableMarkdown(DEFAULT_ACCESS_POLICY, 'en').split('\n');
    expect(lines).toHaveLength(PERMISSIONS.length + 2);
    expect(lines[0]?.split('|').length).toBe(ROLES.length + 3);
    expect(lines[5]).toBe(
      '| `account.handover` hand over accounts | — | own division | — | own division | all divisions |',
    );
  });

  it('follows the policy it is given', () => {
    const policy = loadAccessPolicy({
      id: 'tiny',
      rules: {
        'group-management': {},
        'division-head': { 'audit.read': 'division' },
        'account-manager': {},
        'division-admin': {},
        'system-admin': {},
      },
      grantableRoles: {},
    });
    const audit = permissionTableMarkdown(policy, 'zh-CN')
      .split('\n')
      .find((line) => line.startsWith('| `audit.read`'));
    expect(audit).toBe('| `audit.read` 查看审计日志 | — | 本事业部 | — | — | — |');
  });

  it('is what docs/access.md shows, in both languages (cell by cell, whatever the padding)', () => {
    expect(cells(section('en'))).toEqual(cells(permissionTableMarkdown(DEFAULT_ACCESS_POLICY, 'en')));
    expect(cells(section('zh-CN'))).toEqual(cells(permissionTableMarkdown(DEFAULT_ACCESS_POLICY, 'zh-CN')));
    expect(cells(section('en'))).toHaveLength(PERMISSIONS.length + 2);
  });
});
