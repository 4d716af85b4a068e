import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { KamError } from '../errors/kam-error.js';
import { seedSmallPortfolio } from '../results/conformance.js';
import { createMemoryStore } from '../store/memory-store.js';
import { registerRunCommand } from './run-command.js';

async function setup() {
  const store = createMemoryStore();
  await seedSmallPortfolio(store);
  const config = await parseConfig({ locale: 'en' }, { file: '/tmp/kamkit.config.yaml', env: {} });
  let output = '';
  const program = new Command('kamkit').exitOverride();
  registerRunCommand(program, {
    helpLocale: 'en',
    env: {},
    config: async () => config,
    openStore: async () => store,
    write: (text) => {
      output += text;
    },
  });
  const run = async (...args: string[]) => {
    output = '';
    await program.parseAsync(['node', 'kamkit', 'run', ...args]);
    return output;
  };
  return { run, store };
}

describe('kamkit run', () => {
  it('computes and stores the month, and says so', async () => {
    const { run, store } = await setup();
    expect(await run('--as-of', '2026-10')).toContain(
      'Computed and stored the results of 2026-10: 3 accounts',
    );
    expect((await store.results.monthMeta('2026-10'))?.accountCount).toBe(3);
  });

  it('fails, so a scheduler sees it, when another process is computing the month', async () => {
    const { run, store } = await setup();
    let answer: unknown;
    await store.results.claimMonth('2026-10', async () => {
      answer = await run('--as-of', '2026-10', '--json').catch((error: unknown) => error);
    });
    expect(answer).toBeInstanceOf(KamError);
    expect((answer as KamError).code).toBe('CONFLICT');
    expect((answer as KamError).messageIn('en')).toContain('2026-10 is being computed by another process');
    expect(await store.results.monthMeta('2026-10')).toBeUndefined();
  });
});
