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
}

/** Register `register`'s commands; `command(...args)` runs `kamkit <args>` and returns what it printed. */
export async function commandHarness(
  register: ReadonlyArray<(program: Command, context: CliContext) => unknown>,
  options: HarnessOptions = {},
) {
  const locale = options.locale ?? 'en';
  const store = createMemoryStore();
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
    openStore: async () => store,
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
