import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { registerImportCommand } from './cli.js';
import { ImportError } from './import-error.js';
import { importFile } from './import-file.js';

const PAYMENTS_CSV = [
  '回款编号,客户编号,到账日期,回款金额(元),发票号,备注,经办银行',
  'P1,A1,2026-03-05,"1,200.50",INV-0301,3 月机票款,工行',
  'P2,A1,2026/3/18,￥800,,,',
  'P3,A2,2026年4月1日,150万,INV-0401,,建行',
].join('\r\n');

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-import-payments-'));
  store = createMemoryStore({ clock: () => new Date('2026-05-01T00:00:00Z') });
  for (const id of ['A1', 'A2']) {
    await store.putAccount({ id, name: `客户 ${id}`, division: '华北事业部' } as never, { actor: 'seed' });
  }
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

describe('importFile — payments (回款)', () => {
  it('imports payments with Chinese headers and amounts in yuan; a re-run changes nothing', async () => {
    const path = await file('回款.csv', PAYMENTS_CSV);
    const result = await importFile({ store, kind: 'payments', path, actor: 'u-admin' });
    expect(result).toMatchObject({ rows: 3, inserted: 3, skipped: 0, rejected: 0 });
    expect(result.ignoredColumns).toEqual(['经办银行']);
    expect(await store.listPayments()).toEqual([
      {
        id: 'P1',
        accountId: 'A1',
        date: '2026-03-05',
        amountFen: 120_050,
        invoice: 'INV-0301',
        note: '3 月机票款',
      },
      { id: 'P2', accountId: 'A1', date: '2026-03-18', amountFen: 80_000 },
      { id: 'P3', accountId: 'A2', date: '2026-04-01', amountFen: 150_000_000, invoice: 'INV-0401' },
    ]);
    const again = await importFile({ store, kind: 'payments', path, actor: 'u-admin' });
    expect(again).toMatchObject({ inserted: 0, skipped: 3 });
    const audit = await store.listAudit({ action: 'import', entity: 'payments' });
    expect(audit.map((entry) => [entry.actor, entry.entityId])).toEqual([
      ['u-admin', '回款.csv'],
      ['u-admin', '回款.csv'],
    ]);
  });

  it('gives rows without an id a deterministic import id (JSON Lines, amounts in fen)', async () => {
    const lines = [
      JSON.stringify({ account_id: 'A1', date: '2026-03-05', amount_fen: 500 }),
      JSON.stringify({ account_id: 'A1', date: '2026-03-05', amount: '5.00' }),
    ].join('\n');
    const path = await file('payments.jsonl', lines);
    const result = await importFile({ store, kind: 'payments', path, actor: 'u-admin' });
    // The same payment written two ways is one payment.
    expect(result).toMatchObject({ inserted: 1, skipped: 1 });
    const [stored] = await store.listPayments();
    expect(stored?.id).toMatch(/^imp-[0-9a-f]{24}$/);
    expect(stored?.amountFen).toBe(500);
  });

  it('all-or-nothing: a bad date, a negative amount and an unknown account store nothing', async () => {
    const path = await file(
      'bad.csv',
      [
        'account_id,date,amount,invoice',
        'A1,2026-02-30,100,',
        'A1,2026-03-01,-5,',
        'NOPE,2026-03-01,100,',
        'A2,2026-03-01,100,',
      ].join('\n'),
    );
    const error = await importFile({ store, kind: 'payments', path, actor: 'u-admin' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ImportError);
    const problems = (error as ImportError).problems;
    expect(problems.map((problem) => [problem.row, problem.column, problem.value])).toEqual([
      [2, 'date', '2026-02-30'],
      [3, 'amount', '-5'],
      [4, 'account_id', 'NOPE'],
    ]);
    expect(problems[1]?.expected.en).toContain('non-negative');
    expect(await store.listPayments()).toEqual([]);
  });

  it('skip-invalid: stores the good rows and writes the reject report', async () => {
    const path = await file(
      'mixed.csv',
      ['客户编号,日期,金额', 'A1,2026-03-01,100', 'A1,明天,100'].join('\n'),
    );
    const result = await importFile({
      store,
      kind: 'payments',
      path,
      actor: 'u-admin',
      mode: 'skip-invalid',
    });
    expect(result).toMatchObject({ inserted: 1, rejected: 1 });
    const report = (await readFile(result.rejectReportPath!, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(report[0]).toBe('row,column,problem,问题,客户编号,日期,金额');
    expect(report[1]).toMatch(/^3,日期,/);
  });

  it('a missing amount column is named in the header check', async () => {
    const path = await file('no-amount.csv', ['客户编号,日期', 'A1,2026-03-01'].join('\n'));
    const error = (await importFile({ store, kind: 'payments', path, actor: 'u-admin' }).catch(
      (caught: unknown) => caught,
    )) as ImportError;
    expect(error.problems).toEqual([
      expect.objectContaining({
        row: 1,
        column: 'amountFen',
        expected: expect.objectContaining({ 'zh-CN': expect.stringContaining('回款金额') }),
      }),
    ]);
  });
});

describe('kamkit import payments', () => {
  it('prints a Chinese summary naming 回款', async () => {
    const path = await file('回款.csv', PAYMENTS_CSV);
    const out: string[] = [];
    const program = new Command('kamkit').exitOverride();
    registerImportCommand(program, {
      openStore: async () => store,
      env: { LANG: 'zh_CN.UTF-8' },
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: () => undefined },
      setExitCode: () => undefined,
    });
    await program.parseAsync(['import', 'payments', path], { from: 'user' });
    expect(out.join('')).toBe(
      '已导入回款（回款.csv，UTF-8）：读取 3 行，新增 3，更新 0，已存在跳过 0，拒绝 0\n编码：自动识别为 UTF-8：非 ASCII 字节是有效的 UTF-8，含三字节（中文）字符\n未识别而忽略的列：经办银行\n',
    );
  });
});
