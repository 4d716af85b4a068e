import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { verifySlackRequest } from '@slack/bolt';
import { estimateClockOffset, sharedNow, signedSlashCommand, startLoadGenerator } from './slack-load.mjs';

const SECRET = 'test-signing-secret';

describe('signedSlashCommand', () => {
  const request = {
    secret: SECRET,
    timestamp: Math.floor(Date.now() / 1000),
    command: '/kam',
    text: 'status 客户7',
    userId: 'U-AM-7',
    triggerId: 'trigger-1',
    responseUrl: 'https://hooks.slack.com/commands/T1/1/bench',
  };

  it("passes Bolt's own signature check, and a changed body does not", () => {
    const { body, headers } = signedSlashCommand(request);
    const verify = (rawBody) =>
      verifySlackRequest({
        signingSecret: SECRET,
        body: rawBody,
        headers: {
          'x-slack-signature': headers['x-slack-signature'],
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
      });
    assert.doesNotThrow(() => verify(body));
    assert.throws(() => verify(body.replace('7', '8')));
  });

  it('carries the command, text, user and response URL as Slack sends them', () => {
    const form = new URLSearchParams(signedSlashCommand(request).body);
    assert.equal(form.get('command'), '/kam');
    assert.equal(form.get('text'), 'status 客户7');
    assert.equal(form.get('user_id'), 'U-AM-7');
    assert.equal(form.get('response_url'), request.responseUrl);
  });
});

describe('estimateClockOffset', () => {
  it('uses the sample with the shortest round trip, bounded by half of it', () => {
    const estimate = estimateClockOffset([
      { sentAt: 0, theirAt: 30, receivedAt: 40 },
      { sentAt: 100, theirAt: 106, receivedAt: 104 },
      { sentAt: 200, theirAt: 250, receivedAt: 260 },
    ]);
    assert.deepEqual(estimate, { offsetMs: 4, uncertaintyMs: 2 });
  });
  it('refuses no samples', () => {
    assert.throws(() => estimateClockOffset([]), /no samples/);
  });
});

describe('startLoadGenerator', () => {
  it('sends every request signed, at most `concurrency` unanswered at once, and times them on our clock', async () => {
    const received = [];
    let inFlight = 0;
    let maxInFlight = 0;
    let generator;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const signature = request.headers['x-slack-signature'];
        verifySlackRequest({
          signingSecret: SECRET,
          body,
          headers: {
            'x-slack-signature': signature,
            'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
          },
        });
        const form = new URLSearchParams(body);
        const number = form.get('response_url').split('/').at(-2);
        received.push({ number, text: form.get('text'), at: sharedNow() });
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        response.end();
        // The "reply" arrives a little after the ack, as from a real handler.
        setTimeout(() => {
          inFlight--;
          generator.replied(number);
        }, 5);
      });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${server.address().port}/slack/events`;
    generator = await startLoadGenerator({
      signingSecret: SECRET,
      responseBase: 'https://hooks.slack.com/commands/T1',
      replyTimeoutMs: 10_000,
    });
    try {
      const requests = Array.from({ length: 12 }, (_, index) => ({
        number: `n${index}`,
        userId: 'U1',
        text: `status ${index}`,
      }));
      const before = sharedNow();
      const { sentAt, clock } = await generator.send({ url, requests, concurrency: 3 });
      const after = sharedNow();
      assert.equal(received.length, 12);
      assert.deepEqual(received.map((entry) => entry.number).sort(), requests.map((r) => r.number).sort());
      assert.equal(maxInFlight, 3);
      assert.ok(Math.abs(clock.offsetMs) < 50, `offset ${clock.offsetMs}`);
      for (const [index, request] of requests.entries()) {
        const arrival = received.find((entry) => entry.number === request.number).at;
        assert.ok(sentAt[index] >= before && sentAt[index] <= after);
        assert.ok(sentAt[index] <= arrival + clock.uncertaintyMs, `request ${index} sent after it arrived`);
      }
    } finally {
      await generator.close();
      server.close();
    }
  });

  it('fails the load when the app does not answer 200', async () => {
    const server = createServer((_request, response) => {
      response.statusCode = 401;
      response.end();
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const generator = await startLoadGenerator({
      signingSecret: SECRET,
      responseBase: 'https://hooks.slack.com/commands/T1',
      replyTimeoutMs: 10_000,
    });
    try {
      await assert.rejects(
        generator.send({
          url: `http://127.0.0.1:${server.address().port}/`,
          requests: [{ number: 'x1', userId: 'U1', text: 'status 1' }],
          concurrency: 1,
        }),
        /answered 401/,
      );
    } finally {
      await generator.close();
      server.close();
    }
  });
});
