/**
 * `kamkit score`, `tier`, `alerts` and `due`: one run of the engine
 * ({@link runPortfolio}) with the configured policies, shown from one angle,
 * as text in the user's locale or as JSON (`--json`).
 *
 * @module
 */

import type { Command } from 'commander';
import type { ResolvedConfig } from '../config/load-config.js';
import { notFound } from '../errors/kam-error.js';
import { formatNumber } from '../money/decimal.js';
import { assertMonthHasData, defaultMonth } from '../portfolio/default-month.js';
import { type PortfolioRun, runPortfolio } from '../portfolio/run-portfolio.js';
import { scoringLabelText } from '../scoring/model.js';
import type { Store } from '../store/port.js';
import { lastDayOfMonth } from '../time/calendar.js';
import type { CliContext } from './context.js';
import { countOption, dateOption, monthOption, padEnd } from './options.js';

interface RunFlags {
  asOf?: string;
  date?: string;
  account?: string;
  json?: boolean;
}

/** Run the engine over the configured store for the month (and day) the flags name. */
async function withRun<T>(
  context: CliContext,
  flags: RunFlags,
  use: (run: PortfolioRun, config: ResolvedConfig, store: Store) => Promise<T> | T,
  options: { save?: boolean; byDate?: boolean; now?: () => Date } = {},
): Promise<T> {
  const config = await context.config();
  const now = (options.now ?? (() => new Date()))();
  const byDate = options.byDate && (flags.date !== undefined || flags.asOf === undefined);
  const date = byDate ? dateOption(flags.date, '--date', config.timeZone, now) : undefined;
  const month =
    flags.asOf === undefined ? undefined : monthOption(flags.asOf, '--as-of', config.timeZone, now);
  const store = await context.openStore();
  try {
    let asOf: string;
    let today: string;
    if (date !== undefined) {
      today = date;
      asOf = today.slice(0, 7);
    } else if (month !== undefined) {
      await assertMonthHasData(store, month, '--as-of');
      asOf = month;
      today = lastDayOfMonth(asOf);
    } else {
      asOf = await defaultMonth(store, { now, timeZone: config.timeZone });
      today = lastDayOfMonth(asOf);
    }
    const run = await runPortfolio({
      store,
      policies: config.policies,
      asOf,
      today,
      save: options.save ?? false,
      actor: process.env.KAMKIT_USER ?? 'system',
    });
    if (flags.account !== undefined && run.context.indexOf(flags.account) === undefined)
      throw notFound('客户 / account', flags.account);
    return await use(run, config, store);
  } finally {
    await store.close();
  }
}

function accountName(run: PortfolioRun, accountId: string | null): string {
  if (accountId === null) return '—';
  const index = run.context.indexOf(accountId);
  const account = index === undefined ? undefined : run.accounts[index];
  return account?.shortName ?? account?.name ?? accountId;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Register `kamkit score [--as-of YYYY-MM] [--account <id>] [--top N] [--json]`:
 * the top accounts by score with their top factors, or one account's score
 * explained factor by factor.
 */
export function registerScoreCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  return program
    .command('score')
    .description(zhHelp ? '客户评分及其构成' : 'Account scores and what makes them up')
    .option('--as-of <month>', 'the month, YYYY-MM (default: the last complete month with data)')
    .option('--account <id>', 'explain one account’s score factor by factor')
    .option('--top <n>', 'how many accounts to list', '10')
    .option('--json', 'print JSON')
    .action(async (flags: RunFlags & { top: string }) => {
      const top = countOption(flags.top, '--top');
      await withRun(context, flags, (run, config) => {
        const { locale, policies } = config;
        const order = [...run.scores.scores.keys()].sort(
          (a, b) => run.scores.scores[b]! - run.scores.scores[a]!,
        );
        const rankOf = new Map(order.map((index, position) => [index, position + 1] as const));
        const picked =
          flags.account === undefined ? order.slice(0, top) : [run.context.indexOf(flags.account)!];
        const rows = picked.map((index) => {
          const accountId = run.accounts[index]!.id;
          const explanation = run.explain(accountId);
          return {
            rank: rankOf.get(index)!,
            accountId,
            name: accountName(run, accountId),
            score: explanation.score,
            factors: explanation.factors.map((factor) => ({
              id: factor.id,
              label: scoringLabelText(factor.label, locale, factor.id),
              raw: Number.isNaN(factor.raw) ? null : factor.raw,
              normalised: Number.isNaN(factor.normalised) ? null : factor.normalised,
              weight: factor.weight,
              contribution: factor.contribution,
              missed: factor.missed,
              missing: factor.missing,
            })),
          };
        });
        const modelName = scoringLabelText(policies.scoring.name, locale, policies.scoring.id);
        if (flags.json) {
          context.write(
            json({
              asOf: run.asOf,
              modelId: policies.scoring.id,
              accounts: run.accounts.length,
              scores: rows,
            }),
          );
          return;
        }
        const lines: string[] = [];
        if (flags.account !== undefined) {
          const row = rows[0]!;
          lines.push(
            isZh(locale)
              ? `${row.name}（${row.accountId}）${run.asOf} ${modelName}：${formatNumber(row.score, { decimals: 1, fixed: true })} 分，第 ${row.rank} / ${run.accounts.length} 名`
              : `${row.name} (${row.accountId}), ${run.asOf}, ${modelName}: ${formatNumber(row.score, { decimals: 1, fixed: true })} of 100, rank ${row.rank} of ${run.accounts.length}`,
          );
          for (const factor of row.factors)
            lines.push(
              `  ${padEnd(factor.label, 18)} ${formatNumber(factor.contribution, { decimals: 1, fixed: true }).padStart(5)}${
                factor.missing
                  ? isZh(locale)
                    ? '  （缺数据）'
                    : '  (no data)'
                  : isZh(locale)
                    ? `  （尚可得 ${formatNumber(factor.missed, { decimals: 1, fixed: true })}）`
                    : `  (${formatNumber(factor.missed, { decimals: 1, fixed: true })} more possible)`
              }`,
            );
        } else {
          lines.push(
            isZh(locale)
              ? `${modelName}（${run.asOf}），前 ${rows.length} 名 / 共 ${run.accounts.length} 个客户`
              : `${modelName} (${run.asOf}), top ${rows.length} of ${run.accounts.length} accounts`,
          );
          for (const row of rows) {
            const factor = row.factors[0];
            lines.push(
              `  ${String(row.rank).padStart(3)}  ${formatNumber(row.score, { decimals: 1, fixed: true }).padStart(5)}  ${padEnd(row.name, 18)}${
                factor ? (isZh(locale) ? `主要因素：${factor.label}` : `top factor: ${factor.label}`) : ''
              }`,
            );
          }
        }
        context.write(`${lines.join('\n')}\n`);
      });
    });
}

/**
 * Register `kamkit tier [--as-of YYYY-MM] [--account <id>] [--save] [--json]`:
 * the tier distribution, or one account's tier, why, and its upgrade path.
 * `--save` records the month's assignments (tier history, hysteresis).
 */
export function registerTierCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  return program
    .command('tier')
    .description(zhHelp ? '客户分级、原因与升级路径' : 'Account tiers, why, and the path to the next tier')
    .option('--as-of <month>', 'the month, YYYY-MM (default: the last complete month with data)')
    .option('--account <id>', 'one account: its tier, the reason and the upgrade path')
    .option('--save', 'record the assignments of the month (tier history)')
    .option('--json', 'print JSON')
    .action(async (flags: RunFlags & { save?: boolean }) => {
      await withRun(
        context,
        flags,
        (run, config) => {
          const { locale, policies } = config;
          const assignments =
            flags.account === undefined
              ? run.tiers
              : run.tiers.filter((assignment) => assignment.accountId === flags.account);
          const distribution = [...policies.tiers.tiers.map((tier) => tier.id), null].map((tier) => ({
            tier,
            label:
              tier === null
                ? policies.tiers.noTierLabel[locale]
                : (policies.tiers.tiers.find((info) => info.id === tier)?.label[locale] ?? tier),
            count: run.tiers.filter((assignment) => assignment.tier === tier).length,
          }));
          const accounts = assignments.map((assignment) => ({
            accountId: assignment.accountId,
            name: accountName(run, assignment.accountId),
            tier: assignment.tier,
            label: assignment.label[locale],
            earnedTier: assignment.earnedTier,
            rawTier: assignment.rawTier,
            reason: assignment.explanation.text[locale],
            upgrade:
              assignment.upgrade === null
                ? null
                : { tier: assignment.upgrade.tier, text: assignment.upgrade.text[locale] },
          }));
          if (flags.json) {
            context.write(
              json({
                asOf: run.asOf,
                policyId: policies.tiers.id,
                saved: flags.save === true,
                distribution,
                changes: run.tierChanges,
                ...(flags.account === undefined ? {} : { accounts }),
              }),
            );
            return;
          }
          const lines: string[] = [];
          const policyName = policies.tiers.name[locale];
          if (flags.account !== undefined) {
            const account = accounts[0]!;
            lines.push(
              `${account.name} (${account.accountId}), ${run.asOf}, ${policyName}: ${account.label}`,
              `  ${isZh(locale) ? '原因' : 'Why'}: ${account.reason}`,
              `  ${isZh(locale) ? '升级路径' : 'Upgrade path'}: ${account.upgrade?.text ?? (isZh(locale) ? '已是最高级' : 'already at the top')}`,
            );
          } else {
            lines.push(isZh(locale) ? `${policyName}（${run.asOf}）` : `${policyName} (${run.asOf})`);
            for (const entry of distribution)
              lines.push(`  ${padEnd(entry.label, 16)} ${String(entry.count).padStart(5)}`);
            lines.push(
              isZh(locale)
                ? `  层级变动 ${run.tierChanges.length} 个客户`
                : `  ${run.tierChanges.length} accounts changed tier`,
            );
          }
          if (flags.save)
            lines.push(
              isZh(locale)
                ? `已保存 ${run.tiers.length} 条分级记录（${run.asOf}）。`
                : `Saved ${run.tiers.length} tier assignments for ${run.asOf}.`,
            );
          context.write(`${lines.join('\n')}\n`);
        },
        { save: flags.save === true },
      );
    });
}

/** Register `kamkit alerts [--as-of YYYY-MM] [--account <id>] [--json]`: the alerts of a month, most severe first. */
export function registerAlertsCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  const severityOrder = { critical: 0, warning: 1, info: 2 } as const;
  return program
    .command('alerts')
    .description(
      zhHelp
        ? '预警：波动、下滑、沉睡、低于平均、降级'
        : 'Alerts: fluctuation, decline, dormancy, below average, downgrade',
    )
    .option('--as-of <month>', 'the month, YYYY-MM (default: the last complete month with data)')
    .option('--account <id>', 'only this account')
    .option('--json', 'print JSON')
    .action(async (flags: RunFlags) => {
      await withRun(context, flags, (run, config) => {
        const { locale } = config;
        const alerts = run.alerts
          .filter((alert) => flags.account === undefined || alert.accountId === flags.account)
          .sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity])
          .map((alert) => ({
            accountId: alert.accountId,
            name: accountName(run, alert.accountId),
            kind: alert.kind,
            monitorId: alert.monitorId,
            severity: alert.severity,
            period: alert.period,
            message: alert.message[locale],
            figures: alert.figures,
          }));
        if (flags.json) {
          context.write(json({ asOf: run.asOf, alerts }));
          return;
        }
        const lines = [
          isZh(locale)
            ? `预警（${run.asOf}，共 ${alerts.length} 条）`
            : `Alerts (${run.asOf}, ${alerts.length} in all)`,
          ...alerts.map((alert) => `  [${alert.severity}] ${alert.kind} · ${alert.name}: ${alert.message}`),
        ];
        context.write(`${lines.join('\n')}\n`);
      });
    });
}

/**
 * Register `kamkit due [--date YYYY-MM-DD | --as-of YYYY-MM] [--owner <userId>] [--json]`:
 * overdue, due and upcoming service actions per owner.
 */
export function registerDueCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  return program
    .command('due')
    .description(
      zhHelp ? '到期的服务动作（拜访、电话、节日问候）' : 'Due service actions (visits, calls, occasions)',
    )
    .option('--date <date>', 'the day, YYYY-MM-DD (default: today)')
    .option('--as-of <month>', 'the last day of this month, YYYY-MM')
    .option('--owner <userId>', 'only this owner’s agenda')
    .option('--json', 'print JSON')
    .action(async (flags: RunFlags & { owner?: string }) => {
      await withRun(
        context,
        flags,
        (run, config) => {
          const { locale } = config;
          const agendas = run.agendas.filter(
            (agenda) => flags.owner === undefined || agenda.ownerId === flags.owner,
          );
          const shape = (action: (typeof agendas)[number]['due'][number]) => ({
            accountId: action.accountId,
            name: action.accountId === null ? null : accountName(run, action.accountId),
            ruleId: action.ruleId,
            label: action.label[locale],
            status: action.status,
            tier: action.tier,
            dueFrom: action.dueFrom,
            dueDate: action.dueDate,
            daysOverdue: action.daysOverdue,
            lastDone: action.lastDone,
            explanation: action.explanation[locale],
          });
          if (flags.json) {
            context.write(
              json({
                date: run.today,
                agendas: agendas.map((agenda) => ({
                  ownerId: agenda.ownerId,
                  overdue: agenda.overdue.map(shape),
                  due: agenda.due.map(shape),
                  upcoming: agenda.upcoming.map(shape),
                })),
              }),
            );
            return;
          }
          const lines = [isZh(locale) ? `待办（${run.today}）` : `Due actions (${run.today})`];
          for (const agenda of agendas) {
            lines.push(
              isZh(locale)
                ? `${agenda.ownerId ?? '（未分配）'}：逾期 ${agenda.overdue.length}，到期 ${agenda.due.length}，即将 ${agenda.upcoming.length}`
                : `${agenda.ownerId ?? '(unassigned)'}: ${agenda.overdue.length} overdue, ${agenda.due.length} due, ${agenda.upcoming.length} upcoming`,
            );
            for (const [mark, actions] of [
              ['!', agenda.overdue],
              ['*', agenda.due],
            ] as const)
              for (const action of actions)
                lines.push(
                  `  ${mark} ${action.dueDate} ${accountName(run, action.accountId)} — ${action.explanation[locale]}`,
                );
          }
          if (agendas.length === 0) lines.push(isZh(locale) ? '  没有待办。' : '  Nothing due.');
          context.write(`${lines.join('\n')}\n`);
        },
        { byDate: true },
      );
    });
}

function isZh(locale: string): boolean {
  return locale === 'zh-CN';
}
