import { describe, expect, it } from 'vitest';
import { KamError } from '../errors/kam-error.js';
import { commandHarness } from './__fixtures__/command-harness.js';
import { registerRunCommand } from './run-command.js';

describe('kamkit run', () => {
  it('computes and stores the month, and says so', async () => {
    const { command, store } = await commandHarness([registerRunCommand]);
    expect(await command('run', '--as-of', '2026-10')).toMatch(
      /Computed and stored the results of 2026-10: \d+ accounts/u,
    );
    expect((await store.results.monthMeta('2026-10'))?.accountCount).toBeGreaterThan(0);
  });

  it('fails, so a scheduler sees it, when another process is computing the month', async () => {
    const { command, store } = await commandHarness([registerRunCommand]);
    let answer: unknown;
    await store.results.claimMonth('2026-10', async () => {
      answer = await command('run', '--as-of', '2026-10', '--json').catch((error: unknown) => error);
    });
    expect(answer).toBeInstanceOf(KamError);
    expect((answer as KamError).code).toBe('CONFLICT');
    expect((answer as KamError).messageIn('en')).toContain('2026-10 is being computed by another process');
    expect(await store.results.monthMeta('2026-10')).toBeUndefined();
  });
});
