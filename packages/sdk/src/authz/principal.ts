/**
 * The acting principal: one user, the rights the permission table gives their
 * role in their division, and the accounts those rights reach. Every public
 * path (scoped store, 360° engine, reports, chat, room deliveries, CLI `--as`)
 * asks a principal instead of deciding rights on its own.
 *
 * @module
 */
import { accessFrozen } from '../access/errors.js';
import {
  type AccessPolicy,
  type AccessScope,
  type AccessTarget,
  DEFAULT_ACCESS_POLICY,
  isAllowed,
  type Permission,
  scopeOf,
} from '../access/permissions.js';
import type { Account } from '../domain/account.js';
import type { User } from '../domain/user.js';
import type { Store } from '../store/port.js';

/** What a principal reads from the store: the user and the accounts in reach. */
export type PrincipalStore = Pick<Store, 'getUser' | 'listAccounts'>;

/** Options of {@link principalOf} and {@link loadPrincipal}. */
export interface PrincipalOptions {
  /** The access policy; defaults to {@link DEFAULT_ACCESS_POLICY}. */
  policy?: AccessPolicy;
}

/**
 * One acting user with their rights. `visibleAccountIds` answers `undefined`
 * for "every account" (an `all` scope), otherwise the set of account ids the
 * permission reaches — usable to filter any per-account read (stored results,
 * report rows, room digests).
 */
export interface AccessPrincipal {
  /** The user as read when the principal was made. */
  readonly user: User;
  /** The policy the rights come from. */
  readonly policy: AccessPolicy;
  /** The scope in which the user's role holds `permission` (`none` for a frozen user). */
  scope(permission: Permission): AccessScope;
  /** Whether the user holds `permission` on `target` (false when frozen). */
  can(permission: Permission, target: AccessTarget): boolean;
  /** Whether the user holds `permission` on `account`. */
  canOnAccount(permission: Permission, account: Pick<Account, 'division' | 'ownerA' | 'ownerB'>): boolean;
  /** Ids of the accounts on which the user holds `permission`; `undefined` means every account. */
  visibleAccountIds(permission?: Permission): Promise<ReadonlySet<string> | undefined>;
  /**
   * The account ids to ask the store for: `requested` cut to what is visible,
   * `undefined` when nothing needs cutting, `[]` when nothing is visible.
   */
  restrictAccountIds(
    permission: Permission,
    requested?: readonly string[],
  ): Promise<readonly string[] | undefined>;
}

/**
 * Up to this many named accounts, {@link AccessPrincipal.restrictAccountIds}
 * checks the accounts themselves instead of listing every account in reach.
 */
const FEW_ACCOUNTS = 32;

/** The target a permission on an account is checked against. */
export function accountTarget(account: Pick<Account, 'division' | 'ownerA' | 'ownerB'>): AccessTarget {
  return { division: account.division, ownerIds: [account.ownerA, account.ownerB] };
}

/**
 * The principal of an already-read user. Prefer {@link loadPrincipal}, which
 * re-reads the user so a freeze or a role change acts at once.
 *
 * @example
 * ```ts
 * const principal = principalOf(store, user);
 * const ids = await principal.visibleAccountIds('alert.read'); // undefined = all
 * ```
 */
export function principalOf(
  store: PrincipalStore,
  user: User,
  options: PrincipalOptions = {},
): AccessPrincipal {
  const policy = options.policy ?? DEFAULT_ACCESS_POLICY;
  const cache = new Map<Permission, Promise<ReadonlySet<string> | undefined>>();

  const scope = (permission: Permission): AccessScope =>
    user.status === 'active' ? scopeOf(policy, user.role, permission) : 'none';

  async function computeVisible(permission: Permission): Promise<ReadonlySet<string> | undefined> {
    const reach = scope(permission);
    if (reach === 'all') return undefined;
    if (user.division === null || (reach !== 'division' && reach !== 'owned')) return new Set();
    const candidates =
      reach === 'division'
        ? await store.listAccounts({ division: user.division })
        : await store.listAccounts({ ownerId: user.id });
    const ids = new Set<string>();
    for (const account of candidates)
      if (isAllowed(policy, user, permission, accountTarget(account))) ids.add(account.id);
    return ids;
  }

  const principal: AccessPrincipal = {
    user,
    policy,
    scope,
    can: (permission, target) => isAllowed(policy, user, permission, target),
    canOnAccount: (permission, account) => isAllowed(policy, user, permission, accountTarget(account)),
    visibleAccountIds(permission = 'account.read') {
      let pending = cache.get(permission);
      if (!pending) {
        pending = computeVisible(permission);
        cache.set(permission, pending);
        pending.catch(() => cache.delete(permission));
      }
      return pending;
    },
    async restrictAccountIds(permission, requested) {
      if (requested !== undefined && requested.length <= FEW_ACCOUNTS && !cache.has(permission)) {
        // A few named accounts: read those, not every account in reach (an account manager's
        // status card asks for one account; listing their whole book for it cost a statement of
        // ~100 rows). The same rule as computeVisible's: the account is in reach when allowed.
        if (scope(permission) === 'all') return requested;
        if (requested.length === 0) return [];
        const found = await store.listAccounts({ ids: [...new Set(requested)] });
        const allowed = new Set(
          found.filter((account) => principal.canOnAccount(permission, account)).map((account) => account.id),
        );
        return requested.filter((id) => allowed.has(id));
      }
      const visible = await principal.visibleAccountIds(permission);
      if (visible === undefined) return requested;
      if (requested === undefined) return [...visible];
      return requested.filter((id) => visible.has(id));
    },
  };
  return principal;
}

/**
 * Read `userId` from the store and make their principal.
 *
 * @throws KamError `FORBIDDEN` when the user is unknown or frozen (the same error for both).
 * @example
 * ```ts
 * const principal = await loadPrincipal(store, 'u-li');
 * const alerts = await store.listAlerts({ accountIds: await principal.restrictAccountIds('alert.read') });
 * ```
 */
export async function loadPrincipal(
  store: PrincipalStore,
  userId: string,
  options: PrincipalOptions = {},
): Promise<AccessPrincipal> {
  const user = await store.getUser(userId);
  if (user?.status !== 'active') throw accessFrozen(userId);
  return principalOf(store, user, options);
}

/**
 * Cut a list of per-account rows to what `principal` may see under
 * `permission` — the one helper every list read goes through.
 *
 * @example
 * ```ts
 * const mine = await visibleRows(principal, 'alert.read', run.alerts);
 * ```
 */
export async function visibleRows<Row extends { accountId: string }>(
  principal: AccessPrincipal,
  permission: Permission,
  rows: readonly Row[],
): Promise<Row[]> {
  const visible = await principal.visibleAccountIds(permission);
  return visible === undefined ? [...rows] : rows.filter((row) => visible.has(row.accountId));
}

/**
 * The permissions a whole-portfolio view (the portfolio analysis, tier
 * migrations, rankings, a room's monthly report) reads: it is given only to a
 * principal who holds each of them on every account.
 */
export const WHOLE_PORTFOLIO_PERMISSIONS: readonly Permission[] = [
  'account.read',
  'transaction.read',
  'payment.read',
  'score.read',
  'tier.read',
  'alert.read',
];

/**
 * True when `principal` may see the whole portfolio at once — granted by the
 * permission table (`all` scope on {@link WHOLE_PORTFOLIO_PERMISSIONS}), never
 * inferred from how many accounts happen to be visible.
 */
export function mayReadWholePortfolio(principal: AccessPrincipal): boolean {
  return WHOLE_PORTFOLIO_PERMISSIONS.every((permission) => principal.scope(permission) === 'all');
}
