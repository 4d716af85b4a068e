import { createHash } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { svgToPng } from '../reports/charts/png.js';
import { barChart } from '../reports/charts/svg.js';
import { renderReport } from '../reports/render/render-report.js';
import { utf8Bytes } from '../reports/render/split-messages.js';
import { createMemoryStore } from '../store/index.js';
import { createNotifier, type WebhookTarget, webhookMessages } from './webhook.js';

const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test';
const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXX';
const JSON_URL = 'https://example.test/reports';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Received {
  body: unknown;
  delivery: string | null;
  at: number;
}

function record(url: string, respond: (count: number) => Response): Received[] {
  const received: Received[] = [];
  server.use(
    http.post(url.split('?')[0]!, async ({ request }) => {
      received.push({
        body: await request.json(),
        delivery: request.headers.get('x-kamkit-delivery'),
        at: Date.now(),
      });
      return respond(received.length);
    }),
  );
  return received;
}

const fast = { backoffMs: () => 5 };

describe('createNotifier', () => {
  it('posts WeCom markdown and sends a delivery only once per id', async () => {
    const received = record(WECOM, () => HttpResponse.json({ errcode: 0, errmsg: 'ok' }));
    const store = createMemoryStore();
    const notifier = createNotifier({ store, ...fast });
    const target: WebhookTarget = { kind: 'wecom', url: WECOM };
    const messages = [{ kind: 'wecom-markdown' as const, content: '# 报表\n本月 **¥150万**' }];
    expect(await notifier.send({ target, messages, deliveryId: 'p-2026-10' })).toEqual({
      deliveryId: 'p-2026-10',
      status: 'sent',
      sent: 1,
    });
    expect(await notifier.send({ target, messages, deliveryId: 'p-2026-10' })).toMatchObject({
      status: 'duplicate',
      sent: 0,
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toEqual({
      msgtype: 'markdown',
      markdown: { content: '# 报表\n本月 **¥150万**' },
    });
    expect(received[0]!.delivery).toBe('p-2026-10:0');
  });

  it('sends a chart as a WeCom image with its base64 and MD5', async () => {
    const received = record(WECOM, () => HttpResponse.json({ errcode: 0 }));
    const png = await svgToPng(barChart({ bars: [{ label: 'A', value: 1 }] }));
    await createNotifier({ store: createMemoryStore(), ...fast }).send({
      target: { kind: 'wecom', url: WECOM },
      messages: [{ kind: 'wecom-image', png }],
      deliveryId: 'chart',
    });
    const body = received[0]!.body as { msgtype: string; image: { base64: string; md5: string } };
    expect(body.msgtype).toBe('image');
    expect(Buffer.from(body.image.base64, 'base64').equals(Buffer.from(png))).toBe(true);
    expect(body.image.md5).toBe(createHash('md5').update(png).digest('hex'));
  });

  it('retries on 5xx with backoff and succeeds', async () => {
    const received = record(SLACK, (count) =>
      count < 3 ? new HttpResponse('oops', { status: 503 }) : new HttpResponse('ok'),
    );
    const notifier = createNotifier({ store: createMemoryStore(), ...fast });
    const result = await notifier.send({
      target: { kind: 'slack', url: SLACK },
      messages: [{ kind: 'slack', message: { text: 'hello' } }],
      deliveryId: 'd1',
    });
    expect(result.status).toBe('sent');
    expect(received).toHaveLength(3);
    expect(new Set(received.map((entry) => entry.delivery))).toEqual(new Set(['d1:0']));
  });

  it('honours Retry-After on 429', async () => {
    const received = record(JSON_URL, (count) =>
      count === 1
        ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '1' } })
        : HttpResponse.json({}),
    );
    const notifier = createNotifier({ store: createMemoryStore(), ...fast });
    await notifier.send({
      target: { kind: 'json', url: JSON_URL },
      messages: [{ kind: 'json', body: { a: 1 } }],
      deliveryId: 'd2',
    });
    expect(received).toHaveLength(2);
    expect(received[1]!.at - received[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('retries a WeCom rate-limit answer (errcode 45009) and fails with a KamError on another errcode', async () => {
    const received = record(WECOM, (count) =>
      HttpResponse.json(
        count === 1
          ? { errcode: 45009, errmsg: 'api freq out of limit' }
          : count === 2
            ? { errcode: 0 }
            : { errcode: 93000, errmsg: 'invalid webhook url' },
      ),
    );
    const notifier = createNotifier({ store: createMemoryStore(), ...fast });
    const target: WebhookTarget = { kind: 'wecom', url: WECOM };
    await notifier.send({ target, messages: [{ kind: 'wecom-text', content: 'a' }], deliveryId: 'ok' });
    expect(received).toHaveLength(2);
    await expect(
      notifier.send({ target, messages: [{ kind: 'wecom-text', content: 'b' }], deliveryId: 'bad' }),
    ).rejects.toMatchObject({ code: 'DELIVERY' });
  });

  it('after a failure part-way, a retry with the same id sends only the messages not yet sent', async () => {
    let failing = true;
    const received = record(SLACK, (count) =>
      failing && count === 2 ? new HttpResponse('down', { status: 500 }) : new HttpResponse('ok'),
    );
    let clock = Date.parse('2026-11-01T00:00:00Z');
    const now = () => new Date(clock);
    const store = createMemoryStore({ clock: now });
    const notifier = createNotifier({ store, now, retries: 0, leaseMs: 60_000 });
    const target: WebhookTarget = { kind: 'slack', url: SLACK };
    const messages = ['one', 'two', 'three'].map((text) => ({ kind: 'slack' as const, message: { text } }));
    await expect(notifier.send({ target, messages, deliveryId: 'r' })).rejects.toMatchObject({
      code: 'DELIVERY',
    });
    expect(await notifier.send({ target, messages, deliveryId: 'r' })).toMatchObject({
      status: 'in-progress',
    });
    failing = false;
    clock += 61_000;
    expect(await notifier.send({ target, messages, deliveryId: 'r' })).toMatchObject({
      status: 'sent',
      sent: 2,
    });
    expect(received.map((entry) => (entry.body as { text: string }).text)).toEqual([
      'one',
      'two',
      'two',
      'three',
    ]);
  });

  it('keeps to 20 WeCom messages a minute', async () => {
    record(WECOM, () => HttpResponse.json({ errcode: 0 }));
    let clock = 0;
    const waits: number[] = [];
    const notifier = createNotifier({
      store: createMemoryStore({ clock: () => new Date(clock) }),
      now: () => new Date(clock),
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    const messages = Array.from({ length: 25 }, (_, index) => ({
      kind: 'wecom-text' as const,
      content: String(index),
    }));
    await notifier.send({ target: { kind: 'wecom', url: WECOM }, messages, deliveryId: 'many' });
    expect(waits).toEqual([60_000]);
  });
});

describe('webhookMessages', () => {
  it('splits WeCom markdown under 4,096 bytes and text under 2,048, and rejects HTML for chat', () => {
    const text = Array.from({ length: 200 }, (_, index) => `- 第 ${index} 行：客户收入 ¥150万`).join('\n');
    const md = webhookMessages({ kind: 'wecom', url: WECOM }, { format: 'md', text });
    expect(md.length).toBeGreaterThan(1);
    for (const message of md) {
      expect(message.kind).toBe('wecom-markdown');
      if (message.kind === 'wecom-markdown') expect(utf8Bytes(message.content)).toBeLessThanOrEqual(4096);
    }
    const txt = webhookMessages({ kind: 'wecom', url: WECOM }, { format: 'txt', text, messages: [] });
    for (const message of txt)
      if (message.kind === 'wecom-text') expect(utf8Bytes(message.content)).toBeLessThanOrEqual(2048);
    expect(() => webhookMessages({ kind: 'slack', url: SLACK }, { format: 'html', html: '<p>' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    const slack = renderReport(
      {
        kind: 'review360-summary',
        cycleId: 'c',
        cycleName: '2026 H1',
        subjects: 0,
        byStatus: { complete: 0, 'excludes-withheld': 0, withheld: 0, 'no-data': 0 },
        meanOverall: null,
        grades: [],
        ranking: [],
      },
      { locale: 'en', format: 'slack' },
    );
    const blocks = webhookMessages({ kind: 'slack', url: SLACK }, slack);
    const first = blocks[0]!;
    expect(first.kind === 'slack' && 'blocks' in first.message && first.message.blocks[0]?.type).toBe(
      'header',
    );
  });
});
