#!/usr/bin/env node
/**
 * The `kamkit` command.
 *
 * Exit codes: 0 success · 1 a KAMkit error (bad input, not found, refused) ·
 * 2 wrong usage · 70 an unexpected internal error.
 */
import { Command, CommanderError } from 'commander';
import { registerAuditCommand } from '../access/cli.js';
import { registerChatCommand } from '../chat/cli.js';
import { isKamError } from '../errors/kam-error.js';
import { registerImportCommand } from '../import/cli.js';
import { registerReportCommand } from '../reports/cli.js';
import { openStore } from '../store/open-store.js';
import { registerDemoCommand } from './demo.js';
import { localeFromEnvironment } from './locale.js';

const locale = localeFromEnvironment();
const program = new Command('kamkit')
  .description(
    locale === 'zh-CN'
      ? 'KAMkit 大客户管理：评分、分级、服务节奏、预警与数据导入'
      : 'KAMkit key-account management: scoring, tiering, service cadence, alerts and data import',
  )
  .exitOverride();

registerDemoCommand(program, {
  locale,
  openStore: (memory) => (memory ? openStore({ kind: 'memory' }) : openStore()),
});
registerImportCommand(program, { openStore: () => openStore() });
registerReportCommand(program, { locale, openStore: () => openStore() });
registerAuditCommand(program, { openStore: () => openStore() });
registerChatCommand(program, { openStore: () => openStore() });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (isKamError(error)) {
    process.stderr.write(`${error.messageIn(locale)}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  }
}
