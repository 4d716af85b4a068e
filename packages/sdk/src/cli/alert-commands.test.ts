import { describe, expect, it } from 'vitest';
import { defaultPolicies, loadAlertPreset } from '../portfolio/policies.js';
import { runPortfolio } from '../portfolio/run-portfolio.js';
import { commandHarness } from './__fixtures__/command-harness.js';
import { registerAlertWorkCommands } from './alert-commands.js';
import { registerAlertsCommand } from './portfolio-commands.js';

describe('kamkit alerts list', () => {
  it('lists a Platinum account without an owner B (postal A/B rule) until a run finds both owners set', async () => {
    // The fixture's accounts bought ¥1.5M in September 2026: Platinum; A-peer and A-west have no owner B.
    const policies = { ...defaultPolicies(), admission: undefined, alerts: loadAlertPreset('postal') };
    const { store, command } = await commandHarness(
      [(program, context) => registerAlertWorkCommands(registerAlertsCommand(program, context), context)],
      {
        locale: 'zh-CN',
        policies: { alerts: 'postal', admission: null },
        prepare: (store) =>
          runPortfolio({ store, policies, asOf: '2026-09', actor: 'u-sa' }).then(() => undefined),
      },
    );
    const listed = await command('alerts', 'list', '--status', 'open');
    expect(listed).toContain(
      'ab-owners|A-peer|2026-09 · [待处理] · 白金客户：VIP 客户及以上客户须有 A 角和 B 角客户经理（主辅制），未指定 B 角（协办）',
    );
    expect(listed).toContain('ab-owners|A-west|2026-09');
    expect(listed).not.toContain('ab-owners|A-own|');

    const peer = (await store.getAccount('A-peer'))!;
    await store.putAccount({ ...peer, ownerB: 'u-am' }, { actor: 'u-sa' });
    await runPortfolio({ store, policies, asOf: '2026-09', actor: 'u-sa' });
    const after = await command('alerts', 'list', '--status', 'open');
    expect(after).not.toContain('ab-owners|A-peer|');
    expect(after).toContain('ab-owners|A-west|2026-09');
    expect(await command('alerts', 'list', '--status', 'closed')).toContain(
      'ab-owners|A-peer|2026-09 · [已关闭]',
    );
  });
});
