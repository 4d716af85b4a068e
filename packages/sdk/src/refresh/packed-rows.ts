/**
 * A month's account rows as the worker thread posts them: the rows' JSON
 * texts of each block packed into one UTF-8 byte array, beside each row's
 * keys and alerts.
 *
 * Posted as strings (~7.5 KB each), 100,000 rows arrived in the asking
 * thread as ~750 MB of small strings, each copied by the young generation's
 * collections on their way to the old one: dozens of 40–65 ms pauses of a
 * bot's event loop while a refresh ran. Bytes live outside the JavaScript
 * heap, so no collection copies them; a row's text is decoded only when it
 * is written, and is garbage right after.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import {
  type PreparedMonth,
  type SerialisedComputedAccount,
  serialiseAccountMonth,
} from '../results/compute-month.js';

/** Where one row's JSON text lies in its block's bytes. */
interface PackedText {
  bytes: Uint8Array;
  start: number;
  end: number;
}

/** An account row as posted: {@link SerialisedComputedAccount} with its text packed. */
export type PackedAccountRow = Omit<SerialisedComputedAccount, 'json'> & { packed: PackedText };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Pack the rows' JSON texts, `block` rows to a byte array (post the rows in
 * slices of `block`, so each message carries its own array once).
 *
 * @example
 * ```ts
 * const posted = packAccountRows(computed.accounts, 250);
 * ```
 */
export function packAccountRows(
  rows: readonly SerialisedComputedAccount[],
  block: number,
): PackedAccountRow[] {
  const packed: PackedAccountRow[] = [];
  for (let first = 0; first < rows.length; first += block) {
    const slice = rows.slice(first, first + block);
    const bytes = encoder.encode(slice.map((row) => row.json).join(''));
    let start = 0;
    for (const { json, ...row } of slice) {
      const end = start + Buffer.byteLength(json, 'utf8');
      packed.push({ ...row, packed: { bytes, start, end } });
      start = end;
    }
  }
  return packed;
}

/**
 * The posted rows as {@link SerialisedComputedAccount}s whose `json` is read
 * from the packed bytes each time it is asked for.
 *
 * @example
 * ```ts
 * const rows = unpackAccountRows(message.items);
 * rows[0].json; // the row's JSON text, decoded now
 * ```
 */
export function unpackAccountRows(rows: readonly PackedAccountRow[]): SerialisedComputedAccount[] {
  return rows.map((row) => new UnpackedRow(row));
}

class UnpackedRow implements SerialisedComputedAccount {
  accountId: string;
  rank: number;
  alerts: SerialisedComputedAccount['alerts'];
  score?: SerialisedComputedAccount['score'];
  readonly #packed: PackedText;

  constructor({ packed, ...row }: PackedAccountRow) {
    this.accountId = row.accountId;
    this.rank = row.rank;
    this.alerts = row.alerts;
    if (row.score !== undefined) this.score = row.score;
    this.#packed = packed;
  }

  get json(): string {
    const { bytes, start, end } = this.#packed;
    return decoder.decode(bytes.subarray(start, end));
  }
}

/**
 * A prepared month's account rows, `slice` at a time: each slice's rows
 * built, serialised ({@link serialiseAccountMonth}) and packed
 * ({@link packAccountRows}) only when the slice is asked for, so a caller
 * that sends or keeps each slice's bytes before asking for the next never
 * holds more than one slice's row objects and texts.
 *
 * @example
 * ```ts
 * for (const rows of packedAccountSlices(prepareMonth(inputs, policies), { keepScores: false, slice: 250 }))
 *   port.postMessage({ kind: 'part', field: 'accounts', items: rows });
 * ```
 */
export function* packedAccountSlices(
  prepared: Pick<PreparedMonth, 'accountCount' | 'accountRow'>,
  options: { keepScores: boolean; slice: number },
): Generator<PackedAccountRow[]> {
  const { accountCount, accountRow } = prepared;
  for (let first = 0; first < accountCount; first += options.slice) {
    const rows: SerialisedComputedAccount[] = [];
    for (let index = first; index < Math.min(first + options.slice, accountCount); index++)
      rows.push(serialiseAccountMonth(accountRow(index), options.keepScores));
    yield packAccountRows(rows, options.slice);
  }
}
