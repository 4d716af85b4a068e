#!/usr/bin/env node
/**
 * The `kamkit` command.
 *
 * Exit codes: 0 success · 1 a KAMkit error (bad input or configuration, not
 * found, refused) · 2 wrong usage (unknown command or option, missing
 * argument) · 70 an unexpected internal error.
 */
import { Command, CommanderError } from 'commander';
import { registerAuditCommand } from '../access/cli.js';
import { registerChatCommand } from '../chat/cli.js';
import { chooseLocale } from '../config/load-config.js';
import { isKamError } from '../errors/kam-error.js';
import { registerImportCommand } from '../import/cli.js';
import { registerReportCommand } from '../reports/cli.js';
import { openStore } from '../store/open-store.js';
import { createCliContext } from './context.js';
import { registerDemoCommand } from './demo.js';
import { registerInitCommand } from './init.js';
import {
  registerAlertsCommand,
  registerDueCommand,
  registerScoreCommand,
  registerTierCommand,
} from './portfolio-commands.js';
import { registerReviewCommand } from './review.js';
import { registerRunCommand } from './run-command.js';

const EPILOG = {
  en: `
Configuration: kamkit.config.yaml|yml|json in the working directory, --config <path> or KAMKIT_CONFIG.
Environment: KAMKIT_LOCALE (zh-CN|en), KAMKIT_DATABASE_URL (wins over the configured database), KAMKIT_USER.
Exit codes: 0 success · 1 KAMkit error (bad input or configuration, not found, refused) · 2 wrong usage · 70 internal error.`,
  'zh-CN': `
配置：当前目录的 kamkit.config.yaml|yml|json，或 --config <路径>、环境变量 KAMKIT_CONFIG。
环境变量：KAMKIT_LOCALE（zh-CN|en）、KAMKIT_DATABASE_URL（优先于配置的数据库）、KAMKIT_USER。
退出码：0 成功 · 1 KAMkit 错误（输入或配置有误、未找到、被拒绝）· 2 用法错误 · 70 内部错误。`,
} as const;

const program = new Command('kamkit')
  .option(
    '--config <path>',
    'the configuration file (default: ./kamkit.config.yaml|yml|json, or KAMKIT_CONFIG)',
  )
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
registerInitCommand(program, context);
registerDemoCommand(program, {
  locale: helpLocale,
  config,
  openStore: (memory) => (memory ? openStore({ kind: 'memory' }) : context.openStore()),
});
registerImportCommand(program, { openStore: context.openStore, config });
registerScoreCommand(program, context);
registerTierCommand(program, context);
registerAlertsCommand(program, context);
registerDueCommand(program, context);
registerRunCommand(program, context);
registerReportCommand(program, { locale: helpLocale, openStore: context.openStore, config });
registerReviewCommand(program, context);
registerChatCommand(program, { openStore: context.openStore, config });
registerAuditCommand(program, { openStore: context.openStore, config });

// Every subcommand (and sub-subcommand) exits through the same handler and shows the exit codes in its help.
const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
for (const command of everyCommand(program)) {
  command.exitOverride();
  if (command !== program) command.addHelpText('after', EPILOG[helpLocale]);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed its message; errors it raises for a KamError (`kamkit.*`) exit 1.
    process.exitCode = error.exitCode === 0 ? 0 : error.code.startsWith('kamkit.') ? 1 : 2;
  } else if (isKamError(error)) {
    const locale = await context.config().then(
      (resolved) => resolved.locale,
      () => chooseLocale(process.env),
    );
    process.stderr.write(`${error.messageIn(locale)}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  }
}
