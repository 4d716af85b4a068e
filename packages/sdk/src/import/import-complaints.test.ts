import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { ImportError } from './import-error.js';
import { importFile } from './import-file.js';

const COMPLAINTS_CSV = [
  '投诉编号,客户编号,投诉渠道,投诉类型,投诉内容,受理时间,责任人,转办时间,原因分析,整改措施,分析时间,答复时间',
  'Q1,A1,电话,supply-dispute,计量纠纷,2026-11-02 10:00,,,,,,',
  'Q2,A1,来信,billing,电费多收,2026-11-03 09:00,u-am,2026-11-03 10:00,抄表错误,退还差额,2026-11-04 10:00,2026-11-05 16:00',
].join('\r\n');

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-import-complaints-'));
  store = createMemoryStore({ clock: () => new Date('2026-11-10T00:00:00Z') });
  await store.putAccount({ id: 'A1', name: '客户 A1', division: '华北事业部' } as never, { actor: 'seed' });
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('importFile — complaints (投诉)', () => {
  it('imports complaints with Chinese headers, audited per record; a re-run changes nothing', async () => {
    const path = join(folder, '投诉.csv');
    await writeFile(path, COMPLAINTS_CSV);
    expect(await importFile({ store, kind: 'complaints', path, actor: 'u-admin' })).toMatchObject({
      rows: 2,
      inserted: 2,
      rejected: 0,
    });
    const stored = await store.listComplaints();
    expect(stored.map((row) => [row.id, row.channel, row.type, row.resolvedAt ?? null])).toEqual([
      ['Q1', 'phone', 'supply-dispute', null],
      ['Q2', 'letter', 'billing', '2026-11-05T16:00:00+08:00'],
    ]);
    expect(
      (await store.listAudit({ entity: 'complaint', actor: 'u-admin' })).map((entry) => entry.action),
    ).toEqual(['complaint.create', 'complaint.create']);
    expect(await importFile({ store, kind: 'complaints', path, actor: 'u-admin' })).toMatchObject({
      inserted: 0,
      skipped: 2,
    });
  });

  it('refuses the whole file naming the row and column of a bad channel, storing nothing', async () => {
    const path = join(folder, 'bad.csv');
    await writeFile(path, `${COMPLAINTS_CSV}\r\nQ3,A1,飞鸽,billing,内容,2026-11-04 09:00,,,,,,`);
    const error = await importFile({ store, kind: 'complaints', path, actor: 'u-admin' }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).messageIn('en')).toMatch(/row 4/);
    expect(await store.listComplaints()).toEqual([]);
  });
});
