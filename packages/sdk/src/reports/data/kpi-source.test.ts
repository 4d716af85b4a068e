/**
 * Property: the KPI scorecard read from the stored results ({@link loadKpiSource})
 * equals the scorecard built from the whole report source
 * ({@link loadReportSource}) on the same store, for any month or quarter of
 * the demo portfolio — also after a write that changes tiers, once the
 * results are refreshed. And stale results are served with their freshness,
 * which `kamkit report kpi` notes on stderr before refreshing the month.
 */
import { Command } from 'commander';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { aggregateRowsOf, toAggregateColumns } from '../../metrics/aggregate-columns.js';
import { defaultPolicies } from '../../portfolio/policies.js';
import { refreshMonth } from '../../refresh/refresh-month.js';
import { monthFreshness } from '../../results/freshness.js';
import type { Store } from '../../store/port.js';
import { addMonths, monthFromIndex, monthIndex } from '../../time/calendar.js';
import { parsePeriod, periodRange } from '../../time/period.js';
import { DEMO_MONTH, seedDemoStore } from '../__fixtures__/demo-source.js';
import { registerReportCommand } from '../cli.js';
import { CROSS_SELL_LOOKBACK_MONTHS } from './cross-sell.js';
import { buildKpiScorecard, type KpiScorecard, kpiScorecardFrom, loadKpiTargets } from './kpi-scorecard.js';
import { loadKpiSource } from './kpi-source.js';
import { loadReportSource } from './source.js';

const policies = defaultPolicies();
const tierIds = policies.tiers.tiers.map((tier) => tier.id);
let store: Store;
let accountIds: string[];
let owners: string[];

beforeAll(async () => {
  ({ store } = await seedDemoStore());
  const accounts = await store.listAccounts();
  accountIds = accounts.map((account) => account.id);
  owners = [...new Set(accounts.flatMap((account) => (account.ownerA === null ? [] : [account.ownerA])))];
}, 300_000);

afterEach(() => {
  vi.restoreAllMocks();
});

/** The demo's months (its last twelve) and quarters (the four ending with its last complete one). */
const periods = [
  ...Array.from({ length: 12 }, (_, offset) => addMonths(DEMO_MONTH, -offset)),
  '2025-Q4',
  '2026-Q1',
  '2026-Q2',
  '2026-Q3',
];

/** The last month of a period of {@link periods}. */
function lastMonthOf(period: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  return quarter ? `${quarter[1]}-${String(Number(quarter[2]) * 3).padStart(2, '0')}` : period;
}

/** Refresh the stored months that a write made stale. */
async function refreshStale(months: readonly string[]): Promise<void> {
  for (const month of months) {
    const freshness = await monthFreshness(store, month, policies);
    if (freshness?.stale) await refreshMonth({ store, policies, month });
  }
}

type Write =
  | { kind: 'override'; account: number; tier: number }
  | { kind: 'purchase'; account: number; amountFen: number }
  /** A purchase before the cross-sell lookback by an owned account that bought nothing in it. */
  | { kind: 'early-purchase'; account: number; monthsBefore: number };

const writeArbitrary: fc.Arbitrary<Write | undefined> = fc.option(
  fc.oneof(
    fc.record({
      kind: fc.constant('override' as const),
      account: fc.nat(),
      tier: fc.nat({ max: tierIds.length - 1 }),
    }),
    fc.record({
      kind: fc.constant('purchase' as const),
      account: fc.nat(),
      amountFen: fc.integer({ min: 1_000_000, max: 2_000_000_000 }),
    }),
    fc.record({
      kind: fc.constant('early-purchase' as const),
      account: fc.nat(),
      monthsBefore: fc.integer({ min: CROSS_SELL_LOOKBACK_MONTHS + 1, max: 24 }),
    }),
  ),
  { nil: undefined },
);

let writes = 0;

/**
 * Apply one write for a period; for an override, the account and the tier it
 * must have once the month is refreshed; for an early purchase, the account
 * that made it.
 */
async function apply(
  write: Write,
  period: string,
): Promise<{ accountId: string; tier?: string } | undefined> {
  writes += 1;
  const id = `kpi-property-${writes}`;
  if (write.kind === 'early-purchase') {
    const range = periodRange(parsePeriod(period));
    const lookback = await store.aggregate({
      fromMonth: monthFromIndex(range.start - CROSS_SELL_LOOKBACK_MONTHS),
      toMonth: monthFromIndex(range.start - 1),
    });
    const bought = new Set(lookback.filter((row) => row.count > 0).map((row) => row.accountId));
    const candidates = (await store.listAccounts()).filter(
      (account) => account.ownerA !== null && !bought.has(account.id),
    );
    const accountId = candidates[write.account % Math.max(candidates.length, 1)]?.id;
    if (accountId === undefined) return undefined;
    const date = `${monthFromIndex(range.start - write.monthsBefore)}-10`;
    await store.insertTransactions([{ id, accountId, date, amountFen: 1_000_000, category: 'early' }]);
    return { accountId };
  }
  const accountId = accountIds[write.account % accountIds.length]!;
  if (write.kind === 'purchase') {
    await store.insertTransactions([
      {
        id,
        accountId,
        date: `${lastMonthOf(period)}-15`,
        amountFen: write.amountFen,
        category: `kpi-property-category-${writes % 3}`,
      },
    ]);
    return undefined;
  }
  const tier = tierIds[write.tier]!;
  await store.putOverride(
    {
      id,
      accountId,
      policyId: policies.tiers.id,
      tier,
      reason: 'property test',
      author: 'u-test',
      // Later writes are later overrides: the newest applies.
      createdAt: new Date(Date.UTC(2024, 0, 1) + writes * 1000).toISOString(),
      expiresOn: null,
    },
    { actor: 'u-test' },
  );
  return { accountId, tier };
}

describe('loadKpiSource', () => {
  it('gives the scorecard the whole report source gives, for any month or quarter, after any write once refreshed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...periods),
        writeArbitrary,
        fc.option(fc.subarray(owners, { maxLength: 4 }), { nil: undefined }),
        async (period, write, targetOwners) => {
          const asOf = lastMonthOf(period);
          const written = write === undefined ? undefined : await apply(write, period);
          await refreshStale([asOf, addMonths(asOf, -1)]);
          const targets = loadKpiTargets(
            (targetOwners ?? []).map((ownerId, index) => ({
              ownerId,
              revenue: 1_000_000 * (index + 1),
              collections: 800_000,
              crossSell: index,
              profit: 200_000,
            })),
          );
          const { source, results } = await loadKpiSource(store, { period, policies });
          expect(results[0]?.month).toBe(asOf);
          expect(results.every((entry) => !entry.freshness.stale)).toBe(true);
          if (written?.tier !== undefined) expect(source.tiers.get(written.accountId)).toBe(written.tier);
          if (write?.kind === 'early-purchase' && written !== undefined) {
            // Read back from before the lookback: the account is an existing one.
            const lookbackStart = periodRange(parsePeriod(period)).start - CROSS_SELL_LOOKBACK_MONTHS;
            expect(
              aggregateRowsOf(toAggregateColumns(source.aggregates)).some(
                (row) => row.accountId === written.accountId && monthIndex(row.month) < lookbackStart,
              ),
            ).toBe(true);
          }
          const read: KpiScorecard = kpiScorecardFrom(source, { period, targets });
          const whole = buildKpiScorecard(await loadReportSource({ store, asOf, policies }), {
            period,
            targets,
          });
          expect(read).toEqual(whole);
          expect(read.lines.length).toBeGreaterThan(0);
        },
      ),
      {
        numRuns: 12,
        // Accounts that first bought in 2026-07 or later exist: one of them gets an early purchase.
        examples: [['2026-07', { kind: 'early-purchase', account: 0, monthsBefore: 14 }, undefined]],
      },
    );
  }, 900_000);

  it('serves stale results with their freshness, and the CLI notes them on stderr, then refreshes the month', async () => {
    const period = '2026-Q3';
    const asOf = lastMonthOf(period);
    await refreshStale([asOf]);
    await loadKpiSource(store, { period, policies });
    await apply({ kind: 'purchase', account: 7, amountFen: 50_000_000 }, period);

    const { results } = await loadKpiSource(store, { period, policies });
    expect(results.find((entry) => entry.month === asOf)?.freshness).toMatchObject({
      stale: true,
      dataChanged: true,
    });

    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      errors.push(String(chunk));
      return true;
    });
    let output = '';
    const program = new Command('kamkit').exitOverride();
    registerReportCommand(program, {
      openStore: async () =>
        new Proxy(store, {
          get: (target, property) =>
            property === 'close' ? async () => undefined : Reflect.get(target, property),
        }),
      locale: 'en',
      stdout: {
        write: (text: string) => {
          output += text;
        },
      },
      now: () => new Date('2026-11-03T02:00:00Z'),
    });
    await program.parseAsync(['node', 'kamkit', 'report', 'kpi', '--period', period, '--format', 'json']);
    expect((JSON.parse(output) as KpiScorecard).period).toBe(period);
    expect(errors.join('')).toMatch(/as of \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\+8\); refreshing/u);
    expect((await monthFreshness(store, asOf, policies))?.stale).toBe(false);
  }, 300_000);
});
