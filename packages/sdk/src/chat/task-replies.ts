/**
 * The chat commands of tasks (任务): `任务` / `tasks` lists my open tasks,
 * `完成任务 ‹编号› [备注]` / `done ‹id› [note]` completes one (recording the
 * interaction), and `指派 ‹客户› 给 ‹用户› ‹内容› ‹日期›` /
 * `assign ‹account› to ‹user› ‹what› ‹date›` assigns one. Everything goes
 * through the scoped store; the replies are data for both bots.
 *
 * @module
 */
import type { ScopedStore } from '../access/scoped-store.js';
import type { Account } from '../domain/account.js';
import { KAM_ERROR_CODES, KamError, type Locale } from '../errors/kam-error.js';
import type { Store } from '../store/port.js';
import { type Task, taskDueItems } from '../tasks/task.js';
import type { DueListItem } from './due-list.js';
import { findAccounts } from './find-accounts.js';
import { type ListEntry, localised, type Reply } from './replies.js';

/** What a task command needs of the turn. */
export interface TaskTurn {
  scoped: ScopedStore;
  /** The unscoped store, only for the names of the people on tasks the user sees. */
  store: Pick<Store, 'getUser'>;
  userId: string;
  locale: Locale;
  /** Today, `YYYY-MM-DD` in the organisation's time zone. */
  today: string;
}

/** How many tasks a list shows. */
const TASK_LIST_LIMIT = 20;

/** The names of who assigned and who does the tasks shown: part of a task the user may see. */
async function namesOf(turn: TaskTurn, tasks: readonly Task[]): Promise<(id: string) => string> {
  const names = new Map<string, string>();
  for (const id of new Set(tasks.flatMap((task) => [task.assignedBy, task.assigneeId]))) {
    const user = await turn.store.getUser(id);
    if (user) names.set(id, user.name);
  }
  return (id) => names.get(id) ?? id;
}

function accountName(accounts: ReadonlyMap<string, Account>, id: string): string {
  const account = accounts.get(id);
  return account?.shortName ?? account?.name ?? id;
}

/** `任务` / `tasks`: my open tasks, overdue first, with the due date and who assigned each. */
export async function tasksReply(turn: TaskTurn): Promise<Reply> {
  const tasks = await turn.scoped.listTasks({ assigneeIds: [turn.userId], status: 'open' });
  const accounts = new Map(
    (await turn.scoped.listAccounts()).map((account) => [account.id, account] as const),
  );
  const items = taskDueItems(tasks, turn.today, await namesOf(turn, tasks));
  const entries: ListEntry[] = items.slice(0, TASK_LIST_LIMIT).map((item) => {
    const name = accountName(accounts, item.accountId);
    return {
      label: localised(`${name}：${item.label['zh-CN']}`, `${name}: ${item.label.en}`),
      detail:
        item.status === 'overdue'
          ? localised(
              `已逾期 ${item.daysOverdue} 天（${item.dueDate}）`,
              `${item.daysOverdue} days overdue (${item.dueDate})`,
            )
          : localised(`${item.dueDate} 前完成`, `due by ${item.dueDate}`),
      accountId: item.accountId,
    };
  });
  return {
    kind: 'list',
    title: localised('我的任务', 'My tasks'),
    entries,
    more: items.length - entries.length,
    empty: localised('没有待完成的任务。', 'No open tasks.'),
    locale: turn.locale,
  };
}

/** `完成任务 ‹编号› [备注]` / `done ‹id› [note]`: complete one of my tasks, recording the interaction. */
export async function taskDoneReply(turn: TaskTurn, id: string, note: string): Promise<Reply> {
  const { task, interaction } = await turn.scoped.completeTask(id, note === '' ? {} : { note });
  const accounts = await turn.scoped.listAccounts({ ids: [task.accountId] });
  const name = accounts[0]?.shortName ?? accounts[0]?.name ?? task.accountId;
  return {
    kind: 'text',
    text: localised(
      `已完成任务 ${task.id}（${name}：${task.title}），已记录一次${KIND_WORDS[interaction.kind] ?? interaction.kind}。`,
      `Task ${task.id} done (${name}: ${task.title}); recorded as a ${interaction.kind}.`,
    ),
    locale: turn.locale,
  };
}

const KIND_WORDS: Partial<Record<string, string>> = {
  visit: '拜访',
  call: '电话',
  meeting: '会面',
  email: '邮件',
  message: '消息',
  gift: '赠礼',
  card: '贺卡',
};

const DATE = /^(\d{4}-\d{1,2}-\d{1,2})$/u;

function usage(message: { zh: string; en: string }): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    message: {
      'zh-CN': `${message.zh}。格式：指派 ‹客户› 给 ‹用户› ‹内容› ‹日期›，日期写作 2026-11-20`,
      en: `${message.en}. Use: assign ‹account› to ‹user› ‹what› ‹YYYY-MM-DD›`,
    },
  });
}

/** `2026-9-5` → `2026-09-05`. */
function padDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

/**
 * `指派 ‹客户› 给 ‹用户› ‹内容› ‹日期›` / `assign ‹account› to ‹user› ‹what› ‹date›`:
 * the account by name, short name, alias or id (one match), the user by id
 * or name among the users the caller may see, the date last.
 */
export async function assignReply(turn: TaskTurn, text: string): Promise<Reply> {
  const split = /^(.+?)\s*(?:\s给|\sto\s|给)\s*(.+)$/u.exec(text.trim());
  if (!split) throw usage({ zh: '没有看懂要指派给谁', en: 'Whom to assign it to is missing' });
  const [, accountQuery = '', rest = ''] = split;
  const tokens = rest.split(' ').filter((token) => token !== '');
  const date = tokens.at(-1) ?? '';
  if (!DATE.test(date)) throw usage({ zh: '最后请写截止日期', en: 'End with the due date' });
  const [userQuery = '', ...what] = tokens.slice(0, -1);
  const title = what.join(' ').trim();
  if (title === '') throw usage({ zh: '请写任务内容', en: 'Say what the task is' });
  const matches = findAccounts(await turn.scoped.listAccounts(), accountQuery);
  if (matches.length !== 1)
    throw new KamError({
      code: matches.length === 0 ? KAM_ERROR_CODES.NOT_FOUND : KAM_ERROR_CODES.CONFLICT,
      message:
        matches.length === 0
          ? { 'zh-CN': `未找到客户：${accountQuery}`, en: `No account found: ${accountQuery}` }
          : {
              'zh-CN': `“${accountQuery}”对应多个客户（${matches.map((account) => account.name).join('、')}），请写全称`,
              en: `"${accountQuery}" matches several accounts (${matches.map((account) => account.name).join(', ')}); give the full name`,
            },
    });
  const account = matches[0]!;
  const users = await turn.scoped.listUsers();
  const assignee =
    users.find((user) => user.id === userQuery) ??
    users.find((user) => user.name === userQuery || user.name.toLowerCase() === userQuery.toLowerCase());
  const task = await turn.scoped.assignTask({
    accountId: account.id,
    assigneeId: assignee?.id ?? userQuery,
    title,
    dueDate: padDate(date),
  });
  const name = account.shortName ?? account.name;
  const who = assignee?.name ?? task.assigneeId;
  return {
    kind: 'text',
    text: localised(
      `已指派任务 ${task.id} 给 ${who}：${name} · ${task.title} · 截止 ${task.dueDate}`,
      `Assigned task ${task.id} to ${who}: ${name} · ${task.title} · due ${task.dueDate}`,
    ),
    locale: turn.locale,
  };
}

/** The due-list hook of tasks: my open tasks (with who assigned them), as due-list items. */
export async function tasksDue(turn: TaskTurn): Promise<DueListItem[]> {
  const tasks = await turn.scoped.listTasks({ assigneeIds: [turn.userId], status: 'open' });
  if (tasks.length === 0) return [];
  return taskDueItems(tasks, turn.today, await namesOf(turn, tasks)).map((item) => ({
    accountId: item.accountId,
    label: item.label,
    dueDate: item.dueDate,
  }));
}
