/**
 * `kamkit report <kind>`: build a report from the store and print it as
 * Markdown, WeChat text, Slack Block Kit JSON, standalone HTML or the report
 * data as JSON.
 *
 * @module
 */

import { closeSync, openSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Argument, type Command, Option } from 'commander';
import { resolveActingUser } from '../authz/act-as.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { readConfigFile } from '../config/read-config-file.js';
import { KAM_ERROR_CODES, KamError, type Locale, type LocalisedText, notFound } from '../errors/kam-error.js';
import { writeJson } from '../output/json-output.js';
import { assertMonthHasData, defaultMonth } from '../portfolio/default-month.js';
import { defaultPolicies, type PortfolioPolicies } from '../portfolio/policies.js';
import { ensureMonthResults } from '../refresh/ensure-month.js';
import { refreshMonth } from '../refresh/refresh-month.js';
import { staleNote } from '../results/freshness.js';
import type { CompetencyModel } from '../review360/model.js';
import { createMemoryReviewRepository, type ReviewRepository } from '../review360/repository.js';
import { createSqlReviewRepository } from '../review360/sql-repository.js';
import type { Store } from '../store/port.js';
import { DEFAULT_TIME_ZONE, localDate } from '../time/calendar.js';
import { parsePeriod } from '../time/period.js';
import { loadAccountReport } from './data/account-report.js';
import { loadDueDigest } from './data/due-digest.js';
import { type KpiTargets, kpiScorecardFrom, loadKpiTargets } from './data/kpi-scorecard.js';
import { loadKpiSource } from './data/kpi-source.js';
import { loadReview360Report } from './data/review360-reader.js';
import { loadStoredPortfolioAnalysis } from './data/stored-portfolio.js';
import { type ReportData, renderReport } from './render/render-report.js';
import { loadTemplateOverrides } from './render/templates.js';

/** The report kinds of `kamkit report`. */
export const REPORT_KINDS = ['portfolio', 'account', 'card', 'kpi', 'digest', 'review360'] as const;
/** One of {@link REPORT_KINDS}. */
export type ReportKind = (typeof REPORT_KINDS)[number];

/** What the report command needs from its host. */
export interface ReportCommandOptions {
  /** Opens the store to read; the command closes it when done. */
  openStore: () => Promise<Store>;
  /** Default locale (`--locale` overrides). */
  locale?: Locale;
  /** Where the report goes without `--out` (default `process.stdout`). */
  stdout?: {
    /** Write one chunk of output. */
    write(text: string): unknown;
  };
  /** Clock: the default period is the last complete month. */
  now?: () => Date;
  /**
   * The 360° repository of an open store (`review360`). Default: the SQL
   * repository on a PostgreSQL store, else an empty in-memory one.
   */
  reviewRepository?: (store: Store) => ReviewRepository;
  /** Competency models besides the presets (`review360`). */
  models?: readonly CompetencyModel[];
  /**
   * The resolved configuration: its locale, time zone, policies, template
   * folder and KPI targets are the defaults the flags override.
   */
  config?: () => Promise<ResolvedConfig>;
  /**
   * The operator at the terminal (a user id): `--as` is accepted only for
   * users they may act as. Default: the `KAMKIT_OPERATOR` environment variable.
   */
  operator?: string;
  /** Environment to read `KAMKIT_OPERATOR` from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

interface ReportFlags {
  period?: string;
  format: 'md' | 'txt' | 'html' | 'json' | 'slack';
  account?: string;
  locale?: Locale;
  templates?: string;
  targets?: string;
  out?: string;
  timeZone?: string;
  cycle?: string;
  subject?: string;
  as?: string;
}

/**
 * Register `kamkit report <kind> --period … --format md|txt|html|json|slack
 * [--account <id>] [--locale zh-CN|en] [--templates <dir>] [--targets <file>]
 * [--out <file>]`. Kinds: `portfolio` (monthly analysis), `account` (periodic
 * account report: month, quarter or year), `card` (account status card),
 * `kpi` (account-manager scorecard with collections, targets from a YAML/JSON
 * file), `digest` (due actions of a day), `review360` (`--cycle <id>
 * [--subject <id>] --as <userId>`: a subject's 360° report, or the cycle
 * summary without `--subject`, as the user given by `--as` may read it).
 *
 * @example
 * ```ts
 * const program = new Command('kamkit');
 * registerReportCommand(program, { openStore: () => openStore() });
 * await program.parseAsync(['node', 'kamkit', 'report', 'portfolio', '--period', '2026-10', '--format', 'md']);
 * ```
 */
export function registerReportCommand(program: Command, options: ReportCommandOptions): Command {
  const zh = options.locale === 'zh-CN';
  return program
    .command('report')
    .description(
      zh
        ? '生成报表（经营分析、客户报告、状态卡、考核、待办、360 度评估）'
        : 'Produce a report (portfolio, account, card, kpi, digest, review360)',
    )
    .addArgument(new Argument('<kind>', REPORT_KINDS.join(' | ')).choices(REPORT_KINDS))
    .option(
      '--period <period>',
      'YYYY-MM, YYYY-Qn or YYYY (default: the last complete month with data; digest: YYYY-MM-DD)',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['md', 'txt', 'html', 'json', 'slack'])
        .default('md'),
    )
    .option('--account <id>', 'the account (account, card)')
    .addOption(new Option('--locale <locale>', 'zh-CN or en').choices(['zh-CN', 'en']))
    .option('--templates <dir>', 'folder of .hbs templates overriding the built-ins by name')
    .option('--targets <file>', 'KPI targets (YAML or JSON)')
    .option('--cycle <id>', 'the 360° cycle (review360)')
    .option(
      '--subject <id>',
      'the subject of a 360° individual report; omit for the cycle summary (review360)',
    )
    .option(
      '--as <userId>',
      'the user reading the report (review360); needs KAMKIT_OPERATOR, who must be that user or manage them',
    )
    .option('--out <file>', 'write to a file instead of standard output')
    .option(
      '--time-zone <zone>',
      `the organisation time zone (default: configured, else ${DEFAULT_TIME_ZONE})`,
    )
    .action(async (kind: ReportKind, flags: ReportFlags) => {
      const config = await options.config?.();
      const locale = flags.locale ?? config?.locale ?? options.locale ?? 'zh-CN';
      const timeZone = flags.timeZone ?? config?.timeZone ?? DEFAULT_TIME_ZONE;
      const now = (options.now ?? (() => new Date()))();
      const today = localDate(now, timeZone);
      const templateFolder = flags.templates ?? config?.templates;
      const templates = templateFolder ? await loadTemplateOverrides(templateFolder) : undefined;
      const store = await options.openStore();
      let report: ReportData;
      const stale: { month: string; note: LocalisedText }[] = [];
      try {
        report = await buildFor(kind, flags, store, {
          stale,
          today,
          locale,
          timeZone,
          policies: config?.policies,
          targets: config?.kpiTargets,
          options: config
            ? { ...options, models: [...(options.models ?? []), ...config.review360.models] }
            : options,
        });
        const stdout = options.stdout ?? process.stdout;
        if (flags.format === 'json') {
          // In pieces: a month's portfolio report at 100,000 accounts is ~30 MB of JSON.
          const file = flags.out === undefined ? undefined : openSync(flags.out, 'w');
          try {
            await writeJson(
              report,
              file === undefined ? stdout : { write: (piece) => writeSync(file, piece) },
            );
          } finally {
            if (file !== undefined) closeSync(file);
          }
        } else {
          const rendered = renderReport(report, {
            locale,
            format: flags.format,
            timeZone,
            generatedAt: now,
            ...(templates ? { templates } : {}),
          });
          const output =
            rendered.format === 'html'
              ? rendered.html
              : rendered.format === 'slack'
                ? `${JSON.stringify(rendered.messages, null, 2)}\n`
                : rendered.text;
          if (flags.out) await writeFile(flags.out, output);
          else stdout.write(output);
        }
        for (const { month, note } of stale) {
          process.stderr.write(`${note[locale]}\n`);
          await refreshMonth({ store, policies: config?.policies ?? defaultPolicies(), month, timeZone });
        }
      } finally {
        await store.close();
      }
    });
}

async function buildFor(
  kind: ReportKind,
  flags: ReportFlags,
  store: Store,
  context: {
    today: string;
    locale: Locale;
    timeZone: string;
    policies: PortfolioPolicies | undefined;
    targets: KpiTargets | undefined;
    options: ReportCommandOptions;
    /** Months whose stored results were stale when read: noted on stderr and refreshed after the output. */
    stale: { month: string; note: LocalisedText }[];
  },
): Promise<ReportData> {
  if (kind === 'review360') return buildReview360For(flags, store, context.options);
  const { timeZone } = context;
  if (kind === 'digest') {
    const date = flags.period ?? context.today;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw usage('--period', 'YYYY-MM-DD');
    const { digest, month, freshness } = await loadDueDigest({
      store,
      policies: context.policies ?? defaultPolicies(),
      date,
      timeZone,
    });
    if (freshness.stale) context.stale.push({ month, note: staleNote(freshness, timeZone) });
    return digest;
  }
  const period = parsePeriod(flags.period ?? (await defaultMonth(store, { today: context.today })));
  if (flags.period !== undefined && period.kind === 'month')
    await assertMonthHasData(store, period.month, '--period');
  if ((kind === 'portfolio' || kind === 'card') && period.kind !== 'month')
    throw usage('--period', 'YYYY-MM');
  const asOf =
    period.kind === 'month'
      ? period.month
      : period.kind === 'quarter'
        ? `${period.year}-${String(period.quarter * 3).padStart(2, '0')}`
        : period.kind === 'year'
          ? `${period.year}-12`
          : period.end;
  if (kind === 'portfolio' || kind === 'card') {
    // The month's stored results: one small row (portfolio) or one account's row (card).
    const resolved = context.policies ?? defaultPolicies();
    const freshness = await ensureMonthResults({ store, policies: resolved, month: asOf, timeZone });
    if (freshness.stale) context.stale.push({ month: asOf, note: staleNote(freshness, timeZone) });
    if (kind === 'portfolio')
      return (await loadStoredPortfolioAnalysis({ store, policies: resolved, month: asOf, timeZone }))
        .analysis;
    const account = requireAccount(flags);
    const row = await store.results.getAccountMonth(asOf, account);
    if (row === undefined) throw notFound('account', account);
    return row.card;
  }
  // One account's rows and its peers' totals, read by index.
  if (kind === 'account') return loadAccountReport(store, requireAccount(flags), { period });
  // kind === 'kpi': the stored tiers of the period's last month and the month before, and the rows it reads.
  const targets = flags.targets
    ? loadKpiTargets(await readConfigFile(flags.targets, { 'zh-CN': '考核目标文件', en: 'KPI targets file' }))
    : (context.targets ?? []);
  const { source, results } = await loadKpiSource(store, {
    period,
    policies: context.policies ?? defaultPolicies(),
    timeZone,
  });
  for (const { month, freshness } of results)
    if (freshness.stale) context.stale.push({ month, note: staleNote(freshness, timeZone) });
  return kpiScorecardFrom(source, { period, targets });
}

async function buildReview360For(
  flags: ReportFlags,
  store: Store,
  options: ReportCommandOptions,
): Promise<ReportData> {
  if (!flags.cycle) throw usage('--cycle', '<cycle id>');
  const reader = await resolveActingUser(store, flags.as, {
    ...(options.operator === undefined ? {} : { operator: options.operator }),
    ...(options.env ? { env: options.env } : {}),
  });
  if (!reader) throw usage('--as', '<user id>');
  const repository =
    options.reviewRepository?.(store) ??
    (store.sql ? createSqlReviewRepository(store.sql) : createMemoryReviewRepository());
  return loadReview360Report({
    repository,
    reader,
    cycleId: flags.cycle,
    ...(flags.subject === undefined ? {} : { subjectId: flags.subject }),
    ...(options.models ? { models: options.models } : {}),
    directory: store,
  });
}

function requireAccount(flags: ReportFlags): string {
  if (!flags.account) throw usage('--account', '<account id>');
  return flags.account;
}

function usage(option: string, expected: string): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path: option,
    message: { 'zh-CN': `${option} 应为 ${expected}`, en: `${option} must be ${expected}` },
  });
}
