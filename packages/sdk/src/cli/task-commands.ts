/**
 * `kamkit tasks list|assign|done|cancel` and `kamkit tasks plan file|review`:
 * tasks managers assign to staff (任务 / 指派) and the weekly visit plan
 * (周拜访计划). Acts as one user (`KAMKIT_OPERATOR`, or `--as` a user they manage) through the
 * scoped store: a task of an account the user may not see reads exactly like
 * a missing one.
 *
 * @module
 */
import type { Command } from 'commander';
import type { ScopedStore } from '../access/scoped-store.js';
import { INTERACTION_KINDS, type InteractionKind } from '../domain/interaction.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { Store } from '../store/port.js';
import { TASK_STATUSES, type Task, type TaskFilter, type TaskStatus, taskLine } from '../tasks/task.js';
import { type ActingFlags, requiredOption, withActingUser } from './acting-user.js';
import type { CliContext } from './context.js';
import { dateOption } from './options.js';

/** The scoped store, with the unscoped store kept only to name the people on the tasks shown. */
type Scoped = ScopedStore & { names: Pick<Store, 'getUser'> };

type CommonFlags = ActingFlags;

function kindOption(value: string | undefined, option: string): InteractionKind | undefined {
  if (value === undefined) return undefined;
  if ((INTERACTION_KINDS as readonly string[]).includes(value)) return value as InteractionKind;
  throw new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path: option,
    message: {
      'zh-CN': `${option} 应为以下之一：${INTERACTION_KINDS.join(', ')}`,
      en: `${option} must be one of: ${INTERACTION_KINDS.join(', ')}`,
    },
  });
}

/** `--visit <account>@<YYYY-MM-DD>[:title]`, repeatable. */
function visitOption(value: string): { accountId: string; dueDate: string; title?: string } {
  const match = /^([^@]+)@(\d{4}-\d{2}-\d{2})(?::(.+))?$/u.exec(value.trim());
  if (!match)
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path: '--visit',
      message: {
        'zh-CN': `--visit 应写成 客户编号@YYYY-MM-DD[:内容]：${value}`,
        en: `--visit takes account@YYYY-MM-DD[:title]: ${value}`,
      },
    });
  const [, accountId, dueDate, title] = match;
  return { accountId: accountId!.trim(), dueDate: dueDate!, ...(title ? { title: title.trim() } : {}) };
}

/**
 * Register `kamkit tasks` with `list`, `assign`, `done <id>`, `cancel <id>`
 * and `plan file|review`; every subcommand takes `--as <userId>` and `--json`.
 */
export function registerTasksCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  const tasks = program
    .command('tasks')
    .description(
      zhHelp
        ? '任务：管理人员向员工指派任务（客户、内容、截止日期），完成时记为拜访记录；周拜访计划的提交与审阅'
        : 'Tasks: managers assign work on an account (what, due date) to staff, completed as an interaction; weekly visit plans filed and reviewed',
    )
    .option('--as <userId>', 'act as a user you manage (you are KAMKIT_OPERATOR)')
    .option('--json', 'print JSON');

  /** Open the store, scope it to the acting user, run `work` (given the store too, for names), close. */
  const withScoped = <T>(flags: CommonFlags, work: (scoped: Scoped) => Promise<T>) =>
    withActingUser(context, flags, (scoped, store) => work(Object.assign(scoped, { names: store })));

  /**
   * The names of the people on the tasks shown (who assigned them, who does
   * them): part of a task the user may see, whatever else of those users
   * they may read.
   */
  const namesOf = async (rows: readonly Task[], names: Pick<Store, 'getUser'>) => {
    const known = new Map<string, string>();
    for (const id of new Set(rows.flatMap((row) => [row.assignedBy, row.assigneeId]))) {
      const user = await names.getUser(id);
      if (user) known.set(id, user.name);
    }
    return (id: string) => known.get(id) ?? id;
  };

  const print = async (rows: readonly Task[], flags: CommonFlags, scoped: Scoped, title?: string) => {
    const config = await context.config();
    if (flags.json) {
      context.write(
        `${JSON.stringify(rows.length === 1 && title === undefined ? rows[0] : rows, null, 2)}\n`,
      );
      return;
    }
    const nameOf = await namesOf(rows, scoped.names);
    const lines = title === undefined ? [] : [title];
    for (const row of rows)
      lines.push(
        `${title === undefined ? '' : '  '}${row.accountId} · ${taskLine(row, nameOf)[config.locale]}`,
      );
    context.write(`${lines.join('\n')}\n`);
  };

  tasks
    .command('list')
    .description(
      zhHelp
        ? '列出你能看到的任务（默认：指派给你的未完成任务）'
        : 'List the tasks you may see (default: your open tasks)',
    )
    .option('--all', 'every task you may see, not only yours')
    .option('--assignee <userId>', 'only tasks of this user')
    .option('--account <id>', 'only this account')
    .option('--status <status>', `${TASK_STATUSES.join(' | ')} | any (default: open)`)
    .option('--week <monday>', 'only items of this week’s visit plan (its Monday, YYYY-MM-DD)')
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<
        CommonFlags & { all?: boolean; assignee?: string; account?: string; status?: string; week?: string }
      >();
      const config = await context.config();
      const status = flags.status ?? 'open';
      if (status !== 'any' && !(TASK_STATUSES as readonly string[]).includes(status))
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_INPUT,
          path: '--status',
          message: {
            'zh-CN': `--status 应为以下之一：${TASK_STATUSES.join(', ')}, any`,
            en: `--status must be one of: ${TASK_STATUSES.join(', ')}, any`,
          },
        });
      await withScoped(flags, async (scoped) => {
        const me = await scoped.me();
        const assignee = flags.assignee ?? (flags.all || flags.week !== undefined ? undefined : me.id);
        const filter: TaskFilter = {
          ...(assignee === undefined ? {} : { assigneeIds: [assignee] }),
          ...(flags.account === undefined ? {} : { accountIds: [flags.account] }),
          ...(status === 'any' ? {} : { status: status as TaskStatus }),
          ...(flags.week === undefined ? {} : { planWeek: flags.week }),
        };
        const rows = (await scoped.listTasks(filter)).sort(
          (left, right) => left.dueDate.localeCompare(right.dueDate) || left.id.localeCompare(right.id),
        );
        if (flags.json) {
          context.write(`${JSON.stringify({ tasks: rows }, null, 2)}\n`);
          return;
        }
        const zh = config.locale === 'zh-CN';
        await print(rows, {}, scoped, zh ? `任务（共 ${rows.length} 项）` : `Tasks (${rows.length} in all)`);
      });
    });

  tasks
    .command('assign')
    .description(zhHelp ? '向员工指派任务' : 'Assign a task to a member of staff')
    .option('--account <id>', 'the account')
    .option('--to <userId>', 'the assignee')
    .option('--title <text>', 'what to do')
    .option('--detail <text>', 'more about it')
    .option('--due <date>', 'due date, YYYY-MM-DD')
    .option(
      '--kind <kind>',
      `the interaction recorded when done: ${INTERACTION_KINDS.join(' | ')} (default: visit)`,
    )
    .option('--id <taskId>', 'the task id (default: generated)')
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<
        CommonFlags & {
          account?: string;
          to?: string;
          title?: string;
          detail?: string;
          due?: string;
          kind?: string;
          id?: string;
        }
      >();
      const config = await context.config();
      const kind = kindOption(flags.kind, '--kind');
      const input = {
        accountId: requiredOption(flags.account, '--account'),
        assigneeId: requiredOption(flags.to, '--to'),
        title: requiredOption(flags.title, '--title'),
        dueDate: dateOption(requiredOption(flags.due, '--due'), '--due', config.timeZone, new Date()),
        ...(flags.detail ? { detail: flags.detail } : {}),
        ...(kind === undefined ? {} : { kind }),
        ...(flags.id ? { id: flags.id } : {}),
      };
      await withScoped(flags, async (scoped) => print([await scoped.assignTask(input)], flags, scoped));
    });

  tasks
    .command('done <taskId>')
    .description(zhHelp ? '完成任务（记为一条拜访记录）' : 'Complete a task (recorded as an interaction)')
    .option('--note <text>', 'what happened (default: the task’s title)')
    .option('--kind <kind>', 'the interaction kind (default: the task’s)')
    .option('--account <id>', 'the account, when the task id is used under several')
    .action(async (taskId: string, _flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<
        CommonFlags & { note?: string; kind?: string; account?: string }
      >();
      const kind = kindOption(flags.kind, '--kind');
      await withScoped(flags, async (scoped) => {
        const { task, interaction } = await scoped.completeTask(taskId, {
          ...(flags.note ? { note: flags.note } : {}),
          ...(kind === undefined ? {} : { kind }),
          ...(flags.account ? { accountId: flags.account } : {}),
        });
        if (flags.json) {
          context.write(`${JSON.stringify({ task, interaction }, null, 2)}\n`);
          return;
        }
        const config = await context.config();
        await print([task], flags, scoped);
        context.write(
          config.locale === 'zh-CN'
            ? `已记录拜访记录 ${interaction.id}（${interaction.kind}）\n`
            : `Recorded interaction ${interaction.id} (${interaction.kind})\n`,
        );
      });
    });

  tasks
    .command('cancel <taskId>')
    .description(zhHelp ? '取消任务（须写原因）' : 'Cancel a task (with a reason)')
    .option('--reason <text>', 'why')
    .option('--account <id>', 'the account, when the task id is used under several')
    .action(async (taskId: string, _flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<CommonFlags & { reason?: string; account?: string }>();
      const reason = requiredOption(flags.reason, '--reason');
      await withScoped(flags, async (scoped) =>
        print(
          [
            await scoped.cancelTask(taskId, {
              reason,
              ...(flags.account ? { accountId: flags.account } : {}),
            }),
          ],
          flags,
          scoped,
        ),
      );
    });

  const plan = tasks
    .command('plan')
    .description(zhHelp ? '周拜访计划：提交与审阅' : 'Weekly visit plan: file and review');

  plan
    .command('file')
    .description(
      zhHelp
        ? '提交某一周的拜访计划（每次拜访一项；重新提交会替换上次未完成的项）'
        : 'File the visit plan of a week (one item per visit; filing again replaces the open items)',
    )
    .option('--week <monday>', 'the week, by its Monday, YYYY-MM-DD')
    .option(
      '--visit <account@date[:title]>',
      'a planned visit (repeat for each)',
      (value: string, list: string[] = []) => [...list, value],
    )
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<CommonFlags & { week?: string; visit?: string[] }>();
      const week = requiredOption(flags.week, '--week');
      const items = (flags.visit ?? []).map(visitOption);
      if (items.length === 0) requiredOption(undefined, '--visit');
      await withScoped(flags, async (scoped) => {
        const filed = await scoped.filePlan({ week, items });
        const config = await context.config();
        if (flags.json) return print(filed, flags, scoped, '');
        return print(
          filed,
          flags,
          scoped,
          config.locale === 'zh-CN'
            ? `已提交 ${week} 周拜访计划（${filed.length} 项），待审阅`
            : `Filed the visit plan of the week of ${week} (${filed.length} items), awaiting review`,
        );
      });
    });

  plan
    .command('review')
    .description(
      zhHelp
        ? '审阅下属的周拜访计划：批准，或退回并写明原因'
        : 'Review a weekly visit plan of your staff: approve, or return it with a note',
    )
    .option('--user <userId>', 'whose plan')
    .option('--week <monday>', 'the week, by its Monday, YYYY-MM-DD')
    .option('--approve', 'approve the plan')
    .option('--return', 'return the plan (with --note)')
    .option('--note <text>', 'the note to the filer')
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<
        CommonFlags & { user?: string; week?: string; approve?: boolean; return?: boolean; note?: string }
      >();
      if (flags.approve === flags.return)
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_INPUT,
          path: '--approve',
          message: { 'zh-CN': '请选择 --approve 或 --return 之一', en: 'Give one of --approve or --return' },
        });
      const assigneeId = requiredOption(flags.user, '--user');
      const week = requiredOption(flags.week, '--week');
      await withScoped(flags, async (scoped) => {
        const reviewed = await scoped.reviewPlan({
          assigneeId,
          week,
          decision: flags.approve ? 'approve' : 'return',
          ...(flags.note ? { note: flags.note } : {}),
        });
        const config = await context.config();
        if (flags.json) return print(reviewed, flags, scoped, '');
        const zh = config.locale === 'zh-CN';
        return print(
          reviewed,
          flags,
          scoped,
          flags.approve
            ? zh
              ? `已批准 ${assigneeId} 的 ${week} 周拜访计划`
              : `Approved the visit plan of ${assigneeId} for the week of ${week}`
            : zh
              ? `已退回 ${assigneeId} 的 ${week} 周拜访计划`
              : `Returned the visit plan of ${assigneeId} for the week of ${week}`,
        );
      });
    });
  return tasks;
}
