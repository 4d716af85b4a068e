/**
 * Opening an embedded data folder with its owner in mind: take the folder's
 * lock and open PGlite, or — when `kamkit serve` owns it — connect through the
 * socket it shares the store on, or fail naming the owner.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createPglite } from '../store/pglite-template.js';
import { pgliteDriver, pgPoolDriver, type SqlDriver } from '../store/sql-driver.js';
import { acquireOwnerLock, type OwnerRecord, StoreOwnedError } from './owner-lock.js';

/** The socket's file name: `pg` connects to `<host>/.s.PGSQL.<port>`. */
const SOCKET_NAME = '.s.PGSQL.5432';
/** Unix socket paths longer than this do not fit `sockaddr_un` on every system. */
const MAX_SOCKET_PATH = 100;

/**
 * Where `kamkit serve` puts the socket for `dataDir`: inside the folder, or,
 * when that path is too long for a Unix socket, a folder in the system's
 * temporary directory named after the data folder.
 */
export function socketPathFor(dataDir: string): string {
  const inside = join(dataDir, SOCKET_NAME);
  if (Buffer.byteLength(inside) <= MAX_SOCKET_PATH) return inside;
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return join(tmpdir(), `kamkit-${digest}`, SOCKET_NAME);
}

/** Options of {@link openEmbeddedDriver}. */
export interface OpenEmbeddedOptions {
  /** What this process runs, recorded in the lock for other openers' messages. */
  command?: string;
  /** Connections to the owner's socket (default 4; they take turns on the owner's one session). */
  maxConnections?: number;
}

/**
 * The driver for an embedded folder: PGlite, owned by this process (the lock
 * is released when the driver closes or the process exits), or a connection
 * to the socket of the `kamkit serve` that owns it.
 *
 * @throws StoreOwnedError when another live process owns the folder and shares no socket.
 */
export async function openEmbeddedDriver(
  dataDir: string,
  options: OpenEmbeddedOptions = {},
): Promise<SqlDriver> {
  await mkdir(dataDir, { recursive: true });
  const taken = await acquireOwnerLock(
    dataDir,
    options.command === undefined ? {} : { command: options.command },
  );
  if ('holder' in taken) return connectToOwner(dataDir, taken.holder, options);
  const { lock } = taken;
  try {
    const driver = pgliteDriver(await createPglite(dataDir));
    return {
      ...driver,
      async close() {
        try {
          await driver.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** A `pg` pool on the owner's socket, or a {@link StoreOwnedError} when it shares none or does not answer. */
async function connectToOwner(
  dataDir: string,
  holder: OwnerRecord,
  options: OpenEmbeddedOptions,
): Promise<SqlDriver> {
  if (holder.socket === undefined) throw new StoreOwnedError({ dataDir, holder });
  const { default: pg } = await import('pg');
  const port = Number(basename(holder.socket).split('.').pop());
  const pool = new pg.Pool({
    host: dirname(holder.socket),
    port: Number.isInteger(port) ? port : 5432,
    user: 'postgres',
    database: 'postgres',
    max: options.maxConnections ?? 4,
  });
  pool.on('error', () => undefined);
  try {
    const connection = await pool.connect();
    connection.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreOwnedError({ dataDir, holder, cause: error });
  }
  return { ...pgPoolDriver(pool), migratedByOwner: true };
}
