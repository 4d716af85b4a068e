import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import {
  ACTORS,
  attempt,
  checkOutcome,
  EXPECTED_SCOPES,
  expectAllowed,
  OPERATIONS,
  TARGETS,
  targetId,
} from './__fixtures__/matrix.js';
import { ACCOUNTS, AT, seedPortfolio, USERS } from './__fixtures__/portfolio.js';
import { PERMISSIONS } from './permissions.js';
import { scopeStore } from './scoped-store.js';

// The same matrix on embedded PostgreSQL, opened through openStore. Opening PGlite takes
// seconds, so one seeded database serves every case (each case runs in a transaction that
// is rolled back), and one twin without any of the records some actor may not see answers
// the "missing record" side: a missing record's error does not depend on the other records.
const clock = () => new Date(AT);
const HIDEABLE = [ACCOUNTS.peer.id, ACCOUNTS.west.id, USERS.am2.id, USERS.amw.id];
let store: Store;
let twin: Store;

async function seeded(omit: readonly string[]): Promise<Store> {
  const opened = await openStore({ dataDir: 'memory://', clock });
  await seedPortfolio(opened, { omit });
  return opened;
}

beforeAll(async () => {
  [store, twin] = await Promise.all([seeded([]), seeded(HIDEABLE)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([store.close(), twin.close()]);
});

describe('permission matrix (PGlite through openStore)', () => {
  const cases = ACTORS.flatMap((actor, column) =>
    PERMISSIONS.flatMap((permission) => TARGETS.map((target) => ({ actor, column, permission, target }))),
  );

  it.each(cases)(
    '$actor.role $permission on $target record',
    async ({ actor, column, permission, target }) => {
      const code = EXPECTED_SCOPES[permission].split(' ')[column] as string;
      const operation = OPERATIONS[permission];
      const id = targetId(permission, target, actor.userId);
      const visibility = permission.startsWith('user.') ? 'user.read' : 'account.read';
      const visibleCode = EXPECTED_SCOPES[visibility].split(' ')[column] as string;
      const outcome = await attempt(store, actor.userId, operation, id);
      await checkOutcome({
        operation,
        allowed: expectAllowed(code, target),
        visible: expectAllowed(visibleCode, target),
        outcome,
        missing: async () => {
          expect(HIDEABLE).toContain(id);
          return attempt(twin, actor.userId, operation, id);
        },
      });
    },
  );

  it('rolled every case back', async () => {
    expect(await store.listAudit({ action: 'account.move' })).toEqual([]);
    expect(await store.getAccount('A-own')).toMatchObject({ division: 'east' });
  });

  it('offboards atomically on PostgreSQL too', async () => {
    const result = await store
      .transaction(async (tx) => {
        const handedOver = await scopeStore(tx, 'u-da').offboardUser('u-am2', {
          handoverTo: 'u-am',
          reason: '离职',
        });
        const frozen = await tx.getUser('u-am2');
        throw Object.assign(new Error('stop'), { handedOver, frozen });
      })
      .catch((error: { handedOver?: unknown; frozen?: unknown }) => error);
    expect(result).toMatchObject({
      frozen: { status: 'frozen' },
      handedOver: { handedOver: [{ accountId: 'A-own' }, { accountId: 'A-peer' }] },
    });
    expect(await store.getUser('u-am2')).toMatchObject({ status: 'active' });
    expect(await store.listAccounts({ ownerId: 'u-am2' })).toHaveLength(2);
  });
});
