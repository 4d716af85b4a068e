/**
 * Who a CLI command acts as. The person at the terminal names themself with
 * the `KAMKIT_OPERATOR` environment variable (a KAMkit user id); `--as
 * <userId>` is accepted only when that operator may act as the user: it is
 * the operator themself, or the operator manages the user (`user.write` on
 * them) and may give the user's role (no acting above one's own rank).
 *
 * @module
 */
import { accessFrozen, forbidden, hiddenOrMissing } from '../access/errors.js';
import { type AccessPolicy, DEFAULT_ACCESS_POLICY, isAllowed, mayGrantRole } from '../access/permissions.js';
import type { User } from '../domain/user.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { Store } from '../store/port.js';

/** The environment variable naming the operator at the terminal. */
export const OPERATOR_ENV = 'KAMKIT_OPERATOR';

/** Options of {@link resolveActingUser}. */
export interface ActAsOptions {
  /** The operator's user id; default `env.KAMKIT_OPERATOR`. */
  operator?: string | undefined;
  /** Environment to read `KAMKIT_OPERATOR` from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The access policy (default {@link DEFAULT_ACCESS_POLICY}). */
  policy?: AccessPolicy;
}

/** The operator named by the options or the environment, if any. */
export function operatorOf(options: ActAsOptions = {}): string | undefined {
  const named = options.operator ?? (options.env ?? process.env)[OPERATOR_ENV];
  const trimmed = named?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** True when `operator` may act as `target` under `policy` (themself, or a user they manage and outrank). */
export function mayActAs(policy: AccessPolicy, operator: User, target: User): boolean {
  if (operator.status !== 'active') return false;
  if (operator.id === target.id) return true;
  return (
    isAllowed(policy, operator, 'user.write', { division: target.division, userId: target.id }) &&
    mayGrantRole(policy, operator.role, target.role)
  );
}

/**
 * Resolve the user a command acts as: `asUserId` when given (checked against
 * the operator), else the operator, else `undefined` — the command then runs
 * as the database's owner (whoever can open the store reads all of it).
 *
 * @throws KamError `FORBIDDEN` when `--as` is given without an operator, when
 *   the operator is unknown or frozen, or may not act as the user; `NOT_FOUND`
 *   when the user is missing or out of the operator's sight (the same error).
 * @example
 * ```ts
 * // KAMKIT_OPERATOR=u-admin-east kamkit report review360 --cycle c1 --as u-head-1
 * const reader = await resolveActingUser(store, 'u-head-1', { env: process.env });
 * ```
 */
export async function resolveActingUser(
  store: Pick<Store, 'getUser'>,
  asUserId: string | undefined,
  options: ActAsOptions = {},
): Promise<User | undefined> {
  const policy = options.policy ?? DEFAULT_ACCESS_POLICY;
  const operatorId = operatorOf(options);
  if (operatorId === undefined) {
    if (asUserId === undefined) return undefined;
    throw new KamError({
      code: KAM_ERROR_CODES.FORBIDDEN,
      path: '--as',
      message: {
        'zh-CN': `使用 --as 前请用环境变量 ${OPERATOR_ENV} 说明操作者（你的 KAMkit 用户编号）`,
        en: `--as needs the operator: set ${OPERATOR_ENV} to your KAMkit user id`,
      },
    });
  }
  const operator = await store.getUser(operatorId);
  if (operator?.status !== 'active') throw accessFrozen(operatorId);
  if (asUserId === undefined || asUserId === operator.id) return operator;
  const target = await store.getUser(asUserId);
  if (!target || !isAllowed(policy, operator, 'user.read', { division: target.division, userId: target.id }))
    throw hiddenOrMissing('user', asUserId);
  if (!mayActAs(policy, operator, target)) throw forbidden('user.write', asUserId, '--as');
  return target;
}
