import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addMonths, monthOfDate } from '../time/calendar.js';
import { generatePayments } from './generate-payments.js';
import { generatePortfolio } from './generate-portfolio.js';

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('demo payments (回款)', () => {
  const portfolio = generatePortfolio({ asOf: '2026-10' });

  it('are deterministic and leave every other generated figure as it was', () => {
    expect(generatePortfolio({ asOf: '2026-10' }).payments).toEqual(portfolio.payments);
    expect(new Set(portfolio.payments.map((payment) => payment.id)).size).toBe(portfolio.payments.length);
    // Contracts, complaints and the units' narratives have their own PRNG too (generate-records.test.ts).
    const {
      payments: _payments,
      interactions: _interactions,
      contracts: _contracts,
      complaints: _complaints,
      unitPlans: _unitPlans,
      ...rest
    } = portfolio;
    // The portfolio as generated before payments existed (users, accounts, contacts, transactions; the contact
    // history has its own PRNG); power-sector accounts carry contractedCapacityKva (the power admission's
    // attribute) and attractiveness. The key dates and birthdays added later take no draw: without them
    // the digest is the one from before.
    const withoutKeyDates = {
      ...rest,
      accounts: rest.accounts.map(({ keyDates: _keyDates, ...account }) => account),
      contacts: rest.contacts.map(({ birthday: _birthday, ...contact }) => contact),
    };
    expect(digest(withoutKeyDates)).toBe('0114cc364f8cd9b4de2d86da0dca0c8907f9f6153258dbc64a47f3ece6bd28cd');
    expect(rest.accounts.filter((account) => account.keyDates !== undefined)).toHaveLength(4);
    expect(rest.contacts.filter((contact) => contact.birthday !== undefined)).toHaveLength(3);
    expect(digest(portfolio.payments)).toBe(
      '2c73a377a5f66ba7497d3b8737dc37c06c7ddf895a9d3651407153ad40def18d',
    );
  });

  it('settle each bill 0–3 months after it, never after asOf, never more than was billed', () => {
    const billed = new Map<string, number>();
    for (const transaction of portfolio.transactions) {
      const key = `${transaction.accountId} ${monthOfDate(transaction.date)}`;
      billed.set(key, (billed.get(key) ?? 0) + transaction.amountFen);
    }
    const paid = new Map<string, number>();
    for (const payment of portfolio.payments) {
      const billedMonth = payment.invoice!.slice(-7);
      const month = monthOfDate(payment.date);
      expect(month >= billedMonth && month <= addMonths(billedMonth, 3)).toBe(true);
      expect(month <= '2026-10').toBe(true);
      const key = `${payment.accountId} ${billedMonth}`;
      paid.set(key, (paid.get(key) ?? 0) + payment.amountFen);
    }
    for (const [key, amount] of paid) expect(amount).toBeLessThanOrEqual((billed.get(key) ?? 0) + 100);
  });

  it('collect most revenue, with some accounts lagging and paying short', () => {
    const { habits } = generatePayments(portfolio.transactions, { asOf: '2026-10' });
    const values = [...habits.values()];
    const prompt = values.filter((habit) => habit.lagMonths <= 1 && habit.paidShare === 1).length;
    const short = values.filter((habit) => habit.paidShare < 1).length;
    expect(prompt / values.length).toBeGreaterThan(0.5);
    expect(short).toBeGreaterThan(0);
    expect(values.some((habit) => habit.lagMonths >= 2)).toBe(true);
    // Over the year to March (every bill due by then), most revenue is collected.
    const inYear = (date: string) => date >= '2025-04-01' && date <= '2026-03-31';
    const billed = portfolio.transactions
      .filter((t) => inYear(t.date))
      .reduce((sum, t) => sum + t.amountFen, 0);
    const settled = portfolio.payments
      .filter((payment) => inYear(`${payment.invoice!.slice(-7)}-01`))
      .reduce((sum, payment) => sum + payment.amountFen, 0);
    expect(settled / billed).toBeGreaterThan(0.85);
    expect(settled / billed).toBeLessThan(1);
  });
});
