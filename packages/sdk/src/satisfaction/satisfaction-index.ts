/**
 * The satisfaction index (满意度指数): a response's weighted score on a
 * 0–100 scale, an account's index over its latest responses in the survey's
 * window, and the index of a portfolio (or a division, or one manager's
 * accounts) over its accounts.
 *
 * Arithmetic is exact: scores are fractions of whole numbers (answers,
 * scale bounds, decimal weights), kept as big-integer fractions until the
 * one rounding for display — one decimal, half away from zero, as every
 * percentage (the number policy, `src/money/decimal.ts`).
 *
 * @module
 */
import type { LocalisedText } from '../errors/kam-error.js';
import { addDays, DEFAULT_TIME_ZONE, localDate } from '../time/calendar.js';
import type { SurveyDefinition, SurveyResponse } from './survey.js';

/** An exact non-negative fraction `numerator / denominator` (denominator > 0). */
interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

function gcd(left: bigint, right: bigint): bigint {
  let a = left < 0n ? -left : left;
  let b = right < 0n ? -right : right;
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

function fraction(numerator: bigint, denominator: bigint): Fraction {
  const divisor = gcd(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

function add(left: Fraction, right: Fraction): Fraction {
  return fraction(
    left.numerator * right.denominator + right.numerator * left.denominator,
    left.denominator * right.denominator,
  );
}

/** A finite decimal number (a weight) as an exact fraction: `0.3` → 3/10. */
function decimalFraction(value: number): Fraction {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/u.exec(String(value));
  if (!match) throw new RangeError(`not a non-negative decimal: ${value}`);
  const digits = `${match[1]}${match[2] ?? ''}`;
  const scale = (match[2]?.length ?? 0) - Number(match[3] ?? 0);
  return scale >= 0
    ? fraction(BigInt(digits), 10n ** BigInt(scale))
    : fraction(BigInt(digits) * 10n ** BigInt(-scale), 1n);
}

/** Mean of fractions, exactly. */
function mean(values: readonly Fraction[]): Fraction {
  const sum = values.reduce(add, { numerator: 0n, denominator: 1n });
  return fraction(sum.numerator, sum.denominator * BigInt(values.length));
}

/** One decimal, half away from zero, of a non-negative fraction: 250/3 → `'83.3'`. */
function oneDecimal(value: Fraction): string {
  const tenths = (20n * value.numerator + value.denominator) / (2n * value.denominator);
  return `${tenths / 10n}.${tenths % 10n}`;
}

function toNumber(value: Fraction): number {
  return Number(value.numerator) / Number(value.denominator);
}

/** A satisfaction index on 0–100: the value, its display (one decimal) and what it rests on. */
export interface SatisfactionIndex {
  /** 0–100 (the exact fraction as a number). */
  value: number;
  /** The value rounded to one decimal, half away from zero: `'83.3'`. */
  display: string;
  /** Responses counted. */
  responses: number;
}

/**
 * The score of one response on 0–100: each answer placed on its scale
 * (`(answer − min) / (max − min)`), weighted by its question's weight, over
 * the weights of the questions answered. `null` when it answers none of the
 * survey's questions.
 */
export function responseScore(response: SurveyResponse, survey: SurveyDefinition): SatisfactionIndex | null {
  const exact = responseFraction(response, survey);
  return exact === null ? null : { value: toNumber(exact), display: oneDecimal(exact), responses: 1 };
}

function responseFraction(response: SurveyResponse, survey: SurveyDefinition): Fraction | null {
  let sum: Fraction = { numerator: 0n, denominator: 1n };
  let weights: Fraction = { numerator: 0n, denominator: 1n };
  for (const question of survey.questions) {
    const answer = response.answers[question.id];
    if (answer === undefined) continue;
    const clamped = Math.min(question.scale.max, Math.max(question.scale.min, answer));
    const weight = decimalFraction(question.weight);
    const place = fraction(
      100n * BigInt(clamped - question.scale.min),
      BigInt(question.scale.max - question.scale.min),
    );
    sum = add(sum, fraction(weight.numerator * place.numerator, weight.denominator * place.denominator));
    weights = add(weights, weight);
  }
  if (weights.numerator === 0n) return null;
  return fraction(sum.numerator * weights.denominator, sum.denominator * weights.numerator);
}

/** Options of {@link accountSatisfaction} and {@link portfolioSatisfaction}. */
export interface SatisfactionOptions {
  /** The surveys responses are scored by; a response of a survey not among them is not counted. */
  surveys: readonly SurveyDefinition[];
  /** The day judged, `YYYY-MM-DD`: responses after it are not counted. */
  today: string;
  /** Default: the window of each response's survey (`windowDays`). */
  windowDays?: number;
  /** The organisation's time zone (a response's day); default Asia/Shanghai. */
  timeZone?: string;
}

/** An account's satisfaction index, with the responses it rests on. */
export interface AccountSatisfaction extends SatisfactionIndex {
  accountId: string;
  /** The responses counted, latest first. */
  counted: SurveyResponse[];
  /** The day of the latest response counted. */
  latest: string;
}

function countedResponses(
  responses: readonly SurveyResponse[],
  options: SatisfactionOptions,
): { response: SurveyResponse; score: Fraction; day: string }[] {
  const surveys = new Map(options.surveys.map((survey) => [survey.id, survey] as const));
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  // The latest response of each respondent (a contact), and every anonymous one.
  const latest = new Map<string, { response: SurveyResponse; score: Fraction; day: string }>();
  for (const response of responses) {
    const survey = surveys.get(response.surveyId);
    if (!survey) continue;
    const day = localDate(new Date(response.respondedAt), timeZone);
    const from = addDays(options.today, -(options.windowDays ?? survey.windowDays));
    if (day > options.today || day <= from) continue;
    const score = responseFraction(response, survey);
    if (score === null) continue;
    const key = response.contactId === undefined ? `#${response.id}` : `@${response.contactId}`;
    const before = latest.get(key);
    if (
      before === undefined ||
      before.response.respondedAt < response.respondedAt ||
      (before.response.respondedAt === response.respondedAt && before.response.id < response.id)
    )
      latest.set(key, { response, score, day });
  }
  return [...latest.values()].sort(
    (left, right) =>
      right.response.respondedAt.localeCompare(left.response.respondedAt) ||
      left.response.id.localeCompare(right.response.id),
  );
}

/**
 * The satisfaction index of each account with a counted response: the mean
 * score of its responses in the window (up to `today`, newer than
 * `today − windowDays`), where a contact who answered several times counts
 * once, with their latest response; responses without a contact each count.
 * Accounts in id order.
 *
 * @example
 * ```ts
 * const [acme] = accountSatisfaction(responses, { surveys: surveyPresets(), today: '2026-11-30' });
 * acme?.display; // '85.0'
 * ```
 */
export function accountSatisfaction(
  responses: readonly SurveyResponse[],
  options: SatisfactionOptions,
): AccountSatisfaction[] {
  const byAccount = new Map<string, SurveyResponse[]>();
  for (const response of responses) {
    const list = byAccount.get(response.accountId);
    if (list) list.push(response);
    else byAccount.set(response.accountId, [response]);
  }
  const out: AccountSatisfaction[] = [];
  for (const [accountId, list] of [...byAccount].sort(([left], [right]) => left.localeCompare(right))) {
    const counted = countedResponses(list, options);
    if (counted.length === 0) continue;
    const exact = mean(counted.map((entry) => entry.score));
    out.push({
      accountId,
      value: toNumber(exact),
      display: oneDecimal(exact),
      responses: counted.length,
      counted: counted.map((entry) => entry.response),
      latest: counted[0]!.day,
    });
  }
  return out;
}

/** The index of a set of accounts (a portfolio, a division, one manager's accounts). */
export interface PortfolioSatisfaction extends SatisfactionIndex {
  /** Accounts with an index (each weighs the same). */
  accounts: number;
}

/**
 * The satisfaction index of a set of accounts: the mean of their account
 * indexes, each account weighing the same whatever its number of responses;
 * `null` when none has one. `accountIds` restricts the set (a division, a
 * manager's accounts).
 */
export function portfolioSatisfaction(
  responses: readonly SurveyResponse[],
  options: SatisfactionOptions & { accountIds?: Iterable<string> },
): PortfolioSatisfaction | null {
  const wanted = options.accountIds === undefined ? undefined : new Set(options.accountIds);
  const exact: Fraction[] = [];
  let count = 0;
  const relevant = wanted ? responses.filter((response) => wanted.has(response.accountId)) : responses;
  const byAccount = new Map<string, SurveyResponse[]>();
  for (const response of relevant) {
    const list = byAccount.get(response.accountId);
    if (list) list.push(response);
    else byAccount.set(response.accountId, [response]);
  }
  for (const list of byAccount.values()) {
    const counted = countedResponses(list, options);
    if (counted.length === 0) continue;
    exact.push(mean(counted.map((entry) => entry.score)));
    count += counted.length;
  }
  if (exact.length === 0) return null;
  const overall = mean(exact);
  return { value: toNumber(overall), display: oneDecimal(overall), responses: count, accounts: exact.length };
}

/** A short line for an index: `满意度 83.3（3 份问卷）` / `satisfaction 83.3 (3 responses)`. */
export function satisfactionLine(index: SatisfactionIndex): LocalisedText {
  return {
    'zh-CN': `满意度 ${index.display}（${index.responses} 份问卷）`,
    en: `satisfaction ${index.display} (${index.responses} ${index.responses === 1 ? 'response' : 'responses'})`,
  };
}
