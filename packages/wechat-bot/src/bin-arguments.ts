/**
 * Arguments of the `kamkit-wechat-bot` binary: `--help` and `--version`;
 * anything else is a usage error (the bot is configured by environment
 * variables, see `readBotConfig`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** What the binary was asked to do. */
export type WechatBotCommand = 'run' | 'help' | 'version';

/**
 * Read the binary's arguments.
 *
 * @throws TypeError (from `parseArgs`) for an unknown option or a positional argument.
 */
export function parseWechatBotArguments(args: readonly string[]): WechatBotCommand {
  const { values } = parseArgs({
    args: [...args],
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  return 'run';
}

/** The version from the package's package.json (next to `dist/`). */
export function wechatBotVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

const VARIABLES = [
  [
    'WECHATY_PUPPET',
    'the puppet package, installed next to the bot (wechaty-puppet-service, wechaty-puppet-wechat4u, …)',
  ],
  ['WECHATY_PUPPET_SERVICE_TOKEN', "the puppet's token (or WECHATY_TOKEN)"],
  ['WECHATY_PUPPET_SERVICE_ENDPOINT', 'a puppet service address, when not found by token'],
  ['WECHATY_NAME', 'session name; the login is remembered in ‹name›.memory-card.json (default kamkit)'],
  ['KAMKIT_WECHAT_INTERVAL_MS', 'least time between two sent messages (default 1500)'],
  ['KAMKIT_WECHAT_DAILY_CAP', 'most messages sent a day (default 500)'],
  ['KAMKIT_DATABASE_URL', 'PostgreSQL server; without it the embedded database in .kamkit/db'],
  ['KAMKIT_AS_OF', 'month the figures are for, YYYY-MM (default: the last complete month)'],
] as const;

/** The `--help` text: usage, options and every environment variable. */
export function wechatBotHelp(): string {
  const width = Math.max(...VARIABLES.map(([name]) => name.length));
  return [
    'Usage: kamkit-wechat-bot [--help | --version]',
    '',
    'KAMkit in WeChat through Wechaty: account status, reports, due actions, alerts and 360° reviews.',
    'Prints a QR code to scan with WeChat; configured by environment variables.',
    '',
    'Options:',
    '  -h, --help      show this help',
    '  -v, --version   print the version',
    '',
    'Environment:',
    ...VARIABLES.map(([name, meaning]) => `  ${name.padEnd(width)}  ${meaning}`),
    '',
    'Exit codes: 0 stopped by SIGINT/SIGTERM or --help/--version · 1 bad configuration or start-up failure · 2 wrong usage',
    '',
  ].join('\n');
}
