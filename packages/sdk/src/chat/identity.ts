/**
 * Who is talking: a platform user (Slack, WeChat, the terminal) linked to a
 * KAMkit user, by a verified email or a one-time binding code issued by an
 * administrator. Links and codes are dialog-state entries in the store, so
 * every replica sees them.
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { User } from '../domain/user.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { Store } from '../store/port.js';
import { forgetSlot, readSlot } from './dialog-cache.js';

/** A chat platform user. */
export interface PlatformUser {
  /** `slack`, `wechat`, `terminal`, … */
  platform: string;
  /** The platform's own user id. */
  platformUserId: string;
}

/** How long a link lasts (links are renewed on every use). */
const LINK_TTL_MS = 400 * 24 * 3600 * 1000;
/** Binding codes: no 0/O, 1/I/L, so they survive being read aloud. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

const LinkSchema = z.object({
  userId: z.string().min(1),
  linkedAt: z.string(),
  via: z.enum(['email', 'code', 'admin']),
});
const CodeSchema = z.object({
  userId: z.string().min(1),
  issuedAt: z.string(),
  /** When set, only a user of this platform may redeem the code. */
  platform: z.string().optional(),
});

/** The store key of a platform user's link. */
export function linkKey(user: PlatformUser): string {
  return `chat:link:${user.platform}:${user.platformUserId}`;
}

/** How long a redeemed code's claim is kept: longer than any code lives. */
const REDEEMED_CODE_MEMORY_MS = 30 * 24 * 3600 * 1000;

function codeKey(code: string): string {
  return `chat:bind-code:${code}`;
}

/** Options of {@link issueBindingCode}. */
export interface IssueBindingCodeOptions {
  /** How long the code is valid (default 24 hours). */
  ttlMs?: number;
  /** Clock (default `() => new Date()`); tests pass a fixed one. */
  now?: () => Date;
  /** Source of randomness (tests): an integer in `[0, max)`. */
  randomInt?: (max: number) => number;
  /** Only a user of this platform (`slack`, `wechat`…) may redeem the code; default: any platform. */
  platform?: string;
}

/**
 * Issue a one-time binding code for a KAMkit user. The user sends
 * `绑定 ‹code›` / `bind ‹code›` from the chat platform to link it. An admin
 * tool calls this after checking the caller may manage users.
 *
 * @throws KamError `NOT_FOUND` for an unknown user; `FORBIDDEN` for a frozen one.
 * @example
 * ```ts
 * const code = await issueBindingCode(store, 'u-am-11'); // e.g. 'K7Q4M2XD'
 * ```
 */
export async function issueBindingCode(
  store: Store,
  userId: string,
  options: IssueBindingCodeOptions = {},
): Promise<string> {
  const user = await store.getUser(userId);
  if (!user)
    throw new KamError({
      code: KAM_ERROR_CODES.NOT_FOUND,
      path: 'userId',
      message: { 'zh-CN': `未找到用户：${userId}`, en: `No user found: ${userId}` },
    });
  if (user.status !== 'active')
    throw new KamError({
      code: KAM_ERROR_CODES.FORBIDDEN,
      message: { 'zh-CN': '该用户已冻结，不能绑定', en: 'This user is frozen and cannot be linked' },
    });
  const now = (options.now ?? (() => new Date()))();
  const draw = options.randomInt ?? randomInt;
  let code = '';
  for (let index = 0; index < 8; index++) code += CODE_ALPHABET[draw(CODE_ALPHABET.length)];
  await store.putDialog(
    codeKey(code),
    {
      userId,
      issuedAt: now.toISOString(),
      ...(options.platform === undefined ? {} : { platform: options.platform }),
    },
    new Date(now.getTime() + (options.ttlMs ?? 24 * 3600 * 1000)).toISOString(),
  );
  return code;
}

/**
 * Link a platform user to a KAMkit user directly (trusted channels such as
 * the terminal, or an administrator's tool).
 */
export async function linkPlatformUser(
  store: Store,
  user: PlatformUser,
  userId: string,
  options: { now?: () => Date; via?: 'email' | 'code' | 'admin' } = {},
): Promise<void> {
  const now = (options.now ?? (() => new Date()))();
  const key = linkKey(user);
  forgetSlot(store, key);
  try {
    await store.putDialog(
      key,
      { userId, linkedAt: now.toISOString(), via: options.via ?? 'admin' },
      new Date(now.getTime() + LINK_TTL_MS).toISOString(),
    );
  } finally {
    forgetSlot(store, key);
  }
}

/** Remove a platform user's link (they must bind again). */
export async function unlinkPlatformUser(store: Store, user: PlatformUser): Promise<void> {
  const key = linkKey(user);
  forgetSlot(store, key);
  try {
    await store.deleteDialog(key);
  } finally {
    forgetSlot(store, key);
  }
}

/**
 * The KAMkit user id linked to a platform user, or `undefined`. On the
 * embedded (PGlite) store the answer is kept in memory until the link
 * expires or is written through {@link linkPlatformUser} /
 * {@link unlinkPlatformUser} (see `dialog-cache.ts`); on a PostgreSQL server
 * every call reads the store.
 */
export async function linkedUserId(store: Store, user: PlatformUser): Promise<string | undefined> {
  const key = linkKey(user);
  return readSlot(store, key, Date.now(), async () => {
    const parsed = LinkSchema.safeParse(await store.getDialog(key));
    if (!parsed.success) return { value: undefined, expiresAtMs: Number.POSITIVE_INFINITY };
    // Every link is written by linkPlatformUser, which sets it to expire LINK_TTL_MS after linkedAt.
    return { value: parsed.data.userId, expiresAtMs: Date.parse(parsed.data.linkedAt) + LINK_TTL_MS };
  });
}

/** A linked user as read for one message, and the data generation read just before. */
export interface Asker {
  /** The user, or `undefined` when the id names no user. */
  user: User | undefined;
  /**
   * The store's data generation, read before the user: the user is as it
   * stood at that generation or later. The chat engine takes it for the
   * turn (`IncomingMessage.dataGeneration`) instead of reading it again.
   */
  dataGeneration: number;
}

/** Users kept per store by {@link readAsker}, with the generation they were read at. */
const keptAskers = new WeakMap<Store, Map<string, { generation: number; user: User | undefined }>>();
/** Users kept per store at most (people who ask; the least recently asked let go first). */
const ASKERS_KEPT_MAX = 10_000;

/**
 * The user `userId` for one message: the data generation first, then the
 * user — read again only when the generation moved since it was last read.
 * Every write to users (a freeze, a new role or division, a new locale)
 * moves the generation in the same transaction, so a kept user is never
 * older than the generation says. Someone who keeps asking costs one small
 * read per message instead of two.
 *
 * @example
 * ```ts
 * const { user, dataGeneration } = await readAsker(store, 'u-li');
 * await chat.handle({ platform: 'slack', platformUserId: 'U1', text: 'status 华能', user, dataGeneration });
 * ```
 */
export async function readAsker(store: Store, userId: string): Promise<Asker> {
  const dataGeneration = await store.results.dataGeneration();
  let kept = keptAskers.get(store);
  if (kept === undefined) {
    kept = new Map();
    keptAskers.set(store, kept);
  }
  const entry = kept.get(userId);
  kept.delete(userId); // re-inserted last: most recently asked
  if (entry !== undefined && entry.generation === dataGeneration) {
    kept.set(userId, entry);
    return { user: entry.user, dataGeneration };
  }
  const user = await store.getUser(userId);
  kept.set(userId, { generation: dataGeneration, user });
  if (kept.size > ASKERS_KEPT_MAX) kept.delete(kept.keys().next().value as string);
  return { user, dataGeneration };
}

/**
 * Redeem a binding code: link the platform user and spend the code. Returns
 * the user id, or `undefined` for an unknown, used or expired code.
 */
export async function redeemBindingCode(
  store: Store,
  user: PlatformUser,
  code: string,
  options: { now?: () => Date } = {},
): Promise<string | undefined> {
  const normalised = code.normalize('NFKC').replace(/\s/gu, '').toUpperCase();
  if (!/^[0-9A-Z]{4,16}$/u.test(normalised)) return undefined;
  const parsed = CodeSchema.safeParse(await store.getDialog(codeKey(normalised)));
  if (!parsed.success) return undefined;
  if (parsed.data.platform !== undefined && parsed.data.platform !== user.platform) return undefined;
  // One claim in one statement (insert-if-absent): of two contacts sending the
  // same code at the same moment, on any replica, exactly one is bound.
  const claimed = await store.claimIdempotencyKey(
    `chat:bind-code-redeemed:${normalised}:${parsed.data.issuedAt}`,
    new Date((options.now ?? (() => new Date()))().getTime() + REDEEMED_CODE_MEMORY_MS).toISOString(),
  );
  if (!claimed) return undefined;
  await store.deleteDialog(codeKey(normalised));
  await linkPlatformUser(store, user, parsed.data.userId, { ...options, via: 'code' });
  return parsed.data.userId;
}

/**
 * Link by a verified email (Slack gives one): the active user with that email,
 * compared without case. Returns the user id, or `undefined` when no single
 * active user has it.
 */
export async function linkByVerifiedEmail(
  store: Store,
  user: PlatformUser,
  email: string,
  options: { now?: () => Date } = {},
): Promise<string | undefined> {
  const wanted = email.trim().toLowerCase();
  const matches = (await store.listUsers()).filter(
    (candidate) => candidate.status === 'active' && candidate.email?.toLowerCase() === wanted,
  );
  if (matches.length !== 1) return undefined;
  const userId = matches[0]!.id;
  await linkPlatformUser(store, user, userId, { ...options, via: 'email' });
  return userId;
}
