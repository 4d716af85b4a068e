/**
 * A month's monthly aggregates as the asking thread posts them to the worker
 * thread: the typed-array columns as they are, and each text column as its
 * distinct values plus one index per row. Structured-cloning ~930,000 account
 * ids and as many categories (100,000 accounts) is one long pause of the
 * asking thread's loop; 100,000 distinct ids and an `Int32Array` are not.
 *
 * @module
 */
import { type AggregateColumns, makeAggregateColumns } from '../metrics/aggregate-columns.js';

/** A text column as its distinct values and, per row, the position of its value. */
interface PackedTexts {
  values: string[];
  index: Int32Array;
}

/** {@link AggregateColumns} with its text columns packed. */
export interface PackedAggregateColumns extends Omit<AggregateColumns, 'accountId' | 'category'> {
  kind: 'packed-aggregates';
  accountId: PackedTexts;
  category: PackedTexts;
}

function packTexts(texts: readonly string[]): PackedTexts {
  const positions = new Map<string, number>();
  const values: string[] = [];
  const index = new Int32Array(texts.length);
  let previous: string | undefined;
  let position = -1;
  for (let row = 0; row < texts.length; row++) {
    const text = texts[row]!;
    if (text !== previous) {
      previous = text;
      position = positions.get(text) ?? -1;
      if (position < 0) {
        position = values.length;
        values.push(text);
        positions.set(text, position);
      }
    }
    index[row] = position;
  }
  return { values, index };
}

function unpackTexts({ values, index }: PackedTexts): string[] {
  const texts: string[] = [];
  for (let row = 0; row < index.length; row++) texts.push(values[index[row]!]!);
  return texts;
}

/**
 * Pack aggregate columns for posting to another thread.
 *
 * @example
 * ```ts
 * worker.postMessage(packAggregateColumns(columns));
 * ```
 */
export function packAggregateColumns(columns: AggregateColumns): PackedAggregateColumns {
  return {
    ...columns,
    kind: 'packed-aggregates',
    accountId: packTexts(columns.accountId),
    category: packTexts(columns.category),
  };
}

/** Whether a posted value is {@link PackedAggregateColumns}. */
export function isPackedAggregateColumns(value: unknown): value is PackedAggregateColumns {
  return (value as { kind?: unknown } | null)?.kind === 'packed-aggregates';
}

/**
 * The columns of posted {@link PackedAggregateColumns}, each row's texts one
 * of the distinct strings.
 *
 * @example
 * ```ts
 * const columns = unpackAggregateColumns(message.aggregates);
 * ```
 */
export function unpackAggregateColumns(packed: PackedAggregateColumns): AggregateColumns {
  const { kind: _kind, size, accountId, category, ...numbers } = packed;
  return makeAggregateColumns(size, {
    ...numbers,
    accountId: unpackTexts(accountId),
    category: unpackTexts(category),
  });
}
