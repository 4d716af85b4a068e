/**
 * Versioned, forward-only schema migrations of the PostgreSQL store, applied
 * at open and recorded in `kamkit_migrations`. Two processes opening the same
 * database at once are serialised by an advisory lock.
 *
 * @module
 */
import { claimMigrations } from '../claims/migrations.js';
import { contractMigrations } from '../contracts/migrations.js';
import { KAM_ERROR_CODES, KamError } from '../errors/index.js';
import { relationshipPlanMigrations } from '../relationship-plans/migrations.js';
import { resultsMigrations } from '../results/migrations.js';
import { review360Migrations } from '../review360/migrations.js';
import { satisfactionMigrations } from '../satisfaction/migrations.js';
import { taskMigrations } from '../tasks/migrations.js';
import { unitPlanMigrations } from '../unit-plans/migrations.js';
import type { Migration } from './port.js';
import { assertKnownSchema, protectAppendOnlyTables } from './schema-guard.js';
import type { SqlDriver } from './sql-driver.js';

const APPEND_ONLY = (table: string) => `
CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION kamkit_reject_change();
CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION kamkit_reject_change();`;

/** The store's own tables (ids `0001_…`–`0099_…`). */
export const coreMigrations: readonly Migration[] = [
  {
    id: '0001_core',
    sql: `
CREATE FUNCTION kamkit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'kamkit: % is append-only; % rejected', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TABLE users (
  id text PRIMARY KEY,
  data jsonb NOT NULL
);

CREATE TABLE accounts (
  id text PRIMARY KEY,
  version integer NOT NULL,
  division text NOT NULL,
  owner_a text,
  owner_b text,
  parent_id text,
  data jsonb NOT NULL
);
CREATE INDEX accounts_division ON accounts (division);
CREATE INDEX accounts_owner_a ON accounts (owner_a);
CREATE INDEX accounts_owner_b ON accounts (owner_b);
CREATE INDEX accounts_parent ON accounts (parent_id);

CREATE TABLE account_versions (
  account_id text NOT NULL,
  version integer NOT NULL,
  data jsonb NOT NULL,
  actor text NOT NULL,
  at timestamptz NOT NULL,
  reason text,
  PRIMARY KEY (account_id, version)
);
${APPEND_ONLY('account_versions')}

CREATE TABLE contacts (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX contacts_account ON contacts (account_id);

CREATE TABLE transactions (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  date text NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
  category text NOT NULL,
  units double precision,
  unit text,
  cost_fen bigint,
  profit_fen bigint,
  market_total_fen bigint
);
CREATE INDEX transactions_account_date ON transactions (account_id, date);

CREATE TABLE transaction_monthly (
  account_id text NOT NULL,
  month text NOT NULL,
  category text NOT NULL,
  revenue_fen bigint NOT NULL,
  count bigint NOT NULL,
  units double precision NOT NULL,
  profit_fen bigint NOT NULL,
  profit_base_fen bigint NOT NULL,
  market_total_fen bigint NOT NULL,
  market_base_fen bigint NOT NULL,
  last_date text NOT NULL,
  PRIMARY KEY (account_id, month, category)
);
CREATE INDEX transaction_monthly_month ON transaction_monthly (month);

CREATE TABLE interactions (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  at timestamptz NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX interactions_account_at ON interactions (account_id, at);

CREATE TABLE complaints (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX complaints_account ON complaints (account_id);

CREATE TABLE scores (
  account_id text NOT NULL,
  period text NOT NULL,
  model_id text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (account_id, period, model_id)
);
CREATE INDEX scores_period_model ON scores (period, model_id);

CREATE TABLE tier_assignments (
  account_id text NOT NULL,
  policy_id text NOT NULL,
  period text NOT NULL,
  tier text,
  data jsonb NOT NULL,
  PRIMARY KEY (account_id, policy_id, period)
);
CREATE INDEX tier_assignments_period_policy ON tier_assignments (period, policy_id);

CREATE TABLE tier_overrides (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  policy_id text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX tier_overrides_account ON tier_overrides (account_id, policy_id);

CREATE TABLE alerts (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX alerts_account ON alerts (account_id);

CREATE TABLE dialog_state (
  key text PRIMARY KEY,
  state jsonb,
  expires_at timestamptz NOT NULL
);
CREATE INDEX dialog_state_expires ON dialog_state (expires_at);

CREATE TABLE idempotency_keys (
  key text PRIMARY KEY,
  claimed_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  before_data jsonb,
  after_data jsonb,
  reason text
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor);
CREATE INDEX audit_log_at ON audit_log (at);
${APPEND_ONLY('audit_log')}
`,
  },
  {
    id: '0002_payments',
    sql: `
CREATE TABLE payments (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  date text NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
  invoice text,
  note text
);
CREATE INDEX payments_account_date ON payments (account_id, date);
CREATE INDEX payments_date ON payments (date);
`,
  },
  {
    // Records under an account are keyed by account and id: the same id under
    // two accounts names two records, so a write never depends on (or reveals)
    // what another division's account holds (docs/access.md).
    id: '0016_account_scoped_ids',
    sql: `
ALTER TABLE contacts DROP CONSTRAINT contacts_pkey, ADD PRIMARY KEY (account_id, id);
ALTER TABLE transactions DROP CONSTRAINT transactions_pkey, ADD PRIMARY KEY (account_id, id);
ALTER TABLE interactions DROP CONSTRAINT interactions_pkey, ADD PRIMARY KEY (account_id, id);
ALTER TABLE complaints DROP CONSTRAINT complaints_pkey, ADD PRIMARY KEY (account_id, id);
ALTER TABLE tier_overrides DROP CONSTRAINT tier_overrides_pkey, ADD PRIMARY KEY (account_id, id);
ALTER TABLE payments DROP CONSTRAINT payments_pkey, ADD PRIMARY KEY (account_id, id);
DROP INDEX contacts_account;
DROP INDEX complaints_account;
`,
  },
  {
    // Alerts are listed by creation, then id: the index serves that order, so a
    // list read a slice at a time (in-process PGlite) starts each slice where
    // the last ended instead of sorting the whole table again.
    id: '0032_alerts_by_creation',
    sql: `CREATE INDEX alerts_created ON alerts (created_at, id COLLATE "C");`,
  },
];

/**
 * Every migration the store applies, sorted by id: the core ones and those of
 * other modules (360° evaluation).
 *
 * @throws KamError `INVALID_STATE` when two migrations share an id.
 */
export function allMigrations(): Migration[] {
  const list = [
    ...coreMigrations,
    ...review360Migrations,
    ...resultsMigrations,
    ...contractMigrations,
    ...claimMigrations,
    ...unitPlanMigrations,
    ...relationshipPlanMigrations,
    ...taskMigrations,
    ...satisfactionMigrations,
  ].sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  for (let index = 1; index < list.length; index++) {
    if (list[index]?.id === list[index - 1]?.id) {
      const id = list[index]?.id ?? '';
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_STATE,
        path: id,
        message: { 'zh-CN': `数据库迁移编号重复：${id}`, en: `Duplicate migration id: ${id}` },
      });
    }
  }
  return list;
}

/** What {@link runMigrations} did. */
export interface MigrationReport {
  /** Ids applied by this call, in order. */
  applied: string[];
  /** Ids that were already recorded. */
  alreadyApplied: string[];
}

/**
 * Apply the pending migrations, each in its own transaction together with its
 * row in `kamkit_migrations`. An advisory lock (per schema) is held around the
 * check-and-apply, so two processes opening a fresh database at once both
 * succeed: the second waits, then finds nothing left to do. Running it again
 * is a no-op. A database that holds a migration id this build does not know
 * (migrated by a newer KAMkit) is refused before anything is written. After
 * the migrations, every append-only table has its triggers (see
 * `schema-guard.ts`).
 *
 * @param migrations - default {@link allMigrations}.
 * @throws KamError `STORAGE` naming the migration that failed (its changes are rolled back).
 * @throws KamError `INVALID_STATE` for a database migrated by a newer version.
 */
export async function runMigrations(
  driver: SqlDriver,
  migrations: readonly Migration[] = allMigrations(),
): Promise<MigrationReport> {
  return driver.withConnection(async (connection) => {
    await connection.query(
      `SELECT pg_advisory_lock(hashtextextended('kamkit.migrations.' || current_schema(), 0))`,
    );
    try {
      await assertKnownSchema(connection, migrations);
      await connection.exec(
        `CREATE TABLE IF NOT EXISTS kamkit_migrations (
           id text PRIMARY KEY,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const { rows } = await connection.query<{ id: string }>('SELECT id FROM kamkit_migrations');
      const done = new Set(rows.map((row) => row.id));
      const report: MigrationReport = { applied: [], alreadyApplied: [] };
      for (const migration of migrations) {
        if (done.has(migration.id)) {
          report.alreadyApplied.push(migration.id);
          continue;
        }
        try {
          await connection.exec('BEGIN');
          await connection.exec(migration.sql);
          await connection.query('INSERT INTO kamkit_migrations (id) VALUES ($1)', [migration.id]);
          await connection.exec('COMMIT');
        } catch (error) {
          await connection.exec('ROLLBACK');
          throw new KamError({
            code: KAM_ERROR_CODES.STORAGE,
            path: migration.id,
            cause: error,
            message: {
              'zh-CN': `数据库迁移 ${migration.id} 失败：${String((error as Error).message ?? error)}`,
              en: `Migration ${migration.id} failed: ${String((error as Error).message ?? error)}`,
            },
          });
        }
        report.applied.push(migration.id);
      }
      await protectAppendOnlyTables(connection);
      return report;
    } finally {
      await connection.query(
        `SELECT pg_advisory_unlock(hashtextextended('kamkit.migrations.' || current_schema(), 0))`,
      );
    }
  });
}
