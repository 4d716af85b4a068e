import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { ImportError } from './import-error.js';
import { importFile } from './import-file.js';

const ACCOUNTS_CSV = [
  '客户编号,客户名称,事业部,客户经理,客户纪念日',
  'A1,华东物流集团,华东事业部,u-li,开业纪念日 2003-06-18；荣誉 2026年11月2日 获评全国物流百强 一次',
  'A2,西部邮政,西部事业部,u-wang,',
].join('\r\n');

const CONTACTS_CSV = [
  '联系人编号,客户编号,姓名,职务,生日',
  'K1,A1,张总,总经理,1968年9月12日',
  'K2,A1,王经理,采购经理,2月29日',
  'K3,A2,赵主任,办公室主任,',
].join('\r\n');

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kamkit-import-key-dates-'));
  store = createMemoryStore({ clock: () => new Date('2026-11-10T00:00:00Z') });
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

describe('importFile — key dates (客户纪念日) and birthdays (生日)', () => {
  it('reads the accounts’ key dates and the contacts’ birthdays from Chinese headers, audited', async () => {
    const accounts = await write('客户.csv', ACCOUNTS_CSV);
    expect(await importFile({ store, kind: 'accounts', path: accounts, actor: 'u-admin' })).toMatchObject({
      inserted: 2,
      rejected: 0,
    });
    const [a1, a2] = await store.listAccounts();
    expect(a1?.keyDates).toEqual([
      { kind: 'founding', date: '2003-06-18' },
      { kind: 'honour', date: '2026-11-02', label: '获评全国物流百强', once: true },
    ]);
    expect(a2?.keyDates).toBeUndefined();
    const contacts = await write('联系人.csv', CONTACTS_CSV);
    expect(await importFile({ store, kind: 'contacts', path: contacts, actor: 'u-admin' })).toMatchObject({
      inserted: 3,
    });
    expect((await store.listContacts()).map((contact) => [contact.id, contact.birthday])).toEqual([
      ['K1', '1968-09-12'],
      ['K2', '02-29'],
      ['K3', undefined],
    ]);
    expect(
      (await store.listAudit({ entity: 'contact', actor: 'u-admin' })).map((entry) => entry.action),
    ).toEqual(['contact.create', 'contact.create', 'contact.create']);
  });

  it('refuses the whole file naming the row and column of a bad date, storing nothing', async () => {
    const accounts = await write(
      'bad-accounts.csv',
      `${ACCOUNTS_CSV}\r\nA3,南方电网,华南事业部,u-li,周年庆 06-18\r\nA4,北方航空,华北事业部,u-li,荣誉 06-18 一次`,
    );
    const error = await importFile({ store, kind: 'accounts', path: accounts, actor: 'u-admin' }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(ImportError);
    const problems = (error as ImportError).problems;
    expect(problems.map((problem) => [problem.row, problem.column])).toEqual([
      [4, '客户纪念日'],
      [5, '客户纪念日'],
    ]);
    expect(problems[0]?.expected['zh-CN']).toContain('无法识别“周年庆 06-18”');
    expect(problems[0]?.expected.en).toContain('cannot read "周年庆 06-18"');
    expect(problems[1]?.expected.en).toBe('a one-off date with its year (YYYY-MM-DD): "荣誉 06-18 一次"');
    expect(await store.listAccounts()).toEqual([]);

    for (const id of ['A1', 'A2'])
      await store.putAccount({ id, name: id, division: 'east' }, { actor: 'seed' });
    const contacts = await write('bad-contacts.csv', `${CONTACTS_CSV}\r\nK4,A1,李主任,主任,2月30日`);
    const contactError = await importFile({
      store,
      kind: 'contacts',
      path: contacts,
      actor: 'u-admin',
    }).catch((caught) => caught);
    expect(contactError).toBeInstanceOf(ImportError);
    expect((contactError as ImportError).problems.map((problem) => [problem.row, problem.column])).toEqual([
      [5, '生日'],
    ]);
    expect(await store.listContacts()).toEqual([]);
  });
});
