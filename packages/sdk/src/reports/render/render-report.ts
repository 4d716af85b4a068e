import { type Locale, notFound } from '../../errors/kam-error.js';
import { DEFAULT_TIME_ZONE } from '../../time/calendar.js';
import {
  monthlyTrendChart,
  review360RadarChart,
  tierDistributionChart,
  tierRevenueChart,
} from '../charts/report-charts.js';
import type { AccountCard } from '../data/account-card.js';
import type { AccountReport } from '../data/account-report.js';
import type { DueDigest } from '../data/due-digest.js';
import type { KpiScorecard } from '../data/kpi-scorecard.js';
import type { PortfolioAnalysis } from '../data/portfolio-analysis.js';
import type { Review360Individual, Review360Summary } from '../data/review360-report.js';
import type { RenderData } from './helpers.js';
import { type SlackMessage, toSlackMessages } from './slack-blocks.js';
import { splitMessages } from './split-messages.js';
import { builtInTemplates, type ReportTemplate, type TemplateSet } from './templates.js';

/** Any report the builders produce. */
export type ReportData =
  | AccountCard
  | AccountReport
  | PortfolioAnalysis
  | KpiScorecard
  | Review360Individual
  | Review360Summary
  | DueDigest;

/** Output formats: Markdown, plain text for WeChat, Slack Block Kit, standalone HTML. */
export const REPORT_FORMATS = ['md', 'txt', 'slack', 'html'] as const;
/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The template name of each report kind. */
export const REPORT_TEMPLATE_NAMES: Record<ReportData['kind'], string> = {
  'account-card': 'account-card',
  'account-report': 'account-report',
  'portfolio-analysis': 'portfolio',
  'kpi-scorecard': 'kpi',
  'review360-individual': 'review360',
  'review360-summary': 'review360-summary',
  'due-digest': 'due-digest',
};

/** Options for {@link renderReport}. */
export interface RenderReportOptions {
  locale: Locale;
  format: ReportFormat;
  /** The organisation's time zone for dates (default Asia/Shanghai). */
  timeZone?: string;
  /** Overrides by name (see {@link loadTemplateOverrides}); built-ins fill the rest. */
  templates?: TemplateSet;
  /** When the report was produced (default now). */
  generatedAt?: Date;
  /** WeChat message size limit in bytes (default 2,048). */
  messageBytes?: number;
}

/** A rendered report. */
export type RenderedReport =
  | { format: 'md'; text: string }
  | { format: 'txt'; text: string /** Messages under the WeChat byte limit. */; messages: string[] }
  | { format: 'slack'; text: string; messages: SlackMessage[] }
  | { format: 'html'; html: string };

/**
 * The template that renders `name` in `format` and `locale`: overrides first,
 * then built-ins, looking for `<name>.<format>.<locale>`, `<name>.<format>`,
 * then the shared `<name>.text` (md, txt, slack) or `<name>.html`.
 */
export function resolveTemplate(
  name: string,
  format: ReportFormat | 'layout',
  locale: Locale,
  overrides: TemplateSet = new Map(),
): ReportTemplate {
  const shared = format === 'html' || format === 'layout' ? 'html' : 'text';
  const base = format === 'layout' ? 'html' : format;
  const candidates = [
    `${name}.${base}.${locale}`,
    `${name}.${base}`,
    `${name}.${shared}.${locale}`,
    `${name}.${shared}`,
  ];
  const builtIn = builtInTemplates();
  for (const candidate of candidates) {
    const template = overrides.get(candidate) ?? builtIn.get(candidate);
    if (template) return template;
  }
  throw notFound('report template', `${name}.${base} (${locale})`);
}

/**
 * Render a report in a locale and format. Money is shown with ¥ (万/亿 in
 * zh-CN), dates in the organisation's time zone; the HTML embeds the SVG
 * charts; `txt` comes split into WeChat-sized messages and `slack` into
 * Block Kit messages within Slack's limits.
 *
 * @example
 * ```ts
 * const analysis = buildPortfolioAnalysis(await loadReportSource({ store, asOf: '2026-10' }));
 * const { html } = renderReport(analysis, { locale: 'zh-CN', format: 'html' }) as { html: string };
 * const wechat = renderReport(analysis, { locale: 'zh-CN', format: 'txt' });
 * ```
 */
export function renderReport(report: ReportData, options: RenderReportOptions): RenderedReport {
  const { locale, format } = options;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const name = REPORT_TEMPLATE_NAMES[report.kind];
  const template = resolveTemplate(name, format, locale, options.templates);
  const data: RenderData = { locale, format, timeZone };
  const context = {
    ...report,
    locale,
    timeZone,
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    charts: format === 'html' ? chartsFor(report, locale) : {},
  };
  const output = template(context, {
    data,
    partials: { layout: resolveTemplate('layout', 'layout', locale, options.templates) },
  });
  if (format === 'html') return { format, html: output };
  const text = tidy(output);
  if (format === 'txt') return { format, text, messages: splitMessages(text, options.messageBytes ?? 2048) };
  if (format === 'slack') return { format, text, messages: toSlackMessages(text) };
  return { format, text };
}

function tidy(text: string): string {
  return `${text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function chartsFor(report: ReportData, locale: Locale): Record<string, string> {
  switch (report.kind) {
    case 'portfolio-analysis':
      return {
        tierCounts: tierDistributionChart(report, locale),
        tierRevenue: tierRevenueChart(report, locale),
        trend: monthlyTrendChart(report.trend, locale, 1000),
      };
    case 'account-card':
      return { trend: monthlyTrendChart(report.trend, locale, 1000) };
    case 'review360-individual':
      return { radar: review360RadarChart(report, locale, 440) };
    default:
      return {};
  }
}
