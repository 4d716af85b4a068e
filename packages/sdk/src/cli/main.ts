#!/usr/bin/env node
/**
 * The `kamkit` command.
 *
 * Exit codes: 0 success · 1 a KAMkit error (bad input or configuration, not
 * found, refused) · 2 wrong usage (unknown command or option, missing
 * argument) · 70 an unexpected internal error (a generic message; the stack
 * trace only with `KAMKIT_DEBUG=1`). With `--json`, errors are JSON on stdout.
 */
import { Command, CommanderError } from 'commander';
import { chooseLocale } from '../config/load-config.js';
import { openStore } from '../store/open-store.js';
import { createCliContext } from './context.js';
import { cliErrorOutput, DEBUG_ENV, guardTerminalOutput, stopQuietlyWhenPipeCloses } from './edge.js';
import { describeStore, packageVersion, versionRequested } from './version.js';
import { chooseWasmTier } from './wasm-tier.js';

const EPILOG = {
  en: `
Project: the nearest folder at or above the working directory with kamkit.config.yaml|yml|json or .kamkit/ (like git); its .kamkit/db is the default store.
Configuration: that folder's kamkit.config.yaml|yml|json, --config <path> or KAMKIT_CONFIG.
Environment: KAMKIT_LOCALE (zh-CN|en; else LC_ALL, LC_MESSAGES, LANG), KAMKIT_DATABASE_URL (wins over the configured database), KAMKIT_OPERATOR (who you are; --as acts as a user you manage), KAMKIT_CEILING_DIRECTORIES.
Exit codes: 0 success · 1 KAMkit error (bad input or configuration, not found, refused) · 2 wrong usage · 70 internal error (details with KAMKIT_DEBUG=1).`,
  'zh-CN': `
项目：从当前目录向上找到的第一个含 kamkit.config.yaml|yml|json 或 .kamkit/ 的目录（与 git 相同）；默认存储为其中的 .kamkit/db。
配置：该目录的 kamkit.config.yaml|yml|json，或 --config <路径>、环境变量 KAMKIT_CONFIG。
环境变量：KAMKIT_LOCALE（zh-CN|en；否则依次为 LC_ALL、LC_MESSAGES、LANG）、KAMKIT_DATABASE_URL（优先于配置的数据库）、KAMKIT_OPERATOR（你的用户编号；--as 代你管理的用户操作）、KAMKIT_CEILING_DIRECTORIES。
退出码：0 成功 · 1 KAMkit 错误（输入或配置有误、未找到、被拒绝）· 2 用法错误 · 70 内部错误（设置 KAMKIT_DEBUG=1 查看详情）。`,
} as const;

// Before anything opens the store: a short command's PGlite is compiled by V8's baseline compiler only.
chooseWasmTier(process.argv.slice(2));

// The one place output leaves the binary: no ANSI escape or control character from the data reaches the terminal.
guardTerminalOutput(process.stdout);
guardTerminalOutput(process.stderr);
stopQuietlyWhenPipeCloses(process.stdout);

const program = new Command('kamkit')
  .option(
    '--config <path>',
    'the configuration file (default: kamkit.config.yaml|yml|json of the project, or KAMKIT_CONFIG)',
  )
  .option('-V, --version', 'print the version and the store this folder resolves to')
  .exitOverride();
const context = createCliContext({ configPath: () => program.opts<{ config?: string }>().config });
const helpLocale = context.helpLocale;
program
  .description(
    helpLocale === 'zh-CN'
      ? 'KAMkit 大客户管理：评分、分级、服务节奏、预警、360 度考核、报表与数据导入'
      : 'KAMkit key-account management: scoring, tiering, service cadence, alerts, 360° reviews, reports and data import',
  )
  .addHelpText('after', EPILOG[helpLocale]);

const config = () => context.config();
/**
 * Every top-level command, in the order help lists them, and how to register
 * it: its module is imported only when it is registered, so a command loads
 * what it needs and not the bots, reports or import of the others.
 */
const COMMANDS: ReadonlyArray<readonly [name: string, register: () => Promise<unknown>]> = [
  ['init', async () => (await import('./init.js')).registerInitCommand(program, context)],
  [
    'demo',
    async () =>
      (await import('./demo.js')).registerDemoCommand(program, {
        locale: helpLocale,
        config,
        openStore: (memory) => (memory ? openStore({ kind: 'memory' }) : context.openStore()),
      }),
  ],
  [
    'import',
    async () =>
      (await import('../import/cli.js')).registerImportCommand(program, {
        openStore: context.openStore,
        config,
      }),
  ],
  ['score', async () => (await import('./portfolio-commands.js')).registerScoreCommand(program, context)],
  ['tier', async () => (await import('./portfolio-commands.js')).registerTierCommand(program, context)],
  [
    'alerts',
    async () => {
      const [{ registerAlertsCommand }, { registerAlertWorkCommands }] = await Promise.all([
        import('./portfolio-commands.js'),
        import('./alert-commands.js'),
      ]);
      return registerAlertWorkCommands(registerAlertsCommand(program, context), context);
    },
  ],
  ['due', async () => (await import('./portfolio-commands.js')).registerDueCommand(program, context)],
  [
    'complaints',
    async () => (await import('./complaint-commands.js')).registerComplaintsCommand(program, context),
  ],
  [
    'contracts',
    async () => (await import('./contract-commands.js')).registerContractsCommand(program, context),
  ],
  ['claims', async () => (await import('./claim-commands.js')).registerClaimsCommand(program, context)],
  ['tasks', async () => (await import('./task-commands.js')).registerTasksCommand(program, context)],
  ['surveys', async () => (await import('./survey-commands.js')).registerSurveysCommand(program, context)],
  [
    'relationship-plan',
    async () =>
      (await import('./relationship-plan-commands.js')).registerRelationshipPlanCommand(program, context),
  ],
  [
    'unit-plan',
    async () => (await import('./unit-plan-commands.js')).registerUnitPlanCommand(program, context),
  ],
  ['run', async () => (await import('./run-command.js')).registerRunCommand(program, context)],
  [
    'report',
    async () =>
      (await import('../reports/cli.js')).registerReportCommand(program, {
        locale: helpLocale,
        openStore: context.openStore,
        config,
      }),
  ],
  ['review', async () => (await import('./review.js')).registerReviewCommand(program, context)],
  ['users', async () => (await import('./users.js')).registerUsersCommand(program, context)],
  ['link', async () => (await import('./link.js')).registerLinkCommand(program, context)],
  [
    'chat',
    async () =>
      (await import('../chat/cli.js')).registerChatCommand(program, {
        openStore: context.openStore,
        config,
        env: context.env,
      }),
  ],
  [
    'audit',
    async () =>
      (await import('../access/cli.js')).registerAuditCommand(program, {
        openStore: context.openStore,
        config,
      }),
  ],
  ['serve', async () => (await import('../host/cli.js')).registerServeCommand(program, context)],
];
// The command named on the command line alone, or every command (help, no command, an unknown one).
const named = COMMANDS.filter(([name]) => name === commandName(process.argv.slice(2)));
for (const [, register] of named.length > 0 ? named : COMMANDS) await register();

// Every subcommand (and sub-subcommand) exits through the same handler and shows the exit codes in its help.
const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
for (const command of everyCommand(program)) {
  command.exitOverride();
  if (command !== program) command.addHelpText('after', EPILOG[helpLocale]);
}

try {
  if (versionRequested(process.argv.slice(2))) {
    context.write(`kamkit ${await packageVersion()}\n`);
    const resolved = await context.config();
    const zh = resolved.locale === 'zh-CN';
    context.write(
      `${describeStore(resolved, resolved.locale)}\n${zh ? '配置' : 'config'}: ${
        resolved.file ?? (zh ? '无（内置默认）' : 'none (built-in defaults)')
      }\n`,
    );
  } else await program.parseAsync(process.argv);
} catch (error) {
  const locale =
    error instanceof CommanderError
      ? helpLocale
      : await context.config().then(
          (resolved) => resolved.locale,
          () => chooseLocale(process.env),
        );
  const output = cliErrorOutput(error, {
    json: process.argv.includes('--json'),
    locale,
    debug: Boolean(process.env[DEBUG_ENV]),
  });
  if (output.stdout) process.stdout.write(output.stdout);
  if (output.stderr) process.stderr.write(output.stderr);
  process.exitCode = output.exitCode;
}

/**
 * The top-level command the arguments name: the first one that is not an
 * option, after the program's own `--config <path>`.
 */
function commandName(args: readonly string[]): string | undefined {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--') return args[index + 1];
    if (arg === '--config') index++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}
