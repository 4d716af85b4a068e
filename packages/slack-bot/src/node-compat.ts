/**
 * Node 20 compatibility for `undici` 8, which `@slack/socket-mode` (loaded by
 * Bolt's entry point) resolves to: undici 8 reads two Node 22 APIs when it is
 * loaded. Neither is used on the bot's HTTP paths (no zstd-encoded responses;
 * no structured cloning of undici objects), so stand-ins that throw or do
 * nothing let Bolt load. A no-op on Node ≥ 22.
 *
 * @module
 */
import { createRequire } from 'node:module';
import worker from 'node:worker_threads';
import zlib from 'node:zlib';

/** Install the two stand-ins where Node lacks the real functions. */
export function installNodeCompat(): void {
  const patchable = { zlib: zlib as Record<string, unknown>, worker: worker as Record<string, unknown> };
  if (typeof patchable.zlib.createZstdDecompress !== 'function')
    patchable.zlib.createZstdDecompress = () => {
      throw new Error('zstd decompression needs Node 22 or later');
    };
  if (typeof patchable.worker.markAsUncloneable !== 'function')
    patchable.worker.markAsUncloneable = () => undefined;
}

/**
 * Bolt, loaded on first use after {@link installNodeCompat} — a static import
 * would load it before any of our code runs.
 */
export function loadBolt(): typeof import('@slack/bolt') {
  installNodeCompat();
  return createRequire(import.meta.url)('@slack/bolt') as typeof import('@slack/bolt');
}

installNodeCompat();
