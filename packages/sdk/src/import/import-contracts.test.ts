import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { ImportError } from './import-error.js';
import { importFile } from './import-file.js';

const CONTRACTS_CSV = [
  '合同编号,客户编号,合同名称,签约方,合同类型,范围,生效日期,到期日期,续约方式,提前通知天数,合同金额,已履行金额',
  'K1,A1,年度服务协议,客户 A1、我方,服务,全国,2026-01-01,2026-12-31,手动,60,"1,500,000",60万',
  'K2,A1,,客户 A1 华东分公司;我方,框架协议,区域,2026/3/1,2027/2/28,自动,,,',
].join('\r\n');

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-import-contracts-'));
  store = createMemoryStore({ clock: () => new Date('2026-11-10T00:00:00Z') });
  await store.putAccount({ id: 'A1', name: '客户 A1', division: '华北事业部' } as never, { actor: 'seed' });
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('importFile — contracts (合同)', () => {
  it('imports contracts with Chinese headers, audited per record; a re-run changes nothing', async () => {
    const path = join(folder, '合同.csv');
    await writeFile(path, CONTRACTS_CSV);
    expect(await importFile({ store, kind: 'contracts', path, actor: 'u-admin' })).toMatchObject({
      rows: 2,
      inserted: 2,
      rejected: 0,
    });
    const [k1, k2] = await store.listContracts();
    expect(k1).toMatchObject({
      parties: ['客户 A1', '我方'],
      type: 'service',
      scope: 'national',
      renewal: 'manual',
      noticeDays: 60,
      committedFen: 150_000_000,
      actualFen: 60_000_000,
    });
    expect(k2).toMatchObject({
      type: 'framework',
      scope: 'regional',
      startDate: '2026-03-01',
      endDate: '2027-02-28',
      renewal: 'auto',
      noticeDays: 30,
    });
    expect(
      (await store.listAudit({ entity: 'contract', actor: 'u-admin' })).map((entry) => entry.action),
    ).toEqual(['contract.create', 'contract.create']);
    expect(await importFile({ store, kind: 'contracts', path, actor: 'u-admin' })).toMatchObject({
      inserted: 0,
      skipped: 2,
    });
  });

  it('refuses the whole file naming the row and column of a bad cell or an end before the start, storing nothing', async () => {
    const path = join(folder, 'bad.csv');
    await writeFile(
      path,
      `${CONTRACTS_CSV}\r\nK3,A1,,我方,租赁,全国,2026-01-01,2026-12-31,,,,\r\nK4,A1,,我方,服务,全国,2026-05-01,2026-04-01,,,,`,
    );
    const error = await importFile({ store, kind: 'contracts', path, actor: 'u-admin' }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(ImportError);
    const problems = (error as ImportError).problems.map((problem) => [problem.row, problem.column]);
    expect(problems).toEqual([
      [4, '合同类型'],
      [5, '到期日期'],
    ]);
    expect(await store.listContracts()).toEqual([]);
  });
});
