import { z } from 'zod';
import { Id, IsoDate, NonNegativeFen } from './common.js';

/**
 * One payment received from an account (回款, a collection). Money is integer
 * fen, like transactions; `date` is the day the money was received, in the
 * organisation's time zone. `invoice` names the invoice or other reference the
 * payment settles, when known.
 *
 * Payments are not matched to transactions one by one: collections are
 * compared with billed revenue per period (see the KPI scorecard).
 */
export const PaymentSchema = z.object({
  id: Id,
  accountId: Id,
  date: IsoDate,
  amountFen: NonNegativeFen,
  invoice: z.string().trim().min(1).optional(),
  note: z.string().trim().min(1).optional(),
});
/** One payment received (回款). */
export type Payment = z.infer<typeof PaymentSchema>;
/** Input form of a payment. */
export type PaymentInput = z.input<typeof PaymentSchema>;
