/**
 * `@kamkit/sdk/cli` — the pieces of the `kamkit` command a program can mount
 * on its own commander `Command`: `kamkit import`, `kamkit report`,
 * `kamkit chat` and `kamkit audit`, with their option checks and output
 * helpers. Kept out of the root entry so importing the SDK does not load
 * commander or the progress bar.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { openStore } from '@kamkit/sdk';
 * import { registerImportCommand, registerReportCommand } from '@kamkit/sdk/cli';
 *
 * const program = new Command('my-kam');
 * registerImportCommand(program, { openStore: () => openStore() });
 * registerReportCommand(program, { openStore: () => openStore() });
 * await program.parseAsync(process.argv);
 * ```
 *
 * @module
 */
export { type AuditCommandOptions, auditFilterFromOptions, registerAuditCommand } from '../access/cli.js';
export { type ChatCommandOptions, registerChatCommand, TERMINAL_PLATFORM } from '../chat/cli.js';
export {
  formatImportSummary,
  type ImportCommandOptions,
  localeFromEnv,
  registerImportCommand,
} from '../import/cli.js';
export {
  REPORT_KINDS,
  type ReportCommandOptions,
  type ReportKind,
  registerReportCommand,
} from '../reports/cli.js';
