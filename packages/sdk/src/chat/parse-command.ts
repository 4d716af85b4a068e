/**
 * The command parser of the conversation engine: one incoming line → one
 * {@link ParsedCommand}. Chinese and English keywords; full-width characters,
 * case and spacing do not matter (text is NFKC-normalised first). Never throws.
 *
 * @module
 */
import type { Locale } from '../errors/kam-error.js';
import { type BindingCodeRequest, parseBindingCodeRequest } from './binding-code-command.js';
import { type ClaimAction, parseClaimRequest } from './claim-command.js';
import { parseRelationshipPlanRequest, type RelationshipPlanRequest } from './relationship-plan-command.js';
import { parseUnitPlanRequest, type UnitPlanRequest } from './unit-plan-command.js';

/** What a line of chat asks for. `locale` is the language of the keyword used, `null` when none was used. */
export type ParsedCommand = (
  | { kind: 'status'; query: string }
  | { kind: 'tier'; query: string }
  | { kind: 'owner'; query: string }
  | { kind: 'contacts'; query: string }
  | { kind: 'contact-dates'; query: string }
  | { kind: 'report'; query: string; period: string | null }
  | { kind: 'why'; query: string }
  | { kind: 'due'; filter: string }
  | { kind: 'more' }
  | { kind: 'movers' }
  | { kind: 'alerts' }
  | { kind: 'explain-alert'; number: number; cause: string; note: string }
  | { kind: 'complaints' }
  | { kind: 'contracts'; query: string }
  | { kind: 'tasks' }
  | { kind: 'task-done'; id: string; note: string }
  | { kind: 'assign'; text: string }
  /** `满意度 <账户> [5 4 5]`: show the account's satisfaction, or record answers in question order. */
  | { kind: 'satisfaction'; query: string; answers: string[] }
  | { kind: 'review'; choice: number | null }
  | { kind: 'help' }
  | { kind: 'bind'; code: string }
  | Omit<BindingCodeRequest, 'locale'>
  /** `本月总结` / `unit plan` shows the unit's monthly narrative; `下月计划：…` / `plan: …`, `做得好的：…` / `went well: …` write it. */
  | Omit<UnitPlanRequest, 'locale'>
  /** `归属申请` / `claims` and the claim actions: file, accept, contest, decide. */
  | ({ kind: 'claim' } & ClaimAction)
  /** `关系计划 <客户>` / `relationship plan <account>` shows the half-year plan; `… 目标：…` writes a section; submit, approve, return it. */
  | Omit<RelationshipPlanRequest, 'locale'>
  | { kind: 'number'; value: number }
  | { kind: 'comment'; text: string }
  | { kind: 'back' }
  | { kind: 'skip' }
  | { kind: 'save' }
  | { kind: 'submit' }
  | { kind: 'confirm' }
  | { kind: 'cancel' }
  | { kind: 'empty' }
  | { kind: 'unknown'; text: string }
) & { locale: Locale | null };

type Keyword = ParsedCommand['kind'];

/** Keywords per command; the first English and first Chinese ones are shown in help. */
const KEYWORDS: readonly (readonly [Keyword, Locale, readonly string[]])[] = [
  ['status', 'zh-CN', ['查询', '状态', '客户']],
  ['status', 'en', ['status', 'account']],
  ['tier', 'zh-CN', ['分级', '等级']],
  ['tier', 'en', ['tier']],
  ['report', 'zh-CN', ['报表', '报告']],
  ['report', 'en', ['report']],
  ['due', 'zh-CN', ['待办', '待办事项']],
  ['due', 'en', ['due', 'todo']],
  ['alerts', 'zh-CN', ['预警', '告警']],
  ['alerts', 'en', ['alerts', 'alert']],
  ['explain-alert', 'zh-CN', ['解释预警', '说明预警']],
  ['complaints', 'zh-CN', ['投诉']],
  ['complaints', 'en', ['complaints']],
  ['contracts', 'zh-CN', ['合同']],
  ['contracts', 'en', ['contracts', 'contract']],
  ['tasks', 'zh-CN', ['任务', '我的任务']],
  ['tasks', 'en', ['tasks']],
  ['task-done', 'zh-CN', ['完成任务']],
  ['task-done', 'en', ['done']],
  ['assign', 'zh-CN', ['指派']],
  ['assign', 'en', ['assign']],
  ['satisfaction', 'zh-CN', ['满意度', '满意度调查']],
  ['satisfaction', 'en', ['satisfaction']],
  ['explain-alert', 'en', ['explain']],
  ['review', 'zh-CN', ['评价', '考核', '继续评价']],
  ['review', 'en', ['review', 'resume']],
  ['help', 'zh-CN', ['帮助', '菜单']],
  ['help', 'en', ['help', '?', 'menu']],
  ['bind', 'zh-CN', ['绑定']],
  ['bind', 'en', ['bind']],
  ['back', 'zh-CN', ['上一题', '返回', '上一个']],
  ['back', 'en', ['back', 'previous', 'prev']],
  ['skip', 'zh-CN', ['跳过', '下一题']],
  ['skip', 'en', ['skip', 'next']],
  ['save', 'zh-CN', ['保存', '暂存']],
  ['save', 'en', ['save']],
  ['comment', 'zh-CN', ['评语', '备注']],
  ['comment', 'en', ['comment', 'note']],
  ['submit', 'zh-CN', ['提交', '确认提交', '提交了', '提交吧', '我要提交']],
  ['submit', 'en', ['submit']],
  ['confirm', 'zh-CN', ['确认', '确定', '是', '是的', '好的', '好', '对', '可以', '行']],
  ['confirm', 'en', ['confirm', 'yes', 'y', 'ok', 'okay', 'sure', 'yep']],
  ['cancel', 'zh-CN', ['取消', '否', '不', '不用了', '算了']],
  ['cancel', 'en', ['cancel', 'no', 'n', 'nope']],
  ['owner', 'zh-CN', ['客户经理', '负责人']],
  ['owner', 'en', ['owner']],
  ['why', 'zh-CN', ['为什么', '依据']],
  ['why', 'en', ['why']],
  ['more', 'zh-CN', ['更多', '继续']],
  ['more', 'en', ['more']],
  ['contacts', 'zh-CN', ['联系人']],
  ['contacts', 'en', ['contacts']],
  ['contact-dates', 'zh-CN', ['上次联系', '下次联系', '最近联系']],
  ['movers', 'zh-CN', ['变化最大', '异动']],
  ['movers', 'en', ['movers']],
];

/** Commands that take no argument: extra text makes the line something else. */
const BARE: ReadonlySet<Keyword> = new Set([
  'more',
  'movers',
  'alerts',
  'complaints',
  'tasks',
  'help',
  'back',
  'skip',
  'save',
  'submit',
  'confirm',
  'cancel',
]);

const CJK = /[\u3400-\u9fff]/u;
/** Sentence-final punctuation people add to a command (`绑定 CODE。`, `ok!`). */
const TRAILING_PUNCTUATION = /(?<=[^\s?？])[\s。．.,，、!！~～…?？]+$/u;
/** Quotes and brackets people put around an argument (`绑定 ‹CODE›`, `查询「华能源」`). */
const WRAPPING = /^[\s‹«<《〈「『【〔[("“'`]+|[\s›»>》〉」』】〕\])"”'`]+$/gu;
/** "My accounts that moved most this month", in the ways people ask it. */
const MOVERS_QUESTIONS: readonly (readonly [Locale, RegExp])[] = [
  [
    'zh-CN',
    /^(?:我的)?(?:客户)?(?:本月|这个月|上个月)?(?:哪些|哪几个)?(?:客户)?(?:收入)?(?:变化|波动|变动|升降)(?:最大|最多)(?:的客户|的)?(?:是哪些|有哪些|是谁|是哪几个)?[?？吗呢]*$/u,
  ],
  ['en', /^(?:(?:my|the) )?(?:biggest |top )?movers(?: this month)?\??$/u],
  ['en', /^which (?:of my )?accounts moved (?:the )?most(?: this month)?\??$/u],
];
/** Questions about one account in the ways people ask them; group 1 is the account. */
const ACCOUNT_QUESTIONS: readonly (readonly [
  'status' | 'owner' | 'contacts' | 'contact-dates',
  Locale,
  RegExp,
])[] = [
  // "How is X doing?" is the status card.
  [
    'status',
    'zh-CN',
    /^(.+?)(?:最近|现在|目前)?(?:怎么样|怎样|如何|情况如何|情况怎么样|的情况|近况)[?？吗呢了啊]*$/du,
  ],
  ['status', 'en', /^how(?:'s| is| are) (.+?)(?: doing| going)?\??$/du],
  ['owner', 'zh-CN', /^(.*?)的?(?:客户经理|负责人|经理)是谁[?？吗呢]*$/du],
  ['owner', 'zh-CN', /^谁(?:负责|管|在跟)(.*?)[?？吗呢]*$/du],
  ['owner', 'en', /^who (?:owns|manages|looks after|is responsible for) (.*?)\??$/du],
  ['contacts', 'zh-CN', /^(.+?)的?(?:联系人|关键人)(?:有哪些|有谁|是谁|都有谁)?[?？吗呢]*$/du],
  ['contacts', 'en', /^(?:who are the )?contacts (?:of|at|for) (.+?)\??$/du],
  [
    'contact-dates',
    'zh-CN',
    /^(.+?)的?(?:上次|最近|最近一次|下次)联系(?:是什么时候|是哪天|时间)?[?？吗呢]*$/du,
  ],
  ['contact-dates', 'en', /^(?:last|next) contact(?: (?:with|of|for|at))? (.+?)\??$/du],
  ['contact-dates', 'en', /^when did we last (?:contact|see|call|visit) (.+?)\??$/du],
];
const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2])|-(q[1-4])|-(h[12]))?$/iu;

/**
 * Normalise chat text: NFKC (full-width → half-width, ideographic space →
 * space), lower case, runs of whitespace → one space, trimmed.
 */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** A `YYYY`, `YYYY-MM`, `YYYY-Qn` or `YYYY-Hn` token as the period text, else `null`. */
function asPeriod(token: string): string | null {
  const match = PERIOD.exec(token);
  if (!match) return null;
  return token.toUpperCase();
}

function withArgument(kind: Keyword, locale: Locale, rest: string): ParsedCommand | null {
  switch (kind) {
    case 'status':
    case 'tier':
    case 'why':
      return rest === '' ? null : { kind, query: rest, locale };
    case 'due':
      // `待办 逾期` / `due overdue`: overdue only; `待办 ‹客户›`: one account.
      return { kind, filter: rest, locale };
    case 'owner':
    case 'contracts':
      return { kind, query: rest, locale };
    case 'contacts':
    case 'contact-dates':
      return rest === '' ? null : { kind, query: rest, locale };
    case 'satisfaction': {
      // Trailing whole numbers are answers in question order: `满意度 华能源 5 4 5`.
      const tokens = rest === '' ? [] : rest.split(' ');
      let split = tokens.length;
      while (split > 0 && /^\d{1,2}$/u.test(tokens[split - 1]!)) split--;
      const query = tokens.slice(0, split).join(' ');
      const answers = tokens.slice(split);
      return answers.length > 0 && query === '' ? null : { kind, query, answers, locale };
    }
    case 'report': {
      const tokens = rest === '' ? [] : rest.split(' ');
      const last = tokens.at(-1);
      const period = last === undefined ? null : asPeriod(last);
      const query = (period === null ? tokens : tokens.slice(0, -1)).join(' ');
      return { kind, query, period, locale };
    }
    case 'review': {
      if (rest === '') return { kind, choice: null, locale };
      const choice = /^\d{1,3}$/u.test(rest) ? Number(rest) : null;
      return choice === null ? null : { kind, choice, locale };
    }
    case 'bind':
      // Codes are letters and digits: whatever else came around them (colons, brackets, a full stop) goes.
      return rest === '' ? null : { kind, code: rest.replace(/[^0-9a-z]/giu, '').toUpperCase(), locale };
    case 'comment':
      return rest === '' ? null : { kind, text: rest, locale };
    case 'assign':
      // `指派 ‹客户› 给 ‹用户› ‹内容› ‹日期›`: read by the engine, which knows the accounts and users.
      return rest === '' ? null : { kind, text: rest, locale };
    case 'task-done': {
      // `完成任务 ‹编号› [备注]` / `done ‹id› [note]`.
      const [id = '', ...note] = rest === '' ? [] : rest.split(' ');
      return id === '' ? null : { kind, id, note: note.join(' '), locale };
    }
    case 'explain-alert': {
      // `explain alert 2 price …` / `解释预警 2 报价 …`: the alert's number in the alerts list, a cause, a note.
      const tokens = rest === '' ? [] : rest.split(' ');
      if (locale === 'en' && tokens[0] === 'alert') tokens.shift();
      const [number = '', cause = '', ...note] = tokens;
      if (!/^\d{1,3}$/u.test(number) || cause === '') return null;
      return { kind, number: Number(number), cause, note: note.join(' '), locale };
    }
    default:
      return BARE.has(kind) && rest === '' ? ({ kind, locale } as ParsedCommand) : null;
  }
}

/**
 * Parse one line of chat. Chinese keywords may be followed directly by their
 * argument (`查询华能源`); English ones need a space (`status Huanengyuan`).
 * A bare number (`3`) is an answer to a question or a rating.
 *
 * @example
 * ```ts
 * parseCommand('查询 华能源'); // { kind: 'status', query: '华能源', locale: 'zh-CN' }
 * parseCommand('ＲＥＰＯＲＴ　2026-Q3'); // { kind: 'report', query: '', period: '2026-Q3', locale: 'en' }
 * parseCommand('解释预警 2 报价 竞争对手降价'); // { kind: 'explain-alert', number: 2, cause: '报价', note: '竞争对手降价', locale: 'zh-CN' }
 * parseCommand('下月计划：走访全部白金客户'); // { kind: 'unit-plan', field: 'nextPlan', period: null, text: '走访全部白金客户', locale: 'zh-CN' }
 * ```
 */
export function parseCommand(text: string): ParsedCommand {
  // A narrative keeps what the unit wrote (case, full-width punctuation), so it is read from the raw line.
  const unitPlan = typeof text === 'string' ? parseUnitPlanRequest(text) : undefined;
  if (unitPlan) return unitPlan;
  // So does a claim's reason or note.
  const claim = typeof text === 'string' ? parseClaimRequest(text) : undefined;
  if (claim) return claim;
  // So does a relationship plan's section or note.
  const relationshipPlan = typeof text === 'string' ? parseRelationshipPlanRequest(text) : undefined;
  if (relationshipPlan) return relationshipPlan;
  const parsed = parseNormalised(typeof text === 'string' ? text : '');
  // A comment keeps what the rater wrote (full-width punctuation and all), less the keyword.
  if (parsed.kind === 'comment') {
    const raw = text.trim();
    const glued = ['评语', '备注'].find((word) => raw.startsWith(word));
    const body = glued ? raw.slice(glued.length) : raw.replace(/^\S+/u, '');
    return { ...parsed, text: body.trim() || parsed.text };
  }
  // A note keeps what was written (case, full-width punctuation), less keyword, number and cause.
  if (parsed.kind === 'explain-alert' && parsed.note !== '') {
    const words = text.normalize('NFKC').trim().split(/\s+/u);
    const glued = /^(解释预警|说明预警)\S/u.test(words[0] ?? '') ? 1 : 0;
    const skip = (parsed.locale === 'en' && words[1]?.toLowerCase() === 'alert' ? 4 : 3) - glued;
    const note = words.slice(skip).join(' ');
    return { ...parsed, note: note || parsed.note };
  }
  return parsed;
}

/** An argument as the user wrote it (case kept), without the brackets around it. */
function unwrap(text: string): string {
  return text.replace(WRAPPING, '');
}

function parseNormalised(text: string): ParsedCommand {
  // `display` keeps the user's case for arguments (a not-found reply quotes what was typed);
  // `line` is what keywords are matched against. Both have the same length unless lower-casing
  // changed it, in which case arguments are taken lower-cased.
  const display = text.normalize('NFKC').replace(/\s+/gu, ' ').trim().replace(TRAILING_PUNCTUATION, '');
  const lowered = display.toLowerCase();
  const argumentText = (from: number) =>
    unwrap((lowered.length === display.length ? display : lowered).slice(from).trim());
  // `绑定：CODE`, `status: acme` — a colon after the first word separates it like a space.
  const colon = /^([^\s:]+?)\s*:\s*/u.exec(lowered);
  const line = colon ? `${colon[1]} ${lowered.slice(colon[0].length)}` : lowered;
  const offset = colon ? colon[0].length - colon[1]!.length - 1 : 0;
  const restAt = (index: number) => argumentText(index + offset);
  if (line === '' || line === '?')
    return line === '' ? { kind: 'empty', locale: null } : { kind: 'help', locale: 'en' };
  if (/^\d{1,6}$/u.test(line)) return { kind: 'number', value: Number(line), locale: null };
  const bindingCode = parseBindingCodeRequest(line);
  if (bindingCode) return bindingCode;
  for (const [locale, pattern] of MOVERS_QUESTIONS) if (pattern.test(line)) return { kind: 'movers', locale };
  for (const [kind, locale, pattern] of ACCOUNT_QUESTIONS) {
    const match = pattern.exec(line);
    if (match) {
      const start = match.indices?.[1]?.[0] ?? 0;
      const query = match[1] === '' ? '' : unwrap(restAt(start).slice(0, match[1]!.length));
      return { kind, query, locale };
    }
  }
  const [head = '', ...tail] = line.split(' ');
  const rest = tail.length === 0 ? '' : restAt(head.length + 1);
  // Whole first word first, so `确认` wins over `是`-prefixed words and `next` over `n`.
  for (const [kind, locale, words] of KEYWORDS) {
    if (words.includes(head)) {
      const parsed = withArgument(kind, locale, rest);
      if (parsed) return parsed;
    }
  }
  // Chinese keywords glued to their argument: `查询华能源`, `报表2026-10`.
  if (CJK.test(head)) {
    let best: { kind: Keyword; word: string } | undefined;
    for (const [kind, locale, words] of KEYWORDS) {
      if (locale !== 'zh-CN') continue;
      for (const word of words)
        if (word.length > 1 && line.startsWith(word) && (!best || word.length > best.word.length))
          best = { kind, word };
    }
    if (best) {
      const glued = restAt(best.word.length);
      const parsed = withArgument(best.kind, 'zh-CN', glued);
      if (parsed) return parsed;
    }
  }
  return { kind: 'unknown', text: display, locale: null };
}

/** The keywords of a command in one locale, for help texts. */
export function keywordsOf(kind: Keyword, locale: Locale): readonly string[] {
  return KEYWORDS.filter(([candidate, language]) => candidate === kind && language === locale).flatMap(
    ([, , words]) => words,
  );
}
