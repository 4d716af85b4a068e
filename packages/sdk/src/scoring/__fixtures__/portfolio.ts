import { type Account, AccountSchema } from '../../domain/account.js';
import { emptyAggregate, type MonthlyAggregate } from '../../metrics/aggregate.js';
import { addMonths } from '../../time/calendar.js';

/** One monthly aggregate row; amounts in yuan for readability, stored as fen. */
export function row(
  accountId: string,
  month: string,
  figures: { revenueYuan: number; count?: number; profitYuan?: number; day?: number },
): MonthlyAggregate {
  const bucket = emptyAggregate(accountId, month, 'default');
  bucket.revenueFen = figures.revenueYuan * 100;
  bucket.count = figures.count ?? 1;
  if (figures.profitYuan !== undefined) {
    bucket.profitFen = figures.profitYuan * 100;
    bucket.profitBaseFen = bucket.revenueFen;
  }
  bucket.lastDate = `${month}-${String(figures.day ?? 15).padStart(2, '0')}`;
  return bucket;
}

/** Rows for `months` consecutive months ending at `endMonth`. */
export function monthly(
  accountId: string,
  endMonth: string,
  months: number,
  figures: { revenueYuan: number; profitYuan?: number; day?: number },
): MonthlyAggregate[] {
  return Array.from({ length: months }, (_, index) =>
    row(accountId, addMonths(endMonth, index - months + 1), figures),
  );
}

/** A small portfolio for the RFM and contribution-value presets, as of 2026-10. */
export function samplePortfolio(): { accounts: Account[]; aggregates: MonthlyAggregate[] } {
  const accounts = [
    {
      id: 'acme',
      name: 'Acme',
      division: 'north',
      attributes: { creditScore: 92, potential: 4, industryStanding: 5 },
    },
    {
      id: 'globex',
      name: 'Globex',
      division: 'north',
      attributes: { creditScore: 70, potential: 5, industryStanding: 3 },
    },
    { id: 'initech', name: 'Initech', division: 'south', attributes: { creditScore: 55, potential: 2 } },
    { id: 'umbrella', name: 'Umbrella', division: 'south', attributes: { creditScore: '61', potential: 1 } },
  ].map((account) => AccountSchema.parse(account));
  const aggregates = [
    // acme: ¥100,000 a month for two years, 20 % margin, bought on the 28th of October last.
    ...monthly('acme', '2026-10', 24, { revenueYuan: 100_000, profitYuan: 20_000, day: 28 }),
    // globex: doubled from ¥25,000 to ¥50,000 a month, 30 % margin; nothing in October.
    ...monthly('globex', '2025-10', 12, { revenueYuan: 25_000, profitYuan: 7_500 }),
    row('globex', '2025-11', { revenueYuan: 50_000, profitYuan: 15_000 }),
    row('globex', '2026-01', { revenueYuan: 1_850_000, profitYuan: 555_000 }),
    row('globex', '2026-09', { revenueYuan: 100_000, profitYuan: 30_000 }),
    // initech: one purchase of ¥10,000 in February, profit unknown.
    row('initech', '2026-02', { revenueYuan: 10_000, day: 10 }),
  ];
  return { accounts, aggregates };
}
