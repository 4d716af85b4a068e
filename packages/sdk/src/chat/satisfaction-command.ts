/**
 * The chat command `满意度` / `satisfaction`: an account's satisfaction index
 * with its latest responses, and recording a response in chat with the
 * answers in the default survey's question order (`满意度 华能源 5 4 5`).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { ScopedStore } from '../access/scoped-store.js';
import type { Account } from '../domain/account.js';
import type { Locale } from '../errors/kam-error.js';
import { accountSatisfaction, responseScore } from '../satisfaction/satisfaction-index.js';
import {
  answersInOrder,
  checkAnswers,
  defaultSurvey,
  SURVEY_CHANNEL_LABELS,
  type SurveyDefinition,
  type SurveyResponse,
  SurveyResponseSchema,
  surveyScaleText,
} from '../satisfaction/survey.js';
import { localDate } from '../time/calendar.js';
import { type ListEntry, localised, type Reply } from './replies.js';

/** How many of an account's latest responses the reply lists. */
const LATEST = 3;

function nameOf(account: Account): string {
  return account.shortName ?? account.name;
}

function responseText(
  response: SurveyResponse,
  surveys: readonly SurveyDefinition[],
  timeZone: string,
): { 'zh-CN': string; en: string } {
  const survey = surveys.find((candidate) => candidate.id === response.surveyId);
  const score = survey ? responseScore(response, survey) : null;
  const day = localDate(new Date(response.respondedAt), timeZone);
  const answers = Object.entries(response.answers)
    .map(([id, value]) => `${id}=${value}`)
    .join(' ');
  const channel = SURVEY_CHANNEL_LABELS[response.channel];
  return localised(
    `${day} · ${channel['zh-CN']} · ${answers}${score ? ` · 得分 ${score.display}` : ''}`,
    `${day} · ${channel.en} · ${answers}${score ? ` · score ${score.display}` : ''}`,
  );
}

/**
 * The satisfaction of `accounts` on `today`: one entry per account with its
 * index (or "no responses"), and for a single account its latest responses.
 */
export async function satisfactionReply(
  scoped: ScopedStore,
  accounts: readonly Account[],
  options: {
    today: string;
    timeZone: string;
    locale: Locale;
    limit: number;
    /** The configured surveys (`policies.surveys`); the first is the one chat records with. */
    surveys: readonly SurveyDefinition[];
  },
): Promise<Reply> {
  const shown = accounts.slice(0, options.limit);
  const responses = await scoped.listSurveyResponses({ accountIds: shown.map((account) => account.id) });
  const indexes = new Map(
    accountSatisfaction(responses, {
      surveys: options.surveys,
      today: options.today,
      timeZone: options.timeZone,
    }).map((entry) => [entry.accountId, entry] as const),
  );
  const entries: ListEntry[] = [];
  for (const account of shown) {
    const index = indexes.get(account.id);
    const name = nameOf(account);
    entries.push({
      label: index
        ? localised(
            `${name}：满意度 ${index.display}（${index.responses} 份问卷，最近 ${index.latest}）`,
            `${name}: satisfaction ${index.display} (${index.responses} ${index.responses === 1 ? 'response' : 'responses'}, latest ${index.latest})`,
          )
        : localised(`${name}：窗口内没有问卷回答`, `${name}: no survey responses in the window`),
      accountId: account.id,
    });
    if (shown.length === 1) {
      const latest = responses
        .filter((row) => row.accountId === account.id)
        .sort((left, right) => right.respondedAt.localeCompare(left.respondedAt))
        .slice(0, LATEST);
      for (const row of latest)
        entries.push({
          label: responseText(row, options.surveys, options.timeZone),
          accountId: account.id,
        });
    }
  }
  const survey = defaultSurvey(options.surveys);
  const order = survey.questions.map((question) => question.text);
  const scale = surveyScaleText(survey);
  return {
    kind: 'list',
    title: localised(
      `满意度（0–100）· 记录：满意度 <客户> ${order.map((_, index) => `<${index + 1}>`).join(' ')}（${order.map((text) => text['zh-CN']).join('、')}，${scale} 分）`,
      `Satisfaction (0–100) · to record: satisfaction <account> ${order.map((_, index) => `<${index + 1}>`).join(' ')} (${order.map((text) => text.en).join(', ')}; ${scale})`,
    ),
    entries,
    more: accounts.length - shown.length,
    empty: localised('没有客户。', 'No accounts.'),
    locale: options.locale,
  };
}

/**
 * Record a response of `account` from chat: `answers` in the default
 * survey's question order (the first of `options.surveys`), channel `chat`, recorded by the user; the reply
 * gives the response's score and the account's index now.
 *
 * @throws KamError `INVALID_INPUT` naming the answer (`answers.service`) when
 * one is off its scale or there are too many; `FORBIDDEN` without
 * `account.write` on the account.
 */
export async function recordSatisfaction(
  scoped: ScopedStore,
  account: Account,
  answers: readonly string[],
  options: {
    today: string;
    timeZone: string;
    locale: Locale;
    at: Date;
    userId: string;
    /** The configured surveys (`policies.surveys`). */
    surveys: readonly SurveyDefinition[];
  },
): Promise<Reply> {
  const survey = defaultSurvey(options.surveys);
  const response = checkAnswers(
    SurveyResponseSchema.parse({
      id: `sr-${randomBytes(6).toString('hex')}`,
      accountId: account.id,
      surveyId: survey.id,
      answers: answersInOrder(survey, answers),
      channel: 'chat',
      respondedAt: options.at.toISOString(),
      recordedBy: options.userId,
    }),
    survey,
  );
  const saved = await scoped.putSurveyResponse(response, { reason: 'survey.record' });
  const [index] = accountSatisfaction(await scoped.listSurveyResponses({ accountIds: [account.id] }), {
    surveys: options.surveys,
    today: options.today,
    timeZone: options.timeZone,
  });
  const score = responseScore(saved, survey)!;
  const name = nameOf(account);
  return {
    kind: 'text',
    text: localised(
      `已记录 ${name} 的满意度问卷（${Object.entries(saved.answers)
        .map(([id, value]) => `${survey.questions.find((q) => q.id === id)!.text['zh-CN']} ${value}`)
        .join(
          '，',
        )}），得分 ${score.display}。${index ? `当前满意度 ${index.display}（${index.responses} 份问卷）。` : ''}`,
      `Recorded a satisfaction response for ${name} (${Object.entries(saved.answers)
        .map(([id, value]) => `${survey.questions.find((q) => q.id === id)!.text.en} ${value}`)
        .join(
          ', ',
        )}), score ${score.display}.${index ? ` Satisfaction now ${index.display} (${index.responses} ${index.responses === 1 ? 'response' : 'responses'}).` : ''}`,
    ),
    locale: options.locale,
  };
}
