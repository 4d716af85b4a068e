import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { defaultPolicies } from '../portfolio/policies.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { type ChatEngine, createChatEngine, type IncomingMessage } from './engine.js';
import { linkPlatformUser } from './identity.js';
import { parseCommand } from './parse-command.js';
import { parseRelationshipPlanRequest } from './relationship-plan-command.js';
import { renderReplyText } from './render-text.js';
import type { Reply } from './replies.js';

const clock = new Date('2026-01-12T02:00:00Z');
let store: Store;
let chat: ChatEngine;
let counter = 0;

beforeEach(async () => {
  store = createMemoryStore({ clock: () => clock });
  await seedPortfolio(store);
  // 李经理 reports to 董部长.
  const li = await store.getUser(USERS.am.id);
  if (li) await store.putUser({ ...li, supervisorId: USERS.dh.id }, { actor: 'system' });
  chat = createChatEngine({ store, now: () => clock, asOf: () => '2025-12', policies: defaultPolicies() });
});

/** A sender linked to `userId`, in a private chat unless told otherwise. */
async function as(userId: string) {
  const platformUser = { platform: 'test', platformUserId: `${userId}-${++counter}` };
  await linkPlatformUser(store, platformUser, userId);
  return async (text: string, extra: Partial<IncomingMessage> = {}): Promise<string> => {
    const { replies } = await chat.handle({
      ...platformUser,
      text,
      messageId: `m-${++counter}`,
      privateReply: true,
      ...extra,
    });
    expect(replies).toHaveLength(1);
    return renderReplyText(replies[0] as Reply);
  };
}

describe('the relationship plan in chat (关系计划 / relationship plan)', () => {
  it('the owner writes goals and actions and submits; the supervisor returns, then approves it', async () => {
    const li = await as(USERS.am.id);
    expect(await li('关系计划 A-own')).toContain('2026年上半年还没有客户关系发展计划');
    const saved = await li('关系计划 A-own 目标：王总（决策人）从兴趣到信赖');
    expect(saved).toContain('已保存关系目标。');
    expect(saved).toContain('关系目标：王总（决策人）从兴趣到信赖');
    expect(saved).toContain('行动计划：（未填写）');
    await li('关系计划 A-own 行动：每月拜访，三月高层互访');
    expect(await li('提交关系计划 A-own')).toContain('已提交，等待上级审批。');
    const dong = await as(USERS.dh.id);
    expect(await dong('退回关系计划 A-own：请写明财务处的关键人')).toContain('意见：请写明财务处的关键人');
    expect(await li('关系计划 A-own')).toContain('审批：已退回');
    await li('关系计划 A-own 目标：王总（决策人）、李处（关键人）从兴趣到信赖');
    await li('提交关系计划 A-own');
    expect(await dong('批准关系计划 A-own')).toContain('已批准并备案。');
    const [plan] = await store.listRelationshipPlans({ accountIds: ['A-own'] });
    expect(plan).toMatchObject({ status: 'approved', revision: 3, filed: { revision: 3 } });
    const audit = await store.listAudit({ entity: 'relationship-plan', entityId: 'A-own|2026-H1' });
    expect(audit.map((entry) => entry.actor)).toEqual([
      USERS.am.id,
      USERS.am.id,
      USERS.am.id,
      USERS.dh.id,
      USERS.am.id,
      USERS.am.id,
      USERS.dh.id,
    ]);
  });

  it('in English; writes refused in a group chat; a stranger’s account is not found', async () => {
    const li = await as(USERS.am.id);
    const saved = await li('relationship plan A-own progress: met Mr Wang in January');
    expect(saved).toContain('Saved: progress.');
    expect(saved).toContain('Progress: met Mr Wang in January');
    expect(await li('relationship plan A-own goals: x', { privateReply: false })).toContain(
      'private chat only',
    );
    const west = await as(USERS.amw.id);
    expect(await west('relationship plan A-own')).toContain('No account found: A-own');
    // Someone who is not the owner is refused by the store.
    const dong = await as(USERS.dh.id);
    expect(await dong('relationship plan A-own goals: x')).toContain('Only owner A or B of account A-own');
  });
});

describe('reading a relationship plan command', () => {
  it('keeps any section text as written, after the account', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(['目标', 'goals'], ['行动', 'actions'], ['进展', 'progress']),
        fc
          .string({ minLength: 1, maxLength: 40 })
          .filter((text) => text.trim() !== '' && text === text.normalize('NFKC')),
        ([word, section], body) => {
          const parsed = parseRelationshipPlanRequest(`关系计划 东方航空 ${word}：${body}`);
          expect(parsed).toMatchObject({ action: 'write', query: '东方航空', section, text: body.trim() });
        },
      ),
    );
  });

  it('names the action, and leaves other lines alone', () => {
    expect(parseCommand('提交关系计划 东方航空')).toMatchObject({
      kind: 'relationship-plan',
      action: 'submit',
      query: '东方航空',
    });
    expect(parseCommand('return relationship plan A-own: name the key person')).toMatchObject({
      kind: 'relationship-plan',
      action: 'return',
      query: 'A-own',
      text: 'name the key person',
    });
    expect(parseRelationshipPlanRequest('relationship plans are great')).toBeUndefined();
    expect(parseCommand('本月总结').kind).toBe('unit-plan');
  });
});
