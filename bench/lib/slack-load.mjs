/**
 * P3's load generator, in a process of its own: the app under test (ours or
 * the bare Bolt baseline) forks {@link startLoadGenerator}'s child
 * (`slack-sender.mjs`), which builds and signs `/kam` slash commands as Slack
 * does and POSTs them to the app's HTTP port, a fixed number in flight (a
 * closed loop: each sender sends its next command once the previous one was
 * acked and its reply reached Slack's side). Slack's side — msw, in the app's
 * process — tells the generator over IPC when a reply arrived.
 *
 * Time: both processes read {@link sharedNow} (`performance.timeOrigin +
 * performance.now()`, milliseconds since the epoch on the machine's clock,
 * monotonic within a process). The generator stamps each request just before
 * sending it; the app stamps the reply when msw receives it. The residual
 * offset between the two processes' clocks is measured over IPC before the
 * load starts ({@link estimateClockOffset}: the sample with the shortest
 * round trip, bounded by half of it) and subtracted.
 *
 * @module
 */
import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** The clock both processes share: milliseconds since the epoch, sub-millisecond resolution. */
export function sharedNow() {
  return performance.timeOrigin + performance.now();
}

/**
 * A signed slash command as Slack sends it: the form body and the signing
 * headers (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret).
 *
 * @param {{ secret: string, timestamp: number, command: string, text: string, userId: string,
 *           triggerId: string, responseUrl: string, channelId?: string, teamId?: string }} request
 * @returns {{ body: string, headers: Record<string, string> }}
 */
export function signedSlashCommand(request) {
  const body = new URLSearchParams({
    command: request.command,
    text: request.text,
    user_id: request.userId,
    channel_id: request.channelId ?? 'C-BENCH',
    team_id: request.teamId ?? 'T1',
    trigger_id: request.triggerId,
    response_url: request.responseUrl,
    token: 'legacy',
  }).toString();
  const signature = `v0=${createHmac('sha256', request.secret).update(`v0:${request.timestamp}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(request.timestamp),
      'x-slack-signature': signature,
    },
  };
}

/**
 * The offset of another process's clock from ours, from ping samples: each
 * `{ sentAt, theirAt, receivedAt }` is our clock when we asked, theirs when
 * they answered, ours when the answer came back. The sample with the
 * shortest round trip is used: their clock minus the midpoint of ours, good
 * to within half that round trip.
 *
 * @param {readonly { sentAt: number, theirAt: number, receivedAt: number }[]} samples
 * @returns {{ offsetMs: number, uncertaintyMs: number }} theirs − ours, and the bound on its error
 */
export function estimateClockOffset(samples) {
  if (samples.length === 0) throw new Error('estimateClockOffset: no samples');
  let best = samples[0];
  for (const sample of samples)
    if (sample.receivedAt - sample.sentAt < best.receivedAt - best.sentAt) best = sample;
  return {
    offsetMs: best.theirAt - (best.sentAt + best.receivedAt) / 2,
    uncertaintyMs: (best.receivedAt - best.sentAt) / 2,
  };
}

/** Clock pings taken before each load. */
const CLOCK_SAMPLES = 50;

/**
 * Fork the load generator. `send` runs one closed-loop load and resolves
 * with, per request, the time it was sent, converted to this process's
 * clock ({@link sharedNow}); the caller must call `replied(number)` when
 * request `number`'s reply arrives.
 *
 * @param {{ signingSecret: string, responseBase: string, replyTimeoutMs: number }} options
 */
export async function startLoadGenerator(options) {
  const child = fork(fileURLToPath(new URL('./slack-sender.mjs', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  /** Reply notices not sent yet (see `replied`). */
  const repliedNumbers = [];
  /** message id → { resolve, reject } */
  const pending = new Map();
  let exited;
  child.on('message', (message) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.type === 'error') waiter.reject(new Error(message.message));
    else waiter.resolve(message);
  });
  child.on('exit', (code, signal) => {
    exited = `P3 load generator exited (${signal ?? code})`;
    for (const waiter of pending.values()) waiter.reject(new Error(exited));
    pending.clear();
  });
  const ask = (message) =>
    new Promise((resolve, reject) => {
      if (exited) {
        reject(new Error(exited));
        return;
      }
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ ...message, id });
    });
  await ask({ type: 'configure', ...options });

  async function clockOffset() {
    const samples = [];
    for (let index = 0; index < CLOCK_SAMPLES; index++) {
      const sentAt = sharedNow();
      const { at } = await ask({ type: 'clock' });
      samples.push({ sentAt, theirAt: at, receivedAt: sharedNow() });
    }
    return estimateClockOffset(samples);
  }

  return {
    /**
     * Send `requests` ({ number, userId, text }), `concurrency` in flight, to `url`.
     *
     * @returns {Promise<{ sentAt: number[], clock: { offsetMs: number, uncertaintyMs: number } }>}
     *   `sentAt[i]`: when request i was sent, on this process's clock
     */
    async send({ url, requests, concurrency }) {
      const clock = await clockOffset();
      const { sentAt } = await ask({ type: 'send', url, requests, concurrency });
      return { sentAt: sentAt.map((at) => at - clock.offsetMs), clock };
    },
    /**
     * Tell the generator that request `number`'s reply reached Slack's side.
     * Notices of one event-loop turn go in one IPC message (one write instead
     * of one per reply: less of the harness's own work in the app's process).
     */
    replied(number) {
      if (exited) return;
      repliedNumbers.push(number);
      if (repliedNumbers.length === 1)
        setImmediate(() => {
          const numbers = repliedNumbers.splice(0);
          if (!exited) child.send({ type: 'replied', numbers });
        });
    },
    /** Stop the generator process. */
    async close() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await gone;
    },
  };
}
