import { describe, expect, it } from 'vitest';
import { commandName } from './wasm-tier.js';

describe('commandName', () => {
  it('finds the command past the global --config option and its value', () => {
    expect(commandName(['tier', '--account', 'a1'])).toBe('tier');
    expect(commandName(['--config', 'import', 'run', '--as-of', '2026-10'])).toBe('run');
    expect(commandName(['--config=kamkit.yaml', 'import', 'accounts', 'a.csv'])).toBe('import');
    expect(commandName(['--version'])).toBeUndefined();
    expect(commandName([])).toBeUndefined();
  });
});
