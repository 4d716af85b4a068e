/**
 * `kamkit score`, `tier`, `alerts` and `due`: the month's stored results
 * (computed once by `kamkit run`, the refresh job, or the first reader),
 * read by index and shown from one angle, as text in the user's locale or as
 * JSON (`--json`). `due` applies the service cadence on its day to the
 * month’s stored tiers (`agendasOn`).
 *
 * @module
 */

import type { Command } from 'commander';
import type { OwnerAgenda } from '../cadence/due-actions.js';
import { type DueItem, dueAgendas } from '../cadence/due-items.js';
import { PENDING_CLAIM_STATUSES } from '../claims/claim.js';
import { claimActors } from '../claims/claim-actors.js';
import { notFound } from '../errors/kam-error.js';
import { formatNumber } from '../money/decimal.js';
import { defaultMonth } from '../portfolio/default-month.js';
import { relationshipPlanHalfYears } from '../relationship-plans/relationship-plan.js';
import type { AccountMonth } from '../results/results-store.js';
import { scoringLabelText } from '../scoring/model.js';
import type { Store } from '../store/port.js';
import { type TaskDueItem, taskDueItems } from '../tasks/task.js';
import { lastDayOfMonth } from '../time/calendar.js';
import type { CliContext } from './context.js';
import { resultsJson, withMonthResults } from './month-results.js';
import { countOption, dateOption, monthOption, padEnd } from './options.js';

interface RunFlags {
  asOf?: string;
  date?: string;
  account?: string;
  json?: boolean;
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
      const config = await context.config();
      const { locale, policies } = config;
      await withMonthResults(context.openStore, config, flags.asOf, locale, async (reading) => {
        const { month } = reading;
        const { store } = reading;
        const accountCount = reading.freshness.meta.accountCount;
        let picked: AccountMonth[];
        if (flags.account === undefined)
          picked = await store.results.listAccountMonths(month, { limit: top });
        else {
          const row = await store.results.getAccountMonth(month, flags.account);
          if (row === undefined) throw notFound('客户 / account', flags.account);
          picked = [row];
        }
        const rows = picked.map((row) => ({
          rank: row.rank,
          accountId: row.accountId,
          name: row.name,
          score: row.score.value,
          factors: row.score.factors.map((factor) => ({
            id: factor.id,
            label: scoringLabelText(factor.label, locale, factor.id),
            raw: factor.raw,
            normalised: factor.normalised,
            weight: factor.weight,
            contribution: factor.contribution,
            missed: factor.missed,
            missing: factor.missing,
          })),
        }));
        const modelName = scoringLabelText(policies.scoring.name, locale, policies.scoring.id);
        if (flags.json) {
          context.write(
            json({
              asOf: month,
              modelId: policies.scoring.id,
              accounts: accountCount,
              scores: rows,
              ...resultsJson(reading),
            }),
          );
          return;
        }
        const lines: string[] = [];
        if (flags.account !== undefined) {
          const row = rows[0]!;
          lines.push(
            isZh(locale)
              ? `${row.name}（${row.accountId}）${month} ${modelName}：${formatNumber(row.score, { decimals: 1, fixed: true })} 分，第 ${row.rank} / ${accountCount} 名`
              : `${row.name} (${row.accountId}), ${month}, ${modelName}: ${formatNumber(row.score, { decimals: 1, fixed: true })} of 100, rank ${row.rank} of ${accountCount}`,
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
              ? `${modelName}（${month}），前 ${rows.length} 名 / 共 ${accountCount} 个客户`
              : `${modelName} (${month}), top ${rows.length} of ${accountCount} accounts`,
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
        if (reading.note !== undefined) lines.push(reading.note);
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
      const config = await context.config();
      const { locale, policies } = config;
      const save = flags.save === true;
      await withMonthResults(
        context.openStore,
        config,
        flags.asOf,
        locale,
        async (reading) => {
          const { store, month } = reading;
          const portfolio = await store.results.getPortfolioSummary(month);
          let rows: AccountMonth[] = [];
          if (flags.account !== undefined) {
            const row = await store.results.getAccountMonth(month, flags.account);
            if (row === undefined) throw notFound('客户 / account', flags.account);
            rows = [row];
          }
          const distribution = (portfolio?.distribution ?? []).map((entry) => ({
            tier: entry.tier,
            label: entry.label[locale],
            count: entry.count,
          }));
          const changes = portfolio?.tierChanges ?? [];
          const accounts = rows.map((row) => ({
            accountId: row.accountId,
            name: row.name,
            tier: row.tier.tier,
            label: row.tier.label[locale],
            earnedTier: row.tier.earnedTier,
            rawTier: row.tier.rawTier,
            reason: row.tier.explanation.text[locale],
            upgrade:
              row.tier.upgrade === null
                ? null
                : { tier: row.tier.upgrade.tier, text: row.tier.upgrade.text[locale] },
          }));
          if (flags.json) {
            context.write(
              json({
                asOf: month,
                policyId: policies.tiers.id,
                saved: save,
                distribution,
                changes,
                ...(flags.account === undefined ? {} : { accounts }),
                ...resultsJson(reading),
              }),
            );
            return;
          }
          const lines: string[] = [];
          const policyName = policies.tiers.name[locale];
          if (flags.account !== undefined) {
            const account = accounts[0]!;
            lines.push(
              `${account.name} (${account.accountId}), ${month}, ${policyName}: ${account.label}`,
              `  ${isZh(locale) ? '原因' : 'Why'}: ${account.reason}`,
              `  ${isZh(locale) ? '升级路径' : 'Upgrade path'}: ${account.upgrade?.text ?? (isZh(locale) ? '已是最高级' : 'already at the top')}`,
            );
          } else {
            lines.push(isZh(locale) ? `${policyName}（${month}）` : `${policyName} (${month})`);
            for (const entry of distribution)
              lines.push(`  ${padEnd(entry.label, 16)} ${String(entry.count).padStart(5)}`);
            lines.push(
              isZh(locale)
                ? `  层级变动 ${changes.length} 个客户`
                : `  ${changes.length} accounts changed tier`,
            );
          }
          if (save)
            lines.push(
              isZh(locale)
                ? `已保存 ${reading.freshness.meta.accountCount} 条分级记录（${month}）。`
                : `Saved ${reading.freshness.meta.accountCount} tier assignments for ${month}.`,
            );
          if (reading.note !== undefined) lines.push(reading.note);
          context.write(`${lines.join('\n')}\n`);
        },
        { record: save },
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
      const config = await context.config();
      const { locale } = config;
      await withMonthResults(context.openStore, config, flags.asOf, locale, async (reading) => {
        const { month } = reading;
        const rows = await reading.store.results.listAccountMonths(month, {
          withAlerts: true,
          ...(flags.account === undefined ? {} : { accountIds: [flags.account] }),
        });
        const alerts = rows
          .flatMap((row) => row.alerts.map((alert) => ({ alert, name: row.name })))
          .sort(
            (a, b) =>
              severityOrder[a.alert.severity] - severityOrder[b.alert.severity] ||
              compareText(a.alert.accountId, b.alert.accountId),
          )
          .map(({ alert, name }) => ({
            accountId: alert.accountId,
            name,
            kind: alert.kind,
            monitorId: alert.monitorId,
            severity: alert.severity,
            period: alert.period,
            message: alert.message[locale],
            figures: alert.figures,
          }));
        if (flags.json) {
          context.write(json({ asOf: month, alerts, ...resultsJson(reading) }));
          return;
        }
        const lines = [
          isZh(locale)
            ? `预警（${month}，共 ${alerts.length} 条）`
            : `Alerts (${month}, ${alerts.length} in all)`,
          ...alerts.map((alert) => `  [${alert.severity}] ${alert.kind} · ${alert.name}: ${alert.message}`),
        ];
        if (reading.note !== undefined) lines.push(reading.note);
        context.write(`${lines.join('\n')}\n`);
      });
    });
}

/**
 * Register `kamkit due [--date YYYY-MM-DD | --as-of YYYY-MM] [--owner <userId>] [--json]`:
 * per owner, the overdue, due and upcoming service actions, the contracts in
 * their renewal notice period, the complaints waiting for their answer and
 * the attribution claims waiting for an answer or a decision —
 * the same items as the bots' 待办 list ({@link dueAgendas}).
 */
export function registerDueCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  return program
    .command('due')
    .description(
      zhHelp
        ? '待办：到期的服务动作（拜访、电话、节日问候）、合同续签、投诉答复'
        : 'Due list: service actions (visits, calls, occasions), contract renewals, complaints to answer',
    )
    .option('--date <date>', 'the day, YYYY-MM-DD (default: today)')
    .option('--as-of <month>', 'the last day of this month, YYYY-MM')
    .option('--owner <userId>', 'only this owner’s agenda')
    .option('--json', 'print JSON')
    .action(async (flags: RunFlags & { owner?: string }) => {
      const config = await context.config();
      const { locale } = config;
      // By date (today unless --date), or the last day of --as-of.
      const now = new Date();
      const today =
        flags.asOf === undefined || flags.date !== undefined
          ? dateOption(flags.date, '--date', config.timeZone, now)
          : lastDayOfMonth(monthOption(flags.asOf, '--as-of', config.timeZone, now));
      const print = async (
        store: Store,
        serviceAgendas: readonly OwnerAgenda[],
        month: string,
        note: string | undefined,
        extra: Record<string, unknown>,
      ) => {
        const [accounts, contracts, complaints, claims, relationshipPlans, tiers, users] = await Promise.all([
          store.listAccounts(),
          store.listContracts(),
          store.listComplaints(),
          store.listClaims({ statuses: PENDING_CLAIM_STATUSES }),
          store.listRelationshipPlans({ halfYears: relationshipPlanHalfYears(today) }),
          store.results.listTiers(month),
          store.listUsers(),
        ]);
        const agendas = dueAgendas({
          agendas: serviceAgendas,
          accounts,
          contracts,
          complaints,
          // Attribution claims wait on the holding division's admins, contested ones on the level above.
          claims,
          claimActors: (claim) => claimActors(claim, users),
          complaintPolicy: config.policies.complaints,
          relationshipPlans,
          tierOf: (accountId) => tiers.get(accountId) ?? null,
          users,
          relationshipPlanPolicy: config.policies.relationshipPlans,
          today,
          timeZone: config.timeZone,
        });
        const names = new Map(
          accounts.map((account) => [account.id, account.shortName ?? account.name] as const),
        );
        const name = (accountId: string | null) =>
          accountId === null ? '—' : (names.get(accountId) ?? accountId);
        const shown = agendas.filter((agenda) => flags.owner === undefined || agenda.ownerId === flags.owner);
        // Open tasks assigned to staff (任务) join their owner's list, with who assigned them.
        const tasks = await openTasks(store, today, flags.owner);
        const shape = (item: DueItem) => ({
          kind: item.source,
          accountId: item.accountId,
          name: item.accountId === null ? null : name(item.accountId),
          ...(item.ruleId === undefined ? {} : { ruleId: item.ruleId }),
          ...(item.contractId === undefined ? {} : { contractId: item.contractId }),
          ...(item.complaintId === undefined ? {} : { complaintId: item.complaintId }),
          ...(item.claimId === undefined ? {} : { claimId: item.claimId }),
          ...(item.halfYear === undefined ? {} : { halfYear: item.halfYear }),
          label: item.label[locale],
          status: item.status,
          ...(item.tier === undefined ? {} : { tier: item.tier }),
          dueFrom: item.dueFrom,
          dueDate: item.dueDate,
          daysOverdue: item.daysOverdue,
          ...(item.lastDone === undefined ? {} : { lastDone: item.lastDone }),
          explanation: item.explanation[locale],
        });
        if (flags.json) {
          context.write(
            json({
              date: today,
              agendas: shown.map((agenda) => ({
                ownerId: agenda.ownerId,
                overdue: agenda.overdue.map(shape),
                due: agenda.due.map(shape),
                upcoming: agenda.upcoming.map(shape),
              })),
              tasks: tasks.map((task) => ({
                taskId: task.taskId,
                assigneeId: task.assigneeId,
                assignedBy: task.assignedBy,
                accountId: task.accountId,
                name: name(task.accountId),
                status: task.status,
                dueDate: task.dueDate,
                daysOverdue: task.daysOverdue,
                label: task.label[locale],
              })),
              ...extra,
            }),
          );
          return;
        }
        const lines = [isZh(locale) ? `待办（${today}）` : `Due actions (${today})`];
        for (const agenda of shown) {
          lines.push(
            isZh(locale)
              ? `${agenda.ownerId ?? '（未分配）'}：逾期 ${agenda.overdue.length}，到期 ${agenda.due.length}，即将 ${agenda.upcoming.length}`
              : `${agenda.ownerId ?? '(unassigned)'}: ${agenda.overdue.length} overdue, ${agenda.due.length} due, ${agenda.upcoming.length} upcoming`,
          );
          for (const [mark, items] of [
            ['!', agenda.overdue],
            ['*', agenda.due],
          ] as const)
            for (const item of items)
              lines.push(
                item.source === 'service'
                  ? `  ${mark} ${item.dueDate} ${name(item.accountId)} — ${item.explanation[locale]}`
                  : `  ${mark} ${item.dueDate} ${name(item.accountId)} — ${item.label[locale]}${isZh(locale) ? '：' : ': '}${item.explanation[locale]}`,
              );
        }
        if (shown.length === 0) lines.push(isZh(locale) ? '  没有待办。' : '  Nothing due.');
        for (const assignee of [...new Set(tasks.map((task) => task.assigneeId))]) {
          const mine = tasks.filter((task) => task.assigneeId === assignee);
          lines.push(
            isZh(locale) ? `${assignee} 的任务：${mine.length} 项` : `Tasks of ${assignee}: ${mine.length}`,
          );
          for (const task of mine)
            lines.push(
              `  ${task.status === 'overdue' ? '!' : '*'} ${task.dueDate} ${name(task.accountId)} — ${task.label[locale]}`,
            );
        }
        if (note !== undefined) lines.push(note);
        context.write(`${lines.join('\n')}\n`);
      };
      // The tiers of the month asked for (`--as-of`), or of the last complete month with data on the
      // day; the cadence is applied on the day itself — nothing of the portfolio is recomputed.
      const month =
        flags.asOf !== undefined && flags.date === undefined
          ? flags.asOf
          : (store: Store) => defaultMonth(store, { today });
      await withMonthResults(context.openStore, config, month, locale, async (reading) => {
        const { agendasOn } = await import('../refresh/agendas-on.js');
        const { agendas } = await agendasOn({
          store: reading.store,
          policies: config.policies,
          month: reading.month,
          date: today,
          timeZone: config.timeZone,
        });
        await print(reading.store, agendas, reading.month, reading.note, {
          tiersOf: reading.month,
          ...resultsJson(reading),
        });
      });
    });
}

/** Open tasks (of one assignee, or everyone's) on the due list of `today`, named with their assigner. */
async function openTasks(store: Store, today: string, assignee: string | undefined): Promise<TaskDueItem[]> {
  const tasks = await store.listTasks({
    status: 'open',
    ...(assignee === undefined ? {} : { assigneeIds: [assignee] }),
  });
  const names = new Map((await store.listUsers()).map((user) => [user.id, user.name] as const));
  return taskDueItems(tasks, today, (id) => names.get(id) ?? id).sort(
    (left, right) => left.assigneeId.localeCompare(right.assigneeId) || right.daysOverdue - left.daysOverdue,
  );
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function isZh(locale: string): boolean {
  return locale === 'zh-CN';
}
