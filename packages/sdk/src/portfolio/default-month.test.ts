import { beforeAll, describe, expect, it } from 'vitest';
import { createChatEngine } from '../chat/engine.js';
import { linkPlatformUser } from '../chat/identity.js';
import { renderReplyText } from '../chat/render-text.js';
import { generatePortfolio } from '../demo/generate-portfolio.js';
import { seedDemoPortfolio } from '../demo/seed-demo.js';
import { isKamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { assertMonthHasData, defaultMonth, lastCompleteMonth, noDataMessage } from './default-month.js';

// Today is 2026-12-05 (Shanghai); the data ends in 2026-10.
const today = new Date('2026-12-05T02:00:00Z');
let store: Store;

beforeAll(async () => {
  store = createMemoryStore({ clock: () => today });
  await seedDemoPortfolio(store, generatePortfolio({ asOf: '2026-10', accounts: 12, months: 4 }));
}, 120_000);

describe('the default month', () => {
  it('is the last complete month with data, not simply the previous calendar month', async () => {
    expect(lastCompleteMonth({ now: today })).toBe('2026-11');
    expect(await defaultMonth(store, { now: today })).toBe('2026-10');
    // Inside the data: the previous calendar month.
    expect(await defaultMonth(store, { today: '2026-10-20' })).toBe('2026-09');
    // The time zone decides the day: 2026-11-30 23:30 UTC is already 1 December in Shanghai.
    expect(lastCompleteMonth({ now: new Date('2026-11-30T23:30:00Z') })).toBe('2026-11');
    expect(lastCompleteMonth({ now: new Date('2026-11-30T23:30:00Z'), timeZone: 'UTC' })).toBe('2026-10');
  });

  it('is the last complete month on a store without data', async () => {
    expect(await defaultMonth(createMemoryStore(), { now: today })).toBe('2026-11');
  });

  it('a month without data is said plainly in both locales', async () => {
    expect(await noDataMessage(store, '2026-10')).toBeUndefined();
    expect(await noDataMessage(store, '2026-11')).toEqual({
      'zh-CN': '2026-11 还没有数据；最近有数据的月份是 2026-10',
      en: 'No data for 2026-11 yet; the latest month with data is 2026-10',
    });
    expect((await noDataMessage(store, '2020-01'))?.en).toBe(
      'No data for 2020-01; the latest month with data is 2026-10',
    );
    expect((await noDataMessage(createMemoryStore(), '2026-11'))?.en).toContain('import some first');
    const error = await assertMonthHasData(store, '2026-11', '--as-of').catch((caught: unknown) => caught);
    expect(isKamError(error) && error.code).toBe('NOT_FOUND');
    expect(isKamError(error) && error.path).toBe('--as-of');
  });
});

describe('the chat engine', () => {
  it('shows the last month with data by default and says when an asked-for month has none', async () => {
    const chat = createChatEngine({ store, now: () => today });
    const platformUser = { platform: 'test', platformUserId: 'ceo' };
    await linkPlatformUser(store, platformUser, 'u-ceo');
    const send = async (text: string) => (await chat.handle({ ...platformUser, text })).replies;

    const [alerts] = await send('预警');
    expect(alerts?.kind).toBe('list');
    expect(renderReplyText(alerts!)).toContain('预警（2026-10）');

    const [portfolio] = await send('报表');
    expect(portfolio?.kind).toBe('portfolio-report');
    expect(portfolio?.kind === 'portfolio-report' && portfolio.analysis.month).toBe('2026-10');

    const [empty] = await send('报表 2026-11');
    expect(empty).toMatchObject({ kind: 'error', code: 'NOT_FOUND' });
    expect(renderReplyText(empty!)).toContain('2026-11 还没有数据；最近有数据的月份是 2026-10');
    const [emptyEn] = await send('report 2026-11');
    expect(renderReplyText(emptyEn!, 'en')).toContain(
      'No data for 2026-11 yet; the latest month with data is 2026-10',
    );
  }, 120_000);
});
