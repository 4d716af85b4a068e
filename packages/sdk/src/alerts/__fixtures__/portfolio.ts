import { type Account, type AccountInput, AccountSchema } from '../../domain/account.js';
import { emptyAggregate, type MonthlyAggregate } from '../../metrics/aggregate.js';
import { lastDayOfMonth } from '../../time/calendar.js';

/** A validated account with sensible defaults for tests. */
export function account(input: Partial<AccountInput> & { id: string }): Account {
  return AccountSchema.parse({ name: input.id, division: 'east', ...input });
}

/** One aggregate row: an account's revenue in a month (one transaction, on `lastDate` or the month end). */
export function monthRow(
  accountId: string,
  month: string,
  revenueFen: number,
  lastDate?: string,
): MonthlyAggregate {
  const row = emptyAggregate(accountId, month, 'general');
  row.revenueFen = revenueFen;
  row.count = revenueFen > 0 ? 1 : 0;
  row.lastDate = revenueFen > 0 ? (lastDate ?? lastDayOfMonth(month)) : '';
  return row;
}

/** Rows for consecutive months ending at `endMonth`, oldest first. */
export function series(
  accountId: string,
  endMonth: string,
  revenuesFen: readonly number[],
): MonthlyAggregate[] {
  const end = Number(endMonth.slice(0, 4)) * 12 + Number(endMonth.slice(5, 7)) - 1;
  return revenuesFen.map((revenue, offset) => {
    const index = end - (revenuesFen.length - 1) + offset;
    const month = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    return monthRow(accountId, month, revenue);
  });
}
