import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../money/money.js';
import { seedDemoStore } from './__fixtures__/demo-source.js';
import { registerReportCommand } from './cli.js';
import type { PortfolioAnalysis } from './data/portfolio-analysis.js';

let seeded: ReturnType<typeof seedDemoStore> | undefined;

/** The demo store, seeded once for this file. */
function demo(): ReturnType<typeof seedDemoStore> {
  seeded ??= seedDemoStore();
  return seeded;
}

/** A proxy of `target` that notes each method called on it, as `prefix` + name, in `calls`. */
function noting<T extends object>(target: T, calls: string[], prefix = ''): T {
  return new Proxy(target, {
    get: (object, property) => {
      const value: unknown = Reflect.get(object, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(`${prefix}${String(property)}(${JSON.stringify(args[0]) ?? ''})`);
        return (value as (...values: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

/**
 * Run `kamkit report …` against one seeded store (the command's close is a
 * no-op here); with `calls`, each store method called (and each of its
 * stored results) is noted there.
 */
async function run(args: string[], calls?: string[]): Promise<string> {
  const { store: shared } = await demo();
  const watched = calls === undefined ? shared : noting(shared, calls);
  const results = calls === undefined ? shared.results : noting(shared.results, calls, 'results.');
  const store = new Proxy(watched, {
    get: (target, property) =>
      property === 'close'
        ? async () => undefined
        : property === 'results'
          ? results
          : Reflect.get(target, property),
  });
  let output = '';
  const program = new Command('kamkit').exitOverride();
  registerReportCommand(program, {
    openStore: async () => store,
    locale: 'zh-CN',
    stdout: {
      write: (text: string) => {
        output += text;
      },
    },
    now: () => new Date('2026-11-03T02:00:00Z'),
  });
  await program.parseAsync(['node', 'kamkit', 'report', ...args]);
  return output;
}

describe('kamkit report', () => {
  it('prints the portfolio analysis of the last complete month as JSON and Markdown', async () => {
    const data = JSON.parse(await run(['portfolio', '--format', 'json'])) as PortfolioAnalysis;
    expect(data.kind).toBe('portfolio-analysis');
    expect(data.month).toBe('2026-10');
    const markdown = await run(['portfolio', '--period', '2026-10', '--format', 'md']);
    expect(markdown).toContain('# 大客户经营分析（2026-10）');
    expect(markdown).toContain(formatMoney(data.revenue.monthFen, 'zh-CN'));
  });

  it('prints an account report for a quarter in English, and HTML to a file', async () => {
    const { portfolio } = await demo();
    const account = portfolio.accounts.find((entry) => entry.industry === '航空差旅')!.id;
    const text = await run([
      'account',
      '--account',
      account,
      '--period',
      '2026-Q3',
      '--format',
      'txt',
      '--locale',
      'en',
    ]);
    expect(text).toContain('Quarterly account report');
    const folder = mkdtempSync(join(tmpdir(), 'kamkit-report-'));
    await run(['card', '--account', account, '--format', 'html', '--out', join(folder, 'card.html')]);
    expect(readFileSync(join(folder, 'card.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*<svg /);
  });

  it('reads KPI targets from a file and rejects a missing account or a bad period', async () => {
    const { portfolio } = await demo();
    const owner = portfolio.accounts.find((account) => account.ownerA !== null)!.ownerA!;
    const folder = mkdtempSync(join(tmpdir(), 'kamkit-kpi-'));
    writeFileSync(join(folder, 'targets.yaml'), `- ownerId: ${owner}\n  revenue: 100万\n`);
    const data = JSON.parse(
      await run([
        'kpi',
        '--period',
        '2026-10',
        '--format',
        'json',
        '--targets',
        join(folder, 'targets.yaml'),
      ]),
    );
    expect(data.lines.find((line: { ownerId: string }) => line.ownerId === owner).targetFen).toBe(
      100_000_000,
    );
    await expect(run(['card', '--format', 'md'])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      path: '--account',
    });
    await expect(run(['portfolio', '--period', '2026-Q3'])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      path: '--period',
    });
  });

  it('prints the KPI scorecard from the stored tiers, without running the portfolio again', async () => {
    // 2026-Q3: the month before its last has recorded tiers; 2026-07: the month before is read from its results.
    for (const period of ['2026-Q3', '2026-07']) {
      const first: string[] = [];
      const computed = JSON.parse(await run(['kpi', '--period', period, '--format', 'json'], first));
      const calls: string[] = [];
      const served = JSON.parse(await run(['kpi', '--period', period, '--format', 'json'], calls));
      expect(served).toEqual(computed);
      const asOf = period === '2026-Q3' ? '2026-09' : period;
      expect(calls).toContain(`results.listTiers(${JSON.stringify(asOf)})`);
      // A run of the portfolio reads the tasks (owner duties), the overrides and
      // every account's aggregates up to the month; computing a month's results claims it.
      for (const call of calls) {
        expect(call).not.toMatch(/^(listTasks|listOverrides|results\.claimMonth)\(/u);
        if (call.startsWith('aggregate(')) expect(call).toMatch(/"fromMonth"|"accountIds"/u);
      }
      expect(first.some((call) => call.startsWith('results.listTiers('))).toBe(true);
    }
  }, 300_000);
});
