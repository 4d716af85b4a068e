import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.js';
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
import { AT, seedPortfolio } from './__fixtures__/portfolio.js';
import { DEFAULT_ACCESS_POLICY, PERMISSIONS, scopeOf } from './permissions.js';

async function seeded(omit?: string): Promise<Store> {
  const store = createMemoryStore({ clock: () => new Date(AT) });
  await seedPortfolio(store, { omit });
  return store;
}

describe('permission matrix (memory store)', () => {
  it('states every permission of the policy', () => {
    expect(Object.keys(EXPECTED_SCOPES).sort()).toEqual([...PERMISSIONS].sort());
  });

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
      const store = await seeded();
      const outcome = await attempt(store, actor.userId, operation, id);
      await checkOutcome({
        operation,
        allowed: expectAllowed(code, target),
        visible: expectAllowed(visibleCode, target),
        outcome,
        missing: async () => attempt(await seeded(id), actor.userId, operation, id),
      });
    },
  );

  it('agrees with the policy data for every role and permission', () => {
    for (const [column, actor] of ACTORS.entries()) {
      for (const permission of PERMISSIONS) {
        const code = EXPECTED_SCOPES[permission].split(' ')[column];
        const scope = scopeOf(DEFAULT_ACCESS_POLICY, actor.role, permission);
        const expected = { all: 'all', division: 'div', owned: 'own', self: 'self', none: '-' }[scope];
        expect(`${actor.role} ${permission} ${code}`).toBe(`${actor.role} ${permission} ${expected}`);
      }
    }
  });
});
