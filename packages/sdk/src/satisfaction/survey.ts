/**
 * Satisfaction surveys (满意度调查): the survey as policy data (questions with
 * a text in both locales, a scale and a weight) and the response record (the
 * answers of one respondent of an account, by channel).
 *
 * @module
 */
import { z } from 'zod';
import { Id, IsoDateTime } from '../domain/common.js';
import { parseWith } from '../errors/from-zod.js';
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';

const Text = z.strictObject({ 'zh-CN': z.string().trim().min(1), en: z.string().trim().min(1) });

/** A weight written as a number or decimal text (`1`, `0.5`, `'0.3'`); must be positive. */
const Weight = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, 'expected a decimal such as 0.5'),
  ])
  .transform((value) => Number(value))
  .refine((value) => Number.isFinite(value) && value > 0, 'must be greater than 0');

/**
 * One question: its id (answers are keyed by it), its text in both
 * locales, its scale (whole numbers from `min` to `max`, e.g. 1–5 or 0–10)
 * and its weight in the response's score (default 1).
 */
export const SurveyQuestionSchema = z
  .strictObject({
    id: Id,
    text: Text,
    scale: z.strictObject({ min: z.number().int(), max: z.number().int() }),
    weight: Weight.default(1),
  })
  .superRefine((question, context) => {
    if (question.scale.max <= question.scale.min)
      context.addIssue({ code: 'custom', path: ['scale', 'max'], message: 'must be greater than min' });
  });
/** A survey question. */
export type SurveyQuestion = z.output<typeof SurveyQuestionSchema>;

/**
 * A survey definition as policy data (YAML/JSON): an id, a name, its
 * questions in the order they are asked, and the window of the satisfaction
 * index — responses older than `windowDays` before the day judged do not
 * count (default 365).
 */
export const SurveyDefinitionSchema = z
  .strictObject({
    id: Id,
    name: Text,
    questions: z.array(SurveyQuestionSchema).min(1).max(50),
    windowDays: z.number().int().min(1).max(3660).default(365),
  })
  .superRefine((survey, context) => {
    const seen = new Set<string>();
    survey.questions.forEach((question, index) => {
      if (seen.has(question.id))
        context.addIssue({
          code: 'custom',
          path: ['questions', index, 'id'],
          message: 'duplicate question id',
        });
      seen.add(question.id);
    });
  });
/** A validated survey definition. */
export type SurveyDefinition = z.output<typeof SurveyDefinitionSchema>;
/** A survey definition as written. */
export type SurveyDefinitionInput = z.input<typeof SurveyDefinitionSchema>;

const q = (
  id: string,
  zh: string,
  en: string,
  min: number,
  max: number,
  weight = 1,
): z.input<typeof SurveyQuestionSchema> => ({ id, text: { 'zh-CN': zh, en }, scale: { min, max }, weight });

/**
 * The shipped surveys.
 *
 * - `standard` (seed000, seed003 客情管理制度 第十七、十八条: regular
 *   satisfaction surveys with quantified indicators): overall satisfaction
 *   (weight 2), service, response to requests and complaints, the account
 *   manager, products and price — five questions on a 1–5 scale.
 * - `airline` (seed002: a decline is traced to staff dissatisfaction with
 *   travel, price or service; staff travel satisfaction, 员工出行满意度):
 *   three questions on a 0–10 scale.
 */
export const SURVEY_PRESETS = {
  standard: {
    id: 'standard',
    name: { 'zh-CN': '大客户满意度调查', en: 'Key-account satisfaction survey' },
    questions: [
      q('overall', '总体满意度', 'Overall satisfaction', 1, 5, 2),
      q('service', '服务质量', 'Quality of service', 1, 5),
      q('response', '问题与投诉的响应', 'Response to requests and complaints', 1, 5),
      q('manager', '客户经理', 'Account manager', 1, 5),
      q('offer', '产品与价格', 'Products and price', 1, 5),
    ],
  },
  airline: {
    id: 'airline',
    name: { 'zh-CN': '差旅满意度调查', en: 'Travel satisfaction survey' },
    questions: [
      q('travel', '员工出行满意度', "Staff's satisfaction with travel", 0, 10, 2),
      q('price', '报价', 'Fares and price', 0, 10),
      q('service', '服务', 'Service', 0, 10),
    ],
  },
} as const satisfies Record<string, SurveyDefinitionInput>;

/** Name of a shipped survey (`standard`, `airline`). */
export type SurveyPresetName = keyof typeof SURVEY_PRESETS;

/**
 * Validate a survey definition (from a YAML/JSON file).
 *
 * @throws KamError `INVALID_CONFIG` naming the bad field (e.g. `questions[1].scale.max`).
 */
export function loadSurvey(input: unknown): SurveyDefinition {
  return parseWith(SurveyDefinitionSchema, input, { 'zh-CN': '满意度调查问卷', en: 'survey' });
}

/** The shipped surveys, validated, in the order of {@link SURVEY_PRESETS}: `standard` first. */
export function surveyPresets(): SurveyDefinition[] {
  return Object.values(SURVEY_PRESETS).map((survey) => loadSurvey(survey));
}

/**
 * The survey used when none is named (chat's `满意度 <客户> 5 4 5`, an
 * imported row without a survey column, `kamkit surveys record` without
 * `--survey`): the first of the configured `surveys`.
 *
 * @throws KamError `NOT_FOUND` (path `surveys`) when the list is empty.
 * @example
 * ```ts
 * defaultSurvey(surveyPresets()).id; // 'standard'
 * ```
 */
export function defaultSurvey(surveys: readonly SurveyDefinition[]): SurveyDefinition {
  const [first] = surveys;
  if (!first)
    throw new KamError({
      code: KAM_ERROR_CODES.NOT_FOUND,
      path: 'surveys',
      message: { 'zh-CN': '没有配置满意度问卷', en: 'No satisfaction survey is configured' },
    });
  return first;
}

/**
 * The scales of a survey's questions as text: `1–5` when they share one,
 * else each distinct scale in question order (`0–10 / 1–5`).
 */
export function surveyScaleText(survey: SurveyDefinition): string {
  return [...new Set(survey.questions.map((question) => `${question.scale.min}–${question.scale.max}`))].join(
    ' / ',
  );
}

/** Channels a response arrives by: chat, a survey link, an import, the CLI. */
export const SURVEY_CHANNELS = ['chat', 'link', 'import', 'cli'] as const;
/** A response channel. */
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

/** Names of the channels, in both locales. */
export const SURVEY_CHANNEL_LABELS: Record<SurveyChannel, LocalisedText> = {
  chat: { 'zh-CN': '聊天', en: 'chat' },
  link: { 'zh-CN': '问卷链接', en: 'link' },
  import: { 'zh-CN': '导入', en: 'import' },
  cli: { 'zh-CN': '命令行', en: 'CLI' },
};

/**
 * One response to a survey: who answered for which account (`contactId`
 * when the respondent is a known contact), the answers by question id
 * (whole numbers on each question's scale), the channel, when it was given
 * and who recorded it. Ids are unique per account.
 */
export const SurveyResponseSchema = z.strictObject({
  id: Id,
  accountId: Id,
  contactId: Id.optional(),
  surveyId: Id,
  answers: z
    .record(Id, z.number().int())
    .refine((answers) => Object.keys(answers).length > 0, 'must answer at least one question'),
  channel: z.enum(SURVEY_CHANNELS),
  respondedAt: IsoDateTime,
  recordedBy: Id,
  comment: z.string().trim().min(1).max(2000).optional(),
});
/** A survey response. */
export type SurveyResponse = z.output<typeof SurveyResponseSchema>;
/** A survey response as written. */
export type SurveyResponseInput = z.input<typeof SurveyResponseSchema>;

/**
 * Check a response's answers against its survey: every answer names a
 * question of the survey and lies on its scale. Returns the response.
 *
 * @throws KamError `INVALID_INPUT` naming the answer (`answers.overall`) and the scale.
 */
export function checkAnswers(response: SurveyResponse, survey: SurveyDefinition): SurveyResponse {
  const questions = new Map(survey.questions.map((question) => [question.id, question] as const));
  for (const [id, value] of Object.entries(response.answers)) {
    const question = questions.get(id);
    if (!question)
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_INPUT,
        path: `answers.${id}`,
        message: {
          'zh-CN': `问卷 ${survey.id} 没有问题 ${id}（有：${[...questions.keys()].join('、')}）`,
          en: `Survey ${survey.id} has no question ${id} (it has: ${[...questions.keys()].join(', ')})`,
        },
      });
    if (value < question.scale.min || value > question.scale.max)
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_INPUT,
        path: `answers.${id}`,
        message: {
          'zh-CN': `问题 ${id} 的回答 ${value} 不在 ${question.scale.min}–${question.scale.max} 分之间`,
          en: `The answer ${value} to ${id} is not on its ${question.scale.min}–${question.scale.max} scale`,
        },
      });
  }
  return response;
}

/**
 * The survey a response names, among `surveys`.
 *
 * @throws KamError `NOT_FOUND` (path `surveyId`) naming the surveys there are.
 */
export function surveyOf(surveys: readonly SurveyDefinition[], surveyId: string): SurveyDefinition {
  const survey = surveys.find((candidate) => candidate.id === surveyId);
  if (!survey)
    throw new KamError({
      code: KAM_ERROR_CODES.NOT_FOUND,
      path: 'surveyId',
      message: {
        'zh-CN': `没有问卷 ${surveyId}（有：${surveys.map((item) => item.id).join('、')}）`,
        en: `No survey ${surveyId} (there are: ${surveys.map((item) => item.id).join(', ')})`,
      },
    });
  return survey;
}

/**
 * Answers given in question order (`5 4 5`, as chat takes them) keyed by the
 * survey's question ids; fewer answers than questions leave the rest
 * unanswered.
 *
 * @throws KamError `INVALID_INPUT` when there are more answers than questions or one is not a whole number.
 */
export function answersInOrder(survey: SurveyDefinition, values: readonly string[]): Record<string, number> {
  if (values.length > survey.questions.length)
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path: 'answers',
      message: {
        'zh-CN': `问卷 ${survey.id} 只有 ${survey.questions.length} 个问题，却给了 ${values.length} 个回答`,
        en: `Survey ${survey.id} has ${survey.questions.length} questions but ${values.length} answers were given`,
      },
    });
  const answers: Record<string, number> = {};
  values.forEach((value, index) => {
    const question = survey.questions[index]!;
    if (!/^-?\d+$/u.test(value.trim()))
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_INPUT,
        path: `answers.${question.id}`,
        message: {
          'zh-CN': `第 ${index + 1} 个回答（${question.id}）须为整数，收到“${value}”`,
          en: `Answer ${index + 1} (${question.id}) must be a whole number, got "${value}"`,
        },
      });
    answers[question.id] = Number(value.trim());
  });
  return answers;
}
