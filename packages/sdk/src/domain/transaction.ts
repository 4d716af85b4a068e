import { z } from 'zod';
import { Fen, Id, IsoDate, KeyText, NonNegativeFen } from './common.js';

/**
 * One purchase by an account. Money is integer fen; `date` is the business date
 * in the organisation's time zone.
 *
 * `units` counts what was bought in `unit` (e.g. km flown, kWh) for unit prices;
 * `costFen` or `profitFen` give profit (profit = amount − cost when only cost is
 * known); `marketTotalFen` is the customer's total spend in the market for the
 * same line, when known, for share of wallet.
 */
export const TransactionSchema = z.object({
  id: Id,
  accountId: Id,
  date: IsoDate,
  amountFen: NonNegativeFen,
  category: KeyText.default('general'),
  units: z.number().nonnegative().optional(),
  unit: KeyText.optional(),
  costFen: NonNegativeFen.optional(),
  profitFen: Fen.optional(),
  marketTotalFen: NonNegativeFen.optional(),
});
/** One purchase. */
export type Transaction = z.infer<typeof TransactionSchema>;
/** Input form of a transaction. */
export type TransactionInput = z.input<typeof TransactionSchema>;

/** The profit of a transaction in fen, or `undefined` when neither cost nor profit is known. */
export function profitOf(transaction: Transaction): number | undefined {
  if (transaction.profitFen !== undefined) return transaction.profitFen;
  if (transaction.costFen !== undefined) return transaction.amountFen - transaction.costFen;
  return undefined;
}
