import { readFile } from 'node:fs/promises';
import { createKam, type Kam, type TierLine } from '@kamkit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from './data.js';
import { main } from './main.js';
import { type RunningService, startService, USER_HEADER } from './service.js';

describe('HTTP service over the embedded database', () => {
  let kam: Kam;
  let service: RunningService;

  beforeAll(async () => {
    kam = await createKam({ open: { dataDir: 'memory://' } });
    await seed(kam, '2026-10');
    service = await startService({ kam, asOf: '2026-10', port: 0 });
  });
  afterAll(async () => {
    await service?.close();
    await kam?.close();
  });

  const call = async (
    path: string,
    init: { user?: string; method?: string; body?: string; locale?: string } = {},
  ) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.user !== undefined) headers[USER_HEADER] = init.user;
    if (init.locale !== undefined) headers['accept-language'] = init.locale;
    const response = await fetch(`${service.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      type,
      // biome-ignore lint/suspicious/noExplicitAny: a JSON answer whose shape the assertions check
      body: (type.startsWith('application/json') ? await response.json() : await response.text()) as any,
    };
  };

  it("GET /accounts/:id/status answers the account's card to its owner, in the asked language", async () => {
    const answer = await call('/accounts/acme/status', { user: 'u-li', locale: 'zh-CN' });
    expect(answer.status).toBe(200);
    expect(answer.body.card).toMatchObject({
      accountId: 'acme',
      tier: { id: 'platinum' },
      owners: { a: { id: 'u-li', name: '李娜' } },
    });
    expect(answer.body.card.tier.why.en).toContain('¥1,140,000');
    expect(answer.body.text).toContain('客户状态卡：华远科技');
  });

  it('an account outside the caller’s scope reads exactly like a missing one, in the user’s own locale', async () => {
    const hidden = await call('/accounts/acme/status', { user: 'u-he' });
    const missing = await call('/accounts/nobody/status', { user: 'u-he' });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.error.code).toBe('NOT_FOUND');
    expect(hidden.body.error.message.replace('acme', 'X')).toBe(
      missing.body.error.message.replace('nobody', 'X'),
    );
    expect(hidden.body.error.message).toMatch(/未找到/u); // 何伟's locale is zh-CN
  });

  it('refuses requests without a user, and users who do not exist', async () => {
    const anonymous = await call('/accounts/acme/status');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message).toContain(USER_HEADER);
    const stranger = await call('/accounts/acme/status', { user: 'u-nobody', locale: 'en' });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('FORBIDDEN');
  });

  it('GET /reports/portfolio gives the month to group management and refuses a division-scoped admin', async () => {
    const json = await call('/reports/portfolio?period=2026-10', { user: 'u-gm' });
    expect(json.status).toBe(200);
    expect(json.body.kind).toBe('portfolio-analysis');
    const counts = Object.fromEntries(
      (json.body.tiers as TierLine[]).map((line) => [line.tier ?? 'none', line.count]),
    );
    expect(counts).toEqual({ platinum: 1, gold: 1, vip: 2, none: 0 });
    // ¥95,000 + ¥60,000 + ¥30,000 + ¥5,000 in October.
    expect(json.body.revenue.monthFen).toBe(19_000_000);

    const markdown = await call('/reports/portfolio?period=2026-10&format=md', {
      user: 'u-gm',
      locale: 'zh-CN',
    });
    expect(markdown.type).toContain('text/markdown');
    expect(markdown.body).toContain('# 大客户经营分析（2026-10）');

    const refused = await call('/reports/portfolio?period=2026-10', { user: 'u-chen' });
    expect(refused.status).toBe(403);
  });

  it('a bad period is named in the error', async () => {
    const answer = await call('/reports/portfolio?period=2026-13', { user: 'u-gm', locale: 'en' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'period',
      issues: [{ path: 'period', expected: 'expected a month such as 2026-10' }],
    });
  });

  it('POST /transactions validates every row, writes all or nothing, and only where the caller may write', async () => {
    const row = { id: 'antai-2026-11-02', accountId: 'antai', date: '2026-11-02', amountFen: 4_200_000 };
    const before = await kam.store.aggregate({ accountIds: ['antai'], fromMonth: '2026-11' });
    expect(before).toEqual([]);

    const invalid = await call('/transactions', {
      user: 'u-chen',
      method: 'POST',
      locale: 'zh-CN',
      body: JSON.stringify([row, { ...row, id: 'antai-bad', date: '2026-11-31' }]),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.path).toBe('[1].date');
    expect(invalid.body.error.message).toContain('交易无效');
    expect(await kam.store.aggregate({ accountIds: ['antai'], fromMonth: '2026-11' })).toEqual([]);

    const notJson = await call('/transactions', { user: 'u-chen', method: 'POST', body: '{"id":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.path).toBe('body');

    // An account manager may not write transactions at all; a division admin only in their division.
    const manager = await call('/transactions', {
      user: 'u-li',
      method: 'POST',
      body: JSON.stringify({ ...row, id: 'acme-2026-11-02', accountId: 'acme' }),
    });
    expect(manager.status).toBe(403);
    const otherDivision = await call('/transactions', {
      user: 'u-chen',
      method: 'POST',
      body: JSON.stringify({ ...row, id: 'pearl-2026-11-02', accountId: 'pearl' }),
    });
    expect([403, 404]).toContain(otherDivision.status);

    const written = await call('/transactions', {
      user: 'u-chen',
      method: 'POST',
      body: JSON.stringify(row),
    });
    expect(written).toMatchObject({ status: 201, body: { inserted: 1, skipped: 0 } });
    const again = await call('/transactions', {
      user: 'u-chen',
      method: 'POST',
      body: JSON.stringify([row]),
    });
    expect(again.body).toEqual({ inserted: 0, skipped: 1 });
    const after = await kam.store.aggregate({ accountIds: ['antai'], fromMonth: '2026-11' });
    expect(after.reduce((sum, aggregate) => sum + aggregate.revenueFen, 0)).toBe(4_200_000);
  });
});

it('main() walks through the routes as four users', async () => {
  const { text, exchanges } = await main({ open: { kind: 'memory' } });
  expect(exchanges.map((exchange) => exchange.status)).toEqual([200, 404, 200, 403, 400, 403, 400, 201]);
  expect(text).toContain('GET /accounts/acme/status as u-li → 200 华远科技: Platinum');
  expect(text).toContain(
    'POST /transactions as u-chen → 400 INVALID_INPUT: Invalid transactions — [1].amountFen',
  );
});

it('the README shows exactly what main() prints', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const shown = /<!-- output: [^>]*-->\n```text\n([\s\S]*?)\n```/u.exec(readme)?.[1];
  expect(shown).toBe((await main({ open: { kind: 'memory' } })).text.trimEnd());
});
