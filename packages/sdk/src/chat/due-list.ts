/**
 * The due list as chat shows it: actions grouped by urgency (overdue, this
 * week, later) and by account, one line per action, same-kind actions of one
 * account counted together, one page at a time.
 *
 * @module
 */
import type { DueAction } from '../cadence/due-actions.js';
import type { Account } from '../domain/account.js';
import type { LocalisedText } from '../errors/kam-error.js';
import { addDays, daysBetween } from '../time/calendar.js';
import type { DueAccountLines, DueGroup, DueUrgency, Reply } from './replies.js';
import { localised } from './replies.js';

/** Lines per page of the due list. */
export const DUE_PAGE_SIZE = 15;

const GROUP_TITLES: Record<DueUrgency, LocalisedText> = {
  overdue: localised('逾期', 'Overdue'),
  week: localised('本周', 'This week'),
  later: localised('以后', 'Later'),
};
const OWN_DUTIES = localised('本人事项', 'Own duties');

/**
 * One item of the due list: a cadence action ({@link DueAction}) or another
 * module's dated duty (a contract renewal), which has no rule, kind or
 * last-done date.
 */
export type DueListItem = Pick<DueAction, 'accountId' | 'label' | 'dueDate'> &
  Partial<Pick<DueAction, 'ruleId' | 'ruleKind' | 'lastDone' | 'progress'>>;

/** Options of {@link dueListReply}. */
export interface DueListOptions {
  /** Today, `YYYY-MM-DD` in the organisation's time zone. */
  today: string;
  /** The accounts the reader may see, by id (for names). */
  accounts: ReadonlyMap<string, Account>;
  overdueOnly: boolean;
  /** Lines already shown on earlier pages. */
  offset: number;
  /** The one account the list is filtered to, if any. */
  account?: Account;
}

/** The urgency of an action due on `date`, seen on `today` (weeks end on Sunday). */
export function urgencyOf(date: string, today: string): DueUrgency {
  if (date < today) return 'overdue';
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  return date <= addDays(today, (7 - weekday) % 7) ? 'week' : 'later';
}

function days(count: number): LocalisedText {
  return localised(`${count} 天`, `${count} ${count === 1 ? 'day' : 'days'}`);
}

/** The line of one action, or of `group.length` same-kind actions of one account. */
function line(group: readonly DueListItem[], urgency: DueUrgency, today: string): LocalisedText {
  const first = group[0]!;
  const label = first.label;
  if (urgency === 'overdue') {
    const late = days(daysBetween(first.dueDate, today));
    if (group.length > 1)
      return localised(
        `${group.length} 次${label['zh-CN']}逾期，最早 ${late['zh-CN']}`,
        `${group.length} × ${label.en} overdue, the oldest by ${late.en}`,
      );
    if (first.lastDone === undefined)
      return localised(`${label['zh-CN']} · 逾期 ${late['zh-CN']}`, `${label.en} · overdue by ${late.en}`);
    const last = first.lastDone
      ? localised(`上次 ${first.lastDone}`, `last done ${first.lastDone}`)
      : localised('没有记录', 'none on record');
    return localised(
      `${label['zh-CN']} · 逾期 ${late['zh-CN']}（${last['zh-CN']}）`,
      `${label.en} · overdue by ${late.en} (${last.en})`,
    );
  }
  const when =
    first.dueDate === today
      ? localised('今天到期', 'due today')
      : localised(`${first.dueDate} 前`, `by ${first.dueDate}`);
  const count = group.length > 1 ? localised(` ×${group.length}`, ` ×${group.length}`) : localised('', '');
  const progress =
    first.progress && first.progress.required > 1
      ? localised(
          `（本期已做 ${first.progress.done} 次，共需 ${first.progress.required} 次）`,
          ` (${first.progress.done} of ${first.progress.required} done this period)`,
        )
      : localised('', '');
  return localised(
    `${label['zh-CN']}${count['zh-CN']} · ${when['zh-CN']}${progress['zh-CN']}`,
    `${label.en}${count.en} · ${when.en}${progress.en}`,
  );
}

/**
 * One page of the due list of `actions` (any agendas' overdue, due and
 * upcoming actions; an action listed for both owners counts once). Returns
 * the reply (without locale) and how many lines it shows.
 */
export function dueListReply(
  actions: readonly DueListItem[],
  options: DueListOptions,
): { reply: Omit<Extract<Reply, { kind: 'due-list' }>, 'locale'>; shown: number } {
  const { today } = options;
  const unique = new Map<string, DueListItem>();
  for (const action of actions)
    unique.set(
      // The label too: one key-date rule lists each contact's birthday on its own.
      `${action.accountId}\u0000${action.ruleId ?? ''}\u0000${action.label['zh-CN']}\u0000${action.dueDate}`,
      action,
    );
  const sorted = [...unique.values()]
    .filter((action) => !options.overdueOnly || urgencyOf(action.dueDate, today) === 'overdue')
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  // urgency → account → label → actions, in order of the earliest date.
  const tree = new Map<DueUrgency, Map<string, Map<string, DueListItem[]>>>();
  for (const urgency of ['overdue', 'week', 'later'] as const) tree.set(urgency, new Map());
  for (const action of sorted) {
    const accounts = tree.get(urgencyOf(action.dueDate, today))!;
    const key = action.accountId ?? '';
    let labels = accounts.get(key);
    if (!labels) {
      labels = new Map();
      accounts.set(key, labels);
    }
    const kind = `${action.ruleKind ?? ''}\u0000${action.label['zh-CN']}`;
    const same = labels.get(kind);
    if (same) same.push(action);
    else labels.set(kind, [action]);
  }
  const flat: { urgency: DueUrgency; accountId: string | null; text: LocalisedText }[] = [];
  const totals: Record<DueUrgency, number> = { overdue: 0, week: 0, later: 0 };
  for (const [urgency, accounts] of tree)
    for (const [key, labels] of accounts)
      for (const group of labels.values()) {
        totals[urgency] += group.length;
        flat.push({ urgency, accountId: key === '' ? null : key, text: line(group, urgency, today) });
      }
  const page = flat.slice(options.offset, options.offset + DUE_PAGE_SIZE);
  const groups: DueGroup[] = [];
  for (const entry of page) {
    let group = groups.at(-1);
    if (group?.urgency !== entry.urgency) {
      group = { urgency: entry.urgency, title: GROUP_TITLES[entry.urgency], accounts: [] };
      groups.push(group);
    }
    let account: DueAccountLines | undefined = group.accounts.at(-1);
    if (account === undefined || account.accountId !== entry.accountId) {
      const known = entry.accountId === null ? undefined : options.accounts.get(entry.accountId);
      const name = known ? (known.shortName ?? known.name) : entry.accountId;
      account = {
        accountId: entry.accountId,
        name: name === null ? OWN_DUTIES : localised(name),
        lines: [],
      };
      group.accounts.push(account);
    }
    account.lines.push(entry.text);
  }
  const scope = options.account
    ? localised(
        ` · ${options.account.shortName ?? options.account.name}`,
        ` · ${options.account.shortName ?? options.account.name}`,
      )
    : localised('', '');
  const title = options.overdueOnly
    ? localised(`逾期待办${scope['zh-CN']}（${today}）`, `Overdue actions${scope.en} (${today})`)
    : localised(`待办${scope['zh-CN']}（${today}）`, `Due actions${scope.en} (${today})`);
  const summaryParts = (['overdue', 'week', 'later'] as const).filter((urgency) => totals[urgency] > 0);
  return {
    reply: {
      kind: 'due-list',
      title,
      summary: localised(
        summaryParts.map((urgency) => `${GROUP_TITLES[urgency]['zh-CN']} ${totals[urgency]} 项`).join(' · '),
        summaryParts.map((urgency) => `${GROUP_TITLES[urgency].en} ${totals[urgency]}`).join(' · '),
      ),
      groups,
      more: Math.max(0, flat.length - options.offset - page.length),
      empty: options.overdueOnly
        ? localised('没有逾期的待办。', 'Nothing overdue.')
        : localised('没有到期或逾期的待办。', 'Nothing due or overdue.'),
    },
    shown: page.length,
  };
}
