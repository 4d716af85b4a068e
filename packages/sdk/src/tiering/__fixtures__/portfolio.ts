/**
 * Small portfolios for tiering tests: accounts and monthly aggregates built
 * from yuan amounts, wrapped in a {@link FigureContext}.
 */
import { type Account, type AccountInput, AccountSchema } from '../../domain/account.js';
import { emptyAggregate, type MonthlyAggregate } from '../../metrics/aggregate.js';
import { FigureContext } from '../../metrics/figures.js';

/** An account with defaults filled in. */
export function account(id: string, extra: Partial<AccountInput> = {}): Account {
  return AccountSchema.parse({ id, name: id, division: 'east', ...extra });
}

/** One month of spend; amounts in yuan, stored in fen. */
export function spend(
  accountId: string,
  month: string,
  yuan: number,
  extra: { marketTotalYuan?: number; units?: number; category?: string } = {},
): MonthlyAggregate {
  const row = emptyAggregate(accountId, month, extra.category ?? 'general');
  row.revenueFen = Math.round(yuan * 100);
  row.count = 1;
  row.units = extra.units ?? 0;
  row.lastDate = `${month}-15`;
  if (extra.marketTotalYuan !== undefined) {
    row.marketTotalFen = Math.round(extra.marketTotalYuan * 100);
    row.marketBaseFen = row.revenueFen;
  }
  return row;
}

/** A figure context over `accounts` and `aggregates` as of `asOf`. */
export function contextOf(
  accounts: Account[],
  aggregates: MonthlyAggregate[],
  asOf = '2026-10',
): FigureContext {
  return new FigureContext({ accounts, aggregates, asOf });
}

/** Accounts with one cumulative spend each (yuan), all in month `2026-01`. */
export function cumulativePortfolio(spends: Record<string, number>, asOf = '2026-10'): FigureContext {
  const ids = Object.keys(spends);
  return contextOf(
    ids.map((id) => account(id)),
    ids.map((id) => spend(id, '2026-01', spends[id]!)),
    asOf,
  );
}
