/**
 * The hot path of transaction imports: a hand-written checker for the plain,
 * canonical cells a generated or exported CSV holds (`2026-03-05`, `1200.50`,
 * `120050`, trimmed text). It either returns exactly the record the domain
 * schema (`TransactionSchema`, zod) would produce for the row, or `undefined`
 * — "not sure" — and the row then goes through the general column converters
 * and the zod schema, which stay the single definition of what is valid and
 * produce the row/column problems. It never rejects a row on its own, so it
 * cannot change which rows are refused or what the messages say; the property
 * test in `fast-transaction.test.ts` holds it to the schema.
 *
 * @module
 */
import { isStorableText, MAX_KEY_LENGTH } from '../domain/storable-text.js';
import type { Transaction } from '../domain/transaction.js';
import type { ColumnSpec } from './columns.js';

/** The fields of a transaction the fast path fills, and how each cell reads. */
type FastKind = 'text' | 'date' | 'yuan' | 'fen' | 'number';

const FIELD_KINDS: Record<string, FastKind | undefined> = {
  id: 'text',
  accountId: 'text',
  category: 'text',
  unit: 'text',
  date: 'date',
  amountFen: undefined,
  units: 'number',
  costFen: undefined,
  profitFen: undefined,
  marketTotalFen: undefined,
};

const MONEY_FIELDS = new Set(['amountFen', 'costFen', 'profitFen', 'marketTotalFen']);

/** One bound column of the header: where its cell is and how to read it. */
interface FastColumn {
  index: number;
  field: keyof Transaction;
  kind: FastKind;
}

/** A plan for one CSV header; `undefined` when the header is outside what the fast path handles. */
export interface FastTransactionPlan {
  columns: readonly FastColumn[];
  /** Number of header cells; a row with more non-empty cells goes the general way. */
  width: number;
}

const DIGITS = /^\d{1,15}$/;
const YUAN = /^(\d{1,13})(?:\.(\d{1,2}))?$/;
const DECIMAL = /^\d{1,15}(?:\.\d{1,15})?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Build the fast plan for a header, given the column spec each header cell
 * is bound to (`undefined` for ignored columns). Returns `undefined` when a
 * field is named twice or a column is not one the fast path knows — the
 * general path handles those files.
 *
 * @param specs - per header cell, its column spec.
 */
export function planFastTransactions(
  specs: readonly (ColumnSpec | undefined)[],
): FastTransactionPlan | undefined {
  const columns: FastColumn[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < specs.length; index++) {
    const spec = specs[index];
    if (spec === undefined) continue;
    const field = spec.field;
    if (seen.has(field)) return undefined;
    seen.add(field);
    let kind = FIELD_KINDS[field];
    if (MONEY_FIELDS.has(field)) kind = spec.unit;
    if (kind === undefined) return undefined;
    columns.push({ index, field: field as keyof Transaction, kind });
  }
  return { columns, width: specs.length };
}

function isRealDate(text: string): boolean {
  // YYYY-MM-DD, digits checked by the caller's pattern.
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && (year % 4 === 0 ? year % 100 !== 0 || year % 400 === 0 : false);
  return day <= (DAYS_IN_MONTH[month - 1] as number) + (leap ? 1 : 0);
}

function isDateShape(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  for (let index = 0; index < 10; index++) {
    if (index === 4 || index === 7) continue;
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** Sentinel: the cell is outside the fast path. */
const UNSURE = Symbol('unsure');

function readCell(kind: FastKind, cell: string): unknown {
  switch (kind) {
    case 'text': {
      const text = cell.trim();
      if (text.length > MAX_KEY_LENGTH) return UNSURE;
      return text === '' ? undefined : text;
    }
    case 'date':
      if (cell === '') return undefined;
      return isDateShape(cell) && isRealDate(cell) ? cell : UNSURE;
    case 'fen':
      if (cell === '') return undefined;
      return DIGITS.test(cell) ? Number(cell) : UNSURE;
    case 'yuan': {
      if (cell === '') return undefined;
      const match = YUAN.exec(cell);
      if (!match) return UNSURE;
      const fraction = match[2] ?? '';
      const fen = Number(match[1]) * 100 + (fraction === '' ? 0 : Number(fraction.padEnd(2, '0')));
      return Number.isSafeInteger(fen) ? fen : UNSURE;
    }
    case 'number':
      if (cell === '') return undefined;
      return DECIMAL.test(cell) ? Number(cell) : UNSURE;
  }
}

/**
 * Read one CSV row with the plan: the schema's record (id still to be
 * generated when `hasId` is false), or `undefined` when any cell or the row
 * needs the general path.
 */
export function readFastTransaction(
  plan: FastTransactionPlan,
  values: readonly unknown[],
): { record: Partial<Transaction>; hasId: boolean } | undefined {
  if (values.length > plan.width) {
    for (let index = plan.width; index < values.length; index++) {
      const extra = values[index];
      if (typeof extra !== 'string' || extra.trim() !== '') return undefined;
    }
  }
  const record: Record<string, unknown> = {};
  // A replacement character anywhere (even in an ignored column) is a wrong-encoding problem;
  // a NUL or an unpaired surrogate is refused by the general path.
  for (let index = 0; index < values.length; index++) {
    const cell = values[index];
    if (typeof cell !== 'string' || cell.includes('\uFFFD') || !isStorableText(cell)) return undefined;
  }
  for (const column of plan.columns) {
    const cell = values[column.index] as string | undefined;
    if (cell === undefined) continue;
    const value = readCell(column.kind, cell);
    if (value === UNSURE) return undefined;
    if (value !== undefined) record[column.field] = value;
  }
  if (record.accountId === undefined || record.date === undefined || record.amountFen === undefined)
    return undefined;
  record.category ??= 'general';
  return { record: record as Partial<Transaction>, hasId: record.id !== undefined };
}
