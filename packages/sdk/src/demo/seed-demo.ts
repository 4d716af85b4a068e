import type { Store, WriteMeta } from '../store/port.js';
import type { DemoPortfolio } from './generate-portfolio.js';

/**
 * Write a generated demo portfolio into a store in one transaction: users,
 * accounts, contacts, transactions, payments, interactions, contracts,
 * complaints and the units' narratives, as `kamkit demo` does. Nothing is written when any write fails.
 *
 * @param meta - author of the writes (default `demo`, reason `demo portfolio`).
 * @example
 * ```ts
 * const store = createMemoryStore();
 * await seedDemoPortfolio(store, generatePortfolio({ asOf: '2026-10' }));
 * ```
 */
export async function seedDemoPortfolio(
  store: Store,
  portfolio: DemoPortfolio,
  meta: WriteMeta = { actor: 'demo', reason: 'demo portfolio' },
): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.putUsers(portfolio.users, meta);
    await tx.putAccounts(portfolio.accounts, meta);
    await tx.putContacts(portfolio.contacts, meta);
    await tx.insertTransactions(portfolio.transactions);
    await tx.insertPayments(portfolio.payments);
    await tx.insertInteractions(portfolio.interactions);
    for (const contract of portfolio.contracts) await tx.putContract(contract, meta);
    for (const complaint of portfolio.complaints) await tx.putComplaint(complaint, meta);
    for (const plan of portfolio.unitPlans) await tx.putUnitPlan(plan, meta);
  });
}
