/**
 * A child process for the concurrency tests: `open` opens the store (applying
 * migrations) and exits; `write <name>` writes to shared accounts, inserts
 * transactions (some with ids the other writer also inserts) and claims
 * shared idempotency keys, then prints what it did as JSON.
 *
 * Usage: node concurrent-writer.mjs <url> open | write <name> <rounds>
 */
import { openStore } from '../open-store.js';
import { OWN_PER_ROUND, SHARED_ACCOUNTS, SHARED_PER_ROUND } from './concurrent-plan.js';

async function main(): Promise<void> {
  const [url, mode, name = 'writer', roundsText = '10'] = process.argv.slice(2);
  if (!url) throw new Error('usage: concurrent-writer <url> open | write <name> <rounds>');
  const store = await openStore({ url, maxConnections: 4 });
  try {
    if (mode === 'open') {
      process.stdout.write(`${JSON.stringify({ opened: (await store.countAccounts()) >= 0 })}\n`);
      return;
    }
    const rounds = Number(roundsText);
    let claimed = 0;
    let inserted = 0;
    for (let round = 0; round < rounds; round++) {
      const own = Array.from({ length: OWN_PER_ROUND }, (_, index) => ({
        id: `${name}-${round}-${index}`,
        accountId: SHARED_ACCOUNTS[index % SHARED_ACCOUNTS.length] as string,
        date: `2026-${String((index % 12) + 1).padStart(2, '0')}-10`,
        amountFen: 100 + index,
        category: index % 2 === 0 ? 'air' : 'hotel',
      }));
      const shared = Array.from({ length: SHARED_PER_ROUND }, (_, index) => ({
        id: `shared-${round}-${index}`,
        accountId: SHARED_ACCOUNTS[index % SHARED_ACCOUNTS.length] as string,
        date: '2026-06-15',
        amountFen: 1000,
        category: 'air',
      }));
      const results = await Promise.all([
        ...SHARED_ACCOUNTS.map((id) =>
          store.putAccount(
            {
              id,
              name: `${id} 集团`,
              division: 'east',
              aliases: [],
              parentId: null,
              type: 'private',
              flags: [],
              ownerA: null,
              ownerB: null,
              attributes: { writer: name, round },
            },
            { actor: name },
          ),
        ),
        store.insertTransactions(round % 2 === 0 ? [...own, ...shared] : [...shared, ...own]),
        store.claimIdempotencyKey(`event-${round}`, '2999-01-01T00:00:00Z'),
      ]);
      inserted += (results[SHARED_ACCOUNTS.length] as { inserted: number }).inserted;
      if (results[SHARED_ACCOUNTS.length + 1] === true) claimed++;
    }
    process.stdout.write(`${JSON.stringify({ claimed, inserted })}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
