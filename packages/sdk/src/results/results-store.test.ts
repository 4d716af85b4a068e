import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicies } from '../portfolio/policies.js';
import { refreshMonth } from '../refresh/refresh-month.js';
import { readReportInputs } from '../reports/data/source.js';
import { usePglite } from '../store/__fixtures__/pglite.js';
import { emptyTables } from '../store/__fixtures__/reset.js';
import { SKIP_MESSAGE, serverUrl, uniqueSchema } from '../store/__fixtures__/server.js';
import { createMemoryStore } from '../store/memory-store.js';
import { allMigrations, runMigrations } from '../store/migrations.js';
import { createPglite } from '../store/pglite-template.js';
import { createPostgresStore } from '../store/postgres-store.js';
import { pgliteDriver, pgPoolDriver, type SqlDriver } from '../store/sql-driver.js';
import { computeMonth } from './compute-month.js';
import { describeResultsConformance, seedSmallPortfolio } from './conformance.js';

describeResultsConformance('memory', async () => createMemoryStore());

const pglite = usePglite();
describeResultsConformance('PGlite', () => pglite.freshStore());

describe('PGlite change log', () => {
  it('a month run leaves no rows in kamkit_data_changes; the generation lives on in the counter', async () => {
    const store = await pglite.freshStore();
    try {
      await seedSmallPortfolio(store);
      for (let step = 0; step < 5; step++)
        await store.insertTransactions([
          { id: `t-log-${step}`, accountId: 'a-1', date: '2026-10-02', amountFen: 7, category: 'general' },
        ]);
      const rows = async () =>
        Number(
          (await pglite.driver().query<{ n: string }>('SELECT count(*) AS n FROM kamkit_data_changes'))
            .rows[0]?.n,
        );
      expect(await rows()).toBeGreaterThanOrEqual(6);
      const generation = await store.results.dataGeneration();
      await refreshMonth({ store, policies: defaultPolicies(), month: '2026-10' });
      expect(await rows()).toBe(0);
      expect(await store.results.dataGeneration()).toBe(generation);
      expect((await store.results.monthMeta('2026-10'))?.dataGeneration).toBe(generation);
    } finally {
      await store.close();
    }
  }, 120_000);
});

if (!serverUrl) console.warn(SKIP_MESSAGE);

describe.skipIf(!serverUrl)('PostgreSQL server', () => {
  const schema = uniqueSchema('results');
  let driver: SqlDriver;
  beforeAll(async () => {
    const pool = new pg.Pool({ connectionString: serverUrl, max: 4, options: `-c search_path=${schema}` });
    driver = pgPoolDriver(pool);
    await driver.exec(`CREATE SCHEMA ${schema}`);
    await runMigrations(driver);
  });
  afterAll(async () => {
    await driver.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await driver.close();
  });
  describeResultsConformance('PostgreSQL server', async () => {
    await emptyTables(driver);
    return createPostgresStore({ client: driver, closeClient: false });
  });
});

describe("migrations 0027, 0028, 0030, 0031 and 0033: the portfolio analysis in a column, its account lists (as columns) and the agendas (a day's too) in rows of their own", () => {
  it('moves the analysis of months stored before it out of the row, and reads them back as they were', async () => {
    const driver = pgliteDriver(await createPglite('memory://'));
    try {
      await runMigrations(
        driver,
        allMigrations().filter((migration) => migration.id < '0027'),
      );
      const store = await createPostgresStore({ client: driver, closeClient: false, migrate: false });
      const policies = defaultPolicies();
      await seedSmallPortfolio(store);
      const computed = computeMonth(await readReportInputs(store, { asOf: '2026-10', policies }), policies);
      const expected = JSON.parse(JSON.stringify(computed.portfolio));
      const agendas = ['u-3', 'u-1', 'u-2'].map((ownerId) => ({
        ownerId,
        overdue: [],
        due: [],
        upcoming: [],
      }));
      // A month as the store kept it before the migration: the analysis inside the row's data.
      await driver.query(
        `INSERT INTO portfolio_month_results (month, today, policy_fingerprint, data_generation, computed_at, account_count, data, agendas)
         VALUES ('2026-10', '2026-10-31', 'p', 1, now(), 3, $1::text::jsonb, $2::text::jsonb)`,
        [JSON.stringify(computed.portfolio), JSON.stringify(agendas)],
      );
      // And a month with a long list of fluctuating accounts (migration 0030 cuts it into parts).
      const long = JSON.parse(JSON.stringify(computed.portfolio));
      long.month = '2026-09';
      long.analysis.month = '2026-09';
      long.analysis.gained = [];
      long.analysis.lost = [];
      long.analysis.fluctuating = Array.from({ length: 4_500 }, (_, index) => ({
        ...(computed.portfolio.analysis.topTen[0] ?? {}),
        accountId: `a-${index}`,
      }));
      long.analysis.topTier.accounts = long.analysis.fluctuating.slice(0, 1);
      await driver.query(
        `INSERT INTO portfolio_month_results (month, today, policy_fingerprint, data_generation, computed_at, account_count, data, agendas)
         VALUES ('2026-09', '2026-09-30', 'p', 1, now(), 3, $1::text::jsonb, '[]')`,
        [JSON.stringify(long)],
      );
      // A day's agendas as one value, as 0026 kept them (0031 gives each owner a row).
      await driver.query(
        `INSERT INTO day_agenda_results (month, day, policy_fingerprint, data_generation, computed_at, agendas)
         VALUES ('2026-10', '2026-11-03', 'p', 1, '2026-11-03T01:00:00Z', $1::text::jsonb)`,
        [JSON.stringify(agendas)],
      );
      await runMigrations(driver);
      expect(await store.results.getDayAgendas('2026-10')).toEqual({
        day: '2026-11-03',
        dataGeneration: 1,
        policyFingerprint: 'p',
        computedAt: '2026-11-03T01:00:00.000Z',
        agendas,
      });
      expect(await store.results.getPortfolioMonth('2026-10')).toEqual(expected);
      // 0028: every owner's agenda moved into a row of its own, in the same order.
      expect(await store.results.getAgendas('2026-10')).toEqual(agendas);
      const { analysis: _analysis, ...summary } = expected;
      expect(await store.results.getPortfolioSummary('2026-10')).toEqual(summary);
      const { rows } = await driver.query<{ inside: boolean }>(
        "SELECT data ? 'analysis' AS inside FROM portfolio_month_results WHERE month = '2026-10'",
      );
      expect(rows).toEqual([{ inside: false }]);
      // 0030: a long list cut into parts of 2,000 accounts, read back whole and in order.
      expect(await store.results.getPortfolioMonth('2026-09')).toEqual(long);
      const parts = await driver.query<{ list: string; part: number; n: number }>(
        `SELECT list, part, jsonb_array_length(accounts) AS n FROM portfolio_analysis_parts
         WHERE month = '2026-09' ORDER BY list, part`,
      );
      expect(parts.rows).toEqual([
        { list: 'fluctuating', part: 0, n: 2_000 },
        { list: 'fluctuating', part: 1, n: 2_000 },
        { list: 'fluctuating', part: 2, n: 500 },
        { list: 'topTier', part: 0, n: 1 },
      ]);
      // 0033: those parts, stored before it, are read as objects; parts stored now are columns of text.
      await store.results.putMonth({
        meta: {
          month: '2026-09',
          today: '2026-09-30',
          policyFingerprint: 'p',
          dataGeneration: 2,
          computedAt: '2026-10-01T01:00:00.000Z',
          accountCount: 3,
        },
        portfolio: long,
        accounts: [],
        agendas: [],
      });
      expect(await store.results.getPortfolioMonth('2026-09')).toEqual(long);
      const stored = await driver.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM portfolio_analysis_parts
         WHERE month = '2026-09' AND accounts IS NULL AND columns IS NOT NULL`,
      );
      expect(stored.rows).toEqual([{ n: 4 }]);
    } finally {
      await driver.close();
    }
  }, 120_000);
});
