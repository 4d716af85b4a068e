import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { defaultPolicies, loadAlertPreset } from '../portfolio/policies.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { type ChatEngine, createChatEngine, type IncomingMessage } from './engine.js';
import { linkPlatformUser } from './identity.js';
import { parseCommand } from './parse-command.js';
import { renderReplyText } from './render-text.js';
import type { Reply } from './replies.js';
import { parseUnitPlanRequest } from './unit-plan-command.js';

let clock = new Date('2026-11-20T02:00:00Z');
let store: Store;
let chat: ChatEngine;
let counter = 0;

beforeEach(async () => {
  clock = new Date('2026-11-20T02:00:00Z');
  store = createMemoryStore({ clock: () => clock });
  await seedPortfolio(store);
  chat = createChatEngine({
    store,
    now: () => clock,
    asOf: () => '2026-10',
    // The postal deadlines: each unit's narrative by the 28th, the division roll-up by the 5th.
    policies: { ...defaultPolicies(), alerts: loadAlertPreset('postal') },
  });
});

/** A sender linked to `userId`, in a private chat unless told otherwise. */
async function as(userId: string) {
  const platformUser = { platform: 'test', platformUserId: `${userId}-${++counter}` };
  await linkPlatformUser(store, platformUser, userId);
  return async (text: string, extra: Partial<IncomingMessage> = {}): Promise<Reply> => {
    const { replies } = await chat.handle({
      ...platformUser,
      text,
      messageId: `m-${++counter}`,
      privateReply: true,
      ...extra,
    });
    expect(replies).toHaveLength(1);
    return replies[0]!;
  };
}

const stored = (division: string, period: string) =>
  store.listUnitPlans({ divisions: [division], periods: [period] });

describe('the unit narrative in chat (本月总结 / unit plan)', () => {
  it('writes what went well and next month’s plan in Chinese, confirms what was stored, and reads it back', async () => {
    const send = await as(USERS.am.id);
    const saved = await send('做得好的：东航协议提前续签，客户满意度回升。');
    expect(saved).toMatchObject({ kind: 'text', locale: 'zh-CN' });
    const text = renderReplyText(saved);
    expect(text).toContain('已保存做得好的（east · 2026-10）');
    expect(text).toContain('做得好的：东航协议提前续签，客户满意度回升。');
    expect(text).toContain('下月工作计划：尚未填写');
    expect(text).toContain('请于 2026-11-28 前填写');
    expect(await stored('east', '2026-10')).toEqual([
      expect.objectContaining({ wentWell: '东航协议提前续签，客户满意度回升。', updatedBy: USERS.am.id }),
    ]);
    const audit = await store.listAudit({ entity: 'unit-plan', entityId: 'east|2026-10' });
    expect(audit.map((entry) => [entry.action, entry.actor, entry.reason])).toEqual([
      ['unit-plan.create', USERS.am.id, 'chat'],
    ]);

    // Another month, named before the colon; a space does for the colon in Chinese.
    await send('下月计划 2026年11月：走访全部白金客户');
    await send('下月工作计划 跟进航司协议续签');
    expect(await stored('east', '2026-11')).toEqual([
      expect.objectContaining({ nextPlan: '走访全部白金客户' }),
    ]);

    const shown = renderReplyText(await send('本月总结'));
    expect(shown).toBe(
      [
        '单位月度小结 · east · 2026-10',
        '做得好的：东航协议提前续签，客户满意度回升。',
        '下月工作计划：跟进航司协议续签',
        '（u-am 于 2026-11-20 10:00 填写）',
      ].join('\n'),
    );
    expect(
      (await store.listAudit({ entity: 'unit-plan', entityId: 'east|2026-10' })).map((entry) => entry.action),
    ).toEqual(['unit-plan.create', 'unit-plan.update']);
  });

  it('works in English, and says how to write a month not written yet', async () => {
    const send = await as(USERS.dh.id);
    const empty = await send('unit plan 2026-08');
    expect(empty.locale).toBe('en');
    expect(renderReplyText(empty)).toBe(
      [
        'Monthly narrative · east · 2026-08',
        'What went well: not yet written',
        'Next month’s plan: not yet written',
        'To write: went well: ‹text› or plan: ‹text› (another month: plan 2026-08: ‹text›); past the division roll-up deadline of 2026-10-05',
      ].join('\n'),
    );
    const saved = renderReplyText(await send('Plan: Visit every Platinum account, then the Gold ones.'));
    expect(saved).toContain('Saved: next month’s plan (east · 2026-10).');
    expect(saved).toContain('Next month’s plan: Visit every Platinum account, then the Gold ones.');
    await send('went well: Renewed the airline agreement early');
    const shown = renderReplyText(await send('unit plan'));
    expect(shown).toContain('What went well: Renewed the airline agreement early');
    expect(shown).toContain('(written by u-dh at 2026-11-20 10:00)');
    expect(shown).not.toContain('To write');
    // The same narrative the division's colleague and the portfolio report read.
    expect(renderReplyText(await (await as(USERS.am.id))('本月总结'))).toContain(
      '下月工作计划：Visit every Platinum account, then the Gold ones.',
    );
  });

  it('refuses a user whose role may not write the narrative, politely and in their language, storing nothing', async () => {
    const send = await as(USERS.gm.id);
    const zh = await send('下月计划：抢功');
    expect(zh).toMatchObject({ kind: 'error', code: 'FORBIDDEN', locale: 'zh-CN' });
    expect(renderReplyText(zh)).toContain('单位月度小结由各单位自己填写，你的角色无权填写');
    const en = await send('unit plan');
    expect(en).toMatchObject({ kind: 'error', code: 'FORBIDDEN', locale: 'en' });
    expect(renderReplyText(en)).toContain('your role may not write one');
    expect(await store.listUnitPlans({ periods: ['2026-10'] })).toEqual([]);
  });

  it('shows nothing of the narrative in a group chat, and writes nothing from one', async () => {
    const send = await as(USERS.am.id);
    await send('做得好的：东航协议提前续签');
    const group = await send('本月总结', { privateReply: false });
    expect(group).toMatchObject({ kind: 'error', code: 'FORBIDDEN' });
    expect(renderReplyText(group)).toBe('⚠ 单位月度小结只在私聊中查看和填写，请私聊我再发一次。');
    const write = await send('下月计划：群里写的计划', { privateReply: false });
    expect(renderReplyText(write)).not.toContain('群里写的计划');
    expect((await stored('east', '2026-10'))[0]?.nextPlan).toBeUndefined();
  });

  it('refuses a text over the schema’s limit naming it, and a month that is no month, storing nothing', async () => {
    const send = await as(USERS.am.id);
    const long = await send(`下月计划：${'访'.repeat(4001)}`);
    expect(long).toMatchObject({ kind: 'error', code: 'INVALID_INPUT' });
    expect(renderReplyText(long)).toContain('下月工作计划太长：最多 4000 个字，这里有 4001 个字。未保存。');
    const english = await send(`went well: ${'x'.repeat(4001)}`);
    expect(renderReplyText(english)).toContain('What went well is too long: at most 4000 characters');
    const month = await send('下月计划 2026-13：走访');
    expect(month).toMatchObject({ kind: 'error', code: 'INVALID_INPUT' });
    expect(renderReplyText(month)).toContain('月份“2026-13”不对');
    expect(await store.listUnitPlans({ divisions: ['east'] })).toHaveLength(1); // the seeded 2026-09 only
    expect(renderReplyText(await send(`下月计划：${'访'.repeat(4000)}`))).toContain('已保存下月工作计划');
  });

  it('is in the help, in both languages', async () => {
    const send = await as(USERS.am.id);
    expect(renderReplyText(await send('帮助'))).toContain('本月总结 [月份]');
    expect(renderReplyText(await send('help'))).toContain('unit plan [month]');
  });
});

describe('parseUnitPlanRequest', () => {
  it('reads the keywords, an optional month and the text as written', () => {
    expect(parseCommand('下月计划 2026-10：走访全部白金客户')).toEqual({
      kind: 'unit-plan',
      field: 'nextPlan',
      period: '2026-10',
      text: '走访全部白金客户',
      locale: 'zh-CN',
    });
    expect(parseCommand('ＵＮＩＴ　ＰＬＡＮ　２０２６－１０')).toMatchObject({
      field: null,
      period: '2026-10',
    });
    expect(parseCommand('本月总结。')).toMatchObject({ kind: 'unit-plan', field: null, text: '' });
    expect(parseCommand("next month's plan: Visit ACME")).toMatchObject({ text: 'Visit ACME', locale: 'en' });
    expect(parseCommand('What went well: Renewed')).toMatchObject({ field: 'wentWell', text: 'Renewed' });
    // Not this command: a question, an English text without a colon, a longer word.
    expect(parseCommand('做得好的是什么').kind).not.toBe('unit-plan');
    expect(parseCommand('plan visit all accounts').kind).not.toBe('unit-plan');
    expect(parseCommand('planet').kind).not.toBe('unit-plan');
    expect(parseCommand('本月总结 华北').kind).not.toBe('unit-plan');
  });

  it('keeps any text after the colon exactly as written, trimmed', () => {
    const character = fc.constantFrom(
      '走',
      '访',
      '客',
      '户',
      '，',
      '。',
      '：',
      ':',
      'A',
      'b',
      ' ',
      '１',
      'ｘ',
      '%',
      '2',
    );
    fc.assert(
      fc.property(
        fc.constantFrom('下月计划：', '做得好的: ', 'plan:', 'went well：', '下月工作计划 2026-10 ：'),
        fc.array(character, { maxLength: 40 }).map((characters) => characters.join('')),
        (keyword, body) => {
          const request = parseUnitPlanRequest(`${keyword}${body}`);
          expect(request?.text).toBe(body.trim());
          expect(request?.field).not.toBeNull();
        },
      ),
    );
  });
});
