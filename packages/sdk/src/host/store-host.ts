/**
 * The owner's side of an embedded folder as `kamkit serve` holds it: the
 * lock, PGlite, the store on it, and the socket other local processes reach
 * it through.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createPglite } from '../store/pglite-template.js';
import type { Store } from '../store/port.js';
import { createPostgresStore } from '../store/postgres-store.js';
import { socketPathFor } from './connect.js';
import { acquireOwnerLock, type OwnerLock, StoreOwnedError } from './owner-lock.js';
import { SessionGate } from './session-gate.js';
import {
  gatedPgliteDriver,
  type SocketEvent,
  type StoreSocketServer,
  startStoreSocket,
} from './store-socket.js';

/** An embedded folder owned and shared by this process. */
export interface StoreHost {
  /** The store, for this process's own use (no in-memory caches: others write too). */
  readonly store: Store;
  /** The socket other processes connect through. */
  readonly socketPath: string;
  /** The lock this process holds. */
  readonly lock: OwnerLock;
  /** Open socket connections now. */
  connections(): number;
  /** Stop the socket (rolling back what clients left open), close the store, release the lock. */
  close(): Promise<void>;
}

/** Options of {@link hostEmbeddedStore}. */
export interface HostEmbeddedStoreOptions {
  /** The embedded folder (absolute). */
  dataDir: string;
  /** Recorded in the lock, for other openers' messages (default `kamkit serve`). */
  command?: string;
  /** The clock of the store. */
  clock?: () => Date;
  /** Told of each socket connection and disconnection. */
  onSocketEvent?: (event: SocketEvent) => void;
}

/**
 * Own an embedded folder and share it: take its lock (refusing when another
 * live process holds it, even another serve), open PGlite, apply migrations,
 * and serve it on a Unix socket recorded in the lock, so that `openStore()`
 * in other processes connects through it.
 *
 * @throws StoreOwnedError when another live process owns the folder.
 * @example
 * ```ts
 * const host = await hostEmbeddedStore({ dataDir: '/srv/kam/.kamkit/db' });
 * console.log(await host.store.countAccounts(), host.socketPath);
 * await host.close();
 * ```
 */
export async function hostEmbeddedStore(options: HostEmbeddedStoreOptions): Promise<StoreHost> {
  const { dataDir } = options;
  await mkdir(dataDir, { recursive: true });
  const taken = await acquireOwnerLock(dataDir, { command: options.command ?? 'kamkit serve' });
  if ('holder' in taken)
    throw new StoreOwnedError({
      dataDir,
      holder: taken.holder,
      reason: taken.holder.socket === undefined ? 'busy' : 'serve',
    });
  const { lock } = taken;
  let socket: StoreSocketServer | undefined;
  let store: Store | undefined;
  try {
    const db = await createPglite(dataDir);
    const gate = new SessionGate();
    try {
      store = await createPostgresStore({
        client: gatedPgliteDriver(db, gate),
        ...(options.clock ? { clock: options.clock } : {}),
      });
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
    const socketPath = socketPathFor(dataDir);
    await mkdir(dirname(socketPath), { recursive: true, mode: 0o700 });
    socket = await startStoreSocket({
      db,
      gate,
      path: socketPath,
      ...(options.onSocketEvent ? { onEvent: options.onSocketEvent } : {}),
    });
    await lock.setSocket(socketPath);
    const opened = store;
    const shared = socket;
    let closing: Promise<void> | undefined;
    return {
      store: opened,
      socketPath,
      lock,
      connections: () => shared.connections(),
      close() {
        closing ??= (async () => {
          try {
            await shared.stop();
            await opened.close();
          } finally {
            await lock.release();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await socket?.stop().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await lock.release();
    throw error;
  }
}
