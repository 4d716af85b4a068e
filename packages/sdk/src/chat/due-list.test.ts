import { describe, expect, it } from 'vitest';
import { AccountSchema } from '../domain/account.js';
import { dueListReply } from './due-list.js';

const acme = AccountSchema.parse({
  id: 'acme',
  name: '华东物流集团',
  shortName: '华东物流',
  division: 'east',
});
const options = { today: '2026-09-10', accounts: new Map([['acme', acme]]), overdueOnly: false, offset: 0 };

describe('dueListReply', () => {
  it('lists two contacts’ birthdays on one account and day as two lines, and an action owed to both owners once', () => {
    const birthday = (name: string) => ({
      accountId: 'acme',
      ruleId: 'contact-birthdays',
      ruleKind: 'key-date' as const,
      dueDate: '2026-09-12',
      label: { 'zh-CN': `联系人生日问候：${name}生日`, en: `Birthday greeting: ${name}’s birthday` },
    });
    // 张总's action comes twice: once from owner A's agenda, once from owner B's.
    const { reply } = dueListReply([birthday('张总'), birthday('李主任'), birthday('张总')], options);
    expect(reply.groups.flatMap((group) => group.accounts.flatMap((account) => account.lines))).toEqual([
      {
        'zh-CN': '联系人生日问候：张总生日 · 2026-09-12 前',
        en: 'Birthday greeting: 张总’s birthday · by 2026-09-12',
      },
      {
        'zh-CN': '联系人生日问候：李主任生日 · 2026-09-12 前',
        en: 'Birthday greeting: 李主任’s birthday · by 2026-09-12',
      },
    ]);
  });
});
