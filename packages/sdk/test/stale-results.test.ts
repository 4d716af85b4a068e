/**
 * A reader of stale stored results says so, through the built `kamkit`
 * binary: after `kamkit run`, an import that changes the month's figures
 * makes the next `kamkit tier --account …` and `kamkit report portfolio`
 * answer from the stored results with "as of …; refreshing" and refresh the
 * month before exiting; the command after that has no note and counts the new
 * data. `test/build-once.ts` builds dist/ first when it is missing or stale.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const binary = join(dirname(fileURLToPath(import.meta.url)), '../dist/cli/main.js');

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

function kamkit(cwd: string, args: string[], locale: 'en' | 'zh-CN' = 'en'): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CI: '1',
    KAMKIT_LOCALE: locale,
    KAMKIT_CEILING_DIRECTORIES: tmpdir(),
  };
  delete env.KAMKIT_DATABASE_URL;
  delete env.KAMKIT_CONFIG;
  delete env.KAMKIT_OPERATOR;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binary, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end('');
  });
}

async function ok(cwd: string, args: string[], locale: 'en' | 'zh-CN' = 'en'): Promise<Outcome> {
  const outcome = await kamkit(cwd, args, locale);
  expect(outcome.stderr, outcome.stdout).not.toMatch(/Error:|at .*\.js/);
  expect(outcome.status, outcome.stderr).toBe(0);
  return outcome;
}

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((path) => rm(path, { recursive: true, force: true, maxRetries: 3 })));
}, 300_000);

const STALE_EN = /as of \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC[+-][\d:]+\); refreshing/;
const STALE_ZH = /截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC[+-][\d:]+\)；正在更新/;

describe('kamkit readers of stale results', { timeout: 900_000 }, () => {
  it('say "as of …; refreshing" after a write, refresh, and then answer with the new data', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kamkit-stale-'));
    folders.push(cwd);
    writeFileSync(
      join(cwd, 'accounts.csv'),
      'id,name,division,flags\nA1,Alpha,East,agreement\nA2,Beta,East,agreement\n',
    );
    const rows = ['account_id,date,amount'];
    for (let month = 1; month <= 10; month++) {
      const date = `2026-${String(month).padStart(2, '0')}-10`;
      rows.push(`A1,${date},100000`, `A2,${date},2000`);
    }
    writeFileSync(join(cwd, 'tx.csv'), `${rows.join('\n')}\n`);
    await ok(cwd, ['import', 'accounts', 'accounts.csv']);
    await ok(cwd, ['import', 'transactions', 'tx.csv']);
    const run = await ok(cwd, ['run', '--as-of', '2026-10']);
    expect(run.stdout).toContain('Computed and stored the results of 2026-10: 2 accounts');

    const fresh = await ok(cwd, ['tier', '--account', 'A2', '--as-of', '2026-10']);
    expect(fresh.stdout).toContain('Beta (A2), 2026-10');
    expect(fresh.stdout).toContain(': VIP');
    expect(fresh.stdout + fresh.stderr).not.toMatch(STALE_EN);

    // ¥2,000,000 more for Beta in October: VIP becomes Platinum once the month is refreshed.
    writeFileSync(join(cwd, 'more.csv'), 'account_id,date,amount\nA2,2026-10-20,2000000\n');
    await ok(cwd, ['import', 'transactions', 'more.csv']);
    const stale = await ok(cwd, ['tier', '--account', 'A2', '--as-of', '2026-10']);
    expect(stale.stdout).toMatch(STALE_EN);
    expect(stale.stdout).toContain(': VIP'); // the stored answer, said to be as of its time
    expect(stale.stdout).toContain('¥20,000');

    const refreshed = await ok(cwd, ['tier', '--account', 'A2', '--as-of', '2026-10']);
    expect(refreshed.stdout + refreshed.stderr).not.toMatch(STALE_EN);
    expect(refreshed.stdout).toContain(': Platinum');
    expect(refreshed.stdout).toContain('¥2,020,000');

    // The portfolio report: JSON on stdout from the stored results, the note on stderr (zh-CN here).
    const before = JSON.parse(
      (await ok(cwd, ['report', 'portfolio', '--period', '2026-10', '--format', 'json'])).stdout,
    );
    const revenue = (report: { tiers: { revenueFen: number }[] }) =>
      report.tiers.reduce((sum, tier) => sum + tier.revenueFen, 0);
    writeFileSync(join(cwd, 'late.csv'), 'account_id,date,amount\nA1,2026-10-25,500\n');
    await ok(cwd, ['import', 'transactions', 'late.csv']);
    const staleReport = await ok(
      cwd,
      ['report', 'portfolio', '--period', '2026-10', '--format', 'json'],
      'zh-CN',
    );
    expect(staleReport.stderr).toMatch(STALE_ZH);
    expect(revenue(JSON.parse(staleReport.stdout))).toBe(revenue(before));
    const after = await ok(cwd, ['report', 'portfolio', '--period', '2026-10', '--format', 'json'], 'zh-CN');
    expect(after.stderr).not.toMatch(STALE_ZH);
    expect(revenue(JSON.parse(after.stdout))).toBe(revenue(before) + 50_000);
  });
});
