import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { defaultPolicies } from '../portfolio/policies.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { parseClaimRequest } from './claim-command.js';
import { type ChatEngine, createChatEngine, type IncomingMessage } from './engine.js';
import { linkPlatformUser } from './identity.js';
import { renderReplyText } from './render-text.js';

let store: Store;
let chat: ChatEngine;
let counter = 0;

beforeEach(async () => {
  store = createMemoryStore({ clock: () => new Date('2026-11-20T02:00:00Z') });
  await seedPortfolio(store);
  chat = createChatEngine({ store, asOf: () => '2026-10', policies: defaultPolicies() });
});

/** A sender linked to `userId`, in a private chat unless told otherwise; returns the reply as text. */
async function as(userId: string) {
  const platformUser = { platform: 'test', platformUserId: `${userId}-${++counter}` };
  await linkPlatformUser(store, platformUser, userId);
  return async (text: string, extra: Partial<IncomingMessage> = {}) => {
    const { replies } = await chat.handle({
      ...platformUser,
      text,
      messageId: `m-${++counter}`,
      privateReply: true,
      ...extra,
    });
    return renderReplyText(replies[0]!);
  };
}

describe('attribution claims in chat (归属申请 / claims)', () => {
  it('west files in Chinese, east’s admin contests in English, HQ keeps the account in Chinese', async () => {
    const west = await as(USERS.dhw.id);
    const filed = await west('归属申请 A-own：合作协议由西区签订');
    expect(filed).toContain('已提交归属申请，待 east 答复');
    const [claim] = await store.listClaims();
    expect(claim).toMatchObject({
      accountId: 'A-own',
      claimantDivision: 'west',
      reason: '合作协议由西区签订',
    });

    const eastAdmin = await as(USERS.da.id);
    expect(await eastAdmin(`contest claim ${claim!.id}: the business happens in the east`)).toContain(
      'Contested; it goes to the level above',
    );
    // The same admin cannot decide the dispute; the answer is in their language.
    expect(await eastAdmin(`decide claim ${claim!.id} keep: mine`)).toContain(
      'Not allowed to decide contested',
    );

    const hq = await as(USERS.gm.id);
    expect(await hq('归属申请')).toContain(`${claim!.id} · [有异议，待上级裁决]`);
    expect(await hq(`裁决 ${claim!.id} 维持：业务发生地在东区`)).toContain(
      '已裁决维持，客户 A-own 仍归属 east',
    );
    expect((await store.getAccount('A-own'))?.division).toBe('east');
    expect((await store.listClaims())[0]?.status).toBe('dismissed');
  });

  it('accepting in chat moves the account; a stranger and a group chat see nothing', async () => {
    const west = await as(USERS.dhw.id);
    await west('归属申请 A-own：合作协议由西区签订');
    const [claim] = await store.listClaims();
    const stranger = await as(USERS.am.id);
    expect(await stranger('归属申请')).toBe('归属申请（共 0 件）');
    expect(await stranger(`接受申请 ${claim!.id}：同意`)).toContain(`未找到归属申请：${claim!.id}`);
    const eastAdmin = await as(USERS.da.id);
    expect(await eastAdmin(`接受申请 ${claim!.id}：核实无误`, { privateReply: false })).toContain(
      '只在私聊中',
    );
    expect((await store.listClaims())[0]?.status).toBe('open');
    expect(await eastAdmin(`接受申请 ${claim!.id}：核实无误`)).toContain('已接受，客户 A-own 已划转至 west');
    expect((await store.getAccount('A-own'))?.division).toBe('west');
  });

  it('parses every form, keeping the id and the text as typed (property)', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,11}$/);
    const text = fc.stringMatching(/^[^\s:：][^:：\n]{0,20}$/).filter((value) => value.trim() === value);
    fc.assert(
      fc.property(id, text, fc.constantFrom('：', ':', ' : '), (claimId, note, colon) => {
        expect(parseClaimRequest(`归属申请 ${claimId}${colon}${note}`)).toEqual({
          kind: 'claim',
          locale: 'zh-CN',
          action: 'file',
          accountId: claimId,
          reason: note,
        });
        expect(parseClaimRequest(`异议 ${claimId}${colon}${note}`)).toMatchObject({
          action: 'contest',
          claimId,
          note,
        });
        expect(parseClaimRequest(`decide claim ${claimId} move${colon}${note}`)).toMatchObject({
          locale: 'en',
          action: 'decide',
          claimId,
          decision: 'move',
          note,
        });
      }),
    );
    expect(parseClaimRequest('归属申请')).toEqual({ kind: 'claim', locale: 'zh-CN', action: 'list' });
    expect(parseClaimRequest('裁决 CL-1 改判：x')).toBeUndefined();
    expect(parseClaimRequest('claim A-own')).toBeUndefined();
  });
});
