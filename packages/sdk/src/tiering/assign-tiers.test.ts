import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import type { TierOverride } from '../store/port.js';
import { account, contextOf, cumulativePortfolio, spend } from './__fixtures__/portfolio.js';
import { assignTiers, toStoredTierAssignment } from './assign-tiers.js';
import { evaluateTierColumns } from './evaluate.js';
import { loadTierPolicy } from './load-policy.js';
import { stateFromHistory } from './stabilise.js';

const retail = loadTierPolicy({
  kind: 'ladder',
  id: 'retail',
  figure: { metric: 'revenue', window: { unit: 'cumulative' } },
  figureLabel: { 'zh-CN': '累计消费', en: 'cumulative spend' },
  tiers: [
    { id: 'A', min: '¥1,500,000' },
    { id: 'B', min: '¥1,000,000' },
    { id: 'C', min: '¥800,000' },
    { id: 'D', min: '50万' },
    { id: 'E', min: '¥150,000' },
  ],
});

const byId = <T extends { accountId: string }>(rows: T[]) => new Map(rows.map((row) => [row.accountId, row]));

describe('ladder (DOMAIN.md §10 example 1)', () => {
  const context = cumulativePortfolio({ a: 1_500_000, b: 1_499_999, e: 150_000, none: 149_999 });
  const result = byId(assignTiers({ policy: retail, context, today: '2026-10-31' }));

  it('assigns A at exactly ¥1,500,000, B just below, E at ¥150,000 and no tier just below', () => {
    expect(result.get('a')?.tier).toBe('A');
    expect(result.get('b')?.tier).toBe('B');
    expect(result.get('e')?.tier).toBe('E');
    expect(result.get('none')?.tier).toBeNull();
    expect(result.get('none')?.label.en).toBe('not a key account');
  });

  it('explains the band and the figure with its value', () => {
    const a = result.get('a')!;
    expect(a.explanation.basis).toBe('band');
    expect(a.explanation.ref).toBe('A');
    expect(a.figures[0]?.value).toBe(150_000_000);
    expect(a.explanation.text.en).toContain('cumulative spend ¥1,500,000');
    expect(a.explanation.text.en).toContain('≥ ¥1,500,000');
    expect(a.explanation.text['zh-CN']).toContain('累计消费 ¥150万');
    expect(result.get('none')?.explanation.basis).toBe('outside');
  });

  it('gives the upgrade path in the policy unit', () => {
    const b = result.get('b')!;
    expect(b.upgrade?.tier).toBe('A');
    expect(b.upgrade?.gaps[0]?.amount).toBe(100);
    expect(b.upgrade?.text.en).toBe('¥1 more cumulative spend (threshold ¥1,500,000) to reach A');
    expect(result.get('none')?.upgrade?.tier).toBe('E');
    expect(result.get('a')?.upgrade).toBeNull();
    const c = byId(
      assignTiers({ policy: retail, context: cumulativePortfolio({ c: 1_300_000 }), today: '2026-10-31' }),
    );
    expect(c.get('c')?.upgrade?.text.en).toBe(
      '¥200,000 more cumulative spend (threshold ¥1,500,000) to reach A',
    );
    expect(c.get('c')?.upgrade?.text['zh-CN']).toBe('升至A：累计消费还差 ¥20万（门槛 ¥150万）');
  });

  it('is monotone: more spend never gives a worse tier', () => {
    fc.assert(
      fc.property(fc.nat(3_000_000), fc.nat(3_000_000), (x, y) => {
        const [low, high] = x <= y ? [x, y] : [y, x];
        const columns = evaluateTierColumns(retail, cumulativePortfolio({ low, high }));
        const rank = (tier: number) => (tier < 0 ? retail.tiers.length : tier);
        return rank(columns.tier[1]!) <= rank(columns.tier[0]!);
      }),
    );
  });
});

describe('ranges', () => {
  const postal = (extra: Record<string, unknown> = {}) =>
    loadTierPolicy({
      kind: 'ranges',
      id: 'postal',
      figure: { metric: 'revenue', window: { unit: 'cumulative' } },
      tiers: [
        { id: 'platinum', min: '¥1,000,000', max: '¥5,000,000' },
        { id: 'gold', min: '¥500,000', max: '¥1,000,000' },
        { id: 'vip', min: '¥10,000', max: '¥500,000' },
      ],
      ...extra,
    });
  const spends = {
    shared: 1_000_000,
    top: 5_000_000,
    above: 6_000_000,
    floor: 10_000,
    below: 9_999,
    mid: 700_000,
  };

  it('puts a shared bound in the better tier by default, keeps accounts above the top range at the top', () => {
    const result = byId(
      assignTiers({ policy: postal(), context: cumulativePortfolio(spends), today: '2026-10-31' }),
    );
    expect(result.get('shared')?.tier).toBe('platinum');
    expect(result.get('top')?.tier).toBe('platinum');
    expect(result.get('above')?.tier).toBe('platinum');
    expect(result.get('above')?.explanation.text.en).toContain('above the top range');
    expect(result.get('floor')?.tier).toBe('vip');
    expect(result.get('below')?.tier).toBeNull();
    expect(result.get('mid')?.tier).toBe('gold');
  });

  it('honours atSharedBound worse and aboveTop no-tier', () => {
    const policy = postal({ atSharedBound: 'worse', aboveTop: 'no-tier' });
    const result = byId(assignTiers({ policy, context: cumulativePortfolio(spends), today: '2026-10-31' }));
    expect(result.get('shared')?.tier).toBe('gold');
    expect(result.get('top')?.tier).toBe('platinum');
    expect(result.get('above')?.tier).toBeNull();
    expect(result.get('mid')?.upgrade?.text.en).toBe(
      '¥300,000 more revenue, cumulative, to exceed ¥1,000,000 to reach platinum',
    );
  });
});

describe('grid (DOMAIN.md §10 example 3)', () => {
  const airline = loadTierPolicy({
    kind: 'grid',
    id: 'airline',
    rows: {
      figure: { metric: 'marketTotal', window: { unit: 'rolling', months: 12 } },
      label: 'total volume',
      bands: [
        { id: 'big', min: '¥10,000,000' },
        { id: 'small', min: 0 },
      ],
    },
    columns: {
      figure: { metric: 'shareOfWallet', window: { unit: 'rolling', months: 12 } },
      label: 'our share',
      bands: [{ id: 'high', min: '60%' }, { id: 'low' }],
    },
    cells: [
      ['L1', { tier: 'L3', flags: ['route-match-analysis'] }],
      ['L2', 'L4'],
    ],
    tiers: [{ id: 'L1' }, { id: 'L2' }, { id: 'L3' }, { id: 'L4' }],
    upgrade: 'volume-with-us',
  });
  const context = contextOf(
    [account('heavy'), account('light')],
    [
      spend('heavy', '2026-10', 9_000_000, { marketTotalYuan: 10_000_000 }),
      spend('light', '2026-10', 1_000_000, { marketTotalYuan: 10_000_000 }),
    ],
  );
  const result = byId(assignTiers({ policy: airline, context, today: '2026-10-31' }));

  it('ranks ¥9M of ¥10M above ¥1M of ¥10M and flags the second for route-match analysis', () => {
    const heavy = result.get('heavy')!;
    const light = result.get('light')!;
    expect(heavy.tier).toBe('L1');
    expect(light.tier).toBe('L3');
    expect(heavy.rank).toBeLessThan(light.rank);
    expect(light.flags).toEqual(['route-match-analysis']);
    expect(heavy.flags).toEqual([]);
    expect(light.explanation.ref).toBe('big/low');
    expect(light.explanation.text.en).toContain('our share 10.0%');
    expect(light.explanation.text.en).toContain('flags: route-match-analysis');
  });

  it('words the upgrade path as extra volume with us', () => {
    const light = result.get('light')!;
    // (0.6 × 10M − 1M) / 0.4 = ¥12,500,000 more with us: ¥13.5M of ¥22.5M is 60 %.
    expect(light.upgrade?.tier).toBe('L1');
    expect(light.upgrade?.gaps[0]?.amount).toBe(1_250_000_000);
    expect(light.upgrade?.text.en).toBe('¥12,500,000 more volume with us to reach L1');
  });
});

describe('rules (DOMAIN.md §10 example 4)', () => {
  const insurance = loadTierPolicy({
    kind: 'rules',
    id: 'insurance',
    tiers: [{ id: 'heavy' }, { id: 'large' }, { id: 'sme' }],
    rules: [
      { id: 'vip', tier: 'heavy', when: { flag: 'VIP' } },
      {
        id: 'premium',
        tier: 'large',
        when: {
          figure: { metric: 'revenue', window: { unit: 'rolling', months: 36 } },
          label: 'premium over 3 years',
          op: '>=',
          value: '¥1,000,000',
        },
      },
    ],
    default: 'sme',
  });
  const context = contextOf(
    [account('vip', { flags: ['VIP'] }), account('large'), account('sme')],
    [
      spend('vip', '2026-03', 200_000),
      spend('large', '2024-01', 600_000),
      spend('large', '2026-09', 400_000),
      spend('sme', '2025-05', 999_999),
      spend('sme', '2023-10', 1_000_000),
    ],
  );
  const result = byId(assignTiers({ policy: insurance, context, today: '2026-10-31' }));

  it('VIP flag with ¥200,000 → Heavy; ¥1,000,000 over three years → Large; ¥999,999 → SME', () => {
    expect(result.get('vip')?.tier).toBe('heavy');
    expect(result.get('large')?.tier).toBe('large');
    expect(result.get('sme')?.tier).toBe('sme');
  });

  it('names the rule and the figures', () => {
    expect(result.get('vip')?.explanation.ref).toBe('vip');
    expect(result.get('large')?.explanation.text.en).toContain(
      'premium over 3 years ¥1,000,000 ≥ ¥1,000,000 (met)',
    );
    expect(result.get('sme')?.explanation.basis).toBe('default');
    expect(result.get('sme')?.explanation.text.en).toContain('¥999,999');
  });

  it('gives the gap to the next tier, and the flag needed above that', () => {
    expect(result.get('sme')?.upgrade?.text.en).toBe(
      '¥1 more premium over 3 years (threshold ¥1,000,000) to reach large',
    );
    expect(result.get('large')?.upgrade?.gaps[0]?.kind).toBe('set-flag');
  });
});

describe('matrix', () => {
  const matrix = loadTierPolicy({
    kind: 'matrix',
    id: 'ka',
    attractiveness: { figure: { attribute: 'attractiveness' }, unit: 'points', threshold: 60 },
    position: { figure: { metric: 'shareOfWallet' }, threshold: '50%' },
    quadrants: { highHigh: 'star', highLow: 'question', lowHigh: 'cash-cow', lowLow: 'fourth' },
    tiers: [
      { id: 'star', label: { 'zh-CN': '明星', en: 'Star' } },
      { id: 'cash-cow', label: { 'zh-CN': '金牛', en: 'Cash cow' } },
      { id: 'question', label: { 'zh-CN': '问题', en: 'Question' } },
      { id: 'fourth', label: { 'zh-CN': '第四象限', en: 'Fourth quadrant' } },
    ],
  });
  const accounts = [
    account('star', { attributes: { attractiveness: 80 } }),
    account('question', { attributes: { attractiveness: 60 } }),
    account('cow', { attributes: { attractiveness: 20 } }),
    account('fourth', { attributes: { attractiveness: 10 } }),
  ];
  const context = contextOf(accounts, [
    spend('star', '2026-10', 70, { marketTotalYuan: 100 }),
    spend('question', '2026-10', 20, { marketTotalYuan: 100 }),
    spend('cow', '2026-10', 50, { marketTotalYuan: 100 }),
    spend('fourth', '2026-10', 10, { marketTotalYuan: 100 }),
  ]);
  const result = byId(assignTiers({ policy: matrix, context, today: '2026-10-31' }));

  it('puts each account in its quadrant (thresholds inclusive)', () => {
    expect(result.get('star')?.tier).toBe('star');
    expect(result.get('question')?.tier).toBe('question');
    expect(result.get('cow')?.tier).toBe('cash-cow');
    expect(result.get('fourth')?.tier).toBe('fourth');
    expect(result.get('question')?.label.en).toBe('Question');
  });

  it('moves up only by raising figures: a Question becomes a Star by gaining position', () => {
    const question = result.get('question')!;
    expect(question.upgrade?.tier).toBe('star');
    expect(question.upgrade?.gaps).toHaveLength(1);
    expect(question.upgrade?.gaps[0]?.amount).toBeCloseTo(0.3);
    expect(question.upgrade?.text.en).toContain('30.0 percentage points more');
  });
});

describe('overrides', () => {
  const context = cumulativePortfolio({ acme: 900_000, beta: 900_000 });
  const override = (extra: Partial<TierOverride>): TierOverride => ({
    id: 'o1',
    accountId: 'acme',
    policyId: 'retail',
    tier: 'A',
    reason: 'strategic account, group-level agreement',
    author: 'zhang.wei',
    createdAt: '2026-09-01T08:00:00Z',
    expiresOn: '2026-12-31',
    ...extra,
  });

  it('applies an active override, keeps the earned tier, and says so', () => {
    const result = byId(
      assignTiers({ policy: retail, context, today: '2026-10-31', overrides: [override({})] }),
    );
    const acme = result.get('acme')!;
    expect(acme.tier).toBe('A');
    expect(acme.earnedTier).toBe('C');
    expect(acme.explanation.override?.author).toBe('zhang.wei');
    expect(acme.explanation.text.en).toContain('override applied: A by zhang.wei');
    expect(acme.explanation.text['zh-CN']).toContain('人工调整为A');
    expect(acme.state.tier).toBe('C');
    expect(result.get('beta')?.tier).toBe('C');
  });

  it('ignores an expired override and notes it; the expiry day itself still counts', () => {
    const expired = byId(
      assignTiers({
        policy: retail,
        context,
        today: '2026-10-31',
        overrides: [override({ expiresOn: '2026-10-30' })],
      }),
    ).get('acme')!;
    expect(expired.tier).toBe('C');
    expect(expired.explanation.override).toBeNull();
    expect(expired.explanation.text.en).toContain('expired on 2026-10-30 and is ignored');
    const lastDay = byId(
      assignTiers({
        policy: retail,
        context,
        today: '2026-10-31',
        overrides: [override({ expiresOn: '2026-10-31' })],
      }),
    ).get('acme')!;
    expect(lastDay.tier).toBe('A');
  });

  it('takes the latest override, ignores other policies, rejects unknown tiers with a path', () => {
    const overrides = [
      override({}),
      override({ id: 'o2', tier: 'B', createdAt: '2026-10-01T08:00:00Z' }),
      override({ id: 'o3', tier: 'E', policyId: 'other' }),
    ];
    expect(
      byId(assignTiers({ policy: retail, context, today: '2026-10-31', overrides })).get('acme')?.tier,
    ).toBe('B');
    try {
      assignTiers({ policy: retail, context, today: '2026-10-31', overrides: [override({ tier: 'Z' })] });
      expect.unreachable();
    } catch (error) {
      expect(isKamError(error) && error.code).toBe('INVALID_INPUT');
      expect(isKamError(error) && error.path).toBe('overrides[0].tier');
    }
  });
});

describe('stored assignments', () => {
  it('round-trip: the stored row carries the state stateFromHistory reads back', () => {
    const [assignment] = assignTiers({
      policy: retail,
      context: cumulativePortfolio({ acme: 900_000 }),
      today: '2026-10-31',
    });
    const row = toStoredTierAssignment(assignment!, '2026-10-31T12:00:00Z');
    expect(row).toMatchObject({ accountId: 'acme', period: '2026-10', policyId: 'retail', tier: 'C' });
    expect(JSON.parse(JSON.stringify(row))).toEqual(row);
    expect(stateFromHistory([row], retail)).toEqual(assignment!.state);
  });
});
