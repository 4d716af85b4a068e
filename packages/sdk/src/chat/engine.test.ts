import { beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../cli/demo.js';
import type { User } from '../domain/user.js';
import { defaultPolicies } from '../portfolio/policies.js';
import { agendasOn } from '../refresh/agendas-on.js';
import { refreshMonth } from '../refresh/refresh-month.js';
import { loadReportSource, type ReportSource } from '../reports/data/source.js';
import { createReview360Engine, type Review360Engine } from '../review360/engine.js';
import { competencyModelPreset, relationWeightsPreset } from '../review360/presets.js';
import { createMemoryReviewRepository, type ReviewRepository } from '../review360/repository.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { type ChatEngine, createChatEngine, type IncomingMessage } from './engine.js';
import { issueBindingCode, linkPlatformUser } from './identity.js';
import { renderReplyText } from './render-text.js';
import type { Reply } from './replies.js';

let clock = new Date('2026-11-05T02:00:00Z');
const now = () => clock;
let store: Store;
let source: ReportSource;
let repository: ReviewRepository;
let review360: Review360Engine;
let chat: ChatEngine;
let messageCounter = 0;

/** Link a test chat user to a KAMkit user and return a sender for it. */
async function as(userId: string, chatUser = `${userId}-${++messageCounter}`) {
  const platformUser = { platform: 'test', platformUserId: chatUser };
  await linkPlatformUser(store, platformUser, userId);
  return async (text: string, extra: Partial<IncomingMessage> = {}) =>
    (await chat.handle({ ...platformUser, text, messageId: `m-${++messageCounter}`, ...extra })).replies;
}

/** The answer, followed at most by the note that the month's stored results are refreshing. */
function answerOf(replies: Reply[]): Reply {
  for (const note of replies.slice(1)) {
    expect(note.kind).toBe('text');
    expect(renderReplyText(note)).toMatch(/正在更新|refreshing/u);
  }
  expect(replies.length).toBeLessThanOrEqual(2);
  return replies[0]!;
}

function only(replies: Reply[]): Reply {
  expect(replies).toHaveLength(1);
  return replies[0]!;
}

function expectKind<K extends Reply['kind']>(reply: Reply, kind: K): Extract<Reply, { kind: K }> {
  expect(reply.kind).toBe(kind);
  return reply as Extract<Reply, { kind: K }>;
}

beforeAll(async () => {
  store = createMemoryStore({ clock: now });
  await runDemo({ store, locale: 'zh-CN', asOf: '2026-10', write: () => undefined });
  source = await loadReportSource({ store, asOf: '2026-10' });
  repository = createMemoryReviewRepository({ now });
  review360 = createReview360Engine({ repository, store, now });
  chat = createChatEngine({
    store,
    review: { engine: review360, repository },
    asOf: () => '2026-10',
    now,
    sourceTtlMs: 3_600_000,
  });
}, 60_000);

describe('account commands', () => {
  it('shows the status card by full name, short name, alias, spacing and full-width forms', async () => {
    const send = await as('u-am-11');
    for (const text of [
      '查询 河北华瑞化工股份有限公司',
      '查询 华瑞化工',
      'status 华瑞化工',
      '查询　华 瑞 化 工',
      '查询 ＡＣＣ－０００７',
    ]) {
      const card = expectKind(only(await send(text)), 'account-card').card;
      expect(card.accountId).toBe('acc-0007');
    }
    const group = expectKind(only(await send('查询 华能源')), 'account-card');
    expect(group.card.accountId).toBe('acc-group');
    // The card carries the SDK's own figures.
    const expected = source.run.tiers[source.run.context.indexOf('acc-group')!]!;
    expect(group.card.tier.label).toEqual(expected.label);
    expect(group.locale).toBe('zh-CN');
    expect(renderReplyText(group)).toContain('华能源集团');
  });

  it('asks which account when several match, then takes the number', async () => {
    const send = await as('u-ceo');
    const question = expectKind(only(await send('查询 嘉新')), 'question');
    const labels = question.options.map((option) => option.label['zh-CN']);
    const pharma = labels.findIndex((label) => label.includes('嘉新医药'));
    expect(pharma).toBeGreaterThanOrEqual(0);
    expect(labels.some((label) => label.includes('嘉新能源'))).toBe(true);
    expect(renderReplyText(question)).toMatch(/^有 \d+ 个客户与「嘉新」相符/u);
    const outOfRange = await send(String(question.options.length + 1));
    expect(outOfRange[0]!.kind).toBe('error');
    const card = expectKind(only(await send(String(pharma + 1))), 'account-card').card;
    expect(card.name).toBe('嘉新医药');
    // The question is answered: the same number now means nothing.
    expect(expectKind(only(await send('1')), 'text').text.en).toContain('did not understand');
  });

  it('takes an account name on its own, or "how is it doing", as a status question', async () => {
    const send = await as('u-am-11');
    for (const text of ['华瑞化工', '华瑞化工？', '华瑞化工怎么样', "how's 华瑞化工 doing?"])
      expect(expectKind(answerOf(await send(text)), 'account-card').card.accountId).toBe('acc-0007');
    // Not an account she may see, nor any text: not understood, naming nothing.
    expect(expectKind(only(await send('嘉新能源')), 'text').text['zh-CN']).toMatch(/^没听懂/u);
    expect(expectKind(only(await send('你好')), 'text').text['zh-CN']).toMatch(/^没听懂/u);
  });

  it('lists the own accounts that moved most this month, largest change in money first', async () => {
    const send = await as('u-am-11');
    const list = expectKind(answerOf(await send('我的客户本月变化最大的是哪些？')), 'list');
    expect(list.title['zh-CN']).toBe('2026-10 收入变化最大的客户（环比）');
    const owned = new Set(
      (await store.listAccounts())
        .filter((account) => account.ownerA === 'u-am-11' || account.ownerB === 'u-am-11')
        .map((account) => account.id),
    );
    expect(list.entries.length).toBeGreaterThan(0);
    expect(list.entries.every((entry) => owned.has(entry.accountId!))).toBe(true);
    const moves = list.entries.map((entry) => {
      const [from, to] = (entry.detail!.en.match(/¥[\d,.]+/gu) ?? []).map((text) =>
        Number(text.replace(/[¥,]/gu, '')),
      );
      return Math.abs(to! - from!);
    });
    expect(moves).toEqual([...moves].sort((a, b) => b - a));
    expect(renderReplyText(list)).toMatch(/→ .*，(增加|减少) ¥/u);
    const english = expectKind(answerOf(await send('movers')), 'list');
    expect(english.entries.map((entry) => entry.accountId)).toEqual(
      list.entries.map((entry) => entry.accountId),
    );
  });

  it('answers an account the user may not see exactly like one that does not exist', async () => {
    const send = await as('u-am-11');
    // 嘉新能源 belongs to 华东事业部; u-am-11 is an account manager in 华北事业部.
    const hidden = only(await send('查询 嘉新能源'));
    const missing = only(await send('查询 不存在的公司'));
    expect(hidden.kind).toBe('error');
    expect(JSON.stringify(hidden).replaceAll('嘉新能源', 'X')).toBe(
      JSON.stringify(missing).replaceAll('不存在的公司', 'X'),
    );
    // The ambiguity question never hints at hidden accounts either.
    const tier = only(await send('分级 嘉新'));
    expect(JSON.stringify(tier).replaceAll('嘉新', 'X')).toBe(
      JSON.stringify(missing).replaceAll('不存在的公司', 'X'),
    );
  });

  it('gives the tier with its reason and upgrade path, and the account report', async () => {
    const send = await as('u-am-11');
    const tier = expectKind(only(await send('tier 华瑞化工')), 'tier');
    const assignment = source.run.tiers[source.run.context.indexOf('acc-0007')!]!;
    expect(tier.tier.why).toEqual(assignment.explanation.text);
    expect(tier.locale).toBe('en');
    const report = expectKind(only(await send('报表 华瑞化工 2026-Q3')), 'account-report').report;
    expect(report.period).toBe('2026-Q3');
    expect(report.accountId).toBe('acc-0007');
  });

  it('gives the portfolio analysis to those who see the whole portfolio, and asks others which account', async () => {
    const ceo = await as('u-ceo');
    const analysis = expectKind(only(await ceo('报表')), 'portfolio-report').analysis;
    expect(analysis.month).toBe('2026-10');
    expect(analysis.accounts).toBe(source.run.accounts.length);
    const manager = await as('u-am-11');
    expect(only(await manager('report')).kind).toBe('question');
  });
});

describe('the status card and why', () => {
  it('reads at a glance: tier and gap, revenue with MoM and YoY, sparkline, next action marked overdue, owners and key contact', async () => {
    const send = await as('u-am-11');
    const reply = expectKind(answerOf(await send('查询 华瑞化工')), 'account-card');
    const card = reply.card;
    expect(card.trend.revenueFen).toHaveLength(12);
    expect(card.trend.sparkline).toMatch(/^[▁▂▃▄▅▆▇█]{12}$/u);
    const zh = renderReplyText(reply, 'zh-CN');
    const en = renderReplyText(reply, 'en');
    const lines = zh.split('\n');
    expect(lines[1]).toBe(card.tier.headline['zh-CN']);
    expect(lines[1]).toMatch(/^.+ · (距.+还差 ¥|已是最高级|升至)/u);
    expect(zh).toMatch(/收入 ¥[\d,.万亿]+，环比 [^，]+，同比 /u);
    expect(en).toMatch(/MoM .+, YoY /u);
    expect(zh).toContain(card.trend.sparkline);
    expect(zh).toMatch(/客户经理: A .+ \/ B /u);
    expect(zh).toMatch(/关键联系人: .+（决策人/u);
    expect(zh).toContain('为什么');
    // The clock is 2026-11-05 (Asia/Shanghai): a next action due earlier is marked overdue, never shown as upcoming.
    if (card.nextAction && card.nextAction.date < '2026-11-05') {
      expect(card.nextAction.daysOverdue).toBeGreaterThan(0);
      expect(zh).toContain(`逾期 ${card.nextAction.daysOverdue} 天`);
      expect(en).toMatch(/overdue by \d+ days?/u);
    }
    // The rule trace is behind 为什么 / why.
    expect(zh).not.toContain('门槛');
    const why = expectKind(answerOf(await send('为什么 华瑞化工')), 'tier');
    expect(renderReplyText(why)).toMatch(/依据: .+\n升级路径: .+\n贡献值: /u);
    expect(expectKind(answerOf(await send('why 华瑞化工')), 'tier').locale).toBe('en');
  });

  it('words interaction kinds and roles in Chinese on a Chinese card', async () => {
    const send = await as('u-am-11');
    for (const name of ['华瑞化工', '华能源']) {
      const zh = renderReplyText(answerOf(await send(`查询 ${name}`)));
      expect(zh).not.toMatch(/\b(visit|call|email|profile-update|decision-maker)\b/u);
    }
  });
});

/** Words of Latin letters a Chinese reply may contain: product names and ids. */
const ALLOWED_LATIN = new Set(['kamkit', 'slack', 'wechat', 'vip', 'kpi', 'id', 'acc', 'q', 'h', 'utc']);

/**
 * The English words in zh-CN texts: runs of two or more Latin letters that are
 * neither product names ({@link ALLOWED_LATIN}) nor user data (`userData`,
 * lower case: account names and ids, names typed by users).
 */
function englishWordsIn(texts: readonly string[], userData: ReadonlySet<string>): string[] {
  const words = texts
    .flatMap((text) => text.match(/[A-Za-z]{2,}/gu) ?? [])
    .map((word) => word.toLowerCase())
    .filter((word) => !ALLOWED_LATIN.has(word) && !userData.has(word));
  return [...new Set(words)];
}

/** The lower-case Latin words of the accounts' names and ids: user data, allowed in a Chinese reply. */
function accountWords(accounts: readonly { id: string; name: string; shortName?: string | null }[]) {
  const words = new Set<string>();
  for (const account of accounts) {
    words.add(account.id.toLowerCase());
    for (const word of `${account.id} ${account.name} ${account.shortName ?? ''}`.match(/[a-z]+/giu) ?? [])
      words.add(word.toLowerCase());
  }
  return words;
}

describe('no English in Chinese replies', () => {
  it('walks card, why, questions, movers, due list, tier, alerts, help and errors in zh-CN and finds only product names and user data', async () => {
    const send = await as('u-am-11');
    const accounts = await store.listAccounts({ ownerId: 'u-am-11' });
    const texts: string[] = [];
    for (const message of [
      '查询 华瑞化工',
      '为什么 华瑞化工',
      '分级 华瑞化工',
      '华瑞化工的客户经理是谁？',
      '华瑞化工的联系人',
      '华瑞化工 上次联系',
      '我的客户本月变化最大的是哪些？',
      '待办',
      '待办 逾期',
      '更多',
      '待办 华瑞化工',
      '预警',
      '解释预警 1 报价 竞争对手降价',
      '解释预警 1 天气',
      '解释预警 999 报价',
      '报表 华瑞化工',
      '报表',
      '帮助',
      '查询 不存在的公司',
      '查询 海',
      '1',
      '更多',
      '经理是谁',
      '你好',
    ])
      for (const reply of await send(message)) texts.push(renderReplyText(reply, 'zh-CN'));
    for (const account of accounts.slice(0, 10))
      for (const reply of await send(`查询 ${account.id}`)) texts.push(renderReplyText(reply, 'zh-CN'));
    expect(englishWordsIn(texts, accountWords(accounts))).toEqual([]);
  });
});

describe('the sender’s time zone', () => {
  it('dates the due list in the zone the channel passes, the organisation’s by default or for an unknown zone', async () => {
    const send = await as('u-am-11');
    const saved = clock;
    // 07:30 UTC: 23:30 on 4 November in Los Angeles, 15:30 on 5 November in Shanghai.
    clock = new Date('2026-11-05T07:30:00Z');
    try {
      const titleIn = async (timeZone?: string) =>
        expectKind(answerOf(await send('待办', timeZone ? { timeZone } : {})), 'due-list').title['zh-CN'];
      expect(await titleIn('America/Los_Angeles')).toBe('待办（2026-11-04）');
      expect(await titleIn('Asia/Shanghai')).toBe('待办（2026-11-05）');
      expect(await titleIn()).toBe('待办（2026-11-05）');
      expect(await titleIn('Mars/Olympus_Mons')).toBe('待办（2026-11-05）');
    } finally {
      clock = saved;
    }
  });
});

describe('rights in reports', () => {
  it('grants the portfolio analysis by permission, not by how many accounts are visible', async () => {
    // A one-division store: the division head sees every account of it, yet is no portfolio reader.
    const small = createMemoryStore({ clock: now });
    const head = (await store.getUser('u-head-1'))!;
    await small.putUser(head, { actor: 'test' });
    for (const account of await store.listAccounts({ division: head.division! }))
      await small.putAccount(account, { actor: 'test' });
    const chatOfDivision = createChatEngine({ store: small, asOf: () => '2026-10', now, sourceTtlMs: 0 });
    const platformUser = { platform: 'test', platformUserId: 'head-only' };
    await linkPlatformUser(small, platformUser, head.id);
    expect((await small.listAccounts()).length).toBe(await small.countAccounts());
    const replies = (await chatOfDivision.handle({ ...platformUser, text: '报表', messageId: 'm-head-only' }))
      .replies;
    expect(only(replies).kind).not.toBe('portfolio-report');
  });

  it('averages peers only over the accounts the reader may see', async () => {
    const send = await as('u-am-11');
    const report = expectKind(only(await send('报表 华瑞化工 2026-Q3')), 'account-report').report;
    const visible = new Set((await store.listAccounts({ ownerId: 'u-am-11' })).map((account) => account.id));
    const { buildAccountReport } = await import('../reports/data/account-report.js');
    const mine = buildAccountReport(source, 'acc-0007', { period: '2026-Q3', peerIds: visible });
    const everyone = buildAccountReport(source, 'acc-0007', { period: '2026-Q3' });
    expect(report.peers).toEqual(mine.peers);
    expect(everyone.peers).not.toEqual(mine.peers);
  });
});

describe('lists', () => {
  it("lists the user's due actions by urgency and account, pages with 更多, filters overdue and one account", async () => {
    const send = await as('u-am-11');
    const first = expectKind(answerOf(await send('待办')), 'due-list');
    expect(first.groups.length).toBeGreaterThan(0);
    const visible = new Set((await store.listAccounts({ ownerId: 'u-am-11' })).map((account) => account.id));
    const order = ['overdue', 'week', 'later'];
    let previous = -1;
    const seen: string[] = [];
    for (const group of first.groups) {
      expect(order.indexOf(group.urgency)).toBeGreaterThan(previous);
      previous = order.indexOf(group.urgency);
      for (const account of group.accounts) {
        if (account.accountId) expect(visible.has(account.accountId)).toBe(true);
        // One line per kind of action: no line repeats within an account.
        const texts = account.lines.map((line) => line['zh-CN']);
        expect(new Set(texts).size).toBe(texts.length);
        seen.push(...texts.map((text) => `${account.accountId}:${text}`));
      }
    }
    const text = renderReplyText(first);
    expect(text).not.toMatch(/仅 0 次|已完成 0 次/u);
    if (first.more > 0) {
      expect(text).toContain('发送「更多」继续');
      const second = expectKind(answerOf(await send('更多')), 'due-list');
      // The next page continues where the first stopped: nothing shown twice.
      for (const group of second.groups)
        for (const account of group.accounts)
          for (const line of account.lines)
            expect(seen).not.toContain(`${account.accountId}:${line['zh-CN']}`);
    }
    const overdue = expectKind(answerOf(await send('待办 逾期')), 'due-list');
    for (const group of overdue.groups) expect(group.urgency).toBe('overdue');
    const en = expectKind(answerOf(await send('due overdue')), 'due-list');
    expect(en.title.en).toMatch(/^Overdue actions/u);
    const one = expectKind(answerOf(await send('待办 华瑞化工')), 'due-list');
    for (const group of one.groups)
      for (const account of group.accounts) expect(account.accountId).toBe('acc-0007');
    expect(one.title['zh-CN']).toContain('华瑞化工');
    // Hidden accounts read as missing here too.
    expect(only(await send('待办 嘉新能源')).kind).toBe('error');
  });

  it('answers 更多 without a list plainly', async () => {
    const send = await as('u-am-11');
    expect(renderReplyText(only(await send('更多')))).toContain('没有可以继续的列表');
  });

  it('lists alerts only on accounts the user may see', async () => {
    const ceo = expectKind(only(await (await as('u-ceo'))('预警')), 'list');
    expect(ceo.entries.length + ceo.more).toBe(source.run.alerts.length);
    const mine = expectKind(only(await (await as('u-am-11'))('alerts')), 'list');
    const visible = new Set((await store.listAccounts({ ownerId: 'u-am-11' })).map((account) => account.id));
    expect(mine.entries.length + mine.more).toBe(
      source.run.alerts.filter((alert) => visible.has(alert.accountId)).length,
    );
    expect(mine.locale).toBe('en');
  });

  it('records the cause of an alert by its number in the list, shows it in the list, and refuses a cause off the policy list', async () => {
    const send = await as('u-am-11');
    const before = expectKind(only(await send('预警')), 'list');
    expect(before.entries.length).toBeGreaterThan(0);
    const first = before.entries[0]!;
    const reply = only(await send('解释预警 1 报价 竞争对手降价 15%'));
    expect(renderReplyText(reply)).toContain('已说明原因 · 报价 · 竞争对手降价 15%');
    const stored = await store.listAlerts({ accountIds: [first.accountId!], status: 'explained' });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ cause: 'price', note: '竞争对手降价 15%', updatedBy: 'u-am-11' });
    const audit = await store.listAudit({ entity: 'alert', entityId: stored[0]!.id });
    expect(audit.map((entry) => entry.action)).toContain('alert.explain');
    const after = expectKind(only(await send('预警')), 'list');
    expect(after.entries[0]!.detail?.['zh-CN']).toBe('已说明原因 · 报价 · 竞争对手降价 15%');

    const english = only(await send('explain alert 1 Service Late deliveries in October'));
    expect(renderReplyText(english)).toContain('explained · service · Late deliveries in October');
    const bad = expectKind(only(await send('解释预警 1 天气')), 'error');
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message['zh-CN']).toContain('员工');
    const range = expectKind(only(await send('解释预警 999 报价')), 'error');
    expect(range.message.en).toContain('Reply with a number from 1 to');
  });

  it('lists open complaints on visible accounts with their deadline and escalation (投诉 / complaints)', async () => {
    const [owned] = await store.listAccounts({ ownerId: 'u-am-11' });
    await store.putComplaint(
      {
        id: 'Q-301',
        accountId: owned!.id,
        channel: 'phone',
        summary: '发票开错',
        receivedAt: '2026-10-20T02:00:00Z',
        type: 'billing',
      },
      { actor: 'u-am-11' },
    );
    const mine = expectKind(only(await (await as('u-am-11'))('投诉')), 'list');
    const entry = mine.entries.find((item) => item.label['zh-CN'].includes('发票开错'))!;
    expect(entry.label['zh-CN']).toContain('价格与结算');
    // Standard policy: billing answered within 5 days (by 25 October); on 5 November it is 11 days late.
    expect(entry.detail!['zh-CN']).toBe('已逾期 11 天；应升级至部门经理');
    const english = expectKind(only(await (await as('u-am-11'))('complaints')), 'list');
    expect(
      english.entries.some((item) => item.detail?.en === '11 days overdue; escalate to department manager'),
    ).toBe(true);
    const other = expectKind(only(await (await as('u-am-21'))('投诉')), 'list');
    expect(other.entries.some((item) => item.label['zh-CN'].includes('发票开错'))).toBe(false);
  });

  it("lists contracts by account (合同 / contracts) and puts a lapsed one on the owner's due list only", async () => {
    // An account of theirs without a contract in the demo.
    const contracted = new Set((await store.listContracts()).map((contract) => contract.accountId));
    const owned = (await store.listAccounts({ ownerId: 'u-am-11' })).find(
      (account) => !contracted.has(account.id),
    );
    await store.putContract(
      {
        id: 'K-chat-1',
        accountId: owned!.id,
        title: '年度框架协议',
        parties: [owned!.name, '我方'],
        type: 'framework',
        scope: 'national',
        startDate: '2024-01-01',
        endDate: '2024-12-31',
        committedFen: 100_000_00,
        actualFen: 80_000_00,
      },
      { actor: 'u-am-11' },
    );
    const send = await as('u-am-11');
    const list = expectKind(only(await send(`合同 ${owned!.name}`)), 'list');
    expect(list.entries).toHaveLength(1);
    expect(list.entries[0]!.label['zh-CN']).toContain('年度框架协议（框架协议，全国）');
    expect(list.entries[0]!.label['zh-CN']).toContain('80%');
    const english = expectKind(only(await send('contracts')), 'list');
    expect(english.entries.some((entry) => entry.label.en.includes('expired, not renewed'))).toBe(true);
    const due = expectKind(answerOf(await send(`待办 ${owned!.name}`)), 'due-list');
    // Ended 2024-12-31, not renewed: 674 days overdue on the clock's 5 November 2026, in the overdue group.
    const overdue = due.groups.find((group) => group.urgency === 'overdue');
    const lines = overdue?.accounts.flatMap((account) => account.lines.map((line) => line['zh-CN'])) ?? [];
    expect(lines).toContain('续签合同 年度框架协议 · 逾期 674 天');
    const other = await as('u-am-21');
    const theirs = expectKind(only(await other('合同')), 'list');
    expect(JSON.stringify(theirs.entries)).not.toContain('年度框架协议');
    const hidden = expectKind(only(await other(`合同 ${owned!.name}`)), 'error');
    expect(hidden.code).toBe('NOT_FOUND');
    const dueOther = expectKind(answerOf(await other('待办')), 'due-list');
    expect(JSON.stringify(dueOther.groups)).not.toContain('年度框架协议');
  });

  it('satisfaction: records a response in question order (满意度 ‹客户› 5 4 5), shows the index, and the status card carries it', async () => {
    const owned = await store.listAccounts({ ownerId: 'u-am-11' });
    const surveyed = new Set((await store.listSurveyResponses()).map((row) => row.accountId));
    const account = owned.find((candidate) => !surveyed.has(candidate.id))!;
    const send = await as('u-am-11');
    const recorded = expectKind(only(await send(`满意度 ${account.name} 5 4 5`)), 'text');
    // (2·100 + 75 + 100) / 4 = 93.75 → 93.8
    expect(recorded.text['zh-CN']).toContain('总体满意度 5，服务质量 4，问题与投诉的响应 5），得分 93.8');
    expect(recorded.text['zh-CN']).toContain('当前满意度 93.8（1 份问卷）');
    const [stored] = await store.listSurveyResponses({ accountIds: [account.id] });
    expect(stored).toMatchObject({ channel: 'chat', recordedBy: 'u-am-11', surveyId: 'standard' });
    const audit = await store.listAudit({ entity: 'survey-response', entityId: stored!.id });
    expect(audit.map((entry) => `${entry.action} ${entry.actor}`)).toEqual([
      'survey-response.create u-am-11',
    ]);
    const shown = expectKind(only(await send(`satisfaction ${account.name}`)), 'list');
    expect(shown.entries[0]!.label.en).toContain('satisfaction 93.8 (1 response, latest 2026-11-05)');
    expect(shown.entries[1]!.label.en).toBe(
      '2026-11-05 · chat · overall=5 service=4 response=5 · score 93.8',
    );
    expect(renderReplyText(shown)).toContain('to record: satisfaction <account> <1> <2> <3> <4> <5>');
    const card = expectKind(answerOf(await send(`查询 ${account.name}`)), 'account-card').card;
    expect(card.satisfaction?.['zh-CN']).toBe('满意度 93.8（1 份问卷，最近 2026-11-05）');
    expect(renderReplyText({ kind: 'account-card', card, locale: 'en' })).toContain(
      'Satisfaction 93.8 (1 response, latest 2026-11-05)',
    );
    const offScale = expectKind(only(await send(`满意度 ${account.name} 9`)), 'error');
    expect(offScale.code).toBe('INVALID_INPUT');
    expect(offScale.message['zh-CN']).toContain('1–5');
    const other = await as('u-am-21');
    const hidden = expectKind(only(await other(`满意度 ${account.name} 5`)), 'error');
    expect(hidden.code).toBe('NOT_FOUND');
    expect(await store.listSurveyResponses({ accountIds: [account.id] })).toHaveLength(1);
  });

  it('explains the commands in both languages', async () => {
    const send = await as('u-am-11');
    const zh = only(await send('帮助'));
    const en = only(await send('help'));
    expect(renderReplyText(zh)).toContain('查询 ‹客户›');
    expect(renderReplyText(en)).toContain('status ‹account›');
    expect(zh.locale).toBe('zh-CN');
    expect(en.locale).toBe('en');
  });
});

describe('identity and idempotency', () => {
  it('tells an unlinked user how to bind and nothing else, then binds with a one-time code', async () => {
    const platformUser = { platform: 'wechat', platformUserId: 'wxid-new' };
    const first = only((await chat.handle({ ...platformUser, text: '查询 华能源' })).replies);
    expect(expectKind(first, 'text').text['zh-CN']).toContain('绑定');
    const code = await issueBindingCode(store, 'u-am-11', { now });
    const bound = await chat.handle({ ...platformUser, text: `绑定 ${code.toLowerCase()}` });
    expect(bound.userId).toBe('u-am-11');
    // Earlier writes to users leave the month's stored results stale: a note may follow the card.
    const card = answerOf((await chat.handle({ ...platformUser, text: '查询 华能源' })).replies);
    expect(card.kind).toBe('account-card');
    // The code is spent.
    const again = await chat.handle({
      platform: 'wechat',
      platformUserId: 'wxid-other',
      text: `bind ${code}`,
    });
    expect(again.userId).toBeNull();
    expect(only(again.replies).kind).toBe('error');
  });

  it('links a verified email, but never an unverified one', async () => {
    const unverified = await chat.handle({
      platform: 'slack',
      platformUserId: 'U-1',
      text: 'help',
      email: 'u-am-12@kamkit.example',
      emailVerified: false,
    });
    expect(unverified.userId).toBeNull();
    const verified = await chat.handle({
      platform: 'slack',
      platformUserId: 'U-1',
      text: 'help',
      email: 'U-AM-12@kamkit.example',
      emailVerified: true,
    });
    expect(verified.userId).toBe('u-am-12');
  });

  it('answers a repeated message id once', async () => {
    const platformUser = { platform: 'test', platformUserId: 'dup-user' };
    await linkPlatformUser(store, platformUser, 'u-am-11');
    const first = await chat.handle({ ...platformUser, text: '待办', messageId: 'evt-42' });
    const second = await chat.handle({ ...platformUser, text: '待办', messageId: 'evt-42' });
    expect(first.replies).toHaveLength(1);
    expect(second).toEqual({ replies: [], duplicate: true, userId: null });
  });
});

describe('360° review dialog', () => {
  const model = competencyModelPreset('dcfin-27');
  const itemIds = model.dimensions.flatMap((dimension) => dimension.items.map((item) => item.id));

  async function openCycle(
    cycleId = 'c-chat',
    raterId = 'u-am-11',
  ): Promise<{ nominationId: string; admin: User }> {
    const admin = (await store.getUser('u-sysadmin'))!;
    clock = new Date('2026-11-02T02:00:00Z');
    await review360.createCycle(
      {
        id: cycleId,
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
    await review360.transition(cycleId, 'nominating', admin);
    const nomination = await review360.addRater(
      cycleId,
      's-wu',
      { name: raterId, contact: `${raterId}@kamkit.example`, relation: 'peer', userId: raterId },
      admin,
    );
    clock = new Date('2026-11-05T02:00:00Z');
    await review360.transition(cycleId, 'open', admin);
    return { nominationId: nomination.id, admin };
  }

  it('takes a 27-item review item by item: invalid answer, back, skip, save and resume, confirm, one submission', async () => {
    const { nominationId } = await openCycle();
    const chatUser = 'review-user';
    let send = await as('u-am-11', chatUser);

    const first = expectKind(only(await send('评价')), 'review-item');
    expect(first.total).toBe(27);
    expect(first.item.number).toBe(1);
    expect(first.item.itemId).toBe(itemIds[0]);
    expect(first.scale.map((step) => step.value)).toEqual([1, 2, 3, 4, 5]);

    // An invalid answer is re-asked with the valid range.
    const invalid = expectKind(only(await send('7')), 'review-item');
    expect(invalid.item.number).toBe(1);
    expect(invalid.problem?.['zh-CN']).toContain('1–5');
    const words = expectKind(only(await send('很好')), 'review-item');
    expect(words.item.number).toBe(1);
    expect(words.problem).not.toBeNull();

    expect(expectKind(only(await send('4')), 'review-item').item.number).toBe(2);
    expect(expectKind(only(await send('５')), 'review-item').item.number).toBe(3);
    // Back to item 2, which shows the answer given.
    const back = expectKind(only(await send('上一题')), 'review-item');
    expect(back.item.number).toBe(2);
    expect(back.item.answer).toBe(5);
    expect(expectKind(only(await send('3')), 'review-item').item.number).toBe(3);
    // Skip item 3.
    expect(expectKind(only(await send('跳过')), 'review-item').item.number).toBe(4);
    for (let number = 4; number <= 10; number++) await send('4');
    // A comment goes to the dimension of the current item.
    const noted = await send('评语 沟通清晰，推进有力');
    expect(expectKind(noted[0]!, 'text').text['zh-CN']).toContain('已记下');
    expect(expectKind(noted[1]!, 'review-item').item.number).toBe(11);
    const saved = await send('保存');
    expect(expectKind(saved[0]!, 'text').text['zh-CN']).toContain('已保存草稿（9/27）');
    const draft = await repository.getSubmission('c-chat', nominationId);
    expect(draft?.status).toBe('draft');
    expect(Object.keys(draft!.answers)).toHaveLength(9);
    expect(Object.values(draft!.comments ?? {})).toEqual(['沟通清晰，推进有力']);

    // Hours later the dialog has expired; the saved draft remains and the review resumes from it.
    clock = new Date(clock.getTime() + 13 * 3600 * 1000);
    send = await as('u-am-11', chatUser);
    const resumed = await send('评价');
    expect(expectKind(resumed[0]!, 'text').text.en).toContain('9 answered');
    const resumedItem = expectKind(resumed[1]!, 'review-item');
    expect(resumedItem.item.number).toBe(3);
    expect(resumedItem.answered).toBe(9);

    // Submitting with items missing names them.
    const early = await send('提交');
    expect(expectKind(early[0]!, 'error').message['zh-CN']).toContain('第 3、11');
    // Answer item 3, then the rest; another replica (a fresh engine on the same store) continues.
    chat = createChatEngine({ store, review: { engine: review360, repository }, asOf: () => '2026-10', now });
    let reply = only(await send('2'));
    while (reply.kind === 'review-item') reply = only(await send('3'));
    const confirm = expectKind(reply, 'confirmation');
    expect(confirm.prompt['zh-CN']).toContain('27 题已全部作答');
    // Cancel returns to the items; submit asks again.
    expect(only(await send('取消')).kind).toBe('review-item');
    expect(only(await send('提交')).kind).toBe('confirmation');
    const done = expectKind(only(await send('确认')), 'text');
    expect(done.text['zh-CN']).toContain('已提交');

    const submissions = await repository.listSubmissions('c-chat', { status: 'submitted' });
    expect(submissions).toHaveLength(1);
    const submission = submissions[0]!;
    expect(Object.keys(submission.answers)).toHaveLength(27);
    expect(submission.answers[itemIds[0]!]).toBe(4);
    expect(submission.answers[itemIds[1]!]).toBe(3);
    expect(submission.answers[itemIds[2]!]).toBe(2);
    expect(Object.values(submission.comments ?? {})).toEqual(['沟通清晰，推进有力']);

    // A second confirm and a second form submit store nothing new.
    expect(only(await send('确认')).kind).toBe('text');
    const twice = await chat.submitReviewForm({
      platform: 'test',
      platformUserId: chatUser,
      nominationId,
      answers: submission.answers,
      comments: submission.comments ?? {},
      action: 'submit',
    });
    expect(expectKind(only(twice), 'text').text.en).toContain('nothing new was stored');
    const after = await repository.listSubmissions('c-chat');
    expect(after).toHaveLength(1);
    expect(after[0]!.version).toBe(submission.version);
    // Nothing is pending any more.
    expect(expectKind(only(await send('review')), 'text').text.en).toContain('No reviews');
  });

  it('gives a form-capable channel the whole review at once and reports form errors with their items', async () => {
    const { nominationId } = await openCycle('c-form', 'u-am-13');
    const platformUser = { platform: 'slack', platformUserId: 'U-form' };
    await linkPlatformUser(store, platformUser, 'u-am-13');
    const form = expectKind(
      only((await chat.handle({ ...platformUser, text: 'review', forms: true })).replies),
      'review-form',
    );
    expect(form.items).toHaveLength(27);
    expect(form.items.every((item) => item.answer === null)).toBe(true);
    const answers = Object.fromEntries(itemIds.map((id) => [id, 4]));
    const bad = await chat.submitReviewForm({
      ...platformUser,
      nominationId,
      answers: { ...answers, [itemIds[5]!]: 9 },
      action: 'submit',
    });
    const error = expectKind(only(bad), 'error');
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message.en).toContain(`answers.${itemIds[5]}`);
    expect(error.issues?.map((issue) => issue.path)).toEqual([`answers.${itemIds[5]}`]);
    expect(await repository.listSubmissions('c-form')).toHaveLength(0);
    await chat.submitReviewForm({ ...platformUser, nominationId, answers, action: 'submit' });
    expect(await repository.listSubmissions('c-form', { status: 'submitted' })).toHaveLength(1);
  });

  it('answers complaints, contracts and the whole review dialog in zh-CN without English words', async () => {
    const rater = 'u-am-14';
    const accounts = await store.listAccounts({ ownerId: rater });
    const [first, second] = accounts;
    await store.putComplaint(
      {
        id: 'Q-101',
        accountId: first!.id,
        channel: 'phone',
        summary: '包裹延误三天',
        receivedAt: '2026-10-28T02:00:00Z',
        type: 'delivery',
      },
      { actor: rater },
    );
    await store.putComplaint(
      {
        id: 'Q-102',
        accountId: first!.id,
        channel: 'online',
        summary: '发票抬头错误',
        receivedAt: '2026-11-04T02:00:00Z',
        type: 'billing',
      },
      { actor: rater },
    );
    await store.putContract(
      {
        id: 'K-words-1',
        accountId: second!.id,
        title: '寄递服务协议',
        parties: [second!.name, '我方'],
        type: 'framework',
        scope: 'national',
        startDate: '2025-12-01',
        endDate: '2026-11-30',
        committedFen: 500_000_00,
        actualFen: 420_000_00,
      },
      { actor: rater },
    );
    await openCycle('c-words', rater);
    const send = await as(rater, 'words-user');
    const texts: string[] = [];
    const say = async (text: string) => {
      const replies = await send(text);
      for (const reply of replies) texts.push(renderReplyText(reply, 'zh-CN'));
      return replies;
    };
    for (const message of ['投诉', '合同', `合同 ${second!.name}`, '待办', '评价', '9', '很好', '4', '4'])
      await say(message);
    await say('评语 沟通及时，方案清楚');
    for (const message of ['跳过', '上一题', '保存', '评价', '提交']) await say(message);
    // Answer the rest, then submit with a synonym, confirm, and a late 提交.
    for (let item = 0; item < itemIds.length; item++) {
      const [reply] = await say('3');
      if (reply?.kind === 'confirmation') break;
    }
    for (const message of ['取消', '提交', '确认提交', '提交', '评价', '确认']) await say(message);
    const all = texts.join('\n');
    // The walk reached every kind of reply it means to check.
    for (const seen of [
      '包裹延误三天',
      '寄递服务协议',
      '吴娜静 · 1/27（已答 0）',
      '请输入 1–5 之间的整数',
      '已保存草稿',
      '27 题已全部作答',
      '已提交对 吴娜静 的评价',
      '已提交：你对 吴娜静 的评价已经提交',
      '没有待完成的评价',
    ])
      expect(all).toContain(seen);
    expect(englishWordsIn(texts, accountWords(accounts))).toEqual([]);
  });
});

describe('frozen users', () => {
  it('are refused everything', async () => {
    const send = await as('u-am-14');
    const user = (await store.getUser('u-am-14'))!;
    await store.putUser({ ...user, status: 'frozen' }, { actor: 'test' });
    const reply = expectKind(only(await send('查询 泰新制造')), 'error');
    expect(reply.code).toBe('FORBIDDEN');
    await store.putUser({ ...user, status: 'active' }, { actor: 'test' });
  });

  it('are refused when the channel passes the user it read for the message', async () => {
    const send = await as('u-am-14');
    const user = (await store.getUser('u-am-14'))!;
    // The first reply is the card (a note that the figures are refreshing may follow: a user was frozen above).
    const card = (await send('查询 泰新制造', { user }))[0]!;
    expect(card.kind).toBe('account-card');
    const frozen = expectKind(
      only(await send('查询 泰新制造', { user: { ...user, status: 'frozen' } })),
      'error',
    );
    expect(frozen.code).toBe('FORBIDDEN');
  });
});

describe("a reader of the whole portfolio's due list", () => {
  it("reads the day's stored agendas; after a visit, shows them with a note while they are computed again off the request", async () => {
    const policies = defaultPolicies();
    // The process's refresh jobs are asked for the stale month; here they only take note, so it stays stale.
    const requested: string[] = [];
    const engine = createChatEngine({
      store,
      asOf: () => '2026-10',
      now,
      refresh: { request: (month) => requested.push(month) },
    });
    const platformUser = { platform: 'test', platformUserId: 'ceo-whole-portfolio' };
    await linkPlatformUser(store, platformUser, 'u-ceo');
    const ceo = async (text: string) =>
      (await engine.handle({ ...platformUser, text, messageId: `m-${++messageCounter}` })).replies;
    await refreshMonth({ store, policies, month: '2026-10' });
    const first = expectKind(only(await ceo('待办')), 'due-list');
    const stored = await store.results.getDayAgendas('2026-10');
    expect(stored?.day).toBe('2026-11-05');
    expect(stored?.dataGeneration).toBe(await store.results.dataGeneration());
    const overdue = first.groups.find((group) => group.urgency === 'overdue');
    const accountId = overdue?.accounts.find((account) => account.accountId !== null)?.accountId;
    expect(accountId).toBeDefined();
    const account = (await store.getAccount(accountId!))!;
    await store.insertInteractions([
      {
        id: 'whole-portfolio-visit',
        accountId: account.id,
        kind: 'visit',
        at: '2026-11-05T01:00:00Z',
        userId: account.ownerA!,
        actorLevel: 'specialist',
      },
    ]);
    // Answered at once from what is stored, with one "as of …; refreshing" note.
    const staleReplies = await ceo('待办');
    expect(staleReplies).toHaveLength(2);
    expect(staleReplies[0]).toEqual(first);
    expect(renderReplyText(staleReplies[1]!)).toMatch(/^截至 .+；正在更新$/u);
    expect(requested).toContain('2026-10');
    // Meanwhile the day's agendas are computed again and stored at the new generation.
    const generation = await store.results.dataGeneration();
    for (
      let waited = 0;
      (await store.results.getDayAgendas('2026-10'))?.dataGeneration !== generation;
      waited++
    ) {
      expect(waited).toBeLessThan(600);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const accountIds = (await store.listAccounts()).map((each) => each.id);
    const { agendas } = await agendasOn({
      store,
      policies,
      month: '2026-10',
      date: '2026-11-05',
      accountIds,
    });
    expect((await store.results.getDayAgendas('2026-10'))?.agendas).toEqual(
      JSON.parse(JSON.stringify(agendas)),
    );
    expectKind(answerOf(await ceo('待办')), 'due-list');
  }, 120_000);
});
