/**
 * Outgoing messages, paced: WeChat limits accounts that send too often, so
 * the bot sends one message at a time, at least `intervalMs` apart, and at
 * most `dailyCap` a day.
 *
 * @module
 */
import { DEFAULT_TIME_ZONE, KAM_ERROR_CODES, KamError, localDate } from '@kamkit/sdk';

/** What happened to one queued message. */
export type SendOutcome = 'sent' | 'capped' | 'failed' | 'stopped';

/** One message waiting to be sent. */
export interface OutgoingMessage {
  /** A room id or a contact id. */
  conversationId: string;
  text: string;
}

/** Options of {@link createSendQueue}. */
export interface SendQueueOptions {
  /** Sends one text (e.g. `wechaty.puppet.messageSendText`). */
  send: (conversationId: string, text: string) => Promise<unknown>;
  /** Least time between two messages (default 1,500 ms). */
  intervalMs?: number;
  /** Most messages a day, counted in `timeZone`; later ones are dropped (default 500). */
  dailyCap?: number;
  /** Time zone of the daily count (default Asia/Shanghai). */
  timeZone?: string;
  /** Clock (default `() => new Date()`); tests pass a fixed one. */
  now?: () => Date;
  /** Waits (default a timer); tests pass one that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Told about every message that was not sent, and why. */
  onDrop?: (message: OutgoingMessage, outcome: Exclude<SendOutcome, 'sent'>, error?: unknown) => void;
}

/** The queue; see {@link createSendQueue}. */
export interface SendQueue {
  /** Queue one message; resolves when it was sent or dropped. */
  enqueue(conversationId: string, text: string): Promise<SendOutcome>;
  /** Resolves when nothing is waiting or being sent. */
  idle(): Promise<void>;
  /** Messages sent on the current day. */
  sentToday(): number;
  /** Messages waiting. */
  readonly pending: number;
  /** Drop everything waiting (outcome `stopped`) and refuse new messages. */
  stop(): void;
}

interface Entry extends OutgoingMessage {
  resolve: (outcome: SendOutcome) => void;
}

/**
 * Create a paced send queue. Messages go out in the order queued, one at a
 * time, each at least `intervalMs` after the previous one; once `dailyCap`
 * messages went out on a day (in `timeZone`), the rest of that day's are
 * dropped with outcome `capped`. A failed send is reported and the queue goes
 * on. The count is kept in memory: one queue per bot process.
 *
 * @throws KamError `INVALID_CONFIG` for a negative interval or a cap below 1.
 * @example
 * ```ts
 * const queue = createSendQueue({
 *   send: (id, text) => wechaty.puppet.messageSendText(id, text),
 *   intervalMs: 2_000,
 *   dailyCap: 300,
 * });
 * await queue.enqueue(roomId, '本月报表已生成');
 * ```
 */
export function createSendQueue(options: SendQueueOptions): SendQueue {
  const intervalMs = options.intervalMs ?? 1_500;
  const dailyCap = options.dailyCap ?? 500;
  if (!Number.isFinite(intervalMs) || intervalMs < 0)
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path: 'intervalMs',
      message: {
        'zh-CN': '发送间隔必须是非负毫秒数',
        en: 'intervalMs must be a non-negative number of milliseconds',
      },
    });
  if (!Number.isInteger(dailyCap) || dailyCap < 1)
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path: 'dailyCap',
      message: { 'zh-CN': '每日上限必须是不小于 1 的整数', en: 'dailyCap must be an integer of at least 1' },
    });
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const waiting: Entry[] = [];
  let running: Promise<void> | undefined;
  let stopped = false;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let day = '';
  let sentOnDay = 0;

  function countFor(at: Date): number {
    const today = localDate(at, timeZone);
    if (today !== day) {
      day = today;
      sentOnDay = 0;
    }
    return sentOnDay;
  }

  function drop(entry: Entry, outcome: Exclude<SendOutcome, 'sent'>, error?: unknown) {
    options.onDrop?.({ conversationId: entry.conversationId, text: entry.text }, outcome, error);
    entry.resolve(outcome);
  }

  async function drain(): Promise<void> {
    for (let entry = waiting.shift(); entry; entry = waiting.shift()) {
      if (stopped) {
        drop(entry, 'stopped');
        continue;
      }
      if (countFor(now()) >= dailyCap) {
        drop(entry, 'capped');
        continue;
      }
      const wait = lastSentAt + intervalMs - now().getTime();
      if (wait > 0) await sleep(wait);
      if (stopped) {
        drop(entry, 'stopped');
        continue;
      }
      try {
        await options.send(entry.conversationId, entry.text);
        lastSentAt = now().getTime();
        countFor(now());
        sentOnDay += 1;
        entry.resolve('sent');
      } catch (error) {
        lastSentAt = now().getTime();
        drop(entry, 'failed', error);
      }
    }
  }

  function kick() {
    running ??= drain().finally(() => {
      running = undefined;
      if (waiting.length > 0) kick();
    });
  }

  return {
    enqueue(conversationId, text) {
      return new Promise<SendOutcome>((resolve) => {
        const entry: Entry = { conversationId, text, resolve };
        if (stopped) {
          drop(entry, 'stopped');
          return;
        }
        waiting.push(entry);
        kick();
      });
    },
    async idle() {
      while (running) await running;
    },
    sentToday: () => countFor(now()),
    get pending() {
      return waiting.length;
    },
    stop() {
      stopped = true;
      for (let entry = waiting.shift(); entry; entry = waiting.shift()) drop(entry, 'stopped');
    },
  };
}
