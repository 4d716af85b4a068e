import { monthFromIndex, monthIndex } from '../time/calendar.js';
import type { MonthlyAggregate } from './aggregate.js';

/**
 * Monthly revenue of each account over `months` months ending at `endMonth`,
 * oldest first; months without purchases are 0.
 */
export function monthlyRevenueSeries(
  aggregates: readonly MonthlyAggregate[],
  endMonth: string,
  months: number,
): { months: string[]; byAccount: Map<string, Float64Array> } {
  const end = monthIndex(endMonth);
  const start = end - months + 1;
  const byAccount = new Map<string, Float64Array>();
  for (const row of aggregates) {
    const month = monthIndex(row.month);
    if (month < start || month > end) continue;
    let series = byAccount.get(row.accountId);
    if (!series) {
      series = new Float64Array(months);
      byAccount.set(row.accountId, series);
    }
    series[month - start]! += row.revenueFen;
  }
  const labels: string[] = [];
  for (let month = start; month <= end; month++) labels.push(monthFromIndex(month));
  return { months: labels, byAccount };
}
