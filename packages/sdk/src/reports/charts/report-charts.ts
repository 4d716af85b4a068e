import type { Locale } from '../../errors/kam-error.js';
import { formatNumber, formatPercent } from '../../money/decimal.js';
import { formatMoney } from '../../money/money.js';
import type { AccountCard } from '../data/account-card.js';
import type { PortfolioAnalysis } from '../data/portfolio-analysis.js';
import type { Review360Individual } from '../data/review360-report.js';
import type { ReportData } from '../render/render-report.js';
import { barChart, lineChart, radarChart } from './svg.js';

const TITLES = {
  tiers: { 'zh-CN': '各级客户数', en: 'Accounts per tier' },
  tierRevenue: { 'zh-CN': '各级本月收入', en: 'Revenue per tier this month' },
  trend: { 'zh-CN': '近 12 个月收入', en: 'Revenue, last 12 months' },
  self: { 'zh-CN': '自评', en: 'Self' },
  others: { 'zh-CN': '他评', en: 'Others' },
  radar: { 'zh-CN': '360° 各维度：自评与他评', en: '360°: self vs others by dimension' },
} as const;

/** Tier distribution of a portfolio analysis: accounts per tier, as SVG. */
export function tierDistributionChart(analysis: PortfolioAnalysis, locale: Locale): string {
  return barChart({
    title: TITLES.tiers[locale],
    bars: analysis.tiers.map((line) => ({ label: line.label[locale], value: line.count })),
  });
}

/** Revenue per tier of a portfolio analysis, as SVG. */
export function tierRevenueChart(analysis: PortfolioAnalysis, locale: Locale): string {
  return barChart({
    title: TITLES.tierRevenue[locale],
    colour: '#0f766e',
    valueWidth: 170,
    bars: analysis.tiers.map((line) => ({
      label: line.label[locale],
      value: line.revenueFen,
      valueText: `${formatMoney(line.revenueFen, locale)} · ${formatPercent(line.share)}`,
    })),
  });
}

/** A monthly revenue trend (e.g. an account card's twelve months), as SVG. */
export function monthlyTrendChart(trend: AccountCard['trend'], locale: Locale, width = 560): string {
  return lineChart({
    width,
    title: TITLES.trend[locale],
    points: trend.months.map((month, index) => ({
      label: month.slice(2),
      value: trend.revenueFen[index] ?? 0,
    })),
    format: (value) => formatMoney(value, locale),
  });
}

/** A 360° report's dimensions, self against others, as an SVG radar. */
export function review360RadarChart(report: Review360Individual, locale: Locale, size = 360): string {
  return radarChart({
    size,
    title: TITLES.radar[locale],
    axes: report.dimensions.map((dimension) => dimension.name[locale]),
    min: report.scale.min,
    max: report.scale.max,
    series: [
      { name: TITLES.self[locale], values: report.dimensions.map((dimension) => dimension.self) },
      { name: TITLES.others[locale], values: report.dimensions.map((dimension) => dimension.others) },
    ],
  });
}

/** One chart of a report for a chat message: file name, title, alt text and SVG. */
export interface ReportChart {
  /** A file name without extension, e.g. `tiers` or `trend-acc-0007`. */
  name: string;
  /** The chart's title in the reader's language. */
  title: string;
  /** What the chart shows, in words and figures, for screen readers (≤ 1,000 characters). */
  altText: string;
  svg: string;
}

/** Alt text of a chart: its title, then its figures, cut at 1,000 characters. */
function altText(title: string, figures: readonly string[], locale: Locale): string {
  const text = `${title}${locale === 'zh-CN' ? '：' : ': '}${figures.join(locale === 'zh-CN' ? '；' : '; ')}`;
  const characters = [...text];
  return characters.length <= 1000 ? text : `${characters.slice(0, 999).join('')}…`;
}

function trendChart(
  name: string,
  subject: string | null,
  trend: AccountCard['trend'],
  locale: Locale,
): ReportChart {
  const title = subject === null ? TITLES.trend[locale] : `${subject} · ${TITLES.trend[locale]}`;
  return {
    name,
    title,
    altText: altText(
      title,
      trend.months.map((month, index) => `${month} ${formatMoney(trend.revenueFen[index] ?? 0, locale)}`),
      locale,
    ),
    svg: monthlyTrendChart(trend, locale),
  };
}

/**
 * The charts worth attaching to a report in a chat message: a portfolio
 * analysis gets its tier distribution and monthly revenue trend, an account
 * report or card the account's twelve-month trend, a 360° individual report
 * the self-against-others radar; other reports none. Each comes with alt text
 * giving its figures, in the reader's language. Turn the SVG into an image
 * with {@link svgToPng}.
 *
 * @example
 * ```ts
 * for (const chart of reportCharts(analysis, 'zh-CN')) {
 *   await client.files.uploadV2({ channel_id, file: Buffer.from(await svgToPng(chart.svg)), filename: `${chart.name}.png`, title: chart.title, alt_text: chart.altText });
 * }
 * ```
 */
export function reportCharts(report: ReportData, locale: Locale): ReportChart[] {
  switch (report.kind) {
    case 'portfolio-analysis':
      return [
        {
          name: `tiers-${report.month}`,
          title: TITLES.tiers[locale],
          altText: altText(
            TITLES.tiers[locale],
            report.tiers.map((line) => `${line.label[locale]} ${line.count}`),
            locale,
          ),
          svg: tierDistributionChart(report, locale),
        },
        trendChart(`trend-${report.month}`, null, report.trend, locale),
      ];
    case 'account-report':
    case 'account-card':
      return [trendChart(`trend-${report.accountId}`, report.name, report.trend, locale)];
    case 'review360-individual': {
      const score = (value: number | null) => (value === null ? '—' : formatNumber(value, { fixed: true }));
      const title = `${report.subjectName} · ${TITLES.radar[locale]}`;
      return [
        {
          name: 'review360-radar',
          title,
          altText: altText(
            title,
            report.dimensions.map(
              (dimension) =>
                `${dimension.name[locale]} ${TITLES.self[locale]} ${score(dimension.self)} / ${TITLES.others[locale]} ${score(dimension.others)}`,
            ),
            locale,
          ),
          svg: review360RadarChart(report, locale),
        },
      ];
    }
    default:
      return [];
  }
}
