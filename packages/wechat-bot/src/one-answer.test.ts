/**
 * Every channel answers with the configured policies (issue #15): one
 * project folder whose `kamkit.config.yaml` names a non-default tier policy
 * (`kamkit init --preset retail`: retail classes A-1 … B-1), filled by
 * `kamkit demo`; then the same account's tier asked through the built CLI
 * (`kamkit tier`), `kamkit chat`, the Slack bot (a signed `/kam` slash
 * command, the reply read from the `response_url`) and the WeChat bot (a
 * private message on a mock puppet). The bots are started as `kamkit serve`
 * and their own binaries start them: `startSlackService` /
 * `startWechatService` on one `createKamRuntime()` over that folder.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ChannelService,
  createKamRuntime,
  defaultPolicies,
  type KamRuntime,
  linkPlatformUser,
  runPortfolio,
} from '@kamkit/sdk';
import { startSlackService } from '@kamkit/slack-bot';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { startWechatService } from './start.js';
import { WECHAT_PLATFORM } from './wechat-bot.js';

/** The built CLI (`pnpm build`; the SDK's test setup builds it when missing or stale). */
const CLI = fileURLToPath(new URL('../../sdk/dist/cli/main.js', import.meta.url));
const MONTH = '2026-10';
/** 华瑞化工, one of 杨军芳's (u-am-11, an account manager in 华北事业部) accounts in the demo. */
const ACCOUNT = { id: 'acc-0007', name: '华瑞化工' };
const USER = 'u-am-11';

const SIGNING_SECRET = 'one-answer-signing-secret';
const SLACK_API = 'https://slack.test/api/';
const RESPONSE_URL = 'https://hooks.slack.test/commands/T1/1/response';
/** The replies posted to the slash command's `response_url`. */
const responses: Record<string, unknown>[] = [];
const slack = setupServer(
  http.post(`${SLACK_API}:method`, async ({ request, params }) => {
    const args = Object.fromEntries(new URLSearchParams(await request.text()));
    switch (String(params.method)) {
      case 'auth.test':
        return HttpResponse.json({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
      case 'users.info':
        // The Slack profile's confirmed email links the Slack user to the KAMkit user.
        return HttpResponse.json({
          ok: true,
          user: { id: args.user, is_email_confirmed: true, profile: { email: `${USER}@kamkit.example` } },
        });
      default:
        return HttpResponse.json({ ok: true });
    }
  }),
  http.post(RESPONSE_URL, async ({ request }) => {
    responses.push((await request.json()) as Record<string, unknown>);
    return HttpResponse.json({ ok: true });
  }),
);

/** The environment of the CLI processes: the folder's configuration and store, nothing from outside. */
function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'KAMKIT_CONFIG',
    'KAMKIT_DATABASE_URL',
    'KAMKIT_LOCALE',
    'KAMKIT_OPERATOR',
    'KAMKIT_AS_OF',
  ])
    delete env[name];
  // The account manager asking is at the terminal.
  env.KAMKIT_OPERATOR = USER;
  return env;
}

/** Run the built `kamkit` in the folder; its stdout (stdin written first when given). */
function kamkit(folder: string, args: readonly string[], stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: folder, env: cliEnv(), timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`kamkit ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

/** A free local port for the Slack bot (its `PORT` must be a real port number). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

async function waitFor<T>(what: string, found: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = found();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The tier label of a rendered `tier` reply (`分级: …` / `Tier: …`). */
function tierLine(text: string): string | undefined {
  return /^(?:分级|Tier): (.+)$/mu.exec(text)?.[1]?.trim();
}

let folder: string;
let runtime: KamRuntime | undefined;
const services: ChannelService[] = [];
/** The mock puppet the WeChat bot runs on (stopped with the bot's Wechaty). */
let puppet: PuppetMock | undefined;

/**
 * The tier id of a label (in either language): the configured tier policy's,
 * else the default policy's (so a channel that answered with the defaults shows as such).
 */
function tierIdOf(label: string): string | undefined {
  const tiers = [...(runtime?.policies.tiers.tiers ?? []), ...defaultPolicies().tiers.tiers];
  return tiers.find((tier) => tier.label['zh-CN'] === label || tier.label.en === label)?.id;
}

/** Each channel's answer: the tier id, and the text it was read from. */
const answers: Record<string, { tier: string | undefined; text: string }> = {};

beforeAll(async () => {
  if (!existsSync(CLI))
    throw new Error(
      `The built CLI ${CLI} is missing: run \`pnpm build\` first (the SDK's test setup builds it too).`,
    );
  folder = await mkdtemp(join(tmpdir(), 'kamkit-one-answer-'));

  // 1. The CLI: a non-default configuration, the demo data, then `kamkit tier` and `kamkit chat`.
  await kamkit(folder, ['init', '--preset', 'retail']);
  await kamkit(folder, ['demo']);
  const tier = JSON.parse(
    await kamkit(folder, ['tier', '--account', ACCOUNT.id, '--as-of', MONTH, '--json']),
  ) as { policyId: string; accounts: { accountId: string; tier: string | null; label: string }[] };
  const row = tier.accounts.find((account) => account.accountId === ACCOUNT.id);
  answers.cli = { tier: row?.tier ?? undefined, text: JSON.stringify(row) };
  answers.cliPolicy = { tier: tier.policyId, text: '' };
  const chat = await kamkit(folder, ['chat', '--as-of', MONTH], `分级 ${ACCOUNT.name}\n退出\n`);

  // 2. The bots, on one runtime over the same folder (the CLI processes have closed it).
  runtime = await createKamRuntime({ load: { cwd: folder, env: cliEnv() } });
  answers.chat = { tier: tierIdOf(tierLine(chat) ?? ''), text: chat };

  slack.listen({ onUnhandledRequest: 'bypass' });
  const port = await freePort();
  const log = () => undefined;
  services.push(
    await startSlackService(runtime, {
      env: {
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-one-answer',
        PORT: String(port),
        SLACK_API_URL: SLACK_API,
        SLACK_RETRIES: '0',
        SLACK_LOG_LEVEL: 'error',
        KAMKIT_AS_OF: MONTH,
      },
      log,
    }),
  );

  const mocker = new mock.Mocker();
  puppet = new PuppetMock({ mocker });
  const botContact = mocker.createContact({ id: 'wxid_kamkit', name: 'KAMkit' });
  const yang = mocker.createContact({ id: 'wxid_yang', name: '杨军芳' });
  const wechatReplies: string[] = [];
  puppet.on('message', ({ messageId }) => {
    const payload = mocker.messagePayload(messageId);
    if (payload.talkerId === botContact.id) wechatReplies.push(payload.text ?? '');
  });
  services.push(
    await startWechatService(runtime, {
      env: { KAMKIT_AS_OF: MONTH, KAMKIT_WECHAT_INTERVAL_MS: '0' },
      log,
      puppet,
    }),
  );
  mocker.login(botContact);
  await waitFor('the WeChat login', () => (puppet?.isLoggedIn ? true : undefined));

  // Slack: a signed /kam slash command from a user whose confirmed email is u-am-11's.
  const body = new URLSearchParams({
    command: '/kam',
    text: `分级 ${ACCOUNT.name}`,
    user_id: 'U-AM11',
    channel_id: 'C-GENERAL',
    team_id: 'T1',
    trigger_id: 'trigger-1',
    response_url: RESPONSE_URL,
    token: 'legacy',
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const acked = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
  expect(acked.status).toBe(200);
  const slackText = await waitFor(`the Slack reply (so far: ${JSON.stringify(responses)})`, () =>
    responses.map((reply) => String(reply.text ?? '')).find((text) => tierLine(text) !== undefined),
  );
  answers.slack = { tier: tierIdOf(tierLine(slackText) ?? ''), text: slackText };

  // WeChat: a private message from a contact linked to u-am-11.
  await linkPlatformUser(runtime.store, { platform: WECHAT_PLATFORM, platformUserId: yang.id }, USER);
  mocker.MessageMock.create({
    id: 'msg-one-answer',
    talkerId: yang.id,
    listenerId: botContact.id,
    timestamp: Date.now(),
    type: types.Message.Text,
    text: `分级 ${ACCOUNT.name}`,
  });
  puppet.emit('message', { messageId: 'msg-one-answer' });
  const wechatText = await waitFor(`the WeChat reply (so far: ${JSON.stringify(wechatReplies)})`, () =>
    wechatReplies.find((text) => tierLine(text) !== undefined),
  );
  answers.wechat = { tier: tierIdOf(tierLine(wechatText) ?? ''), text: wechatText };
}, 600_000);

afterAll(async () => {
  for (const service of services.reverse()) await service.stop().catch(() => undefined);
  await runtime?.close();
  slack.close();
  if (folder) await rm(folder, { recursive: true, force: true });
}, 120_000);

describe('one answer on every channel (issue #15)', () => {
  it("is the configured policy's tier, which differs from the default policy's", async () => {
    const configured = runtime!.policies;
    expect(configured.tiers.id).not.toBe(defaultPolicies().tiers.id);
    expect(answers.cliPolicy?.tier).toBe(configured.tiers.id);
    const withConfigured = await runPortfolio({
      store: runtime!.store,
      policies: configured,
      asOf: MONTH,
      save: false,
    });
    const withDefaults = await runPortfolio({
      store: runtime!.store,
      policies: defaultPolicies(),
      asOf: MONTH,
      save: false,
    });
    const tierOf = (run: typeof withConfigured) =>
      run.tiers.find((assignment) => assignment.accountId === ACCOUNT.id)?.tier;
    // Retail classes put 华瑞化工 in B-1; the default postal ranges in VIP.
    expect(tierOf(withConfigured)).toBe('B-1');
    expect(tierOf(withDefaults)).toBe('vip');
    expect(answers.cli?.tier).toBe(tierOf(withConfigured));
  });

  it('is the same through the CLI, kamkit chat, Slack and WeChat', () => {
    const tiers = Object.fromEntries(
      ['cli', 'chat', 'slack', 'wechat'].map((channel) => [channel, answers[channel]?.tier]),
    );
    expect(tiers, JSON.stringify(answers, null, 2)).toEqual({
      cli: 'B-1',
      chat: 'B-1',
      slack: 'B-1',
      wechat: 'B-1',
    });
  });
});
