/**
 * The questions people ask about one account, answered from what the user
 * may see: who owns it, its contacts with their roles and relationship
 * stage, and the last and next contact. The account is found through the
 * scoped store by the engine, so a foreign account reads like a missing one.
 *
 * @module
 */
import type { ScopedStore } from '../access/scoped-store.js';
import type { Account } from '../domain/account.js';
import type { Locale } from '../errors/kam-error.js';
import type { Store } from '../store/port.js';
import { type ListEntry, localised, type Reply } from './replies.js';
import { contactRoleText, relationshipStageText, type StatusCardView } from './status-card.js';

/** The account questions of the engine. */
export type AccountQuestion = 'owner' | 'contacts' | 'contact-dates';

/** What a question needs besides the account. */
export interface QuestionContext {
  store: Store;
  scoped: ScopedStore;
  locale: Locale;
  /** The account's status card for the month shown (stored results). */
  card: () => Promise<StatusCardView>;
}

/** Roles in the order a key-account manager reads them: the decision maker first. */
const ROLE_ORDER = ['decision-maker', 'key-person', 'insider', 'guide', 'other'] as const;

function nameOf(account: Account): string {
  return account.shortName ?? account.name;
}

async function staffName(store: Store, id: string): Promise<string> {
  return (await store.getUser(id))?.name ?? id;
}

/**
 * Answer one account question.
 *
 * @example
 * ```ts
 * const reply = await answerAccountQuestion('owner', account, { store, scoped, locale: 'zh-CN', card });
 * ```
 */
export async function answerAccountQuestion(
  question: AccountQuestion,
  account: Account,
  context: QuestionContext,
): Promise<Reply> {
  const name = nameOf(account);
  const { locale } = context;
  if (question === 'owner') {
    const a = account.ownerA === null ? null : await staffName(context.store, account.ownerA);
    const b = account.ownerB === null ? null : await staffName(context.store, account.ownerB);
    const text =
      a === null && b === null
        ? localised(`${name} 尚未指定客户经理。`, `${name} has no account manager yet.`)
        : localised(
            `${name} 的客户经理：${[a && `A 角 ${a}`, b && `B 角 ${b}`].filter(Boolean).join('，')}。`,
            `${name} is owned by ${[a && `${a} (A)`, b && `${b} (B)`].filter(Boolean).join(' and ')}.`,
          );
    return { kind: 'text', text, locale };
  }
  if (question === 'contacts') {
    const contacts = [...(await context.scoped.listContacts(account.id))].sort(
      (x, y) => ROLE_ORDER.indexOf(x.role) - ROLE_ORDER.indexOf(y.role) || x.name.localeCompare(y.name),
    );
    const entries: ListEntry[] = contacts.map((contact) => {
      const title = contact.title ? ` · ${contact.title}` : '';
      // The day only: the year of birth stays in the contact record.
      const birthday = contact.birthday?.slice(-5);
      return {
        label: localised(
          `${contact.name}${title}：${contactRoleText(contact.role)['zh-CN']}，关系阶段 ${relationshipStageText(contact.stage)['zh-CN']}${birthday ? `，生日 ${birthday}` : ''}`,
          `${contact.name}${title}: ${contactRoleText(contact.role).en}, relationship stage ${relationshipStageText(contact.stage).en}${birthday ? `, birthday ${birthday}` : ''}`,
        ),
        accountId: account.id,
      };
    });
    return {
      kind: 'list',
      title: localised(`${name} 的联系人`, `Contacts of ${name}`),
      entries,
      more: 0,
      empty: localised(`${name} 还没有登记联系人。`, `${name} has no contacts on record.`),
      locale,
    };
  }
  const card = await context.card();
  const last = card.lastContact;
  const next = card.nextAction;
  const lastText = last
    ? localised(
        `上次联系：${last.date}，${last.by}${last.kind['zh-CN']}`,
        `Last contact: ${last.date}, ${last.kind.en} by ${last.by}`,
      )
    : localised('上次联系：没有记录', 'Last contact: none on record');
  const nextText = next
    ? localised(
        `下次联系：${next.date} ${next.label['zh-CN']}${next.daysOverdue > 0 ? `（逾期 ${next.daysOverdue} 天）` : ''}`,
        `Next contact: ${next.date} ${next.label.en}${next.daysOverdue > 0 ? ` (overdue by ${next.daysOverdue} ${next.daysOverdue === 1 ? 'day' : 'days'})` : ''}`,
      )
    : localised('下次联系：暂无安排', 'Next contact: nothing scheduled');
  return {
    kind: 'text',
    text: localised(
      `${name}\n${lastText['zh-CN']}\n${nextText['zh-CN']}`,
      `${name}\n${lastText.en}\n${nextText.en}`,
    ),
    locale,
  };
}

/**
 * At most `max` characters of what the user typed, with "…" when cut: a
 * reply quotes a long paste, never echoes it.
 */
export function quoteTyped(text: string, max = 30): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}
