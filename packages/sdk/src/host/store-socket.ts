/**
 * The owner's store, shared with local processes: a PostgreSQL wire-protocol
 * server on a Unix socket that feeds each connection's messages to the owner's
 * PGlite, one session holder at a time (see {@link SessionGate}), and the
 * owner's own driver, which takes the same gate.
 *
 * Why not `@electric-sql/pglite-socket`'s server: its queue hands PGlite over
 * per message, so two connections' extended-protocol exchanges (Parse, Bind,
 * Execute, Sync) can interleave, and the owner's in-process queries are not
 * queued with the socket's at all — a statement could land inside another
 * client's open transaction. The framing is the same as there; the session
 * is held until the database reports itself idle.
 *
 * @module
 */
import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { type PgliteServerDatabase, pgliteDriver, type SqlDriver } from '../store/sql-driver.js';
import type { SessionGate } from './session-gate.js';

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);
const ROLLBACK = queryMessage('ROLLBACK');

/** What the socket server reports per connection (for the one-line logs). */
export interface SocketEvent {
  event: 'connect' | 'disconnect';
  connection: number;
  /** Messages handled on the connection (on disconnect). */
  messages?: number;
}

/** A running socket server over one PGlite. */
export interface StoreSocketServer {
  /** The socket's path. */
  readonly path: string;
  /** Open connections now. */
  connections(): number;
  /** Stop accepting, close every connection (rolling back what it left open) and remove the socket file. */
  stop(): Promise<void>;
}

/** Options of {@link startStoreSocket}. */
export interface StoreSocketOptions {
  /** The PGlite every connection uses. */
  db: PgliteServerDatabase;
  /** The gate shared with the owner's own driver ({@link gatedPgliteDriver}). */
  gate: SessionGate;
  /** The Unix socket path (a stale file there is replaced). */
  path: string;
  /** Told of each connection and disconnection. */
  onEvent?: (event: SocketEvent) => void;
}

/**
 * A {@link SqlDriver} over the owner's PGlite that takes the session gate for
 * each query, transaction and held connection, and that says it is not the
 * only reader and writer (`processLocal: false`), so the store keeps no
 * in-memory caches of what socket clients may change.
 */
export function gatedPgliteDriver(db: PgliteServerDatabase, gate: SessionGate): SqlDriver {
  const base = pgliteDriver(db, { processLocal: false });
  return {
    engine: base.engine,
    processLocal: false,
    query: (sql, params) => gate.run(() => base.query(sql, params)),
    exec: (sql) => gate.run(() => base.exec(sql)),
    transaction: (work) => gate.run(() => base.transaction(work)),
    withConnection: (work) => gate.run(() => base.withConnection(work)),
    close: () => base.close(),
  };
}

/**
 * Serve `db` on a Unix socket for local `pg` clients (`host` = the socket's
 * folder, `port` = the number in its name `.s.PGSQL.<port>`).
 *
 * @example
 * ```ts
 * const gate = new SessionGate();
 * const socket = await startStoreSocket({ db, gate, path: '.kamkit/db/.s.PGSQL.5432' });
 * const store = await createPostgresStore({ client: gatedPgliteDriver(db, gate) });
 * await socket.stop();
 * ```
 */
export async function startStoreSocket(options: StoreSocketOptions): Promise<StoreSocketServer> {
  const { db, gate } = options;
  await rm(options.path, { force: true });
  const open = new Map<number, Socket>();
  const closing = new Set<Promise<number>>();
  let nextId = 1;
  const server: Server = createServer((socket) => {
    const id = nextId;
    nextId += 1;
    open.set(id, socket);
    options.onEvent?.({ event: 'connect', connection: id });
    const done = serveConnection({ db, gate, socket, id }).finally(() => {
      open.delete(id);
      closing.delete(done);
    });
    closing.add(done);
    void done.then((messages) => options.onEvent?.({ event: 'disconnect', connection: id, messages }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    path: options.path,
    connections: () => open.size,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open.values()) socket.end();
      await Promise.allSettled([...closing]);
      await closed;
      await rm(options.path, { force: true });
    },
  };
}

/** Serve one connection until it closes; returns the number of messages handled. */
function serveConnection(context: {
  db: PgliteServerDatabase;
  gate: SessionGate;
  socket: Socket;
  id: number;
}): Promise<number> {
  const { db, gate, socket, id } = context;
  let buffer: Buffer = Buffer.alloc(0);
  let started = false;
  let messages = 0;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  const run = async (message: Uint8Array, endsExchange: boolean) => {
    await gate.acquire(id);
    let tail: Uint8Array = new Uint8Array(0);
    await db.runExclusive(() =>
      db.execProtocolRawStream(message, {
        onRawData: (data) => {
          tail = lastBytes(tail, data, 6);
          // A copy: PGlite reuses the memory behind `data` once this returns, while the socket may still queue it.
          if (!socket.destroyed && data.length > 0) socket.write(Buffer.from(data));
        },
      }),
    );
    messages += 1;
    if (endsExchange && idleAfter(tail)) gate.release(id);
  };

  const pump = async () => {
    for (;;) {
      if (!started) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        const code = buffer.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          buffer = buffer.subarray(8);
          socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          // PGlite has no backend to signal: the request is dropped, as the protocol allows.
          socket.end();
          return;
        }
        if (code !== PROTOCOL_3 || buffer.length < length) {
          if (code !== PROTOCOL_3) socket.destroy();
          return;
        }
        const startup = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        started = true;
        await run(new Uint8Array(startup), true);
        continue;
      }
      if (buffer.length < 5) return;
      const type = buffer[0]!;
      const length = 1 + buffer.readInt32BE(1);
      if (buffer.length < length) return;
      const message = new Uint8Array(buffer.subarray(0, length));
      buffer = buffer.subarray(length);
      if (type === 0x58 /* Terminate */) {
        socket.end();
        return;
      }
      // Sync ('S') and a simple Query ('Q') end an exchange: the database answers ReadyForQuery.
      await run(message, type === 0x53 || type === 0x51);
    }
  };

  return new Promise<number>((resolve) => {
    const finish = () => {
      if (closed) return;
      closed = true;
      gate.abandon(id, new Error('connection closed'));
      chain = chain
        .catch(() => undefined)
        .then(() => leaveSession(db, gate, id))
        .finally(() => resolve(messages));
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      chain = chain.then(pump).catch(() => {
        socket.destroy();
      });
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', finish);
  });
}

/** A connection that closed while holding the session: end its exchange, roll back what it left open, release. */
async function leaveSession(db: PgliteServerDatabase, gate: SessionGate, id: number): Promise<void> {
  if (gate.holder !== id) return;
  try {
    let tail: Uint8Array = new Uint8Array(0);
    const collect = {
      onRawData: (data: Uint8Array) => {
        tail = lastBytes(tail, data, 6);
      },
    };
    await db.runExclusive(() => db.execProtocolRawStream(SYNC, collect));
    if (!idleAfter(tail)) await db.runExclusive(() => db.execProtocolRawStream(ROLLBACK, collect));
  } finally {
    gate.release(id);
  }
}

/** True when the output ends with ReadyForQuery, status idle (`Z`, length 5, `I`). */
function idleAfter(tail: Uint8Array): boolean {
  return (
    tail.length === 6 &&
    tail[0] === 0x5a &&
    tail[1] === 0 &&
    tail[2] === 0 &&
    tail[3] === 0 &&
    tail[4] === 5 &&
    tail[5] === 0x49
  );
}

function lastBytes(previous: Uint8Array, next: Uint8Array, count: number): Uint8Array {
  if (next.length >= count) return next.slice(next.length - count);
  const joined = new Uint8Array(previous.length + next.length);
  joined.set(previous);
  joined.set(next, previous.length);
  return joined.slice(Math.max(0, joined.length - count));
}

function queryMessage(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}
