import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import type { StoredTierAssignment } from '../store/port.js';
import { addMonths } from '../time/calendar.js';
import { loadTierPolicy } from './load-policy.js';
import { stabilise, stateFromHistory, statesFromHistory, type TierState } from './stabilise.js';

const ladder = (hysteresis: Record<string, unknown>) =>
  loadTierPolicy({
    kind: 'ladder',
    id: 'retail',
    figure: { metric: 'revenue', window: { unit: 'rolling', months: 12 } },
    tiers: [
      { id: 'A', min: '¥1,500,000' },
      { id: 'B', min: '¥1,000,000' },
      { id: 'C', min: '¥800,000' },
    ],
    hysteresis,
  });

const TIER_OF = (fen: number) =>
  fen >= 150_000_000 ? 'A' : fen >= 100_000_000 ? 'B' : fen >= 80_000_000 ? 'C' : null;

/** Run a series of monthly figures (fen) through stabilise; return the earned tier per month. */
function run(policy: ReturnType<typeof ladder>, figures: number[]): (string | null)[] {
  let state: TierState | undefined;
  return figures.map((fen, index) => {
    const period = addMonths('2026-01', index);
    const result = stabilise(
      state,
      { policyId: policy.id, period, tier: TIER_OF(fen), values: [fen] },
      policy,
    );
    state = result.state;
    return result.tier;
  });
}

describe('confirmPeriods', () => {
  const policy = ladder({ confirmPeriods: 2 });

  it('takes the first raw tier as is, confirms a change after two periods', () => {
    expect(run(policy, [120_000_000, 90_000_000, 90_000_000, 90_000_000])).toEqual(['B', 'B', 'C', 'C']);
  });

  it('explains a held change and counts periods', () => {
    const first = stabilise(undefined, { policyId: 'retail', period: '2026-01', tier: 'B' }, policy);
    const second = stabilise(first.state, { policyId: 'retail', period: '2026-02', tier: 'C' }, policy);
    expect(second.tier).toBe('B');
    expect(second.hold).toMatchObject({ kind: 'confirming', rawTier: 'C', periods: 1, needed: 2 });
    expect(second.hold?.text.en).toBe('figures point to C (period 1 of 2 needed to confirm); B is kept');
  });

  it('moves to the least change a run agrees on (B → C, then no tier: confirms C)', () => {
    expect(run(policy, [120_000_000, 90_000_000, 10_000_000])).toEqual(['B', 'B', 'C']);
  });

  it('re-running a period starts from the state before it (no double counting)', () => {
    const first = stabilise(undefined, { policyId: 'retail', period: '2026-01', tier: 'B' }, policy);
    const second = stabilise(first.state, { policyId: 'retail', period: '2026-02', tier: 'C' }, policy);
    const rerun = stabilise(second.state, { policyId: 'retail', period: '2026-02', tier: 'C' }, policy);
    expect(rerun.tier).toBe('B');
    expect(rerun.state.pending?.periods).toBe(1);
  });

  it('rejects a state from a later period', () => {
    const later = stabilise(undefined, { policyId: 'retail', period: '2026-05', tier: 'B' }, policy);
    try {
      stabilise(later.state, { policyId: 'retail', period: '2026-04', tier: 'B' }, policy);
      expect.unreachable();
    } catch (error) {
      expect(isKamError(error) && error.code).toBe('INVALID_STATE');
    }
  });

  it('property: with confirmPeriods 2 a one-period blip never changes the tier', () => {
    // Steady figures anywhere, and right on or just under each bound.
    const figure = fc.oneof(
      fc.integer({ min: 0, max: 300_000_000 }),
      fc.constantFrom(80_000_000, 100_000_000, 150_000_000, 79_999_999, 99_999_999, 149_999_999),
    );
    fc.assert(
      fc.property(
        figure,
        fc.integer({ min: 1, max: 6 }),
        figure,
        fc.integer({ min: 1, max: 6 }),
        (steady, before, blip, after) => {
          const series = [...Array<number>(before).fill(steady), blip, ...Array<number>(after).fill(steady)];
          const tiers = run(policy, series);
          return tiers.every((tier) => tier === TIER_OF(steady));
        },
      ),
    );
  });
});

describe('marginBand', () => {
  it('a fraction: to leave B the figure must fall 5 % below ¥1,000,000', () => {
    const policy = ladder({ marginBand: { fraction: 0.05 } });
    expect(run(policy, [110_000_000, 96_000_000, 95_000_000, 94_999_900])).toEqual(['B', 'B', 'B', 'C']);
    const held = stabilise(
      stabilise(
        undefined,
        { policyId: 'retail', period: '2026-01', tier: 'B', values: [110_000_000] },
        policy,
      ).state,
      { policyId: 'retail', period: '2026-02', tier: 'C', values: [96_000_000] },
      policy,
    );
    expect(held.hold?.kind).toBe('margin');
    expect(held.hold?.text.en).toContain('margin band (5.0%)');
  });

  it('an amount, and upward moves too: from B, A needs ¥1,500,000 + ¥50,000', () => {
    const policy = ladder({ marginBand: { amount: '¥50,000' } });
    expect(run(policy, [120_000_000, 152_000_000, 155_000_000, 146_000_000, 144_000_000])).toEqual([
      'B',
      'B',
      'A',
      'A',
      'B',
    ]);
  });

  it('is rejected on rules policies and as an amount on two-figure policies', () => {
    expect(() =>
      loadTierPolicy({
        kind: 'rules',
        id: 'r',
        tiers: [{ id: 'x' }],
        rules: [{ tier: 'x', when: { flag: 'VIP' } }],
        hysteresis: { marginBand: { fraction: 0.1 } },
      }),
    ).toThrow(/hysteresis\.marginBand/);
  });
});

describe('stateFromHistory', () => {
  const policy = ladder({ confirmPeriods: 2 });
  const row = (period: string, tier: string | null, rawTier: string | null): StoredTierAssignment => ({
    accountId: 'acme',
    period,
    policyId: 'retail',
    tier,
    at: `${period}-28T00:00:00Z`,
    explanation: { rawTier },
  });

  it('replays raw tiers when no state was stored', () => {
    const state = stateFromHistory([row('2026-02', 'B', 'C'), row('2026-01', 'B', 'B')], policy);
    expect(state).toMatchObject({ tier: 'B', period: '2026-02', pending: { tier: 'C', periods: 1 } });
    const next = stabilise(state, { policyId: 'retail', period: '2026-03', tier: 'C' }, policy);
    expect(next.tier).toBe('C');
  });

  it('returns undefined without history, and groups many accounts', () => {
    expect(stateFromHistory([], policy)).toBeUndefined();
    const states = statesFromHistory(
      [row('2026-01', 'A', 'A'), { ...row('2026-01', 'C', 'C'), accountId: 'beta' }],
      policy,
    );
    expect(states.get('acme')?.tier).toBe('A');
    expect(states.get('beta')?.tier).toBe('C');
  });
});
