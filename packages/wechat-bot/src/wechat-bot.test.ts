import {
  type ChatEngine,
  competencyModelPreset,
  createChatEngine,
  createMemoryReviewRepository,
  createMemoryStore,
  createReview360Engine,
  defaultPolicies,
  generatePortfolio,
  issueBindingCode,
  linkedUserId,
  linkPlatformUser,
  type Review360Engine,
  type ReviewRepository,
  relationWeightsPreset,
  renderReplyText,
  runPortfolio,
  type Store,
  utf8Bytes as utf8Length,
} from '@kamkit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { types, WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createWechatBot, WECHAT_PLATFORM, type WechatBot } from './wechat-bot.js';

let clock = new Date('2026-11-05T02:00:00Z');
const now = () => clock;

/** A message the bot sent, as the mock puppet saw it. */
interface Sent {
  to: string;
  text: string;
}

let store: Store;
let repository: ReviewRepository;
let review360: Review360Engine;
let mocker: mock.Mocker;
let puppet: PuppetMock;
let bot: WechatBot;
let botContact: mock.ContactMock;
let yang: mock.ContactMock;
let ceo: mock.ContactMock;
let stranger: mock.ContactMock;
let room: mock.RoomMock;
let quietRoom: mock.RoomMock;
/** Everything the bot sent, in order. */
const outbox: Sent[] = [];
/** Incoming (not self) messages that reached Wechaty listeners. */
let received = 0;
/** WeChat's time stamps of the messages the tests send: one second apart, like a person typing. */
let sentAt = new Date('2026-11-05T02:00:00Z').getTime();
let messageCounter = 0;
const sleeps: number[] = [];

/** Seed the demo portfolio (as `kamkit demo` does) and run the engine for its last three months. */
async function seedDemo(target: Store) {
  const portfolio = generatePortfolio({ asOf: '2026-10' });
  await target.transaction(async (tx) => {
    const meta = { actor: 'demo', reason: 'demo portfolio' };
    for (const user of portfolio.users) await tx.putUser(user, meta);
    for (const account of portfolio.accounts) await tx.putAccount(account, meta);
    for (const contact of portfolio.contacts) await tx.putContact(contact, meta);
    await tx.insertTransactions(portfolio.transactions);
    await tx.insertInteractions(portfolio.interactions);
  });
  for (const month of ['2026-08', '2026-09', '2026-10'])
    await runPortfolio({ store: target, policies: defaultPolicies(), asOf: month, actor: 'demo' });
}

/**
 * Have `from` send `text` to a contact or a room, with an explicit message id
 * and WeChat time stamp, and wait until the bot answered (or ignored) it.
 */
async function say(
  from: mock.ContactMock,
  text: string,
  options: {
    to?: mock.ContactMock | mock.RoomMock;
    mention?: boolean;
    id?: string;
    at?: number;
    type?: types.Message;
  } = {},
): Promise<Sent[]> {
  const to = options.to ?? botContact;
  const id = options.id ?? `msg-${++messageCounter}`;
  const at = options.at ?? sentAt + 1000;
  // The next message without a time is sent a second after the latest one.
  sentAt = Math.max(sentAt, at);
  const isRoom = to instanceof mocker.RoomMock;
  if (!mocker.cacheMessagePayload.has(id)) {
    mocker.MessageMock.create({
      id,
      talkerId: from.id,
      timestamp: at,
      type: options.type ?? types.Message.Text,
      text: isRoom && options.mention !== false ? `@KAMkit ${text}` : text,
      ...(isRoom
        ? { roomId: to.id, mentionIdList: options.mention === false ? [] : [botContact.id] }
        : { listenerId: to.id }),
    });
  }
  const before = outbox.length;
  const expected = received + 1;
  puppet.emit('message', { messageId: id });
  await waitFor(() => received >= expected);
  await bot.idle();
  return outbox.slice(before);
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the bot');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The text a contact receives from the bot, all parts joined. */
function textOf(sent: Sent[]): string {
  return sent.map((message) => message.text).join('\n');
}

/** The SDK's own rendering of a command's replies, for a user, through a separate engine. */
async function expectedReply(engine: ChatEngine, userId: string, text: string): Promise<string> {
  const platformUser = { platform: 'reference', platformUserId: userId };
  await linkPlatformUser(store, platformUser, userId);
  const { replies } = await engine.handle({ ...platformUser, text });
  return replies.map((reply) => renderReplyText(reply)).join('\n');
}

beforeAll(async () => {
  store = createMemoryStore({ clock: now });
  await seedDemo(store);
  repository = createMemoryReviewRepository({ now });
  review360 = createReview360Engine({ repository, store, now });

  mocker = new mock.Mocker();
  puppet = new PuppetMock({ mocker });
  const wechaty = WechatyBuilder.build({ puppet });
  botContact = mocker.createContact({ id: 'wxid_kamkit', name: 'KAMkit' });
  yang = mocker.createContact({ id: 'wxid_yang', name: '杨军芳' });
  ceo = mocker.createContact({ id: 'wxid_ceo', name: '总经理' });
  stranger = mocker.createContact({ id: 'wxid_stranger', name: '陌生人' });
  room = mocker.createRoom({
    id: 'north@chatroom',
    topic: '华北事业部',
    memberIdList: [botContact.id, yang.id, ceo.id, stranger.id],
  });
  quietRoom = mocker.createRoom({
    id: 'quiet@chatroom',
    topic: '闲聊',
    memberIdList: [botContact.id, yang.id],
  });
  puppet.on('message', ({ messageId }) => {
    const payload = mocker.messagePayload(messageId);
    if (payload.talkerId === botContact.id)
      outbox.push({ to: payload.roomId ?? payload.listenerId ?? '', text: payload.text ?? '' });
  });

  bot = createWechatBot({
    wechaty,
    store,
    review: { engine: review360, repository },
    asOf: () => '2026-10',
    now,
    sendIntervalMs: 1_500,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  // Registered after the bot: when this counts a message, the bot has taken it in.
  wechaty.on('message', (message) => {
    if (!message.self()) received += 1;
  });
  await wechaty.start();
  mocker.login(botContact);
  await waitFor(() => wechaty.isLoggedIn);
}, 120_000);

afterAll(async () => {
  await bot?.stop({ drainMs: 1_000 });
  await puppet?.stop();
});

describe('binding', () => {
  it('answers an unlinked contact only with how to bind, then links it by its contact id', async () => {
    const before = await say(yang, '查询 华瑞化工');
    expect(before).toEqual([{ to: yang.id, text: expect.stringContaining('尚未绑定') }]);
    expect(textOf(before)).toContain('绑定 ‹绑定码›');
    expect(textOf(await say(yang, 'help'))).toContain('bind ‹code›');

    expect(textOf(await say(yang, '绑定 WRONGCODE'))).toContain('绑定码无效');
    const code = await issueBindingCode(store, 'u-am-11', { now });
    expect(textOf(await say(yang, `绑定 ${code}`))).toContain('绑定成功');
    expect(await linkedUserId(store, { platform: WECHAT_PLATFORM, platformUserId: yang.id })).toBe('u-am-11');
    // The code works once.
    expect(textOf(await say(stranger, `绑定 ${code}`))).toContain('绑定码无效');
    const ceoCode = await issueBindingCode(store, 'u-ceo', { now });
    expect(textOf(await say(ceo, `bind ${ceoCode}`))).toContain('Linked');
  });
});

describe('commands in a private chat', () => {
  let reference: ChatEngine;
  beforeAll(() => {
    reference = createChatEngine({ store, asOf: () => '2026-10', now });
  });

  it('shows an account status card as the SDK renders it, in Chinese or English', async () => {
    const card = await say(yang, '查询 华瑞化工');
    expect(card).toHaveLength(1);
    expect(card[0]!.to).toBe(yang.id);
    expect(card[0]!.text).toBe(await expectedReply(reference, 'u-am-11', '查询 华瑞化工'));
    expect(card[0]!.text).toContain('■ 华瑞化工');
    const english = await say(yang, 'status 华瑞化工');
    expect(textOf(english)).toBe(await expectedReply(reference, 'u-am-11', 'status 华瑞化工'));
    // An account she may not see reads like one that does not exist.
    expect(textOf(await say(yang, '查询 嘉新能源'))).toBe('⚠ 未找到客户：嘉新能源');
  });

  it('lists the due actions', async () => {
    const due = await say(yang, '待办');
    expect(textOf(due)).toBe(await expectedReply(reference, 'u-am-11', '待办'));
    expect(textOf(due)).toMatch(/^待办（\d{4}-\d{2}-\d{2}）\n逾期 \d+ 项/u);
  });

  it('paces the replies: every send after the first waits for the interval', () => {
    expect(sleeps.length).toBeGreaterThan(0);
    expect(sleeps.every((ms) => ms > 0 && ms <= 1_500)).toBe(true);
  });
});

describe('a 360° review in a private chat', () => {
  const model = competencyModelPreset('dcfin-27');

  it('takes all 27 items with an invalid answer re-asked, confirms, and stores one submission on a double submit', async () => {
    const admin = (await store.getUser('u-sysadmin'))!;
    clock = new Date('2026-11-02T02:00:00Z');
    await review360.createCycle(
      {
        id: 'c-wechat',
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
    await review360.transition('c-wechat', 'nominating', admin);
    await review360.addRater(
      'c-wechat',
      's-wu',
      { name: '杨军芳', contact: 'u-am-11@kamkit.example', relation: 'peer', userId: 'u-am-11' },
      admin,
    );
    clock = new Date('2026-11-05T02:00:00Z');
    await review360.transition('c-wechat', 'open', admin);

    const first = textOf(await say(yang, '评价'));
    expect(first).toContain('吴娜静 · 1/27（已答 0）');
    expect(first).toContain(model.dimensions[0]!.items[0]!.text['zh-CN']);
    expect(first).toContain('上一题 · 跳过 · 保存 · 提交');

    const invalid = textOf(await say(yang, '9'));
    expect(invalid).toContain('请输入 1–5 之间的整数');
    expect(invalid).toContain('吴娜静 · 1/27（已答 0）');

    // The same answer twice within one second is two answers, not a duplicate: the second answers item 2.
    const second = sentAt + 1000;
    expect(textOf(await say(yang, '4', { at: second }))).toContain('2/27（已答 1）');
    expect(textOf(await say(yang, '4', { at: second }))).toContain('3/27（已答 2）');
    expect(textOf(await say(yang, '上一题'))).toContain('2/27');
    expect(textOf(await say(yang, '5'))).toContain('3/27（已答 2）');
    expect(textOf(await say(yang, '保存'))).toContain('已保存草稿（2/27）');

    let last = '';
    for (let item = 3; item <= 27; item++) last = textOf(await say(yang, '3'));
    expect(last).toContain('27 题已全部作答');
    expect(last).toContain('确认 / 取消');
    expect(textOf(await say(yang, '确认'))).toContain('已提交对 吴娜静 的评价');
    const [submitted] = await repository.listSubmissions('c-wechat', { status: 'submitted' });
    // A second confirm and a second submit store nothing new.
    await say(yang, '确认');
    await say(yang, '提交');
    const submissions = await repository.listSubmissions('c-wechat');
    expect(submissions).toHaveLength(1);
    expect(submissions[0]!.status).toBe('submitted');
    expect(submissions[0]!.version).toBe(submitted!.version);
    expect(Object.keys(submissions[0]!.answers)).toHaveLength(27);
    const itemIds = model.dimensions.flatMap((dimension) => dimension.items.map((item) => item.id));
    expect(submissions[0]!.answers[itemIds[0]!]).toBe(4);
    expect(submissions[0]!.answers[itemIds[1]!]).toBe(5);
    expect(textOf(await say(yang, '评价'))).toContain('没有待完成的评价');
  });
});

describe('rooms', () => {
  it('answers @mentions only, and subscribes the room to reports', async () => {
    expect(await say(yang, '查询 华瑞化工', { to: room, mention: false })).toEqual([]);
    const mentioned = await say(yang, '查询 华瑞化工', { to: room });
    expect(mentioned).toHaveLength(1);
    expect(mentioned[0]!.to).toBe(room.id);
    expect(mentioned[0]!.text).toContain('■ 华瑞化工');

    // An unlinked member cannot subscribe: he is told how to bind.
    expect(textOf(await say(stranger, '订阅 报表', { to: room }))).toContain('尚未绑定');
    expect(await bot.subscriptions.list('report')).toEqual([]);

    // Everyone in the room would see the portfolio report: only a whole-portfolio reader may subscribe it.
    expect(textOf(await say(yang, '订阅 报表', { to: room }))).toContain('只有可查看全部客户的用户');
    expect(await say(ceo, '订阅 报表', { to: room })).toEqual([
      {
        to: room.id,
        text: '已订阅报表，定时报表将发到本群；群内所有人看到的范围与订阅人 u-ceo 的权限相同。',
      },
    ]);
    expect(textOf(await say(ceo, '订阅 报表', { to: room }))).toBe('本群已订阅报表。');
    expect(textOf(await say(ceo, 'subscribe alerts', { to: room }))).toBe(
      'Subscribed: scheduled alerts will be sent to this room; everyone here sees what u-ceo may see.',
    );
    expect(textOf(await say(yang, '订阅', { to: room }))).toBe('本群已订阅：报表、预警');
    const subscribed = await bot.subscriptions.list('report');
    expect(subscribed).toMatchObject([{ roomId: room.id, topic: 'report', by: 'u-ceo' }]);
    expect((await store.listAudit({ action: 'wechat.subscribe' })).map((entry) => entry.entityId)).toEqual([
      room.id,
      room.id,
    ]);
  });

  it('delivers a scheduled report to the subscribed rooms once, split under 2,048 bytes', async () => {
    const reference = createChatEngine({ store, asOf: () => '2026-10', now });
    // The monthly report with the alerts and due actions behind it, as a scheduler would send them.
    const parts = [];
    for (const command of ['报表', '预警', '待办'])
      parts.push(await expectedReply(reference, 'u-ceo', command));
    const report = parts.join('\n\n');
    expect(report).toContain('2026-10');
    expect(utf8Length(report)).toBeGreaterThan(2048);

    const before = outbox.length;
    const delivered = await bot.broadcast('report', report, { deliveryId: 'portfolio:2026-10' });
    await bot.idle();
    const sent = outbox.slice(before);
    expect(delivered.map((entry) => entry.roomId)).toEqual([room.id]);
    expect(delivered[0]!.outcomes.every((outcome) => outcome === 'sent')).toBe(true);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((message) => message.to === room.id && utf8Length(message.text) < 2048)).toBe(true);
    expect(sent.map((message) => message.text.replace(/\s+/gu, '')).join('')).toBe(
      report.replace(/\s+/gu, ''),
    );
    expect(sent.some((message) => message.to === quietRoom.id)).toBe(false);

    // The scheduler retries the same delivery: nothing is sent twice.
    expect(await bot.broadcast('report', report, { deliveryId: 'portfolio:2026-10' })).toEqual([]);

    // After 退订 the room gets no more reports.
    expect(textOf(await say(yang, '退订 报表', { to: room }))).toBe('已退订报表。');
    expect(await bot.broadcast('report', '下月报表', { deliveryId: 'portfolio:2026-11' })).toEqual([]);
    // deliver() sends to one room directly.
    expect(await bot.deliver(quietRoom.id, '预警：嘉远食品收入连续 3 期下降')).toEqual(['sent']);
    await bot.idle();
    expect(outbox.at(-1)).toEqual({ to: quietRoom.id, text: '预警：嘉远食品收入连续 3 期下降' });
  });

  it('keeps a unit’s monthly narrative out of the room: written and shown in a private chat only', async () => {
    expect(textOf(await say(yang, '下月计划：走访全部白金客户'))).toContain(
      '已保存下月工作计划（华北事业部 · 2026-10）',
    );
    expect(await say(yang, '本月总结', { to: room })).toEqual([
      { to: room.id, text: '⚠ 单位月度小结只在私聊中查看和填写，请私聊我再发一次。' },
    ]);
    expect(await say(yang, '做得好的：群里写的', { to: room })).toEqual([
      { to: room.id, text: '⚠ 单位月度小结只在私聊中查看和填写，请私聊我再发一次。' },
    ]);
    const shown = textOf(await say(yang, '本月总结'));
    expect(shown).toContain('下月工作计划：走访全部白金客户');
    expect(shown).toContain('做得好的：尚未填写');
  });

  it('sends the review dialog privately when it is started in a room', async () => {
    const sent = await say(yang, '评价', { to: room });
    // Nothing pending any more, but the turn is a review turn: the room gets a note, the rater the reply.
    expect(sent).toEqual([
      { to: room.id, text: '360 度评价在私聊中进行，已私信发给你。' },
      { to: yang.id, text: '没有待完成的评价。' },
    ]);
    // The room was told once; the next review turn from the room goes private without a second notice.
    expect(await say(yang, '评价', { to: room })).toEqual([{ to: yang.id, text: '没有待完成的评价。' }]);
  });
});

describe('messages that are not text', () => {
  it('answers an image or a voice message in a private chat with a short help, once per message', async () => {
    for (const type of [types.Message.Image, types.Message.Audio, types.Message.Emoticon]) {
      const id = `non-text-${type}`;
      expect(await say(yang, '', { type, id })).toEqual([
        { to: yang.id, text: '我只能读文字消息。发送 帮助 查看可用命令。' },
      ]);
      expect(await say(yang, '', { type, id, at: sentAt })).toEqual([]);
    }
  });

  it('ignores them in a room', async () => {
    expect(await say(yang, '', { type: types.Message.Image, to: room, mention: false })).toEqual([]);
  });
});

describe('duplicates', () => {
  it('answers a message delivered twice under the same id once', async () => {
    const first = await say(yang, '预警', { id: 'dup-1' });
    expect(first).toHaveLength(1);
    expect(await say(yang, '预警', { id: 'dup-1', at: sentAt })).toEqual([]);
  });

  it('answers a message delivered again under the same id once, even hours later', async () => {
    const at = sentAt + 1000;
    expect((await say(ceo, '帮助', { id: 'replay-1', at })).length).toBeGreaterThan(0);
    clock = new Date(clock.getTime() + 3 * 3600 * 1000);
    expect(await say(ceo, '帮助', { id: 'replay-1', at })).toEqual([]);
  });

  it('answers the same text sent twice within one second under two ids twice', async () => {
    const at = sentAt + 1000;
    const first = await say(yang, '预警', { id: 'twice-a', at });
    expect(first).toHaveLength(1);
    expect(await say(yang, '预警', { id: 'twice-b', at })).toEqual(first);
  });

  it('ignores a message dated before the bot logged in (history replayed after a restart)', async () => {
    const login = new Date('2026-11-05T02:00:00Z').getTime();
    expect(await say(yang, '预警', { id: 'history-1', at: login - 60_000 })).toEqual([]);
    expect(await say(yang, '帮助', { to: room, id: 'history-2', at: login - 1 })).toEqual([]);
    // Sent in the second of the login (WeChat dates to the second): new.
    expect((await say(ceo, '帮助', { id: 'login-second', at: login + 500 })).length).toBeGreaterThan(0);
  });
});

describe('stop', () => {
  it('answers nothing once stopped', async () => {
    await bot.stop({ drainMs: 1_000 });
    expect(await say(yang, '帮助')).toEqual([]);
    expect(await bot.deliver(room.id, '停止后不再发送')).toEqual(['stopped']);
  });
});
