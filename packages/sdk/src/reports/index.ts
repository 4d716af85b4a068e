/**
 * Reports: pure report-data builders (account card, periodic account report,
 * portfolio analysis, KPI scorecard, 360° individual report and cycle
 * summary), their rendering through Handlebars templates per locale × format
 * (Markdown, WeChat text, Slack Block Kit, standalone HTML), SVG charts and
 * PNG conversion.
 *
 * @module
 */
export { svgToPng } from './charts/png.js';
export {
  monthlyTrendChart,
  type ReportChart,
  reportCharts,
  review360RadarChart,
  tierDistributionChart,
  tierRevenueChart,
} from './charts/report-charts.js';
export {
  type Bar,
  type BarChartOptions,
  barChart,
  CHART_COLOURS,
  escapeXml,
  type LineChartOptions,
  lineChart,
  type RadarChartOptions,
  type RadarSeries,
  radarChart,
} from './charts/svg.js';
export { type AccountCard, buildAccountCard, type StaffRef } from './data/account-card.js';
export {
  type AccountCategoryLine,
  type AccountReport,
  type AccountReportInput,
  type AccountReportOptions,
  accountReportFrom,
  buildAccountReport,
  type LoadAccountReportOptions,
  loadAccountReport,
} from './data/account-report.js';
export {
  type ChurnFigures,
  churnFigures,
  type LossReason,
  lossReason,
  sumChurn,
} from './data/churn.js';
export {
  CROSS_SELL_LOOKBACK_MONTHS,
  type CrossSell,
  type CrossSellPair,
  crossSell,
} from './data/cross-sell.js';
export {
  buildDueDigest,
  type DigestAction,
  type DueDigest,
  type LoadDueDigestOptions,
  loadDueDigest,
} from './data/due-digest.js';
export {
  buildKpiScorecard,
  type KpiCollections,
  type KpiContracts,
  type KpiCrossSell,
  type KpiLine,
  type KpiProfit,
  type KpiScorecard,
  type KpiScorecardOptions,
  type KpiSource,
  type KpiTargets,
  KpiTargetsSchema,
  kpiScorecardFrom,
  kpiSourceFromReport,
  loadKpiTargets,
} from './data/kpi-scorecard.js';
export {
  type KpiResultsMonth,
  type LoadedKpiSource,
  type LoadKpiSourceOptions,
  loadKpiSource,
} from './data/kpi-source.js';
export {
  buildPortfolioAnalysis,
  type FocusAccount,
  type PortfolioAnalysis,
  type PortfolioAnalysisOptions,
  type RevenueComparison,
  type TierLine,
  withUnitPlans,
} from './data/portfolio-analysis.js';
export { type LoadReview360ReportOptions, loadReview360Report } from './data/review360-reader.js';
export {
  buildReview360Individual,
  buildReview360Summary,
  type Review360Individual,
  type Review360Summary,
  type Review360Unit,
} from './data/review360-report.js';
export {
  type LoadReportSourceOptions,
  loadReportSource,
  type ReportInputs,
  type ReportSource,
  readReportInputs,
  reportSourceFromInputs,
} from './data/source.js';
export {
  type LoadStoredPortfolioAnalysisOptions,
  loadStoredPortfolioAnalysis,
} from './data/stored-portfolio.js';
export { REPORT_MESSAGES } from './render/messages.js';
export {
  REPORT_FORMATS,
  REPORT_TEMPLATE_NAMES,
  type RenderedReport,
  type RenderReportOptions,
  type ReportData,
  type ReportFormat,
  renderReport,
  resolveTemplate,
} from './render/render-report.js';
export {
  type LimitSlackMessagesOptions,
  limitSlackMessages,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
  type SlackMrkdwn,
  toSlackMessages,
} from './render/slack-blocks.js';
export { splitMessages, utf8Bytes } from './render/split-messages.js';
export {
  builtInTemplates,
  compileTemplate,
  loadTemplateOverrides,
  type ReportTemplate,
  type TemplateSet,
} from './render/templates.js';
