import { describe, expect, it } from 'vitest';
import { seedPortfolio, USERS } from '../access/__fixtures__/portfolio.js';
import { KamError } from '../errors/kam-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import { requireActingUser } from './acting-user.js';

async function refusal(promise: Promise<unknown>): Promise<KamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KamError);
  return error as KamError;
}

describe('requireActingUser: who a CLI command acts as', () => {
  it('is the operator, or a user the operator manages and outranks', async () => {
    const store = createMemoryStore();
    await seedPortfolio(store);
    expect(await requireActingUser(store, undefined, { KAMKIT_OPERATOR: USERS.am.id })).toBe(USERS.am.id);
    expect(await requireActingUser(store, USERS.am.id, { KAMKIT_OPERATOR: USERS.da.id })).toBe(USERS.am.id);
    expect(await requireActingUser(store, USERS.am.id, { KAMKIT_OPERATOR: USERS.am.id })).toBe(USERS.am.id);
  });

  it('refuses --as without an operator, naming KAMKIT_OPERATOR', async () => {
    const store = createMemoryStore();
    await seedPortfolio(store);
    const error = await refusal(requireActingUser(store, USERS.am.id, {}));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.messageIn('en')).toContain('KAMKIT_OPERATOR');
    const none = await refusal(requireActingUser(store, undefined, {}));
    expect(none.messageIn('zh-CN')).toContain('KAMKIT_OPERATOR');
  });

  it('gives a user out of the operator’s sight and a missing user the same answer', async () => {
    const store = createMemoryStore();
    await seedPortfolio(store);
    const env = { KAMKIT_OPERATOR: USERS.da.id };
    const foreign = await refusal(requireActingUser(store, USERS.amw.id, env));
    const missing = await refusal(requireActingUser(store, 'u-nobody', env));
    expect(foreign.code).toBe(missing.code);
    expect(foreign.messageIn('en').replace(USERS.amw.id, 'ID')).toBe(
      missing.messageIn('en').replace('u-nobody', 'ID'),
    );
  });

  it('refuses acting above one’s rank or as a peer one does not manage', async () => {
    const store = createMemoryStore();
    await seedPortfolio(store);
    expect(
      (await refusal(requireActingUser(store, USERS.dh.id, { KAMKIT_OPERATOR: USERS.am.id }))).code,
    ).not.toBe(undefined);
    expect(
      (await refusal(requireActingUser(store, USERS.am2.id, { KAMKIT_OPERATOR: USERS.am.id }))).code,
    ).not.toBe(undefined);
  });
});
