/**
 * `openStore()`: the one call applications make to get a {@link Store}.
 *
 * @module
 */
import { resolve } from 'node:path';
import { importOptional } from '../errors/import-optional.js';
import { isKamError, KAM_ERROR_CODES, KamError } from '../errors/index.js';
import { openEmbeddedDriver } from '../host/connect.js';
import { createMemoryStore } from './memory-store.js';
import { runMigrations } from './migrations.js';
import { createPglite } from './pglite-template.js';
import type { Store } from './port.js';
import { createPostgresStore } from './postgres-store.js';
import { grantApplicationRole } from './schema-guard.js';
import { pgliteDriver, pgPoolDriver, type SqlDriver } from './sql-driver.js';

/** The environment variable that points KAMkit at a PostgreSQL server. */
export const DATABASE_URL_ENV = 'KAMKIT_DATABASE_URL';
/**
 * The environment variable with the URL of the role that owns the schema and
 * runs migrations, when the application connects (`KAMKIT_DATABASE_URL`) as
 * a role with fewer rights (see docs/operations.md).
 */
export const DATABASE_OWNER_URL_ENV = 'KAMKIT_DATABASE_OWNER_URL';
/** The embedded database's folder, relative to the working directory, when none is given. */
export const DEFAULT_DATA_DIR = '.kamkit/db';

/** Options shared by every kind of store. */
interface CommonOpenOptions {
  /** The clock for default timestamps and expiry checks. */
  clock?: () => Date;
}

/**
 * Which store to open:
 * - `{ kind: 'memory' }` — in this process only;
 * - `{ dataDir }` — embedded PostgreSQL (PGlite) in that folder, or `'memory://'` for a throw-away one;
 * - `{ url }` — a PostgreSQL server (`postgres://user:password@host:port/database`).
 */
export type OpenStoreOptions =
  | (CommonOpenOptions & { kind: 'memory' })
  | (CommonOpenOptions & { dataDir: string })
  | (CommonOpenOptions & {
      url: string;
      maxConnections?: number;
      /**
       * The schema owner's URL (same database and schema): migrations run as
       * this role, which then grants the application role (the one of `url`)
       * its privileges; the store itself connects as `url`.
       */
      ownerUrl?: string;
    })
  | CommonOpenOptions;

/** Where {@link openStore} would connect for these options and environment (no connection is made). */
export type StoreTarget =
  | { kind: 'memory' }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'server'; url: string; maxConnections: number | undefined; ownerUrl?: string };

/**
 * Decide where a store lives: explicit options first, then
 * `KAMKIT_DATABASE_URL` (a server), else PGlite at `.kamkit/db` under `cwd`.
 */
export function resolveStoreTarget(
  options: OpenStoreOptions = {},
  environment: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): StoreTarget {
  if ('kind' in options && options.kind === 'memory') return { kind: 'memory' };
  if ('url' in options) {
    return {
      kind: 'server',
      url: options.url,
      maxConnections: options.maxConnections,
      ...(options.ownerUrl === undefined ? {} : { ownerUrl: options.ownerUrl }),
    };
  }
  if ('dataDir' in options) {
    return {
      kind: 'pglite',
      dataDir: options.dataDir.startsWith('memory://') ? options.dataDir : resolve(cwd, options.dataDir),
    };
  }
  const url = environment[DATABASE_URL_ENV];
  const ownerUrl = environment[DATABASE_OWNER_URL_ENV]?.trim();
  if (url !== undefined && url.trim() !== '')
    return {
      kind: 'server',
      url: url.trim(),
      maxConnections: undefined,
      ...(ownerUrl ? { ownerUrl } : {}),
    };
  return { kind: 'pglite', dataDir: resolve(cwd, DEFAULT_DATA_DIR) };
}

/**
 * Open a store: in memory, embedded PostgreSQL (PGlite) in a folder, or a
 * PostgreSQL server; pending migrations are applied first. With no options:
 * a server when `KAMKIT_DATABASE_URL` is set, else PGlite at `.kamkit/db`.
 * Close it with `store.close()`.
 *
 * On a server with an owner URL (`ownerUrl`, or `KAMKIT_DATABASE_OWNER_URL`),
 * the migrations run as the owner, who grants the application role its
 * privileges (no UPDATE, DELETE or TRUNCATE on the audit and version
 * tables); the store then connects as the application role. A database
 * migrated by a newer KAMkit is refused before anything is written.
 *
 * PGlite is one process's database: open a folder from one process at a time
 * (use a server for several bot replicas).
 *
 * @throws KamError `STORAGE` when the database cannot be opened or migrated.
 * @throws KamError `INVALID_STATE` when the database was migrated by a newer KAMkit.
 * An embedded folder has one owner process: opening it takes the folder's
 * lock (released by `close()` or when the process exits; a dead owner's lock
 * is taken over). While `kamkit serve` owns the folder, the store connects
 * through the socket serve shares it on; any other live owner is a
 * `StoreOwnedError` naming it. Use a server for several bot replicas.
 *
 * @throws KamError `STORAGE` when the database cannot be opened or migrated;
 *   `CONFLICT` (a `StoreOwnedError`) when another process owns the folder.
 *   Also `STORAGE` when a server URL is given and the optional peer dependency `pg` is not installed.
 * @example
 * ```ts
 * import { openStore } from '@kamkit/sdk';
 *
 * const store = await openStore();                        // env var, else .kamkit/db
 * const test = await openStore({ kind: 'memory' });       // tests
 * const shared = await openStore({ url: 'postgres://kamkit:secret@db:5432/kamkit' });
 * console.log(await store.countAccounts());
 * await store.close();
 * ```
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const target = resolveStoreTarget(options);
  if (target.kind === 'memory') return createMemoryStore(options.clock ? { clock: options.clock } : {});
  let driver: SqlDriver;
  try {
    driver = await openDriver(target);
  } catch (error) {
    // A lock held by another process, or a missing optional `pg`, says so itself.
    if (isKamError(error)) throw error;
    const reason = String((error as Error).message ?? error);
    throw new KamError({
      code: KAM_ERROR_CODES.STORAGE,
      cause: error,
      message: {
        'zh-CN': `无法打开数据库（${describe(target)}）：${reason}`,
        en: `Cannot open the database (${describe(target)}): ${reason}`,
      },
    });
  }
  try {
    const ownerUrl = target.kind === 'server' ? target.ownerUrl : undefined;
    if (ownerUrl !== undefined) await migrateAsOwner(ownerUrl, driver);
    return await createPostgresStore({
      client: driver,
      ...(ownerUrl === undefined ? {} : { migrate: false }),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
}

function describe(target: StoreTarget): string {
  switch (target.kind) {
    case 'memory':
      return 'memory';
    case 'pglite':
      return `PGlite ${target.dataDir}`;
    case 'server':
      return `PostgreSQL ${redact(target.url)}`;
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Connect as the schema owner, apply the migrations and grant the role of
 * `app` (the application's connection) its privileges, then disconnect.
 */
async function migrateAsOwner(ownerUrl: string, app: SqlDriver): Promise<void> {
  let owner: SqlDriver;
  try {
    owner = await openDriver({ kind: 'server', url: ownerUrl, maxConnections: 1 });
  } catch (error) {
    throw new KamError({
      code: KAM_ERROR_CODES.STORAGE,
      cause: error,
      message: {
        'zh-CN': `无法以所有者身份连接数据库（${redact(ownerUrl)}）：${String((error as Error).message ?? error)}`,
        en: `Cannot connect as the schema owner (${redact(ownerUrl)}): ${String((error as Error).message ?? error)}`,
      },
    });
  }
  try {
    const { rows } = await app.query<{ role: string }>('SELECT current_user AS role');
    const appRole = rows[0]?.role;
    await runMigrations(owner);
    await owner.withConnection(async (connection) => {
      const current = await connection.query<{ role: string }>('SELECT current_user AS role');
      if (appRole !== undefined && appRole !== current.rows[0]?.role)
        await grantApplicationRole(connection, appRole);
    });
  } finally {
    await owner.close().catch(() => undefined);
  }
}

async function openDriver(target: Exclude<StoreTarget, { kind: 'memory' }>): Promise<SqlDriver> {
  if (target.kind === 'pglite') {
    if (!target.dataDir.startsWith('memory://')) return openEmbeddedDriver(target.dataDir);
    return pgliteDriver(await createPglite(target.dataDir));
  }
  const { default: pg } = await importOptional(() => import('pg'), 'pg', {
    'zh-CN': '连接 PostgreSQL 服务器（KAMKIT_DATABASE_URL）',
    en: 'Connecting to a PostgreSQL server (KAMKIT_DATABASE_URL)',
  });
  const pool = new pg.Pool({ connectionString: target.url, max: target.maxConnections ?? 10 });
  // An idle connection dropped by the server: the pool opens a new one on the next query.
  pool.on('error', () => undefined);
  try {
    const connection = await pool.connect();
    connection.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return pgPoolDriver(pool);
}
