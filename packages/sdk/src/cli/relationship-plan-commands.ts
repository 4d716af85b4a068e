/**
 * `kamkit relationship-plan list|show|write|submit|approve|return`: the
 * half-yearly relationship development plan of a key account (客户关系发展计划)
 * — written and adjusted by the account's owner A or B, submitted, and
 * approved (filed) or returned with a note by their supervisor, as
 * `kamkit tasks plan review` does for weekly plans. Acts as one user
 * (`KAMKIT_OPERATOR`, or `--as` a user they manage) through the scoped
 * store: an account out of the user's reach reads exactly like one that does
 * not exist.
 *
 * @module
 */
import type { Command } from 'commander';
import type { ScopedStore } from '../access/scoped-store.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { halfYearLabel } from '../relationship-plans/half-year.js';
import {
  RELATIONSHIP_PLAN_STATUS_LABELS,
  RELATIONSHIP_PLAN_STATUSES,
  type RelationshipPlan,
  type RelationshipPlanStatus,
  relationshipPlanLines,
} from '../relationship-plans/relationship-plan.js';
import { type ActingFlags, requiredOption, withActingUser } from './acting-user.js';
import type { CliContext } from './context.js';
import { halfYearOption } from './options.js';

type PlanFlags = ActingFlags & { account?: string; half?: string };

/**
 * Register `kamkit relationship-plan` with `list [--half H] [--status S]`,
 * `show --account <id> [--half H]`, `write --account <id> [--half H]
 * [--goals <text>] [--actions <text>] [--progress <text>] [--reason <text>]`,
 * `submit --account <id> [--half H]`, `approve --account <id> [--half H]
 * [--note <text>]` and `return --account <id> [--half H] --note <text>`; the
 * half-year (`--half`, e.g. `2026-H1` or `2026上半年`) defaults to the
 * current one; every subcommand takes `--as <userId>` and `--json`.
 */
export function registerRelationshipPlanCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  const command = program
    .command('relationship-plan')
    .description(
      zhHelp
        ? '客户关系发展计划：每个重点客户每半年一份，由 A/B 角编写并报上级审批备案'
        : 'Half-yearly relationship development plans: written by a key account’s owners, approved and filed by their supervisor',
    )
    .option('--as <userId>', 'act as a user you manage (you are KAMKIT_OPERATOR)')
    .option('--json', 'print JSON');

  const withScoped = <T>(flags: ActingFlags, work: (scoped: ScopedStore) => Promise<T>) =>
    withActingUser(context, flags, work);
  const target = async (flags: PlanFlags) => {
    const config = await context.config();
    return {
      accountId: requiredOption(flags.account, '--account'),
      halfYear: halfYearOption(flags.half, '--half', config.timeZone, new Date()),
    };
  };
  const print = async (plans: readonly RelationshipPlan[], flags: ActingFlags, heading?: string) => {
    if (flags.json) {
      context.write(`${JSON.stringify(heading === undefined ? plans[0] : plans, null, 2)}\n`);
      return;
    }
    const locale = (await context.config()).locale;
    const out = heading === undefined ? [] : [heading];
    for (const plan of plans) {
      const [header, ...rest] = relationshipPlanLines(plan).map((line) => line[locale]);
      out.push(header ?? '', ...rest.map((line) => `  ${line}`));
    }
    context.write(`${out.join('\n')}\n`);
  };
  const halfOption = '--half <half-year>';
  const halfHelp = 'the half-year, YYYY-H1 or YYYY-H2 (default: the current one)';

  command
    .command('list')
    .description(zhHelp ? '列出你能看到的客户关系发展计划' : 'List the relationship plans you may see')
    .option(halfOption, 'only this half-year')
    .option('--status <status>', `only plans in this status (${RELATIONSHIP_PLAN_STATUSES.join(', ')})`)
    .action(async (_flags: unknown, sub: Command) => {
      const flags = sub.optsWithGlobals<PlanFlags & { status?: string }>();
      const config = await context.config();
      const half =
        flags.half === undefined
          ? undefined
          : halfYearOption(flags.half, '--half', config.timeZone, new Date());
      if (
        flags.status !== undefined &&
        !RELATIONSHIP_PLAN_STATUSES.includes(flags.status as RelationshipPlanStatus)
      )
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_INPUT,
          path: '--status',
          message: {
            'zh-CN': `--status 应为 ${RELATIONSHIP_PLAN_STATUSES.join('、')} 之一，收到：${flags.status}`,
            en: `--status expects one of ${RELATIONSHIP_PLAN_STATUSES.join(', ')}, got: ${flags.status}`,
          },
        });
      const plans = (
        await withScoped(flags, (scoped) =>
          scoped.listRelationshipPlans(half === undefined ? {} : { halfYears: [half] }),
        )
      ).filter((plan) => flags.status === undefined || plan.status === flags.status);
      if (flags.json) {
        context.write(`${JSON.stringify(plans, null, 2)}\n`);
        return;
      }
      const zh = config.locale === 'zh-CN';
      const out = [
        zh ? `客户关系发展计划（共 ${plans.length} 份）` : `Relationship plans (${plans.length} in all)`,
      ];
      for (const plan of plans) {
        const status = RELATIONSHIP_PLAN_STATUS_LABELS[plan.status][config.locale];
        const half = halfYearLabel(plan.halfYear)[config.locale];
        out.push(
          zh
            ? `  ${plan.accountId} · ${half} · 第 ${plan.revision} 版 · ${status}`
            : `  ${plan.accountId} · ${half} · revision ${plan.revision} · ${status}`,
        );
      }
      context.write(`${out.join('\n')}\n`);
    });

  command
    .command('show')
    .description(
      zhHelp
        ? '查看一个客户某半年的计划（含审批意见和备案版本）'
        : 'Show an account’s plan of a half-year, with the review and the filed revision',
    )
    .option('--account <id>', 'the account')
    .option(halfOption, halfHelp)
    .action(async (_flags: unknown, sub: Command) => {
      const flags = sub.optsWithGlobals<PlanFlags>();
      const { accountId, halfYear } = await target(flags);
      await print(
        [await withScoped(flags, (scoped) => scoped.getRelationshipPlan(accountId, halfYear))],
        flags,
      );
    });

  command
    .command('write')
    .description(
      zhHelp
        ? '编写或调整计划（新版本；未给的部分保留原文；已备案的版本在新版本批准前保持不变）'
        : 'Write or adjust the plan (a new revision; a section left out is kept; the filed revision stays until a new one is approved)',
    )
    .option('--account <id>', 'the account')
    .option(halfOption, halfHelp)
    .option('--goals <text>', 'goals: who at the customer, what to reach (关系目标)')
    .option('--actions <text>', 'actions (行动计划)')
    .option('--progress <text>', 'progress and adjustments (进展与调整)')
    .option('--reason <text>', 'why (recorded in the audit log)')
    .action(async (_flags: unknown, sub: Command) => {
      const flags = sub.optsWithGlobals<
        PlanFlags & { goals?: string; actions?: string; progress?: string; reason?: string }
      >();
      const { accountId, halfYear } = await target(flags);
      if (flags.goals === undefined && flags.actions === undefined && flags.progress === undefined)
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_INPUT,
          path: '--goals',
          message: {
            'zh-CN': '请给出 --goals（关系目标）、--actions（行动计划）或 --progress（进展与调整）',
            en: 'Give --goals, --actions or --progress (or several)',
          },
        });
      const plan = await withScoped(flags, (scoped) =>
        scoped.putRelationshipPlan(
          {
            accountId,
            halfYear,
            ...(flags.goals === undefined ? {} : { goals: flags.goals }),
            ...(flags.actions === undefined ? {} : { actions: flags.actions }),
            ...(flags.progress === undefined ? {} : { progress: flags.progress }),
          },
          flags.reason === undefined ? {} : { reason: flags.reason },
        ),
      );
      await print([plan], flags);
    });

  command
    .command('submit')
    .description(
      zhHelp ? '提交计划，报上级主管审批备案' : 'Submit the plan for the supervisor to approve and file',
    )
    .option('--account <id>', 'the account')
    .option(halfOption, halfHelp)
    .action(async (_flags: unknown, sub: Command) => {
      const flags = sub.optsWithGlobals<PlanFlags>();
      const { accountId, halfYear } = await target(flags);
      await print(
        [await withScoped(flags, (scoped) => scoped.submitRelationshipPlan(accountId, halfYear))],
        flags,
      );
    });

  for (const decision of ['approve', 'return'] as const)
    command
      .command(decision)
      .description(
        decision === 'approve'
          ? zhHelp
            ? '批准计划并备案（提交人的上级主管）'
            : 'Approve and file the plan (the submitter’s supervisor)'
          : zhHelp
            ? '退回计划并写明原因（提交人的上级主管）'
            : 'Return the plan with a note (the submitter’s supervisor)',
      )
      .option('--account <id>', 'the account')
      .option(halfOption, halfHelp)
      .option(
        '--note <text>',
        decision === 'approve' ? 'a comment (optional)' : 'why it is returned (required)',
      )
      .action(async (_flags: unknown, sub: Command) => {
        const flags = sub.optsWithGlobals<PlanFlags & { note?: string }>();
        const { accountId, halfYear } = await target(flags);
        const note = decision === 'return' ? requiredOption(flags.note, '--note') : flags.note;
        const plan = await withScoped(flags, (scoped) =>
          scoped.decideRelationshipPlan(accountId, halfYear, { decision, note }),
        );
        await print([plan], flags);
      });
  return command;
}
