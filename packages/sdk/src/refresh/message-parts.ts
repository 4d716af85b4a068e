/**
 * Posting a large object between threads in parts: each of its large array
 * fields goes in slices, one message each, and the rest of the object last.
 * Structured-cloning a month's inputs or results in one message holds the
 * thread that (de)serialises it for seconds at 10,000 accounts; in parts,
 * the event loop gets a turn between them.
 *
 * @module
 */

/** A message of the parts protocol. */
export type PartMessage =
  /** A slice of one array field. */
  | { kind: 'part'; field: string; items: unknown[] }
  /** The object without its sliced fields: the receiver puts the slices back. */
  | { kind: 'whole'; value: Record<string, unknown> };

/** Where parts are posted (a worker, or the worker thread's parent port). */
export interface PartsTarget {
  postMessage(message: unknown): void;
}

/** Items per message of each array field to slice; fields not named go in the last message. */
export type PartSizes = Readonly<Record<string, number>>;

/**
 * Post `value` in parts: each field named in `sizes` (an array) in slices of
 * that many items, awaiting `between()` after each message (a turn of the
 * loop where the posting thread must stay responsive; the receiver's
 * acknowledgement where the receiving one must), then the rest of the object.
 *
 * @example
 * ```ts
 * await postInParts(worker, inputs, { aggregates: 20_000 }, () => new Promise((resolve) => setImmediate(resolve)));
 * ```
 */
export async function postInParts(
  target: PartsTarget,
  value: object,
  sizes: PartSizes,
  between: () => Promise<void>,
): Promise<void> {
  const rest: Record<string, unknown> = { ...value };
  for (const [field, size] of Object.entries(sizes)) {
    const items = rest[field];
    if (!Array.isArray(items)) continue;
    rest[field] = [];
    for (let start = 0; start < items.length; start += size) {
      target.postMessage({
        kind: 'part',
        field,
        items: items.slice(start, start + size),
      } satisfies PartMessage);
      await between();
    }
  }
  target.postMessage({ kind: 'whole', value: rest } satisfies PartMessage);
}

/** Whether a message belongs to the parts protocol. */
export function isPartMessage(message: unknown): message is PartMessage {
  const kind = (message as { kind?: unknown } | null)?.kind;
  return kind === 'part' || kind === 'whole';
}

/**
 * Puts an object posted with {@link postInParts} back together: feed it each
 * message; it answers the whole object once the last one arrived.
 *
 * @example
 * ```ts
 * const parts = new PartsReceiver<ReportInputs>();
 * port.on('message', (message) => { const inputs = parts.accept(message); if (inputs) run(inputs); });
 * ```
 */
export class PartsReceiver<T extends object> {
  #slices = new Map<string, unknown[][]>();

  /** Take one message; the whole object when it was the last, else `undefined`. */
  accept(message: PartMessage): T | undefined {
    if (message.kind === 'part') {
      const slices = this.#slices.get(message.field);
      if (slices) slices.push(message.items);
      else this.#slices.set(message.field, [message.items]);
      return undefined;
    }
    const value = { ...message.value };
    for (const [field, slices] of this.#slices) value[field] = slices.flat();
    this.#slices = new Map();
    return value as T;
  }
}
