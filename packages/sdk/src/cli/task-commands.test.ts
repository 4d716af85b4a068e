import { describe, expect, it } from 'vitest';
import { USERS } from '../access/__fixtures__/portfolio.js';
import { commandHarness } from './__fixtures__/command-harness.js';
import { registerDueCommand } from './portfolio-commands.js';
import { registerTasksCommand } from './task-commands.js';

async function setup() {
  const { store, command } = await commandHarness([registerTasksCommand, registerDueCommand]);
  const run = (...args: string[]) => command('tasks', ...args);
  return { store, run, command };
}

const assign = (id: string, account: string, to: string, as: string) => [
  'assign',
  '--id',
  id,
  '--account',
  account,
  '--to',
  to,
  '--title',
  '拜访财务总监',
  '--due',
  '2026-10-20',
  '--as',
  as,
];

describe('kamkit tasks', () => {
  it('a division head assigns, the assignee lists and completes it as an interaction', async () => {
    const { store, run } = await setup();
    const assigned = JSON.parse(await run(...assign('t-1', 'A-own', USERS.am.id, USERS.dh.id), '--json'));
    expect(assigned).toMatchObject({ id: 't-1', assignedBy: USERS.dh.id, status: 'open', kind: 'visit' });
    const mine = await run('list', '--as', USERS.am.id);
    expect(mine).toContain('Tasks (1 in all)');
    expect(mine).toContain('A-own · t-1 拜访财务总监 · due 2026-10-20 · 李经理 · by 董部长 · open');
    const done = await run('done', 't-1', '--note', '谈妥续约', '--as', USERS.am.id);
    expect(done).toContain('Recorded interaction task:t-1 (visit)');
    const interactions = await store.listInteractions({ accountIds: ['A-own'] });
    expect(interactions.find((row) => row.id === 'task:t-1')).toMatchObject({
      userId: USERS.am.id,
      note: '谈妥续约',
    });
    expect(JSON.parse(await run('list', '--as', USERS.am.id, '--json')).tasks).toEqual([]);
    const audit = await store.listAudit({ entity: 'task', entityId: 't-1' });
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['task.create', USERS.dh.id],
      ['task.update', USERS.am.id],
    ]);
  });

  it('kamkit due lists the open tasks of each assignee with who assigned them', async () => {
    const { run, command } = await setup();
    await run(...assign('t-1', 'A-own', USERS.am.id, USERS.dh.id));
    await run(...assign('t-w', 'A-west', USERS.amw.id, USERS.dhw.id));
    const text = await command('due', '--date', '2026-10-22', '--owner', USERS.am.id);
    expect(text).toContain('Tasks of u-am: 1');
    expect(text).toContain('! 2026-10-20 东方航空集团 — task t-1: 拜访财务总监 (assigned by 董部长)');
    expect(text).not.toContain('t-w');
    const json = JSON.parse(await command('due', '--date', '2026-10-18', '--json'));
    expect(
      json.tasks.map((task: { taskId: string; status: string }) => `${task.taskId} ${task.status}`),
    ).toEqual(['t-1 due', 't-w due']);
  });

  it("another division's task reads like a missing one; bad input names the option", async () => {
    const { run } = await setup();
    await run(...assign('t-w', 'A-west', USERS.amw.id, USERS.dhw.id));
    const foreign = await run('cancel', 't-w', '--reason', 'x', '--as', USERS.dh.id).catch((e) => e);
    const missing = await run('cancel', 't-none', '--reason', 'x', '--as', USERS.dh.id).catch((e) => e);
    expect(foreign).toMatchObject({ code: 'NOT_FOUND' });
    expect(foreign.message.replace('t-w', 'X')).toBe(missing.message.replace('t-none', 'X'));
    await expect(run(...assign('t-2', 'A-own', USERS.am.id, USERS.am.id))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(run('assign', '--account', 'A-own', '--as', USERS.dh.id)).rejects.toMatchObject({
      path: '--to',
    });
    await expect(run('cancel', 't-w', '--as', USERS.dhw.id)).rejects.toMatchObject({ path: '--reason' });
    await expect(
      run('plan', 'file', '--week', '2026-10-19', '--visit', 'A-own', '--as', USERS.am.id),
    ).rejects.toMatchObject({ path: '--visit' });
  });

  it('files a weekly plan and the division head returns it with a note', async () => {
    const { run } = await setup();
    const filed = await run(
      'plan',
      'file',
      '--week',
      '2026-10-19',
      '--visit',
      'A-own@2026-10-20',
      '--visit',
      'A-own@2026-10-22:陪同回访',
      '--as',
      USERS.am.id,
    );
    expect(filed).toContain('Filed the visit plan of the week of 2026-10-19 (2 items), awaiting review');
    expect(filed).toContain('陪同回访 · due 2026-10-22');
    const returned = JSON.parse(
      await run(
        'plan',
        'review',
        '--user',
        USERS.am.id,
        '--week',
        '2026-10-19',
        '--return',
        '--note',
        '请补充华东电网',
        '--as',
        USERS.dh.id,
        '--json',
      ),
    );
    expect(returned.map((row: { review: { status: string } }) => row.review.status)).toEqual([
      'returned',
      'returned',
    ]);
    const week = await run('list', '--week', '2026-10-19', '--as', USERS.dh.id);
    expect(week).toContain('plan of 2026-10-19 · returned');
    await expect(
      run('plan', 'review', '--user', USERS.am.id, '--week', '2026-10-19', '--as', USERS.dh.id),
    ).rejects.toMatchObject({ path: '--approve' });
  });
});
