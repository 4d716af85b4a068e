import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateRowsOf } from '../../metrics/aggregate-columns.js';
import { localDate } from '../../time/calendar.js';
import { demoSource } from '../__fixtures__/demo-source.js';
import { buildAccountCard } from './account-card.js';
import { buildAccountReport, loadAccountReport } from './account-report.js';

describe('buildAccountReport on the demo portfolio', () => {
  it('spend, frequency and units equal the sums of the account’s transactions in the period', async () => {
    const { source, portfolio } = await demoSource();
    const accountId = portfolio.accounts.find(
      (account) =>
        account.industry === '航空差旅' &&
        ['2025-06', '2026-05', '2026-08', '2026-10'].every((month) =>
          portfolio.transactions.some((t) => t.accountId === account.id && t.date.startsWith(month)),
        ),
    )!.id;
    for (const [period, from, to] of [
      ['2026-10', '2026-10-01', '2026-10-31'],
      ['2026-Q3', '2026-07-01', '2026-09-30'],
      ['2025', '2025-01-01', '2025-12-31'],
    ] as const) {
      const report = buildAccountReport(source, accountId, { period, unit: 'km' });
      const mine = portfolio.transactions.filter(
        (t) => t.accountId === accountId && t.date >= from && t.date <= to,
      );
      expect(report.period).toBe(period);
      expect(report.spendFen).toBe(mine.reduce((sum, t) => sum + t.amountFen, 0));
      expect(report.frequency).toBe(mine.length);
      expect(report.units).toBe(mine.reduce((sum, t) => sum + (t.units ?? 0), 0));
      expect(report.unitPriceFen).toBeCloseTo(report.spendFen / report.units, 2);
      expect(report.categories.reduce((sum, line) => sum + line.revenueFen, 0)).toBe(report.spendFen);
      expect(report.categories.reduce((sum, line) => sum + line.share, 0)).toBeCloseTo(1, 10);
      expect(report.concentration.share).toBeGreaterThanOrEqual(0.8 - 1e-12);
      expect(report.concentration.of).toBe(report.categories.length);
      // The trend's twelve months end with the period; its last months add up to the spend.
      const months = { '2026-10': 1, '2026-Q3': 3, '2025': 12 }[period];
      expect(report.trend.months).toHaveLength(12);
      expect(report.trend.months.at(-1)).toBe(to.slice(0, 7));
      expect(report.trend.revenueFen.slice(-months).reduce((sum, value) => sum + value, 0)).toBeCloseTo(
        report.spendFen,
        6,
      );
    }
    const october = buildAccountReport(source, accountId, { period: '2026-10' });
    expect(october.trend).toEqual(buildAccountCard(source, accountId).trend);
  });

  it('compares with the previous period and the industry average, and says what to improve', async () => {
    const { source, portfolio } = await demoSource();
    const accountId = portfolio.accounts.find(
      (account) =>
        account.industry === '航空差旅' &&
        ['2025-06', '2026-05', '2026-08', '2026-10'].every((month) =>
          portfolio.transactions.some((t) => t.accountId === account.id && t.date.startsWith(month)),
        ),
    )!.id;
    const report = buildAccountReport(source, accountId, { period: '2026-Q3' });
    const previous = portfolio.transactions
      .filter((t) => t.accountId === accountId && t.date >= '2026-04-01' && t.date <= '2026-06-30')
      .reduce((sum, t) => sum + t.amountFen, 0);
    expect(report.previousSpendFen).toBe(previous);
    const peers = new Set(portfolio.accounts.filter((a) => a.industry === '航空差旅').map((a) => a.id));
    const peerRows = portfolio.transactions.filter(
      (t) => peers.has(t.accountId) && t.date >= '2026-07-01' && t.date <= '2026-09-30',
    );
    const buyers = new Set(peerRows.map((t) => t.accountId));
    const average = Math.round(peerRows.reduce((sum, t) => sum + t.amountFen, 0) / buyers.size);
    expect(report.peers.accounts).toBe(buyers.size);
    expect(report.peers.averageSpendFen).toBe(average);
    expect(report.peers.gapFen).toBe(report.spendFen - average);
    const averagePrice =
      peerRows.reduce((sum, t) => sum + t.amountFen, 0) /
      peerRows.reduce((sum, t) => sum + (t.units ?? 0), 0);
    expect(report.peers.savingsFen).toBe(
      Math.round((averagePrice - report.spendFen / report.units) * report.units),
    );
    if (report.peers.gapFen < 0)
      expect(report.improvements.some((text) => text.en.includes('below the industry average'))).toBe(true);
  });

  it('an account without spend is told to be contacted', async () => {
    const { source } = await demoSource();
    const report = buildAccountReport(source, source.run.accounts[0]!.id, { period: '2010' });
    expect(report.spendFen).toBe(0);
    expect(report.improvements[0]?.en).toMatch(/No spend/);
  });

  it('rejects an unknown account and a bad period with KamErrors', async () => {
    const { source } = await demoSource();
    expect(() => buildAccountReport(source, 'nope', { period: '2026-10' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => buildAccountReport(source, source.run.accounts[0]!.id, { period: 'soon' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});

describe('buildAccountCard on the demo portfolio', () => {
  it('shows the tier with why and upgrade path, score factors, a 12-month trend, owners and contacts', async () => {
    const { source, portfolio } = await demoSource();
    const index = source.run.tiers.findIndex((t) => t.tier !== null && t.upgrade !== null);
    const accountId = source.run.accounts[index]!.id;
    const card = buildAccountCard(source, accountId);
    const assignment = source.run.tiers[index]!;
    expect(card.tier.id).toBe(assignment.tier);
    expect(card.tier.why.en.length).toBeGreaterThan(0);
    expect(card.tier.upgrade?.en).toBe(assignment.upgrade!.text.en);
    const explanation = source.run.explain(accountId);
    expect(card.score.value).toBeCloseTo(explanation.score, 1);
    expect(card.score.topFactors).toHaveLength(3);
    expect(card.trend.months).toHaveLength(12);
    expect(card.trend.months[11]).toBe('2026-10');
    for (const [position, month] of card.trend.months.entries()) {
      const spend = portfolio.transactions
        .filter((t) => t.accountId === accountId && t.date.startsWith(month))
        .reduce((sum, t) => sum + t.amountFen, 0);
      expect(card.trend.revenueFen[position]).toBe(spend);
    }
    const account = portfolio.accounts.find((a) => a.id === accountId)!;
    expect(card.owners.a?.id ?? null).toBe(account.ownerA);
    if (account.ownerA)
      expect(card.owners.a?.name).toBe(portfolio.users.find((u) => u.id === account.ownerA)?.name);
    const contacts = portfolio.interactions.filter((i) => i.accountId === accountId);
    if (contacts.length > 0) expect(card.lastContact).not.toBeNull();
    expect(card.openAlerts).toEqual(
      source.run.alerts
        .filter((a) => a.accountId === accountId)
        .map((a) => expect.objectContaining({ kind: a.kind })),
    );
    expect(JSON.parse(JSON.stringify(card))).toEqual(card);
  });
});

describe('buildAccountCard for every account of one source', () => {
  it('gives each account its own trend, last and next contact and alerts, as a scan of the whole source would', async () => {
    const { source } = await demoSource();
    for (const account of source.run.accounts) {
      const card = buildAccountCard(source, account.id);
      const revenue = new Map<string, number>();
      for (const row of aggregateRowsOf(source.aggregates))
        if (row.accountId === account.id)
          revenue.set(row.month, (revenue.get(row.month) ?? 0) + row.revenueFen);
      expect(card.trend.revenueFen).toEqual(card.trend.months.map((month) => revenue.get(month) ?? 0));
      const actions = source.run.agendas
        .flatMap((agenda) => [...agenda.overdue, ...agenda.due, ...agenda.upcoming])
        .filter((action) => action.accountId === account.id);
      const earliest = actions.reduce<(typeof actions)[number] | null>(
        (best, action) => (best === null || action.dueDate < best.dueDate ? action : best),
        null,
      );
      expect(card.nextContact?.dueDate ?? null).toBe(earliest?.dueDate ?? null);
      expect(card.nextContact?.label ?? null).toEqual(earliest?.label ?? null);
      const contactDates = source.interactions
        .filter((row) => row.accountId === account.id)
        .map((row) => localDate(new Date(row.at), source.timeZone))
        .filter((date) => date <= source.run.today)
        .sort();
      expect(card.lastContact?.date ?? null).toBe(contactDates.at(-1) ?? null);
      expect(card.openAlerts.map((alert) => alert.kind)).toEqual(
        source.run.alerts.filter((alert) => alert.accountId === account.id).map((alert) => alert.kind),
      );
    }
  });
});

describe('loadAccountReport', () => {
  it('reads by index the very report the whole report source gives, for any account, period and set of visible peers', async () => {
    const { source, store } = await demoSource();
    const accounts = await store.listAccounts();
    const periods = [
      '2026-10',
      '2026-09',
      '2026-Q3',
      '2026-Q2',
      '2025',
      'last-12m@2026-10',
      'to-date@2026-08',
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: accounts.length - 1 }),
        fc.constantFrom(...periods),
        fc.option(fc.uniqueArray(fc.nat({ max: accounts.length - 1 }), { maxLength: 120 }), {
          nil: undefined,
        }),
        async (index, period, visibleIndexes) => {
          const account = accounts[index]!;
          const visible =
            visibleIndexes === undefined ? undefined : [account, ...visibleIndexes.map((i) => accounts[i]!)];
          const expected = buildAccountReport(source, account.id, {
            period,
            ...(visible === undefined ? {} : { peerIds: new Set(visible.map((item) => item.id)) }),
          });
          const read = await loadAccountReport(store, account.id, {
            period,
            ...(visible === undefined ? {} : { visible }),
          });
          expect(read).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  }, 300_000);

  it('does not report an account the reader may not see', async () => {
    const { store } = await demoSource();
    const [first, second] = await store.listAccounts();
    await expect(
      loadAccountReport(store, second!.id, { period: '2026-10', visible: [first!] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 120_000);
});
