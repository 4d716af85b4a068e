import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { localeFromEnv, registerImportCommand } from './cli.js';

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-import-cli-'));
  store = createMemoryStore();
  await store.putAccount({ id: 'A1', name: 'Acme', division: 'east' } as never, { actor: 'seed' });
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function run(args: string[], env: NodeJS.ProcessEnv, tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 0;
  const program = new Command('kamkit')
    .exitOverride()
    .configureOutput({ writeErr: (text) => err.push(text) });
  registerImportCommand(program, {
    openStore: async () => store,
    env,
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text), isTTY: tty },
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  await program.parseAsync(['import', ...args], { from: 'user' });
  return { out: out.join(''), err: err.join(''), exitCode };
}

async function csv(name: string, lines: string[]): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, lines.join('\n'));
  return path;
}

describe('kamkit import', () => {
  it('prints a Chinese summary when LANG is zh_CN', async () => {
    const path = await csv('tx.csv', ['客户编号,日期,金额(元)', 'A1,2026-03-01,100', 'A1,2026-03-02,250.5']);
    const result = await run(['transactions', path], { LANG: 'zh_CN.UTF-8' });
    expect(result.exitCode).toBe(0);
    expect(result.out).toBe(
      '已导入交易（tx.csv，UTF-8）：读取 2 行，新增 2，更新 0，已存在跳过 0，拒绝 0\n' +
        '编码：自动识别为 UTF-8：非 ASCII 字节是有效的 UTF-8，含三字节（中文）字符\n',
    );
    expect(result.err).toBe('');
  });

  it('KAMKIT_LOCALE wins over LANG, and --json prints the result', async () => {
    const path = await csv('tx.csv', ['account_id,date,amount', 'A1,2026-03-01,100']);
    const text = await run(['transactions', path], { KAMKIT_LOCALE: 'en', LANG: 'zh_CN.UTF-8' });
    expect(text.out).toMatch(/^Imported transactions from tx\.csv \(utf-8\): 1 rows read, 1 inserted/);
    const json = await run(['transactions', path, '--json'], {});
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, inserted: 0, skipped: 1 });
  });

  it('--skip-invalid with --report writes the report and says where', async () => {
    const path = await csv('tx.csv', ['account_id,date,amount', 'A1,2026-03-01,100', 'A1,2026-13-01,5']);
    const report = join(folder, 'rejects.csv');
    const result = await run(['transactions', path, '--skip-invalid', '--report', report], {
      LANG: 'en_US.UTF-8',
    });
    expect(result.out).toContain('1 inserted, 0 updated, 0 skipped (already present), 1 rejected');
    expect(result.out).toContain(`Rejected rows: ${report}`);
  });

  it('an all-or-nothing failure lists the problems and sets exit code 1', async () => {
    const path = await csv('tx.csv', ['客户编号,日期,金额(元)', 'A1,2026-03-01,-100']);
    const result = await run(['transactions', path, '--actor', 'u-li'], { LANG: 'zh_CN.UTF-8' });
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('导入失败，未写入任何数据（tx.csv）');
    expect(result.err).toContain('第 2 行“金额(元)”列为“-100”');
    expect(await store.aggregate()).toEqual([]);
    const json = await run(['transactions', path, '--json'], {});
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, code: 'IMPORT_FAILED', problems: [{ row: 2 }] });
  });

  it('refuses an unknown kind through commander', async () => {
    await expect(run(['invoices', 'x.csv'], {})).rejects.toThrow(
      /Allowed choices are accounts, contacts, transactions, interactions, payments/,
    );
  });

  it('draws no progress bar when stderr is not a terminal or CI is set', async () => {
    const path = await csv('tx.csv', ['account_id,date,amount', 'A1,2026-03-01,100']);
    expect((await run(['transactions', path], { CI: 'true' }, true)).err).toBe('');
    expect((await run(['transactions', path], {}, false)).err).toBe('');
  });

  it('draws a progress bar on a terminal', async () => {
    const path = await csv('tx.csv', ['account_id,date,amount', 'A1,2026-03-01,100']);
    const result = await run(['transactions', path], {}, true);
    expect(result.err).toContain('100%');
    expect(result.out).toContain('1 inserted');
  });

  it('reads the locale from the environment', () => {
    expect(localeFromEnv({ LANG: 'zh_TW.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(localeFromEnv({})).toBe('en');
  });
});
