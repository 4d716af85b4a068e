import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import type { MonthlyAggregate } from '../metrics/aggregate.js';
import { FigureContext } from '../metrics/figures.js';
import { parseMoney } from '../money/money.js';
import { account, monthRow, series } from './__fixtures__/portfolio.js';
import { type AlertPolicyInput, loadAlertPolicy } from './alert-policy.js';
import { runAlerts } from './run-alerts.js';

function run(
  monitors: AlertPolicyInput['monitors'],
  accounts: ReturnType<typeof account>[],
  aggregates: MonthlyAggregate[],
  extra: {
    asOf?: string;
    tierChanges?: Parameters<typeof runAlerts>[0]['tierChanges'];
    tierOrder?: string[];
    tierLabel?: Parameters<typeof runAlerts>[0]['tierLabel'];
    tiers?: Parameters<typeof runAlerts>[0]['tiers'];
  } = {},
) {
  const context = new FigureContext({ accounts, aggregates, asOf: '2026-10' });
  return runAlerts({
    policy: loadAlertPolicy({ id: 'test', monitors }),
    context,
    asOf: '2026-10-31',
    ...extra,
  });
}

describe('fluctuation', () => {
  it('DOMAIN.md example 7: ¥100,000 → ¥69,000 is a 31 % drop and flagged; → ¥71,000 is not', () => {
    const accounts = [account({ id: 'drop-31' }), account({ id: 'drop-29' })];
    const aggregates = [
      monthRow('drop-31', '2026-09', parseMoney('¥100,000')),
      monthRow('drop-31', '2026-10', parseMoney('¥69,000')),
      monthRow('drop-29', '2026-09', parseMoney('¥100,000')),
      monthRow('drop-29', '2026-10', parseMoney('¥71,000')),
    ];
    const alerts = run([{ kind: 'fluctuation' }], accounts, aggregates);
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert).toMatchObject({
      accountId: 'drop-31',
      kind: 'fluctuation',
      monitorId: 'fluctuation',
      severity: 'warning',
      period: '2026-10',
      figures: { previousRevenueFen: 10_000_000, revenueFen: 6_900_000, threshold: 0.3 },
    });
    expect(alert?.figures.change).toBeCloseTo(-0.31, 12);
    expect(alert?.message['zh-CN']).toContain('环比下降 31.0%');
    expect(alert?.message.en).toContain('fell 31.0%');
    expect(alert?.message.en).toContain('¥100,000 → ¥69,000');
  });

  it('exactly 30 % is not flagged (strictly greater); a 40 % rise is', () => {
    const accounts = [account({ id: 'flat' }), account({ id: 'up' })];
    const aggregates = [
      ...series('flat', '2026-10', [100_000, 70_000]),
      ...series('up', '2026-10', [100_000, 140_000]),
    ];
    const alerts = run([{ kind: 'fluctuation' }], accounts, aggregates);
    expect(alerts.map((alert) => alert.accountId)).toEqual(['up']);
    expect(alerts[0]?.message.en).toContain('rose 40.0%');
  });

  it('excludes one-off accounts by flag and by too few active months; new revenue has no base', () => {
    const accounts = [
      account({ id: 'flagged', flags: ['one-off'] }),
      account({ id: 'sporadic' }),
      account({ id: 'steady' }),
      account({ id: 'new' }),
    ];
    const aggregates = [
      ...series('flagged', '2026-10', [100_000, 10_000]),
      ...series('sporadic', '2026-10', [100_000, 10_000]),
      ...series('steady', '2026-10', [100_000, 100_000, 100_000, 100_000, 10_000]),
      monthRow('new', '2026-10', 500_000),
    ];
    const byFlag = run([{ kind: 'fluctuation' }], accounts, aggregates);
    expect(byFlag.map((alert) => alert.accountId)).toEqual(['sporadic', 'steady']);
    const byActivity = run(
      [{ kind: 'fluctuation', oneOff: { flags: ['one-off'], minActiveMonths: 3 } }],
      accounts,
      aggregates,
    );
    expect(byActivity.map((alert) => alert.accountId)).toEqual(['steady']);
  });

  it('property: flags exactly when |Δ| / previous month > threshold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 1, max: 200 }),
        (previous, current, thresholdPercent) => {
          const threshold = thresholdPercent / 100;
          const alerts = run(
            [{ kind: 'fluctuation', threshold }],
            [account({ id: 'x' })],
            [monthRow('x', '2026-09', previous), monthRow('x', '2026-10', current)],
          );
          // Exact integer comparison: |current − previous| · 100 > thresholdPercent · previous.
          const expected = previous > 0 && Math.abs(current - previous) * 100 > thresholdPercent * previous;
          expect(alerts.length).toBe(expected ? 1 : 0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('decline', () => {
  it('flags revenue that fell in each of the last N months, with each month in the figures', () => {
    const accounts = [account({ id: 'falling' }), account({ id: 'wobbly' })];
    const aggregates = [
      ...series('falling', '2026-10', [400_000, 300_000, 250_000, 240_000]),
      ...series('wobbly', '2026-10', [400_000, 300_000, 300_000, 240_000]),
    ];
    const alerts = run([{ kind: 'decline', periods: 3 }], accounts, aggregates);
    expect(alerts.map((alert) => alert.accountId)).toEqual(['falling']);
    expect(alerts[0]).toMatchObject({
      period: '2026-10',
      figures: {
        periods: 3,
        'revenueFen:2026-07': 400_000,
        'revenueFen:2026-08': 300_000,
        'revenueFen:2026-09': 250_000,
        'revenueFen:2026-10': 240_000,
        change: -0.4,
      },
    });
    expect(alerts[0]?.message['zh-CN']).toContain('连续 3 期下降');
  });

  it('works on quarters', () => {
    const aggregates = [
      monthRow('q', '2026-04', 900_000),
      monthRow('q', '2026-07', 800_000),
      monthRow('q', '2026-10', 100_000),
    ];
    const alerts = run(
      [{ kind: 'decline', periods: 2, unit: 'quarter' }],
      [account({ id: 'q' })],
      aggregates,
    );
    expect(alerts[0]).toMatchObject({ period: '2026-Q4', figures: { 'revenueFen:2026-Q2': 900_000 } });
  });
});

describe('dormancy', () => {
  it('power utility: flags 180 days or more without a transaction, unless suspension is filed', () => {
    const accounts = [
      account({ id: 'asleep' }),
      account({ id: 'exactly' }),
      account({ id: 'awake' }),
      account({ id: 'suspended', flags: ['suspended'] }),
      account({ id: 'never' }),
    ];
    const aggregates = [
      monthRow('asleep', '2026-03', 50_000, '2026-03-31'),
      monthRow('exactly', '2026-05', 50_000, '2026-05-04'),
      monthRow('awake', '2026-05', 50_000, '2026-05-05'),
      monthRow('suspended', '2026-01', 50_000, '2026-01-10'),
    ];
    const monitors: AlertPolicyInput['monitors'] = [
      { kind: 'dormancy', days: 180, excludeFlags: ['suspended'] },
    ];
    const alerts = run(monitors, accounts, aggregates);
    expect(alerts.map((alert) => [alert.accountId, alert.figures.daysSinceLastTransaction])).toEqual([
      ['asleep', 214],
      ['exactly', 180],
    ]);
    expect(alerts[0]?.figures.lastTransactionDate).toBe('2026-03-31');
    const withNever = run(
      [{ ...monitors[0]!, includeNeverActive: true } as AlertPolicyInput['monitors'][number]],
      accounts,
      aggregates,
    );
    expect(withNever.map((alert) => alert.accountId)).toEqual(['asleep', 'exactly', 'never']);
  });

  it('measures to the run date inside the month', () => {
    const aggregates = [monthRow('a', '2026-04', 50_000, '2026-04-12')];
    expect(run([{ kind: 'dormancy' }], [account({ id: 'a' })], aggregates, { asOf: '2026-10-08' })).toEqual(
      [],
    );
    expect(
      run([{ kind: 'dormancy' }], [account({ id: 'a' })], aggregates, { asOf: '2026-10-09' }),
    ).toHaveLength(1);
  });
});

describe('below-average', () => {
  const accounts = ['a', 'b', 'c', 'd'].map((id) => account({ id }));
  const aggregates = [
    monthRow('a', '2026-10', 100_00),
    monthRow('b', '2026-10', 200_00),
    monthRow('c', '2026-10', 600_00),
  ];

  it('flags accounts below the average line, averaging only known values', () => {
    const alerts = run([{ kind: 'below-average', indicator: { metric: 'revenue' } }], accounts, aggregates);
    // d has revenue 0 this month, which is a known value: mean of 100, 200, 600, 0 = 225.
    expect(alerts.map((alert) => alert.accountId)).toEqual(['a', 'b', 'd']);
    expect(alerts[0]?.figures).toMatchObject({ value: 10_000, average: 22_500, line: 22_500, accounts: 4 });
    expect(alerts[0]?.message['zh-CN']).toContain('低于平均线');
  });

  it('applies the factor and ignores unknown values', () => {
    const alerts = run([{ kind: 'below-average', indicator: { metric: 'growth' }, factor: 0.5 }], accounts, [
      ...aggregates,
      monthRow('a', '2026-09', 50_00),
      monthRow('b', '2026-09', 100_00),
      monthRow('c', '2026-09', 100_00),
    ]);
    // growth: a +100 %, b +100 %, c +500 %, d unknown → mean 233 %, line 117 %.
    expect(alerts.map((alert) => alert.accountId)).toEqual(['a', 'b']);
    expect(alerts[0]?.figures.accounts).toBe(3);
  });
});

describe('tier-downgrade', () => {
  const order = ['platinum', 'gold', 'vip'];
  it('flags moves to a worse tier and out of the key-account list', () => {
    const alerts = run([{ kind: 'tier-downgrade', tierOrder: order }], [], [], {
      tierChanges: [
        { accountId: 'a', from: 'platinum', to: 'vip' },
        { accountId: 'b', from: 'vip', to: 'gold' },
        { accountId: 'c', from: 'gold', to: null, period: '2026-Q3' },
        { accountId: 'd', from: null, to: 'vip' },
      ],
    });
    expect(alerts.map((alert) => [alert.accountId, alert.figures.steps, alert.period])).toEqual([
      ['a', 2, '2026-10'],
      ['c', 2, '2026-Q3'],
    ]);
    expect(alerts[0]?.message.en).toBe('Tier dropped from platinum to vip (2 steps down)');
  });

  it('names tiers by the labels it is given (the portfolio run passes the tier policy’s)', () => {
    const labels: Record<string, { 'zh-CN': string; en: string }> = {
      platinum: { 'zh-CN': '白金客户', en: 'Platinum' },
      gold: { 'zh-CN': '金牌客户', en: 'Gold' },
    };
    const alerts = run([{ kind: 'tier-downgrade', tierOrder: order }], [], [], {
      tierChanges: [
        { accountId: 'a', from: 'platinum', to: 'gold' },
        { accountId: 'c', from: 'gold', to: null },
      ],
      tierLabel: (tier) => (tier === null ? { 'zh-CN': '未入选', en: 'no tier' } : labels[tier]!),
    });
    expect(alerts.map((alert) => alert.message.en)).toEqual([
      'Tier dropped from Platinum to Gold (1 step down)',
      'Tier dropped from Gold to no tier (2 steps down)',
    ]);
    expect(alerts[0]?.message['zh-CN']).toBe('客户层级由 白金客户 降为 金牌客户（下降 1 级）');
  });

  it('honours includeExit, an order given to the run, and rejects unknown tiers or a missing order', () => {
    const changes = [{ accountId: 'c', from: 'gold', to: null }];
    expect(
      run([{ kind: 'tier-downgrade', includeExit: false }], [], [], {
        tierChanges: changes,
        tierOrder: order,
      }),
    ).toEqual([]);
    expect(() => run([{ kind: 'tier-downgrade' }], [], [], { tierChanges: changes })).toThrow(/tier order/);
    try {
      run([{ kind: 'tier-downgrade', tierOrder: order }], [], [], {
        tierChanges: [{ accountId: 'x', from: 'gold', to: 'bronze' }],
      });
      expect.unreachable();
    } catch (error) {
      expect(isKamError(error) && [error.code, error.path]).toEqual(['INVALID_INPUT', 'tierChanges[0].to']);
    }
  });
});

describe('runAlerts', () => {
  it('orders alerts by severity, account, then monitor position', () => {
    const accounts = [account({ id: 'a' }), account({ id: 'b' })];
    const aggregates = [
      ...series('a', '2026-10', [100_000, 10_000]),
      ...series('b', '2026-10', [100_000, 10_000]),
    ];
    const alerts = run(
      [
        { kind: 'fluctuation' },
        { kind: 'decline', periods: 1, severity: 'critical' },
        {
          kind: 'below-average',
          indicator: { metric: 'revenue', window: { unit: 'month', offset: -1 } },
          factor: 1.5,
          severity: 'info',
        },
      ],
      accounts,
      aggregates,
    );
    expect(alerts.map((alert) => `${alert.severity}:${alert.accountId}:${alert.kind}`)).toEqual([
      'critical:a:decline',
      'critical:b:decline',
      'warning:a:fluctuation',
      'warning:b:fluctuation',
      'info:a:below-average',
      'info:b:below-average',
    ]);
    expect(alerts.at(-1)?.period).toBe('2026-09');
  });

  it('rejects a run date outside the context month', () => {
    try {
      run([{ kind: 'dormancy' }], [], [], { asOf: '2026-11-01' });
      expect.unreachable();
    } catch (error) {
      expect(isKamError(error) && error.path).toBe('asOf');
    }
    expect(run([{ kind: 'dormancy' }], [], [], { asOf: '2026-10' })).toEqual([]);
  });
});

describe('ab-owners (主辅制, seed001): VIP and above need an owner A and an owner B', () => {
  const order = ['platinum', 'gold', 'vip'];
  const label = (tier: string | null) =>
    tier === 'vip' ? { 'zh-CN': 'VIP 客户', en: 'VIP' } : { 'zh-CN': tier ?? '非大客户', en: tier ?? 'none' };
  const accounts = [
    account({ id: 'vip-both', ownerA: 'u-a', ownerB: 'u-b' }),
    account({ id: 'vip-no-b', ownerA: 'u-a' }),
    account({ id: 'gold-no-a', ownerB: 'u-b' }),
    account({ id: 'platinum-none' }),
    account({ id: 'untiered-none' }),
    account({ id: 'vip-suspended', flags: ['suspended'] }),
  ];
  const tiers = [
    { accountId: 'vip-both', tier: 'vip' },
    { accountId: 'vip-no-b', tier: 'vip' },
    { accountId: 'gold-no-a', tier: 'gold' },
    { accountId: 'platinum-none', tier: 'platinum' },
    { accountId: 'untiered-none', tier: null },
    { accountId: 'vip-suspended', tier: 'vip' },
  ];

  it('flags each VIP-or-better account missing an owner, naming which; not key accounts and excluded flags are not flagged', () => {
    const alerts = run([{ kind: 'ab-owners', fromTier: 'vip', excludeFlags: ['suspended'] }], accounts, [], {
      tiers,
      tierOrder: order,
      tierLabel: label,
    });
    expect(alerts.map((alert) => [alert.accountId, alert.figures.missing])).toEqual([
      ['gold-no-a', 'A'],
      ['platinum-none', 'AB'],
      ['vip-no-b', 'B'],
    ]);
    const noB = alerts.find((alert) => alert.accountId === 'vip-no-b')!;
    expect(noB).toMatchObject({ kind: 'ab-owners', monitorId: 'ab-owners', period: '2026-10' });
    expect(noB.message['zh-CN']).toBe(
      'VIP 客户：VIP 客户及以上客户须有 A 角和 B 角客户经理（主辅制），未指定 B 角（协办）',
    );
    expect(noB.message.en).toBe(
      'VIP: accounts of VIP and above need an owner A and an owner B (A/B roles); owner B (backup) is not set',
    );
  });

  it('fromTier gold leaves a VIP without owners alone', () => {
    const alerts = run([{ kind: 'ab-owners', fromTier: 'gold' }], accounts, [], { tiers, tierOrder: order });
    expect(alerts.map((alert) => alert.accountId)).toEqual(['gold-no-a', 'platinum-none']);
  });

  it('a fromTier the tier policy lacks, or a run without tiers, is a configuration error saying what is missing', () => {
    const unknown = catchKam(() =>
      run([{ kind: 'ab-owners', fromTier: 'diamond' }], accounts, [], { tiers, tierOrder: order }),
    );
    expect(unknown).toMatchObject({ code: 'INVALID_CONFIG', path: 'fromTier' });
    expect(unknown.message).toContain('platinum > gold > vip');
    const untiered = catchKam(() => run([{ kind: 'ab-owners', fromTier: 'vip' }], accounts, []));
    expect(untiered).toMatchObject({ code: 'INVALID_CONFIG', path: 'tiers' });
  });
});

function catchKam(work: () => unknown) {
  try {
    work();
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected a KamError');
}
