/**
 * A bot started in December on data that ends in October shows October, and a
 * month with no data is said plainly — never zeros and −100 % alerts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../cli/demo.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { type ChatEngine, createChatEngine } from './engine.js';
import { linkPlatformUser } from './identity.js';
import { renderReplyText } from './render-text.js';

const now = () => new Date('2026-12-05T02:00:00Z');
let store: Store;
let chat: ChatEngine;
let counter = 0;

async function ask(text: string): Promise<string> {
  const { replies } = await chat.handle({
    platform: 'test',
    platformUserId: 'director',
    text,
    messageId: `m-${++counter}`,
  });
  return replies.map((reply) => renderReplyText(reply)).join('\n');
}

beforeAll(async () => {
  store = createMemoryStore({ clock: now });
  await runDemo({ store, locale: 'zh-CN', asOf: '2026-10', write: () => undefined });
  await linkPlatformUser(store, { platform: 'test', platformUserId: 'director' }, 'u-sysadmin');
  // No asOf option: the engine finds the month itself, as both bots do.
  chat = createChatEngine({ store, now });
}, 120_000);

describe('the default month of the chat engine (both bots)', () => {
  it('is the last complete month with data, not the calendar month before today', async () => {
    const account = (await store.listAccounts())[0]!;
    const card = await ask(`查询 ${account.name}`);
    expect(card).toMatch(/2026-10 收入 ¥\d/u);
    expect(card).not.toContain('2026-11 收入');
    expect(card).not.toContain('100.0%');
  });

  it('a month with no data is said plainly, naming the last month that has data', async () => {
    expect(await ask('报表 2026-11')).toContain('2026-11 还没有数据；最近有数据的月份是 2026-10');
  });
});
