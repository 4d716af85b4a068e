/**
 * The ten-minute path through KAMkit: open the embedded store, load users,
 * accounts and two years of transactions, run the month's portfolio and read
 * tiers, scores, alerts and due actions.
 *
 * @module
 */
import { createKam, formatMoney, type Locale, type PortfolioRun } from '@kamkit/sdk';
import { ACCOUNTS, INTERACTIONS, transactionsUpTo, USERS } from './data.js';

/** Options for {@link main}. */
export interface QuickstartOptions {
  /** Where the embedded database lives; `memory://` for a throw-away one. Default `.kamkit/quickstart-db`. */
  dataDir?: string;
  /** The month to run, `YYYY-MM`. Default `2026-10`. */
  asOf?: string;
  /** Language of the printed lines. Default `en`. */
  locale?: Locale;
}

/** What {@link main} produced: the printed text and the run it came from. */
export interface QuickstartOutput {
  text: string;
  run: PortfolioRun;
}

/**
 * Run the quickstart: the same steps a new user takes, printed as text.
 *
 * @example
 * ```ts
 * const { text } = await main({ dataDir: 'memory://' });
 * console.log(text);
 * ```
 */
export async function main(options: QuickstartOptions = {}): Promise<QuickstartOutput> {
  const asOf = options.asOf ?? '2026-10';
  const locale = options.locale ?? 'en';
  // 1. Open KAMkit over the embedded database (PGlite in a folder; KAMKIT_DATABASE_URL is not consulted here).
  const kam = await createKam({ open: { dataDir: options.dataDir ?? '.kamkit/quickstart-db' } });
  try {
    // 2. Load staff, accounts, transactions and contact history. Re-running is safe:
    //    account edits append a version, transactions and interactions are keyed by id.
    const meta = { actor: 'u-li' };
    for (const user of USERS) await kam.store.putUser(user, meta);
    for (const { account } of ACCOUNTS) await kam.store.putAccount(account, meta);
    await kam.store.insertTransactions(transactionsUpTo(asOf));
    await kam.store.insertInteractions(INTERACTIONS);

    // 3. One call runs the month: scores → tiers → alerts → due actions, saved to the store.
    const run = await kam.run(asOf);
    return { text: describe(run, locale), run };
  } finally {
    await kam.close();
  }
}

function describe(run: PortfolioRun, locale: Locale): string {
  const lines: string[] = [];
  const name = (accountId: string) => {
    const account = run.accounts.find((item) => item.id === accountId);
    return account?.shortName ?? account?.name ?? accountId;
  };
  lines.push(locale === 'en' ? `Portfolio ${run.asOf}` : `客户组合 ${run.asOf}`, '');
  lines.push(locale === 'en' ? 'Tiers and scores' : '分级与评分');
  for (const tier of run.tiers) {
    const score = run.explain(tier.accountId).score.toFixed(1);
    lines.push(`  ${name(tier.accountId)}: ${tier.label[locale]} · ${score}`);
    lines.push(`    ${tier.explanation.text[locale]}`);
    if (tier.upgrade) lines.push(`    ${tier.upgrade.text[locale]}`);
  }
  lines.push('', locale === 'en' ? 'Alerts' : '预警');
  for (const alert of run.alerts)
    lines.push(`  [${alert.severity}] ${name(alert.accountId)}: ${alert.message[locale]}`);
  if (run.alerts.length === 0) lines.push('  —');
  lines.push('', locale === 'en' ? 'Due actions' : '待办事项');
  for (const agenda of run.agendas) {
    lines.push(`  ${agenda.ownerId ?? '—'}`);
    for (const action of [...agenda.overdue, ...agenda.due]) {
      const account = action.accountId === null ? '' : `${name(action.accountId)}: `;
      lines.push(`    ${action.status} · ${account}${action.label[locale]} (${action.dueDate})`);
    }
  }
  const total = run.tiers.filter((tier) => tier.tier !== null).length;
  lines.push(
    '',
    locale === 'en'
      ? `${total} of ${run.tiers.length} accounts are key accounts; revenue this month ${formatMoney(monthRevenue(run), locale)}.`
      : `${run.tiers.length} 个客户中 ${total} 个为大客户；本月收入 ${formatMoney(monthRevenue(run), locale)}。`,
  );
  return lines.join('\n');
}

function monthRevenue(run: PortfolioRun): number {
  let total = 0;
  for (const account of run.accounts) {
    const value = run.context.value(
      { metric: 'revenue', window: { unit: 'month', offset: 0 }, rollUp: false },
      account.id,
    );
    if (Number.isFinite(value)) total += value;
  }
  return total;
}
