import { describe, expect, it } from 'vitest';
import { USERS } from '../access/__fixtures__/portfolio.js';
import { commandHarness } from './__fixtures__/command-harness.js';
import { registerRelationshipPlanCommand } from './relationship-plan-commands.js';

async function setup(locale: 'en' | 'zh-CN' = 'en') {
  const { store, command } = await commandHarness([registerRelationshipPlanCommand], {
    locale,
    // 李经理 reports to 董部长.
    prepare: async (store) => {
      const li = await store.getUser(USERS.am.id);
      if (li) await store.putUser({ ...li, supervisorId: USERS.dh.id }, { actor: 'system' });
    },
  });
  const run = (...args: string[]) => command('relationship-plan', ...args);
  return { store, run };
}

describe('kamkit relationship-plan', () => {
  it('the owner writes and submits; the supervisor returns it with a note, then approves the adjusted plan', async () => {
    const { store, run } = await setup();
    const plan = ['--account', 'A-own', '--half', '2026上半年', '--as', USERS.am.id];
    await run('write', ...plan, '--goals', '王总（决策人）：从兴趣到信赖', '--actions', '每月拜访一次');
    expect(await run('submit', ...plan)).toContain('awaiting approval');
    await expect(
      run('return', '--account', 'A-own', '--half', '2026-H1', '--as', USERS.dh.id),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      path: '--note',
    });
    const returned = await run(
      'return',
      '--account',
      'A-own',
      '--half',
      '2026-H1',
      '--note',
      '补充关键人',
      '--as',
      USERS.dh.id,
    );
    expect(returned).toContain('Review: returned');
    expect(returned).toContain('note: 补充关键人');
    await run('write', ...plan, '--goals', '王总（决策人）、李处（关键人）：从兴趣到信赖');
    await run('submit', ...plan);
    const approved = JSON.parse(
      await run('approve', '--account', 'A-own', '--half', '2026-H1', '--as', USERS.dh.id, '--json'),
    );
    expect(approved).toMatchObject({
      status: 'approved',
      revision: 2,
      filed: { revision: 2, approvedBy: USERS.dh.id },
    });
    expect(await run('list', '--half', '2026-H1', '--status', 'approved', '--as', USERS.am2.id)).toContain(
      'A-own · first half of 2026 · revision 2 · approved (filed)',
    );
    const audit = await store.listAudit({ entity: 'relationship-plan', entityId: 'A-own|2026-H1' });
    expect(audit.map((entry) => entry.actor)).toEqual([
      USERS.am.id,
      USERS.am.id,
      USERS.dh.id,
      USERS.am.id,
      USERS.am.id,
      USERS.dh.id,
    ]);
    expect(audit[2]?.reason).toBe('补充关键人');
  });

  it('answers in Chinese; an account out of reach reads like a missing one; bad options are named', async () => {
    const { run } = await setup('zh-CN');
    const shown = await run(
      'write',
      '--account',
      'A-own',
      '--half',
      '2026-H2',
      '--goals',
      '王总',
      '--as',
      USERS.am.id,
    );
    expect(shown).toContain('A-own 2026年下半年客户关系发展计划 · 第 1 版 · 草稿');
    expect(shown).toContain('行动计划：（未填写）');
    await expect(
      run('show', '--account', 'A-own', '--half', '2026-H2', '--as', USERS.amw.id),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No relationship plan found: A-own|2026-H2' });
    await expect(
      run('show', '--account', 'A-nowhere', '--half', '2026-H2', '--as', USERS.amw.id),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No relationship plan found: A-nowhere|2026-H2' });
    await expect(
      run('show', '--account', 'A-own', '--half', '2026-07', '--as', USERS.am.id),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      path: '--half',
    });
    await expect(run('write', '--account', 'A-own', '--as', USERS.am.id)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      path: '--goals',
    });
    await expect(run('submit', '--half', '2026-H2', '--as', USERS.am.id)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      path: '--account',
    });
  });
});
