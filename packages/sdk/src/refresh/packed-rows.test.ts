import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SerialisedComputedAccount } from '../results/compute-month.js';
import { accountMonthJson } from '../results/results-store.js';
import { packAccountRows, unpackAccountRows } from './packed-rows.js';

/** A row as the worker serialises it: any JSON text (Chinese, emoji, escapes), keys, alerts, maybe a score. */
const row = fc
  .record({
    accountId: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
    rank: fc.nat(),
    document: fc.jsonValue(),
    name: fc.string({ unit: 'binary', maxLength: 40 }),
    alerts: fc.array(
      fc.record({ kind: fc.constantFrom('decline', 'dormancy'), note: fc.string({ unit: 'grapheme' }) }),
      {
        maxLength: 2,
      },
    ),
    score: fc.option(fc.record({ value: fc.double({ noNaN: true }) }), { nil: undefined }),
  })
  .map(({ document, name, score, ...rest }) => ({
    ...rest,
    json: JSON.stringify({ name, document }),
    ...(score === undefined ? {} : { score }),
  })) as unknown as fc.Arbitrary<SerialisedComputedAccount>;

describe('account rows packed for the way back from the worker', () => {
  it('arrive with the same text, keys, alerts and score, whatever the block and the characters', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.integer({ min: 1, max: 25 }), (rows, block) => {
        const packed = packAccountRows(rows, block);
        // Posted a block per message, as postInParts slices them: each message is cloned on its own.
        const received = [];
        for (let start = 0; start < packed.length; start += block)
          received.push(...unpackAccountRows(structuredClone(packed.slice(start, start + block))));
        expect(received.map((one) => one.json)).toEqual(rows.map((one) => one.json));
        expect(received.map(accountMonthJson)).toEqual(rows.map((one) => one.json));
        expect(
          received.map(({ accountId, rank, alerts, score }) => ({ accountId, rank, alerts, score })),
        ).toEqual(rows.map(({ accountId, rank, alerts, score }) => ({ accountId, rank, alerts, score })));
      }),
      { numRuns: 300 },
    );
  });

  it('send each block of texts once, outside the rows', () => {
    const rows = Array.from({ length: 5 }, (_, index) => ({
      accountId: `a${index}`,
      rank: index + 1,
      json: JSON.stringify({ name: `客户${index}`, note: '“引号”\n' }),
      alerts: [],
    }));
    const packed = packAccountRows(rows, 2);
    const utf8 = (text: string) => new TextEncoder().encode(text).byteLength;
    // Blocks of two rows: one byte array each, exactly their texts end to end.
    expect(packed.map((one) => one.packed.bytes.byteLength)).toEqual([
      utf8(rows[0]!.json) + utf8(rows[1]!.json),
      utf8(rows[0]!.json) + utf8(rows[1]!.json),
      utf8(rows[2]!.json) + utf8(rows[3]!.json),
      utf8(rows[2]!.json) + utf8(rows[3]!.json),
      utf8(rows[4]!.json),
    ]);
    expect(packed[0]!.packed.bytes).toBe(packed[1]!.packed.bytes);
    expect(packed[2]!.packed.bytes).not.toBe(packed[1]!.packed.bytes);
    expect(packed.every((one) => !('json' in one))).toBe(true);
  });
});
