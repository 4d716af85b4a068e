import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AT, seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import { ImportError } from './import-error.js';
import { importFile } from './import-file.js';

// The alerts import on embedded PostgreSQL: each change's scoped write and audit entry join the
// import's transaction, and a refused row rolls the whole all-or-nothing file back.
let store: Store;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://', clock: () => new Date(AT) });
  await seedPortfolio(store);
}, 120_000);

afterAll(async () => {
  await store.close();
});

const file = (text: string) => Readable.from([text]);

describe('importFile alerts on PGlite', () => {
  it('stores nothing of a file with a foreign row, then explains and audits as the importing user', async () => {
    const mixed = await importFile({
      store,
      kind: 'alerts',
      stream: file('预警编号,原因,备注\nL-A-own,报价,降价\nL-A-west,报价,抢功\n'),
      fileName: 'mixed.csv',
      actor: USERS.dh.id,
    }).catch((error: unknown) => error);
    expect(mixed).toBeInstanceOf(ImportError);
    expect((mixed as ImportError).problems.map((problem) => [problem.row, problem.column])).toEqual([
      [3, '预警编号'],
    ]);
    const [untouched] = await store.listAlerts({ ids: ['L-A-own'] });
    expect(untouched).toMatchObject({ status: 'open' });
    expect([untouched?.cause ?? null, untouched?.note ?? null]).toEqual([null, null]);

    const good = () =>
      importFile({
        store,
        kind: 'alerts',
        stream: file('预警编号,原因,备注\nL-A-own,报价,降价\n'),
        fileName: 'good.csv',
        actor: USERS.dh.id,
      });
    expect(await good()).toMatchObject({ updated: 1 });
    expect(await store.listAlerts({ ids: ['L-A-own'] })).toEqual([
      expect.objectContaining({ status: 'explained', cause: 'price', note: '降价', updatedBy: USERS.dh.id }),
    ]);
    expect(
      (await store.listAudit({ entity: 'alert', actor: USERS.dh.id }))
        .filter((entry) => entry.action === 'alert.explain')
        .map((entry) => entry.entityId),
    ).toEqual(['L-A-own']);
    expect(await good()).toMatchObject({ updated: 0, skipped: 1 });
  });
});
