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
 * The commands come from a load generator in a separate process
 * (`lib/slack-load.mjs`, the same for both sides), so that requests do not
 * wait in the app's event loop before Bolt sees them: it signs each command
 * as Slack does and POSTs it to the app's port, 20 in flight (a closed loop
 * of 20 senders; a sender sends its next command once the previous one was
 * acked and its reply reached msw, which tells the generator over IPC).
 * Latency = msw's receipt of the reply (app process) − the generator's send,
 * both on `performance.timeOrigin + performance.now()` (the machine's clock,
 * monotonic within each process); the residual offset between the two
 * processes' clocks is measured over IPC before each load (shortest of 50
 * round trips) and subtracted — it and its bound are in the run's note.
 *
 * Each repetition sends {@link ROUNDS} × {@link CONCURRENCY} commands; the
 * p50 and p99 of all timed requests are reported. The first request of ours
 * loads the month's figures for every account (the engine's report source)
 * and is sent in setup, alone and untimed in the table; its time is in the
 * run's note.
 *
 * @module
 */
import { rmSync } from 'node:fs';
import { LogLevel } from '@slack/bolt';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { accountName, managerCount, managerSlackId, slackStoreCopy } from '../lib/slack-fixture.mjs';
import { sharedNow, startLoadGenerator } from '../lib/slack-load.mjs';
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
 * (`…/commands/T1/<request number>/bench`). Each reply is stamped on the
 * shared clock the moment it arrives, kept for its request, and the load
 * generator is told (it sends that sender's next command).
 */
function startSlack(generator) {
  /** request number → { receivedAt, body } */
  const replies = new Map();
  const server = setupServer(
    http.post('https://slack.com/api/:method', ({ params }) => {
      const method = String(params.method);
      if (method === 'auth.test')
        return HttpResponse.json({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
      if (method === 'chat.postMessage') return HttpResponse.json({ ok: true, ts: '1700000000.000100' });
      return HttpResponse.json({ ok: true });
    }),
    http.post(`${RESPONSE_BASE}/:request/bench`, async ({ request, params }) => {
      const receivedAt = sharedNow();
      const number = String(params.request);
      const body = await request.json();
      if (!replies.has(number)) {
        replies.set(number, { receivedAt, body });
        generator.replied(number);
      }
      return HttpResponse.json({ ok: true });
    }),
  );
  server.listen({ onUnhandledRequest: 'bypass' });
  return {
    /** The reply to request `number` (and forget it), or `undefined` when none arrived. */
    take(number) {
      const reply = replies.get(number);
      replies.delete(number);
      return reply;
    },
    close() {
      server.close();
    },
  };
}

/** Request numbers are unique within a process (trigger ids key the bot's idempotency). */
let requestCounter = 0;

/**
 * Send `commands` from the load generator, {@link CONCURRENCY} (or
 * `concurrency`) in flight, and collect, per command, its latency — from
 * the generator sending it to Slack's side receiving its reply — and the
 * reply's body.
 */
async function sendCommands(context, commands, concurrency = CONCURRENCY) {
  const requests = commands.map(({ userId, text }) => ({
    number: `${process.pid}-${++requestCounter}`,
    userId,
    text,
  }));
  const { sentAt, clock } = await context.generator.send({ url: context.url, requests, concurrency });
  context.clocks = [...(context.clocks ?? []), clock];
  return requests.map(({ number }, index) => {
    const reply = context.slack.take(number);
    if (!reply)
      throw new Error(`P3: the generator saw a reply to request ${number} that Slack's side did not keep`);
    return { latencyMs: reply.receivedAt - sentAt[index], posted: reply.body };
  });
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
 * One repetition: {@link CONCURRENCY} senders in the load generator's
 * process, each sending its commands one after another. Every reply is
 * checked by `check(command, posted)`.
 */
async function runLoad(context) {
  const commands = Array.from({ length: CONCURRENCY * context.rounds }, (_, index) =>
    commandOf(index, context.size),
  );
  const results = await sendCommands(context, commands);
  return {
    latenciesMs: results.map((result) => result.latencyMs),
    checks: results.map((result, index) => context.check(commands[index], result.posted)),
  };
}

/** Requests sent, replies received, and replies that carried the right account (ours) or text (baseline). */
function fingerprintOf(result) {
  return {
    requests: result.checks.length,
    replies: result.checks.filter((check) => check !== undefined).length,
    correct: result.checks.filter((check) => check === true).length,
  };
}

/** Fork the load generator and start Slack's side (msw) reporting replies to it. */
async function startTraffic() {
  const generator = await startLoadGenerator({
    signingSecret: SIGNING_SECRET,
    responseBase: RESPONSE_BASE,
    replyTimeoutMs: REPLY_TIMEOUT_MS,
  });
  return { generator, slack: startSlack(generator) };
}

/**
 * Stop the generator and Slack's side, and add to the run's note the clock
 * offset between the two processes measured before each load (largest seen).
 */
async function stopTraffic(context) {
  await context.generator.close();
  context.slack.close();
  const clocks = context.clocks ?? [];
  if (clocks.length === 0) return;
  const offset = Math.max(...clocks.map((clock) => Math.abs(clock.offsetMs)));
  const bound = Math.max(...clocks.map((clock) => clock.uncertaintyMs));
  context.note = [
    context.note,
    `generator−app clock offset ≤ ${offset.toFixed(3)} ms (± ${bound.toFixed(3)} ms), subtracted`,
  ]
    .filter(Boolean)
    .join('; ');
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
    actions.elements.every((element) => buttonAccount(element.value) === accountId(account))
  );
}

/** The account a card button acts on: its value, or the `accountId` of a JSON value (the Why? button). */
function buttonAccount(value) {
  if (typeof value !== 'string' || !value.startsWith('{')) return value;
  try {
    return JSON.parse(value).accountId;
  } catch {
    return undefined;
  }
}

const ours = {
  label: 'createSlackBot (@kamkit/slack-bot) over PGlite: account card via respond()',
  async setup({ size, quick, dataDir, sdk }) {
    const { createSlackBot } = await import('@kamkit/slack-bot');
    const folder = await slackStoreCopy({ sdk, dataDir, accounts: size });
    const store = await sdk.openStore({ dataDir: folder });
    const traffic = await startTraffic();
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
      ...traffic,
      folder,
      size,
      rounds: quick ? ROUNDS.quick : ROUNDS.full,
      check: (command, posted) => isCardOf(command.account, posted),
    };
    context.url = await startApp(app);
    const [first] = await sendCommands(context, [commandOf(0, size)], 1);
    if (!isCardOf(0, first.posted))
      throw new Error(
        `P3: the first reply is not the card of ${accountId(0)}: ${JSON.stringify(first.posted)}`,
      );
    context.note = `first card (loads the month's figures for ${size} accounts): ${(first.latencyMs / 1000).toFixed(1)} s`;
    return context;
  },
  run: runLoad,
  fingerprint: (_context, result) => fingerprintOf(result),
  async teardown(context) {
    const { app, store, folder } = context;
    await app.stop();
    await stopTraffic(context);
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  },
};

const baseline = {
  label: 'bare Bolt app (same version, HTTP receiver): ack + respond() echo',
  async setup({ size, quick }) {
    const { App } = await import('@slack/bolt');
    const traffic = await startTraffic();
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
      ...traffic,
      size,
      rounds: quick ? ROUNDS.quick : ROUNDS.full,
      check: (command, posted) => posted?.text === command.text,
    };
    context.url = await startApp(app);
    await sendCommands(context, [commandOf(0, size)], 1);
    return context;
  },
  run: runLoad,
  fingerprint: (_context, result) => fingerprintOf(result),
  async teardown(context) {
    await context.app.stop();
    await stopTraffic(context);
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
    `Each repetition: ${CONCURRENCY} senders × ${ROUNDS.full} commands (× ${ROUNDS.quick} with --quick), sent by a load generator in its own process (the same for both sides) and timed from its sending the signed request to msw (in the app's process) receiving the reply on its response_url, on a clock both processes share; p50/p99 over all timed requests of all repetitions. Ours keeps the month's figures loaded for the run (sourceTtlMs 24 h); the first card, which loads them, is timed separately (see the JSON note).`,
  ],
  ours,
  baseline,
  compare,
};
