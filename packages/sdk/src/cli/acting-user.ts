/**
 * Who an admin command acts as: `--as <userId>`, else `KAMKIT_USER`. Every
 * write goes through {@link scopeStore}, so the same access checks apply as
 * in the SDK and the bots.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';

/** The acting user's id from `--as` or `KAMKIT_USER`, or `undefined` when neither is set. */
export function actingUserId(
  as: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const id = (as ?? env.KAMKIT_USER)?.trim();
  return id === '' ? undefined : id;
}

/** The error for a command that needs an acting user and got none. */
export function actingUserRequired(): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path: '--as',
    message: {
      'zh-CN': '请用 --as <用户编号>（或环境变量 KAMKIT_USER）说明以谁的身份操作',
      en: 'Say who you act as: --as <userId> (or the KAMKIT_USER environment variable)',
    },
  });
}

/**
 * The acting user's id for a command that needs one.
 *
 * @throws KamError `INVALID_INPUT` (path `--as`) when neither `--as` nor `KAMKIT_USER` is set.
 */
export function requireActingUser(
  as: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const id = actingUserId(as, env);
  if (id === undefined) throw actingUserRequired();
  return id;
}
