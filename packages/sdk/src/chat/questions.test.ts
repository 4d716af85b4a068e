import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../cli/demo.js';
import { CONTACT_ROLE_LABELS, RELATIONSHIP_STAGE_LABELS } from '../domain/contact.js';
import { createReview360Engine, type Review360Engine } from '../review360/engine.js';
import { competencyModelPreset, relationWeightsPreset } from '../review360/presets.js';
import { createMemoryReviewRepository } from '../review360/repository.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { type ChatEngine, createChatEngine } from './engine.js';
import { linkPlatformUser } from './identity.js';
import { parseCommand } from './parse-command.js';
import { quoteTyped } from './questions.js';
import { renderReplyText } from './render-text.js';
import type { Reply } from './replies.js';

let clock = new Date('2026-11-05T02:00:00Z');
const now = () => clock;
let store: Store;
let review360: Review360Engine;
let chat: ChatEngine;
let counter = 0;

async function as(userId: string) {
  const platformUser = { platform: 'test', platformUserId: `${userId}-${++counter}` };
  await linkPlatformUser(store, platformUser, userId);
  return async (text: string) =>
    (await chat.handle({ ...platformUser, text, messageId: `q-${++counter}` })).replies;
}

/** The answer without the "refreshing" note. */
function answer(replies: Reply[]): Reply {
  return replies[0]!;
}

beforeAll(async () => {
  store = createMemoryStore({ clock: now });
  await runDemo({ store, locale: 'zh-CN', asOf: '2026-10', write: () => undefined });
  const repository = createMemoryReviewRepository({ now });
  review360 = createReview360Engine({ repository, store, now });
  chat = createChatEngine({ store, review: { engine: review360, repository }, asOf: () => '2026-10', now });
}, 120_000);

describe('the questions people ask', () => {
  it('answers who owns an account, in the ways people ask, with the owners A and B by name', async () => {
    const account = (await store.listAccounts({ ids: ['acc-0007'] }))[0]!;
    const ownerA = (await store.getUser(account.ownerA!))!.name;
    const send = await as('u-am-11');
    for (const text of [
      '谁负责华瑞化工',
      '华瑞化工的客户经理是谁？',
      '华瑞化工 负责人是谁',
      'who owns 华瑞化工?',
    ]) {
      const reply = answer(await send(text));
      expect(reply.kind).toBe('text');
      expect(renderReplyText(reply)).toContain(ownerA);
    }
    expect(renderReplyText(answer(await send('谁负责华瑞化工')))).toMatch(/^华瑞化工 的客户经理：A 角 /u);
    expect(renderReplyText(answer(await send('who owns 华瑞化工')))).toMatch(
      /^华瑞化工 is owned by .+ \(A\)/u,
    );
    // Without an account: the question is recognised and the account asked for.
    expect(renderReplyText(answer(await send('客户经理是谁？')))).toMatch(/^你是想问客户经理是谁吗？/u);
  });

  it('lists the contacts with role and relationship stage, decision makers first, in one language', async () => {
    const contacts = await store.listContacts('acc-0007');
    expect(contacts.length).toBeGreaterThan(0);
    const send = await as('u-am-11');
    const zh = answer(await send('华瑞化工的联系人'));
    expect(zh.kind).toBe('list');
    const text = renderReplyText(zh);
    for (const contact of contacts) {
      expect(text).toContain(contact.name);
      expect(text).toContain(
        `${CONTACT_ROLE_LABELS[contact.role]}，关系阶段 ${RELATIONSHIP_STAGE_LABELS[contact.stage]}`,
      );
    }
    expect(text).not.toMatch(/[a-z]{3,}/u);
    const en = renderReplyText(answer(await send('contacts of 华瑞化工')));
    expect(en).toMatch(/relationship stage (acquaintance|interest|trust|alliance)/u);
    expect(en).not.toMatch(/决策人|关键人|内线|向导|认识|兴趣|信赖|同盟/u);
    if (contacts.some((contact) => contact.role === 'decision-maker'))
      expect((zh as Extract<Reply, { kind: 'list' }>).entries[0]!.label['zh-CN']).toContain('决策人');
  });

  it('shows a contact’s birthday by its day only, never the year of birth', async () => {
    const [contact] = await store.listContacts('acc-0007');
    await store.putContact({ ...contact!, birthday: '1968-09-12' }, { actor: 'u-am-11' });
    const send = await as('u-am-11');
    const zh = renderReplyText(answer(await send('华瑞化工的联系人')));
    expect(zh).toContain(`${contact!.name}`);
    expect(zh).toContain('，生日 09-12');
    expect(renderReplyText(answer(await send('contacts of 华瑞化工')))).toContain(', birthday 09-12');
    expect(zh).not.toContain('1968');
  });

  it('answers the last and next contact from the stored card, kinds in words', async () => {
    const send = await as('u-am-11');
    const zh = renderReplyText(answer(await send('华瑞化工 上次联系')));
    const row = await store.results.getAccountMonth('2026-10', 'acc-0007');
    expect(renderReplyText(answer(await send('上次联系 华瑞化工')))).toBe(zh);
    const last = row!.card.lastContact;
    expect(last).not.toBeNull();
    expect(zh).toContain(`上次联系：${last!.date}，${last!.by.name}`);
    expect(zh).not.toMatch(/visit|call|meeting/u);
    const en = renderReplyText(answer(await send('last contact with 华瑞化工')));
    expect(en).toMatch(/^华瑞化工\nLast contact: /u);
    if (row!.card.nextContact?.status === 'overdue') expect(en).toMatch(/\(overdue by \d+ days?\)/u);
  });

  it('answers a foreign account exactly like a missing one, for every question', async () => {
    const send = await as('u-am-11');
    for (const [hidden, missing] of [
      ['谁负责嘉新能源', '谁负责不存在的公司'],
      ['嘉新能源的联系人', '不存在的公司的联系人'],
      ['嘉新能源 上次联系', '不存在的公司 上次联系'],
    ] as const) {
      const a = JSON.stringify(await send(hidden)).replaceAll('嘉新能源', 'X');
      const b = JSON.stringify(await send(missing)).replaceAll('不存在的公司', 'X');
      expect(a).toBe(b);
      expect(a).toContain('NOT_FOUND');
    }
  });
});

describe('forgiving dialogs', () => {
  it('keeps what was typed in a not-found reply, and never echoes a long paste', async () => {
    const send = await as('u-am-11');
    expect(renderReplyText(answer(await send('status Nonexistent Holdings')))).toContain(
      'No account found: Nonexistent Holdings',
    );
    const paste = '这是一段很长的粘贴内容，'.repeat(400);
    const replies = await send(paste);
    expect(replies).toHaveLength(1);
    const text = renderReplyText(replies[0]!);
    expect(text.length).toBeLessThan(80);
    expect(text).toContain('…');
  });

  it('quotes at most 30 characters of anything, whole when short', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const quoted = quoteTyped(text);
        const chars = [...text];
        if (chars.length <= 30) expect(quoted).toBe(text);
        else {
          expect([...quoted]).toHaveLength(31);
          expect(quoted.endsWith('…')).toBe(true);
          expect(text.startsWith(quoted.slice(0, -1))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads account questions with any account name, whatever comes around it', () => {
    const name = fc.stringMatching(/^[\u4e00-\u9fa5A-Za-z][\u4e00-\u9fa5A-Za-z0-9]{0,11}$/u);
    fc.assert(
      fc.property(name, fc.constantFrom('', '？', '?', '。'), (account, end) => {
        expect(parseCommand(`谁负责${account}${end}`)).toEqual({
          kind: 'owner',
          query: account,
          locale: 'zh-CN',
        });
        expect(parseCommand(`${account}的联系人${end}`)).toMatchObject({ kind: 'contacts', query: account });
        expect(parseCommand(`上次联系 「${account}」${end}`)).toMatchObject({
          kind: 'contact-dates',
          query: account,
        });
        expect(parseCommand(`contacts of ${account}${end}`)).toMatchObject({
          kind: 'contacts',
          query: account,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('submits on 确认提交 at the confirm step, and answers a late 提交 with 已提交', async () => {
    const admin = (await store.getUser('u-sysadmin'))!;
    clock = new Date('2026-11-02T02:00:00Z');
    await review360.createCycle(
      {
        id: 'c-late',
        name: '2026 下半年 360',
        period: '2026-H2',
        modelId: 'dcfin-27',
        weights: relationWeightsPreset('annual-review'),
        aggregation: { method: 'mean' },
        schedule: {
          nominationStarts: '2026-11-01',
          ratingStarts: '2026-11-03',
          ratingEnds: '2026-11-30',
          publishOn: '2026-12-05',
        },
        subjects: [
          {
            kind: 'staff',
            id: 's-wu',
            name: '吴娜静',
            userId: 'u-am-12',
            supervisorId: 'u-head-1',
            departmentHeadId: 'u-head-1',
          },
        ],
      },
      admin,
    );
    await review360.transition('c-late', 'nominating', admin);
    await review360.addRater(
      'c-late',
      's-wu',
      { name: 'u-am-13', contact: 'u-am-13@kamkit.example', relation: 'peer', userId: 'u-am-13' },
      admin,
    );
    clock = new Date('2026-11-05T02:00:00Z');
    await review360.transition('c-late', 'open', admin);
    const send = await as('u-am-13');
    const items = competencyModelPreset('dcfin-27').dimensions.flatMap((dimension) => dimension.items);
    expect(answer(await send('评价')).kind).toBe('review-item');
    let last: Reply[] = [];
    for (let index = 0; index < items.length; index++) last = await send('4');
    expect(answer(last).kind).toBe('confirmation');
    expect(renderReplyText(answer(await send('确认提交')))).toContain('已提交对 吴娜静 的评价');
    const late = renderReplyText(answer(await send('提交')));
    expect(late).toMatch(/^已提交/u);
    expect(late).not.toContain('submit');
    expect(renderReplyText(answer(await send('ok')))).toMatch(/^Already submitted: your review of 吴娜静/u);
  }, 120_000);
});
