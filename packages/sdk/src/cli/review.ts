/**
 * `kamkit review …`: create and run a 360° cycle from the terminal, over the
 * {@link createReview360Engine} engine and the configured store. Every
 * subcommand acts as one user (`KAMKIT_OPERATOR`, or `--as` a user they manage) with the
 * engine's permission checks and anonymity rules: results are shown only to
 * the people the cycle names, and never name a rater.
 *
 * @module
 */

import { type Command, Option } from 'commander';
import type { ResolvedConfig } from '../config/load-config.js';
import { readConfigFile } from '../config/read-config-file.js';
import type { User } from '../domain/user.js';
import { isKamError, KAM_ERROR_CODES, KamError, notFound } from '../errors/kam-error.js';
import { formatNumber } from '../money/decimal.js';
import { type Appeal, appealLevel } from '../review360/appeal.js';
import type { CycleState, Subject } from '../review360/cycle.js';
import { createReview360Engine, type RaterIdentity, type Review360Engine } from '../review360/engine.js';
import type { RaterProposalInput } from '../review360/nomination.js';
import { RELATION_WEIGHT_PRESETS, relationWeightsPreset } from '../review360/presets.js';
import { RELATIONS, type Relation } from '../review360/relations.js';
import { createMemoryReviewRepository } from '../review360/repository.js';
import type { SubjectResult } from '../review360/results.js';
import { createSqlReviewRepository } from '../review360/sql-repository.js';
import type { SubmissionInput } from '../review360/submission.js';
import type { Store } from '../store/port.js';
import { addDays, localDate } from '../time/calendar.js';
import { requireActingUser } from './acting-user.js';
import type { CliContext } from './context.js';
import { countOption, dateOption } from './options.js';

interface Session {
  engine: Review360Engine;
  store: Store;
  config: ResolvedConfig;
  user: User;
  zh: boolean;
}

/** Open the store and build the engine with the configured models (no acting user: invitation tokens). */
async function withEngine<T>(
  context: CliContext,
  use: (session: Omit<Session, 'user'>) => Promise<T>,
): Promise<T> {
  const config = await context.config();
  const store = await context.openStore();
  try {
    const repository = store.sql ? createSqlReviewRepository(store.sql) : createMemoryReviewRepository();
    const engine = createReview360Engine({
      repository,
      store,
      models: config.review360.models,
      surveys: config.policies.surveys,
      timeZone: config.timeZone,
    });
    return await use({ engine, store, config, zh: config.locale === 'zh-CN' });
  } finally {
    await store.close();
  }
}

/** Open the store, build the engine with the configured models, and find the acting user. */
async function withSession<T>(
  context: CliContext,
  as: string | undefined,
  use: (session: Session) => Promise<T>,
): Promise<T> {
  return withEngine(context, async (session) => {
    const userId = await requireActingUser(session.store, as, context.env);
    const user = await session.store.getUser(userId);
    if (!user) throw notFound('用户 / user', userId);
    return use({ ...session, user });
  });
}

/** The flags that say whose review a rater command writes to. */
interface RaterFlags {
  subject?: string;
  token?: string;
  rater?: string;
  as?: string;
  json?: boolean;
}

/**
 * Run `use` on the nomination a rater writes to: with `--token`, the external
 * rater's invitation; otherwise the acting user's (`--rater`, else `--as`)
 * review of `--subject` in `cycleId`.
 */
async function asRater<T>(
  context: CliContext,
  cycleId: string | undefined,
  flags: RaterFlags,
  use: (
    session: Omit<Session, 'user'>,
    target: { nominationId: string; subjectId: string; rater: RaterIdentity },
  ) => Promise<T>,
): Promise<T> {
  if (flags.token !== undefined) {
    const token = flags.token;
    return withEngine(context, async (session) => {
      const opened = await session.engine.openInvitation(token);
      return use(session, {
        nominationId: opened.nominationId,
        subjectId: opened.subjectName,
        rater: { token },
      });
    });
  }
  if (cycleId === undefined || flags.subject === undefined)
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path: '--subject',
      message: {
        'zh-CN': '请写明考核周期和 --subject <被评价人>，或用 --token <邀请码>（外部评价人）',
        en: 'Give the cycle and --subject <subjectId>, or --token <invitation token> for an external rater',
      },
    });
  const subjectId = flags.subject;
  return withSession(context, flags.rater ?? flags.as, async (session) => {
    const nomination = (await session.engine.myReviews(cycleId, session.user)).find(
      (candidate) => candidate.subjectId === subjectId,
    );
    if (!nomination) throw notFound('评价任务 / review to write', `${cycleId}/${subjectId}`);
    return use(session, { nominationId: nomination.id, subjectId, rater: { user: session.user } });
  });
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The staff subject for a user: their supervisor, and the supervisor's supervisor as department head. */
async function staffSubject(store: Store, userId: string): Promise<Subject> {
  const user = await store.getUser(userId);
  if (!user) throw notFound('用户 / user', userId);
  const supervisor = user.supervisorId === null ? undefined : await store.getUser(user.supervisorId);
  return {
    kind: 'staff',
    id: user.id,
    name: user.name,
    userId: user.id,
    supervisorId: user.supervisorId,
    departmentHeadId: supervisor?.supervisorId ?? null,
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const TRANSITIONS: readonly { name: string; to: CycleState; en: string; zh: string }[] = [
  {
    name: 'start',
    to: 'nominating',
    en: 'Start nominations (draft → nominating)',
    zh: '开始提名（草稿 → 提名中）',
  },
  { name: 'open', to: 'open', en: 'Open rating (nominating → open)', zh: '开始评分（提名中 → 评分中）' },
  { name: 'close', to: 'closed', en: 'Close rating (open → closed)', zh: '结束评分（评分中 → 已结束）' },
  {
    name: 'publish',
    to: 'published',
    en: 'Compute and publish the results (closed → published)',
    zh: '计算并发布结果（已结束 → 已发布）',
  },
];

/**
 * Register `kamkit review` and its subcommands: `create`, `start`,
 * `nominate`, `approve`, `open`, `invite`, `submit`, `draft`, `decline`,
 * `status`, `close`, `publish`, `results`, `appeal`, `escalate`, `appeals`, `decide`.
 * Each takes `--as <userId>` and `--json`; a rater's commands take
 * `--token <invitation>` instead for an external rater.
 */
export function registerReviewCommand(program: Command, context: CliContext): Command {
  const zhHelp = context.helpLocale === 'zh-CN';
  const review = program
    .command('review')
    .description(zhHelp ? '创建并运行 360 度考核周期' : 'Create and run a 360° review cycle');

  const asOption = (command: Command) =>
    command
      .option('--as <userId>', 'act as a user you manage (you are KAMKIT_OPERATOR)')
      .option('--json', 'print JSON');

  asOption(
    review
      .command('create')
      .description(zhHelp ? '创建考核周期（管理员）' : 'Create a cycle (administrators)')
      .argument('<cycleId>', 'id of the new cycle')
      .requiredOption('--name <name>', 'the cycle’s name')
      .requiredOption('--period <label>', 'the period it covers, e.g. 2026-H1')
      .option('--model <id>', 'competency model: a preset or a model of review360.models', 'annual-review')
      .option(
        '--weights <preset>',
        `relation weights: ${RELATION_WEIGHT_PRESETS.join(', ')}`,
        'annual-review',
      )
      .requiredOption('--subject <userId>', 'a member of staff to review (repeat for several)', collect)
      .option('--rating-ends <date>', 'last day to submit, YYYY-MM-DD (default: in 14 days)')
      .option(
        '--trim-from <n>',
        'groups of at least this many raters drop the highest and lowest rating of each item',
        '5',
      ),
  ).action(
    async (
      cycleId: string,
      flags: {
        name: string;
        period: string;
        model: string;
        weights: string;
        subject: string[];
        ratingEnds?: string;
        trimFrom: string;
        as?: string;
        json?: boolean;
      },
    ) =>
      withSession(context, flags.as, async ({ engine, store, config, user, zh }) => {
        const today = localDate(new Date(), config.timeZone);
        const ratingEnds = dateOption(
          flags.ratingEnds ?? addDays(today, 14),
          '--rating-ends',
          config.timeZone,
          new Date(),
        );
        const subjects = [];
        for (const userId of flags.subject) subjects.push(await staffSubject(store, userId));
        const minCount = countOption(flags.trimFrom, '--trim-from');
        const cycle = await engine.createCycle(
          {
            id: cycleId,
            name: flags.name,
            period: flags.period,
            modelId: flags.model,
            weights: relationWeightsPreset(flags.weights),
            aggregation: { method: 'trimmed-mean', minCount, trim: 1 },
            schedule: {
              nominationStarts: today,
              ratingStarts: today,
              ratingEnds,
              publishOn: addDays(ratingEnds, 1),
            },
            subjects,
          },
          user,
        );
        context.write(
          flags.json
            ? json(cycle)
            : zh
              ? `已创建考核周期 ${cycle.id}（${cycle.name}，模型 ${cycle.modelId}，${cycle.subjects.length} 名被评价人）。下一步：kamkit review start ${cycle.id}\n`
              : `Created cycle ${cycle.id} (${cycle.name}, model ${cycle.modelId}, ${cycle.subjects.length} subjects). Next: kamkit review start ${cycle.id}\n`,
        );
      }),
  );

  for (const step of TRANSITIONS) {
    asOption(
      review
        .command(step.name)
        .description(zhHelp ? step.zh : step.en)
        .argument('<cycleId>', 'the cycle'),
    ).action(async (cycleId: string, flags: { as?: string; json?: boolean }) =>
      withSession(context, flags.as, async ({ engine, user, zh }) => {
        const cycle = await engine.transition(cycleId, step.to, user);
        context.write(
          flags.json
            ? json({ cycleId: cycle.id, state: cycle.state })
            : zh
              ? `考核周期 ${cycle.id} 现为：${cycle.state}\n`
              : `Cycle ${cycle.id} is now ${cycle.state}\n`,
        );
      }),
    );
  }

  asOption(
    review
      .command('nominate')
      .description(
        zhHelp
          ? '提名评价人：被评价人本人提名（待上级批准），上级或管理员直接添加'
          : 'Nominate a rater: the subject proposes (for approval), a supervisor or admin adds directly',
      )
      .argument('<cycleId>', 'the cycle')
      .requiredOption('--subject <subjectId>', 'who is reviewed')
      .requiredOption('--relation <relation>', RELATIONS.join(' | '))
      .option('--rater <userId>', 'a member of staff who rates')
      .option('--name <name>', 'an external rater’s name (with --contact)')
      .option('--contact <contact>', 'an external rater’s e-mail or phone'),
  ).action(
    async (
      cycleId: string,
      flags: {
        subject: string;
        relation: string;
        rater?: string;
        name?: string;
        contact?: string;
        as?: string;
        json?: boolean;
      },
    ) =>
      withSession(context, flags.as, async ({ engine, store, user, zh }) => {
        let proposal: RaterProposalInput;
        const relation = flags.relation as Relation;
        if (flags.rater !== undefined) {
          const rater = await store.getUser(flags.rater);
          if (!rater) throw notFound('用户 / user', flags.rater);
          proposal = {
            name: rater.name,
            contact: rater.email ?? rater.id,
            relation,
            userId: rater.id,
          };
        } else if (flags.name !== undefined && flags.contact !== undefined) {
          proposal = { name: flags.name, contact: flags.contact, relation, userId: null };
        } else {
          throw new KamError({
            code: KAM_ERROR_CODES.INVALID_INPUT,
            path: '--rater',
            message: {
              'zh-CN': '请用 --rater <用户编号>，或 --name 与 --contact（外部评价人）',
              en: 'Give --rater <userId>, or --name and --contact for an external rater',
            },
          });
        }
        const cycle = await engine.getCycle(cycleId);
        const subject = cycle.subjects.find((candidate) => candidate.id === flags.subject);
        const isSubject =
          subject !== undefined && (subject.kind === 'staff' ? subject.userId : subject.ownerId) === user.id;
        const nominations = isSubject
          ? await engine.proposeRaters(cycleId, flags.subject, [proposal], user)
          : [await engine.addRater(cycleId, flags.subject, proposal, user)];
        const nomination = nominations[0]!;
        context.write(
          flags.json
            ? json(nomination)
            : zh
              ? `已提名 ${nomination.rater.name}（${nomination.relation}）评价 ${flags.subject}：${nomination.id}，状态 ${nomination.status}\n`
              : `Nominated ${nomination.rater.name} (${nomination.relation}) to rate ${flags.subject}: ${nomination.id}, ${nomination.status}\n`,
        );
      }),
  );

  asOption(
    review
      .command('approve')
      .description(
        zhHelp
          ? '批准被评价人提名的评价人（上级或管理员）'
          : 'Approve a proposed rater (supervisor or admin)',
      )
      .argument('<nominationId>', 'the nomination'),
  ).action(async (nominationId: string, flags: { as?: string; json?: boolean }) =>
    withSession(context, flags.as, async ({ engine, user, zh }) => {
      const nomination = await engine.reviewNomination(nominationId, { action: 'approve' }, user);
      context.write(
        flags.json
          ? json(nomination)
          : zh
            ? `已批准：${nomination.rater.name} 评价 ${nomination.subjectId}\n`
            : `Approved: ${nomination.rater.name} rates ${nomination.subjectId}\n`,
      );
    }),
  );

  asOption(
    review
      .command('invite')
      .description(
        zhHelp
          ? '为已批准的外部评价人生成邀请码'
          : 'Create an invitation token for an approved external rater',
      )
      .argument('<nominationId>', 'the nomination'),
  ).action(async (nominationId: string, flags: { as?: string; json?: boolean }) =>
    withSession(context, flags.as, async ({ engine, user, zh }) => {
      const invitation = await engine.invite(nominationId, user);
      context.write(
        flags.json
          ? json(invitation)
          : zh
            ? `邀请码：${invitation.token}（有效至 ${invitation.expiresAt}）\n`
            : `Invitation token: ${invitation.token} (valid until ${invitation.expiresAt})\n`,
      );
    }),
  );

  const raterOptions = (command: Command) =>
    asOption(
      command
        .argument('[cycleId]', 'the cycle (not needed with --token)')
        .option('--subject <subjectId>', 'who is reviewed')
        .option('--token <token>', 'an external rater’s invitation token (instead of --subject and --as)')
        .option('--rater <userId>', 'the rater (default: --as)'),
    );

  for (const status of ['submitted', 'draft'] as const)
    raterOptions(
      review
        .command(status === 'submitted' ? 'submit' : 'draft')
        .description(
          status === 'submitted'
            ? zhHelp
              ? '提交评分（评价人本人，或外部评价人凭邀请码）'
              : 'Submit a review (the rater, or an external rater with a token)'
            : zhHelp
              ? '保存草稿（可只答部分题目，之后继续）'
              : 'Save a draft (some items may be unanswered; resume later)',
        )
        .requiredOption(
          '--file <path>',
          'answers as JSON or YAML: { answers: { itemId: score }, comments: { … } }',
        ),
    ).action(async (cycleId: string | undefined, flags: RaterFlags & { file: string }) =>
      asRater(context, cycleId, flags, async ({ engine, zh }, target) => {
        const input = (await readConfigFile(flags.file, {
          'zh-CN': '评分答案',
          en: 'answers',
        })) as SubmissionInput;
        if (status === 'draft') {
          const draft = await engine.saveDraft(target.nominationId, input, target.rater);
          context.write(
            flags.json
              ? json({ cycleId: draft.cycleId, nominationId: draft.nominationId, status: draft.status })
              : zh
                ? `已保存对 ${target.subjectId} 的评价草稿；之后可继续修改或提交。\n`
                : `Saved a draft of the review of ${target.subjectId}; change it or submit it later.\n`,
          );
          return;
        }
        const outcome = await engine.submit(target.nominationId, input, target.rater);
        context.write(
          flags.json
            ? json({
                cycleId: outcome.submission.cycleId,
                subjectId: target.subjectId,
                nominationId: target.nominationId,
                changed: outcome.changed,
                version: outcome.submission.version,
              })
            : zh
              ? `已提交对 ${target.subjectId} 的评价${outcome.changed ? '' : '（内容未变）'}。\n`
              : `Submitted the review of ${target.subjectId}${outcome.changed ? '' : ' (unchanged)'}.\n`,
        );
      }),
    );

  raterOptions(
    review
      .command('decline')
      .description(
        zhHelp ? '拒绝评价（评价人本人，须说明理由）' : 'Decline to review (the rater, with a reason)',
      )
      .requiredOption('--reason <text>', 'why you decline'),
  ).action(async (cycleId: string | undefined, flags: RaterFlags & { reason: string }) =>
    asRater(context, cycleId, flags, async ({ engine, zh }, target) => {
      const nomination = await engine.decline(target.nominationId, flags.reason, target.rater);
      context.write(
        flags.json
          ? json({ nominationId: nomination.id, cycleId: nomination.cycleId, status: nomination.status })
          : zh
            ? `已拒绝对 ${target.subjectId} 的评价。\n`
            : `Declined the review of ${target.subjectId}.\n`,
      );
    }),
  );

  asOption(
    review
      .command('appeal')
      .description(
        zhHelp
          ? '对已发布的结果提出申诉（被评价人本人）'
          : 'Appeal a published result (the subject themselves)',
      )
      .argument('<cycleId>', 'the cycle')
      .requiredOption('--subject <subjectId>', 'your subject id in the cycle')
      .requiredOption('--reason <text>', 'why you appeal'),
  ).action(async (cycleId: string, flags: { subject: string; reason: string; as?: string; json?: boolean }) =>
    withSession(context, flags.as, async ({ engine, user, zh }) => {
      const appeal = await engine.fileAppeal(cycleId, flags.subject, flags.reason, user);
      context.write(
        flags.json
          ? json(appeal)
          : zh
            ? `已提交申诉 ${appeal.id}；裁决前考核周期处于申诉中。\n`
            : `Filed appeal ${appeal.id}; the cycle is under appeal until it is decided.\n`,
      );
    }),
  );

  asOption(
    review
      .command('escalate')
      .description(
        zhHelp
          ? '把已裁决的申诉提交考核领导小组（被评价人本人，仅一次；领导小组的裁决为最终裁决）'
          : 'Escalate a decided appeal to the review committee (the subject, once; the committee rules last)',
      )
      .argument('<appealId>', 'the decided first-level appeal')
      .requiredOption('--reason <text>', 'why you escalate'),
  ).action(async (appealId: string, flags: { reason: string; as?: string; json?: boolean }) =>
    withSession(context, flags.as, async ({ engine, user, zh }) => {
      const appeal = await engine.escalateAppeal(appealId, flags.reason, user);
      context.write(
        flags.json
          ? json(appeal)
          : zh
            ? `已将申诉提交考核领导小组：${appeal.id}；领导小组的裁决为最终裁决。\n`
            : `Escalated to the review committee as appeal ${appeal.id}; the committee's decision is final.\n`,
      );
    }),
  );

  asOption(
    review
      .command('appeals')
      .description(
        zhHelp
          ? '列出考核周期的申诉（管理员；考核领导小组：升级的申诉）'
          : 'List the appeals of a cycle (administrators; the committee: escalated appeals)',
      )
      .argument('<cycleId>', 'the cycle'),
  ).action(async (cycleId: string, flags: { as?: string; json?: boolean }) =>
    withSession(context, flags.as, async ({ engine, user, zh }) => {
      const appeals = await engine.listAppeals(cycleId, user);
      if (flags.json) {
        context.write(json(appeals));
        return;
      }
      if (appeals.length === 0) {
        context.write(zh ? '没有申诉。\n' : 'No appeals.\n');
        return;
      }
      const line = (appeal: Appeal) => {
        const level = appealLevel(appeal);
        const voided = appeal.voided?.length ?? 0;
        const extra = [
          zh ? `第 ${level} 级` : `level ${level}`,
          ...(appeal.escalates ? [zh ? `升级自 ${appeal.escalates}` : `escalates ${appeal.escalates}`] : []),
          ...(voided > 0 ? [zh ? `作废 ${voided} 份评分` : `${voided} voided`] : []),
        ];
        return `${appeal.id}  ${appeal.subjectId}  ${appeal.status}  (${extra.join(zh ? '，' : ', ')})  ${appeal.reason}`;
      };
      context.write(`${appeals.map(line).join('\n')}\n`);
    }),
  );

  asOption(
    review
      .command('decide')
      .description(
        zhHelp
          ? '裁决申诉（第一级：管理员；升级的申诉：考核领导小组）：驳回，或支持并可作废有争议的评分、重新计算'
          : 'Decide an appeal (first level: administrators; escalated: the committee): reject, or uphold and optionally void disputed ratings and recompute',
      )
      .argument('<appealId>', 'the appeal')
      .addOption(
        new Option('--outcome <outcome>', 'upheld or rejected')
          .choices(['upheld', 'rejected'])
          .makeOptionMandatory(),
      )
      .requiredOption('--reason <text>', 'the decision’s reason (audited)')
      .option('--recompute', 'when upheld: recompute the subject’s result')
      .option(
        '--void <nominationId...>',
        'when upheld: void the submitted rating of these nominations (as printed by review nominate); recomputes',
      ),
  ).action(
    async (
      appealId: string,
      flags: {
        outcome: 'upheld' | 'rejected';
        reason: string;
        recompute?: boolean;
        void?: string[];
        as?: string;
        json?: boolean;
      },
    ) =>
      withSession(context, flags.as, async ({ engine, user, zh }) => {
        const decided = await engine.decideAppeal(
          appealId,
          {
            outcome: flags.outcome,
            reason: flags.reason,
            ...(flags.recompute ? { recompute: {} } : {}),
            ...(flags.void ? { void: flags.void } : {}),
          },
          user,
        );
        const voided = decided.appeal.voided?.length ?? 0;
        const final = appealLevel(decided.appeal) === 2;
        context.write(
          flags.json
            ? json({ appeal: decided.appeal, resultVersion: decided.result?.version ?? null })
            : zh
              ? `申诉 ${decided.appeal.id} 已${final ? '由考核领导小组终裁' : '裁决'}：${decided.appeal.status === 'upheld' ? '支持' : '驳回'}${voided > 0 ? `，作废 ${voided} 份评分` : ''}${decided.result ? `，结果已重算（第 ${decided.result.version} 版）` : ''}。\n`
              : `Appeal ${decided.appeal.id} decided${final ? ' by the committee, finally' : ''}: ${decided.appeal.status}${voided > 0 ? `, ${voided} ${voided === 1 ? 'rating' : 'ratings'} voided` : ''}${decided.result ? `, result recomputed (version ${decided.result.version})` : ''}.\n`,
        );
      }),
  );

  asOption(
    review
      .command('status')
      .description(
        zhHelp ? '考核进度（只有人数，不列评价人）' : 'Progress of a cycle (counts only, no raters named)',
      )
      .argument('<cycleId>', 'the cycle'),
  ).action(async (cycleId: string, flags: { as?: string; json?: boolean }) =>
    withSession(context, flags.as, async ({ engine, user, zh }) => {
      const cycle = await engine.getCycle(cycleId);
      const progress = await engine.progress(cycleId, user);
      if (flags.json) {
        context.write(json({ ...progress, state: cycle.state }));
        return;
      }
      const counts = (entry: typeof progress.total) =>
        zh
          ? `评价人 ${entry.raters}，已提交 ${entry.submitted}，进行中 ${entry.inProgress}，未开始 ${entry.notStarted}，已拒绝 ${entry.declined}`
          : `${entry.raters} raters, ${entry.submitted} submitted, ${entry.inProgress} in progress, ${entry.notStarted} not started, ${entry.declined} declined`;
      const lines = [
        `${cycle.name} (${cycle.id}): ${cycle.state}`,
        `  ${zh ? '合计' : 'Total'}: ${counts(progress.total)}`,
        ...progress.subjects.map((entry) => `  ${entry.subjectId}: ${counts(entry.counts)}`),
      ];
      context.write(`${lines.join('\n')}\n`);
    }),
  );

  asOption(
    review
      .command('results')
      .description(
        zhHelp
          ? '查看已发布的结果（仅限被评价人、上级和部门负责人）'
          : 'Read published results (only the subject, supervisor and department head)',
      )
      .argument('<cycleId>', 'the cycle')
      .option('--subject <subjectId>', 'one subject (default: every subject you may read)'),
  ).action(async (cycleId: string, flags: { subject?: string; as?: string; json?: boolean }) =>
    withSession(context, flags.as, async ({ engine, config, user, zh }) => {
      const results: SubjectResult[] = [];
      if (flags.subject !== undefined) {
        results.push(await engine.readResult(cycleId, flags.subject, user));
      } else {
        const cycle = await engine.getCycle(cycleId);
        for (const subject of cycle.subjects) {
          try {
            results.push(await engine.readResult(cycleId, subject.id, user));
          } catch (error) {
            if (!isKamError(error) || error.code !== KAM_ERROR_CODES.NOT_FOUND) throw error;
          }
        }
        if (results.length === 0) throw notFound('360 度结果 / 360° result', cycleId);
      }
      if (flags.json) {
        context.write(json({ cycleId, results }));
        return;
      }
      const { locale } = config;
      const score = (value: number | null) =>
        value === null ? '—' : formatNumber(value, { decimals: 2, fixed: true });
      const lines: string[] = [];
      for (const result of results) {
        lines.push(
          `${result.subjectId}: ${score(result.overall.score)}${result.overall.grade ? ` (${result.overall.grade.label[locale]})` : ''} [${result.overall.status}]`,
        );
        for (const group of result.groups)
          lines.push(
            `  ${group.name[locale]}: ${group.status === 'shown' ? `${score(group.score)} (${group.raterCount} ${zh ? '人' : 'raters'})` : group.status}`,
          );
        for (const dimension of result.dimensions)
          lines.push(`  · ${dimension.name[locale]}: ${score(dimension.score)}`);
        for (const note of result.notes) lines.push(`  ${zh ? '说明' : 'Note'}: ${note[locale]}`);
      }
      context.write(`${lines.join('\n')}\n`);
    }),
  );

  return review;
}
