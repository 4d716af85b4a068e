/**
 * The chat command of a unit's monthly narrative (单位月度小结): `本月总结` /
 * `unit plan` shows the user's division's narrative of a month (the month
 * the figures are shown for by default); `做得好的：…` / `went well: …` and
 * `下月计划：…` / `plan: …` write one of its two texts, with an optional
 * month before the colon (`下月计划 2026-10：…`). Writing needs
 * `narrative.write` on the user's division, and goes through the scoped
 * store (audited as the CLI's `kamkit unit-plan set` is). Only in a private
 * chat: a group never sees a unit's narrative.
 *
 * @module
 */
import type { ScopedStore } from '../access/scoped-store.js';
import type { ReportDeadlines } from '../alerts/alert-policy.js';
import type { User } from '../domain/user.js';
import type { Locale, LocalisedText } from '../errors/kam-error.js';
import { localDateTime } from '../time/calendar.js';
import { parseMonth } from '../time/parse-month.js';
import {
  monthlyDeadline,
  UNIT_PLAN_TEXT_LABELS,
  UNIT_PLAN_TEXT_MAX,
  type UnitPlan,
  type UnitPlanTextField,
} from '../unit-plans/unit-plan.js';
import { localised, type Reply } from './replies.js';

/** A parsed narrative command: show (`text` empty) or write one text. */
export interface UnitPlanRequest {
  kind: 'unit-plan';
  /** The text to write to; `null` for the show-only keywords (`本月总结`, `unit plan`). */
  field: UnitPlanTextField | null;
  /** The month as written (checked by the command), `null` for the default month. */
  period: string | null;
  /** What to write, as the user wrote it (trimmed); empty to show the narrative. */
  text: string;
  locale: Locale;
}

/** Keywords, longest first so that `下月工作计划` wins over `工作计划`. */
const KEYWORDS: readonly (readonly [string, UnitPlanTextField | null, Locale])[] = (
  [
    ['单位月度小结', null, 'zh-CN'],
    ['本月总结', null, 'zh-CN'],
    ['月度小结', null, 'zh-CN'],
    ['月度总结', null, 'zh-CN'],
    ['单位小结', null, 'zh-CN'],
    ['做得好的', 'wentWell', 'zh-CN'],
    ['好的做法', 'wentWell', 'zh-CN'],
    ['下月工作计划', 'nextPlan', 'zh-CN'],
    ['本月工作计划', 'nextPlan', 'zh-CN'],
    ['下月计划', 'nextPlan', 'zh-CN'],
    ['工作计划', 'nextPlan', 'zh-CN'],
    ['monthly narrative', null, 'en'],
    ['unit plans', null, 'en'],
    ['unit plan', null, 'en'],
    ['narrative', null, 'en'],
    ['what went well', 'wentWell', 'en'],
    ['went well', 'wentWell', 'en'],
    ['good practice', 'wentWell', 'en'],
    ["next month's plan", 'nextPlan', 'en'],
    ['next month plan', 'nextPlan', 'en'],
    ['next plan', 'nextPlan', 'en'],
    ['plan', 'nextPlan', 'en'],
  ] as const
)
  .slice()
  .sort((left, right) => right[0].length - left[0].length);

/** A month right after the keyword: `2026-10`, `2026/10`, `2026年10月`, `202610`. */
const MONTH_TOKEN = /^\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*月?|\d{6})(?=\s|:|$)/u;

/**
 * Read a narrative command from a line of chat, or `undefined` when the line
 * is something else. The keyword may be followed by a month, then a colon
 * (`：` or `:`) and the text; in Chinese a space may stand for the colon. A
 * keyword on its own, or with a month only, shows the narrative. The text
 * keeps what the user wrote (full-width punctuation and case).
 *
 * @example
 * ```ts
 * parseUnitPlanRequest('下月计划 2026-10：走访全部白金客户');
 * // { kind: 'unit-plan', field: 'nextPlan', period: '2026-10', text: '走访全部白金客户', locale: 'zh-CN' }
 * parseUnitPlanRequest('unit plan'); // { kind: 'unit-plan', field: null, period: null, text: '', locale: 'en' }
 * ```
 */
export function parseUnitPlanRequest(text: string): UnitPlanRequest | undefined {
  const raw = text.trim();
  const folded = raw.normalize('NFKC').toLowerCase().replace(/[’‘`]/gu, "'");
  // Keywords and months keep their length under NFKC; the text is taken from what was typed.
  const source = folded.length === raw.length ? raw : folded;
  for (const [word, field, locale] of KEYWORDS) {
    if (!folded.startsWith(word)) continue;
    let at = word.length;
    const month = MONTH_TOKEN.exec(folded.slice(at));
    const period = month ? month[1]!.replace(/\s+/gu, '') : null;
    if (month) at += month[0].length;
    // Sentence-final punctuation after a keyword (`本月总结。`) is no text.
    const rest = /^[\s。．.!！?？~～…]*$/u.test(folded.slice(at)) ? '' : folded.slice(at);
    const colon = /^\s*:/u.exec(rest);
    const space = /^\s+\S/u.test(rest);
    const body = rest === '' ? '' : source.slice(at + (colon ? colon[0].length : 0)).trim();
    // A keyword glued to other words is not this command (`做得好的是什么`); English needs a colon to write.
    if (rest.trim() !== '' && !colon && !(space && locale === 'zh-CN')) return undefined;
    if (field === null && body !== '') return undefined;
    return { kind: 'unit-plan', field, period, text: body, locale };
  }
  return undefined;
}

/** What {@link unitPlanCommand} needs of the turn. */
export interface UnitPlanTurn {
  user: User;
  scoped: ScopedStore;
  locale: Locale;
  /** False when others would see the reply (a group chat or channel). */
  privateReply: boolean;
  /** Today in the sender's time zone, `YYYY-MM-DD`. */
  today: string;
  /** The sender's time zone, for when the narrative was last written. */
  timeZone: string;
}

/** Options of {@link unitPlanCommand}. */
export interface UnitPlanCommandOptions {
  /** The month shown when none is named: the month the figures are shown for. */
  defaultMonth: () => Promise<string>;
  /** The report deadlines (`policies.alerts.reportDeadlines`): when given, a missing text says when it is due. */
  deadlines?: ReportDeadlines;
}

function refusal(code: string, message: LocalisedText, locale: Locale): Reply {
  return { kind: 'error', code, message, locale };
}

/** When a missing text of `period` is due, by the report deadlines. */
function dueText(period: string, deadlines: ReportDeadlines, today: string): LocalisedText {
  const clock = monthlyDeadline(period, deadlines, today);
  if (clock.deadline === 'unit') return localised(`请于 ${clock.dueDate} 前填写`, `due by ${clock.dueDate}`);
  return clock.status === 'due'
    ? localised(
        `已逾期，请于 ${clock.dueDate}（事业部汇总）前补填`,
        `overdue; wanted by ${clock.dueDate} for the division roll-up`,
      )
    : localised(
        `已过事业部汇总截止日 ${clock.dueDate}`,
        `past the division roll-up deadline of ${clock.dueDate}`,
      );
}

/** The narrative of `division` in `period` as a message: both texts, who wrote it, how to write. */
function narrativeText(
  division: string,
  period: string,
  plan: UnitPlan | undefined,
  turn: UnitPlanTurn,
  options: UnitPlanCommandOptions,
): LocalisedText {
  const lines = (locale: Locale): string[] => {
    const zh = locale === 'zh-CN';
    const out = [
      zh ? `单位月度小结 · ${division} · ${period}` : `Monthly narrative · ${division} · ${period}`,
    ];
    for (const field of ['wentWell', 'nextPlan'] as const) {
      const text = plan?.[field];
      out.push(
        `${UNIT_PLAN_TEXT_LABELS[field][locale]}${zh ? '：' : ': '}${text ?? (zh ? '尚未填写' : 'not yet written')}`,
      );
    }
    if (plan) {
      const at = localDateTime(plan.updatedAt, turn.timeZone).slice(0, 16);
      out.push(zh ? `（${plan.updatedBy} 于 ${at} 填写）` : `(written by ${plan.updatedBy} at ${at})`);
    }
    if (plan?.wentWell === undefined || plan.nextPlan === undefined) {
      const due = options.deadlines ? dueText(period, options.deadlines, turn.today)[locale] : undefined;
      out.push(
        zh
          ? `填写：做得好的：‹内容› 或 下月计划：‹内容›（另一个月：下月计划 ${period}：‹内容›）${due ? `；${due}` : ''}`
          : `To write: went well: ‹text› or plan: ‹text› (another month: plan ${period}: ‹text›)${due ? `; ${due}` : ''}`,
      );
    }
    return out;
  };
  return localised(lines('zh-CN').join('\n'), lines('en').join('\n'));
}

/**
 * Answer a narrative command: the user's division's narrative of the month,
 * after writing the given text when there is one.
 *
 * Refuses (as an `error` reply) a user whose role may not write their
 * division's narrative, a group chat, a month that is no month, and a text
 * longer than {@link UNIT_PLAN_TEXT_MAX}, naming the text. What the store
 * refuses is thrown as its `KamError`.
 */
export async function unitPlanCommand(
  turn: UnitPlanTurn,
  request: UnitPlanRequest,
  options: UnitPlanCommandOptions,
): Promise<Reply> {
  const { locale } = turn;
  const division = turn.user.division;
  if (division === null || !(await turn.scoped.can('narrative.write', { division })))
    return refusal(
      'FORBIDDEN',
      localised(
        '单位月度小结由各单位自己填写，你的角色无权填写。各单位已填写的内容见组合分析：发送 报表',
        'Units write their own monthly narratives; your role may not write one. The units’ narratives are in the portfolio analysis: send report',
      ),
      locale,
    );
  if (!turn.privateReply)
    return refusal(
      'FORBIDDEN',
      localised(
        '单位月度小结只在私聊中查看和填写，请私聊我再发一次。',
        'Unit narratives are read and written in a private chat only; send this to me directly.',
      ),
      locale,
    );
  const period = request.period === null ? await options.defaultMonth() : parseMonth(request.period);
  if (period === undefined)
    return refusal(
      'INVALID_INPUT',
      localised(
        `月份“${request.period}”不对，请写作 YYYY-MM，例如 下月计划 2026-10：‹内容›`,
        `"${request.period}" is not a month; write it as YYYY-MM, e.g. plan 2026-10: ‹text›`,
      ),
      locale,
    );
  if (request.field !== null && request.text !== '') {
    const label = UNIT_PLAN_TEXT_LABELS[request.field];
    // Counted as the schema counts (UTF-16 code units: one per Chinese character).
    const length = request.text.length;
    if (length > UNIT_PLAN_TEXT_MAX)
      return refusal(
        'INVALID_INPUT',
        localised(
          `${label['zh-CN']}太长：最多 ${UNIT_PLAN_TEXT_MAX} 个字，这里有 ${length} 个字。未保存。`,
          `${label.en} is too long: at most ${UNIT_PLAN_TEXT_MAX} characters, this has ${length}. Nothing was saved.`,
        ),
        locale,
      );
    const stored = await turn.scoped.putUnitPlan(
      { division, period, [request.field]: request.text },
      { reason: 'chat' },
    );
    const view = narrativeText(division, period, stored, turn, options);
    return {
      kind: 'text',
      text: localised(
        `已保存${label['zh-CN']}（${division} · ${period}）。\n${view['zh-CN']}`,
        `Saved: ${label.en.charAt(0).toLowerCase()}${label.en.slice(1)} (${division} · ${period}).\n${view.en}`,
      ),
      locale,
    };
  }
  const [plan] = await turn.scoped.listUnitPlans({ divisions: [division], periods: [period] });
  return { kind: 'text', text: narrativeText(division, period, plan, turn, options), locale };
}
