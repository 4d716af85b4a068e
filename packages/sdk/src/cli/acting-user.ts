/**
 * Who a command that needs a user acts as: the operator at the terminal
 * (`KAMKIT_OPERATOR`), or the user `--as <userId>` names when that operator
 * may act as them ({@link resolveActingUser}: themself, or a user they manage
 * and outrank). Every `--as` in the CLI goes through here or through
 * `resolveActingUser` directly, and every change then goes through
 * `scopeStore`, so the same access checks apply as in the SDK and the bots.
 *
 * @module
 */
import { OPERATOR_ENV, resolveActingUser } from '../authz/act-as.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { Store } from '../store/port.js';

/** The error for a command that needs an acting user and got none. */
export function actingUserRequired(): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path: OPERATOR_ENV,
    message: {
      'zh-CN': `请用环境变量 ${OPERATOR_ENV} 说明你是谁（你的 KAMkit 用户编号）；要代你管理的用户操作，再加 --as <用户编号>`,
      en: `Say who you are: set ${OPERATOR_ENV} to your KAMkit user id; add --as <userId> to act as a user you manage`,
    },
  });
}

/**
 * The id of the user a command acts as, or `undefined` when neither an
 * operator nor `--as` is given.
 *
 * @throws KamError as {@link resolveActingUser}: `--as` without an operator,
 *   an unknown or frozen operator, or a user the operator may not act as.
 */
export async function actingUserId(
  store: Pick<Store, 'getUser'>,
  as: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string | undefined> {
  return (await resolveActingUser(store, as?.trim() || undefined, { env }))?.id;
}

/**
 * The id of the user a command that needs one acts as.
 *
 * @throws KamError `INVALID_INPUT` (path `KAMKIT_OPERATOR`) when no operator
 *   is set; otherwise as {@link actingUserId}.
 * @example
 * ```ts
 * // KAMKIT_OPERATOR=u-admin-east kamkit complaints list --as u-am-11
 * const scoped = scopeStore(store, await requireActingUser(store, flags.as));
 * ```
 */
export async function requireActingUser(
  store: Pick<Store, 'getUser'>,
  as: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string> {
  const id = await actingUserId(store, as, env);
  if (id === undefined) throw actingUserRequired();
  return id;
}
