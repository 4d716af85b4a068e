/**
 * A read-through cache of chat dialog slots (platform links, pending
 * questions) for stores this process alone reads and writes: the embedded
 * PGlite store. With a PostgreSQL server other replicas write the same rows,
 * so nothing is cached and every read goes to the store.
 *
 * Correct because every write of these slots goes through the SDK's chat
 * functions (`linkPlatformUser`, `unlinkPlatformUser`, the engine's question
 * slot), which tell the cache ({@link forgetSlot} before and after
 * the write) — whatever store object they were given,
 * a transaction's included: a process-wide count of writes per key makes a
 * cached entry written elsewhere, or a read that overlapped a write, stop
 * counting. An entry carries its expiry and is not served after it.
 *
 * @module
 */
import type { Store } from '../store/port.js';

/** A cached slot: its value (`undefined`: no state), when it stops counting (ms), and the key's write count it was read at. */
interface Entry {
  value: unknown;
  expiresAtMs: number;
  generation: number;
}

/** Writes per key, process-wide (any store object): a read that saw a different count is not cached. */
const generations = new Map<string, number>();
/** Cached slots per store object. */
const caches = new WeakMap<Store, Map<string, Entry>>();

function generation(key: string): number {
  return generations.get(key) ?? 0;
}

function bump(key: string): void {
  generations.set(key, generation(key) + 1);
}

/**
 * True when `store` is read and written by this process alone: the embedded
 * PGlite store opened by its owner (one process owns a PGlite folder at a
 * time), recognised by its driver (`store.sql.processLocal === true`, as
 * `openStore({ dataDir })` makes it). A PostgreSQL server, the store
 * `kamkit serve` shares on its socket (and its clients), the memory store
 * and a transaction's store are not cached.
 */
export function isProcessLocalStore(store: Store): boolean {
  return (
    store.kind === 'postgres' && (store.sql as { processLocal?: unknown } | undefined)?.processLocal === true
  );
}

function cacheOf(store: Store): Map<string, Entry> | undefined {
  if (!isProcessLocalStore(store)) return undefined;
  let cache = caches.get(store);
  if (!cache) {
    cache = new Map();
    caches.set(store, cache);
  }
  return cache;
}

/**
 * The slot `key` through the cache: a fresh cached entry, else `load()`
 * (which reads the store and says until when its answer holds, `Infinity`
 * for "until written"; `cache: false` to not keep it), kept unless a write of
 * `key` happened meanwhile.
 */
export async function readSlot<T>(
  store: Store,
  key: string,
  nowMs: number,
  load: () => Promise<{ value: T | undefined; expiresAtMs: number; cache?: boolean }>,
): Promise<T | undefined> {
  const cache = cacheOf(store);
  const cached = cache?.get(key);
  if (cached !== undefined) {
    if (cached.expiresAtMs > nowMs && cached.generation === generation(key))
      return cached.value as T | undefined;
    cache!.delete(key);
  }
  const before = generation(key);
  const loaded = await load();
  if (cache && loaded.cache !== false && generation(key) === before && loaded.expiresAtMs > nowMs)
    cache.set(key, { value: loaded.value, expiresAtMs: loaded.expiresAtMs, generation: before });
  return loaded.value;
}

/** Call before and after writing or deleting slot `key` (through any store object): cached copies and reads under way stop counting. */
export function forgetSlot(store: Store, key: string): void {
  bump(key);
  caches.get(store)?.delete(key);
}
