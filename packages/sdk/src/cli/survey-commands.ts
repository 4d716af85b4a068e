/**
 * `kamkit surveys list|record|index`: satisfaction survey responses per
 * account (满意度调查) and the satisfaction index per account, division and
 * portfolio. Acts as the operator (`KAMKIT_OPERATOR`, or `--as` a user they manage) through the
 * scoped store: a response of an account the user may not see reads exactly
 * like a missing one.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { ScopedStore } from '../access/scoped-store.js';
import { readConfigFile } from '../config/read-config-file.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import {
  accountSatisfaction,
  portfolioSatisfaction,
  responseScore,
  satisfactionLine,
} from '../satisfaction/satisfaction-index.js';
import {
  checkAnswers,
  defaultSurvey,
  loadSurvey,
  SURVEY_CHANNEL_LABELS,
  SURVEY_CHANNELS,
  type SurveyDefinition,
  type SurveyResponse,
  SurveyResponseSchema,
  surveyOf,
} from '../satisfaction/survey.js';
import { localDate } from '../time/calendar.js';
import { withActingUser } from './acting-user.js';
import type { CliContext } from './context.js';
import { dateOption } from './options.js';

interface CommonFlags {
  as?: string;
  json?: boolean;
  surveyFile?: string;
}

function invalid(path: string, message: { 'zh-CN': string; en: string }): KamError {
  return new KamError({ code: KAM_ERROR_CODES.INVALID_INPUT, path, message });
}

/** A new response id: `sr-` and 12 random hex digits. */
export function newSurveyResponseId(): string {
  return `sr-${randomBytes(6).toString('hex')}`;
}

/**
 * The configured surveys (`policies.surveys`), plus the one of
 * `--survey-file` (a YAML/JSON definition) when given, which replaces a
 * configured survey of the same id in its place.
 */
async function surveysOf(
  configured: readonly SurveyDefinition[],
  flags: CommonFlags,
): Promise<readonly SurveyDefinition[]> {
  if (!flags.surveyFile) return configured;
  const extra = loadSurvey(
    await readConfigFile(flags.surveyFile, { 'zh-CN': '问卷定义文件', en: 'survey file' }),
  );
  return configured.some((survey) => survey.id === extra.id)
    ? configured.map((survey) => (survey.id === extra.id ? extra : survey))
    : [...configured, extra];
}

/** `q1=5` pairs (`--answer`, repeatable) as answers. */
function inlineAnswers(pairs: readonly string[]): Record<string, number> {
  const answers: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^\s*([^=\s]+)\s*=\s*(-?\d+)\s*$/u.exec(pair);
    if (!match)
      throw invalid('--answer', {
        'zh-CN': `--answer 须写成 问题=分数（如 overall=5），收到“${pair}”`,
        en: `--answer takes question=score (e.g. overall=5), got "${pair}"`,
      });
    answers[match[1]!] = Number(match[2]);
  }
  return answers;
}

/** Answers from a JSON/YAML file: an object of question id → score. */
async function fileAnswers(path: string): Promise<Record<string, number>> {
  const data = await readConfigFile(path, { 'zh-CN': '回答文件', en: 'answers file' });
  const answers = (data as { answers?: unknown } | null)?.answers ?? data;
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers))
    throw invalid('--file', {
      'zh-CN': `${path} 须是“问题: 分数”的对象（可放在 answers 下）`,
      en: `${path} must hold an object of question: score (optionally under answers)`,
    });
  const out: Record<string, number> = {};
  for (const [id, value] of Object.entries(answers)) {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw invalid(`--file:${id}`, {
        'zh-CN': `${path} 中问题 ${id} 的分数须为整数`,
        en: `The score of ${id} in ${path} must be a whole number`,
      });
    out[id] = value;
  }
  return out;
}

/** One response as a line: id · account · day · channel · contact · score. */
function responseLine(
  response: SurveyResponse,
  surveys: readonly SurveyDefinition[],
  locale: 'zh-CN' | 'en',
  timeZone: string,
): string {
  const survey = surveys.find((candidate) => candidate.id === response.surveyId);
  const score = survey ? responseScore(response, survey) : null;
  const answers = Object.entries(response.answers)
    .map(([id, value]) => `${id}=${value}`)
    .join(' ');
  return [
    response.id,
    response.accountId,
    localDate(new Date(response.respondedAt), timeZone),
    SURVEY_CHANNEL_LABELS[response.channel][locale],
    ...(response.contactId ? [response.contactId] : []),
    answers,
    score ? `${locale === 'zh-CN' ? '得分' : 'score'} ${score.display}` : '',
  ]
    .filter((part) => part !== '')
    .join(' · ');
}

/**
 * Register `kamkit surveys` with `list [--account <id>]`,
 * `record --account <id> [--contact <id>] [--survey <id>] (--file <answers.json|yaml> | --answer q=5 …)`
 * and `index [--account <id>] [--date <day>]`; every subcommand takes
 * `--as <userId>`, `--json` and `--survey-file <definition.yaml>`.
 */
export function registerSurveysCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  const surveys = program
    .command('surveys')
    .description(
      zhHelp
        ? '满意度调查：记录客户的问卷回答，查看满意度指数'
        : 'Satisfaction surveys: record responses, see the satisfaction index',
    )
    .option('--as <userId>', 'act as a user you manage (you are KAMKIT_OPERATOR)')
    .option('--json', 'print JSON')
    .option('--survey-file <file>', 'a survey definition (YAML/JSON) beside the configured ones');

  /** Open the store, scope it to the acting user, run `work`, close. */
  const withScoped = <T>(flags: CommonFlags, work: (scoped: ScopedStore) => Promise<T>) =>
    withActingUser(context, flags, work);

  surveys
    .command('list')
    .description(zhHelp ? '列出你能看到的问卷回答' : 'List the survey responses you may see')
    .option('--account <id>', 'only this account')
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<CommonFlags & { account?: string }>();
      const config = await context.config();
      const definitions = await surveysOf(config.policies.surveys, flags);
      const rows = await withScoped(flags, (scoped) =>
        scoped.listSurveyResponses(flags.account ? { accountIds: [flags.account] } : {}),
      );
      if (flags.json) {
        context.write(
          `${JSON.stringify(
            {
              responses: rows.map((row) => {
                const survey = definitions.find((candidate) => candidate.id === row.surveyId);
                return { ...row, score: survey ? (responseScore(row, survey)?.value ?? null) : null };
              }),
            },
            null,
            2,
          )}\n`,
        );
        return;
      }
      const zh = config.locale === 'zh-CN';
      const lines = [
        zh ? `满意度问卷回答（共 ${rows.length} 份）` : `Survey responses (${rows.length} in all)`,
      ];
      for (const row of rows)
        lines.push(`  ${responseLine(row, definitions, config.locale, config.timeZone)}`);
      context.write(`${lines.join('\n')}\n`);
    });

  surveys
    .command('record')
    .description(zhHelp ? '记录一份问卷回答' : 'Record a survey response')
    .option('--account <id>', 'the account')
    .option('--contact <id>', 'the contact who answered')
    .option('--survey <id>', 'the survey (default: the first configured one)')
    .option('--file <file>', 'answers as JSON/YAML: { question: score }')
    .option(
      '--answer <q=score>',
      'one answer, e.g. overall=5 (repeat for each)',
      (value: string, list: string[] = []) => [...list, value],
    )
    .option('--channel <channel>', `${SURVEY_CHANNELS.join(' | ')} (default: cli)`)
    .option('--at <instant>', 'when it was answered, ISO 8601 (default: now)')
    .option('--id <id>', 'the response id (default: generated)')
    .option('--comment <text>', "the respondent's comment")
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<
        CommonFlags & {
          account?: string;
          contact?: string;
          survey?: string;
          file?: string;
          answer?: string[];
          channel?: string;
          at?: string;
          id?: string;
          comment?: string;
        }
      >();
      const config = await context.config();
      if (!flags.account?.trim())
        throw invalid('--account', { 'zh-CN': '缺少 --account', en: '--account is required' });
      if (flags.file && flags.answer)
        throw invalid('--answer', {
          'zh-CN': '--file 与 --answer 只能用一个',
          en: 'Use --file or --answer, not both',
        });
      if (!flags.file && !flags.answer)
        throw invalid('--answer', {
          'zh-CN': '请用 --answer 问题=分数 或 --file 给出回答',
          en: 'Give the answers with --answer question=score or --file',
        });
      const definitions = await surveysOf(config.policies.surveys, flags);
      const survey = flags.survey ? surveyOf(definitions, flags.survey) : defaultSurvey(definitions);
      const answers = flags.file ? await fileAnswers(flags.file) : inlineAnswers(flags.answer ?? []);
      const saved = await withScoped(flags, async (scoped) => {
        const me = await scoped.me();
        const response = SurveyResponseSchema.safeParse({
          id: flags.id ?? newSurveyResponseId(),
          accountId: flags.account!.trim(),
          ...(flags.contact ? { contactId: flags.contact } : {}),
          surveyId: survey.id,
          answers,
          channel: flags.channel ?? 'cli',
          respondedAt: flags.at ?? new Date().toISOString(),
          recordedBy: me.id,
          ...(flags.comment ? { comment: flags.comment } : {}),
        });
        if (!response.success) {
          const issue = response.error.issues[0]!;
          const field = issue.path.join('.');
          const option = field === 'respondedAt' ? '--at' : field === 'channel' ? '--channel' : field;
          throw invalid(option, {
            'zh-CN': `${option} 无效：${issue.message}`,
            en: `${option} is invalid: ${issue.message}`,
          });
        }
        checkAnswers(response.data, survey);
        if (flags.contact) {
          const contacts = await scoped.listContacts(response.data.accountId);
          if (!contacts.some((contact) => contact.id === flags.contact))
            throw new KamError({
              code: KAM_ERROR_CODES.NOT_FOUND,
              path: '--contact',
              message: {
                'zh-CN': `客户 ${response.data.accountId} 下没有联系人 ${flags.contact}`,
                en: `Account ${response.data.accountId} has no contact ${flags.contact}`,
              },
            });
        }
        return scoped.putSurveyResponse(response.data, { reason: 'survey.record' });
      });
      if (flags.json) {
        context.write(
          `${JSON.stringify({ ...saved, score: responseScore(saved, survey)?.value ?? null }, null, 2)}\n`,
        );
        return;
      }
      const zh = config.locale === 'zh-CN';
      context.write(
        `${zh ? '已记录' : 'Recorded'} ${responseLine(saved, definitions, config.locale, config.timeZone)}\n`,
      );
    });

  surveys
    .command('index')
    .description(
      zhHelp
        ? '满意度指数：每个客户、每个事业部和全部客户'
        : 'Satisfaction index per account, per division and for the portfolio',
    )
    .option('--account <id>', 'only this account')
    .option('--date <date>', 'the day judged on, YYYY-MM-DD (default: today)')
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<CommonFlags & { account?: string; date?: string }>();
      const config = await context.config();
      const today = dateOption(flags.date, '--date', config.timeZone, new Date());
      const definitions = await surveysOf(config.policies.surveys, flags);
      const { accounts, rows } = await withScoped(flags, async (scoped) => ({
        accounts: await scoped.listAccounts(),
        rows: await scoped.listSurveyResponses(flags.account ? { accountIds: [flags.account] } : {}),
      }));
      const options = { surveys: definitions, today, timeZone: config.timeZone };
      const perAccount = accountSatisfaction(rows, options);
      const divisions = [...new Set(accounts.map((account) => account.division))].sort();
      const perDivision = divisions
        .map((division) => ({
          division,
          index: portfolioSatisfaction(rows, {
            ...options,
            accountIds: accounts
              .filter((account) => account.division === division)
              .map((account) => account.id),
          }),
        }))
        .filter((entry) => entry.index !== null);
      const portfolio = portfolioSatisfaction(rows, options);
      if (flags.json) {
        context.write(
          `${JSON.stringify(
            {
              date: today,
              portfolio,
              divisions: perDivision,
              accounts: perAccount.map(({ counted, ...entry }) => ({
                ...entry,
                responseIds: counted.map((row) => row.id),
              })),
            },
            null,
            2,
          )}\n`,
        );
        return;
      }
      const zh = config.locale === 'zh-CN';
      const names = new Map(accounts.map((account) => [account.id, account.shortName ?? account.name]));
      const lines = [zh ? `满意度指数（${today}，0–100）` : `Satisfaction index (${today}, 0–100)`];
      if (portfolio === null)
        lines.push(zh ? '  没有窗口内的问卷回答。' : '  No survey responses in the window.');
      else {
        lines.push(
          `  ${zh ? '全部客户' : 'Portfolio'}: ${satisfactionLine(portfolio)[config.locale]} · ${zh ? `${portfolio.accounts} 个客户` : `${portfolio.accounts} accounts`}`,
        );
        for (const entry of perDivision)
          lines.push(
            `  ${entry.division}: ${satisfactionLine(entry.index!)[config.locale]} · ${zh ? `${entry.index!.accounts} 个客户` : `${entry.index!.accounts} accounts`}`,
          );
        for (const entry of perAccount)
          lines.push(
            `  ${entry.accountId} ${names.get(entry.accountId) ?? ''}: ${satisfactionLine(entry)[config.locale]} · ${zh ? '最近' : 'latest'} ${entry.latest}`,
          );
      }
      context.write(`${lines.join('\n')}\n`);
    });
  return surveys;
}
