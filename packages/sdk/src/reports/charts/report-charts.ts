import type { Locale } from '../../errors/kam-error.js';
import { formatMoney } from '../../money/money.js';
import type { AccountCard } from '../data/account-card.js';
import type { PortfolioAnalysis } from '../data/portfolio-analysis.js';
import type { Review360Individual } from '../data/review360-report.js';
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
      valueText: `${formatMoney(line.revenueFen, locale)} · ${(line.share * 100).toFixed(1)}%`,
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
