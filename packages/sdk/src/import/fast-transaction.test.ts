/**
 * The fast transaction checker against the general path (column converters +
 * the zod `TransactionSchema`): on any row, the fast path either declines or
 * produces exactly the general path's record — so accepting, refusing and the
 * messages are always the schema's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnFor } from './columns.js';
import { planFastTransactions, readFastTransaction } from './fast-transaction.js';
import type { RawRow } from './read-rows.js';
import { RowMapper } from './row-mapper.js';

const HEADERS = [
  'id',
  'account_id',
  '客户编号',
  'date',
  '日期',
  'amount',
  'amount_fen',
  '金额(分)',
  'category',
  'units',
  'unit',
  'cost',
  'cost_fen',
  'profit',
  'profit_fen',
  'market_total',
  'market_total_fen',
  'note',
  '',
];

/** Cells near the edge of what the fast path takes: canonical values and their many look-alikes. */
const cell = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '00',
    '007',
    '12',
    '1200.5',
    '1200.50',
    '1200.505',
    '0.01',
    '.5',
    '5.',
    '-3',
    '+3',
    '1,200',
    '１２',
    '150万',
    '¥12',
    '9007199254740993',
    '999999999999999',
    '99999999999999.99',
    '2026-03-05',
    '2026-02-29',
    '2024-02-29',
    '1900-02-29',
    '2000-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-4-5',
    '2026/03/05',
    ' 2026-03-05',
    '20260305',
    'A1',
    ' A1 ',
    'PEK-SHA',
    '航线',
    'bad\uFFFD',
    '1e3',
    'NaN',
    // Text the database cannot store, and keys at and past the index limit.
    'A\u0000',
    '\u0000',
    'lone\uD800',
    '\uDC00x',
    '\uD83D\uDE00',
    'k'.repeat(200),
    'k'.repeat(201),
    ` ${'k'.repeat(200)} `,
  ),
  fc.string({ maxLength: 6 }),
  fc.integer({ min: 0, max: 10_000_000 }).map(String),
  fc
    .date({ min: new Date(Date.UTC(1999, 0, 1)), max: new Date(Date.UTC(2031, 0, 1)), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
);

const rowArbitrary = fc
  .uniqueArray(fc.constantFrom(...HEADERS), { minLength: 1, maxLength: 8 })
  .chain((keys) =>
    fc.record({
      keys: fc.constant(keys),
      values: fc.array(cell, { minLength: Math.max(0, keys.length - 1), maxLength: keys.length + 1 }),
    }),
  );

function mapBoth(keys: string[], values: string[]) {
  const raw: RawRow = { row: 2, keys, values, original: values };
  const fast = new RowMapper('transactions');
  const general = new RowMapper('transactions', undefined, { fastPath: false });
  fast.checkHeader(keys);
  general.checkHeader(keys);
  return { fast: fast.map(raw), general: general.map(raw) };
}

describe('fast transaction checker', () => {
  it('gives the same result as the zod schema on any row', () => {
    fc.assert(
      fc.property(rowArbitrary, ({ keys, values }) => {
        const { fast, general } = mapBoth(keys, values);
        expect(fast).toEqual(general);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every canonical row on the fast path, with the values the schema gives', () => {
    fc.assert(
      fc.property(
        fc.record({
          id: fc.option(fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/), { nil: undefined }),
          account: fc.stringMatching(/^[A-Za-z0-9]{1,10}$/),
          date: fc
            .date({
              min: new Date(Date.UTC(2000, 0, 1)),
              max: new Date(Date.UTC(2030, 11, 31)),
              noInvalidDate: true,
            })
            .map((date) => date.toISOString().slice(0, 10)),
          fen: fc.integer({ min: 0, max: 1e12 }),
          units: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
        }),
        fc.boolean(),
        ({ id, account, date, fen, units }, inYuan) => {
          const keys = ['id', 'account_id', 'date', inYuan ? 'amount' : 'amount_fen', 'category', 'units'];
          const amount = inYuan
            ? `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
            : String(fen);
          const values = [id ?? '', account, date, amount, '', units === undefined ? '' : String(units)];
          const { fast, general } = mapBoth(keys, values);
          expect(general.ok).toBe(true);
          expect(fast).toEqual(general);
          // …and it was the fast path that read it.
          const plan = planFastTransactions(keys.map((key) => columnFor('transactions', key)));
          expect(plan).toBeDefined();
          expect(readFastTransaction(plan!, values)).toBeDefined();
          if (!fast.ok) return;
          expect(fast.record).toMatchObject({
            accountId: account,
            date,
            amountFen: fen,
            category: 'general',
          });
          if (id !== undefined) expect(fast.record.id).toBe(id);
          else expect(fast.record.id).toMatch(/^imp-[0-9a-f]{24}$/);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves bad rows to the schema, which names the row and column in both locales', () => {
    const { fast } = mapBoth(['account_id', '日期', 'amount'], ['A1', '2026-02-30', '12.50']);
    expect(fast.ok).toBe(false);
    if (fast.ok) return;
    expect(fast.problems).toEqual([expect.objectContaining({ row: 2, column: '日期', value: '2026-02-30' })]);
    expect(fast.problems[0]?.expected['zh-CN']).toContain('日期');
    expect(fast.problems[0]?.expected.en).toContain('calendar date');
  });
});
