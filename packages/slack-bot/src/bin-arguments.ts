/**
 * Arguments of the `kamkit-slack-bot` binary: `--help`, `--version` and
 * `--manifest`; anything else is a usage error (the bot is configured by
 * environment variables).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SLACK_BOT_VARIABLES } from './environment.js';

/** What the binary was asked to do. */
export type SlackBotCommand = 'run' | 'help' | 'version' | 'manifest';

/**
 * Read the binary's arguments.
 *
 * @throws TypeError (from `parseArgs`) for an unknown option or a positional argument.
 */
export function parseSlackBotArguments(args: readonly string[]): SlackBotCommand {
  const { values } = parseArgs({
    args: [...args],
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      manifest: { type: 'boolean' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  if (values.manifest) return 'manifest';
  return 'run';
}

/** The package's own file (package.json, manifest.yaml), next to `dist/`. */
function packageFile(name: string): string {
  return readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');
}

/** The version from the package's package.json. */
export function slackBotVersion(): string {
  return (JSON.parse(packageFile('package.json')) as { version: string }).version;
}

/** The Slack app manifest shipped with the package (paste it at api.slack.com/apps). */
export function slackAppManifest(): string {
  return packageFile('manifest.yaml');
}

/** The `--help` text: usage, options and every environment variable. */
export function slackBotHelp(): string {
  const width = Math.max(...SLACK_BOT_VARIABLES.map(([name]) => name.length));
  return [
    'Usage: kamkit-slack-bot [--help | --version | --manifest]',
    '',
    'KAMkit in Slack: /kam, mentions, DMs, reports with charts, 360° reviews, App Home.',
    'Configured by environment variables; HTTP on PORT (/slack/events) or Socket Mode with SLACK_APP_TOKEN.',
    '',
    'Options:',
    '  -h, --help      show this help',
    '  -v, --version   print the version',
    '  --manifest      print the Slack app manifest (api.slack.com/apps → From an app manifest)',
    '',
    'Environment:',
    ...SLACK_BOT_VARIABLES.map(([name, meaning]) => `  ${name.padEnd(width)}  ${meaning}`),
    '',
    'Exit codes: 0 stopped by SIGINT/SIGTERM or --help/--version · 1 bad configuration · 2 wrong usage',
    '',
  ].join('\n');
}
