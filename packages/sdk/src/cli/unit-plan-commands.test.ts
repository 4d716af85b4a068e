import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { parseConfig } from '../config/load-config.js';
import { createMemoryStore } from '../store/memory-store.js';
import { registerUnitPlanCommand } from './unit-plan-commands.js';

async function setup() {
  const store = createMemoryStore();
  await seedPortfolio(store);
  const config = await parseConfig({ locale: 'en' }, { file: '/tmp/kamkit.config.yaml', env: {} });
  let output = '';
  const program = new Command('kamkit').exitOverride();
  registerUnitPlanCommand(program, {
    helpLocale: 'en',
    // A system administrator at the terminal, acting --as each user under test.
    env: { KAMKIT_OPERATOR: USERS.sa.id },
    config: async () => config,
    openStore: async () => store,
    write: (text) => {
      output += text;
    },
  });
  const run = async (...args: string[]) => {
    output = '';
    await program.parseAsync(['node', 'kamkit', 'unit-plan', ...args]);
    return output;
  };
  return { store, run };
}

describe('kamkit unit-plan', () => {
  it('a division head sets the month’s narrative in two goes; show and list read it back', async () => {
    const { store, run } = await setup();
    const first = ['set', '--division', 'east', '--period', '2026-10', '--as', USERS.dh.id];
    await run(...first, '--went-well', '东航协议提前续签');
    const text = await run(...first, '--next', '走访全部白金客户');
    expect(text).toContain('What went well: 东航协议提前续签');
    expect(text).toContain('Next month’s plan: 走访全部白金客户');
    const shown = JSON.parse(
      await run('show', '--division', 'east', '--period', '2026-10', '--as', USERS.am.id, '--json'),
    );
    expect(shown).toMatchObject({ division: 'east', updatedBy: USERS.dh.id });
    expect(await run('list', '--period', '2026-10', '--as', USERS.gm.id)).toContain('east · 2026-10');
    const audit = await store.listAudit({ entity: 'unit-plan', entityId: 'east|2026-10' });
    expect(audit.map((entry) => entry.actor)).toEqual([USERS.dh.id, USERS.dh.id]);
  });

  it('refuses another division as if it did not exist, and a set without text, naming the option', async () => {
    const { run } = await setup();
    await expect(
      run('set', '--division', 'east', '--period', '2026-10', '--went-well', '抢功', '--as', USERS.dhw.id),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No division found: east' });
    await expect(
      run('set', '--division', 'west', '--period', '2026-10', '--as', USERS.dhw.id),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', path: '--went-well' });
    await expect(
      run('show', '--division', 'east', '--period', '2026-09', '--as', USERS.amw.id),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
