import { monthFromIndex, monthIndex } from '../time/calendar.js';
import { type AggregateInput, toAggregateColumns } from './aggregate-columns.js';

/**
 * Monthly revenue of each account over `months` months ending at `endMonth`,
 * oldest first; months without purchases are 0.
 */
export function monthlyRevenueSeries(
  aggregates: AggregateInput,
  endMonth: string,
  months: number,
): { months: string[]; byAccount: Map<string, Float64Array> } {
  const end = monthIndex(endMonth);
  const start = end - months + 1;
  const byAccount = new Map<string, Float64Array>();
  const columns = toAggregateColumns(aggregates);
  let lastId: string | undefined;
  let series: Float64Array | undefined;
  for (let row = 0; row < columns.size; row++) {
    const month = columns.month[row]!;
    if (month < start || month > end) continue;
    const accountId = columns.accountId[row]!;
    if (accountId !== lastId) {
      lastId = accountId;
      series = byAccount.get(accountId);
      if (!series) {
        series = new Float64Array(months);
        byAccount.set(accountId, series);
      }
    }
    series![month - start]! += columns.revenueFen[row]!;
  }
  const labels: string[] = [];
  for (let month = start; month <= end; month++) labels.push(monthFromIndex(month));
  return { months: labels, byAccount };
}
