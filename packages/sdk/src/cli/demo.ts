import type { Command } from 'commander';
import type { ResolvedConfig } from '../config/load-config.js';
import { generatePortfolio } from '../demo/generate-portfolio.js';
import { seedDemoPortfolio } from '../demo/seed-demo.js';
import type { Locale } from '../errors/kam-error.js';
import { METRIC_INFO } from '../metrics/metric-table.js';
import { formatNumber, formatPercent } from '../money/decimal.js';
import { formatMoney } from '../money/money.js';
import { defaultPolicies, type PortfolioPolicies } from '../portfolio/policies.js';
import { type PortfolioRun, runPortfolio } from '../portfolio/run-portfolio.js';
import { defaultSurvey } from '../satisfaction/survey.js';
import { scoringLabelText } from '../scoring/model.js';
import type { Store } from '../store/port.js';
import type { Requirement } from '../tiering/condition.js';
import { type TierPolicy, tierLabel } from '../tiering/policy.js';
import { addMonths, monthFromIndex, monthIndex } from '../time/calendar.js';
import { padEnd, visibleWidth } from './options.js';

/** Options for {@link runDemo}. */
export interface RunDemoOptions {
  store: Store;
  locale: Locale;
  /** Last month of demo data (default `2026-10`). */
  asOf?: string;
  /** The policies to run (default {@link defaultPolicies}). */
  policies?: PortfolioPolicies;
  write: (text: string) => void;
}

/** What the demo did, for tests and `--json`. */
export interface DemoResult {
  seeded: boolean;
  run: PortfolioRun;
}

/**
 * `kamkit demo`: seed the store with the demo portfolio when it is empty, run
 * the engine for the last three months (so tiers have history and hysteresis
 * has something to confirm), and print a readable summary.
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoResult> {
  const { store, locale, write } = options;
  const asOf = options.asOf ?? '2026-10';
  const zh = locale === 'zh-CN';
  let seeded = false;
  const policies = options.policies ?? defaultPolicies();
  if ((await store.countAccounts()) === 0) {
    const portfolio = generatePortfolio({ asOf });
    await seedDemoPortfolio(store, portfolio, undefined, { survey: defaultSurvey(policies.surveys) });
    seeded = true;
    write(
      zh
        ? `已生成演示数据：${portfolio.accounts.length} 个客户，${portfolio.transactions.length} 笔交易，${portfolio.payments.length} 笔回款，${portfolio.interactions.length} 条联系记录，${portfolio.contracts.length} 份合同，${portfolio.complaints.length} 件投诉。\n`
        : `Seeded the demo portfolio: ${portfolio.accounts.length} accounts, ${portfolio.transactions.length} transactions, ${portfolio.payments.length} payments, ${portfolio.interactions.length} interactions, ${portfolio.contracts.length} contracts, ${portfolio.complaints.length} complaints.\n`,
    );
  } else {
    write(
      zh
        ? '数据库已有数据，直接运行引擎。\n'
        : 'The database already holds data; running the engine on it.\n',
    );
  }
  let run: PortfolioRun | undefined;
  for (let offset = -2; offset <= 0; offset++) {
    const month = addMonths(asOf, offset);
    // A month already run and saved is not run again: the second demo is quick.
    const saved = await store.listTierAssignments({ period: month, policyId: policies.tiers.id });
    if (saved.length > 0 && offset < 0) continue;
    run = await runPortfolio({ store, policies, asOf: month, actor: 'demo', save: saved.length === 0 });
  }
  write(renderSummary(run!, locale, policies.tiers));
  return { seeded, run: run! };
}

/**
 * The demo's printed summary: tier distribution, top accounts, upgrade paths,
 * alerts, due actions. `policy` is the tier policy of the run (default: the
 * default policies').
 */
export function renderSummary(
  run: PortfolioRun,
  locale: Locale,
  policy: TierPolicy = defaultPolicies().tiers,
): string {
  const zh = locale === 'zh-CN';
  const names = new Map(
    run.accounts.map((account) => [account.id, account.shortName ?? account.name] as const),
  );
  const lines: string[] = [];
  const heading = (text: string) => lines.push('', `== ${text} ==`);
  const twelveMonths = run.context.table({ unit: 'rolling', months: 12 }).columns.revenue;

  heading(
    zh
      ? `分级分布（${run.asOf}，${policy.name?.['zh-CN'] ?? policy.id}）`
      : `Tier distribution (${run.asOf}, ${policy.name?.en ?? policy.id})`,
  );
  const counts = new Map<string | null, { count: number; revenue: number }>();
  run.tiers.forEach((assignment, index) => {
    const entry = counts.get(assignment.tier) ?? { count: 0, revenue: 0 };
    entry.count += 1;
    entry.revenue += twelveMonths[index]!;
    counts.set(assignment.tier, entry);
  });
  const total = [...counts.values()].reduce((sum, entry) => sum + entry.revenue, 0);
  const rows = [...policy.tiers.map((info) => info.id), null].map((tier) => ({
    entry: counts.get(tier) ?? { count: 0, revenue: 0 },
    label: tierLabel(policy, tier)[locale],
  }));
  const labelWidth = Math.max(14, ...rows.map((row) => visibleWidth(row.label)));
  for (const { entry, label } of rows) {
    const share = formatPercent(total > 0 ? entry.revenue / total : 0);
    lines.push(
      `  ${padEnd(label, labelWidth)} ${String(entry.count).padStart(4)}  ${padEnd(formatMoney(entry.revenue, locale), 14)} ${share}`,
    );
  }

  heading(zh ? '贡献值前十' : 'Top ten by contribution score');
  const order = [...run.scores.scores.keys()].sort((a, b) => run.scores.scores[b]! - run.scores.scores[a]!);
  for (const index of order.slice(0, 10)) {
    const accountId = run.accounts[index]!.id;
    const explanation = run.explain(accountId);
    const top = explanation.factors[0];
    const tier = run.tiers[index]!;
    lines.push(
      `  ${formatNumber(explanation.score, { decimals: 1, fixed: true }).padStart(5)}  ${padEnd(names.get(accountId) ?? accountId, 16)} ${padEnd(tier.label[locale], 10)} ${formatMoney(twelveMonths[index]!, locale)}${top ? (zh ? `  主要因素：${scoringLabelText(top.label, locale, top.id)}` : `  top factor: ${scoringLabelText(top.label, locale, top.id)}`) : ''}`,
    );
  }

  heading(zh ? '升级路径（最接近上一级的客户）' : 'Upgrade paths (closest to the next tier)');
  const upgrades = run.tiers
    .filter((assignment) => assignment.upgrade !== null && assignment.tier !== null)
    .map((assignment) => ({ assignment, gap: relativeGap(assignment.upgrade!.gaps) }))
    .sort((a, b) => a.gap - b.gap)
    .map(({ assignment }) => assignment)
    .slice(0, 8);
  for (const assignment of upgrades) {
    lines.push(
      `  ${padEnd(names.get(assignment.accountId) ?? assignment.accountId, 16)} ${assignment.upgrade!.text[locale]}`,
    );
  }

  heading(zh ? `预警（共 ${run.alerts.length} 条）` : `Alerts (${run.alerts.length} in all)`);
  const byKind = new Map<string, number>();
  for (const alert of run.alerts) byKind.set(alert.kind, (byKind.get(alert.kind) ?? 0) + 1);
  lines.push(`  ${[...byKind.entries()].map(([kind, count]) => `${kind}: ${count}`).join(' · ')}`);
  for (const alert of run.alerts.filter((item) => item.severity === 'critical').slice(0, 8)) {
    lines.push(
      `  [${alert.kind}] ${names.get(alert.accountId) ?? alert.accountId}: ${alert.message[locale]}`,
    );
  }

  heading(zh ? `待办（${run.today}）` : `Due actions (${run.today})`);
  for (const agenda of run.agendas.slice(0, 6)) {
    lines.push(
      zh
        ? `  ${agenda.ownerId ?? '—'}：逾期 ${agenda.overdue.length}，到期 ${agenda.due.length}，即将 ${agenda.upcoming.length}`
        : `  ${agenda.ownerId ?? '—'}: ${agenda.overdue.length} overdue, ${agenda.due.length} due, ${agenda.upcoming.length} upcoming`,
    );
    for (const action of agenda.overdue.slice(0, 2)) {
      lines.push(`     - ${names.get(action.accountId ?? '') ?? ''} ${action.explanation[locale]}`);
    }
  }
  lines.push(
    '',
    zh
      ? `期间：${monthFromIndex(monthIndex(run.asOf) - 11)}..${run.asOf}；${METRIC_INFO.revenue['zh-CN']}为近 12 个月。`
      : `Period: ${monthFromIndex(monthIndex(run.asOf) - 11)}..${run.asOf}; revenue is the last twelve months.`,
    '',
  );
  return lines.join('\n');
}

function relativeGap(gaps: readonly Requirement[]): number {
  const first = gaps[0];
  if (!first || !Number.isFinite(first.amount) || first.target === 0) return Number.POSITIVE_INFINITY;
  return Math.abs(first.amount / first.target);
}

/** Register `kamkit demo`. */
export function registerDemoCommand(
  program: Command,
  options: {
    /** Opens the configured store, or an in-memory one for `--memory`. */
    openStore: (memory: boolean) => Promise<Store>;
    /** Locale of the help text. */
    locale: Locale;
    /** The resolved configuration: locale and policies (default: built-in defaults). */
    config?: () => Promise<ResolvedConfig>;
  },
): Command {
  return program
    .command('demo')
    .description(
      options.locale === 'zh-CN'
        ? '生成演示客户组合并运行引擎'
        : 'Seed a demo portfolio and run the engine on it',
    )
    .option('--memory', 'use an in-memory store instead of the embedded database')
    .option('--as-of <month>', 'last month of demo data (YYYY-MM)', '2026-10')
    .option('--json', 'print the result as JSON')
    .action(async (flags: { memory?: boolean; asOf: string; json?: boolean }) => {
      const config = await options.config?.();
      const store = await options.openStore(flags.memory === true);
      try {
        const result = await runDemo({
          store,
          locale: config?.locale ?? options.locale,
          asOf: flags.asOf,
          ...(config ? { policies: config.policies } : {}),
          write: flags.json ? () => undefined : (text) => void process.stdout.write(text),
        });
        if (flags.json) {
          const tiers: Record<string, number> = {};
          for (const assignment of result.run.tiers)
            tiers[assignment.tier ?? 'none'] = (tiers[assignment.tier ?? 'none'] ?? 0) + 1;
          process.stdout.write(
            `${JSON.stringify({ seeded: result.seeded, asOf: result.run.asOf, accounts: result.run.accounts.length, tiers, alerts: result.run.alerts.length })}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
