import { describe, expect, it } from 'vitest';
import { USERS } from '../access/__fixtures__/portfolio.js';
import { commandHarness } from './__fixtures__/command-harness.js';
import { registerUnitPlanCommand } from './unit-plan-commands.js';

async function setup() {
  const { store, command } = await commandHarness([registerUnitPlanCommand]);
  const run = (...args: string[]) => command('unit-plan', ...args);
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
