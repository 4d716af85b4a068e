/**
 * The command parser of the conversation engine: one incoming line → one
 * {@link ParsedCommand}. Chinese and English keywords; full-width characters,
 * case and spacing do not matter (text is NFKC-normalised first). Never throws.
 *
 * @module
 */
import type { Locale } from '../errors/kam-error.js';
import { type BindingCodeRequest, parseBindingCodeRequest } from './binding-code-command.js';

/** What a line of chat asks for. `locale` is the language of the keyword used, `null` when none was used. */
export type ParsedCommand = (
  | { kind: 'status'; query: string }
  | { kind: 'tier'; query: string }
  | { kind: 'report'; query: string; period: string | null }
  | { kind: 'due' }
  | { kind: 'alerts' }
  | { kind: 'review'; choice: number | null }
  | { kind: 'help' }
  | { kind: 'bind'; code: string }
  | Omit<BindingCodeRequest, 'locale'>
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
  ['submit', 'zh-CN', ['提交']],
  ['submit', 'en', ['submit']],
  ['confirm', 'zh-CN', ['确认', '确定', '是']],
  ['confirm', 'en', ['confirm', 'yes', 'y']],
  ['cancel', 'zh-CN', ['取消', '否']],
  ['cancel', 'en', ['cancel', 'no', 'n']],
];

/** Commands that take no argument: extra text makes the line something else. */
const BARE: ReadonlySet<Keyword> = new Set([
  'due',
  'alerts',
  'help',
  'back',
  'skip',
  'save',
  'submit',
  'confirm',
  'cancel',
]);

const CJK = /[\u3400-\u9fff]/u;
const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2])|-(q[1-4])|-(h[12]))?$/u;

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
      return rest === '' ? null : { kind, query: rest, locale };
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
      return rest === '' ? null : { kind, code: rest.replace(/\s/gu, '').toUpperCase(), locale };
    case 'comment':
      return rest === '' ? null : { kind, text: rest, locale };
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
 * ```
 */
export function parseCommand(text: string): ParsedCommand {
  const parsed = parseNormalised(typeof text === 'string' ? text : '');
  // A comment keeps what the rater wrote (full-width punctuation and all), less the keyword.
  if (parsed.kind === 'comment') {
    const raw = text.trim();
    const glued = ['评语', '备注'].find((word) => raw.startsWith(word));
    const body = glued ? raw.slice(glued.length) : raw.replace(/^\S+/u, '');
    return { ...parsed, text: body.trim() || parsed.text };
  }
  return parsed;
}

function parseNormalised(text: string): ParsedCommand {
  const line = normaliseText(text);
  if (line === '') return { kind: 'empty', locale: null };
  if (/^\d{1,6}$/u.test(line)) return { kind: 'number', value: Number(line), locale: null };
  const bindingCode = parseBindingCodeRequest(line);
  if (bindingCode) return bindingCode;
  const [head = '', ...tail] = line.split(' ');
  const rest = tail.join(' ');
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
      const parsed = withArgument(best.kind, 'zh-CN', line.slice(best.word.length).trim());
      if (parsed) return parsed;
    }
  }
  return { kind: 'unknown', text: line, locale: null };
}

/** The keywords of a command in one locale, for help texts. */
export function keywordsOf(kind: Keyword, locale: Locale): readonly string[] {
  return KEYWORDS.filter(([candidate, language]) => candidate === kind && language === locale).flatMap(
    ([, , words]) => words,
  );
}
