import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyAggregate, type MonthlyAggregate } from '../metrics/aggregate.js';
import { aggregateColumnsOf } from '../metrics/aggregate-columns.js';
import { packAggregateColumns, unpackAggregateColumns } from './packed-aggregates.js';

const row = fc.record<MonthlyAggregate>({
  accountId: fc.constantFrom('a-1', 'a-2', '客户-3', ''),
  month: fc.constantFrom('2025-12', '2026-01', '2026-10'),
  category: fc.constantFrom('general', 'freight', '快递'),
  revenueFen: fc.integer({ min: -1_000_000, max: 1_000_000_000 }),
  count: fc.nat(50),
  units: fc.double({ noNaN: true, min: 0, max: 1e6 }),
  profitFen: fc.integer(),
  profitBaseFen: fc.integer(),
  marketTotalFen: fc.integer(),
  marketBaseFen: fc.integer(),
  lastDate: fc.constantFrom('', '2026-01-31', '2026-10-15'),
});

describe('aggregate columns posted to the worker thread', () => {
  it('come back as the same columns, through a structured clone as postMessage makes', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const columns = aggregateColumnsOf(rows);
        const posted = structuredClone(packAggregateColumns(columns));
        expect(unpackAggregateColumns(posted)).toEqual(columns);
      }),
    );
  });

  it('carry each distinct text once', () => {
    const columns = aggregateColumnsOf(
      Array.from({ length: 1_000 }, (_, index) => ({
        ...emptyAggregate(`a-${index % 10}`, '2026-10', index % 2 === 0 ? 'general' : 'freight'),
        revenueFen: index,
        count: 1,
      })),
    );
    const packed = packAggregateColumns(columns);
    expect(packed.accountId.values).toHaveLength(10);
    expect(packed.category.values).toEqual(['general', 'freight']);
  });
});
