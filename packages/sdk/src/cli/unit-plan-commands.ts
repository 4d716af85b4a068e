/**
 * `kamkit unit-plan set|show|list`: a unit's monthly narrative (单位月度小结)
 * — what went well (做得好的) and next month's plan (下月工作计划) — for one
 * division and month, as the monthly portfolio report shows it. Acts as one
 * user (`KAMKIT_OPERATOR`, or `--as` a user they manage) through the scoped store: a division
 * out of the user's reach reads exactly like one that does not exist.
 *
 * @module
 */
import type { Command } from 'commander';
import type { ScopedStore } from '../access/scoped-store.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { UNIT_PLAN_TEXT_LABELS, type UnitPlan } from '../unit-plans/unit-plan.js';
import { type ActingFlags, requiredOption, withActingUser } from './acting-user.js';
import type { CliContext } from './context.js';

type CommonFlags = ActingFlags;

function lines(plan: UnitPlan, zh: boolean): string[] {
  const missing = zh ? '尚未填写' : 'not yet written';
  return [
    `${plan.division} · ${plan.period}`,
    ...(['wentWell', 'nextPlan'] as const).map(
      (field) => `  ${UNIT_PLAN_TEXT_LABELS[field][zh ? 'zh-CN' : 'en']}: ${plan[field] ?? missing}`,
    ),
    `  ${zh ? `${plan.updatedBy} 于 ${plan.updatedAt} 填写` : `written by ${plan.updatedBy} at ${plan.updatedAt}`}`,
  ];
}

/**
 * Register `kamkit unit-plan` with `set --division <d> --period YYYY-MM
 * [--went-well <text>] [--next <text>] [--reason <text>]`, `show --division
 * <d> --period YYYY-MM` and `list [--period YYYY-MM]`; every subcommand takes
 * `--as <userId>` and `--json`.
 */
export function registerUnitPlanCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  const command = program
    .command('unit-plan')
    .description(
      zhHelp
        ? '单位月度小结：做得好的、下月工作计划（按事业部和月份）'
        : "A unit's monthly narrative: what went well and next month's plan, per division and month",
    )
    .option('--as <userId>', 'act as a user you manage (you are KAMKIT_OPERATOR)')
    .option('--json', 'print JSON');

  const withScoped = <T>(flags: CommonFlags, work: (scoped: ScopedStore) => Promise<T>) =>
    withActingUser(context, flags, work);

  const print = async (plans: readonly UnitPlan[], flags: CommonFlags, heading?: string) => {
    if (flags.json) {
      context.write(`${JSON.stringify(plans.length === 1 && !heading ? plans[0] : plans, null, 2)}\n`);
      return;
    }
    const zh = (await context.config()).locale === 'zh-CN';
    const out = heading === undefined ? [] : [heading];
    for (const plan of plans) out.push(...lines(plan, zh));
    context.write(`${out.join('\n')}\n`);
  };

  command
    .command('set')
    .description(
      zhHelp
        ? '填写或修改本单位某月的小结与计划（未给的项保留原文）'
        : 'Write or edit a unit’s narrative of a month (a text left out is kept)',
    )
    .option('--division <division>', 'the division (unit)')
    .option('--period <month>', 'the month it is about, YYYY-MM')
    .option('--went-well <text>', 'what went well, good practice (做得好的)')
    .option('--next <text>', 'next month’s plan (下月工作计划)')
    .option('--reason <text>', 'why (recorded in the audit log)')
    .action(async (_flags: unknown, sub: Command) => {
      const flags = sub.optsWithGlobals<
        CommonFlags & {
          division?: string;
          period?: string;
          wentWell?: string;
          next?: string;
          reason?: string;
        }
      >();
      const division = requiredOption(flags.division, '--division');
      const period = requiredOption(flags.period, '--period');
      if (flags.wentWell === undefined && flags.next === undefined)
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_INPUT,
          path: '--went-well',
          message: {
            'zh-CN': '请给出 --went-well（做得好的）或 --next（下月工作计划），或两者',
            en: 'Give --went-well (what went well), --next (next month’s plan), or both',
          },
        });
      const plan = await withScoped(flags, (scoped) =>
        scoped.putUnitPlan(
          {
            division,
            period,
            ...(flags.wentWell === undefined ? {} : { wentWell: flags.wentWell }),
            ...(flags.next === undefined ? {} : { nextPlan: flags.next }),
          },
          flags.reason === undefined ? {} : { reason: flags.reason },
        ),
      );
      await print([plan], flags);
    });

  command
    .command('show')
    .description(zhHelp ? '查看一个单位某月的小结与计划' : 'Show one unit’s narrative of a month')
    .option('--division <division>', 'the division (unit)')
    .option('--period <month>', 'the month, YYYY-MM')
    .action(async (_flags: unknown, sub: Command) => {
      const flags = sub.optsWithGlobals<CommonFlags & { division?: string; period?: string }>();
      const division = requiredOption(flags.division, '--division');
      const period = requiredOption(flags.period, '--period');
      await print([await withScoped(flags, (scoped) => scoped.getUnitPlan(division, period))], flags);
    });

  command
    .command('list')
    .description(zhHelp ? '列出你能看到的单位小结与计划' : 'List the units’ narratives you may see')
    .option('--period <month>', 'only this month, YYYY-MM')
    .action(async (_flags: unknown, sub: Command) => {
      const flags = sub.optsWithGlobals<CommonFlags & { period?: string }>();
      const plans = await withScoped(flags, (scoped) =>
        scoped.listUnitPlans(flags.period === undefined ? {} : { periods: [flags.period] }),
      );
      const zh = (await context.config()).locale === 'zh-CN';
      await print(
        plans,
        flags,
        zh ? `单位月度小结（共 ${plans.length} 份）` : `Units’ narratives (${plans.length} in all)`,
      );
    });
  return command;
}
