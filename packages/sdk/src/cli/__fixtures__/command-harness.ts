/**
 * `kamkit` commands under test: registered on a fresh program over a memory
 * store seeded with the access fixtures' portfolio, with a system
 * administrator at the terminal (`KAMKIT_OPERATOR`) acting `--as` each user
 * under test; output is captured per run.
 */
import { Command } from 'commander';
import { seedPortfolio, USERS } from '../../access/__fixtures__/portfolio.js';
import { parseConfig } from '../../config/load-config.js';
import type { Locale } from '../../errors/kam-error.js';
import { createMemoryStore } from '../../store/memory-store.js';
import type { Store } from '../../store/port.js';
import type { CliContext } from '../context.js';

/** Options of {@link commandHarness}. */
export interface HarnessOptions {
  locale?: Locale;
  /** The configuration's `policies` (e.g. `{ complaints: 'power' }`). */
  policies?: Record<string, unknown>;
  /** Changes to the seeded store before the commands run. */
  prepare?: (store: Store) => Promise<void>;
  /**
   * The store to seed and run on (default: a fresh memory store) — e.g. PGlite
   * for commands that keep state in SQL tables. Commands do not close it; the
   * test does.
   */
  store?: Store;
}

/** `store` with a `close` that does nothing: each command closes what it opened, the test closes the store. */
function keptOpen(store: Store): Store {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'close') return async () => {};
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Register `register`'s commands; `command(...args)` runs `kamkit <args>` and returns what it printed. */
export async function commandHarness(
  register: ReadonlyArray<(program: Command, context: CliContext) => unknown>,
  options: HarnessOptions = {},
) {
  const locale = options.locale ?? 'en';
  const store = options.store ?? createMemoryStore();
  await seedPortfolio(store);
  await options.prepare?.(store);
  const config = await parseConfig(
    { locale, ...(options.policies ? { policies: options.policies } : {}) },
    { file: '/tmp/kamkit.config.yaml', env: {} },
  );
  let output = '';
  const program = new Command('kamkit').exitOverride();
  const context: CliContext = {
    helpLocale: locale,
    env: { KAMKIT_OPERATOR: USERS.sa.id },
    config: async () => config,
    openStore: async () => (options.store ? keptOpen(store) : store),
    write: (text) => {
      output += text;
    },
  };
  for (const add of register) add(program, context);
  const command = async (...args: string[]) => {
    output = '';
    await program.parseAsync(['node', 'kamkit', ...args]);
    return output;
  };
  return { store, command };
}
