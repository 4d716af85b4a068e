/**
 * Postal key accounts: Platinum / Gold / VIP on annual revenue, A and B
 * owners, and a service scheme (visits per tier, festival visits, account
 * file refreshes) loaded from a YAML file, turned into each owner's due list.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import {
  createMemoryStore,
  type DueAction,
  defaultPolicies,
  type Locale,
  loadServicePolicyFile,
  loadTierPreset,
  type PortfolioRun,
  runPortfolio,
} from '@kamkit/sdk';
import { ACCOUNTS, INTERACTIONS, transactionsUpTo, USERS } from './data.js';

/** The service scheme of this example (next to `src/` and `dist/`). */
export const SERVICE_POLICY_FILE = fileURLToPath(new URL('../policies/postal-service.yaml', import.meta.url));

/** Options for {@link main}. */
export interface PostalTiersOptions {
  /** The day of the due list, `YYYY-MM-DD`. Default `2026-09-20` (five days before Mid-Autumn). */
  today?: string;
  /** Language of the printed list. Default `en`. */
  locale?: Locale;
}

/** What {@link main} produced. */
export interface PostalTiersOutput {
  text: string;
  run: PortfolioRun;
  /** Accounts per tier id (`none` for accounts that are not key accounts). */
  tierCounts: Record<string, number>;
}

/**
 * Tier the sample accounts and print each owner's due and overdue actions.
 *
 * @example
 * ```ts
 * const { text, tierCounts } = await main({ today: '2026-09-20' });
 * tierCounts.platinum; // 2
 * ```
 */
export async function main(options: PostalTiersOptions = {}): Promise<PostalTiersOutput> {
  const today = options.today ?? '2026-09-20';
  const locale = options.locale ?? 'en';
  const store = createMemoryStore();
  try {
    const meta = { actor: 'u-qin' };
    for (const user of USERS) await store.putUser(user, meta);
    for (const { account } of ACCOUNTS) await store.putAccount(account, meta);
    await store.insertTransactions(transactionsUpTo(today.slice(0, 7)));
    await store.insertInteractions(INTERACTIONS);

    const policies = {
      ...defaultPolicies(),
      tiers: loadTierPreset('postal-ranges'),
      service: await loadServicePolicyFile(SERVICE_POLICY_FILE),
    };
    const run = await runPortfolio({ store, policies, asOf: today.slice(0, 7), today });
    const tierCounts: Record<string, number> = {};
    for (const tier of run.tiers)
      tierCounts[tier.tier ?? 'none'] = (tierCounts[tier.tier ?? 'none'] ?? 0) + 1;
    return { text: describe(run, locale), run, tierCounts };
  } finally {
    await store.close();
  }
}

function describe(run: PortfolioRun, locale: Locale): string {
  const en = locale === 'en';
  const userName = (id: string | null) => USERS.find((user) => user.id === id)?.name ?? id ?? '—';
  const accountOf = (id: string | null) => run.accounts.find((account) => account.id === id);
  const lines = [en ? `Postal key accounts, ${run.today}` : `邮政大客户，${run.today}`, ''];
  for (const tier of run.tiers) {
    const account = accountOf(tier.accountId)!;
    const owners = `A ${userName(account.ownerA)} · B ${account.ownerB === null ? '—' : userName(account.ownerB)}`;
    lines.push(`  ${account.shortName}: ${tier.label[locale]} (${owners})`);
  }
  const line = (action: DueAction, ownerId: string | null) => {
    const account = accountOf(action.accountId);
    const role = account?.ownerA === ownerId ? 'A' : 'B';
    const when =
      action.status === 'overdue'
        ? en
          ? `${action.daysOverdue} days overdue`
          : `已逾期 ${action.daysOverdue} 天`
        : en
          ? `due by ${action.dueDate}`
          : `应于 ${action.dueDate} 前完成`;
    return `    [${role}] ${account?.shortName ?? '—'}: ${action.label[locale]} — ${when}`;
  };
  for (const agenda of run.agendas) {
    lines.push('', en ? `Due list of ${userName(agenda.ownerId)}` : `${userName(agenda.ownerId)} 的待办`);
    for (const action of agenda.overdue) lines.push(line(action, agenda.ownerId));
    for (const action of agenda.due) lines.push(line(action, agenda.ownerId));
    if (agenda.overdue.length + agenda.due.length === 0) lines.push('    —');
  }
  return lines.join('\n');
}
