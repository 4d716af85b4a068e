import { beforeEach, describe, expect, it } from 'vitest';
import { seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { type ChatEngine, createChatEngine } from './engine.js';
import { linkPlatformUser } from './identity.js';
import { parseCommand } from './parse-command.js';
import { renderReplyText } from './render-text.js';

const now = () => new Date('2026-10-21T02:00:00Z');
let store: Store;
let chat: ChatEngine;
let counter = 0;

async function as(userId: string) {
  const platformUser = { platform: 'test', platformUserId: `${userId}-${++counter}` };
  await linkPlatformUser(store, platformUser, userId);
  return async (text: string) =>
    (await chat.handle({ ...platformUser, text, messageId: `m-${++counter}` })).replies
      .map((reply) => renderReplyText(reply))
      .join('\n');
}

beforeEach(async () => {
  store = createMemoryStore({ clock: now });
  await seedPortfolio(store);
  chat = createChatEngine({ store, now });
});

describe('tasks in chat', () => {
  it('parses the three commands, glued Chinese included', () => {
    expect(parseCommand('任务')).toEqual({ kind: 'tasks', locale: 'zh-CN' });
    expect(parseCommand('tasks')).toEqual({ kind: 'tasks', locale: 'en' });
    expect(parseCommand('完成任务 t1a2b3c 谈妥续约')).toEqual({
      kind: 'task-done',
      id: 't1a2b3c',
      note: '谈妥续约',
      locale: 'zh-CN',
    });
    expect(parseCommand('done T-1')).toEqual({ kind: 'task-done', id: 'T-1', note: '', locale: 'en' });
    expect(parseCommand('指派东方航空集团 给 李经理 拜访财务总监 2026-10-25')).toMatchObject({
      kind: 'assign',
      text: '东方航空集团 给 李经理 拜访财务总监 2026-10-25',
    });
  });

  it('a manager assigns; it is on the assignee’s task and due lists; done records the interaction', async () => {
    const head = await as(USERS.dh.id);
    const assigned = await head('指派 东方航空集团 给 李经理 拜访财务总监 2026-10-25');
    expect(assigned).toMatch(
      /^已指派任务 (t[0-9a-f]{6}) 给 李经理：东方航空集团 · 拜访财务总监 · 截止 2026-10-25$/u,
    );
    const id = /任务 (t[0-9a-f]{6})/u.exec(assigned)![1]!;
    const english = await head(`assign 华东电网 to u-am2 call about the invoice 2026-10-19`);
    expect(english).toContain('to 赵经理: 华东电网 · call about the invoice · due 2026-10-19');

    const li = await as(USERS.am.id);
    const tasks = await li('任务');
    expect(tasks).toContain('我的任务');
    expect(tasks).toContain(`东方航空集团：任务 ${id}：拜访财务总监（董部长指派）`);
    expect(tasks).toContain('2026-10-25 前完成');
    const due = await li('待办');
    expect(due).toContain(`任务 ${id}：拜访财务总监（董部长指派）`);

    const zhao = await as(USERS.am2.id);
    expect(await zhao('tasks')).toContain('2 days overdue (2026-10-19)');
    // 赵经理 is owner B of the account: he sees the task but only 李经理 completes it.
    expect(await zhao(`done ${id}`)).toContain("Only the task's assignee (u-am) can complete task");
    const west = await as(USERS.amw.id);
    expect(await west(`done ${id}`)).toBe(`⚠ No task found: ${id}`);

    expect(await li(`完成任务 ${id} 谈妥续约`)).toBe(
      `已完成任务 ${id}（东方航空集团：拜访财务总监），已记录一次拜访。`,
    );
    const interaction = (await store.listInteractions({ accountIds: ['A-own'] })).find(
      (row) => row.id === `task:${id}`,
    );
    expect(interaction).toMatchObject({ userId: USERS.am.id, kind: 'visit', note: '谈妥续约' });
    expect(await li('任务')).toContain('没有待完成的任务。');
  });

  it('an account manager may not assign; a bad line explains the grammar', async () => {
    const li = await as(USERS.am.id);
    expect(await li('指派 东方航空集团 给 赵经理 拜访 2026-10-25')).toMatch(/无权|FORBIDDEN|不能/u);
    const head = await as(USERS.dh.id);
    expect(await head('指派 东方航空集团 给 李经理 拜访')).toContain(
      '格式：指派 ‹客户› 给 ‹用户› ‹内容› ‹日期›，日期写作 2026-11-20',
    );
    expect(await store.listTasks()).toEqual([]);
  });
});
