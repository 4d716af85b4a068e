import type { Store, WriteMeta } from '../store/port.js';
import type { DemoPortfolio } from './generate-portfolio.js';
import { generateSurveyResponses } from './generate-surveys.js';

/**
 * Write a generated demo portfolio into a store in one transaction: users,
 * accounts, contacts, transactions, payments, interactions and satisfaction
 * survey responses for part of the accounts ({@link generateSurveyResponses}),
 * as `kamkit demo` does. Nothing is written when any write fails.
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
    for (const response of generateSurveyResponses(portfolio)) await tx.putSurveyResponse(response, meta);
  });
}
