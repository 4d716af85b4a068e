/**
 * What the schema owner does after migrating, and what every open checks
 * first: the append-only tables keep their triggers, the application role
 * gets exactly the privileges it needs (derived from a rule, so a new table
 * needs no new grant), and a database migrated by a newer KAMkit is refused
 * before anything is written. Internal to `store/`.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '../errors/index.js';
import type { Migration, SqlClient } from './port.js';

/**
 * Tables that only ever grow: rows are inserted, never updated or deleted.
 * Their triggers reject UPDATE, DELETE and TRUNCATE, and the application
 * role may only SELECT and INSERT into them. `kamkit_migrations` is read-only
 * to the application role.
 */
export const APPEND_ONLY_TABLES: readonly string[] = ['audit_log', 'account_versions', 'r360_audit'];

/** The migrations table, which the application role may only read. */
const MIGRATIONS_TABLE = 'kamkit_migrations';

/** A quoted SQL identifier. */
function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Give every append-only table of the current schema its two triggers when
 * missing (idempotent): `BEFORE UPDATE OR DELETE` per row and
 * `BEFORE TRUNCATE`, both calling `kamkit_reject_change()`. Run by the
 * schema owner after the migrations (a table a module creates later in the
 * migration order gets its triggers on the same open).
 */
export async function protectAppendOnlyTables(client: SqlClient): Promise<void> {
  const { rows } = await client.query<{ table: string; has_rows: boolean; has_truncate: boolean }>(
    `SELECT c.relname AS table,
            EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = c.relname || '_append_only') AS has_rows,
            EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = c.relname || '_no_truncate') AS has_truncate
     FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname = ANY($1::text[])`,
    [[...APPEND_ONLY_TABLES]],
  );
  for (const row of rows) {
    if (!row.has_rows)
      await client.exec(
        `CREATE TRIGGER ${ident(`${row.table}_append_only`)} BEFORE UPDATE OR DELETE ON ${ident(row.table)}
         FOR EACH ROW EXECUTE FUNCTION kamkit_reject_change()`,
      );
    if (!row.has_truncate)
      await client.exec(
        `CREATE TRIGGER ${ident(`${row.table}_no_truncate`)} BEFORE TRUNCATE ON ${ident(row.table)}
         FOR EACH STATEMENT EXECUTE FUNCTION kamkit_reject_change()`,
      );
  }
}

/**
 * Grant the application role what it needs on the current schema, by rule:
 * USAGE on the schema and its sequences; SELECT and INSERT on the
 * append-only tables ({@link APPEND_ONLY_TABLES}); SELECT on
 * `kamkit_migrations`; SELECT, INSERT, UPDATE and DELETE on every other
 * table (so tables added by later migrations are covered without a new
 * grant). Never TRUNCATE, never ownership: the role cannot disable a
 * trigger, drop, rename or replace anything. Run by the owner; idempotent.
 *
 * @param appRole - the role the application connects as.
 */
export async function grantApplicationRole(client: SqlClient, appRole: string): Promise<void> {
  const role = ident(appRole);
  const { rows } = await client.query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')`,
  );
  const schema = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
  const schemaName = ident(schema.rows[0]?.schema ?? 'public');
  const statements = [
    // Every process opened with an owner URL grants again; two GRANTs on one
    // object at once fail with "tuple concurrently updated", so they take
    // turns (the lock lasts the implicit transaction of this one exec).
    `SELECT pg_advisory_xact_lock(hashtextextended('kamkit.grants.' || current_schema(), 0))`,
    `GRANT USAGE ON SCHEMA ${schemaName} TO ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schemaName} TO ${role}`,
  ];
  const appendOnly = new Set(APPEND_ONLY_TABLES);
  for (const { table } of rows) {
    const name = ident(table);
    statements.push(`REVOKE ALL ON ${name} FROM ${role}`);
    if (table === MIGRATIONS_TABLE) statements.push(`GRANT SELECT ON ${name} TO ${role}`);
    else if (appendOnly.has(table)) statements.push(`GRANT SELECT, INSERT ON ${name} TO ${role}`);
    else statements.push(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${name} TO ${role}`);
  }
  await client.exec(statements.join(';\n'));
}

/** The newest migration id of a list (they sort lexically). */
export function newestMigration(migrations: readonly Migration[]): string {
  return newestId(migrations.map((migration) => migration.id));
}

/** The greatest of some migration ids (lexical order), `''` for none. */
function newestId(ids: readonly string[]): string {
  return [...ids].sort().at(-1) ?? '';
}

/**
 * Refuse a database migrated by a newer KAMkit: when `kamkit_migrations`
 * holds an id this build does not know, throw before anything is written.
 * A fresh database (no migrations table) passes.
 *
 * @returns whether every migration of `migrations` is applied (nothing left to run).
 * @throws KamError `INVALID_STATE` naming the newest schema version found and the newest this build knows.
 */
export async function assertKnownSchema(
  client: SqlClient,
  migrations: readonly Migration[],
): Promise<boolean> {
  const exists = await client.query<{ found: unknown }>(
    `SELECT to_regclass(quote_ident(current_schema()) || '.${MIGRATIONS_TABLE}') IS NOT NULL AS found`,
  );
  if (exists.rows[0]?.found !== true) return migrations.length === 0;
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${MIGRATIONS_TABLE}`);
  const known = new Set(migrations.map((migration) => migration.id));
  const unknown = rows.map((row) => row.id).filter((id) => !known.has(id));
  if (unknown.length === 0) return rows.length === known.size;
  const found = newestId(unknown);
  const knows = newestMigration(migrations);
  throw new KamError({
    code: KAM_ERROR_CODES.INVALID_STATE,
    path: MIGRATIONS_TABLE,
    message: {
      'zh-CN': `数据库已由更新版本的 KAMkit 迁移（数据库结构版本 ${found}），本版本只认识到 ${knows}；请升级 KAMkit 后再打开，未写入任何内容`,
      en: `The database was migrated by a newer KAMkit (schema version ${found}); this build knows up to ${knows}. Upgrade KAMkit to open it; nothing was written`,
    },
  });
}
