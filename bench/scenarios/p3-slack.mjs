/**
 * P3 — Slack round trip: signed `/kam status <account>` slash commands, 20 in
 * flight at a time, against a running Bolt app on loopback; timed from
 * sending the signed request until Slack's side (msw) has received the reply
 * posted to that request's `response_url`.
 *
 * Ours: the real `createSlackBot` (HTTP receiver) over a PGlite store holding
 * the accounts (owned by account managers whose Slack users are linked, and
 * 10 transactions per account); each command is asked by the account's owner
 * and answered with the account card (Block Kit). Baseline: a bare Bolt app of
 * the same version and receiver whose `/kam` handler acks and echoes the text
 * through the same `respond()` call. Slack's side — the Web API and the
 * response URLs — is answered by msw (`setupServer`) in the side's process,
 * as in the bot's own tests.
 *
 * Each repetition sends {@link ROUNDS} × {@link CONCURRENCY} commands (a
 * closed loop of 20 senders); the p50 and p99 of all timed requests are
 * reported. The first request of ours loads the month's figures for every
 * account (the engine's report source) and is sent in setup, untimed; its
 * time is in the run's note.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { LogLevel } from '@slack/bolt';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { accountName, managerCount, managerSlackId, slackStoreCopy } from '../lib/slack-fixture.mjs';
import { AS_OF, accountId } from '../lib/transactions.mjs';

/** Commands in flight at once. */
export const CONCURRENCY = 20;
/** Commands each sender sends per repetition (quick: fewer). */
export const ROUNDS = { full: 25, quick: 10 };
const SIGNING_SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';
const RESPONSE_BASE = 'https://hooks.slack.com/commands/T1';
/** Longest a command may wait for its reply before the run fails (the first one loads the figures). */
const REPLY_TIMEOUT_MS = 30 * 60_000;

/**
 * Slack's side: msw answering the Web API and every request's response URL
 * (`…/commands/T1/<request number>/bench`), resolving that request's waiter
 * the moment the reply arrives.
 */
function startSlack() {
  /** request number → { resolve } */
  const waiting = new Map();
  const server = setupServer(
    http.post('https://slack.com/api/:method', ({ params }) => {
      const method = String(params.method);
      if (method === 'auth.test')
        return HttpResponse.json({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
      if (method === 'chat.postMessage') return HttpResponse.json({ ok: true, ts: '1700000000.000100' });
      return HttpResponse.json({ ok: true });
    }),
    http.post(`${RESPONSE_BASE}/:request/bench`, async ({ request, params }) => {
      const receivedAt = performance.now();
      const waiter = waiting.get(String(params.request));
      const body = await request.json();
      if (waiter) {
        waiting.delete(String(params.request));
        waiter.resolve({ receivedAt, body });
      }
      return HttpResponse.json({ ok: true });
    }),
  );
  server.listen({ onUnhandledRequest: 'bypass' });
  return {
    /** A promise of the reply posted to request `number`'s response URL. */
    replyTo(number) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(String(number));
          reject(new Error(`P3: no reply to request ${number} within ${REPLY_TIMEOUT_MS / 1000} s`));
        }, REPLY_TIMEOUT_MS);
        waiting.set(String(number), {
          resolve(reply) {
            clearTimeout(timer);
            resolve(reply);
          },
        });
      });
    },
    close() {
      server.close();
    },
  };
}

/** Request numbers are unique within a process (trigger ids key the bot's idempotency). */
let requestCounter = 0;

/**
 * Send one signed `/kam` slash command as Slack does and wait for its ack and
 * its reply; resolve with the latency (ms) and the reply body.
 */
async function roundTrip(context, { userId, text }) {
  const number = `${process.pid}-${++requestCounter}`;
  const body = new URLSearchParams({
    command: '/kam',
    text,
    user_id: userId,
    channel_id: 'C-BENCH',
    team_id: 'T1',
    trigger_id: `trigger-${number}`,
    response_url: `${RESPONSE_BASE}/${number}/bench`,
    token: 'legacy',
  }).toString();
  const reply = context.slack.replyTo(number);
  const start = performance.now();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const response = await fetch(context.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`P3: the app answered ${response.status} to "${text}"`);
  const { receivedAt, body: posted } = await reply;
  return { latencyMs: receivedAt - start, posted };
}

/**
 * The command of request `index` of a repetition: account `(index × 7919) mod
 * size` asked about by name by its owner's Slack user.
 */
function commandOf(index, size) {
  const account = (index * 7919) % size;
  return {
    account,
    userId: managerSlackId(account % managerCount(size)),
    text: `status ${accountName(account)}`,
  };
}

/**
 * One repetition: {@link CONCURRENCY} senders, each sending its commands one
 * after another. Every reply is checked by `check(command, posted)`.
 */
async function runLoad(context) {
  const total = CONCURRENCY * context.rounds;
  const latenciesMs = new Array(total);
  const checks = new Array(total);
  let next = 0;
  const sender = async () => {
    while (next < total) {
      const index = next++;
      const command = commandOf(index, context.size);
      const { latencyMs, posted } = await roundTrip(context, command);
      latenciesMs[index] = latencyMs;
      checks[index] = context.check(command, posted);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  return { latenciesMs, checks };
}

/** Requests sent, replies received, and replies that carried the right account (ours) or text (baseline). */
function fingerprintOf(result) {
  return {
    requests: result.checks.length,
    replies: result.checks.filter((check) => check !== undefined).length,
    correct: result.checks.filter((check) => check === true).length,
  };
}

async function startApp(app) {
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${server.address().port}/slack/events`;
}

/** Whether a posted account card is the card of account `account`: its header names it and its buttons carry its id. */
function isCardOf(account, posted) {
  const blocks = Array.isArray(posted?.blocks) ? posted.blocks : [];
  const header = blocks.find((block) => block.type === 'header');
  const actions = blocks.find((block) => block.type === 'actions');
  return (
    header?.text?.text === accountName(account) &&
    Array.isArray(actions?.elements) &&
    actions.elements.length > 0 &&
    actions.elements.every((element) => element.value === accountId(account))
  );
}

const ours = {
  label: 'createSlackBot (@kamkit/slack-bot) over PGlite: account card via respond()',
  async setup({ size, quick, dataDir, sdk }) {
    const { createSlackBot } = await import('@kamkit/slack-bot');
    const folder = await slackStoreCopy({ sdk, dataDir, accounts: size });
    const store = await sdk.openStore({ dataDir: folder });
    const slack = startSlack();
    const app = createSlackBot({
      store,
      signingSecret: SIGNING_SECRET,
      token: TOKEN,
      // Figures are loaded once and kept for the whole run (steady state);
      // the first load is timed separately below.
      chat: { asOf: () => AS_OF, sourceTtlMs: 24 * 3600 * 1000 },
      logLevel: LogLevel.ERROR,
    });
    const context = {
      app,
      store,
      slack,
      folder,
      size,
      rounds: quick ? ROUNDS.quick : ROUNDS.full,
      check: (command, posted) => isCardOf(command.account, posted),
    };
    context.url = await startApp(app);
    const first = await roundTrip(context, commandOf(0, size));
    if (!isCardOf(0, first.posted))
      throw new Error(
        `P3: the first reply is not the card of ${accountId(0)}: ${JSON.stringify(first.posted)}`,
      );
    context.note = `first card (loads the month's figures for ${size} accounts): ${(first.latencyMs / 1000).toFixed(1)} s`;
    return context;
  },
  run: runLoad,
  fingerprint: (_context, result) => fingerprintOf(result),
  async teardown({ app, store, slack, folder }) {
    await app.stop();
    slack.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  },
};

const baseline = {
  label: 'bare Bolt app (same version, HTTP receiver): ack + respond() echo',
  async setup({ size, quick }) {
    const { App } = await import('@slack/bolt');
    const slack = startSlack();
    const app = new App({
      token: TOKEN,
      signingSecret: SIGNING_SECRET,
      endpoints: '/slack/events',
      logLevel: LogLevel.ERROR,
    });
    app.command('/kam', async ({ command, ack, respond }) => {
      await ack();
      await respond({ response_type: 'ephemeral', replace_original: false, text: command.text });
    });
    const context = {
      app,
      slack,
      size,
      rounds: quick ? ROUNDS.quick : ROUNDS.full,
      check: (command, posted) => posted?.text === command.text,
    };
    context.url = await startApp(app);
    await roundTrip(context, commandOf(0, size));
    return context;
  },
  run: runLoad,
  fingerprint: (_context, result) => fingerprintOf(result),
  async teardown({ app, slack }) {
    await app.stop();
    slack.close();
  },
};

function compare(oursPrint, baselinePrint) {
  const problems = [];
  for (const [side, print] of [
    ['ours', oursPrint],
    ['baseline', baselinePrint],
  ]) {
    if (print.replies !== print.requests)
      problems.push(`${side}: ${print.replies} replies to ${print.requests} requests`);
    if (print.correct !== print.requests)
      problems.push(
        `${side}: ${print.requests - print.correct} of ${print.requests} replies did not carry the requested ${side === 'ours' ? 'account card' : 'text'}`,
      );
  }
  if (oursPrint.requests !== baselinePrint.requests)
    problems.push(`requests: ours ${oursPrint.requests}, baseline ${baselinePrint.requests}`);
  return problems;
}

export default {
  id: 'P3',
  title: 'Slack round trip: signed /kam status → card posted, 20 concurrent',
  unit: 'accounts',
  sizes: { full: [10_000, 100_000], quick: [2_000] },
  headlineSize: 100_000,
  target: { kind: 'latency', percentile: 99, maxRatio: 2, text: 'p99 ≤ 2 × the bare Bolt app' },
  requires: ['openStore', 'importFile', 'linkPlatformUser'],
  repetitions: () => 3,
  warmup: () => 1,
  notes: [
    `Each repetition: ${CONCURRENCY} senders × ${ROUNDS.full} commands (× ${ROUNDS.quick} with --quick), timed from sending the signed request to msw receiving the reply on its response_url; p50/p99 over all timed requests of all repetitions. Ours keeps the month's figures loaded for the run (sourceTtlMs 24 h); the first card, which loads them, is timed separately (see the JSON note).`,
  ],
  ours,
  baseline,
  compare,
};
