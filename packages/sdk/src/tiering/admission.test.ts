import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { account, contextOf, spend } from './__fixtures__/portfolio.js';
import { assessAdmission } from './admission.js';
import { loadAdmissionPolicy } from './load-policy.js';

const preset = async (name: string) =>
  loadAdmissionPolicy(JSON.parse(await readFile(new URL(`./presets/${name}.json`, import.meta.url), 'utf8')));

describe('postal admission (DOMAIN.md §10 example 2, presets/postal-admission.json)', () => {
  it('no agreement, last year ¥12,000, this month ¥800 → not a KA; this month ¥1,000 → KA', async () => {
    const policy = await preset('postal-admission');
    const context = contextOf(
      [account('short'), account('enough'), account('signed', { flags: ['agreement'] })],
      [
        spend('short', '2025-06', 12_000),
        spend('short', '2026-10', 800),
        spend('enough', '2025-06', 12_000),
        spend('enough', '2026-10', 1_000),
      ],
    );
    const [short, enough, signed] = assessAdmission(policy, context);
    expect(short?.admitted).toBe(false);
    expect(enough?.admitted).toBe(true);
    expect(signed?.admitted).toBe(true);
    expect(short?.text.en).toContain("this month's revenue ¥800 ≥ ¥1,000 (not met)");
    expect(short?.text['zh-CN']).toContain('当月用邮量 ¥800 ≥ ¥1,000（不满足）');
    expect(short?.requirements.map((need) => need.text.en)).toEqual([
      "¥200 more this month's revenue (threshold ¥1,000)",
    ]);
    expect(enough?.figures.map((figure) => figure.value)).toEqual([0, 1_200_000, 100_000]);
  });
});

describe('power admission (presets/power-admission.json)', () => {
  it('≥ 2,000 kVA, or ≥ 5,000,000 kWh a year, or flagged high-risk', async () => {
    const policy = await preset('power-admission');
    const context = contextOf(
      [
        account('capacity', { attributes: { contractedCapacityKva: 2000 } }),
        account('small', { attributes: { contractedCapacityKva: 1999 } }),
        account('consumption', { attributes: { contractedCapacityKva: '800' } }),
        account('risky', { flags: ['high-risk'] }),
      ],
      [
        spend('small', '2026-05', 300_000, { units: 4_999_999 }),
        spend('consumption', '2026-05', 100_000, { units: 3_000_000 }),
        spend('consumption', '2026-09', 100_000, { units: 2_000_000 }),
      ],
    );
    const results = assessAdmission(policy, context);
    expect(results.map((result) => result.admitted)).toEqual([true, false, true, true]);
    expect(results[1]?.text.en).toContain('contracted capacity 1,999 kVA ≥ 2,000 kVA (not met)');
    expect(results[1]?.text.en).toContain('4,999,999 kWh');
    expect(results[1]?.requirements[0]?.text.en).toBe(
      '1 kWh more annual consumption (last 12 months) (threshold 5,000,000 kWh)',
    );
  });
});

describe('numeric attributes as spreadsheets write them', () => {
  it('"2,000" and full-width "２，０００" kVA admit like 2000; "n/a" is unknown, not zero', async () => {
    const policy = await preset('power-admission');
    const context = contextOf(
      [
        account('comma', { attributes: { contractedCapacityKva: '2,000' } }),
        account('wide', { attributes: { contractedCapacityKva: '２，０００' } }),
        account('spaced', { attributes: { contractedCapacityKva: ' 2 000 ' } }),
        account('unknown', { attributes: { contractedCapacityKva: 'n/a' } }),
      ],
      [],
    );
    const results = assessAdmission(policy, context);
    expect(results.map((result) => result.admitted)).toEqual([true, true, true, false]);
    expect(results[0]?.text.en).toContain('contracted capacity 2,000 kVA ≥ 2,000 kVA');
    expect(results[3]?.text.en).not.toContain('0 kVA ≥');
  });
});

describe('open entry', () => {
  it('admits everyone', () => {
    const policy = loadAdmissionPolicy({ kind: 'admission', id: 'airline', when: 'always' });
    const results = assessAdmission(policy, contextOf([account('a'), account('b')], []));
    expect(results.every((result) => result.admitted)).toBe(true);
    expect(results[0]?.text.en).toContain('open entry');
  });
});
