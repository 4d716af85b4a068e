/**
 * The results part of the store port, the same cases on every adapter
 * (memory, PGlite, a PostgreSQL server): the data generation, stored months
 * read by index, replacement, transactions, claims, and a month run end to
 * end.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { OwnerAgenda } from '../cadence/due-actions.js';
import { defaultPolicies } from '../portfolio/policies.js';
import { ensureMonthResults } from '../refresh/ensure-month.js';
import { type ComputeMonthFunction, refreshMonth } from '../refresh/refresh-month.js';
import type { FocusAccount, PortfolioAnalysis } from '../reports/data/portfolio-analysis.js';
import { change, ratio, readReportInputs } from '../reports/data/source.js';
import type { Store } from '../store/port.js';
import { computeMonth, serialiseComputedMonth } from './compute-month.js';
import { monthFreshness } from './freshness.js';
import type { AccountMonth, AccountMonthRow, MonthResults } from './results-store.js';

const WRITE = { actor: 'test' };

/** A small portfolio: three accounts with a year of transactions, one owner. */
export async function seedSmallPortfolio(store: Store): Promise<void> {
  await store.putUser({ id: 'u-1', name: '李经理', role: 'account-manager', division: '华东' }, WRITE);
  for (const [index, id] of ['a-1', 'a-2', 'a-3'].entries())
    await store.putAccount(
      { id, name: `客户 ${index + 1}`, division: '华东', ownerA: 'u-1', ownerB: null },
      WRITE,
    );
  const rows = [];
  for (let month = 1; month <= 10; month++)
    for (const [index, id] of ['a-1', 'a-2', 'a-3'].entries())
      rows.push({
        id: `t-${id}-${month}`,
        accountId: id,
        date: `2026-${String(month).padStart(2, '0')}-15`,
        amountFen: (index + 1) * 40_000_000 * (month % 3 === 0 ? 2 : 1),
        category: 'general',
      });
  await store.insertTransactions(rows);
}

function row(month: string, accountId: string, rank: number, alerts = 0): AccountMonth {
  return {
    month,
    accountId,
    name: accountId,
    rank,
    score: { value: 100 - rank, modelId: 'm', factors: [] },
    tier: {
      policyId: 'p',
      tier: rank === 1 ? 'gold' : null,
      label: { 'zh-CN': '无', en: 'none' },
      rank: 3,
      earnedTier: null,
      rawTier: null,
      admitted: true,
      flags: [],
      figures: [],
      explanation: {} as AccountMonth['tier']['explanation'],
      upgrade: null,
    },
    alerts: Array.from({ length: alerts }, () => ({
      accountId,
      kind: 'dormancy' as const,
      monitorId: 'dormant',
      severity: 'warning' as const,
      period: month,
      figures: {},
      message: { 'zh-CN': '沉睡', en: 'dormant' },
    })),
    dueActions: [],
    card: { accountId } as AccountMonth['card'],
  };
}

/** The month revenue of {@link analysis}: each focus account's share is of it. */
const MONTH_FEN = 7_000_000;

/** An analysis with the given account lists (the rest of its figures left out). */
function analysis(
  monthId: string,
  lists: Partial<Record<'gained' | 'lost' | 'fluctuating' | 'topTier', FocusAccount[]>> = {},
): PortfolioAnalysis {
  return {
    kind: 'portfolio-analysis',
    month: monthId,
    revenue: { monthFen: MONTH_FEN },
    gained: lists.gained ?? [],
    lost: lists.lost ?? [],
    fluctuating: lists.fluctuating ?? [],
    topTier: {
      tier: 'platinum',
      label: { 'zh-CN': '白金客户', en: 'Platinum' },
      accounts: lists.topTier ?? [],
    },
  } as unknown as PortfolioAnalysis;
}

function month(
  monthId: string,
  accountIds: string[],
  generation = 1,
): Omit<MonthResults, 'accounts'> & { accounts: AccountMonth[] } {
  return {
    meta: {
      month: monthId,
      today: `${monthId}-28`,
      policyFingerprint: 'sha256:test',
      dataGeneration: generation,
      computedAt: '2026-11-02T01:15:00.000Z',
      accountCount: accountIds.length,
    },
    portfolio: {
      month: monthId,
      accountCount: accountIds.length,
      scoringModelId: 'm',
      tierPolicyId: 'p',
      distribution: [],
      tierChanges: [],
      analysis: analysis(monthId),
    },
    accounts: accountIds.map((id, index) => row(monthId, id, index + 1, index === 1 ? 2 : 0)),
    agendas: [{ ownerId: 'u-1', overdue: [], due: [], upcoming: [] }],
  };
}

/** Register the results conformance cases for one adapter. */
export function describeResultsConformance(name: string, makeStore: () => Promise<Store>): void {
  describe(`Results conformance: ${name}`, () => {
    it('advances the data generation with each write that changes figures, and only then', async () => {
      const store = await makeStore();
      try {
        const generation = () => store.results.dataGeneration();
        let last = await generation();
        const advanced = async (expected: boolean) => {
          const now = await generation();
          if (expected) expect(now).toBeGreaterThan(last);
          else expect(now).toBe(last);
          last = now;
        };
        await seedSmallPortfolio(store);
        await advanced(true);
        const account = (await store.getAccount('a-1'))!;
        await store.putAccount(account, WRITE); // unchanged
        await advanced(false);
        await store.putAccount({ ...account, shortName: '一号' }, WRITE);
        await advanced(true);
        await store.insertTransactions([
          { id: 't-a-1-1', accountId: 'a-1', date: '2026-01-15', amountFen: 1, category: 'general' },
        ]); // already stored
        await advanced(false);
        await store.insertTransactions([
          { id: 't-new', accountId: 'a-1', date: '2026-10-20', amountFen: 5, category: 'general' },
        ]);
        await advanced(true);
        await store.insertPayments([{ id: 'p-1', accountId: 'a-1', date: '2026-10-21', amountFen: 5 }]);
        await advanced(true);
        await store.insertInteractions([
          {
            id: 'i-1',
            accountId: 'a-1',
            kind: 'visit',
            at: '2026-10-22T02:00:00Z',
            userId: 'u-1',
            actorLevel: 'specialist',
          },
        ]);
        await advanced(true);
        await store.putOverride(
          {
            id: 'o-1',
            accountId: 'a-2',
            policyId: defaultPolicies().tiers.id,
            tier: defaultPolicies().tiers.tiers[0]!.id,
            reason: '战略客户',
            author: 'u-1',
            createdAt: '2026-10-01T00:00:00Z',
            expiresOn: null,
          },
          WRITE,
        );
        await advanced(true);
        // Contracts (the agreement flag), tasks (filed weekly plans) and survey responses feed the results too.
        await store.putContract(
          {
            id: 'c-1',
            accountId: 'a-1',
            parties: ['客户 1'],
            type: 'framework',
            scope: 'national',
            startDate: '2026-01-01',
            endDate: '2026-12-31',
          },
          WRITE,
        );
        await advanced(true);
        await store.putTask(
          {
            id: 'k-1',
            accountId: 'a-1',
            assigneeId: 'u-1',
            assignedBy: 'u-1',
            title: '拜访',
            dueDate: '2026-10-20',
            createdAt: '2026-10-19T01:00:00Z',
          },
          WRITE,
        );
        await advanced(true);
        await store.putSurveyResponse(
          {
            id: 's-1',
            accountId: 'a-1',
            surveyId: 'standard',
            answers: { overall: 5 },
            channel: 'import',
            respondedAt: '2026-10-19T01:00:00Z',
            recordedBy: 'u-1',
          },
          WRITE,
        );
        await advanced(true);
        // Outputs do not change figures.
        await store.saveAlerts([
          {
            id: 'x',
            accountId: 'a-1',
            kind: 'dormancy',
            period: '2026-10',
            status: 'open',
            figures: {},
            createdAt: '2026-10-31T00:00:00Z',
          },
        ]);
        await store.results.putMonth(month('2026-10', ['a-1']));
        await advanced(false);
        // A write that rolls back leaves the generation as it was.
        await expect(
          store.transaction(async (tx) => {
            await tx.putAccount({ ...account, shortName: '回滚' }, WRITE);
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        await advanced(false);
      } finally {
        await store.close();
      }
    });

    it('compacts the change log without moving the data generation, which never goes back', async () => {
      const store = await makeStore();
      try {
        const policies = defaultPolicies();
        await seedSmallPortfolio(store);
        await ensureMonthResults({ store, policies, month: '2026-10' });
        let last = await store.results.dataGeneration();
        for (let step = 0; step < 6; step++) {
          await store.insertTransactions([
            {
              id: `t-c-${step}`,
              accountId: 'a-2',
              date: '2026-10-20',
              amountFen: 100 + step,
              category: 'general',
            },
          ]);
          const written = await store.results.dataGeneration();
          expect(written).toBeGreaterThan(last);
          if (step % 2 === 0) {
            // Stale results stay stale through a compaction, and the generation stays where it was.
            expect(await store.results.compactDataChanges()).toBeGreaterThanOrEqual(0);
            expect(await store.results.dataGeneration()).toBe(written);
            expect((await monthFreshness(store, '2026-10', policies))?.stale).toBe(true);
          } else {
            // A month run consumes the log and compacts it: nothing left to fold, results fresh.
            expect((await refreshMonth({ store, policies, month: '2026-10' })).status).toBe('computed');
            expect(await store.results.compactDataChanges()).toBe(0);
            expect(await store.results.dataGeneration()).toBe(written);
            expect((await monthFreshness(store, '2026-10', policies))?.stale).toBe(false);
          }
          last = written;
        }
        // A write after compactions still reads as a change.
        await store.putAccount({ ...(await store.getAccount('a-1'))!, shortName: '一号' }, WRITE);
        expect(await store.results.dataGeneration()).toBeGreaterThan(last);
        expect((await monthFreshness(store, '2026-10', policies))?.stale).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('stores a month and reads it by index: one account, by rank, with alerts, the portfolio and the agendas', async () => {
      const store = await makeStore();
      try {
        expect(await store.results.monthMeta('2026-10')).toBeUndefined();
        expect(await store.results.getAccountMonth('2026-10', 'a-1')).toBeUndefined();
        expect(await store.results.getAccountMonthWithMeta('2026-10', 'a-1')).toBeUndefined();
        await store.results.putMonth(month('2026-09', ['a-1', 'a-2'], 3));
        await store.results.putMonth(month('2026-10', ['a-3', 'a-1', 'a-2'], 4));
        expect(await store.results.monthMeta('2026-10')).toEqual(
          month('2026-10', ['a-3', 'a-1', 'a-2'], 4).meta,
        );
        expect((await store.results.listMonths()).map((meta) => meta.month)).toEqual(['2026-10', '2026-09']);
        expect((await store.results.getAccountMonth('2026-10', 'a-1'))?.rank).toBe(2);
        expect(await store.results.getAccountMonth('2026-10', 'nobody')).toBeUndefined();
        // The meta and one row in one read; the meta alone for an account the month does not hold.
        expect(await store.results.getAccountMonthWithMeta('2026-10', 'a-1')).toEqual({
          meta: await store.results.monthMeta('2026-10'),
          row: await store.results.getAccountMonth('2026-10', 'a-1'),
        });
        expect(await store.results.getAccountMonthWithMeta('2026-10', 'nobody')).toEqual({
          meta: await store.results.monthMeta('2026-10'),
          row: undefined,
        });
        expect(await store.results.getAccountMonthWithMeta('2026-11', 'a-1')).toBeUndefined();
        expect(
          (await store.results.listAccountMonths('2026-10', { limit: 2 })).map((entry) => entry.accountId),
        ).toEqual(['a-3', 'a-1']);
        expect(
          (await store.results.listAccountMonths('2026-10', { accountIds: ['a-2', 'a-3', 'zz'] })).map(
            (entry) => entry.accountId,
          ),
        ).toEqual(['a-3', 'a-2']);
        const alerted = await store.results.listAccountMonths('2026-10', { withAlerts: true });
        expect(alerted.map((entry) => [entry.accountId, entry.alerts.length])).toEqual([['a-1', 2]]);
        expect((await store.results.getPortfolioMonth('2026-10'))?.accountCount).toBe(3);
        expect(await store.results.getAgendas('2026-10')).toEqual([
          { ownerId: 'u-1', overdue: [], due: [], upcoming: [] },
        ]);
        // The tiers alone, of every account or of some.
        expect(await store.results.listTiers('2026-10')).toEqual(
          new Map([
            ['a-3', 'gold'],
            ['a-1', null],
            ['a-2', null],
          ]),
        );
        expect(await store.results.listTiers('2026-10', ['a-3', 'zz'])).toEqual(new Map([['a-3', 'gold']]));
        expect(await store.results.listTiers('2026-08')).toEqual(new Map());
        // Storing a month again replaces all of it.
        await store.results.putMonth(month('2026-10', ['a-2'], 5));
        expect(await store.results.getAccountMonth('2026-10', 'a-1')).toBeUndefined();
        expect((await store.results.monthMeta('2026-10'))?.dataGeneration).toBe(5);
        expect((await store.results.listAccountMonths('2026-09')).length).toBe(2);
        // A failed transaction keeps what was stored.
        await expect(
          store.transaction(async (tx) => {
            await tx.results.putMonth(month('2026-10', ['a-1', 'a-3'], 6));
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        expect((await store.results.monthMeta('2026-10'))?.dataGeneration).toBe(5);
        expect(await store.results.getAccountMonth('2026-10', 'a-1')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it("keeps every owner's agenda in the run's order, however large (the run's day and another day's), and none for a month without owners", async () => {
      const store = await makeStore();
      try {
        // ~3 MB of agendas: more than one statement's worth where the adapter splits them.
        const agendas: OwnerAgenda[] = Array.from({ length: 30 }, (_, index) => ({
          ownerId: `u-${String(30 - index).padStart(2, '0')}-${'\t"\\'.repeat(25_000)}`,
          overdue: [],
          due: [],
          upcoming: [],
        }));
        // One owner holding every account: an agenda of ~4.5 MB on its own, between two small ones.
        const actions = (list: string, count: number) =>
          Array.from({ length: count }, (_, index) => ({
            accountId: `a-${list}-${index}`,
            note: `${list}-${index}-${'x'.repeat(1_000)}`,
          })) as unknown as OwnerAgenda['due'];
        const unassigned = {
          ownerId: null,
          overdue: actions('overdue', 1_500),
          due: actions('due', 2_000),
          upcoming: actions('upcoming', 1_000),
        };
        agendas.splice(10, 0, unassigned);
        await store.results.putMonth({ ...month('2026-10', ['a-1'], 1), agendas });
        expect(await store.results.getAgendas('2026-10')).toEqual(agendas);
        // The whole portfolio's agendas of another day are kept the same way.
        const other = {
          day: '2026-11-03',
          dataGeneration: 1,
          policyFingerprint: 'sha256:test',
          computedAt: '2026-11-03T01:00:00.000Z',
          agendas,
        };
        await store.results.putDayAgendas('2026-10', other);
        expect(await store.results.getDayAgendas('2026-10')).toEqual(other);
        await store.results.putMonth({ ...month('2026-09', ['a-1'], 1), agendas: [] });
        expect(await store.results.getAgendas('2026-09')).toEqual([]);
        expect(await store.results.getAgendas('2026-08')).toBeUndefined();
        // Stored again, the month's agendas are replaced, not added to.
        await store.results.putMonth({ ...month('2026-10', ['a-1'], 2), agendas: agendas.slice(0, 2) });
        expect(await store.results.getAgendas('2026-10')).toEqual(agendas.slice(0, 2));
      } finally {
        await store.close();
      }
    });

    it("keeps the analysis's account lists however long, in order, replaced when the month is stored again", async () => {
      const store = await makeStore();
      try {
        // Shares and changes as the analysis computes them, except in the top tier's list (kept as given).
        const accounts = (list: string, count: number): FocusAccount[] =>
          Array.from({ length: count }, (_, index) => {
            const revenueFen = index * 1_000;
            const previousFen = index % 5 === 0 ? 0 : index;
            const given = list === 'top';
            return {
              accountId: `a-${list}-${index}`,
              name: `客户 "${list}" ${index}\t`,
              tier: index % 3 === 0 ? null : 'gold',
              tierLabel:
                index % 3 === 0 ? { 'zh-CN': '无层级', en: 'No tier' } : { 'zh-CN': '金卡', en: 'Gold' },
              revenueFen,
              previousFen,
              share: given ? index / 7 : ratio(revenueFen, MONTH_FEN),
              change: given ? (index % 2 === 0 ? null : -index / 3) : change(revenueFen, previousFen),
              ...(list === 'fluctuating'
                ? {
                    explanation:
                      index % 4 === 0
                        ? {
                            cause: { 'zh-CN': '季节性', en: 'Seasonal' },
                            note: index % 8 === 0 ? null : '春节',
                          }
                        : null,
                  }
                : {}),
              ...(list === 'lost' ? { loss: { kind: 'abnormal' as const, cause: null, note: null } } : {}),
            };
          });
        // ~20,000 accounts: more parts than one statement reads where the adapter splits them.
        const lists = {
          gained: accounts('gained', 2_001),
          lost: [],
          fluctuating: accounts('fluctuating', 17_000),
          topTier: accounts('top', 3),
        };
        const long = { ...month('2026-10', ['a-1'], 1) };
        long.portfolio = { ...long.portfolio, analysis: analysis('2026-10', lists) };
        await store.results.putMonth(long);
        expect((await store.results.getPortfolioMonth('2026-10'))?.analysis).toEqual(long.portfolio.analysis);
        const short = month('2026-10', ['a-1'], 2);
        short.portfolio = {
          ...short.portfolio,
          analysis: analysis('2026-10', { lost: accounts('lost', 2) }),
        };
        await store.results.putMonth(short);
        expect((await store.results.getPortfolioMonth('2026-10'))?.analysis).toEqual(
          short.portfolio.analysis,
        );
      } finally {
        await store.close();
      }
    });

    it("keeps the whole portfolio's agendas of one day per month, replaced by the next day", async () => {
      const store = await makeStore();
      try {
        const day = (date: string, generation: number) => ({
          day: date,
          dataGeneration: generation,
          policyFingerprint: 'sha256:test',
          computedAt: '2026-11-03T01:00:00.000Z',
          agendas: [{ ownerId: 'u-1', overdue: [], due: [], upcoming: [] }],
        });
        expect(await store.results.getDayAgendas('2026-10')).toBeUndefined();
        await store.results.putDayAgendas('2026-10', day('2026-11-03', 4));
        expect(await store.results.getDayAgendas('2026-10')).toEqual(day('2026-11-03', 4));
        await store.results.putDayAgendas('2026-10', day('2026-11-04', 6));
        expect(await store.results.getDayAgendas('2026-10')).toEqual(day('2026-11-04', 6));
        expect(await store.results.getDayAgendas('2026-09')).toBeUndefined();
        // A failed transaction keeps the day stored before.
        await expect(
          store.transaction(async (tx) => {
            await tx.results.putDayAgendas('2026-10', day('2026-11-05', 7));
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        expect((await store.results.getDayAgendas('2026-10'))?.day).toBe('2026-11-04');
        // Storing the month's results again leaves them: their generation says whether they hold.
        await store.results.putMonth(month('2026-10', ['a-1', 'a-2'], 8));
        expect(await store.results.getDayAgendas('2026-10')).toEqual(day('2026-11-04', 6));
      } finally {
        await store.close();
      }
    });

    it('stores a month of thousands of accounts in one put, every character of the rows read back as written', async () => {
      const store = await makeStore();
      try {
        // More rows than one statement or COPY of an adapter takes, with the characters COPY text escapes.
        const accountIds = Array.from({ length: 2_345 }, (_, index) => `a-${String(index).padStart(5, '0')}`);
        const results = month('2026-10', accountIds, 7);
        const odd = 'tab\there, line\nbreak, return\r, back\\slash \\N, "quoted" 客户 ✓';
        results.accounts = results.accounts.map((entry, index) =>
          index % 500 === 7 ? { ...entry, accountId: `${entry.accountId}\t${odd}`, name: odd } : entry,
        );
        await store.results.putMonth(results);
        const stored = await store.results.listAccountMonths('2026-10');
        expect(stored).toEqual(results.accounts);
        const picked = results.accounts[507]!;
        expect(picked.name).toBe(odd);
        expect(await store.results.getAccountMonth('2026-10', picked.accountId)).toEqual(picked);
        expect((await store.results.listTiers('2026-10')).size).toBe(accountIds.length);
      } finally {
        await store.close();
      }
    });

    it('stores rows a worker serialised exactly as the same rows given as objects', async () => {
      const store = await makeStore();
      try {
        const accountIds = Array.from({ length: 1_234 }, (_, index) => `a-${String(index).padStart(5, '0')}`);
        const results = month('2026-10', accountIds, 7);
        const odd = 'tab\there, line\nbreak, back\\slash \\N, "quoted" 客户 ✓ \u2028';
        results.accounts = results.accounts.map((entry, index) =>
          index % 300 === 5 ? { ...entry, accountId: `${entry.accountId}\t${odd}`, name: odd } : entry,
        );
        // Every other row as its JSON text with its keys (a worker's form), the rest as objects.
        const mixed: AccountMonthRow[] = results.accounts.map((entry, index) =>
          index % 2 === 0
            ? { accountId: entry.accountId, rank: entry.rank, json: JSON.stringify(entry) }
            : entry,
        );
        await store.results.putMonth({ ...results, accounts: mixed });
        expect(await store.results.listAccountMonths('2026-10')).toEqual(results.accounts);
        const serialised = results.accounts[305]!;
        expect(serialised.name).toBe(odd);
        expect(await store.results.getAccountMonth('2026-10', serialised.accountId)).toEqual(serialised);
        // Read by index as any row: by rank, with alerts, tiers.
        expect(
          (await store.results.listAccountMonths('2026-10', { limit: 3 })).map((entry) => entry.accountId),
        ).toEqual(accountIds.slice(0, 3));
        expect(
          (await store.results.listAccountMonths('2026-10', { withAlerts: true })).map(
            (entry) => entry.accountId,
          ),
        ).toEqual([accountIds[1]]);
        expect((await store.results.listTiers('2026-10', [accountIds[0]!])).get(accountIds[0]!)).toBe('gold');
        // All of them serialised: the same month read back.
        await store.results.putMonth({
          ...results,
          accounts: results.accounts.map((entry) => ({
            accountId: entry.accountId,
            rank: entry.rank,
            json: JSON.stringify(entry),
          })),
        });
        expect(await store.results.listAccountMonths('2026-10')).toEqual(results.accounts);
      } finally {
        await store.close();
      }
    });

    it('runs a month computed with serialised rows (as the worker thread sends it): the same results, alerts and recorded scores', async () => {
      const policies = defaultPolicies();
      const serialising =
        (keepScores: boolean): ComputeMonthFunction =>
        async (inputs, rules, { record: _record, ...options }) =>
          serialiseComputedMonth(computeMonth(inputs, rules, options), { keepScores });
      const runs: [string, ComputeMonthFunction | undefined][] = [
        ['objects', undefined],
        ['serialised with scores', serialising(true)],
        ['serialised without scores', serialising(false)],
      ];
      const seen: unknown[] = [];
      for (const [, compute] of runs) {
        const store = await makeStore();
        try {
          await seedSmallPortfolio(store);
          const outcome = await refreshMonth({
            store,
            policies,
            month: '2026-10',
            record: true,
            now: () => new Date('2026-11-01T00:00:00.000Z'),
            ...(compute === undefined ? {} : { compute }),
          });
          expect(outcome).toMatchObject({ status: 'computed', accounts: 3 });
          const scores = await store.listScores({ period: '2026-10' });
          expect(scores).toHaveLength(3);
          seen.push({
            accounts: await store.results.listAccountMonths('2026-10'),
            scores: scores.sort((left, right) => (left.accountId < right.accountId ? -1 : 1)),
            alerts: (await store.listAlerts()).map((alert) => [alert.accountId, alert.kind, alert.status]),
            tiers: await store.listTierAssignments({ period: '2026-10' }),
          });
        } finally {
          await store.close();
        }
      }
      const expected = computeMonth(
        await (async () => {
          const store = await makeStore();
          try {
            await seedSmallPortfolio(store);
            return readReportInputs(store, { asOf: '2026-10', policies });
          } finally {
            await store.close();
          }
        })(),
        policies,
      );
      expect((seen[0] as { accounts: AccountMonth[] }).accounts).toEqual(
        JSON.parse(JSON.stringify([...expected.accounts].sort((a, b) => a.rank - b.rank))),
      );
      expect(seen[1]).toEqual(seen[0]);
      expect(seen[2]).toEqual(seen[0]);
    });

    it('lets one claimant run a month at a time', async () => {
      const store = await makeStore();
      try {
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        const first = store.results.claimMonth('2026-10', async () => {
          await held;
          return 'first';
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(await store.results.claimMonth('2026-10', async () => 'second')).toEqual({ claimed: false });
        expect(await store.results.claimMonth('2026-09', async () => 'other month')).toEqual({
          claimed: true,
          value: 'other month',
        });
        release();
        expect(await first).toEqual({ claimed: true, value: 'first' });
        expect(await store.results.claimMonth('2026-10', async () => 'again')).toEqual({
          claimed: true,
          value: 'again',
        });
      } finally {
        await store.close();
      }
    });

    it('runs a month: stored results equal the computation, go stale on a write, and are fresh again after a refresh', async () => {
      const store = await makeStore();
      try {
        const policies = defaultPolicies();
        await seedSmallPortfolio(store);
        const fresh = await ensureMonthResults({ store, policies, month: '2026-10' });
        expect(fresh.stale).toBe(false);
        const expected = computeMonth(await readReportInputs(store, { asOf: '2026-10', policies }), policies);
        expect(await store.results.listAccountMonths('2026-10')).toEqual(
          JSON.parse(JSON.stringify([...expected.accounts].sort((a, b) => a.rank - b.rank))),
        );
        expect(await store.results.getPortfolioMonth('2026-10')).toEqual(
          JSON.parse(JSON.stringify(expected.portfolio)),
        );
        // The summary: the same row without its analysis; nothing for a month not stored.
        const { analysis: _analysis, ...summary } = expected.portfolio;
        expect(await store.results.getPortfolioSummary('2026-10')).toEqual(
          JSON.parse(JSON.stringify(summary)),
        );
        expect(await store.results.getPortfolioSummary('2026-09')).toBeUndefined();
        await store.insertTransactions([
          { id: 't-late', accountId: 'a-3', date: '2026-10-30', amountFen: 900_000_000, category: 'general' },
        ]);
        const stale = await monthFreshness(store, '2026-10', policies);
        expect(stale).toMatchObject({ stale: true, dataChanged: true, policiesChanged: false });
        expect((await refreshMonth({ store, policies, month: '2026-10' })).status).toBe('computed');
        expect((await monthFreshness(store, '2026-10', policies))?.stale).toBe(false);
        // Other policies: the stored results read as stale.
        const other = { ...policies, scoring: { ...policies.scoring, id: `${policies.scoring.id}-changed` } };
        expect(await monthFreshness(store, '2026-10', other)).toMatchObject({
          stale: true,
          policiesChanged: true,
        });
      } finally {
        await store.close();
      }
    });
  });
}
