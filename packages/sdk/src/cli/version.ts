/**
 * `kamkit --version`: the package version and the store this invocation
 * resolved (a folder, or a server URL without its password), so "which
 * database am I on?" has a one-line answer.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/load-config.js';
import type { Locale } from '../errors/kam-error.js';
import { resolveStoreTarget } from '../store/open-store.js';

/** The version of `@kamkit/sdk`, read from its `package.json` (found from this module's folder upwards). */
export async function packageVersion(
  from: string = dirname(fileURLToPath(import.meta.url)),
): Promise<string> {
  let folder = from;
  for (;;) {
    const manifest = await readFile(join(folder, 'package.json'), 'utf8').then(
      (text) => JSON.parse(text) as { name?: string; version?: string },
      () => undefined,
    );
    if (manifest?.name === '@kamkit/sdk' && manifest.version) return manifest.version;
    const parent = dirname(folder);
    if (parent === folder) return 'unknown';
    folder = parent;
  }
}

/** A database URL with its password (and any `password` parameter) removed, safe to print. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '';
    parsed.searchParams.delete('password');
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/u, '//$1@');
  }
}

/** One line naming the store a configuration resolves to. */
export function describeStore(
  config: Pick<ResolvedConfig, 'database' | 'databaseFrom'>,
  locale: Locale,
): string {
  const zh = locale === 'zh-CN';
  const from = {
    environment: zh ? '来自 KAMKIT_DATABASE_URL' : 'from KAMKIT_DATABASE_URL',
    config: zh ? '来自配置文件' : 'from the configuration',
    default: zh ? '默认' : 'default',
  }[config.databaseFrom];
  const target = resolveStoreTarget(config.database);
  const label = zh ? '存储' : 'store';
  switch (target.kind) {
    case 'server':
      return `${label}: ${redactDatabaseUrl(target.url)} (PostgreSQL, ${from})`;
    case 'memory':
      return `${label}: ${zh ? '内存' : 'memory'} (${from})`;
    case 'pglite':
      return `${label}: ${target.dataDir} (${zh ? '嵌入式 PGlite' : 'embedded PGlite'}, ${from})`;
  }
}

/**
 * Whether the command line asks for the version: `--version` or `-V` before
 * any command word (`--config <path>` may come first).
 */
export function versionRequested(args: readonly string[]): boolean {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--version' || arg === '-V') return true;
    if (arg === '--config') index++;
    else if (!arg.startsWith('-')) return false;
  }
  return false;
}
