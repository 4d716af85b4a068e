import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AT, seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import { ImportError } from './import-error.js';
import { importFile } from './import-file.js';

// The unit-plans import on embedded PostgreSQL: the scoped writes join the import's
// transaction, and a refused row rolls the whole all-or-nothing file back.
const CSV = fileURLToPath(new URL('./__fixtures__/unit-plans.csv', import.meta.url));
let store: Store;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://', clock: () => new Date(AT) });
  await seedPortfolio(store);
}, 120_000);

afterAll(async () => {
  await store.close();
});

describe('importFile unit-plans on PGlite', () => {
  it('stores and audits as the importing user, skips a re-run, and stores nothing of a file with a foreign row', async () => {
    expect(await importFile({ store, kind: 'unit-plans', path: CSV, actor: USERS.am.id })).toMatchObject({
      inserted: 2,
    });
    expect(await importFile({ store, kind: 'unit-plans', path: CSV, actor: USERS.am.id })).toMatchObject({
      inserted: 0,
      skipped: 2,
    });
    expect(
      (await store.listAudit({ entity: 'unit-plan', actor: USERS.am.id })).map((entry) => entry.entityId),
    ).toEqual(['east|2026-10', 'east|2026-11']);

    const foreign = await importFile({
      store,
      kind: 'unit-plans',
      stream: Readable.from(['单位,月份,下月工作计划\neast,2026-12,计划\nwest,2026-12,抢功\n']),
      fileName: 'mixed.csv',
      actor: USERS.am.id,
    }).catch((error: unknown) => error);
    expect(foreign).toBeInstanceOf(ImportError);
    expect((foreign as ImportError).problems.map((problem) => [problem.row, problem.column])).toEqual([
      [3, '单位'],
    ]);
    expect(await store.listUnitPlans({ periods: ['2026-12'] })).toEqual([]);
  });
});
