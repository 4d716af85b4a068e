import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { ImportError } from './import-error.js';
import { importFile } from './import-file.js';

const TASKS_CSV = [
  '任务编号,客户编号,执行人,指派人,任务内容,截止日期,方式,指派时间',
  'T1,A1,u-li,u-wang,拜访财务总监,2026-11-20,拜访,2026-11-10T09:00:00+08:00',
  'T2,A1,u-li,u-wang,电话回访投诉处理结果,2026/11/25,电话,',
].join('\r\n');

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-import-tasks-'));
  store = createMemoryStore({ clock: () => new Date('2026-11-10T00:00:00Z') });
  await store.putAccount({ id: 'A1', name: '客户 A1', division: '华北事业部' } as never, { actor: 'seed' });
  for (const [id, name, role] of [
    ['u-li', '李娜', 'account-manager'],
    ['u-wang', '王强', 'division-admin'],
    ['u-gone', '赵离', 'account-manager'],
  ] as const)
    await store.putUser({ id, name, role, division: '华北事业部' }, { actor: 'seed' });
  await store.putUser(
    { id: 'u-gone', name: '赵离', role: 'account-manager', division: '华北事业部', status: 'frozen' },
    { actor: 'seed' },
  );
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('importFile — tasks (任务)', () => {
  it('imports tasks with Chinese headers, open and audited; a re-run changes nothing', async () => {
    const path = join(folder, '任务.csv');
    await writeFile(path, TASKS_CSV);
    expect(await importFile({ store, kind: 'tasks', path, actor: 'u-admin' })).toMatchObject({
      rows: 2,
      inserted: 2,
      rejected: 0,
    });
    const [t1, t2] = await store.listTasks();
    expect(t1).toMatchObject({
      assigneeId: 'u-li',
      assignedBy: 'u-wang',
      title: '拜访财务总监',
      dueDate: '2026-11-20',
      kind: 'visit',
      status: 'open',
      createdAt: '2026-11-10T09:00:00+08:00',
    });
    expect(t2).toMatchObject({ dueDate: '2026-11-25', kind: 'call', status: 'open' });
    expect(
      (await store.listAudit({ entity: 'task', actor: 'u-admin' })).map((entry) => entry.action),
    ).toEqual(['task.create', 'task.create']);
    expect(await importFile({ store, kind: 'tasks', path, actor: 'u-admin' })).toMatchObject({
      inserted: 0,
      skipped: 2,
    });
  });

  it('imports JSON lines with English fields, a plan item awaiting review', async () => {
    const path = join(folder, 'tasks.jsonl');
    await writeFile(
      path,
      `${JSON.stringify({ id: 'P1', accountId: 'A1', assignee: 'u-li', assignedBy: 'u-li', title: 'Planned visit', due: '2026-11-18', week: '2026-11-16' })}\n`,
    );
    expect(await importFile({ store, kind: 'tasks', path, actor: 'u-admin' })).toMatchObject({ inserted: 1 });
    expect((await store.listTasks())[0]).toMatchObject({
      planWeek: '2026-11-16',
      review: { status: 'pending' },
    });
  });

  it('refuses the whole file naming the row and column of a bad cell, storing nothing', async () => {
    const path = join(folder, 'bad.csv');
    await writeFile(
      path,
      `${TASKS_CSV}\r\nT3,A1,u-li,u-wang,拜访,2026-13-01,拜访,\r\nT4,A1,u-li,,拜访,2026-11-30,拜访,\r\nT5,A9,u-li,u-wang,拜访,2026-11-30,拜访,`,
    );
    const error = await importFile({ store, kind: 'tasks', path, actor: 'u-admin' }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(ImportError);
    const problems = (error as ImportError).problems.map((problem) => [problem.row, problem.column]);
    expect(problems).toEqual([
      [4, '截止日期'],
      [5, 'assignedBy'],
      [6, '客户编号'],
    ]);
    expect(await store.listTasks()).toEqual([]);
  });

  it('refuses a task for a user who does not exist or has left, or from an unknown assigner, naming the cell', async () => {
    const path = join(folder, 'people.csv');
    await writeFile(
      path,
      [
        '任务编号,客户编号,执行人,指派人,任务内容,截止日期',
        'T1,A1,u-li,u-wang,拜访财务总监,2026-11-20',
        'T2,A1,u-nobody,u-wang,拜访,2026-11-20',
        'T3,A1,u-gone,u-wang,拜访,2026-11-20',
        'T4,A1,u-li,u-ghost,拜访,2026-11-20',
      ].join('\r\n'),
    );
    const error = await importFile({ store, kind: 'tasks', path, actor: 'u-admin' }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect(
      (error as ImportError).problems.map((problem) => [problem.row, problem.column, problem.value]),
    ).toEqual([
      [3, '执行人', 'u-nobody'],
      [4, '执行人', 'u-gone'],
      [5, '指派人', 'u-ghost'],
    ]);
    expect((error as ImportError).problems[0]!.expected['zh-CN']).toContain('在职用户');
    expect(await store.listTasks()).toEqual([]);
  });
});
