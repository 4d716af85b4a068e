/**
 * `kamkit alerts` as work items: `list` the stored alerts with their status,
 * assignee and cause (or export them, `--format csv|jsonl`, to fill in and
 * bring back with `kamkit import alerts`), and `ack`, `explain`, `assign`, `close` one of them.
 * Each change acts as one user (`KAMKIT_OPERATOR`, or `--as` a user they manage) through the
 * scoped store, so rights and the audit entry follow that user.
 *
 * @module
 */
import { type Command, Option } from 'commander';
import { scopeStore } from '../access/scoped-store.js';
import { ALERT_STATUS_LABELS, type AlertChange } from '../alerts/alert-work.js';
import { KAM_ERROR_CODES, KamError, type Locale } from '../errors/kam-error.js';
import { csvLine } from '../import/reject-report.js';
import { ALERT_STATUSES, type AlertStatus, type StoredAlert } from '../store/port.js';
import { requireActingUser } from './acting-user.js';
import type { CliContext } from './context.js';

/** The columns of `kamkit alerts list --format csv`, as `kamkit import alerts` reads them back. */
const CSV_COLUMNS = [
  { field: 'id', 'zh-CN': '预警编号', en: 'id' },
  { field: 'accountId', 'zh-CN': '客户编号', en: 'accountId' },
  { field: 'monitorId', 'zh-CN': '监测项', en: 'monitorId' },
  { field: 'period', 'zh-CN': '月份', en: 'period' },
  { field: 'severity', 'zh-CN': '级别', en: 'severity' },
  { field: 'message', 'zh-CN': '预警内容', en: 'message' },
  { field: 'status', 'zh-CN': '状态', en: 'status' },
  { field: 'assignee', 'zh-CN': '负责人', en: 'assignee' },
  { field: 'cause', 'zh-CN': '原因', en: 'cause' },
  { field: 'note', 'zh-CN': '备注', en: 'note' },
] as const;

/**
 * The alerts as a spreadsheet to fill in and import back (`kamkit import
 * alerts`): headers, statuses and causes in the reader's language, a BOM so
 * Excel reads the UTF-8, every cell neutralised against formulas.
 */
function alertsCsv(rows: readonly StoredAlert[], locale: Locale, causeLabel: (id: string) => string): string {
  const cells = (alert: StoredAlert): Record<(typeof CSV_COLUMNS)[number]['field'], string> => ({
    id: alert.id,
    accountId: alert.accountId,
    monitorId: alert.monitorId ?? '',
    period: alert.period,
    severity: alert.severity ?? '',
    message: alert.message?.[locale] ?? '',
    status: ALERT_STATUS_LABELS[alert.status][locale],
    assignee: alert.assignee ?? '',
    cause: alert.cause ? causeLabel(alert.cause) : '',
    note: alert.note ?? '',
  });
  const lines = [
    csvLine(CSV_COLUMNS.map((column) => column[locale])),
    ...rows.map((alert) => {
      const row = cells(alert);
      return csvLine(CSV_COLUMNS.map((column) => row[column.field]));
    }),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One stored alert on one line: id, status, assignee, cause, message. */
function alertLine(alert: StoredAlert, zh: boolean, causeLabel: (id: string) => string): string {
  const locale = zh ? 'zh-CN' : 'en';
  const parts = [`${alert.id}`, `[${ALERT_STATUS_LABELS[alert.status][locale]}]`];
  if (alert.assignee) parts.push(zh ? `负责人 ${alert.assignee}` : `assignee ${alert.assignee}`);
  if (alert.cause) parts.push(zh ? `原因 ${causeLabel(alert.cause)}` : `cause ${causeLabel(alert.cause)}`);
  if (alert.message) parts.push(alert.message[locale]);
  if (alert.note) parts.push(`— ${alert.note}`);
  return `  ${parts.join(' · ')}`;
}

function statusOption(value: string | undefined): AlertStatus | undefined {
  if (value === undefined) return undefined;
  if ((ALERT_STATUSES as readonly string[]).includes(value)) return value as AlertStatus;
  throw new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path: '--status',
    message: {
      'zh-CN': `--status 应为 ${ALERT_STATUSES.join('、')} 之一，收到：${value}`,
      en: `--status expects one of ${ALERT_STATUSES.join(', ')}, got: ${value}`,
    },
  });
}

/**
 * Add `list`, `ack`, `explain`, `assign` and `close` to the `kamkit alerts`
 * command. The alerts are those saved by runs (`kamkit score/tier/…` with
 * saving, `runPortfolio`, `kamkit run`); the causes come from the configured
 * alert policy (`policies.alerts.causes`).
 */
export function registerAlertWorkCommands(alerts: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';

  alerts
    .command('list')
    .description(zhHelp ? '已保存的预警及其处理状态' : 'Stored alerts with their status, assignee and cause')
    .option('--status <status>', `only this status (${ALERT_STATUSES.join(', ')})`)
    .option('--account <id>', 'only this account')
    .option('--as <userId>', 'act as a user you manage (you are KAMKIT_OPERATOR)')
    .option('--json', 'print JSON')
    .addOption(
      new Option(
        '--format <format>',
        zhHelp
          ? '导出为 CSV 或 JSON Lines（每行一条预警），填写后用 kamkit import alerts 导回'
          : 'export as CSV or JSON Lines (one alert a line), to fill in and import back with kamkit import alerts',
      ).choices(['csv', 'jsonl']),
    )
    .action(async (_flags: unknown, command: Command) => {
      // `--json` and `--account` are options of `kamkit alerts` too: read them from either level.
      const flags = command.optsWithGlobals<{
        status?: string;
        account?: string;
        as?: string;
        json?: boolean;
        format?: 'csv' | 'jsonl';
      }>();
      const config = await context.config();
      const status = statusOption(flags.status);
      const store = await context.openStore();
      try {
        const scoped = scopeStore(store, await requireActingUser(store, flags.as, context.env));
        const rows = await scoped.listAlerts({
          ...(status ? { status } : {}),
          ...(flags.account ? { accountIds: [flags.account] } : {}),
        });
        if (flags.format === 'jsonl') {
          context.write(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
          return;
        }
        if (flags.json) {
          context.write(`${JSON.stringify({ alerts: rows }, null, 2)}\n`);
          return;
        }
        const zh = config.locale === 'zh-CN';
        const causes = new Map(
          config.policies.alerts.causes.map((cause) => [cause.id, cause.label] as const),
        );
        const causeLabel = (id: string) => causes.get(id)?.[config.locale] ?? id;
        if (flags.format === 'csv') {
          context.write(alertsCsv(rows, config.locale, causeLabel));
          return;
        }
        context.write(
          `${[
            zh ? `预警（共 ${rows.length} 条）` : `Alerts (${rows.length} in all)`,
            ...rows.map((row) => alertLine(row, zh, causeLabel)),
          ].join('\n')}\n`,
        );
      } finally {
        await store.close();
      }
    });

  const change = (
    name: string,
    description: { 'zh-CN': string; en: string },
    configure: (command: Command) => Command,
    toChange: (flags: Record<string, string | undefined>) => AlertChange,
  ) =>
    configure(
      alerts
        .command(`${name} <alertId>`)
        .description(zhHelp ? description['zh-CN'] : description.en)
        .option('--note <text>', 'what was found or done')
        .option('--reason <text>', 'a reason recorded in the audit log')
        .option('--as <userId>', 'act as a user you manage (you are KAMKIT_OPERATOR)')
        .option('--json', 'print JSON'),
    ).action(async (alertId: string, _flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<Record<string, string | undefined>>();
      const config = await context.config();
      const store = await context.openStore();
      try {
        const scoped = scopeStore(store, await requireActingUser(store, flags.as, context.env));
        const stored = await scoped.updateAlert(alertId, toChange(flags), {
          causes: config.policies.alerts.causes,
          ...(flags.reason !== undefined ? { reason: flags.reason } : {}),
        });
        if (flags.json) {
          context.write(`${JSON.stringify(stored, null, 2)}\n`);
          return;
        }
        const causes = new Map(
          config.policies.alerts.causes.map((cause) => [cause.id, cause.label] as const),
        );
        context.write(
          `${alertLine(stored, config.locale === 'zh-CN', (id) => causes.get(id)?.[config.locale] ?? id).trim()}\n`,
        );
      } finally {
        await store.close();
      }
    });

  const requireText = (value: string | undefined, option: string): string => {
    if (value !== undefined && value.trim() !== '') return value;
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path: option,
      message: { 'zh-CN': `缺少 ${option}`, en: `${option} is required` },
    });
  };

  change(
    'ack',
    { 'zh-CN': '确认已看到预警', en: 'Acknowledge an alert' },
    (command) => command,
    (flags) => ({ action: 'acknowledge', note: flags.note }),
  );
  change(
    'explain',
    {
      'zh-CN': '记录预警原因（员工、报价、服务、一次性、其他……）',
      en: 'Record the cause of an alert (staff, price, service, one-off, other…)',
    },
    (command) => command.option('--cause <cause>', 'a cause of the alert policy (id or label)'),
    (flags) => ({ action: 'explain', cause: requireText(flags.cause, '--cause'), note: flags.note }),
  );
  change(
    'assign',
    { 'zh-CN': '指派预警给员工处理', en: 'Assign an alert to a member of staff' },
    (command) => command.option('--to <userId>', 'who handles it'),
    (flags) => ({ action: 'assign', assignee: requireText(flags.to, '--to'), note: flags.note }),
  );
  change(
    'close',
    { 'zh-CN': '关闭预警', en: 'Close an alert' },
    (command) => command.option('--cause <cause>', 'a cause of the alert policy (id or label)'),
    (flags) => ({ action: 'close', cause: flags.cause, note: flags.note }),
  );
  return alerts;
}
