/**
 * The small driver interface the PostgreSQL store runs on, with its two
 * implementations: PGlite (embedded PostgreSQL in WASM) and a `pg` Pool
 * (a PostgreSQL server). The same SQL runs on both.
 *
 * @module
 */
import type { SqlClient } from './port.js';

/**
 * A connection source for {@link createPostgresStore}: plain queries, a way
 * to run work inside one transaction on one connection, and a way to hold one
 * connection for a while (migrations take an advisory lock on it).
 */
export interface SqlDriver extends SqlClient {
  /** `pglite` or `pg`, for messages and docs. */
  readonly engine: 'pglite' | 'pg';
  /**
   * True when no other process or connection reads or writes this database
   * but this driver: the embedded store opened by its owner alone. In-memory
   * caches (roll-ups, chat dialog slots) are kept only then.
   */
  readonly processLocal?: boolean;
  /**
   * True for a connection to the process that owns the database and migrated
   * it when it started (`kamkit serve`): opening a store on it only checks
   * that every migration is applied, and migrates only when one is missing.
   */
  readonly migratedByOwner?: boolean;
  /** Run `work` inside BEGIN … COMMIT on one connection; ROLLBACK when it throws. */
  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T>;
  /** Run `work` on one dedicated connection (no transaction is opened). */
  withConnection<T>(work: (client: SqlClient) => Promise<T>): Promise<T>;
  /** Release the connections (close PGlite, end the pool). */
  close(): Promise<void>;
}

/**
 * The part of a PGlite instance (or of one of its transactions) the store
 * uses. Declared here so the SDK's public types do not depend on PGlite's own
 * (which need Emscripten's); a `PGlite` from `@electric-sql/pglite` fits it.
 */
export interface PgliteQueryable {
  /** Run one parameterised statement. */
  query<Row>(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: Row[] }>;
  /** Run one or more statements without parameters. */
  exec(sql: string): Promise<unknown>;
}

/** The part of a PGlite instance {@link pgliteDriver} uses; a `PGlite` fits it. */
export interface PgliteDatabase extends PgliteQueryable {
  /** Run `work` inside one transaction. */
  transaction<T>(work: (transaction: PgliteQueryable) => Promise<T>): Promise<T>;
  /** Close the database. */
  close(): Promise<void>;
}

/**
 * A PGlite database as the embedded store's owner uses it: queries and
 * transactions, plus the raw wire protocol that `kamkit serve` forwards to
 * socket clients. Declared here so the SDK's public types need none of
 * PGlite's (which need Emscripten's); a `PGlite` fits it.
 */
export interface PgliteServerDatabase extends PgliteDatabase {
  /** Run `work` while no other caller uses the database. */
  runExclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Send raw protocol bytes; the reply's bytes arrive through `onRawData`. */
  execProtocolRawStream(
    message: Uint8Array,
    options: { onRawData: (data: Uint8Array) => void },
  ): Promise<void>;
}

/**
 * The part of a `pg` connection (a `Pool` or a checked-out `PoolClient`) the
 * store uses. Declared here so the SDK's public types need no `@types/pg`.
 */
export interface PgQueryable {
  /** Run one statement, with parameters when given. */
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A connection checked out of a {@link PgPool}. */
export interface PgPoolConnection extends PgQueryable {
  /** Return the connection to the pool; an error discards it instead. */
  release(error?: Error | boolean): void;
}

/** The part of a `pg` `Pool` {@link pgPoolDriver} uses; a `pg.Pool` fits it. */
export interface PgPool extends PgQueryable {
  /** Check a connection out of the pool. */
  connect(): Promise<PgPoolConnection>;
  /** Close every connection of the pool. */
  end(): Promise<void>;
}

/**
 * A client that can feed `COPY … FROM '/dev/blob'` (PGlite). Internal to the
 * store: bulk loads use it when the connection offers it.
 */
export interface CopyClient extends SqlClient {
  /** Run a `COPY … FROM '/dev/blob'` statement reading `data`. */
  copyFrom(sql: string, data: Blob): Promise<void>;
}

/** True when `client` can run `COPY … FROM '/dev/blob'`. */
export function canCopy(client: SqlClient): client is CopyClient {
  return typeof (client as Partial<CopyClient>).copyFrom === 'function';
}

/**
 * Let the event loop run what is waiting (timers, sockets, a bot's acks)
 * before the next statement: PGlite runs each statement synchronously on
 * this thread, and chained statements — a month's results saved in
 * batches, a report's reads — would otherwise hold the loop for all of
 * them, since awaiting PGlite only ever yields to microtasks.
 */
const turnOfTheLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const ignore = (): void => {};

function pgliteClient(db: PgliteQueryable): CopyClient {
  // Statements run one after another, each after its own turn of the loop: several sent at
  // once (a month's inputs read with Promise.all) would otherwise all take their turn together
  // and then run back to back in PGlite's queue, holding the loop for all of them.
  let queue: Promise<void> = Promise.resolve();
  const inTurn = <T>(statement: () => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      await turnOfTheLoop();
      return statement();
    });
    queue = run.then(ignore, ignore);
    return run;
  };
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await inTurn(() => db.query<Row>(sql, [...params]));
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await inTurn(() => db.exec(sql));
    },
    async copyFrom(sql: string, data: Blob) {
      await inTurn(() => db.query(sql, [], { blob: data }));
    },
  };
}

/**
 * A {@link SqlDriver} over a PGlite instance. PGlite has one session, so
 * `withConnection` is the instance itself and `transaction` uses PGlite's own
 * `transaction()`, which queues every other query until it ends.
 * `processLocal` (default `true`) says this process is the database's only
 * user; `kamkit serve`, which shares it on a socket, passes `false`.
 *
 * @example
 * ```ts
 * const db = await PGlite.create('.kamkit/db');
 * const store = await createPostgresStore({ client: pgliteDriver(db) });
 * ```
 */
export function pgliteDriver(db: PgliteDatabase, options: { processLocal?: boolean } = {}): SqlDriver {
  const client = pgliteClient(db);
  return {
    engine: 'pglite',
    processLocal: options.processLocal ?? true,
    query: client.query,
    exec: client.exec,
    transaction: (work) => db.transaction((tx) => work(pgliteClient(tx))),
    withConnection: (work) => work(client),
    close: () => db.close(),
  };
}

function poolClient(connection: PgQueryable): SqlClient {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await connection.query(sql, [...params]);
      return { rows: result.rows as Row[] };
    },
    async exec(sql: string) {
      await connection.query(sql);
    },
  };
}

/**
 * A {@link SqlDriver} over a `pg` Pool (a PostgreSQL server). Transactions take
 * a dedicated client from the pool with BEGIN / COMMIT / ROLLBACK; a client
 * whose ROLLBACK fails is discarded rather than returned to the pool.
 *
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString: process.env.KAMKIT_DATABASE_URL });
 * const store = await createPostgresStore({ client: pgPoolDriver(pool) });
 * ```
 */
export function pgPoolDriver(pool: PgPool): SqlDriver {
  const client = poolClient(pool);
  return {
    engine: 'pg',
    query: client.query,
    exec: client.exec,
    async transaction(work) {
      const connection = await pool.connect();
      let broken: Error | undefined;
      try {
        await connection.query('BEGIN');
        const result = await work(poolClient(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await connection.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        connection.release(broken);
      }
    },
    async withConnection(work) {
      const connection = await pool.connect();
      try {
        return await work(poolClient(connection));
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}
