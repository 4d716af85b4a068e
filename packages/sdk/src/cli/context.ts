/**
 * What every `kamkit` command shares: the configuration (read once, on first
 * use, from `--config`, `KAMKIT_CONFIG` or the working directory), the store
 * it points at, and where output goes.
 *
 * @module
 */
import { chooseLocale, loadConfig, type ResolvedConfig } from '../config/load-config.js';
import type { Locale } from '../errors/kam-error.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';

/** The shared state of one `kamkit` invocation. */
export interface CliContext {
  /** Locale of help texts (environment only: the configuration is read after parsing). */
  helpLocale: Locale;
  /** The resolved configuration, read on first call. */
  config(): Promise<ResolvedConfig>;
  /** Open the configured store; the caller closes it. */
  openStore(): Promise<Store>;
  /** Standard output. */
  write(text: string): void;
  /** The environment (`KAMKIT_OPERATOR`, `KAMKIT_LOCALE`, …). */
  env: Readonly<Record<string, string | undefined>>;
}

/** Options of {@link createCliContext}. */
export interface CliContextOptions {
  /** The `--config` value, read when the configuration is first needed. */
  configPath: () => string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  write?: (text: string) => void;
}

/** Create the context of one invocation. */
export function createCliContext(options: CliContextOptions): CliContext {
  const env = options.env ?? process.env;
  let loaded: Promise<ResolvedConfig> | undefined;
  const config = () => {
    loaded ??= loadConfig({ path: options.configPath(), env, ...(options.cwd ? { cwd: options.cwd } : {}) });
    return loaded;
  };
  return {
    helpLocale: chooseLocale(env),
    config,
    openStore: async () => openStore((await config()).database),
    write: options.write ?? ((text) => void process.stdout.write(text)),
    env,
  };
}
