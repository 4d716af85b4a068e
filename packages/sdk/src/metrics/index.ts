export {
  addToAggregate,
  aggregateTransactions,
  emptyAggregate,
  type MonthlyAggregate,
  mergeAggregate,
  rollUpAggregates,
} from './aggregate.js';
export {
  type AggregateColumns,
  type AggregateInput,
  aggregateColumnsOf,
  aggregateRowAt,
  aggregateRowsOf,
  isAggregateColumns,
  keepAggregateRows,
  rollUpAggregateColumns,
  toAggregateColumns,
} from './aggregate-columns.js';
export {
  type CategoryMix,
  type CategoryMixOptions,
  type CategoryShare,
  categoryMix,
} from './category-mix.js';
export {
  FigureContext,
  type FigureContextOptions,
  type FigureRef,
  type FigureRefInput,
  FigureRefSchema,
  figureKey,
} from './figures.js';
export {
  type ComputeMetricsOptions,
  computeMetrics,
  METRIC_INFO,
  METRIC_NAMES,
  type MetricName,
  type MetricTable,
  metricsOf,
} from './metric-table.js';
export { monthlyRevenueSeries } from './monthly-series.js';
