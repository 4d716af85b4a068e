/**
 * The chat command of the half-yearly relationship development plan
 * (客户关系发展计划): `关系计划 <客户>` / `relationship plan <account>` shows
 * the account's plan of the current half-year; `关系计划 <客户> 目标：…`
 * (`行动：…`, `进展：…`) / `relationship plan <account> goals: …`
 * (`actions: …`, `progress: …`) writes or adjusts one section;
 * `提交关系计划 <客户>` / `submit relationship plan <account>` submits it;
 * `批准关系计划 <客户>` / `approve relationship plan <account>` and
 * `退回关系计划 <客户>：原因` / `return relationship plan <account>: why`
 * decide on it (the submitter's supervisor). Everything goes through the
 * scoped store, as `kamkit relationship-plan` does; writes only in a private
 * chat.
 *
 * @module
 */
import type { ScopedStore } from '../access/scoped-store.js';
import type { Account } from '../domain/account.js';
import type { Locale, LocalisedText } from '../errors/kam-error.js';
import { halfYearLabel, halfYearOf } from '../relationship-plans/half-year.js';
import {
  RELATIONSHIP_PLAN_SECTION_LABELS,
  RELATIONSHIP_PLAN_TEXT_MAX,
  type RelationshipPlan,
  type RelationshipPlanSection,
  relationshipPlanLines,
} from '../relationship-plans/relationship-plan.js';
import { findAccounts } from './find-accounts.js';
import { localised, type Reply } from './replies.js';

/** What a relationship plan command does. */
export type RelationshipPlanAction = 'show' | 'write' | 'submit' | 'approve' | 'return';

/** A parsed relationship plan command. */
export interface RelationshipPlanRequest {
  kind: 'relationship-plan';
  action: RelationshipPlanAction;
  /** The account as the user named it. */
  query: string;
  /** For `write`: the section written. */
  section: RelationshipPlanSection | null;
  /** For `write`: the section's text; for `return` / `approve`: the note (may be empty). */
  text: string;
  locale: Locale;
}

/** Keywords, longest first. */
const KEYWORDS: readonly (readonly [string, RelationshipPlanAction, Locale])[] = (
  [
    ['客户关系发展计划', 'show', 'zh-CN'],
    ['关系发展计划', 'show', 'zh-CN'],
    ['关系计划', 'show', 'zh-CN'],
    ['提交关系计划', 'submit', 'zh-CN'],
    ['批准关系计划', 'approve', 'zh-CN'],
    ['退回关系计划', 'return', 'zh-CN'],
    ['relationship plan', 'show', 'en'],
    ['submit relationship plan', 'submit', 'en'],
    ['approve relationship plan', 'approve', 'en'],
    ['return relationship plan', 'return', 'en'],
  ] as const
)
  .slice()
  .sort((left, right) => right[0].length - left[0].length);

const SECTIONS: readonly (readonly [string, RelationshipPlanSection])[] = [
  ['关系目标', 'goals'],
  ['目标', 'goals'],
  ['行动计划', 'actions'],
  ['行动', 'actions'],
  ['进展与调整', 'progress'],
  ['进展', 'progress'],
  ['调整', 'progress'],
  ['goals', 'goals'],
  ['goal', 'goals'],
  ['actions', 'actions'],
  ['action', 'actions'],
  ['progress', 'progress'],
];

/**
 * Read a relationship plan command from a line of chat, or `undefined` when
 * the line is something else. The text after a section's colon keeps what
 * the user wrote.
 *
 * @example
 * ```ts
 * parseRelationshipPlanRequest('关系计划 东方航空 目标：王总从兴趣到信赖');
 * // { kind: 'relationship-plan', action: 'write', query: '东方航空', section: 'goals', text: '王总从兴趣到信赖', locale: 'zh-CN' }
 * parseRelationshipPlanRequest('return relationship plan A-own: name the key person');
 * // { kind: 'relationship-plan', action: 'return', query: 'A-own', section: null, text: 'name the key person', locale: 'en' }
 * ```
 */
export function parseRelationshipPlanRequest(text: string): RelationshipPlanRequest | undefined {
  const raw = text.trim();
  const folded = raw.normalize('NFKC').toLowerCase();
  const source = folded.length === raw.length ? raw : folded;
  for (const [word, action, locale] of KEYWORDS) {
    if (!folded.startsWith(word)) continue;
    const rest = folded.slice(word.length);
    // A keyword glued to other words is not this command.
    if (rest !== '' && !/^[\s:：]/u.test(rest) && locale === 'en') return undefined;
    const restSource = source.slice(word.length);
    const colon = /[:：]/u.exec(rest);
    const head = (colon ? rest.slice(0, colon.index) : rest).trim();
    // The account as typed (case kept): the same span of the line as written.
    const headSource = (colon ? restSource.slice(0, colon.index) : restSource).trim();
    const after = colon ? restSource.slice(colon.index + 1).trim() : '';
    if (action === 'show' && colon) {
      for (const [name, section] of SECTIONS) {
        if (!head.endsWith(name)) continue;
        const query = headSource.slice(0, headSource.length - name.length).trim();
        // The section word must stand apart from the account's name (`东方航空 目标：…`).
        if (query !== '' && !/\s$/u.test(head.slice(0, head.length - name.length)) && locale === 'en')
          continue;
        return { kind: 'relationship-plan', action: 'write', query, section, text: after, locale };
      }
      return undefined;
    }
    return { kind: 'relationship-plan', action, query: headSource, section: null, text: after, locale };
  }
  return undefined;
}

/** What {@link relationshipPlanCommand} needs of the turn. */
export interface RelationshipPlanTurn {
  scoped: ScopedStore;
  locale: Locale;
  /** False when others would see the reply (a group chat or channel). */
  privateReply: boolean;
  /** Today in the sender's time zone, `YYYY-MM-DD`. */
  today: string;
}

function refusal(code: string, message: LocalisedText, locale: Locale): Reply {
  return { kind: 'error', code, message, locale };
}

function planText(account: Account, halfYear: string, plan: RelationshipPlan | undefined): LocalisedText {
  const name = account.shortName ?? account.name;
  if (plan === undefined) {
    const half = halfYearLabel(halfYear);
    return localised(
      `${name} ${half['zh-CN']}还没有客户关系发展计划。\n编写：关系计划 ${name} 目标：‹关键人与要达到的关系› / 行动：‹内容› / 进展：‹内容›`,
      `${name} has no relationship plan for the ${half.en} yet.\nTo write: relationship plan ${name} goals: ‹who, what to reach› / actions: ‹text› / progress: ‹text›`,
    );
  }
  const lines = relationshipPlanLines(plan);
  const hint =
    plan.status === 'draft' || plan.status === 'returned'
      ? localised(`提交审批：提交关系计划 ${name}`, `To submit: submit relationship plan ${name}`)
      : plan.status === 'submitted'
        ? localised(
            `上级审批：批准关系计划 ${name} 或 退回关系计划 ${name}：原因`,
            `For the supervisor: approve relationship plan ${name}, or return relationship plan ${name}: why`,
          )
        : localised(
            `调整：关系计划 ${name} 进展：‹内容›（新版本批准前，已备案版本不变）`,
            `To adjust: relationship plan ${name} progress: ‹text› (the filed revision stays until a new one is approved)`,
          );
  return localised(
    [...lines.map((line) => line['zh-CN']), hint['zh-CN']].join('\n'),
    [...lines.map((line) => line.en), hint.en].join('\n'),
  );
}

/**
 * Answer a relationship plan command on the account the query names (one
 * the user may see), for the current half-year: show the plan, or write a
 * section, submit, approve or return it, then show it.
 *
 * Refuses (as an `error` reply) a write in a group chat, an account not
 * found or named ambiguously, and a section longer than
 * {@link RELATIONSHIP_PLAN_TEXT_MAX}. What the store refuses (not an owner,
 * not the supervisor, a plan awaiting approval) is thrown as its `KamError`.
 */
export async function relationshipPlanCommand(
  turn: RelationshipPlanTurn,
  request: RelationshipPlanRequest,
): Promise<Reply> {
  const { locale } = turn;
  if (request.action !== 'show' && !turn.privateReply)
    return refusal(
      'FORBIDDEN',
      localised(
        '客户关系发展计划只在私聊中编写、提交和审批，请私聊我再发一次。',
        'Relationship plans are written, submitted and approved in a private chat only; send this to me directly.',
      ),
      locale,
    );
  const matches = request.query === '' ? [] : findAccounts(await turn.scoped.listAccounts(), request.query);
  if (matches.length !== 1)
    return refusal(
      matches.length === 0 ? 'NOT_FOUND' : 'INVALID_INPUT',
      matches.length === 0
        ? localised(
            `未找到客户：${request.query || '（未写客户）'}。用法：关系计划 ‹客户›`,
            `No account found: ${request.query || '(no account named)'}. Usage: relationship plan ‹account›`,
          )
        : localised(
            `“${request.query}”对应多个客户（${matches.map((account) => account.shortName ?? account.name).join('、')}），请写全称`,
            `"${request.query}" names several accounts (${matches.map((account) => account.shortName ?? account.name).join(', ')}); name one`,
          ),
      locale,
    );
  const account = matches[0] as Account;
  const halfYear = halfYearOf(turn.today);
  switch (request.action) {
    case 'show': {
      const [plan] = await turn.scoped.listRelationshipPlans({
        accountIds: [account.id],
        halfYears: [halfYear],
      });
      return { kind: 'text', text: planText(account, halfYear, plan), locale };
    }
    case 'write': {
      const section = request.section ?? 'progress';
      const label = RELATIONSHIP_PLAN_SECTION_LABELS[section];
      if (request.text === '')
        return refusal(
          'INVALID_INPUT',
          localised(
            `请在冒号后写${label['zh-CN']}的内容`,
            `Write the ${label.en.toLowerCase()} after the colon`,
          ),
          locale,
        );
      // Counted as the schema counts (UTF-16 code units: one per Chinese character).
      if (request.text.length > RELATIONSHIP_PLAN_TEXT_MAX)
        return refusal(
          'INVALID_INPUT',
          localised(
            `${label['zh-CN']}太长：最多 ${RELATIONSHIP_PLAN_TEXT_MAX} 个字，这里有 ${request.text.length} 个字。未保存。`,
            `${label.en} is too long: at most ${RELATIONSHIP_PLAN_TEXT_MAX} characters, this has ${request.text.length}. Nothing was saved.`,
          ),
          locale,
        );
      const plan = await turn.scoped.putRelationshipPlan(
        { accountId: account.id, halfYear, [section]: request.text },
        { reason: 'chat' },
      );
      const view = planText(account, halfYear, plan);
      return {
        kind: 'text',
        text: localised(
          `已保存${label['zh-CN']}。\n${view['zh-CN']}`,
          `Saved: ${label.en.toLowerCase()}.\n${view.en}`,
        ),
        locale,
      };
    }
    case 'submit': {
      const plan = await turn.scoped.submitRelationshipPlan(account.id, halfYear);
      const view = planText(account, halfYear, plan);
      return {
        kind: 'text',
        text: localised(`已提交，等待上级审批。\n${view['zh-CN']}`, `Submitted for approval.\n${view.en}`),
        locale,
      };
    }
    case 'approve':
    case 'return': {
      const plan = await turn.scoped.decideRelationshipPlan(account.id, halfYear, {
        decision: request.action,
        note: request.text,
      });
      const view = planText(account, halfYear, plan);
      return {
        kind: 'text',
        text:
          request.action === 'approve'
            ? localised(`已批准并备案。\n${view['zh-CN']}`, `Approved and filed.\n${view.en}`)
            : localised(`已退回。\n${view['zh-CN']}`, `Returned.\n${view.en}`),
        locale,
      };
    }
  }
}
