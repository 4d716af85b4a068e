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

import { type ScopedStore, scopeStore } from '../access/scoped-store.js';
import { OPERATOR_ENV, resolveActingUser } from '../authz/act-as.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { Store } from '../store/port.js';
import type { CliContext } from './context.js';

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

/** The flags every command that acts as a user takes. */
export interface ActingFlags {
  /** Act as this user (checked against `KAMKIT_OPERATOR`). */
  as?: string;
  /** Print JSON. */
  json?: boolean;
}

/**
 * Open the store, scope it to the user the command acts as, run `work` with
 * the scoped store (and the unscoped one, for names only), close the store.
 *
 * @throws KamError as {@link requireActingUser}, and whatever `work` throws.
 */
export async function withActingUser<T>(
  context: Pick<CliContext, 'openStore' | 'env'>,
  flags: ActingFlags,
  work: (scoped: ScopedStore, store: Store) => Promise<T>,
): Promise<T> {
  const store = await context.openStore();
  try {
    return await work(scopeStore(store, await requireActingUser(store, flags.as, context.env)), store);
  } finally {
    await store.close();
  }
}

/**
 * The trimmed value of an option a subcommand needs.
 *
 * @throws KamError `INVALID_INPUT` naming the option when it is missing or blank.
 */
export function requiredOption(value: string | undefined, option: string): string {
  if (value === undefined || value.trim() === '')
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path: option,
      message: { 'zh-CN': `缺少 ${option}`, en: `${option} is required` },
    });
  return value.trim();
}
