/**
 * The bot's settings from environment variables.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '@kamkit/sdk';
import type { WechatyOptions } from 'wechaty';

/** What `main` needs, read from the environment by {@link readBotConfig}. */
export interface BotConfig {
  /** Options for `WechatyBuilder.build`: the puppet by name and its token. */
  wechaty: WechatyOptions;
  /** The puppet's name, for the start-up line (`wechaty's default` when unset). */
  puppetName: string;
  sendIntervalMs: number;
  dailyCap: number;
  /** Fixed month of the figures (`KAMKIT_AS_OF`), or undefined for the last complete month. */
  asOf: string | undefined;
}

/** Puppet token variables, first found wins. */
const TOKEN_VARIABLES = ['WECHATY_PUPPET_SERVICE_TOKEN', 'WECHATY_TOKEN'] as const;

function whole(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
) {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path: name,
      message: {
        'zh-CN': `环境变量 ${name} 必须是不小于 ${min} 的整数，实际为「${raw}」`,
        en: `${name} must be an integer of at least ${min}, got "${raw}"`,
      },
    });
  return value;
}

/**
 * Read the bot's settings:
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | `WECHATY_PUPPET` | the puppet package (`wechaty-puppet-service`, `wechaty-puppet-wechat4u`, `wechaty-puppet-padlocal`, …) | Wechaty's own default |
 * | `WECHATY_PUPPET_SERVICE_TOKEN` (or `WECHATY_TOKEN`) | the puppet's token | none |
 * | `WECHATY_PUPPET_SERVICE_ENDPOINT` | a puppet service address, when not found by token | none |
 * | `WECHATY_NAME` | the session name (login is remembered in `‹name›.memory-card.json`) | `kamkit` |
 * | `KAMKIT_WECHAT_INTERVAL_MS` | least time between two sent messages | 1500 |
 * | `KAMKIT_WECHAT_DAILY_CAP` | most messages sent a day | 500 |
 * | `KAMKIT_AS_OF` | month of the figures, `YYYY-MM` | last complete month |
 *
 * The database comes from `openStore()` (`KAMKIT_DATABASE_URL`, else the embedded one).
 *
 * @throws KamError `INVALID_CONFIG` naming the variable with a bad value.
 * @example
 * ```ts
 * const config = readBotConfig(process.env);
 * const wechaty = WechatyBuilder.build(config.wechaty);
 * ```
 */
export function readBotConfig(env: Readonly<Record<string, string | undefined>>): BotConfig {
  const puppet = env.WECHATY_PUPPET?.trim() || undefined;
  const token = TOKEN_VARIABLES.map((name) => env[name]?.trim()).find((value) => value);
  const endpoint = env.WECHATY_PUPPET_SERVICE_ENDPOINT?.trim() || undefined;
  const asOf = env.KAMKIT_AS_OF?.trim() || undefined;
  if (asOf !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/u.test(asOf))
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path: 'KAMKIT_AS_OF',
      message: {
        'zh-CN': `环境变量 KAMKIT_AS_OF 必须是 YYYY-MM 格式的月份，实际为「${asOf}」`,
        en: `KAMKIT_AS_OF must be a month YYYY-MM, got "${asOf}"`,
      },
    });
  const puppetOptions = {
    ...(token ? { token } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
  const wechaty = {
    name: env.WECHATY_NAME?.trim() || 'kamkit',
    ...(puppet ? { puppet } : {}),
    ...(Object.keys(puppetOptions).length > 0 ? { puppetOptions } : {}),
  } as WechatyOptions;
  return {
    wechaty,
    puppetName: puppet ?? "wechaty's default",
    sendIntervalMs: whole(env, 'KAMKIT_WECHAT_INTERVAL_MS', 1_500, 0),
    dailyCap: whole(env, 'KAMKIT_WECHAT_DAILY_CAP', 500, 1),
    asOf,
  };
}
