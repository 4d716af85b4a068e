/**
 * `openStore()`: the one call applications make to get a {@link Store}.
 *
 * @module
 */

import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { importOptional } from '../errors/import-optional.js';
import { isKamError, KAM_ERROR_CODES, KamError } from '../errors/index.js';
import { createMemoryStore } from './memory-store.js';
import type { Store } from './port.js';
import { createPostgresStore } from './postgres-store.js';
import { pgliteDriver, pgPoolDriver, type SqlDriver } from './sql-driver.js';

/** The environment variable that points KAMkit at a PostgreSQL server. */
export const DATABASE_URL_ENV = 'KAMKIT_DATABASE_URL';
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
  | (CommonOpenOptions & { url: string; maxConnections?: number })
  | CommonOpenOptions;

/** Where {@link openStore} would connect for these options and environment (no connection is made). */
export type StoreTarget =
  | { kind: 'memory' }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'server'; url: string; maxConnections: number | undefined };

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
  if ('url' in options) return { kind: 'server', url: options.url, maxConnections: options.maxConnections };
  if ('dataDir' in options) {
    return {
      kind: 'pglite',
      dataDir: options.dataDir.startsWith('memory://') ? options.dataDir : resolve(cwd, options.dataDir),
    };
  }
  const url = environment[DATABASE_URL_ENV];
  if (url !== undefined && url.trim() !== '')
    return { kind: 'server', url: url.trim(), maxConnections: undefined };
  return { kind: 'pglite', dataDir: resolve(cwd, DEFAULT_DATA_DIR) };
}

/**
 * Open a store: in memory, embedded PostgreSQL (PGlite) in a folder, or a
 * PostgreSQL server; pending migrations are applied first. With no options:
 * a server when `KAMKIT_DATABASE_URL` is set, else PGlite at `.kamkit/db`.
 * Close it with `store.close()`.
 *
 * PGlite is one process's database: open a folder from one process at a time
 * (use a server for several bot replicas).
 *
 * @throws KamError `STORAGE` when the database cannot be opened or migrated (also when a server
 *   URL is given and the optional peer dependency `pg` is not installed).
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
    const reason = isKamError(error)
      ? error.localised
      : { 'zh-CN': String((error as Error).message ?? error), en: String((error as Error).message ?? error) };
    throw new KamError({
      code: KAM_ERROR_CODES.STORAGE,
      cause: error,
      message: {
        'zh-CN': `无法打开数据库（${describe(target)}）：${reason['zh-CN']}`,
        en: `Cannot open the database (${describe(target)}): ${reason.en}`,
      },
    });
  }
  try {
    return await createPostgresStore({ client: driver, ...(options.clock ? { clock: options.clock } : {}) });
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

async function openDriver(target: Exclude<StoreTarget, { kind: 'memory' }>): Promise<SqlDriver> {
  if (target.kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    if (!target.dataDir.startsWith('memory://')) await mkdir(target.dataDir, { recursive: true });
    return pgliteDriver(await PGlite.create(target.dataDir));
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
