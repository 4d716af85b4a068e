/**
 * `kamkit audit`: list the audit log with filters, as a table in the user's
 * locale or as JSON Lines. Glue for commander; the `kamkit` entry point calls
 * {@link registerAuditCommand}.
 *
 * @module
 */
import type { Command } from 'commander';
import { resolveActingUser } from '../authz/act-as.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { isKamError, KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { AuditFilter, Store } from '../store/port.js';
import { DEFAULT_TIME_ZONE } from '../time/calendar.js';
import { formatAuditTable, localeFromEnv, parseAuditBound } from './audit-format.js';
import { scopeStore } from './scoped-store.js';

/** Options of {@link registerAuditCommand}. */
export interface AuditCommandOptions {
  /** Opens the store to read; it is closed after the command. */
  openStore: () => Promise<Store>;
  /** Where output goes; default standard output. */
  write?: (text: string) => void;
  /**
   * Environment for the locale (`KAMKIT_LOCALE`, `LANG`) and the operator
   * (`KAMKIT_OPERATOR`, checked before `--as` is honoured); default `process.env`.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Zone for dates in `--since`/`--until` and for shown times; default Asia/Shanghai. */
  timeZone?: string;
  /** The resolved configuration: its locale and time zone are used when given. */
  config?: () => Promise<ResolvedConfig>;
}

interface RawAuditOptions {
  actor?: string;
  action?: string;
  entity?: string;
  id?: string;
  since?: string;
  until?: string;
  limit?: string;
  json?: boolean;
  as?: string;
  oldestFirst?: boolean;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(limit) || limit < 1) {
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path: '--limit',
      message: {
        'zh-CN': `--limit 应为正整数，收到：${value}`,
        en: `--limit expects a positive whole number, got: ${value}`,
      },
    });
  }
  return limit;
}

/** Turn the command's options into a store filter (newest first unless `--oldest-first`). */
export function auditFilterFromOptions(
  raw: RawAuditOptions,
  timeZone: string = DEFAULT_TIME_ZONE,
): AuditFilter {
  const filter: AuditFilter = { order: raw.oldestFirst ? 'asc' : 'desc' };
  if (raw.actor !== undefined) filter.actor = raw.actor;
  if (raw.action !== undefined) filter.action = raw.action;
  if (raw.entity !== undefined) filter.entity = raw.entity;
  if (raw.id !== undefined) filter.entityId = raw.id;
  if (raw.since !== undefined) filter.since = parseAuditBound(raw.since, 'since', timeZone);
  if (raw.until !== undefined) filter.until = parseAuditBound(raw.until, 'until', timeZone);
  if (raw.limit !== undefined) filter.limit = parseLimit(raw.limit);
  return filter;
}

/**
 * Add `kamkit audit` to a commander program.
 *
 * Filters: `--actor <userId> --action <action> --entity <kind> --id <entityId>
 * --since <date|instant> --until <date|instant> --limit <n>`; `--json` prints
 * one JSON object per line; `--as <userId>` shows only what that user may read
 * (their audit scope) and needs `KAMKIT_OPERATOR` naming an operator who may
 * act as them (see `resolveActingUser`); with only `KAMKIT_OPERATOR` set the
 * operator's own scope applies; `--oldest-first` reverses the default newest-first order.
 * Errors print in the user's locale and exit with code 1.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { openStore } from '@kamkit/sdk';
 * import { registerAuditCommand } from '@kamkit/sdk/cli';
 *
 * const program = new Command('kamkit');
 * registerAuditCommand(program, { openStore: () => openStore() });
 * await program.parseAsync(['node', 'kamkit', 'audit', '--action', 'account.move', '--since', '2026-10-01']);
 * ```
 */
export function registerAuditCommand(program: Command, options: AuditCommandOptions): Command {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  return program
    .command('audit')
    .description('List the audit log (who, when, what, before → after) / 查看审计日志')
    .option('--actor <userId>', 'only entries by this user')
    .option('--action <action>', 'only this action, e.g. account.move, user.permission, tier.change')
    .option(
      '--entity <entity>',
      'only this kind of record: account, user, contact, complaint, override, tier',
    )
    .option('--id <entityId>', 'only entries about this record')
    .option('--since <when>', 'from this date (YYYY-MM-DD, start of day) or ISO instant')
    .option('--until <when>', 'up to this date (YYYY-MM-DD, end of day) or ISO instant')
    .option('--limit <n>', 'at most this many entries')
    .option('--json', 'print JSON Lines instead of a table')
    .option('--as <userId>', 'show only what this user may read (needs KAMKIT_OPERATOR)')
    .option('--oldest-first', 'oldest entries first (default: newest first)')
    .action(async function (this: Command, raw: RawAuditOptions) {
      let locale = localeFromEnv(options.env);
      let store: Store | undefined;
      try {
        const config = await options.config?.();
        if (config) locale = config.locale;
        const timeZone = options.timeZone ?? config?.timeZone ?? DEFAULT_TIME_ZONE;
        const filter = auditFilterFromOptions(raw, timeZone);
        store = await options.openStore();
        const reader = await resolveActingUser(store, raw.as, options.env ? { env: options.env } : {});
        const entries =
          reader === undefined
            ? await store.listAudit(filter)
            : await scopeStore(store, reader.id).listAudit(filter);
        if (raw.json) {
          write(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
        } else {
          write(`${formatAuditTable(entries, { locale, timeZone })}\n`);
        }
      } catch (error) {
        if (!isKamError(error)) throw error;
        this.error(error.messageIn(locale), { exitCode: 1, code: `kamkit.${error.code}` });
      } finally {
        await store?.close();
      }
    });
}
