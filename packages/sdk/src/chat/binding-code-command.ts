/**
 * The chat command `绑定码 ‹用户›` / `binding code for ‹user›`: an
 * administrator asks the bot, in a private chat, for another user's binding
 * code. Whoever may manage that user (`user.write`) gets the code; anyone
 * else reads "no such user", exactly as for a user that does not exist.
 *
 * @module
 */
import type { AccessPolicy } from '../access/permissions.js';
import type { ScopedStore } from '../access/scoped-store.js';
import type { User } from '../domain/user.js';
import type { Locale } from '../errors/kam-error.js';
import type { Store } from '../store/port.js';
import { type BindingCodePlatform, issueBindingCodeAs } from './admin-binding-code.js';
import { localised, type Reply } from './replies.js';

/** A parsed request for a binding code. */
export interface BindingCodeRequest {
  kind: 'binding-code';
  /** The user's id or name, as written (lower-cased by the parser's normalisation). */
  userQuery: string;
  /** The platform the code is limited to, when named. */
  platform: BindingCodePlatform | null;
  locale: Locale;
}

const PLATFORM_WORDS: Readonly<Record<string, BindingCodePlatform>> = {
  slack: 'slack',
  wechat: 'wechat',
  微信: 'wechat',
  企业微信: 'wechat',
};

const ZH = /^绑定码\s*(?:给\s*)?(\S+)(?:\s+(slack|wechat|微信|企业微信))?$/u;
const EN = /^binding ?code (?:for )?(\S+)(?: (?:on |for )?(slack|wechat))?$/u;

/**
 * Read `绑定码 u-am-11 [微信|slack]` or `binding code [for] u-am-11 [on slack|wechat]`
 * from a normalised line (see `normaliseText`); `undefined` for anything else.
 *
 * @example
 * ```ts
 * parseBindingCodeRequest('binding code for u-am-11 on wechat');
 * // { kind: 'binding-code', userQuery: 'u-am-11', platform: 'wechat', locale: 'en' }
 * ```
 */
export function parseBindingCodeRequest(line: string): BindingCodeRequest | undefined {
  const zh = ZH.exec(line);
  const en = zh ? null : EN.exec(line);
  const match = zh ?? en;
  if (!match) return undefined;
  return {
    kind: 'binding-code',
    userQuery: match[1]!,
    platform: match[2] === undefined ? null : (PLATFORM_WORDS[match[2]] ?? null),
    locale: zh ? 'zh-CN' : 'en',
  };
}

/** What {@link bindingCodeCommand} needs of the turn. */
export interface BindingCodeTurn {
  user: User;
  scoped: ScopedStore;
  locale: Locale;
}

/** Options of {@link bindingCodeCommand}. */
export interface BindingCodeCommandOptions {
  store: Store;
  /** False when the reply would be seen by others (a group chat or channel): no code is issued there. */
  privateReply: boolean;
  accessPolicy?: AccessPolicy;
  now: () => Date;
}

/**
 * Answer a binding-code request: the code and how to use it, or a refusal
 * that says no more than "no such user" when the user is out of reach.
 */
export async function bindingCodeCommand(
  turn: BindingCodeTurn,
  request: BindingCodeRequest,
  options: BindingCodeCommandOptions,
): Promise<Reply> {
  const { locale } = turn;
  if (!options.privateReply)
    return {
      kind: 'error',
      code: 'FORBIDDEN',
      message: localised(
        '绑定码只在私聊中发放，请私聊我再发一次。',
        'Binding codes are only given in a private chat; send this to me directly.',
      ),
      locale,
    };
  const wanted = request.userQuery.toLowerCase();
  const candidates = (await turn.scoped.listUsers()).filter(
    (user) => user.id.toLowerCase() === wanted || user.name.toLowerCase() === wanted,
  );
  const target = candidates.find((user) => user.id.toLowerCase() === wanted) ?? candidates[0];
  const missing: Reply = {
    kind: 'error',
    code: 'NOT_FOUND',
    message: localised(`未找到用户：${request.userQuery}`, `No user found: ${request.userQuery}`),
    locale,
  };
  if (!target || (candidates.length > 1 && target.id.toLowerCase() !== wanted)) return missing;
  const issued = await issueBindingCodeAs(options.store, {
    actorId: turn.user.id,
    userId: target.id,
    ...(request.platform ? { platform: request.platform } : {}),
    ...(options.accessPolicy ? { accessPolicy: options.accessPolicy } : {}),
    now: options.now,
  });
  const where = {
    slack: localised('Slack 机器人', 'the Slack bot'),
    wechat: localised('微信机器人', 'the WeChat bot'),
  } as const;
  const platform = issued.platform === null ? localised('机器人', 'the bot') : where[issued.platform];
  return {
    kind: 'text',
    text: localised(
      `${issued.userName}（${issued.userId}）的绑定码：${issued.code}\n有效至 ${issued.expiresAt}，只能用一次。请让对方向${platform['zh-CN']}发送：绑定 ${issued.code}`,
      `Binding code for ${issued.userName} (${issued.userId}): ${issued.code}\nValid until ${issued.expiresAt}, once. Ask them to send ${platform.en}: bind ${issued.code}`,
    ),
    locale,
  };
}
