/**
 * An administrator issues a binding code for another user — from the
 * terminal (`kamkit link code`) or in a chat DM ("绑定码 u-am-11" /
 * "binding code for u-am-11"). Allowed to whoever may manage that user
 * (`user.write` on the user's division); a user out of reach reads like a
 * missing one. The issue is audited (`chat.binding-code.issue`, without the
 * code) in the same transaction that stores the code.
 *
 * @module
 */
import type { AccessPolicy } from '../access/permissions.js';
import { scopeStore } from '../access/scoped-store.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { Store } from '../store/port.js';
import { type IssueBindingCodeOptions, issueBindingCode } from './identity.js';

/** The chat platforms a binding code may be limited to. */
export const BINDING_CODE_PLATFORMS = ['slack', 'wechat'] as const;
/** A chat platform a binding code may be limited to. */
export type BindingCodePlatform = (typeof BINDING_CODE_PLATFORMS)[number];

/** Audit action of an issued binding code. */
export const BINDING_CODE_AUDIT_ACTION = 'chat.binding-code.issue';

/** Default lifetime of a binding code: 24 hours. */
const DEFAULT_TTL_MS = 24 * 3600 * 1000;

/** Options of {@link issueBindingCodeAs}. */
export interface IssueBindingCodeAsOptions extends Pick<IssueBindingCodeOptions, 'randomInt'> {
  /** Who issues the code (a user id); checked for `user.write` on the target. */
  actorId: string;
  /** The user the code links. */
  userId: string;
  /** Limit the code to one platform; default: any. */
  platform?: BindingCodePlatform | undefined;
  /** How long the code is valid (default 24 hours). */
  ttlMs?: number;
  /** Who may do what (default: the five roles of the seeds). */
  accessPolicy?: AccessPolicy;
  /** Clock (default `() => new Date()`). */
  now?: () => Date;
}

/** An issued binding code. */
export interface IssuedBindingCode {
  code: string;
  userId: string;
  /** The user's name, for the message to pass on. */
  userName: string;
  platform: BindingCodePlatform | null;
  /** ISO instant after which the code no longer works. */
  expiresAt: string;
}

/**
 * Issue a binding code for `userId` as `actorId`.
 *
 * @throws KamError `NOT_FOUND` when the user is missing or out of the actor's
 *   reach (the same error); `FORBIDDEN` when the actor may see but not manage
 *   the user, or is frozen, or the user is frozen; `INVALID_INPUT` for an
 *   unknown platform.
 * @example
 * ```ts
 * const issued = await issueBindingCodeAs(store, { actorId: 'u-sysadmin', userId: 'u-am-11', platform: 'wechat' });
 * console.log(issued.code); // e.g. 'K7Q4M2XD'
 * ```
 */
export async function issueBindingCodeAs(
  store: Store,
  options: IssueBindingCodeAsOptions,
): Promise<IssuedBindingCode> {
  if (options.platform !== undefined && !BINDING_CODE_PLATFORMS.includes(options.platform))
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path: '--platform',
      message: {
        'zh-CN': `平台应为 ${BINDING_CODE_PLATFORMS.join(' 或 ')}，收到：${String(options.platform)}`,
        en: `platform expects ${BINDING_CODE_PLATFORMS.join(' or ')}, got: ${String(options.platform)}`,
      },
    });
  const now = options.now ?? (() => new Date());
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  return store.transaction(async (tx) => {
    const scoped = scopeStore(tx, options.actorId, {
      ...(options.accessPolicy ? { policy: options.accessPolicy } : {}),
      now,
    });
    const actor = await scoped.me();
    const target = await scoped.getUser(options.userId);
    await scoped.assertCan('user.write', { division: target.division, userId: target.id });
    const issuedAt = now();
    const code = await issueBindingCode(tx, target.id, {
      ttlMs,
      now: () => issuedAt,
      ...(options.randomInt ? { randomInt: options.randomInt } : {}),
      ...(options.platform ? { platform: options.platform } : {}),
    });
    const expiresAt = new Date(issuedAt.getTime() + ttlMs).toISOString();
    await tx.appendAudit({
      actor: actor.id,
      at: issuedAt.toISOString(),
      action: BINDING_CODE_AUDIT_ACTION,
      entity: 'user',
      entityId: target.id,
      before: null,
      after: { platform: options.platform ?? null, expiresAt },
    });
    return { code, userId: target.id, userName: target.name, platform: options.platform ?? null, expiresAt };
  });
}
