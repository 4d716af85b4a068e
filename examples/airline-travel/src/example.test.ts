import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

describe('airline corporate-travel accounts', () => {
  it('places the accounts on the ten-level grid (DOMAIN.md §10 example 3)', async () => {
    const { tiers, text } = await main();
    const levelOf = Object.fromEntries(tiers.map((tier) => [tier.accountId, tier.tier]));
    expect(levelOf).toEqual({
      huayuan: 'L2',
      mingda: 'L5',
      'hny-fj': 'L5',
      'hny-gd': 'L7',
      'hny-js': 'L5',
      xingchen: 'L8',
    });
    const huayuan = tiers.find((tier) => tier.accountId === 'huayuan')!;
    const mingda = tiers.find((tier) => tier.accountId === 'mingda')!;
    // Same ¥10,000,000 total; 90 % with us ranks above 10 % with us, and the second is flagged.
    expect(huayuan.rank).toBeLessThan(mingda.rank);
    expect(huayuan.flags).toEqual([]);
    expect(mingda.flags).toEqual(['route-match-analysis']);
    expect(mingda.upgrade?.text.en).toBe('¥2,857,143 more volume with us to reach Level 3');
    expect(text).toContain('明达制药: Level 5 [route-match-analysis]');
  });

  it('holds the state-owned group as one potential national account through its structure tree', async () => {
    const { group } = await main();
    expect(group.subsidiaries).toEqual([
      { accountId: 'hny-fj', tier: 'L5' },
      { accountId: 'hny-gd', tier: 'L7' },
      { accountId: 'hny-js', tier: 'L5' },
    ]);
    // ¥2,000,000 + ¥900,000 + ¥1,200,000 with us of ¥4,000,000 + ¥3,600,000 + ¥3,000,000.
    expect(group.withUsFen).toBe(410_000_000);
    expect(group.totalFen).toBe(1_060_000_000);
    expect(group.share).toBeCloseTo(0.3868, 4);
    // Rolled up, the group is total L × mid share → Level 3, better than any subsidiary alone.
    expect(group.tier.tier).toBe('L3');
    expect(group.tier.upgrade?.text.en).toBe('¥5,650,000 more volume with us to reach Level 2');
  });

  it('builds the monthly travel report: spend by route, frequency, price per km, savings against the average', async () => {
    const { report, reportMarkdown } = await main();
    expect(report).toMatchObject({
      accountId: 'huayuan',
      period: '2026-10',
      spendFen: 75_000_000, // a twelfth of ¥9,000,000
      frequency: 63,
      units: 896_588,
      unit: 'km',
      unitPriceFen: 83.65,
      concentration: { carriers: 3, of: 8, rarelyUsed: 5 },
    });
    expect(report.categories.map((line) => line.category).slice(0, 3)).toEqual([
      'PEK-SHA',
      'SHA-CAN',
      'PEK-CAN',
    ]);
    expect(report.categories.reduce((sum, line) => sum + line.revenueFen, 0)).toBe(report.spendFen);
    // Compared with the six accounts that flew this month (one industry: the whole corporate-travel book).
    expect(report.peers.accounts).toBe(6);
    expect(report.peers.savingsFen).toBeGreaterThan(0);
    expect(reportMarkdown).toContain('- Average unit price: ¥0.84/km');
    expect(reportMarkdown).toContain('- PEK-SHA: ¥327,642 · 43.7% · 30 purchases · ¥0.84/km');
    expect(reportMarkdown).toContain(
      '3 of 8 categories carry 96.3% of the spend; 5 were used once or twice.',
    );
    expect(reportMarkdown).toContain('- Savings at the industry average unit price: ¥152,150');
  });

  it('tells 明达制药 it pays above the average price per km', async () => {
    const { report } = await main({ reportAccount: 'mingda' });
    expect(report.unitPriceFen).toBeGreaterThan(report.peers.averageUnitPriceFen!);
    expect(report.peers.savingsFen).toBeLessThan(0);
    expect(report.improvements.map((text) => text.en).join('\n')).toContain('review the agreed prices');
  });

  it('prints in Chinese', async () => {
    const { text } = await main({ locale: 'zh-CN' });
    expect(text).toContain('华能源集团 作为潜在全国性客户（3 家分公司汇总）：');
    expect(text).toContain('明达制药: 五级 [route-match-analysis]');
  });
});

it('the README shows exactly what main() prints', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const shown = /<!-- output: [^>]*-->\n```text\n([\s\S]*?)\n```/u.exec(readme)?.[1];
  expect(shown).toBe((await main()).text.trimEnd());
});
