import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

describe('a full 360° cycle', () => {
  it('publishes an anonymous result: the two-rater customer group is withheld and the weights re-normalised', async () => {
    const { result } = await main();
    expect(result.groups.map((group) => [group.id, group.status, group.raterCount])).toEqual([
      ['supervisor', 'shown', 1],
      ['colleagues', 'shown', 4],
      ['customers', 'withheld', null],
      ['self', 'shown', 1],
    ]);
    // Supervisor: character 4, ability 3, performance 5 weighted 20/30/50 → 4.2.
    // Colleagues: 4, 4, 3, 3 → 3.5. Self: 5, 5, 3 → 4.0.
    expect(result.groups.find((group) => group.id === 'supervisor')?.score).toBeCloseTo(4.2, 10);
    expect(result.groups.find((group) => group.id === 'colleagues')?.score).toBe(3.5);
    // Weights 0.5 / 0.3 / 0.1 over the shown groups (0.9): 0.556 / 0.333 / 0.111.
    expect(result.effectiveWeights.map((entry) => [entry.unit, Number(entry.weight.toFixed(3))])).toEqual([
      ['supervisor', 0.556],
      ['colleagues', 0.333],
      ['self', 0.111],
    ]);
    // (0.5·4.2 + 0.3·3.5 + 0.1·4.0) / 0.9 = 3.944 → grade B (≥ 3.75).
    expect(result.overall.score).toBeCloseTo(3.55 / 0.9, 10);
    expect(result.overall.status).toBe('excludes-withheld');
    expect(result.overall.grade?.id).toBe('B');
  });

  it("the customers' answers change nothing that is published", async () => {
    const kind = await main({ customerScores: [5, 5] });
    const harsh = await main({ customerScores: [1, 1] });
    expect(JSON.stringify(harsh.result)).toBe(JSON.stringify(kind.result));
    expect(harsh.reportMarkdown).toBe(kind.reportMarkdown);
  });

  it('refuses bad submissions with the item named, and strangers as if the review did not exist', async () => {
    const { rejected } = await main();
    expect(rejected.map((entry) => [entry.who, entry.code, entry.path])).toEqual([
      ['陈晨', 'INVALID_INPUT', 'answers.perf-targets'],
      ['周航', 'NOT_FOUND', 'nominationId'],
      ['黄总', 'INVALID_INPUT', 'answers.perf-targets'],
    ]);
    expect(rejected[0]?.message).toContain(
      '"Attainment of annual business targets" expects a whole number 1–5, got 6',
    );
    expect(rejected[1]?.message).not.toMatch(/n-\d|未找到/u);
    expect(rejected[2]?.message).toContain('answers.perf-quality');
    const chinese = await main({ locale: 'zh-CN' });
    expect(chinese.rejected[0]?.message).toMatch(/「.+」/u);
  });

  it('the individual report shows self against others, blind spots and hidden strengths', async () => {
    const { report, reportMarkdown } = await main();
    expect(reportMarkdown).toContain('- Overall: **3.94** (excludes groups too small to show) · Grade: Good');
    expect(reportMarkdown).toContain('- Colleagues: 3.50 · 4 raters · weight 33.3%');
    expect(reportMarkdown).not.toContain('Customers:');
    // Others on performance: (0.5·5 + 0.3·3.5) / 0.8 = 4.44 against self 3 → a hidden strength;
    // on ability (0.5·3 + 0.3·3.5) / 0.8 = 3.19 against self 5 → a blind spot.
    expect(reportMarkdown).toContain('- Performance: 3.00 / 4.44');
    expect(reportMarkdown).toMatch(
      /## Hidden strengths \(others above self\)\n- Attainment of annual business targets: 3\.00 \/ 4\.44/u,
    );
    expect(reportMarkdown).toMatch(
      /## Blind spots \(self above others\)\n- Professional ability meets the role: 5\.00 \/ 3\.19/u,
    );
    expect(JSON.stringify(report)).not.toMatch(/黄总|林经理|huang@|lin@/u);
  });
});

it('the README shows exactly what main() prints', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const shown = /<!-- output: [^>]*-->\n```text\n([\s\S]*?)\n```/u.exec(readme)?.[1];
  expect(shown).toBe((await main()).text.trimEnd());
});
