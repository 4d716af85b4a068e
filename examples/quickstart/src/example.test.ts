import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { main, type QuickstartOutput } from './main.js';

// One run over a throw-away embedded database (PGlite) serves the checks below.
let output: QuickstartOutput;
beforeAll(async () => {
  output = await main({ dataDir: 'memory://' });
});

describe('quickstart', () => {
  it('tiers, scores, alerts and due actions of the five sample accounts', () => {
    const { text, run } = output;
    const tierOf = Object.fromEntries(run.tiers.map((tier) => [tier.accountId, tier.tier]));
    expect(tierOf).toEqual({
      acme: 'platinum',
      hengtong: 'platinum',
      antai: 'gold',
      mingde: 'vip',
      xinrui: null,
    });
    // Scores are 0–100, and the biggest, steadiest spender scores highest.
    const scores = run.tiers.map((tier) => run.explain(tier.accountId).score);
    expect(Math.max(...scores)).toBe(run.explain('acme').score);
    expect(run.explain('acme').score).toBeCloseTo(49.1, 1);

    // The only alert: 恒通物流 fell from ¥100,000 to ¥60,000 (−40 %, beyond the 30 % line).
    expect(run.alerts.map((alert) => [alert.accountId, alert.kind])).toEqual([['hengtong', 'fluctuation']]);
    expect(text).toContain('fell 40.0% month over month (¥100,000 → ¥60,000)');

    // Each owner has a due list; 李娜 still owes 安泰纺织 this month's phone follow-up.
    const li = run.agendas.find((agenda) => agenda.ownerId === 'u-li')!;
    expect(li.overdue.map((action) => [action.accountId, action.ruleId])).toContainEqual([
      'antai',
      'specialist-call',
    ]);
    expect(text).toContain('新锐文创: not a key account');
    expect(text).toContain(
      '¥280,000 more annual revenue (last 12 months) (threshold ¥1,000,000) to reach Platinum',
    );
    expect(text).toContain('4 of 5 accounts are key accounts; revenue this month ¥223,500.');
  });

  it('prints in Chinese', async () => {
    const first = await main({ dataDir: 'memory://', locale: 'zh-CN' });
    expect(first.text).toContain('5 个客户中 4 个为大客户；本月收入 ¥22.35万。');
    expect(first.text).toContain('华远科技: 白金客户');
  });
});

it('the README shows exactly what main() prints', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const shown = /<!-- output: [^>]*-->\n```text\n([\s\S]*?)\n```/u.exec(readme)?.[1];
  expect(shown).toBe(output.text.trimEnd());
});
