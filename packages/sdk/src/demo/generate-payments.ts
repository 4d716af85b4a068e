import type { Payment } from '../domain/payment.js';
import type { Transaction } from '../domain/transaction.js';
import { addMonths, lastDayOfMonth, monthOfDate } from '../time/calendar.js';
import { createRandom, randomTools } from './random.js';

/** How an account pays in the demo: months of lag and the share of each bill it ever pays. */
export interface DemoPaymentHabit {
  /** Months between billing and payment (0–3); one bill in five arrives a month later still. */
  lagMonths: number;
  /** Share of each month's billed revenue that is paid (1 for most accounts). */
  paidShare: number;
}

/** Options for {@link generatePayments}. */
export interface GeneratePaymentsOptions {
  /** Last month of data `YYYY-MM`: payments due later have not arrived yet and are left out. */
  asOf: string;
  /** PRNG seed (default 20261123), independent of the transactions' own sequence. */
  seed?: number;
}

/**
 * Generate the payments (回款) that settle a portfolio's billed revenue,
 * deterministically. Each account gets a habit: seven in ten pay within a month
 * of billing (lag 0–1), two in ten take two to three months, and one in ten are
 * laggards that pay late and only 60–90 % of each bill. Each month's bill is
 * paid in one or two payments in the month it falls due; a payment that would
 * arrive after `asOf` is not generated (it is still outstanding).
 *
 * Reads the transactions only, so adding payments to a demo leaves every other
 * generated figure unchanged.
 *
 * @example
 * ```ts
 * const portfolio = generatePortfolio({ asOf: '2026-10' });
 * const payments = generatePayments(portfolio.transactions, { asOf: '2026-10' });
 * ```
 */
export function generatePayments(
  transactions: readonly Transaction[],
  options: GeneratePaymentsOptions,
): { payments: Payment[]; habits: Map<string, DemoPaymentHabit> } {
  const tools = randomTools(createRandom((options.seed ?? 20_261_123) ^ 0x5a5a_a5a5));
  const { int, chance } = tools;
  const billed = new Map<string, Map<string, number>>();
  for (const transaction of transactions) {
    let months = billed.get(transaction.accountId);
    if (!months) {
      months = new Map();
      billed.set(transaction.accountId, months);
    }
    const month = monthOfDate(transaction.date);
    months.set(month, (months.get(month) ?? 0) + transaction.amountFen);
  }
  const habits = new Map<string, DemoPaymentHabit>();
  const payments: Payment[] = [];
  let number = 0;
  for (const accountId of [...billed.keys()].sort()) {
    const kind = tools.random();
    const habit: DemoPaymentHabit =
      kind < 0.7
        ? { lagMonths: int(0, 1), paidShare: 1 }
        : kind < 0.9
          ? { lagMonths: int(2, 3), paidShare: 1 }
          : { lagMonths: int(1, 3), paidShare: 0.6 + int(0, 30) / 100 };
    habits.set(accountId, habit);
    const months = billed.get(accountId)!;
    for (const month of [...months.keys()].sort()) {
      const due = Math.round((months.get(month)! * habit.paidShare) / 100) * 100;
      const lag = Math.min(3, habit.lagMonths + (chance(0.2) ? 1 : 0));
      const received = addMonths(month, lag);
      const lastDay = Number(lastDayOfMonth(received).slice(8));
      const parts = due >= 200 && chance(0.3) ? 2 : 1;
      const first = parts === 2 ? Math.round((due * (0.4 + tools.random() * 0.3)) / 100) * 100 : due;
      const amounts = parts === 2 ? [first, due - first] : [due];
      for (const amountFen of amounts) {
        const day = int(1, lastDay);
        if (received > options.asOf || amountFen <= 0) continue;
        payments.push({
          id: `pay-${String(++number).padStart(6, '0')}`,
          accountId,
          date: `${received}-${String(day).padStart(2, '0')}`,
          amountFen,
          invoice: `INV-${accountId}-${month}`,
        });
      }
    }
  }
  return { payments, habits };
}
