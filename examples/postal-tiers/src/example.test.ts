import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServicePolicyFile } from '@kamkit/sdk';
import { describe, expect, it } from 'vitest';
import { main, SERVICE_POLICY_FILE } from './main.js';

describe('postal tiers', () => {
  it('tiers the six accounts on annual revenue', async () => {
    const { tierCounts, run } = await main();
    expect(tierCounts).toEqual({ platinum: 2, gold: 1, vip: 2, none: 1 });
    const szedu = run.tiers.find((tier) => tier.accountId === 'szedu')!;
    expect(szedu.explanation.text.en).toContain('¥600,000');
  });

  it("lists each owner's due actions, to owner A and owner B alike", async () => {
    const { run, text } = await main();
    const agendaOf = (ownerId: string) => run.agendas.find((agenda) => agenda.ownerId === ownerId)!;
    const actions = (ownerId: string) =>
      [...agendaOf(ownerId).overdue, ...agendaOf(ownerId).due].map(
        (action) => `${action.accountId}:${action.ruleId}`,
      );

    // 教育考试院 is Gold: two account-manager visits a month; August had none. A 周敏 and B 吴刚 both see it.
    expect(actions('u-zhou')).toContain('szedu:manager-visit-gold');
    expect(actions('u-wu')).toContain('szedu:manager-visit-gold');
    // Mid-Autumn (2026-09-25) is five days away: festival visits are due for every key account
    // except 姑苏医院, whose gift went out on 09-18, and the florist, which is not a key account.
    const festival = run.agendas
      .flatMap((agenda) => agenda.due)
      .filter((action) => action.ruleId === 'festival-visit');
    expect(new Set(festival.map((action) => action.accountId))).toEqual(
      new Set(['szbank', 'szpower', 'szedu', 'wzhong']),
    );
    expect(festival.every((action) => action.dueDate === '2026-09-25')).toBe(true);
    // 吴中税务 has no owner B: only 周敏 has it on her list.
    expect(actions('u-wu').some((action) => action.startsWith('wzhong:'))).toBe(false);
    expect(actions('u-zhou')).toContain('wzhong:manager-visit');
    // The account file of 苏州供电 (Platinum, quarterly) was last refreshed on 06-05: overdue since 09-05.
    const refresh = agendaOf('u-wu').overdue.find((action) => action.ruleId === 'profile-refresh-platinum')!;
    expect(refresh).toMatchObject({ accountId: 'szpower', lastDone: '2026-06-05', daysOverdue: 15 });
    expect(
      run.agendas
        .flatMap((agenda) => [...agenda.overdue, ...agenda.due])
        .some((a) => a.accountId === 'xiaomei'),
    ).toBe(false);
    expect(text).toContain('[A] 苏州供电: Refresh the account file (quarterly) — 15 days overdue');
    expect(text).toContain('[B] 苏州供电: Refresh the account file (quarterly) — 15 days overdue');
  });

  it('after the festival the unvisited accounts turn overdue', async () => {
    const { run } = await main({ today: '2026-09-28' });
    const overdue = run.agendas
      .flatMap((agenda) => agenda.overdue)
      .filter((action) => action.ruleId === 'festival-visit');
    expect(new Set(overdue.map((action) => action.accountId))).toEqual(
      new Set(['szbank', 'szpower', 'szedu', 'wzhong']),
    );
    expect(overdue.every((action) => action.daysOverdue === 3)).toBe(true);
  });

  it('prints in Chinese', async () => {
    const { text } = await main({ locale: 'zh-CN' });
    expect(text).toContain('周敏 的待办');
    expect(text).toContain('[A] 教育考试院: 客户经理走访（每月两次） — 已逾期 20 天');
  });

  it('the service scheme is data: a misspelt interaction kind fails at load with its path', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'postal-'));
    const broken = (await readFile(SERVICE_POLICY_FILE, 'utf8')).replace('kinds: [visit]', 'kinds: [visits]');
    await writeFile(join(folder, 'service.yaml'), broken);
    await expect(loadServicePolicyFile(join(folder, 'service.yaml'))).rejects.toThrow(
      /rules\[2\]\.kinds\[0\]/,
    );
  });
});

it('the README shows exactly what main() prints', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const shown = /<!-- output: [^>]*-->\n```text\n([\s\S]*?)\n```/u.exec(readme)?.[1];
  expect(shown).toBe((await main()).text.trimEnd());
});
