import { createHash } from 'node:crypto';
import ky, { HTTPError, type KyInstance, TimeoutError } from 'ky';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { RenderedReport } from '../reports/render/render-report.js';
import type { SlackMessage } from '../reports/render/slack-blocks.js';
import { splitMessages } from '../reports/render/split-messages.js';
import type { Store } from '../store/port.js';
import { runOnce } from './run-once.js';

/** Where a report goes. */
export type WebhookTarget =
  /** A WeCom (企业微信) group robot: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`. */
  | { kind: 'wecom'; url: string }
  /** A Slack incoming webhook. */
  | { kind: 'slack'; url: string }
  /** Any endpoint taking JSON. */
  | { kind: 'json'; url: string; headers?: Record<string, string> };

/** One message, in the shape its platform expects. */
export type WebhookMessage =
  | { kind: 'wecom-markdown'; content: string }
  | { kind: 'wecom-text'; content: string; mentionedList?: string[] }
  /** A PNG (e.g. a chart through `svgToPng`), at most 2 MB. */
  | { kind: 'wecom-image'; png: Uint8Array }
  | { kind: 'slack'; message: SlackMessage | { text: string } }
  | { kind: 'json'; body: unknown };

/** WeCom group-robot limits. */
export const WECOM_LIMITS = { markdownBytes: 4096, textBytes: 2048, messagesPerMinute: 20 } as const;

/** Options for {@link createNotifier}. */
export interface NotifierOptions {
  /** Where delivery ids are claimed, so a retried delivery is not a second report. */
  store: Store;
  /** Clock (for claims and the rate limit). */
  now?: () => Date;
  /** Waits before sending when the rate limit is reached (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
  /** Retries on 429 and 5xx (default 4), with exponential backoff; `Retry-After` is honoured. */
  retries?: number;
  /** Backoff delay for attempt n ≥ 1 (default 300 ms · 2ⁿ⁻¹, at most 30 s). */
  backoffMs?: (attempt: number) => number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** How long a claimed delivery keeps other callers out before a failed one may be retried (default 10 minutes). */
  leaseMs?: number;
  /** `fetch` to use (default global). */
  fetch?: typeof fetch;
}

/** The outcome of one delivery. */
export interface DeliveryResult {
  deliveryId: string;
  /** `sent`: this call sent (the rest of) it; `duplicate`: it was delivered before; `in-progress`: another replica is sending it. */
  status: 'sent' | 'duplicate' | 'in-progress';
  /** Messages sent by this call. */
  sent: number;
}

/** Sends reports to webhooks. */
export interface Notifier {
  /**
   * Deliver `messages` once per `deliveryId`: each message is claimed in the
   * store before it is sent, so calling again with the same id (a retry after
   * a crash, a second replica) sends only what was not sent yet.
   *
   * @throws KamError `DELIVERY` when the endpoint keeps failing or rejects the message.
   */
  send(options: {
    target: WebhookTarget;
    messages: readonly WebhookMessage[];
    deliveryId: string;
  }): Promise<DeliveryResult>;
}

/**
 * Create a notifier for WeCom group robots, Slack incoming webhooks and
 * generic JSON endpoints, over `ky` with retries (429 and 5xx, honouring
 * `Retry-After`), the WeCom rate limit (20 messages a minute per robot) and
 * idempotent delivery ids. Every request carries `X-Kamkit-Delivery:
 * <id>:<n>` so receivers can de-duplicate too.
 *
 * @example
 * ```ts
 * const notifier = createNotifier({ store });
 * const rendered = renderReport(analysis, { locale: 'zh-CN', format: 'md' });
 * await notifier.send({ target, messages: webhookMessages(target, rendered), deliveryId: 'portfolio:2026-10:ops' });
 * ```
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const backoff = options.backoffMs ?? ((attempt: number) => Math.min(30_000, 300 * 2 ** (attempt - 1)));
  const sentAt = new Map<string, number[]>();
  const lease = options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs };
  const client: KyInstance = ky.create({
    ...(options.fetch ? { fetch: options.fetch } : {}),
    timeout: options.timeoutMs ?? 10_000,
    retry: {
      limit: options.retries ?? 4,
      methods: ['post'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [413, 429, 503],
      maxRetryAfter: 120_000,
      delay: backoff,
    },
    hooks: {
      afterResponse: [
        async (request, _options, response) => {
          // WeCom answers 200 with errcode 45009 when the robot is over its rate limit, -1 when busy.
          if (!request.url.includes('qyapi.weixin.qq.com') && !request.headers.has('x-kamkit-wecom')) return;
          const body = (await response
            .clone()
            .json()
            .catch(() => ({}))) as { errcode?: number };
          if (body.errcode === 45009 || body.errcode === -1) return ky.retry();
          return;
        },
      ],
    },
  });

  async function throttle(target: WebhookTarget): Promise<void> {
    if (target.kind !== 'wecom') return;
    const window = 60_000;
    const times = (sentAt.get(target.url) ?? []).filter((time) => now().getTime() - time < window);
    if (times.length >= WECOM_LIMITS.messagesPerMinute) {
      await sleep(window - (now().getTime() - times[0]!));
    }
    times.push(now().getTime());
    sentAt.set(
      target.url,
      times.filter((time) => now().getTime() - time < window),
    );
  }

  async function post(target: WebhookTarget, message: WebhookMessage, id: string): Promise<void> {
    await throttle(target);
    const headers: Record<string, string> = {
      'x-kamkit-delivery': id,
      ...(target.kind === 'json' ? target.headers : {}),
      ...(target.kind === 'wecom' ? { 'x-kamkit-wecom': '1' } : {}),
    };
    try {
      const response = await client.post(target.url, { json: payload(message), headers });
      if (target.kind === 'wecom') {
        const body = (await response.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
        if (body.errcode !== undefined && body.errcode !== 0) {
          throw deliveryError(target, `errcode ${body.errcode}: ${body.errmsg ?? ''}`);
        }
      }
    } catch (error) {
      if (error instanceof KamError) throw error;
      const detail =
        error instanceof HTTPError
          ? `HTTP ${error.response.status}`
          : error instanceof TimeoutError
            ? 'timeout'
            : error instanceof Error
              ? error.message
              : String(error);
      throw deliveryError(target, detail, error);
    }
  }

  return {
    async send({ target, messages, deliveryId }) {
      const whole = await runOnce(
        { store: options.store, key: `delivery:${deliveryId}`, now, ...lease },
        async () => {
          let sent = 0;
          for (const [index, message] of messages.entries()) {
            const id = `${deliveryId}:${index}`;
            const result = await runOnce(
              { store: options.store, key: `delivery-part:${id}`, now, ...lease },
              () => post(target, message, id),
            );
            if (result.status === 'skipped' && result.reason === 'in-progress') {
              throw deliveryError(target, `message ${index} is being sent by another process`);
            }
            if (result.status === 'done') sent += 1;
          }
          return sent;
        },
      );
      if (whole.status === 'done') return { deliveryId, status: 'sent', sent: whole.value };
      return { deliveryId, status: whole.reason === 'already-done' ? 'duplicate' : 'in-progress', sent: 0 };
    },
  };
}

function payload(message: WebhookMessage): unknown {
  switch (message.kind) {
    case 'wecom-markdown':
      return { msgtype: 'markdown', markdown: { content: message.content } };
    case 'wecom-text':
      return {
        msgtype: 'text',
        text: {
          content: message.content,
          ...(message.mentionedList ? { mentioned_list: message.mentionedList } : {}),
        },
      };
    case 'wecom-image': {
      const bytes = Buffer.from(message.png);
      return {
        msgtype: 'image',
        image: { base64: bytes.toString('base64'), md5: createHash('md5').update(bytes).digest('hex') },
      };
    }
    case 'slack':
      return message.message;
    case 'json':
      return message.body;
  }
}

function deliveryError(target: WebhookTarget, detail: string, cause?: unknown): KamError {
  const host = safeHost(target.url);
  return new KamError({
    code: KAM_ERROR_CODES.DELIVERY,
    path: 'target.url',
    message: {
      'zh-CN': `发送到 ${target.kind}（${host}）失败：${detail}`,
      en: `Delivery to ${target.kind} (${host}) failed: ${detail}`,
    },
    cause,
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid URL';
  }
}

/**
 * The messages that carry a rendered report to a target: WeCom markdown
 * (≤ 4,096 bytes each) for `md`, WeCom text (≤ 2,048 bytes each) for `txt`,
 * Block Kit messages for `slack`, the text for other formats on Slack, and
 * `{ format, text | html }` for a JSON endpoint.
 *
 * @throws KamError `INVALID_INPUT` for HTML to a chat platform.
 */
export function webhookMessages(target: WebhookTarget, rendered: RenderedReport): WebhookMessage[] {
  if (target.kind === 'json') {
    return [
      {
        kind: 'json',
        body:
          rendered.format === 'html'
            ? { format: 'html', html: rendered.html }
            : { format: rendered.format, text: rendered.text },
      },
    ];
  }
  if (rendered.format === 'html') {
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path: 'format',
      message: {
        'zh-CN': 'HTML 报表不能直接发到聊天机器人，请用 md、txt 或 slack 格式',
        en: 'An HTML report cannot go to a chat webhook; use md, txt or slack',
      },
    });
  }
  if (target.kind === 'slack') {
    return rendered.format === 'slack'
      ? rendered.messages.map((message) => ({ kind: 'slack', message }))
      : splitMessages(rendered.text, 3001).map((text) => ({ kind: 'slack', message: { text } }));
  }
  if (rendered.format === 'md') {
    return splitMessages(rendered.text, WECOM_LIMITS.markdownBytes + 1).map((content) => ({
      kind: 'wecom-markdown',
      content,
    }));
  }
  return splitMessages(rendered.text, WECOM_LIMITS.textBytes + 1).map((content) => ({
    kind: 'wecom-text',
    content,
  }));
}
