import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { account, contextOf, cumulativePortfolio, spend } from './__fixtures__/portfolio.js';
import { assignTiers } from './assign-tiers.js';
import { loadAdmissionPolicyFile, loadTierPolicyFile } from './load-policy.js';
import { ADMISSION_PRESETS, loadAdmissionPreset, loadTierPreset, TIER_PRESETS } from './presets.js';
import type { TierState } from './stabilise.js';

const file = (name: string) => fileURLToPath(new URL(`./presets/${name}.json`, import.meta.url));
const byId = <T extends { accountId: string }>(rows: T[]) => new Map(rows.map((row) => [row.accountId, row]));

describe('presets', () => {
  it('every file in presets/ is exported and loads', async () => {
    const names = (await readdir(fileURLToPath(new URL('./presets/', import.meta.url)))).map((name) =>
      name.replace(/\.json$/, ''),
    );
    expect(names.sort()).toEqual([...Object.keys(TIER_PRESETS), ...Object.keys(ADMISSION_PRESETS)].sort());
    for (const name of Object.keys(TIER_PRESETS))
      expect(loadTierPreset(name as keyof typeof TIER_PRESETS).id).toBe(name);
    for (const name of Object.keys(ADMISSION_PRESETS))
      expect(loadAdmissionPreset(name as keyof typeof ADMISSION_PRESETS).id).toBe(name);
    expect((await loadAdmissionPolicyFile(file('postal-admission'))).id).toBe('postal-admission');
  });

  it('retail-ladder: example 1 (A ≥ ¥1,500,000 … E ≥ ¥150,000, inclusive)', async () => {
    const policy = await loadTierPolicyFile(file('retail-ladder'));
    const context = cumulativePortfolio({
      a: 1_500_000,
      b: 1_499_999,
      c: 800_000,
      d: 500_000,
      e: 150_000,
      none: 149_999,
    });
    const result = assignTiers({ policy, context, today: '2026-10-31' });
    expect(result.map((row) => row.tier)).toEqual(['A', 'B', 'C', 'D', 'E', null]);
    expect(result[1]?.label['zh-CN']).toBe('B 级客户');
    expect(result[5]?.explanation.text['zh-CN']).toContain('非大客户');
    // The example in docs/concepts.md (Tiering).
    const [b] = assignTiers({ policy, context: cumulativePortfolio({ b: 1_300_000 }), today: '2026-10-31' });
    expect(b?.explanation.text.en).toBe(
      'cumulative spend ¥1,300,000, in band B (≥ ¥1,000,000 and < ¥1,500,000) → B',
    );
    expect(b?.upgrade?.text.en).toBe('¥200,000 more cumulative spend (threshold ¥1,500,000) to reach A');
  });

  it('postal-ranges: Platinum ¥1M–5M, Gold ¥500k–1M, VIP ¥10k–500k over the last 12 months', async () => {
    const policy = await loadTierPolicyFile(file('postal-ranges'));
    const spends = {
      platinum: 1_000_000,
      big: 8_000_000,
      gold: 500_000,
      vip: 10_000,
      none: 9_999,
      old: 2_000_000,
    };
    const accounts = Object.keys(spends).map((id) => account(id));
    const aggregates = Object.entries(spends).map(([id, yuan]) =>
      spend(id, id === 'old' ? '2025-06' : '2026-03', yuan),
    );
    const result = assignTiers({ policy, context: contextOf(accounts, aggregates), today: '2026-10-31' });
    expect(result.map((row) => row.tier)).toEqual(['platinum', 'platinum', 'gold', 'vip', null, null]);
    expect(result[2]?.upgrade?.text.en).toBe(
      '¥500,000 more annual revenue (last 12 months) (threshold ¥1,000,000) to reach Platinum',
    );
  });

  it('airline-grid: ten levels; example 3, route-match flag, volume-with-us upgrade, margin and confirmation', async () => {
    const policy = await loadTierPolicyFile(file('airline-grid'));
    expect(policy.tiers).toHaveLength(10);
    const engine = policy.engine;
    expect(engine.kind === 'banded' && new Set(engine.cells.map((cell) => cell.tier)).size).toBe(10);
    const context = contextOf(
      [account('heavy'), account('light'), account('tiny')],
      [
        spend('heavy', '2026-06', 9_000_000, { marketTotalYuan: 10_000_000 }),
        spend('light', '2026-06', 1_000_000, { marketTotalYuan: 10_000_000 }),
        spend('tiny', '2026-06', 50_000, { marketTotalYuan: 100_000 }),
      ],
    );
    const result = byId(assignTiers({ policy, context, today: '2026-10-31' }));
    const heavy = result.get('heavy')!;
    const light = result.get('light')!;
    expect(heavy.rank).toBeLessThan(light.rank);
    expect([heavy.tier, light.tier]).toEqual(['L2', 'L5']);
    expect(light.flags).toContain('route-match-analysis');
    expect(heavy.flags).toEqual([]);
    expect(result.get('tiny')?.tier).toBe('L9');
    // Mid share needs 30 %: (0.3 × ¥10M − ¥1M) / 0.7 ≈ ¥2,857,142.86 more with us (rounded up to the fen).
    expect(light.upgrade?.tier).toBe('L3');
    expect(light.upgrade?.text.en).toBe('¥2,857,143 more volume with us to reach Level 3');
    expect(light.upgrade?.text['zh-CN']).toBe('升至三级：在我方的采购量再增加 ¥285.71万');

    // Next month the heavy account slips just under 60 % share: the 5 % margin keeps it at L2.
    const previous = new Map<string, TierState>([['heavy', heavy.state]]);
    const slipped = contextOf(
      [account('heavy')],
      [spend('heavy', '2026-06', 5_800_000, { marketTotalYuan: 10_000_000 })],
      '2026-11',
    );
    const [held] = assignTiers({ policy, context: slipped, previous, today: '2026-11-30' });
    expect(held?.rawTier).toBe('L3');
    expect(held?.tier).toBe('L2');
    expect(held?.explanation.hold?.kind).toBe('margin');
  });

  it('insurance-rules: example 4', async () => {
    const policy = await loadTierPolicyFile(file('insurance-rules'));
    const context = contextOf(
      [account('vip', { flags: ['VIP'] }), account('large'), account('sme')],
      [
        spend('vip', '2026-01', 200_000),
        spend('large', '2024-02', 500_000, { category: 'motor' }),
        spend('large', '2025-02', 500_000, { category: 'non-motor' }),
        spend('sme', '2025-02', 999_999),
      ],
    );
    expect(assignTiers({ policy, context, today: '2026-10-31' }).map((row) => row.tier)).toEqual([
      'heavy',
      'large',
      'sme',
    ]);
  });

  it('ka-matrix: Star, Question, Cash cow, fourth quadrant', async () => {
    const policy = await loadTierPolicyFile(file('ka-matrix'));
    const accounts = [
      account('star', { attributes: { attractiveness: 75 } }),
      account('question', { attributes: { attractiveness: 90 } }),
      account('cow', { attributes: { attractiveness: 30 } }),
      account('fourth', { attributes: { attractiveness: 30 } }),
    ];
    const context = contextOf(accounts, [
      spend('star', '2026-08', 600, { marketTotalYuan: 1000 }),
      spend('question', '2026-08', 100, { marketTotalYuan: 1000 }),
      spend('cow', '2026-08', 800, { marketTotalYuan: 1000 }),
      spend('fourth', '2026-08', 100, { marketTotalYuan: 1000 }),
    ]);
    const result = assignTiers({ policy, context, today: '2026-10-31' });
    expect(result.map((row) => row.label.en)).toEqual([
      'Star',
      'Question',
      'Cash cow',
      'Fourth quadrant (neither)',
    ]);
  });
});
