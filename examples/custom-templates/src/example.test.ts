import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

describe('custom templates', () => {
  it('portfolio.md.hbs replaces the built-in Markdown portfolio in both locales, with the report figures', async () => {
    const { portfolio, builtInPortfolio } = await main();
    expect(portfolio['zh-CN']).toContain('# 董事会简报 · 2026-10');
    expect(portfolio['zh-CN']).toContain('本月收入 ¥22.3万，环比 -15.2%；大客户 4 / 4 个。');
    expect(portfolio['zh-CN']).toContain('| 白金客户 | 2 | 69.5% |');
    expect(portfolio['zh-CN']).toContain('- 恒通物流: ¥10万 → ¥6万 (-40.0%)');
    expect(portfolio.en).toContain('# Board brief · 2026-10');
    expect(portfolio.en).toContain(
      'Revenue ¥223,000 this month (-15.2% on last month); 4 of 4 accounts are key accounts.',
    );
    expect(portfolio.en).toContain('| Gold | 1 | 26.9% |');
    expect(portfolio.en).toContain('- 恒通物流: ¥100,000 → ¥60,000 (-40.0%)');
    // Without the overrides the built-in report comes out.
    expect(builtInPortfolio).not.toContain('Board brief');
    expect(builtInPortfolio).toMatch(/^# /u);
  });

  it('account-card.md.<locale>.hbs gives each locale its own card', async () => {
    const { card } = await main();
    expect(card['zh-CN'].split('\n').slice(0, 3)).toEqual([
      '【恒通物流】白金客户 · 贡献值 44.3',
      '已是最高级别',
      'A 角：王强；B 角：未指定',
    ]);
    expect(card['zh-CN']).toContain('⚠ 2026-10 月收入环比下降 40.0%');
    expect(card.en.split('\n').slice(0, 3)).toEqual([
      '[恒通物流] Platinum · score 44.3',
      'Already at the top tier',
      'Owner A: 王强; owner B: unassigned',
    ]);
  });

  it('a template that does not compile fails at load, naming the file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'kamkit-templates-'));
    await writeFile(join(folder, 'portfolio.md.hbs'), '# {{#if month}}unclosed');
    await expect(main({ templatesDir: folder })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      path: 'portfolio.md.hbs',
    });
  });
});

it('the README shows exactly what main() prints', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const shown = /<!-- output: [^>]*-->\n```text\n([\s\S]*?)\n```/u.exec(readme)?.[1];
  expect(shown).toBe((await main()).text.trimEnd());
});
