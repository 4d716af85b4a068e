/**
 * A small two-division portfolio for the access tests: one user of each role,
 * three accounts (one owned by the east account manager, one by a colleague in
 * the same division, one in the west division), each with a record of every
 * kind the store keeps.
 */
import type { Account } from '../../domain/account.js';
import type { User } from '../../domain/user.js';
import type { Store } from '../../store/port.js';

/** The fixed instant the fixture writes at. */
export const AT = '2026-10-15T08:00:00.000Z';

/** Users by handle. East is the home division of the roles under test; gm and sa sit at HQ. */
export const USERS = {
  gm: { id: 'u-gm', name: '高总', role: 'group-management', division: 'hq' },
  dh: { id: 'u-dh', name: '董部长', role: 'division-head', division: 'east' },
  am: { id: 'u-am', name: '李经理', role: 'account-manager', division: 'east' },
  da: { id: 'u-da', name: '王管理员', role: 'division-admin', division: 'east' },
  sa: { id: 'u-sa', name: '系统管理员', role: 'system-admin', division: 'hq' },
  am2: { id: 'u-am2', name: '赵经理', role: 'account-manager', division: 'east' },
  amw: { id: 'u-amw', name: '西区经理', role: 'account-manager', division: 'west' },
  dhw: { id: 'u-dhw', name: '西区部长', role: 'division-head', division: 'west' },
} as const satisfies Record<string, Omit<User, 'email' | 'supervisorId' | 'status' | 'locale'>>;

/** Accounts by handle: `own` (east, owned by am), `peer` (east, owned by am2), `west` (west, owned by amw). */
export const ACCOUNTS = {
  own: { id: 'A-own', name: '东方航空集团', division: 'east', ownerA: 'u-am', ownerB: 'u-am2' },
  peer: { id: 'A-peer', name: '华东电网', division: 'east', ownerA: 'u-am2', ownerB: null },
  west: { id: 'A-west', name: '西部邮政', division: 'west', ownerA: 'u-amw', ownerB: null },
} as const;

/** Handles of the fixture accounts. */
export type AccountHandle = keyof typeof ACCOUNTS;

/** An open decline alert of October 2026 on `accountId`, as a run saves it. */
export function declineAlert(accountId: string) {
  return {
    id: `decline|${accountId}|2026-10`,
    accountId,
    kind: 'decline' as const,
    period: '2026-10',
    status: 'open' as const,
    figures: {},
    createdAt: AT,
  };
}

/** Options of {@link seedPortfolio}. */
export interface SeedOptions {
  /** Leave out these accounts (with their records) or users: the "missing record" twin of a hidden one. */
  omit?: string | readonly string[];
}

function userOf(handle: keyof typeof USERS): User {
  return {
    ...USERS[handle],
    email: undefined,
    supervisorId: null,
    status: 'active',
    locale: 'zh-CN',
  } as User;
}

function accountOf(handle: AccountHandle): Account {
  return {
    aliases: [],
    parentId: null,
    type: 'soe',
    flags: [],
    attributes: {},
    ...ACCOUNTS[handle],
  } as Account;
}

/** Write the portfolio into `store` as the system, one record of every kind per account. */
export async function seedPortfolio(store: Store, options: SeedOptions = {}): Promise<void> {
  const meta = { actor: 'system', at: AT };
  const omitted = new Set(typeof options.omit === 'string' ? [options.omit] : (options.omit ?? []));
  for (const handle of Object.keys(USERS) as (keyof typeof USERS)[]) {
    if (!omitted.has(USERS[handle].id)) await store.putUser(userOf(handle), meta);
  }
  for (const handle of Object.keys(ACCOUNTS) as AccountHandle[]) {
    const account = accountOf(handle);
    if (omitted.has(account.id)) continue;
    const id = account.id;
    await store.putAccount(account, meta);
    await store.putContact(
      {
        id: `C-${id}`,
        accountId: id,
        name: '张总',
        role: 'decision-maker',
        level: 'executive',
        stage: 'trust',
        attributes: {},
      },
      meta,
    );
    await store.insertTransactions([
      { id: `T-${id}`, accountId: id, date: '2026-09-10', amountFen: 1_500_000_00, category: 'general' },
    ]);
    await store.insertPayments([
      { id: `P-${id}`, accountId: id, date: '2026-09-25', amountFen: 1_200_000_00 },
    ]);
    await store.insertInteractions([
      {
        id: `I-${id}`,
        accountId: id,
        kind: 'visit',
        at: AT,
        userId: account.ownerA ?? 'system',
        actorLevel: 'specialist',
      },
    ]);
    await store.putComplaint(
      { id: `Q-${id}`, accountId: id, channel: 'phone', summary: '航班延误未通知', receivedAt: AT },
      meta,
    );
    await store.saveScores([
      { accountId: id, period: '2026-09', modelId: 'contribution', score: 80, factors: {}, at: AT },
    ]);
    await store.saveTierAssignments(
      [{ accountId: id, period: '2026-09', policyId: 'retail', tier: 'A', explanation: {}, at: AT }],
      meta,
    );
    await store.putOverride(
      {
        id: `O-${id}`,
        accountId: id,
        policyId: 'retail',
        tier: 'A',
        reason: '战略客户',
        author: 'system',
        createdAt: AT,
        expiresOn: null,
      },
      meta,
    );
    await store.saveAlerts([
      {
        id: `L-${id}`,
        accountId: id,
        kind: 'fluctuation',
        period: '2026-09',
        status: 'open',
        figures: {},
        createdAt: AT,
      },
    ]);
  }
  // The monthly narrative of each division that has an account here.
  const divisions = new Set(
    (Object.keys(ACCOUNTS) as AccountHandle[])
      .filter((handle) => !omitted.has(ACCOUNTS[handle].id))
      .map((handle) => ACCOUNTS[handle].division),
  );
  for (const division of divisions)
    await store.putUnitPlan(
      {
        id: `${division}|2026-09`,
        division,
        period: '2026-09',
        wentWell: '重点客户走访全覆盖',
        nextPlan: '跟进航司协议续签',
        updatedBy: 'system',
        updatedAt: AT,
      },
      meta,
    );
}
