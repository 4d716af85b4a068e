/**
 * The environment `kamkit-slack-bot` runs from, read and checked in one
 * place: a missing or malformed variable is a {@link KamError} naming it.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '@kamkit/sdk';
import { LogLevel, type webApi } from '@slack/bolt';

/** What `kamkit-slack-bot` starts with, from {@link readSlackBotEnvironment}. */
export interface SlackBotEnvironment {
  /** `SLACK_SIGNING_SECRET`. */
  signingSecret: string;
  /** `SLACK_BOT_TOKEN`, `xoxb-…`. */
  token: string;
  /** `SLACK_APP_TOKEN`, `xapp-…`: Socket Mode when set. */
  appToken: string | undefined;
  /** `PORT` (default 3000). */
  port: number;
  /** `KAMKIT_AS_OF`, a `YYYY-MM` month. */
  asOf: string | undefined;
  /** `SLACK_LOG_LEVEL` (default Bolt's `info`). */
  logLevel: LogLevel | undefined;
  /** `SLACK_API_URL` and `SLACK_RETRIES` as Web API client options. */
  clientOptions: webApi.WebClientOptions;
}

/** The variables {@link readSlackBotEnvironment} reads, with their meaning (for `--help`). */
export const SLACK_BOT_VARIABLES = [
  ['SLACK_SIGNING_SECRET', 'required: verifies every request from Slack'],
  ['SLACK_BOT_TOKEN', 'required: the bot token, xoxb-…'],
  ['SLACK_APP_TOKEN', 'an app-level token, xapp-…: Socket Mode instead of HTTP'],
  ['PORT', 'HTTP port (default 3000); Slack posts to /slack/events'],
  ['SLACK_API_URL', 'Slack Web API base URL (default https://slack.com/api/), e.g. a proxy or a test server'],
  [
    'SLACK_RETRIES',
    'retries of a failed Web API call (default: Bolt’s, ten within thirty minutes; 0 = none)',
  ],
  ['SLACK_LOG_LEVEL', 'debug | info | warn | error (default info)'],
  ['KAMKIT_DATABASE_URL', 'PostgreSQL server; without it the embedded database in .kamkit/db'],
  ['KAMKIT_AS_OF', 'month the figures are for, YYYY-MM (default: the last complete month)'],
] as const;

const LOG_LEVELS: Record<string, LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

function invalid(variable: string, expected: { 'zh-CN': string; en: string }, value?: string): KamError {
  const got = value === undefined ? '' : `: ${value}`;
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_CONFIG,
    path: variable,
    message: {
      'zh-CN': `环境变量 ${variable} 应为${expected['zh-CN']}${got}`,
      en: `Environment variable ${variable} must be ${expected.en}${got}`,
    },
  });
}

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * Read the bot's environment.
 *
 * @throws KamError `INVALID_CONFIG` naming the variable when a required one is
 *   missing or a value is malformed (`PORT`, `SLACK_RETRIES`, `SLACK_LOG_LEVEL`,
 *   `SLACK_API_URL`, `KAMKIT_AS_OF`).
 * @example
 * ```ts
 * const environment = readSlackBotEnvironment(process.env);
 * const app = createSlackBot({ store, ...environment });
 * ```
 */
export function readSlackBotEnvironment(env: NodeJS.ProcessEnv): SlackBotEnvironment {
  const signingSecret = text(env, 'SLACK_SIGNING_SECRET');
  if (!signingSecret)
    throw invalid('SLACK_SIGNING_SECRET', {
      'zh-CN': '应用的签名密钥（必填）',
      en: 'set (the app’s signing secret)',
    });
  const token = text(env, 'SLACK_BOT_TOKEN');
  if (!token)
    throw invalid('SLACK_BOT_TOKEN', {
      'zh-CN': '机器人令牌 xoxb-…（必填）',
      en: 'set (the bot token, xoxb-…)',
    });

  const portText = text(env, 'PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65_535)
    throw invalid('PORT', { 'zh-CN': ' 1–65535 之间的端口号', en: 'a port number 1–65535' }, portText);

  const asOf = text(env, 'KAMKIT_AS_OF');
  if (asOf !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(asOf))
    throw invalid('KAMKIT_AS_OF', { 'zh-CN': '月份 YYYY-MM', en: 'a month YYYY-MM' }, asOf);

  const levelText = text(env, 'SLACK_LOG_LEVEL')?.toLowerCase();
  const logLevel = levelText === undefined ? undefined : LOG_LEVELS[levelText];
  if (levelText !== undefined && logLevel === undefined)
    throw invalid(
      'SLACK_LOG_LEVEL',
      { 'zh-CN': ' debug、info、warn 或 error', en: 'debug, info, warn or error' },
      levelText,
    );

  const clientOptions: webApi.WebClientOptions = {};
  const apiUrl = text(env, 'SLACK_API_URL');
  if (apiUrl !== undefined) {
    if (!URL.canParse(apiUrl) || !/^https?:$/.test(new URL(apiUrl).protocol))
      throw invalid('SLACK_API_URL', { 'zh-CN': ' http(s) 地址', en: 'an http(s) URL' }, apiUrl);
    clientOptions.slackApiUrl = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  }
  const retriesText = text(env, 'SLACK_RETRIES');
  if (retriesText !== undefined) {
    if (!/^\d+$/.test(retriesText) || Number(retriesText) > 100)
      throw invalid('SLACK_RETRIES', { 'zh-CN': ' 0–100 的整数', en: 'a whole number 0–100' }, retriesText);
    clientOptions.retryConfig = { retries: Number(retriesText), factor: 2 };
  }

  return {
    signingSecret,
    token,
    appToken: text(env, 'SLACK_APP_TOKEN'),
    port,
    asOf,
    logLevel,
    clientOptions,
  };
}
