import { z } from 'zod';
import type { Account } from '../domain/account.js';
import { type Window, WindowSchema, windowRange } from '../time/period.js';
import {
  type AggregateColumns,
  type AggregateInput,
  rollUpAggregateColumns,
  toAggregateColumns,
} from './aggregate-columns.js';
import { computeMetrics, METRIC_NAMES, type MetricTable } from './metric-table.js';

/**
 * A reference to one per-account figure, as policies and scoring models write it:
 * a metric over a window relative to the as-of month (`revenue` over `last year`),
 * a custom attribute (`headcount`), or a flag (`VIP`, 1 when set, else 0).
 */
export const FigureRefSchema = z.union([
  z.strictObject({
    metric: z.enum(METRIC_NAMES),
    window: WindowSchema.default({ unit: 'month', offset: 0 }),
    /** Sum over the account's subtree in the structure tree. */
    rollUp: z.boolean().default(false),
  }),
  z.strictObject({ attribute: z.string().min(1) }),
  z.strictObject({ flag: z.string().min(1) }),
]);
/** A reference to one per-account figure. */
export type FigureRef = z.infer<typeof FigureRefSchema>;
/** Input form of a figure reference. */
export type FigureRefInput = z.input<typeof FigureRefSchema>;

/** A short stable key for a figure reference (for caches and explanations). */
export function figureKey(ref: FigureRef): string {
  if ('metric' in ref) return `${ref.metric}@${windowKey(ref.window)}${ref.rollUp ? '+tree' : ''}`;
  if ('attribute' in ref) return `attr:${ref.attribute}`;
  return `flag:${ref.flag}`;
}

function windowKey(window: Window): string {
  switch (window.unit) {
    case 'rolling':
      return `rolling${window.months}`;
    case 'cumulative':
      return 'cumulative';
    default:
      return `${window.unit}${window.offset}`;
  }
}

/** What figures are computed from: the portfolio, its aggregates and the as-of month. */
export interface FigureContextOptions {
  accounts: readonly Account[];
  /** Monthly aggregates, as rows or in columns (used as they are). */
  aggregates: AggregateInput;
  /** As-of month `YYYY-MM`: "this month" in every window. */
  asOf: string;
  /** Date recency is measured to (default: the last day of the window). */
  asOfDate?: string;
  /** `topShare` k (default 5). */
  topK?: number;
}

/**
 * Resolves {@link FigureRef}s to columns aligned with `accountIds`, computing
 * each window's metric table once.
 */
export class FigureContext {
  readonly accountIds: readonly string[];
  readonly accounts: readonly Account[];
  readonly asOf: string;
  readonly #options: FigureContextOptions;
  readonly #tables = new Map<string, MetricTable>();
  readonly #columns = new Map<string, Float64Array>();
  readonly #indexOf: Map<string, number>;
  #flatColumns: AggregateColumns | undefined;
  #rolledUpColumns: AggregateColumns | undefined;

  constructor(options: FigureContextOptions) {
    this.#options = options;
    this.accounts = options.accounts;
    this.accountIds = options.accounts.map((account) => account.id);
    this.asOf = options.asOf;
    this.#indexOf = new Map(this.accountIds.map((id, index) => [id, index] as const));
  }

  /** The metric table of a window (flat, or rolled up the structure tree). */
  table(window: Window, rollUp = false): MetricTable {
    const key = `${windowKey(window)}${rollUp ? '+tree' : ''}`;
    let table = this.#tables.get(key);
    if (!table) {
      const range = windowRange(window, this.asOf);
      table = computeMetrics({
        aggregates: rollUp ? this.#rolledUpAggregateColumns() : this.#aggregateColumns(),
        range,
        accountIds: this.accountIds,
        ...(this.#options.asOfDate === undefined ? {} : { asOfDate: this.#options.asOfDate }),
        ...(this.#options.topK === undefined ? {} : { topK: this.#options.topK }),
      });
      this.#tables.set(key, table);
    }
    return table;
  }

  /** One figure for every account, aligned with {@link FigureContext.accountIds}. Unknown → NaN. */
  column(ref: FigureRef): Float64Array {
    const key = figureKey(ref);
    let column = this.#columns.get(key);
    if (column) return column;
    if ('metric' in ref) {
      column = this.table(ref.window, ref.rollUp).columns[ref.metric];
    } else if ('attribute' in ref) {
      column = new Float64Array(this.accounts.length);
      this.accounts.forEach((account, index) => {
        const value = account.attributes[ref.attribute];
        column![index] =
          typeof value === 'number'
            ? value
            : typeof value === 'boolean'
              ? Number(value)
              : readNumberText(value);
      });
    } else {
      column = new Float64Array(this.accounts.length);
      this.accounts.forEach((account, index) => {
        column![index] = account.flags.includes(ref.flag) ? 1 : 0;
      });
    }
    this.#columns.set(key, column);
    return column;
  }

  /** One figure of one account (NaN when unknown). */
  value(ref: FigureRef, accountId: string): number {
    const index = this.indexOf(accountId);
    return index === undefined ? Number.NaN : this.column(ref)[index]!;
  }

  /** Position of an account in the context. */
  indexOf(accountId: string): number | undefined {
    return this.#indexOf.get(accountId);
  }

  /**
   * The aggregates in columns, converted once per context: each window's
   * table reads the same rows, and converting them again for every window
   * was half of a 10,000-account month's computation.
   */
  #aggregateColumns(): AggregateColumns {
    this.#flatColumns ??= toAggregateColumns(this.#options.aggregates);
    return this.#flatColumns;
  }

  #rolledUpAggregateColumns(): AggregateColumns {
    if (!this.#rolledUpColumns) {
      const parentOf = new Map(this.accounts.map((account) => [account.id, account.parentId] as const));
      this.#rolledUpColumns = rollUpAggregateColumns(this.#aggregateColumns(), parentOf);
    }
    return this.#rolledUpColumns;
  }
}

/** A plain number as spreadsheets write it: `2000`, `2,000`, `２，０００`, `1 250.5`, `-3`. */
const NUMBER_TEXT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/**
 * Read an attribute written as text into a number: thousands separators,
 * full-width digits and inner spaces are accepted (`2,000` is 2000); anything
 * else (`n/a`, `2千`) is unknown (NaN), never a guess.
 *
 * @param value - the attribute as stored.
 * @returns the number, or NaN when the text is not a plain number.
 */
export function readNumberText(value: string | null | undefined): number {
  if (value === null || value === undefined) return Number.NaN;
  const text = value.normalize('NFKC').replaceAll('，', ',').replace(/\s+/g, '');
  if (!NUMBER_TEXT.test(text)) return Number.NaN;
  return Number(text.replaceAll(',', ''));
}
