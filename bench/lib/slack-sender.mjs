/**
 * Child-process entry of P3's load generator (forked by
 * `startLoadGenerator` in `slack-load.mjs`): signs and POSTs slash commands
 * to the app, a fixed number in flight, and reports when each was sent on
 * the shared clock. Messages from the parent (each with an `id`, answered
 * with the same `id`): `configure`, `clock` (answer: this process's clock),
 * `send` (answer: `sentAt` per request); and `replied` (no answer): the replies to
 * requests `numbers` reached Slack's side. Exits when the parent disconnects.
 *
 * @module
 */
import { sharedNow, signedSlashCommand } from './slack-load.mjs';

let config;
/** request number → resolve, for requests whose reply is awaited */
const waiting = new Map();
/** Replies reported before their request was waited on (not expected; kept to be safe). */
const arrived = new Set();

function replyTo(number) {
  if (arrived.delete(number)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(number);
      reject(new Error(`P3: no reply to request ${number} within ${config.replyTimeoutMs / 1000} s`));
    }, config.replyTimeoutMs);
    waiting.set(number, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Send one command, wait for its ack and its reply; resolve with when it was sent. */
async function roundTrip(url, { number, userId, text }) {
  const { body, headers } = signedSlashCommand({
    secret: config.signingSecret,
    timestamp: Math.floor(Date.now() / 1000),
    command: '/kam',
    text,
    userId,
    triggerId: `trigger-${number}`,
    responseUrl: `${config.responseBase}/${number}/bench`,
  });
  const reply = replyTo(number);
  reply.catch(() => undefined); // awaited below; a failed ack must not leave it unhandled
  const sentAt = sharedNow();
  const response = await fetch(url, { method: 'POST', headers, body });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`P3: the app answered ${response.status} to "${text}"`);
  await reply;
  return sentAt;
}

/** A closed loop of `concurrency` senders over `requests`. */
async function send({ url, requests, concurrency }) {
  const sentAt = new Array(requests.length);
  let next = 0;
  const sender = async () => {
    while (next < requests.length) {
      const index = next++;
      sentAt[index] = await roundTrip(url, requests[index]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  return sentAt;
}

/** An error's message with its causes (`fetch failed: other side closed`), as fetch hides the reason in `cause`. */
function describeError(error) {
  const parts = [];
  for (let current = error; current !== undefined && parts.length < 4; current = current?.cause)
    parts.push(String(current?.message ?? current));
  return parts.join(': ');
}

process.on('message', (message) => {
  switch (message.type) {
    case 'configure':
      config = message;
      process.send({ type: 'configured', id: message.id });
      break;
    case 'clock':
      process.send({ type: 'clock', id: message.id, at: sharedNow() });
      break;
    case 'replied':
      for (const number of message.numbers) {
        const resolve = waiting.get(number);
        if (resolve) {
          waiting.delete(number);
          resolve();
        } else arrived.add(number);
      }
      break;
    case 'send':
      send(message).then(
        (sentAt) => process.send({ type: 'sent', id: message.id, sentAt }),
        (error) => process.send({ type: 'error', id: message.id, message: describeError(error) }),
      );
      break;
  }
});
process.on('disconnect', () => process.exit(0));
