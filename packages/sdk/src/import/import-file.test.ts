import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { ImportError } from './import-error.js';
import { type ImportProgress, importFile } from './import-file.js';

const ACCOUNTS_CSV = [
  '客户编号,客户名称,客户类型,事业部,行业,客户经理,B角,标记,员工人数',
  'G1,中国某能源集团,国企,华北事业部,能源,u-li,u-wang,VIP、agreement,120000',
  'A1,某能源集团北京分公司,国企,华北事业部,能源,u-li,,,',
  'A2,星河旅行社,民企,华东事业部,旅游,u-zhao,,,',
].join('\r\n');

const TRANSACTIONS_CSV = [
  '流水号,客户编号,日期,金额(元),类别/航线,备注',
  'T1,A1,2026-03-05,"1,200.50",PEK-SHA,商务出行',
  'T2,A1,2026/3/18,￥800,PEK-CAN,',
  'T3,A2,2026-04-01,150万,团队游,年度合同',
].join('\r\n');

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-import-'));
  store = createMemoryStore({ clock: () => new Date('2026-05-01T00:00:00Z') });
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

async function importAccounts(): Promise<void> {
  await importFile({
    store,
    kind: 'accounts',
    path: await file('accounts.csv', ACCOUNTS_CSV),
    actor: 'u-admin',
  });
}

async function revenueByAccount(): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const row of await store.aggregate())
    totals[row.accountId] = (totals[row.accountId] ?? 0) + row.revenueFen;
  return totals;
}

async function importError(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('importFile — reading', () => {
  it('imports accounts with Chinese headers, mapping types, owners, flags and extra columns', async () => {
    const result = await importFile({
      store,
      kind: 'accounts',
      path: await file('accounts.csv', ACCOUNTS_CSV),
      actor: 'u-admin',
    });
    expect(result).toMatchObject({
      kind: 'accounts',
      format: 'csv',
      encoding: 'utf-8',
      rows: 3,
      inserted: 3,
    });
    expect(await store.getAccount('G1')).toMatchObject({
      name: '中国某能源集团',
      type: 'soe',
      division: '华北事业部',
      ownerA: 'u-li',
      ownerB: 'u-wang',
      flags: ['VIP', 'agreement'],
      attributes: { 员工人数: '120000' },
    });
    expect((await store.getAccount('A1'))?.ownerB).toBeNull();
  });

  it('imports UTF-8 transactions: yuan to exact fen, slashed dates, route categories', async () => {
    await importAccounts();
    const result = await importFile({
      store,
      kind: 'transactions',
      path: await file('交易.csv', TRANSACTIONS_CSV),
      actor: 'u-admin',
    });
    expect(result).toMatchObject({ inserted: 3, skipped: 0, rejected: 0, ignoredColumns: ['备注'] });
    expect(await revenueByAccount()).toEqual({ A1: 200_050, A2: 150_000_000 });
    const april = await store.aggregate({ fromMonth: '2026-03', toMonth: '2026-03' });
    expect(april.map((row) => row.category).sort()).toEqual(['PEK-CAN', 'PEK-SHA']);
  });

  it('imports a GBK file as Chinese spreadsheets export it, detected automatically', async () => {
    await importAccounts();
    const path = await file('gbk.csv', iconv.encode(TRANSACTIONS_CSV, 'gbk'));
    const result = await importFile({ store, kind: 'transactions', path, actor: 'u-admin' });
    expect(result.encoding).toBe('gbk');
    expect(result.inserted).toBe(3);
    const rows = await store.aggregate({ accountIds: ['A2'] });
    expect(rows[0]?.category).toBe('团队游');
  });

  it('honours a declared GBK encoding', async () => {
    await importAccounts();
    const path = await file('gbk.csv', iconv.encode(TRANSACTIONS_CSV, 'gbk'));
    const result = await importFile({ store, kind: 'transactions', path, actor: 'u-admin', encoding: 'gbk' });
    expect(result).toMatchObject({ encoding: 'gbk', inserted: 3 });
  });

  it('imports JSON Lines with camelCase fields, fen amounts and nested attributes', async () => {
    const accounts = [
      { id: 'J1', name: 'Acme Logistics', division: 'east', attributes: { headcount: 800 } },
      { id: 'J2', name: 'Beta Foods', division: 'east', parentId: 'J1', type: 'private' },
    ];
    await importFile({
      store,
      kind: 'accounts',
      path: await file('accounts.jsonl', accounts.map((row) => JSON.stringify(row)).join('\n')),
      actor: 'u-admin',
    });
    expect((await store.getAccount('J1'))?.attributes).toEqual({ headcount: 800 });
    const transactions = [
      {
        accountId: 'J1',
        date: '2026-01-02',
        amountFen: 123_456,
        category: 'freight',
        units: 12.5,
        unit: 't',
      },
      { accountId: 'J2', date: '2026-01-03', amount: 99.99 },
    ];
    const result = await importFile({
      store,
      kind: 'transactions',
      path: await file('tx.ndjson', `${transactions.map((row) => JSON.stringify(row)).join('\n')}\n`),
      actor: 'u-admin',
    });
    expect(result).toMatchObject({ format: 'jsonl', inserted: 2 });
    expect(await revenueByAccount()).toEqual({ J1: 123_456, J2: 9_999 });
  });

  it('imports contacts and interactions with Chinese labels', async () => {
    await importAccounts();
    const contacts = [
      '联系人编号,客户编号,姓名,职务,角色,层级,关系阶段,邮箱',
      'C1,A1,李总,总经理,决策人,高层,信赖,li@example.com',
    ].join('\n');
    await importFile({
      store,
      kind: 'contacts',
      path: await file('contacts.csv', contacts),
      actor: 'u-admin',
    });
    expect(await store.listContacts('A1')).toEqual([
      expect.objectContaining({ id: 'C1', role: 'decision-maker', level: 'executive', stage: 'trust' }),
    ]);
    const interactions = [
      '客户编号,方式,时间,经办人,联系人编号,备注',
      'A1,拜访,2026-04-02 15:30,u-li,C1,季度回访',
    ].join('\n');
    const result = await importFile({
      store,
      kind: 'interactions',
      path: await file('interactions.csv', interactions),
      actor: 'u-admin',
    });
    expect(result.inserted).toBe(1);
    expect(await store.listInteractions({ accountIds: ['A1'] })).toEqual([
      expect.objectContaining({
        kind: 'visit',
        at: '2026-04-02T15:30:00+08:00',
        userId: 'u-li',
        note: '季度回访',
      }),
    ]);
  });

  it('reads from a stream and reports progress per batch', async () => {
    await importAccounts();
    const lines = ['account_id,date,amount_fen'];
    for (let index = 0; index < 25; index++)
      lines.push(`A1,2026-02-${String((index % 28) + 1).padStart(2, '0')},${index + 1}`);
    const seen: ImportProgress[] = [];
    const result = await importFile({
      store,
      kind: 'transactions',
      stream: Readable.from([Buffer.from(lines.join('\n'))]),
      fileName: 'upload.csv',
      actor: 'u-admin',
      batchSize: 10,
      onProgress: (progress) => seen.push(progress),
    });
    expect(result).toMatchObject({ file: 'upload.csv', inserted: 25 });
    expect(seen.map((progress) => progress.inserted)).toEqual([10, 20, 25, 25]);
    expect(await revenueByAccount()).toEqual({ A1: (25 * 26) / 2 });
  });

  it('streams: the first batch is stored long before the source is drained', async () => {
    await importAccounts();
    const total = 20_000;
    let produced = 0;
    async function* generate(): AsyncGenerator<string> {
      yield 'account_id,date,amount\n';
      for (let start = 0; start < total; start += 100) {
        let chunk = '';
        for (let index = start; index < start + 100; index++)
          chunk += `A1,2026-01-${String((index % 28) + 1).padStart(2, '0')},${index}.01\n`;
        produced += 100;
        yield chunk;
      }
    }
    const producedAtBatch: number[] = [];
    const result = await importFile({
      store,
      kind: 'transactions',
      stream: generate(),
      actor: 'u-admin',
      batchSize: 1000,
      onProgress: () => producedAtBatch.push(produced),
    });
    expect(result.inserted).toBe(total);
    // Rows are pulled as they are stored: when the first batch of 1,000 is written, at most a few
    // thousand rows have been generated (stream buffers), not all 20,000.
    expect(producedAtBatch[0]).toBeLessThan(total / 4);
  });

  it('records one audit entry per import with its counts and file name', async () => {
    await importAccounts();
    await importFile({
      store,
      kind: 'transactions',
      path: await file('tx.csv', TRANSACTIONS_CSV),
      actor: 'u-ops',
    });
    const entries = await store.listAudit({ action: 'import' });
    expect(entries).toHaveLength(2);
    expect(entries.find((entry) => entry.entity === 'transactions')).toMatchObject({
      actor: 'u-ops',
      entityId: 'tx.csv',
      after: expect.objectContaining({ inserted: 3, rejected: 0, mode: 'all-or-nothing' }),
    });
  });
});

describe('importFile — bad rows (all-or-nothing changes nothing)', () => {
  async function snapshot() {
    return {
      aggregate: await store.aggregate(),
      audit: (await store.listAudit()).length,
      accounts: await store.countAccounts(),
    };
  }

  async function expectRefused(
    content: string | Uint8Array,
    expected: { row: number; column: string; en: RegExp; zh: RegExp },
  ) {
    await importAccounts();
    const before = await snapshot();
    const good = 'T0,A1,2026-03-01,100,PEK-SHA\r\n';
    const body =
      typeof content === 'string' ? `流水号,客户编号,日期,金额(元),航线\r\n${good}${content}` : content;
    const error = await importError(
      importFile({ store, kind: 'transactions', path: await file('bad.csv', body), actor: 'u-admin' }),
    );
    expect(isKamError(error) && error.code).toBe('IMPORT_FAILED');
    expect(error.problems[0]).toMatchObject({ row: expected.row, column: expected.column });
    expect(error.problems[0]?.expected.en).toMatch(expected.en);
    expect(error.problems[0]?.expected['zh-CN']).toMatch(expected.zh);
    expect(error.issues[0]?.path).toBe(`row ${expected.row}, column ${expected.column}`);
    expect(error.messageIn('zh-CN')).toContain(`第 ${expected.row} 行“${expected.column}”列`);
    expect(error.message).toMatch(/nothing was stored/);
    expect(await snapshot()).toEqual(before);
    return error;
  }

  it('negative amount', async () => {
    await expectRefused('T1,A1,2026-03-02,-500,PEK-SHA\r\n', {
      row: 3,
      column: '金额(元)',
      en: /non-negative/,
      zh: /不能为负数/,
    });
  });

  it('unknown account', async () => {
    await expectRefused('T1,ZZ9,2026-03-02,500,PEK-SHA\r\n', {
      row: 3,
      column: '客户编号',
      en: /existing account/,
      zh: /已存在的客户编号/,
    });
  });

  it('impossible date 2026-13-01', async () => {
    const error = await expectRefused('T1,A1,2026-13-01,500,PEK-SHA\r\n', {
      row: 3,
      column: '日期',
      en: /real calendar date YYYY-MM-DD/,
      zh: /真实存在的日期/,
    });
    expect(error.message).toContain('row 3, column 日期 is "2026-13-01"');
  });

  it('wrong encoding: a GBK file declared UTF-8 is refused on its header', async () => {
    await importAccounts();
    const before = await snapshot();
    const content = iconv.encode(
      '流水号,客户编号,日期,金额(元),航线\r\nT0,A1,2026-03-01,100,北京-上海\r\n',
      'gbk',
    );
    const error = await importError(
      importFile({
        store,
        kind: 'transactions',
        path: await file('gbk.csv', content),
        actor: 'u',
        encoding: 'utf-8',
      }),
    );
    expect(error.problems[0]?.row).toBe(1);
    expect(error.problems[0]?.column).toContain('\uFFFD');
    expect(error.problems[0]?.expected.en).toMatch(/not UTF-8.*is the file GBK\? Use --encoding gbk/);
    expect(error.problems[0]?.expected['zh-CN']).toMatch(/文件可能是 GBK/);
    expect(await snapshot()).toEqual(before);
  });

  it('wrong encoding: a UTF-8 file declared GBK is refused before any row, with the fix', async () => {
    await importAccounts();
    const content = Buffer.from('客户编号,日期,金额\nA1,2026-03-01,100\n', 'utf8');
    const result = await importFile({
      store,
      kind: 'transactions',
      path: await file('u.csv', content),
      actor: 'u',
      encoding: 'gbk',
    }).catch((caught: unknown) => caught);
    expect(isKamError(result) && result.code).toBe('IMPORT_FAILED');
    expect((result as Error).message).toMatch(/declared GBK.*--encoding utf-8/);
    expect(await store.aggregate()).toEqual([]);
  });

  it('wrong encoding in a data cell names its row and column', async () => {
    await importAccounts();
    const header = Buffer.from('流水号,客户编号,日期,金额(元),航线\r\nT0,A1,2026-03-01,100,PEK\r\n', 'utf8');
    const badRow = iconv.encode('T1,A1,2026-03-02,100,北京-上海\r\n', 'gbk');
    const error = await importError(
      importFile({
        store,
        kind: 'transactions',
        path: await file('mixed.csv', Buffer.concat([header, badRow])),
        actor: 'u-admin',
        encoding: 'utf-8',
      }),
    );
    expect(error.problems[0]).toMatchObject({ row: 3, column: '航线' });
    expect(error.problems[0]?.expected.en).toMatch(/not UTF-8.*--encoding gbk/);
    expect(await store.aggregate()).toEqual([]);
  });

  it('collects several problems before it stops, and a missing column is named on row 1', async () => {
    await importAccounts();
    const body = ['客户编号,日期,金额', 'A1,2026-02-30,1', 'A1,2026-03-01,1.234', 'A1,2026-03-01,abc'].join(
      '\n',
    );
    const error = await importError(
      importFile({ store, kind: 'transactions', path: await file('many.csv', body), actor: 'u-admin' }),
    );
    expect(error.problems.map((problem) => [problem.row, problem.column])).toEqual([
      [2, '日期'],
      [3, '金额'],
      [4, '金额'],
    ]);
    const missing = await importError(
      importFile({
        store,
        kind: 'transactions',
        path: await file('nocol.csv', '客户编号,日期\nA1,2026-01-01\n'),
        actor: 'u',
      }),
    );
    expect(missing.problems[0]).toMatchObject({ row: 1, column: 'amountFen' });
    expect(missing.problems[0]?.expected['zh-CN']).toMatch(/金额/);
  });

  it('a parent account must come earlier in the file or be stored already', async () => {
    const body = [
      '客户编号,客户名称,事业部,上级客户编号',
      'P1,Parent,east,',
      'C1,Child,east,P1',
      'C2,Orphan,east,P9',
    ].join('\n');
    const error = await importError(
      importFile({ store, kind: 'accounts', path: await file('tree.csv', body), actor: 'u-admin' }),
    );
    expect(error.problems).toEqual([
      expect.objectContaining({ row: 4, column: '上级客户编号', value: 'P9' }),
    ]);
    expect(await store.countAccounts()).toBe(0);
  });
});

describe('importFile — skip-invalid', () => {
  it('stores the good rows and writes the rejected ones to a CSV report', async () => {
    await importAccounts();
    const body = [
      '流水号,客户编号,日期,金额(元),航线',
      'T1,A1,2026-03-01,100,PEK-SHA',
      'T2,A1,2026-03-02,-5,PEK-SHA',
      'T3,NOPE,2026-03-03,7,"PEK,SHA"',
      'T4,A2,2026-13-01,9,CAN',
      'T5,A2,2026-03-04,10.5,CAN',
    ].join('\n');
    const path = await file('mixed.csv', body);
    const result = await importFile({
      store,
      kind: 'transactions',
      path,
      actor: 'u-admin',
      mode: 'skip-invalid',
    });
    expect(result).toMatchObject({
      rows: 5,
      inserted: 2,
      rejected: 3,
      rejectReportPath: join(folder, 'mixed.rejected.csv'),
    });
    expect(await revenueByAccount()).toEqual({ A1: 10_000, A2: 1_050 });
    const report = await readFile(result.rejectReportPath!, 'utf8');
    const lines = report
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('row,column,problem,问题,流水号,客户编号,日期,金额(元),航线');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2))).toEqual([
      ['3', '金额(元)'],
      ['4', '客户编号'],
      ['5', '日期'],
    ]);
    expect(lines[2]).toMatch(/,T3,NOPE,2026-03-03,7,"PEK,SHA"$/);
    const audit = await store.listAudit({ action: 'import', entity: 'transactions' });
    expect(audit[0]?.after).toMatchObject({ inserted: 2, rejected: 3 });
  });

  it('reports JSON Lines rejects with the original line', async () => {
    await importAccounts();
    const lines = [
      '{"accountId":"A1","date":"2026-03-01","amount":"12.5"}',
      '{"accountId":"A1",',
      '{"accountId":"A1","date":"2026-03-02"}',
    ];
    const path = await file('tx.jsonl', lines.join('\n'));
    const result = await importFile({
      store,
      kind: 'transactions',
      path,
      actor: 'u-admin',
      mode: 'skip-invalid',
    });
    expect(result).toMatchObject({ inserted: 1, rejected: 2 });
    const report = (await readFile(result.rejectReportPath!, 'utf8'))
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(report[0]).toBe('row,column,problem,问题,original');
    expect(report[1]).toMatch(/^2,\(line\),"\(line\): one JSON object per line/);
    expect(report[1]).toContain('"{""accountId"":""A1"","');
    expect(report[2]).toMatch(/^3,amountFen,/);
  });

  it('writes no report when every row is good', async () => {
    await importAccounts();
    const path = await file('tx.csv', TRANSACTIONS_CSV);
    const result = await importFile({
      store,
      kind: 'transactions',
      path,
      actor: 'u-admin',
      mode: 'skip-invalid',
    });
    expect(result.rejectReportPath).toBeUndefined();
    await expect(readFile(join(folder, 'tx.rejected.csv'))).rejects.toThrow();
  });
});

describe('importFile — idempotency', () => {
  it('re-importing the same files changes nothing', async () => {
    await importAccounts();
    const path = await file('tx.csv', TRANSACTIONS_CSV);
    await importFile({ store, kind: 'transactions', path, actor: 'u-admin' });
    const aggregate = await store.aggregate();
    const history = await store.accountHistory('G1');

    const accounts = await importFile({
      store,
      kind: 'accounts',
      path: await file('accounts.csv', ACCOUNTS_CSV),
      actor: 'u-admin',
    });
    const again = await importFile({ store, kind: 'transactions', path, actor: 'u-admin' });
    expect(accounts).toMatchObject({ inserted: 0, updated: 0, skipped: 3 });
    expect(again).toMatchObject({ inserted: 0, skipped: 3 });
    expect(await store.aggregate()).toEqual(aggregate);
    expect(await store.accountHistory('G1')).toEqual(history);
  });

  it('without an id column, rows get a deterministic import id from their normalised content', async () => {
    await importAccounts();
    const first = ['客户编号,日期,金额(元)', 'A1,2026-03-05,"1,200.50"', 'A1,2026-03-06,8'].join('\n');
    // The same rows written differently: another date form, amount in fen, another header language.
    const second = ['account_id,date,amount_fen', 'A1,2026/3/5,120050', 'A1,2026-03-06,800'].join('\n');
    const one = await importFile({
      store,
      kind: 'transactions',
      path: await file('a.csv', first),
      actor: 'u',
    });
    const two = await importFile({
      store,
      kind: 'transactions',
      path: await file('b.csv', second),
      actor: 'u',
    });
    expect(one.inserted).toBe(2);
    expect(two).toMatchObject({ inserted: 0, skipped: 2 });
    expect(await revenueByAccount()).toEqual({ A1: 120_850 });
  });

  it('an edited account appends a profile version instead of overwriting', async () => {
    await importAccounts();
    const edited = ACCOUNTS_CSV.replace('星河旅行社,民企,华东事业部', '星河国际旅行社,民企,华东事业部');
    const result = await importFile({
      store,
      kind: 'accounts',
      path: await file('edit.csv', edited),
      actor: 'u-admin',
    });
    expect(result).toMatchObject({ inserted: 0, updated: 1, skipped: 2 });
    const history = await store.accountHistory('A2');
    expect(history.map((version) => version.account.name)).toEqual(['星河旅行社', '星河国际旅行社']);
  });
});
