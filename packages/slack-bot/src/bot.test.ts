import { createHmac } from 'node:crypto';
import type { AddressInfo, Server } from 'node:net';
import {
  buildReview360Individual,
  competencyModelPreset,
  computeCycleResults,
  createMemoryReviewRepository,
  createMemoryStore,
  createReview360Engine,
  linkPlatformUser,
  type Review360Engine,
  type ReviewRepository,
  relationWeightsPreset,
  type Store,
} from '@kamkit/sdk';
import { type App, type Logger, LogLevel } from '@slack/bolt';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDemo } from '../../sdk/src/cli/demo.js';
import { answersAll, rating, testCycle } from '../../sdk/src/review360/__fixtures__/build.js';
import { createSlackBot } from './bot.js';
import { createSlackMessenger } from './messenger.js';

const SIGNING_SECRET = 'test-signing-secret';
const RESPONSE_URL = 'https://hooks.slack.com/commands/T1/1/response';
/** Slack user ids of the test workspace, and the KAMkit user whose email each profile has. */
const SLACK_USERS: Record<string, { email: string; confirmed: boolean; tz?: string; error?: string }> = {
  'U-AM11': { email: 'U-AM-11@kamkit.example', confirmed: true },
  // Time zones from Slack's profile (users.info → user.tz); the third user's lookup fails (no users:read).
  'U-LA': { email: 'u-am-21@kamkit.example', confirmed: true, tz: 'America/Los_Angeles' },
  'U-SH': { email: 'u-am-22@kamkit.example', confirmed: true, tz: 'Asia/Shanghai' },
  'U-NOSCOPE': { email: 'u-am-23@kamkit.example', confirmed: true, error: 'missing_scope' },
  'U-AM13': { email: 'u-am-13@kamkit.example', confirmed: true },
  'U-CEO': { email: 'ceo@kamkit.example', confirmed: true },
  'U-UNCONFIRMED': { email: 'u-am-12@kamkit.example', confirmed: false },
};

/** One recorded call to Slack: the Web API method (or `response_url`) and its decoded arguments. */
interface SlackCall {
  method: string;
  args: Record<string, unknown>;
}

let calls: SlackCall[] = [];
/** How many 429s `chat.postMessage` answers before succeeding. */
let rateLimitedPosts = 0;
/** When set, `files.getUploadURLExternal` fails with this error (e.g. `missing_scope`). */
let uploadError: string | undefined;
/** The bytes POSTed to each upload URL, by file id. */
let uploads: { fileId: string; bytes: Uint8Array }[] = [];
let fileCounter = 0;
/** Warnings the bot logged. */
let warnings: string[] = [];
/** HTTP statuses the next posts to the response_url are refused with, in order. */
let responseRefusals: number[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (...message: unknown[]) => {
    warnings.push(message.map(String).join(' '));
  },
  error: (...message: unknown[]) => console.error(...message),
  setLevel: () => undefined,
  getLevel: () => LogLevel.WARN,
  setName: () => undefined,
};
const UPLOAD_URL = 'https://files.slack.com/upload/v1';

async function decode(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if ((request.headers.get('content-type') ?? '').includes('application/json'))
    return JSON.parse(text) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    try {
      args[key] = ['blocks', 'view', 'files'].includes(key) ? JSON.parse(value) : value;
    } catch {
      args[key] = value;
    }
  }
  return args;
}

const slack = setupServer(
  http.post('https://slack.com/api/:method', async ({ request, params }) => {
    const method = String(params.method);
    const args = await decode(request);
    calls.push({ method, args });
    switch (method) {
      case 'auth.test':
        return HttpResponse.json({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
      case 'users.info': {
        const profile = SLACK_USERS[String(args.user)];
        if (profile?.error)
          return HttpResponse.json({ ok: false, error: profile.error, needed: 'users:read' });
        return HttpResponse.json({
          ok: true,
          user: {
            id: args.user,
            is_email_confirmed: profile?.confirmed ?? false,
            profile: { email: profile?.email },
            ...(profile?.tz ? { tz: profile.tz } : {}),
          },
        });
      }
      case 'users.lookupByEmail': {
        const found = Object.entries(SLACK_USERS).find(
          ([, profile]) => profile.email.toLowerCase() === String(args.email).toLowerCase(),
        );
        return found
          ? HttpResponse.json({ ok: true, user: { id: found[0] } })
          : HttpResponse.json({ ok: false, error: 'users_not_found' });
      }
      case 'chat.postMessage':
        if (rateLimitedPosts > 0) {
          rateLimitedPosts--;
          return HttpResponse.json(
            { ok: false, error: 'ratelimited' },
            { status: 429, headers: { 'Retry-After': '1' } },
          );
        }
        return HttpResponse.json({ ok: true, channel: args.channel, ts: '1700000000.000100' });
      case 'conversations.open':
        return HttpResponse.json({ ok: true, channel: { id: `D-${String(args.users)}` } });
      case 'files.getUploadURLExternal': {
        if (uploadError)
          return HttpResponse.json({
            ok: false,
            error: uploadError,
            needed: 'files:write',
            provided: 'chat:write',
          });
        const fileId = `F${++fileCounter}`;
        return HttpResponse.json({ ok: true, upload_url: `${UPLOAD_URL}/${fileId}`, file_id: fileId });
      }
      case 'files.completeUploadExternal':
        return HttpResponse.json({ ok: true, files: args.files });
      default:
        return HttpResponse.json({ ok: true });
    }
  }),
  http.post(`${UPLOAD_URL}/:fileId`, async ({ request, params }) => {
    const form = await request.formData();
    for (const value of form.values())
      if (typeof value !== 'string')
        uploads.push({ fileId: String(params.fileId), bytes: new Uint8Array(await value.arrayBuffer()) });
    calls.push({ method: 'upload', args: { fileId: params.fileId } });
    return HttpResponse.text(`OK - ${uploads.at(-1)?.bytes.length ?? 0}`);
  }),
  http.post(RESPONSE_URL, async ({ request }) => {
    const refusal = responseRefusals.shift();
    if (refusal !== undefined) {
      calls.push({ method: 'response_url refused', args: { status: refusal } });
      return HttpResponse.text('refused', { status: refusal });
    }
    calls.push({ method: 'response_url', args: await decode(request) });
    return HttpResponse.json({ ok: true });
  }),
);

let clock = new Date('2026-11-05T02:00:00Z');
const now = () => clock;
let store: Store;
let repository: ReviewRepository;
let review360: Review360Engine;
let app: App;
let url: string;
let counter = 0;

function sign(body: string, timestamp: number): Record<string, string> {
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

/**
 * `fetch` to the running bot, sent again once when the connection it reused
 * was closed under it (the server's keep-alive timeout racing a loaded
 * machine's timers): the request never reached the bot, so it is not a retry
 * Slack would make.
 */
async function send(init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET') throw error;
    return fetch(url, init);
  }
}

/** POST a signed request to the running bot, as Slack does. */
async function post(
  body: string,
  contentType: string,
  options: { ageSeconds?: number; headers?: Record<string, string> } = {},
): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0);
  return send({
    method: 'POST',
    headers: { 'content-type': contentType, ...sign(body, timestamp), ...options.headers },
    body,
  });
}

function slashCommand(user: string, text: string): Promise<Response> {
  const body = new URLSearchParams({
    command: '/kam',
    text,
    user_id: user,
    channel_id: 'C-GENERAL',
    team_id: 'T1',
    trigger_id: `trigger-${++counter}`,
    response_url: RESPONSE_URL,
    token: 'legacy',
  }).toString();
  return post(body, 'application/x-www-form-urlencoded');
}

function interaction(payload: Record<string, unknown>): Promise<Response> {
  return post(
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    'application/x-www-form-urlencoded',
  );
}

function blockAction(user: string, actionId: string, value: string, fromView = false) {
  const ts = `${1700000000 + ++counter}.000200`;
  return interaction({
    type: 'block_actions',
    user: { id: user, team_id: 'T1' },
    team: { id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `trigger-${counter}`,
    ...(fromView
      ? { container: { type: 'view', view_id: 'V-HOME' }, view: { id: 'V-HOME', type: 'home' } }
      : {
          container: { type: 'message', message_ts: '1.1', channel_id: 'C-GENERAL' },
          channel: { id: 'C-GENERAL' },
          message: { ts: '1.1', text: '' },
          response_url: RESPONSE_URL,
        }),
    actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: ts }],
  });
}

function event(
  eventBody: Record<string, unknown>,
  eventId: string,
  options: { ageSeconds?: number; retry?: number } = {},
) {
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: eventBody,
  });
  return post(body, 'application/json', {
    ...(options.ageSeconds === undefined ? {} : { ageSeconds: options.ageSeconds }),
    ...(options.retry === undefined
      ? {}
      : { headers: { 'x-slack-retry-num': String(options.retry), 'x-slack-retry-reason': 'http_timeout' } }),
  });
}

function callsOf(method: string): SlackCall[] {
  return calls.filter((call) => call.method === method);
}

/** Wait until `count` calls of `method` were made (the bot works after its ack). */
async function waitForCalls(method: string, count = 1, timeoutMs = 15_000): Promise<SlackCall[]> {
  const started = Date.now();
  while (callsOf(method).length < count) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for ${count} × ${method}; saw ${calls.map((call) => call.method)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return callsOf(method);
}

function blocksOf(call: SlackCall | undefined): Record<string, unknown>[] {
  return (call?.args.blocks ?? []) as Record<string, unknown>[];
}

function textOf(value: unknown): string {
  return JSON.stringify(value);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

beforeAll(async () => {
  slack.listen({ onUnhandledRequest: 'bypass' });
  store = createMemoryStore({ clock: now });
  await runDemo({ store, locale: 'zh-CN', asOf: '2026-10', write: () => undefined });
  repository = createMemoryReviewRepository({ now });
  review360 = createReview360Engine({ repository, store, now });
  app = createSlackBot({
    store,
    signingSecret: SIGNING_SECRET,
    token: 'xoxb-test',
    review: { engine: review360, repository },
    chat: { asOf: () => '2026-10', sourceTtlMs: 3_600_000 },
    now,
    logger,
    logLevel: LogLevel.WARN,
    clientOptions: { retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 10 } },
    respondRetryDelaysMs: [10, 10, 10],
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
}, 60_000);

afterAll(async () => {
  await app.stop();
  slack.close();
});

beforeEach(() => {
  calls = [];
  rateLimitedPosts = 0;
  responseRefusals = [];
  uploadError = undefined;
  uploads = [];
  warnings = [];
});

describe('/kam slash command', () => {
  it('links by confirmed email, acks at once and answers with the account card in Chinese', async () => {
    const started = Date.now();
    const response = await slashCommand('U-AM11', '查询 华瑞化工');
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const [reply] = await waitForCalls('response_url');
    const blocks = blocksOf(reply);
    expect(reply!.args.response_type).toBe('ephemeral');
    expect(blocks[0]).toMatchObject({ type: 'header' });
    expect(textOf(blocks[0])).toContain('华瑞化工');
    const actions = blocks.find((block) => block.type === 'actions') as {
      elements: { text: { text: string }; value: string; action_id: string }[];
    };
    expect(actions.elements.map((element) => element.text.text)).toEqual([
      '记录电话',
      '记录拜访',
      '查看报表',
      '为什么',
    ]);
    expect(actions.elements.slice(0, 3).every((element) => element.value === 'acc-0007')).toBe(true);
    expect(JSON.parse(actions.elements[3]!.value)).toEqual({ command: 'why', accountId: 'acc-0007' });
    expect(textOf(blocks)).toContain('环比');
    expect(callsOf('users.info')).toHaveLength(1);
    // Linked now: the next command needs no users.info.
    calls = [];
    await slashCommand('U-AM11', 'status 华瑞化工');
    const [english] = await waitForCalls('response_url');
    const labels = (
      blocksOf(english).find((block) => block.type === 'actions') as {
        elements: { text: { text: string } }[];
      }
    ).elements.map((element) => element.text.text);
    expect(labels).toEqual(['Log a call', 'Log a visit', 'Show report', 'Why?']);
    expect(textOf(blocksOf(english))).toContain('MoM');
    expect(callsOf('users.info')).toHaveLength(0);
  });

  it('gives a user without rights to an account the same answer as for a missing account', async () => {
    await slashCommand('U-AM11', '查询 嘉新能源');
    const [hidden] = await waitForCalls('response_url');
    calls = [];
    await slashCommand('U-AM11', '查询 不存在的公司');
    const [missing] = await waitForCalls('response_url');
    expect(textOf(blocksOf(hidden))).toContain(':warning:');
    expect(textOf(hidden!.args).replaceAll('嘉新能源', 'X')).toBe(
      textOf(missing!.args).replaceAll('不存在的公司', 'X'),
    );
  });

  it('never links an unconfirmed email', async () => {
    await slashCommand('U-UNCONFIRMED', '待办');
    const [reply] = await waitForCalls('response_url');
    expect(textOf(reply!.args)).toContain('尚未绑定');
  });

  it('asks which account as buttons and answers the button with the card', async () => {
    await slashCommand('U-CEO', '查询 嘉新');
    const [question] = await waitForCalls('response_url');
    const actions = blocksOf(question).find((block) => block.type === 'actions') as {
      elements: { text: { text: string }; action_id: string; value: string }[];
    };
    const pharma = actions.elements.find((element) => element.text.text.includes('嘉新医药'))!;
    expect(pharma.action_id).toMatch(/^kam_answer:\d$/u);
    calls = [];
    await blockAction('U-CEO', pharma.action_id, pharma.value);
    const [card] = await waitForCalls('response_url');
    expect(blocksOf(card)[0]).toMatchObject({ type: 'header', text: { text: '嘉新医药' } });
  });
});

describe('replies through the response_url', () => {
  it('are posted again when Slack answers 500 or 429, and arrive once', async () => {
    responseRefusals = [500, 429];
    await slashCommand('U-AM11', '查询 华瑞化工');
    const [reply] = await waitForCalls('response_url');
    expect(textOf(blocksOf(reply))).toContain('华瑞化工');
    expect(callsOf('response_url refused')).toHaveLength(2);
    await settle();
    expect(callsOf('response_url')).toHaveLength(1);
    await waitForWarning(/response_url failed \(attempt 2\)/u);
  });

  it('are not posted again when Slack refuses the URL itself (404)', async () => {
    responseRefusals = [404];
    await slashCommand('U-AM11', '查询 华瑞化工');
    await waitForCalls('response_url refused');
    await settle();
    expect(callsOf('response_url refused')).toHaveLength(1);
    expect(callsOf('response_url')).toHaveLength(0);
  });
});

describe('account card buttons (block_actions)', () => {
  it('confirms a logged visit with the day in the organisation’s time zone, not UTC’s', async () => {
    const saved = clock;
    clock = new Date('2026-11-05T17:30:00Z'); // 01:30 on 6 November in Shanghai
    try {
      await blockAction('U-AM11', 'kam_log_visit', 'acc-0007');
      const [done] = await waitForCalls('response_url');
      expect(textOf(done!.args)).toContain('已记录：2026-11-06 与 华瑞化工 的拜访');
    } finally {
      clock = saved;
    }
  });

  it('logs a call through the SDK once, and shows the report', async () => {
    const before = await store.listInteractions({ accountIds: ['acc-0007'] });
    const response = await blockAction('U-AM11', 'kam_log_call', 'acc-0007');
    expect(response.status).toBe(200);
    const [done] = await waitForCalls('response_url');
    expect(textOf(done!.args)).toContain('已记录');
    const after = await store.listInteractions({ accountIds: ['acc-0007'] });
    expect(after.length).toBe(before.length + 1);
    expect(after.find((row) => !before.some((old) => old.id === row.id))).toMatchObject({
      kind: 'call',
      userId: 'u-am-11',
      accountId: 'acc-0007',
    });
    calls = [];
    await blockAction('U-AM11', 'kam_show_report', 'acc-0007');
    const [report] = await waitForCalls('response_url');
    expect(blocksOf(report)[0]).toMatchObject({ type: 'header' });
    expect(textOf(blocksOf(report)[0])).toContain('华瑞化工');
    // The button's reply is ephemeral: the trend chart goes to the user's DM with the bot.
    const [completed] = await waitForCalls('files.completeUploadExternal');
    expect(completed!.args.channel_id).toBe('D-U-AM11');
    expect(callsOf('files.getUploadURLExternal').map((call) => call.args.filename)).toEqual([
      'trend-acc-0007.png',
    ]);
    expect(uploads).toHaveLength(1);
    expect(isPng(uploads[0]!.bytes)).toBe(true);
  });

  it('refuses to log a visit on an account the user may not see, as if it did not exist', async () => {
    const before = (await store.listInteractions()).length;
    await blockAction('U-AM11', 'kam_log_visit', 'acc-does-not-exist');
    const [missing] = await waitForCalls('response_url');
    calls = [];
    const hidden = (await store.listAccounts()).find((account) => account.name.includes('嘉新能源'))!;
    await blockAction('U-AM11', 'kam_log_visit', hidden.id);
    const [refused] = await waitForCalls('response_url');
    expect(textOf(blocksOf(refused)).replaceAll(hidden.id, 'X')).toBe(
      textOf(blocksOf(missing)).replaceAll('acc-does-not-exist', 'X'),
    );
    expect((await store.listInteractions()).length).toBe(before);
  });
});

/** Every block of the posted messages within Slack's limits. */
function expectWithinSlackLimits(messages: readonly SlackCall[]): void {
  for (const message of messages) {
    const blocks = blocksOf(message) as {
      type: string;
      text?: { text: string };
      fields?: { text: string }[];
      elements?: { text: string }[];
    }[];
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) {
      if (block.type === 'header') expect([...block.text!.text].length).toBeLessThanOrEqual(150);
      if (block.type === 'section') {
        expect([...(block.text?.text ?? '')].length).toBeLessThanOrEqual(3000);
        expect((block.fields ?? []).length).toBeLessThanOrEqual(10);
        for (const field of block.fields ?? []) expect([...field.text].length).toBeLessThanOrEqual(2000);
      }
    }
  }
}

function isPng(bytes: Uint8Array): boolean {
  return [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, index) => bytes[index] === byte);
}

async function waitForWarning(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const found = warnings.find((warning) => pattern.test(warning));
    if (found) return found;
    if (Date.now() - started > timeoutMs)
      throw new Error(`no warning ${pattern}; saw ${warnings.join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('dates in the user’s time zone', () => {
  /** 07:30 UTC on 5 November: 23:30 on the 4th in Los Angeles, 15:30 on the 5th in Shanghai. */
  const AROUND_MIDNIGHT = new Date('2026-11-05T07:30:00Z');

  /** The first account `userId` owns in the demo. */
  async function ownAccount(userId: string) {
    const [account] = await store.listAccounts({ ownerId: userId });
    return account!;
  }

  it('gives a user in Los Angeles and one in Shanghai their own date, reading each tz once', async () => {
    const saved = clock;
    clock = AROUND_MIDNIGHT;
    try {
      for (const [slackUser, userId, day] of [
        ['U-LA', 'u-am-21', '2026-11-04'],
        ['U-SH', 'u-am-22', '2026-11-05'],
      ] as const) {
        calls = [];
        await slashCommand(slackUser, '待办');
        const [due] = await waitForCalls('response_url');
        expect(textOf(due!.args)).toContain(`待办（${day}）`);
        // Linking by email read users.info, and its tz with it: one call.
        expect(callsOf('users.info')).toHaveLength(1);

        calls = [];
        const account = await ownAccount(userId);
        await blockAction(slackUser, 'kam_log_visit', account.id);
        const [logged] = await waitForCalls('response_url');
        expect(textOf(logged!.args)).toContain(
          `已记录：${day} 与 ${account.shortName ?? account.name} 的拜访`,
        );
        // The zone is cached per user.
        expect(callsOf('users.info')).toHaveLength(0);
      }
    } finally {
      clock = saved;
    }
  });

  it('falls back to the organisation’s time zone when users.info fails (no users:read scope)', async () => {
    const saved = clock;
    clock = AROUND_MIDNIGHT;
    try {
      // Linked by a binding code, not by email: only the time zone is asked of Slack, and it fails.
      await linkPlatformUser(store, { platform: 'slack', platformUserId: 'U-NOSCOPE' }, 'u-am-23');
      await slashCommand('U-NOSCOPE', '待办');
      const [due] = await waitForCalls('response_url');
      expect(textOf(due!.args)).toContain('待办（2026-11-05）');
      expect(callsOf('users.info')).toHaveLength(1);
      expect(warnings.some((warning) => warning.includes('users.info for U-NOSCOPE failed'))).toBe(true);
    } finally {
      clock = saved;
    }
  });
});

describe('reports as Block Kit with a chart image', () => {
  it('/kam 报表: the portfolio analysis as header, fields and context in Chinese, its charts as PNGs in the DM', async () => {
    await slashCommand('U-CEO', '报表');
    const replies = await waitForCalls('response_url');
    expectWithinSlackLimits(replies);
    const blocks = replies.flatMap((reply) => blocksOf(reply));
    expect(replies[0]!.args.response_type).toBe('ephemeral');
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: '大客户经营分析（2026-10）' } });
    const revenue = blocks.find((block) => textOf(block).includes('*收入*')) as {
      fields: { text: string }[];
    };
    expect(revenue.fields[0]!.text).toMatch(/^\*本月\*\n\*¥/u);
    expect(blocks.at(-1)).toMatchObject({ type: 'context' });
    expect(textOf(blocks.at(-1))).toContain('生成于 2026-11-05 10:00（Asia/Shanghai）');

    const [completed] = await waitForCalls('files.completeUploadExternal');
    // Files cannot be ephemeral: the charts go to the caller's DM, never to the channel.
    expect(callsOf('conversations.open')[0]!.args.users).toBe('U-CEO');
    expect(completed!.args.channel_id).toBe('D-U-CEO');
    expect(String(completed!.args.initial_comment)).toBe('图表：大客户经营分析（2026-10）');
    const requested = callsOf('files.getUploadURLExternal');
    expect(requested.map((call) => call.args.filename)).toEqual(['tiers-2026-10.png', 'trend-2026-10.png']);
    expect(String(requested[0]!.args.alt_text)).toMatch(/^各级客户数：.+ \d+；/u);
    expect(String(requested[1]!.args.alt_text)).toContain('近 12 个月收入：2025-11 ¥');
    expect(uploads).toHaveLength(2);
    for (const [index, upload] of uploads.entries()) {
      expect(isPng(upload.bytes)).toBe(true);
      expect(upload.bytes.length).toBeGreaterThan(5000);
      expect(upload.bytes.length).toBe(Number(requested[index]!.args.length));
    }
    const files = completed!.args.files as { id: string; title: string }[];
    expect(files.map((file) => file.id).sort()).toEqual(uploads.map((upload) => upload.fileId).sort());
    expect(files.map((file) => file.title)).toEqual(['各级客户数', '近 12 个月收入']);
    expect(warnings).toEqual([]);
  });

  it('/kam report: the same in English', async () => {
    await slashCommand('U-CEO', 'report');
    const replies = await waitForCalls('response_url');
    const blocks = replies.flatMap((reply) => blocksOf(reply));
    expect(blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'Key-account portfolio analysis (2026-10)' },
    });
    const fields = blocks.flatMap((block) => (block.fields ?? []) as { text: string }[]);
    expect(fields[0]!.text).toMatch(/^\*This month\*\n\*¥[\d,.]+\*$/u);
    expect(textOf(blocks.at(-1))).toContain('Generated 2026-11-05 10:00 (Asia/Shanghai)');
    await waitForCalls('files.completeUploadExternal');
    const requested = callsOf('files.getUploadURLExternal');
    expect(String(requested[0]!.args.alt_text)).toMatch(/^Accounts per tier: /u);
    expect(String(requested[1]!.args.alt_text)).toMatch(/^Revenue, last 12 months: /u);
  });

  it('answers a mention with the account report in its thread and uploads the 12-month trend to that thread', async () => {
    const mention = {
      type: 'app_mention',
      channel: 'C-GENERAL',
      user: 'U-AM11',
      text: '<@UBOT> report 华瑞化工 2026-Q3',
      ts: '1700000500.000100',
    };
    await event(mention, 'Ev-REPORT-1');
    const posted = await waitForCalls('chat.postMessage');
    expectWithinSlackLimits(posted);
    expect(posted[0]!.args).toMatchObject({ channel: 'C-GENERAL', thread_ts: '1700000500.000100' });
    const blocks = blocksOf(posted[0]);
    expect(blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'Quarterly account report: 华瑞化工 (2026-Q3)' },
    });
    expect(blocks[1]).toMatchObject({ type: 'section', fields: expect.any(Array) });
    const [completed] = await waitForCalls('files.completeUploadExternal');
    expect(completed!.args).toMatchObject({ channel_id: 'C-GENERAL', thread_ts: '1700000500.000100' });
    expect(completed!.args.initial_comment).toBeUndefined();
    expect(callsOf('conversations.open')).toHaveLength(0);
    const [requested] = callsOf('files.getUploadURLExternal');
    expect(requested!.args.filename).toBe('trend-acc-0007.png');
    expect(String(requested!.args.alt_text)).toMatch(/^华瑞化工 · Revenue, last 12 months: 2025-10 ¥/u);
    expect(uploads).toHaveLength(1);
    expect(isPng(uploads[0]!.bytes)).toBe(true);
    expect(uploads[0]!.bytes.length).toBeGreaterThan(5000);
  });

  it('still posts the report when the chart upload fails (missing files:write), and logs it instead of showing an error', async () => {
    uploadError = 'missing_scope';
    await slashCommand('U-AM11', '报表 华瑞化工');
    const [reply] = await waitForCalls('response_url');
    expect(textOf(blocksOf(reply)[0])).toContain('华瑞化工');
    await waitForCalls('files.getUploadURLExternal');
    const warning = await waitForWarning(/charts were not uploaded/u);
    expect(warning).toContain('missing_scope (needed: files:write)');
    await settle();
    expect(uploads).toHaveLength(0);
    expect(callsOf('files.completeUploadExternal')).toHaveLength(0);
    // The user sees the report once and no error.
    expect(callsOf('response_url')).toHaveLength(1);
    expect(textOf(calls)).not.toContain(':warning:');
  });

  it('sends a 360° individual report by DM with its radar chart', async () => {
    const model = competencyModelPreset('dcfin-27');
    const results = computeCycleResults({
      cycle: testCycle('annual-review', {}, 1),
      model,
      submissions: [
        rating({ rater: 'boss', relation: 'supervisor', answers: answersAll(model, 4) }),
        ...[3, 3, 4].map((value, index) =>
          rating({ rater: `peer${index}`, relation: 'peer', answers: answersAll(model, value) }),
        ),
        rating({ rater: 'self', relation: 'self', answers: answersAll(model, 5) }),
      ],
    });
    const report = buildReview360Individual({
      result: results.resultFor('s1'),
      model,
      subjectName: '吴娜静',
    });
    const messenger = createSlackMessenger({ client: app.client, store, logger, now });
    expect(await messenger.sendReport('u-am-11', report, { locale: 'en' })).toBe(true);
    const [posted] = callsOf('chat.postMessage');
    expect(posted!.args.channel).toBe('U-AM11');
    expect(blocksOf(posted)[0]).toMatchObject({ type: 'header' });
    expect(textOf(blocksOf(posted)[0])).toContain('吴娜静');
    const [requested] = callsOf('files.getUploadURLExternal');
    expect(requested!.args.filename).toBe('review360-radar.png');
    expect(String(requested!.args.alt_text)).toContain('Self 5.00 / Others');
    const [completed] = callsOf('files.completeUploadExternal');
    expect(completed!.args.channel_id).toBe('D-U-AM11');
    expect(isPng(uploads[0]!.bytes)).toBe(true);
    expect(uploads[0]!.bytes.length).toBeGreaterThan(5000);
  });
});

describe('events', () => {
  it('answers a direct message once, even when Slack retries the same event', async () => {
    const message = {
      type: 'message',
      channel_type: 'im',
      channel: 'D-AM11',
      user: 'U-AM11',
      text: '待办',
      ts: '1700000100.000100',
    };
    expect((await event(message, 'Ev-DM-1')).status).toBe(200);
    const [posted] = await waitForCalls('chat.postMessage');
    expect(posted!.args.channel).toBe('D-AM11');
    expect(blocksOf(posted)[0]).toMatchObject({ type: 'header' });
    expect(textOf(blocksOf(posted)[0])).toContain('待办');
    expect((await event(message, 'Ev-DM-1', { retry: 1 })).status).toBe(200);
    expect((await event(message, 'Ev-DM-1', { retry: 2 })).status).toBe(200);
    await settle();
    expect(callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('answers an app mention in its thread, in English for an English command', async () => {
    const mention = {
      type: 'app_mention',
      channel: 'C-GENERAL',
      user: 'U-AM11',
      text: '<@UBOT> alerts',
      ts: '1700000200.000100',
    };
    await event(mention, 'Ev-M-1');
    const [posted] = await waitForCalls('chat.postMessage');
    expect(posted!.args.thread_ts).toBe('1700000200.000100');
    expect(textOf(blocksOf(posted)[0])).toContain('Alerts');
  });

  it('writes the unit’s monthly narrative after /kam (ephemeral), and shows none of it in a channel', async () => {
    await slashCommand('U-AM11', '下月计划：走访全部白金客户');
    const [saved] = await waitForCalls('response_url');
    expect(saved!.args.response_type).toBe('ephemeral');
    expect(textOf(blocksOf(saved))).toContain('已保存下月工作计划（华北事业部 · 2026-10）');
    const mention = {
      type: 'app_mention',
      channel: 'C-GENERAL',
      user: 'U-AM11',
      text: '<@UBOT> 本月总结',
      ts: '1700000300.000100',
    };
    await event(mention, 'Ev-M-plan');
    const [posted] = await waitForCalls('chat.postMessage');
    expect(posted!.args.channel).toBe('C-GENERAL');
    const shown = JSON.stringify(posted!.args);
    expect(shown).toContain('单位月度小结只在私聊中查看和填写');
    expect(shown).not.toContain('走访全部白金客户');
  });

  it('rejects a replayed request older than five minutes with 401 and does nothing', async () => {
    const message = {
      type: 'message',
      channel_type: 'im',
      channel: 'D-AM11',
      user: 'U-AM11',
      text: 'help',
      ts: '1700000300.000100',
    };
    const response = await event(message, 'Ev-OLD', { ageSeconds: 600 });
    expect(response.status).toBe(401);
    await settle();
    expect(calls).toHaveLength(0);
  });

  it('rejects a bad signature with 401', async () => {
    const body = JSON.stringify({ type: 'event_callback', event_id: 'Ev-BAD', event: {} });
    const response = await send({
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-slack-signature': 'v0=deadbeef',
      },
      body,
    });
    expect(response.status).toBe(401);
  });

  it('honours 429 Retry-After from the Web API, then delivers', async () => {
    rateLimitedPosts = 1;
    const message = {
      type: 'message',
      channel_type: 'im',
      channel: 'D-AM11',
      user: 'U-AM11',
      text: 'help',
      ts: '1700000400.000100',
    };
    const started = Date.now();
    await event(message, 'Ev-429');
    const attempts = await waitForCalls('chat.postMessage', 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(attempts).toHaveLength(2);
    await settle();
    expect(callsOf('chat.postMessage')).toHaveLength(2);
  });
});

describe('360° review in one modal per subject', () => {
  const model = competencyModelPreset('dcfin-27');
  const itemIds = model.dimensions.flatMap((dimension) => dimension.items.map((item) => item.id));
  let nominationId = '';

  beforeAll(async () => {
    const admin = (await store.getUser('u-sysadmin'))!;
    // The rater reads English: the modal follows the KAMkit user's locale.
    const rater = (await store.getUser('u-am-13'))!;
    await store.putUser({ ...rater, locale: 'en' }, { actor: 'test' });
    clock = new Date('2026-11-02T02:00:00Z');
    await review360.createCycle(
      {
        id: 'c-slack',
        name: '2026 H2 360',
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
    await review360.transition('c-slack', 'nominating', admin);
    const nomination = await review360.addRater(
      'c-slack',
      's-wu',
      { name: 'u-am-13', contact: 'u-am-13@kamkit.example', relation: 'peer', userId: 'u-am-13' },
      admin,
    );
    nominationId = nomination.id;
    clock = new Date('2026-11-05T02:00:00Z');
    await review360.transition('c-slack', 'open', admin);
  });

  type ModalView = {
    callback_id: string;
    private_metadata: string;
    notify_on_close: boolean;
    title: { text: string };
    blocks: {
      type: string;
      block_id?: string;
      optional?: boolean;
      element?: { type: string; options?: { value: string }[]; initial_option?: { value: string } };
    }[];
  };

  async function openModal(): Promise<ModalView> {
    calls = [];
    await slashCommand('U-AM13', 'review');
    const [opened] = await waitForCalls('views.open');
    expect(opened!.args.trigger_id).toMatch(/^trigger-/u);
    return opened!.args.view as ModalView;
  }

  function state(answers: Record<string, number>, comments: Record<string, string> = {}) {
    const values: Record<string, Record<string, unknown>> = {};
    for (const itemId of itemIds)
      values[`item:${itemId}`] = {
        rating: {
          type: 'radio_buttons',
          selected_option: answers[itemId] === undefined ? null : { value: String(answers[itemId]) },
        },
      };
    for (const dimension of model.dimensions)
      values[`comment:${dimension.id}`] = {
        comment: { type: 'plain_text_input', value: comments[dimension.id] ?? null },
      };
    return { values };
  }

  function viewPayload(
    type: 'view_submission' | 'view_closed',
    view: ModalView,
    values: ReturnType<typeof state>,
  ) {
    return interaction({
      type,
      user: { id: 'U-AM13', team_id: 'T1' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      view: {
        id: 'V-REVIEW',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: values,
      },
    });
  }

  it('opens one modal with all 27 items as 1–5 radio buttons and a comment per dimension, in English', async () => {
    const view = await openModal();
    expect(view.callback_id).toBe('kam_review');
    expect(view.notify_on_close).toBe(true);
    expect(view.title.text).toBe('360° review');
    const ratings = view.blocks.filter((block) => block.block_id?.startsWith('item:'));
    expect(ratings.map((block) => block.block_id)).toEqual(itemIds.map((id) => `item:${id}`));
    expect(ratings.every((block) => block.element?.type === 'radio_buttons')).toBe(true);
    expect(ratings[0]!.element!.options!.map((option) => option.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(view.blocks.filter((block) => block.block_id?.startsWith('comment:'))).toHaveLength(
      model.dimensions.length,
    );
    expect(JSON.parse(view.private_metadata)).toMatchObject({ nominationId, locale: 'en' });
  });

  it('names the unanswered items as view_submission errors, saves a draft on close and restores it', async () => {
    const view = await openModal();
    const partial = Object.fromEntries(itemIds.slice(0, 20).map((id) => [id, 4]));
    const response = await viewPayload('view_submission', view, state(partial));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)[0]).toBe(`item:${itemIds[20]}`);
    expect(
      Object.keys(body.errors).every((blockId) =>
        itemIds
          .slice(20)
          .map((id) => `item:${id}`)
          .includes(blockId),
      ),
    ).toBe(true);
    expect(Object.values(body.errors)[0]).toContain('not answered');
    expect(await repository.listSubmissions('c-slack')).toHaveLength(0);

    const closed = await viewPayload(
      'view_closed',
      view,
      state(partial, { [model.dimensions[0]!.id]: 'Clear goals' }),
    );
    expect(closed.status).toBe(200);
    await settle();
    const draft = await repository.getSubmission('c-slack', nominationId);
    expect(draft?.status).toBe('draft');
    expect(Object.keys(draft!.answers)).toHaveLength(20);

    const reopened = await openModal();
    const first = reopened.blocks.find((block) => block.block_id === `item:${itemIds[0]}`)!;
    expect(first.element!.initial_option?.value).toBe('4');
    expect(
      reopened.blocks.find((block) => block.block_id === `item:${itemIds[25]}`)!.element!.initial_option,
    ).toBeUndefined();
    expect(textOf(reopened.blocks)).toContain('Clear goals');
  });

  it('submits a full 27-item review through the modal and stores it once, even when submitted twice', async () => {
    const view = await openModal();
    const full = Object.fromEntries(itemIds.map((id, index) => [id, (index % 5) + 1]));
    const first = (await (await viewPayload('view_submission', view, state(full))).json()) as {
      response_action: string;
      view: { blocks: unknown[] };
    };
    expect(first.response_action).toBe('update');
    expect(textOf(first.view.blocks)).toContain('Your review is submitted');
    const second = (await (await viewPayload('view_submission', view, state(full))).json()) as {
      view: { blocks: unknown[] };
    };
    expect(textOf(second.view.blocks)).toContain('nothing new was stored');
    const submitted = await repository.listSubmissions('c-slack', { status: 'submitted' });
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.answers).toEqual(full);
    // Nothing pending any more.
    calls = [];
    await slashCommand('U-AM13', 'review');
    const [reply] = await waitForCalls('response_url');
    expect(textOf(reply!.args)).toContain('No reviews are waiting');
  });
});

describe('App Home and direct messages', () => {
  it('publishes my pending reviews, due actions and alerts', async () => {
    await event({ type: 'app_home_opened', user: 'U-AM11', channel: 'D-AM11', tab: 'home' }, 'Ev-HOME-1');
    const [published] = await waitForCalls('views.publish');
    expect(published!.args.user_id).toBe('U-AM11');
    const view = published!.args.view as {
      type: string;
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(view.type).toBe('home');
    const headers = view.blocks.filter((block) => block.type === 'header').map((block) => block.text!.text);
    expect(headers).toEqual(['待完成的评价', '我的待办', '我的预警']);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('sends a 360° reminder by DM to the rater, found by email', async () => {
    const messenger = createSlackMessenger({ client: app.client, store });
    await messenger.deliverReminder({
      kind: 'not-submitted',
      cycleId: 'c-x',
      nominationId: 'n-1',
      rater: { name: 'u-am-11', contact: 'u-am-11@kamkit.example', external: false, userId: 'u-am-11' },
      status: 'draft',
      ratingEnds: '2026-11-30',
      daysLeft: 3,
    });
    expect(callsOf('users.lookupByEmail')).toHaveLength(1);
    const [posted] = callsOf('chat.postMessage');
    expect(posted!.args.channel).toBe('U-AM11');
    expect(textOf(posted!.args)).toContain('360° 评价草稿尚未提交');
    expect(textOf(blocksOf(posted))).toContain('kam_open_review');
    await expect(messenger.sendToUser('u-nobody', { text: 'x', blocks: [] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
