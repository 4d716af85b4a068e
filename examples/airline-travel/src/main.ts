/**
 * Airline corporate-travel accounts (DOMAIN.md §1, §3.3, §7; seed002): the
 * ten-level grid of total air-travel volume × our share, a state-owned group
 * held as one potential national account through its structure tree, and the
 * monthly travel report of one account.
 *
 * @module
 */
import {
  type AccountReport,
  assignTiers,
  buildAccountReport,
  createMemoryStore,
  defaultPolicies,
  formatMoney,
  type Locale,
  loadReportSource,
  loadTierPolicy,
  loadTierPreset,
  renderReport,
  TIER_PRESETS,
  type TierAssignment,
} from '@kamkit/sdk';
import { bookingsUpTo, TRAVEL_ACCOUNTS, USERS } from './data.js';

/** Options for {@link main}. */
export interface AirlineTravelOptions {
  /** The report month, `YYYY-MM`. Default `2026-10`. */
  asOf?: string;
  /** The account whose monthly travel report is printed. Default `huayuan`. */
  reportAccount?: string;
  locale?: Locale;
}

/** The structure-tree view of a group: its own figures rolled up over its subsidiaries. */
export interface GroupView {
  accountId: string;
  subsidiaries: { accountId: string; tier: string | null }[];
  /** Rolled up over the subtree, last twelve months. */
  withUsFen: number;
  totalFen: number;
  share: number;
  /** The group's level on the rolled-up figures. */
  tier: TierAssignment;
}

/** What {@link main} produced. */
export interface AirlineTravelOutput {
  text: string;
  tiers: TierAssignment[];
  group: GroupView;
  report: AccountReport;
  /** The report rendered as Markdown in the chosen locale. */
  reportMarkdown: string;
}

/**
 * Tier the corporate-travel portfolio on the airline grid, view the group as
 * a whole, and build the monthly travel report.
 *
 * @example
 * ```ts
 * const { tiers, group, report } = await main();
 * tiers.find((tier) => tier.accountId === 'mingda')?.flags; // ['route-match-analysis']
 * ```
 */
export async function main(options: AirlineTravelOptions = {}): Promise<AirlineTravelOutput> {
  const asOf = options.asOf ?? '2026-10';
  const locale = options.locale ?? 'en';
  const store = createMemoryStore();
  try {
    const meta = { actor: 'u-sun' };
    for (const user of USERS) await store.putUser(user, meta);
    for (const { account } of TRAVEL_ACCOUNTS) await store.putAccount(account, meta);
    await store.insertTransactions(bookingsUpTo(asOf));

    // Open entry, strict tiering (宽进严分): no admission threshold, ten levels.
    const grid = loadTierPreset('airline-grid');
    const source = await loadReportSource({ store, asOf, policies: { ...defaultPolicies(), tiers: grid } });
    const { run } = source;

    // The same grid over the structure tree: every figure summed over the group's subtree.
    const preset = TIER_PRESETS['airline-grid'];
    const treeGrid = loadTierPolicy({
      ...preset,
      id: 'airline-grid-tree',
      rows: { ...preset.rows, figure: { ...preset.rows.figure, rollUp: true } },
      columns: { ...preset.columns, figure: { ...preset.columns.figure, rollUp: true } },
    });
    const groupId = 'hny-group';
    const groupTier = assignTiers({ policy: treeGrid, context: run.context, today: run.today }).find(
      (assignment) => assignment.accountId === groupId,
    )!;
    const last12 = { unit: 'rolling', months: 12 } as const;
    const withUsFen = run.context.value({ metric: 'revenue', window: last12, rollUp: true }, groupId);
    const totalFen = run.context.value({ metric: 'marketTotal', window: last12, rollUp: true }, groupId);
    const group: GroupView = {
      accountId: groupId,
      subsidiaries: run.accounts
        .filter((account) => account.parentId === groupId)
        .map((account) => ({
          accountId: account.id,
          tier: run.tiers.find((tier) => tier.accountId === account.id)?.tier ?? null,
        })),
      withUsFen,
      totalFen,
      share: totalFen === 0 ? 0 : withUsFen / totalFen,
      tier: groupTier,
    };

    const report = buildAccountReport(source, options.reportAccount ?? 'huayuan', {
      period: asOf,
      unit: 'km',
    });
    const rendered = renderReport(report, {
      locale,
      format: 'md',
      generatedAt: new Date(`${asOf}-28T00:00:00Z`),
    });
    const reportMarkdown = rendered.format === 'md' ? rendered.text : '';
    const tiers = run.tiers.filter((tier) => tier.accountId !== groupId);
    return {
      text: describe({ tiers, group, reportMarkdown, locale, names: nameOf(run.accounts) }),
      tiers,
      group,
      report,
      reportMarkdown,
    };
  } finally {
    await store.close();
  }
}

function nameOf(accounts: readonly { id: string; shortName?: string | undefined; name: string }[]) {
  return (id: string) => {
    const account = accounts.find((item) => item.id === id);
    return account?.shortName ?? account?.name ?? id;
  };
}

function describe(input: {
  tiers: TierAssignment[];
  group: GroupView;
  reportMarkdown: string;
  locale: Locale;
  names: (id: string) => string;
}): string {
  const { tiers, group, locale, names } = input;
  const en = locale === 'en';
  const lines = [
    en ? 'Ten-level grid: total air-travel volume × our share' : '十级分层：航空差旅总量 × 我方份额',
    '',
  ];
  for (const tier of [...tiers].sort((a, b) => a.rank - b.rank)) {
    const flags = tier.flags.length > 0 ? ` [${tier.flags.join(', ')}]` : '';
    lines.push(`  ${names(tier.accountId)}: ${tier.label[locale]}${flags}`);
    lines.push(`    ${tier.explanation.text[locale]}`);
    if (tier.upgrade) lines.push(`    ${tier.upgrade.text[locale]}`);
  }
  lines.push(
    '',
    en
      ? `${names(group.accountId)} as one potential national account (${group.subsidiaries.length} subsidiaries, rolled up):`
      : `${names(group.accountId)} 作为潜在全国性客户（${group.subsidiaries.length} 家分公司汇总）：`,
    `  ${en ? 'with us' : '我方'} ${formatMoney(group.withUsFen, locale)} / ${en ? 'total' : '总量'} ${formatMoney(group.totalFen, locale)} (${(group.share * 100).toFixed(1)}%) → ${group.tier.label[locale]}`,
    `  ${en ? 'subsidiaries' : '分公司'}: ${group.subsidiaries
      .map(
        (subsidiary) =>
          `${names(subsidiary.accountId)} ${tiers.find((tier) => tier.accountId === subsidiary.accountId)?.label[locale] ?? '—'}`,
      )
      .join(' · ')}`,
  );
  if (group.tier.upgrade) lines.push(`  ${group.tier.upgrade.text[locale]}`);
  lines.push('', input.reportMarkdown);
  return lines.join('\n');
}
