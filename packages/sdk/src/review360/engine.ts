/**
 * The 360° engine: cycles, nominations, invitations, submissions, results,
 * appeals and reminders over a {@link ReviewRepository}, with every
 * permission check in one place. Pure computation lives in the other files;
 * this file adds identity, state checks, persistence and audit.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { AccessPolicy } from '../access/permissions.js';
import { principalOf } from '../authz/principal.js';
import type { User } from '../domain/user.js';
import { parseWith } from '../errors/from-zod.js';
import { KAM_ERROR_CODES, KamError, type LocalisedText, notFound } from '../errors/kam-error.js';
import { portfolioSatisfaction } from '../satisfaction/satisfaction-index.js';
import { type SurveyDefinition, surveyPresets } from '../satisfaction/survey.js';
import type { AuditEntry, AuditFilter, Store } from '../store/port.js';
import {
  administersSubject,
  assertCanReadResult,
  canReadResult,
  onCommitteeFor,
  type Review360Directory,
  resultNotFound,
  review360AdminScope,
  review360CommitteeScope,
} from './access.js';
import { type Aggregation, type AggregationInput, AggregationSchema } from './aggregation.js';
import { type Appeal, appealLevel } from './appeal.js';
import {
  assertCycleState,
  type Cycle,
  type CycleInput,
  type CycleState,
  copyCycle,
  loadCycle,
  type Subject,
  subjectPersonId,
  transitionCycle,
} from './cycle.js';
import type { CompetencyModel } from './model.js';
import {
  createInvitation,
  hashInvitationToken,
  type Nomination,
  type NominationStatus,
  type RaterProposal,
  type RaterProposalInput,
  RaterProposalSchema,
  raterKeyOf,
} from './nomination.js';
import { COMPETENCY_MODEL_PRESETS, competencyModelPreset } from './presets.js';
import { groupIndexOf } from './relations.js';
import { type CycleProgress, cycleProgress, type ReminderEvent, reminderEvents } from './reminders.js';
import type { NewAuditEntry, ReviewRepository, StoredResult } from './repository.js';
import {
  type CycleResults,
  computeCycleResults,
  type EventTallies,
  type OutlierFlag,
  type SatisfactionFigures,
  type SubjectResult,
  type SubjectSatisfaction,
} from './results.js';
import { type Submission, type SubmissionInput, submissionHash, validateAnswers } from './submission.js';

/** Who is writing a review: a signed-in staff member, or an external rater holding an invitation token. */
export type RaterIdentity = { user: User } | { token: string };

/** Options of {@link createReview360Engine}. */
export interface Review360EngineOptions {
  repository: ReviewRepository;
  /**
   * When given, audit entries go to `store.appendAudit`; otherwise to the
   * repository's audit trail. A full store also tells which division a
   * subject belongs to (see `directory`).
   */
  store?: Pick<Store, 'appendAudit' | 'listAudit'> &
    Partial<Review360Directory> &
    Partial<Pick<Store, 'listAccounts' | 'listSurveyResponses'>>;
  /**
   * Where subjects' users and accounts are read to place them in a division
   * (default: `store` when it has `getUser` and `getAccount`). Without one, a
   * division-scoped 360° admin administers no subject.
   */
  directory?: Review360Directory;
  /** The access policy whose `review360.admin` row says who administers 360° reviews, and where. */
  policy?: AccessPolicy;
  /**
   * The surveys responses are scored by, for models that blend in the
   * satisfaction index (default: the shipped `surveyPresets()`). The
   * responses themselves are read from `store` under the acting admin's
   * `account.read` rights.
   */
  surveys?: readonly SurveyDefinition[];
  /** Extra competency models by id (the presets are always available). */
  models?: readonly CompetencyModel[];
  /** Clock (default `() => new Date()`); tests pass a fixed one. */
  now?: () => Date;
  /** Id generator for nominations and appeals (default `crypto.randomUUID`). */
  generateId?: () => string;
  /** Source of random bytes for invitation tokens (default `crypto.randomBytes`). */
  randomBytes?: (size: number) => Uint8Array;
  /** Organisation time zone for deadlines (default Asia/Shanghai). */
  timeZone?: string;
}

/** The 360° engine; see {@link createReview360Engine}. */
export type Review360Engine = ReturnType<typeof createReview360Engine>;

const forbidden = (message: LocalisedText) => new KamError({ code: KAM_ERROR_CODES.FORBIDDEN, message });
/** An appeal that is missing or out of the caller's reach: the two read the same. */
const appealNotFound = (id: string) => notFound('申诉 / appeal', id);
const noAppealRights = () =>
  forbidden({
    'zh-CN': '只有 360 度考核管理员或考核领导小组可以这样做',
    en: 'Only a 360° administrator or the review committee may do this',
  });
const adminOnly = () =>
  forbidden({ 'zh-CN': '只有 360 度考核管理员可以这样做', en: 'Only a 360° administrator may do this' });
/** The audit actor of a rater's own writes: raters stay anonymous in the audit trail. */
const RATER_ACTOR = 'review360-rater';
/** A nomination's state as said to its rater, in each locale. */
const NOMINATION_STATUS_TEXT: Record<NominationStatus, LocalisedText> = {
  proposed: { 'zh-CN': '尚待批准', en: 'is not approved yet' },
  approved: { 'zh-CN': '已批准', en: 'is approved' },
  rejected: { 'zh-CN': '未获批准', en: 'was not approved' },
  declined: { 'zh-CN': '已被你拒绝', en: 'was declined' },
  replaced: { 'zh-CN': '已改由他人评价', en: 'was given to another rater' },
};
/** A nomination the rater may not see, or that does not exist: no id (a UUID helps nobody), one language per message. */
const nominationNotFound = (_id: string) =>
  new KamError({
    code: KAM_ERROR_CODES.NOT_FOUND,
    path: 'nominationId',
    message: {
      'zh-CN': '未找到这份评价：它可能已撤销、所在周期已关闭，或不是发给你的。',
      en: 'That review was not found: it may have been withdrawn, its cycle closed, or it is not yours.',
    },
  });

/**
 * Create the 360° engine.
 *
 * @example
 * ```ts
 * const engine = createReview360Engine({ repository: createMemoryReviewRepository() });
 * await engine.createCycle({ id: 'c1', name: '2026 H1', period: '2026-H1', modelId: 'dcfin-27',
 *   weights: relationWeightsPreset('annual-review'), schedule, subjects }, hr);
 * await engine.transition('c1', 'nominating', hr);
 * await engine.proposeRaters('c1', 's1', [{ name: '李四', contact: 'li@x.cn', relation: 'peer', userId: 'u-li' }], zhang);
 * // … approve, open, submit, close …
 * await engine.transition('c1', 'published', hr);
 * const result = await engine.readResult('c1', 's1', zhang);
 * ```
 */
export function createReview360Engine(options: Review360EngineOptions) {
  const { repository } = options;
  const now = options.now ?? (() => new Date());
  const generateId = options.generateId ?? randomUUID;
  const models = new Map<string, CompetencyModel>((options.models ?? []).map((model) => [model.id, model]));
  const directory: Review360Directory | undefined =
    options.directory ??
    (options.store?.getUser && options.store.getAccount ? (options.store as Review360Directory) : undefined);
  const rights = { directory, ...(options.policy ? { policy: options.policy } : {}) };

  function modelOf(modelId: string): CompetencyModel {
    const registered = models.get(modelId);
    if (registered) return registered;
    if ((COMPETENCY_MODEL_PRESETS as readonly string[]).includes(modelId))
      return competencyModelPreset(modelId);
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path: 'modelId',
      message: { 'zh-CN': `未知的能力模型：${modelId}`, en: `Unknown competency model: ${modelId}` },
    });
  }

  async function audit(entry: NewAuditEntry): Promise<AuditEntry> {
    const at = entry.at ?? now().toISOString();
    return options.store
      ? options.store.appendAudit({ ...entry, at })
      : repository.appendAudit({ ...entry, at });
  }

  async function cycleOf(cycleId: string): Promise<Cycle> {
    const cycle = await repository.getCycle(cycleId);
    if (!cycle) throw notFound('360 度考核周期 / 360° cycle', cycleId);
    return cycle;
  }

  function subjectOf(cycle: Cycle, subjectId: string): Subject {
    const subject = cycle.subjects.find((candidate) => candidate.id === subjectId);
    if (!subject) throw notFound('被评价人 / subject', `${cycle.id}/${subjectId}`);
    return subject;
  }

  /** Whether `actor` administers `subject` (an `all` admin, or a division admin of its division). */
  function administers(actor: User, subject: Subject): Promise<boolean> {
    return administersSubject(actor, subject, rights);
  }

  /** Whether `actor` administers every subject of `subjects` (a whole cycle). */
  async function administersAll(actor: User, subjects: readonly Subject[]): Promise<boolean> {
    const scope = review360AdminScope(actor, options.policy);
    if (scope === 'all') return true;
    if (scope === 'none') return false;
    for (const subject of subjects) if (!(await administers(actor, subject))) return false;
    return true;
  }

  /** Cycle-wide acts: an admin whose reach covers every subject of the cycle. */
  async function assertAdminOf(actor: User, subjects: readonly Subject[]): Promise<void> {
    if (!(await administersAll(actor, subjects))) throw adminOnly();
  }

  /** The supervisor of the subject, or an admin of it, may manage its raters. */
  async function managesRaters(actor: User, subject: Subject): Promise<boolean> {
    return (actor.status === 'active' && subject.supervisorId === actor.id) || administers(actor, subject);
  }

  /**
   * A nomination the actor may see (its subject's person, supervisor, an admin
   * of the subject, or its rater); anyone else gets the same NOT_FOUND as for
   * a nomination that does not exist.
   */
  async function nominationSeenBy(
    nominationId: string,
    actor: User,
  ): Promise<{ nomination: Nomination; cycle: Cycle; subject: Subject }> {
    const nomination = await repository.getNomination(nominationId);
    if (!nomination) throw nominationNotFound(nominationId);
    const cycle = await repository.getCycle(nomination.cycleId);
    const subject = cycle?.subjects.find((candidate) => candidate.id === nomination.subjectId);
    if (!cycle || !subject) throw nominationNotFound(nominationId);
    const sees =
      actor.status === 'active' &&
      (subjectPersonId(subject) === actor.id ||
        subject.supervisorId === actor.id ||
        nomination.rater.userId === actor.id ||
        (await administers(actor, subject)));
    if (!sees) throw nominationNotFound(nominationId);
    return { nomination, cycle, subject };
  }

  /** True when an audit entry of a 360° action concerns only subjects `actor` administers. */
  async function entryInReach(entry: AuditEntry, actor: User): Promise<boolean> {
    if (review360AdminScope(actor, options.policy) === 'all') return true;
    const subjectsOf = async (cycleId: string, subjectId?: string): Promise<Subject[] | undefined> => {
      const cycle = await repository.getCycle(cycleId);
      if (!cycle) return undefined;
      return subjectId === undefined
        ? cycle.subjects
        : cycle.subjects.filter((subject) => subject.id === subjectId);
    };
    let subjects: Subject[] | undefined;
    if (entry.entity === 'review360-cycle') subjects = await subjectsOf(entry.entityId);
    else if (entry.entity === 'review360-result') {
      const [cycleId = '', subjectId = ''] = entry.entityId.split('/');
      subjects = await subjectsOf(cycleId, subjectId);
    } else if (entry.entity === 'review360-appeal') {
      const appeal = await repository.getAppeal(entry.entityId);
      subjects = appeal ? await subjectsOf(appeal.cycleId, appeal.subjectId) : undefined;
    } else if (entry.entity === 'review360-nomination') {
      const nomination = await repository.getNomination(entry.entityId);
      subjects = nomination ? await subjectsOf(nomination.cycleId, nomination.subjectId) : undefined;
    }
    return subjects !== undefined && subjects.length > 0 && (await administersAll(actor, subjects));
  }

  async function assertUnderCap(cycle: Cycle, raterKey: string): Promise<void> {
    const approved = (await repository.listNominations(cycle.id, { raterKey })).filter(
      (nomination) => nomination.status === 'approved',
    );
    if (approved.length >= cycle.maxReviewsPerRater)
      throw new KamError({
        code: KAM_ERROR_CODES.CONFLICT,
        path: 'rater',
        message: {
          'zh-CN': `该评价人在本周期已有 ${approved.length} 份评价，达到上限 ${cycle.maxReviewsPerRater}`,
          en: `This rater already has ${approved.length} reviews in the cycle, the cap is ${cycle.maxReviewsPerRater}`,
        },
      });
  }

  function assertWeighed(cycle: Cycle, proposal: RaterProposal, path: string): void {
    if (groupIndexOf(cycle.weights, proposal.relation) < 0)
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_INPUT,
        path: `${path}.relation`,
        message: {
          'zh-CN': `本周期的权重方案不包含关系「${proposal.relation}」`,
          en: `The cycle's weight scheme has no group for relation ${proposal.relation}`,
        },
      });
  }

  function newNomination(
    cycle: Cycle,
    subject: Subject,
    proposal: RaterProposal,
    meta: { by: string; status: Nomination['status'] },
  ): Nomination {
    const at = now().toISOString();
    return {
      id: generateId(),
      cycleId: cycle.id,
      subjectId: subject.id,
      relation: proposal.relation,
      rater: {
        userId: proposal.userId,
        name: proposal.name,
        contact: proposal.contact,
        external: proposal.userId === null,
      },
      raterKey: raterKeyOf(proposal),
      status: meta.status,
      proposedBy: meta.by,
      decidedBy: meta.status === 'approved' ? meta.by : null,
      reason: null,
      replacedBy: null,
      createdAt: at,
      updatedAt: at,
    };
  }

  async function assertNotNominated(cycle: Cycle, subjectId: string, raterKey: string, path: string) {
    const existing = (await repository.listNominations(cycle.id, { subjectId, raterKey })).filter(
      (nomination) => nomination.status === 'proposed' || nomination.status === 'approved',
    );
    if (existing.length > 0)
      throw new KamError({
        code: KAM_ERROR_CODES.CONFLICT,
        path,
        message: { 'zh-CN': '该评价人已被提名', en: 'This rater is already nominated' },
      });
  }

  /** Resolve who is writing to a nomination; anyone but its rater gets NOT_FOUND. */
  async function nominationOfRater(nominationId: string, rater: RaterIdentity): Promise<Nomination> {
    const nomination = await repository.getNomination(nominationId);
    if (!nomination) throw nominationNotFound(nominationId);
    if ('user' in rater) {
      if (rater.user.status !== 'active' || nomination.rater.userId !== rater.user.id)
        throw nominationNotFound(nominationId);
      return nomination;
    }
    const invitation = await repository.findInvitation(hashInvitationToken(rater.token));
    if (!invitation || invitation.nominationId !== nominationId) throw nominationNotFound(nominationId);
    if (invitation.expiresAt <= now().toISOString())
      throw new KamError({
        code: KAM_ERROR_CODES.FORBIDDEN,
        message: { 'zh-CN': '邀请链接已过期', en: 'The invitation has expired' },
      });
    return nomination;
  }

  /** Throw `INVALID_CONFIG` when `model` blends in satisfaction and the engine has no store to read it from. */
  function assertSatisfactionSource(model: CompetencyModel): void {
    const store = options.store;
    if (!model.satisfaction || (store?.listSurveyResponses && store.listAccounts && store.getUser)) return;
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path: 'modelId',
      message: {
        'zh-CN': `能力模型 ${model.id} 计入客户满意度指数，需要给 360 度引擎一个可读取满意度问卷的存储（store）`,
        en: `Competency model ${model.id} blends in the satisfaction index; give the 360° engine a store to read survey responses from`,
      },
    });
  }

  /**
   * The satisfaction index of each subject, for a model that blends it in:
   * a key-account subject's account, the accounts a staff subject owns (A or
   * B), cut to the accounts `actor` may read (`account.read`) — a division
   * admin never pulls another division's figures. The window ends on the
   * cycle's last rating day, so a recomputation reads the same window.
   */
  async function satisfactionFigures(
    cycle: Cycle,
    model: CompetencyModel,
    actor: User,
  ): Promise<SatisfactionFigures | undefined> {
    if (!model.satisfaction) return undefined;
    assertSatisfactionSource(model);
    const store = options.store as Required<NonNullable<Review360EngineOptions['store']>>;
    const principal = principalOf(store, actor, options.policy ? { policy: options.policy } : {});
    const visible = await principal.visibleAccountIds('account.read');
    const asOf = cycle.schedule.ratingEnds;
    const surveys = options.surveys ?? surveyPresets();
    const figures: Record<string, SubjectSatisfaction> = {};
    for (const subject of cycle.subjects) {
      const owned =
        subject.kind === 'key-account'
          ? [subject.accountId]
          : (await store.listAccounts({ ownerId: subject.userId })).map((account) => account.id);
      const accountIds = visible === undefined ? owned : owned.filter((id) => visible.has(id));
      const responses = accountIds.length === 0 ? [] : await store.listSurveyResponses({ accountIds });
      const index = portfolioSatisfaction(responses, {
        surveys,
        today: asOf,
        accountIds,
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      });
      figures[subject.id] = {
        index: index && {
          value: index.value,
          display: index.display,
          responses: index.responses,
          accounts: index.accounts,
        },
        asOf,
      };
    }
    return figures;
  }

  /** Nomination ids whose ratings decided appeals of the cycle voided. */
  async function voidedNominations(cycleId: string): Promise<Set<string>> {
    const voided = new Set<string>();
    for (const appeal of await repository.listAppeals(cycleId))
      if (appeal.status === 'upheld') for (const id of appeal.voided ?? []) voided.add(id);
    return voided;
  }

  /**
   * Every subject's results from the submitted ratings of approved raters,
   * less the ratings voided on appeal (counted per subject for the note).
   */
  async function resultsOf(
    cycle: Cycle,
    extra: {
      aggregation?: Aggregation;
      events?: EventTallies | undefined;
      satisfaction?: SatisfactionFigures | undefined;
      voided?: ReadonlySet<string>;
    },
  ): Promise<CycleResults> {
    const model = modelOf(cycle.modelId);
    const submissions = await repository.listSubmissions(cycle.id, { status: 'submitted' });
    const approved = new Set(
      (await repository.listNominations(cycle.id))
        .filter((nomination) => nomination.status === 'approved')
        .map((nomination) => nomination.id),
    );
    const voided = extra.voided ?? (await voidedNominations(cycle.id));
    const counted: Submission[] = [];
    const voidedPerSubject: Record<string, number> = {};
    for (const submission of submissions) {
      if (!approved.has(submission.nominationId)) continue;
      if (voided.has(submission.nominationId))
        voidedPerSubject[submission.subjectId] = (voidedPerSubject[submission.subjectId] ?? 0) + 1;
      else counted.push(submission);
    }
    return computeCycleResults({
      cycle: extra.aggregation ? { ...cycle, aggregation: extra.aggregation } : cycle,
      model,
      submissions: counted,
      voided: voidedPerSubject,
      ...(extra.events ? { events: extra.events } : {}),
      ...(extra.satisfaction ? { satisfaction: extra.satisfaction } : {}),
    });
  }

  async function computeAll(
    cycle: Cycle,
    actor: string,
    inputs: { events?: EventTallies | undefined; satisfaction?: SatisfactionFigures | undefined },
  ): Promise<StoredResult[]> {
    const results = await resultsOf(cycle, inputs);
    const computedAt = now().toISOString();
    const stored: StoredResult[] = [];
    for (const subjectId of results.subjectIds) {
      const previous = await repository.getResult(cycle.id, subjectId);
      const entry: StoredResult = {
        cycleId: cycle.id,
        subjectId,
        version: (previous?.version ?? 0) + 1,
        computedAt,
        result: results.resultFor(subjectId),
        outlierFlags: results.outlierFlagsFor(subjectId),
      };
      await repository.saveResult(entry, { actor });
      stored.push(entry);
    }
    return stored;
  }

  async function moveCycle(cycle: Cycle, to: CycleState, actor: string): Promise<Cycle> {
    const moved = transitionCycle(cycle, to, { actor, at: now() });
    const saved = await repository.updateCycle(moved, { actor });
    await audit({
      actor,
      action: 'review360.cycle.transition',
      entity: 'review360-cycle',
      entityId: cycle.id,
      before: { state: cycle.state },
      after: { state: to },
    });
    return saved;
  }

  return {
    /** The competency model a cycle uses. */
    model: modelOf,

    /**
     * Create a cycle (as a draft). Admins only.
     *
     * @throws KamError `INVALID_CONFIG` for a bad definition or unknown model; `CONFLICT` for a used id.
     */
    async createCycle(input: CycleInput, actor: User): Promise<Cycle> {
      if (review360AdminScope(actor, options.policy) === 'none') throw adminOnly();
      const cycle = loadCycle({ ...input, state: 'draft', history: [], version: 0 });
      await assertAdminOf(actor, cycle.subjects);
      assertSatisfactionSource(modelOf(cycle.modelId));
      const created = await repository.createCycle(cycle, { actor: actor.id });
      await audit({
        actor: actor.id,
        action: 'review360.cycle.create',
        entity: 'review360-cycle',
        entityId: cycle.id,
        before: null,
        after: { modelId: cycle.modelId, weights: cycle.weights.id, subjects: cycle.subjects.length },
      });
      return created;
    },

    /** Read a cycle. @throws KamError `NOT_FOUND`. */
    getCycle: cycleOf,

    /**
     * Move a cycle along draft → nominating → open → closed → published.
     * Entering `nominating` nominates each staff subject's self and supervisor
     * (when the scheme weighs them); entering `published` computes and stores
     * every result. Admins only.
     *
     * @throws KamError `INVALID_STATE` for a transition the state machine forbids.
     */
    async transition(
      cycleId: string,
      to: CycleState,
      actor: User,
      extra: { events?: EventTallies } = {},
    ): Promise<Cycle> {
      if (review360AdminScope(actor, options.policy) === 'none') throw adminOnly();
      const cycle = await cycleOf(cycleId);
      await assertAdminOf(actor, cycle.subjects);
      if (to === 'appeal' || (cycle.state === 'appeal' && to === 'published'))
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_STATE,
          path: 'state',
          message: {
            'zh-CN': '申诉状态由提出和裁决申诉自动进入和退出',
            en: 'The appeal state is entered and left by filing and deciding appeals',
          },
        });
      // Read the figures a publication blends in before anything is written.
      const satisfaction =
        to === 'published' ? await satisfactionFigures(cycle, modelOf(cycle.modelId), actor) : undefined;
      const moved = await moveCycle(cycle, to, actor.id);
      if (to === 'nominating') {
        for (const subject of moved.subjects) {
          if (subject.kind !== 'staff') continue;
          const automatic: RaterProposal[] = [];
          if (groupIndexOf(moved.weights, 'self') >= 0)
            automatic.push({
              name: subject.name,
              contact: subject.userId,
              relation: 'self',
              userId: subject.userId,
            });
          if (subject.supervisorId !== null && groupIndexOf(moved.weights, 'supervisor') >= 0)
            automatic.push({
              name: subject.supervisorId,
              contact: subject.supervisorId,
              relation: 'supervisor',
              userId: subject.supervisorId,
            });
          for (const proposal of automatic)
            await repository.putNomination(
              newNomination(moved, subject, proposal, { by: 'system', status: 'approved' }),
              { actor: actor.id },
            );
        }
      }
      if (to === 'published') {
        const stored = await computeAll(moved, actor.id, { events: extra.events, satisfaction });
        await audit({
          actor: actor.id,
          action: 'review360.results.compute',
          entity: 'review360-cycle',
          entityId: cycleId,
          before: null,
          after: { subjects: stored.length },
        });
      }
      return moved;
    },

    /**
     * Copy a cycle for the next period (a new draft with the same model,
     * weights, rules and subjects). Admins only.
     */
    async copyCycle(cycleId: string, next: Parameters<typeof copyCycle>[1], actor: User): Promise<Cycle> {
      if (review360AdminScope(actor, options.policy) === 'none') throw adminOnly();
      const source = await cycleOf(cycleId);
      await assertAdminOf(actor, source.subjects);
      const copy = copyCycle(source, next);
      const created = await repository.createCycle(copy, { actor: actor.id });
      await audit({
        actor: actor.id,
        action: 'review360.cycle.copy',
        entity: 'review360-cycle',
        entityId: copy.id,
        before: { from: cycleId },
        after: { period: copy.period },
      });
      return created;
    },

    /**
     * The subject proposes raters (name, contact, relation) while the cycle is
     * nominating. Only the subject (or the relationship's owner) may propose.
     *
     * @throws KamError `INVALID_INPUT` naming the bad proposal; `CONFLICT` for a rater already nominated;
     *   `FORBIDDEN` for the subject's supervisor or admin; `NOT_FOUND` for anyone else (as for a missing subject).
     */
    async proposeRaters(
      cycleId: string,
      subjectId: string,
      proposals: readonly RaterProposalInput[],
      actor: User,
    ): Promise<Nomination[]> {
      const cycle = await cycleOf(cycleId);
      const subject = subjectOf(cycle, subjectId);
      if (subjectPersonId(subject) !== actor.id) {
        // A subject the actor has nothing to do with reads like one that does not exist.
        if (!(await managesRaters(actor, subject)))
          throw notFound('被评价人 / subject', `${cycle.id}/${subjectId}`);
        throw forbidden({
          'zh-CN': '只有被评价人本人可以提名评价人',
          en: 'Only the subject may propose raters',
        });
      }
      assertCycleState(cycle, ['nominating'], 'propose raters');
      const created: Nomination[] = [];
      const seen = new Set<string>();
      for (const [index, input] of proposals.entries()) {
        const proposal = parseWith(
          RaterProposalSchema,
          input,
          { 'zh-CN': `评价人提名 [${index}]`, en: `rater proposal [${index}]` },
          'INVALID_INPUT',
        );
        assertWeighed(cycle, proposal, `[${index}]`);
        const key = raterKeyOf(proposal);
        if (seen.has(key) || key === `user:${actor.id}`)
          throw new KamError({
            code: KAM_ERROR_CODES.INVALID_INPUT,
            path: `[${index}]`,
            message: {
              'zh-CN': '重复的评价人，或提名了自己',
              en: 'Duplicate rater, or the subject proposed themself',
            },
          });
        seen.add(key);
        await assertNotNominated(cycle, subjectId, key, `[${index}]`);
        created.push(newNomination(cycle, subject, proposal, { by: actor.id, status: 'proposed' }));
      }
      for (const nomination of created) await repository.putNomination(nomination, { actor: actor.id });
      return created;
    },

    /**
     * The supervisor approves, rejects or replaces a proposed rater. Approving
     * respects the cycle's cap on reviews per rater.
     *
     * @throws KamError `FORBIDDEN` for anyone but the subject's supervisor or an admin; `CONFLICT` over the cap.
     */
    async reviewNomination(
      nominationId: string,
      decision:
        | { action: 'approve' }
        | { action: 'reject'; reason: string }
        | { action: 'replace'; with: RaterProposalInput },
      actor: User,
    ): Promise<Nomination> {
      const { nomination, cycle, subject } = await nominationSeenBy(nominationId, actor);
      if (!(await managesRaters(actor, subject)))
        throw forbidden({
          'zh-CN': '只有被评价人的上级可以审核提名',
          en: "Only the subject's supervisor may review nominations",
        });
      assertCycleState(cycle, ['nominating', 'open'], 'review nominations');
      const at = now().toISOString();
      if (decision.action === 'approve') {
        if (nomination.status === 'approved') return nomination;
        await assertUnderCap(cycle, nomination.raterKey);
        const approved = { ...nomination, status: 'approved' as const, decidedBy: actor.id, updatedAt: at };
        await repository.putNomination(approved, { actor: actor.id });
        return approved;
      }
      if (decision.action === 'reject') {
        const rejected = {
          ...nomination,
          status: 'rejected' as const,
          decidedBy: actor.id,
          reason: decision.reason,
          updatedAt: at,
        };
        await repository.putNomination(rejected, { actor: actor.id, reason: decision.reason });
        return rejected;
      }
      const proposal = parseWith(
        RaterProposalSchema,
        decision.with,
        { 'zh-CN': '替换的评价人', en: 'replacement rater' },
        'INVALID_INPUT',
      );
      assertWeighed(cycle, proposal, 'with');
      await assertNotNominated(cycle, subject.id, raterKeyOf(proposal), 'with');
      await assertUnderCap(cycle, raterKeyOf(proposal));
      const replacement = newNomination(cycle, subject, proposal, { by: actor.id, status: 'approved' });
      await repository.putNomination(replacement, { actor: actor.id });
      await repository.putNomination(
        {
          ...nomination,
          status: 'replaced',
          decidedBy: actor.id,
          replacedBy: replacement.id,
          updatedAt: at,
        },
        { actor: actor.id },
      );
      return replacement;
    },

    /** The supervisor (or an admin) adds a rater directly, approved. @throws KamError `CONFLICT` over the cap. */
    async addRater(
      cycleId: string,
      subjectId: string,
      input: RaterProposalInput,
      actor: User,
    ): Promise<Nomination> {
      const cycle = await cycleOf(cycleId);
      const subject = subjectOf(cycle, subjectId);
      if (!(await managesRaters(actor, subject))) {
        // A subject the actor has nothing to do with reads like one that does not exist.
        if (subjectPersonId(subject) !== actor.id)
          throw notFound('被评价人 / subject', `${cycle.id}/${subjectId}`);
        throw forbidden({
          'zh-CN': '只有被评价人的上级可以添加评价人',
          en: "Only the subject's supervisor may add raters",
        });
      }
      assertCycleState(cycle, ['nominating', 'open'], 'add raters');
      const proposal = parseWith(
        RaterProposalSchema,
        input,
        { 'zh-CN': '评价人', en: 'rater' },
        'INVALID_INPUT',
      );
      assertWeighed(cycle, proposal, 'rater');
      await assertNotNominated(cycle, subjectId, raterKeyOf(proposal), 'rater');
      await assertUnderCap(cycle, raterKeyOf(proposal));
      const nomination = newNomination(cycle, subject, proposal, { by: actor.id, status: 'approved' });
      await repository.putNomination(nomination, { actor: actor.id });
      return nomination;
    },

    /** Nominations of a cycle (admins: all; a supervisor: their subjects'; a subject: their own proposals). */
    async listNominations(cycleId: string, actor: User): Promise<Nomination[]> {
      const cycle = await cycleOf(cycleId);
      const all = await repository.listNominations(cycleId);
      if (actor.status !== 'active') return [];
      const administered = new Set<string>();
      for (const subject of cycle.subjects)
        if (await administers(actor, subject)) administered.add(subject.id);
      return all.filter((nomination) => {
        const subject = cycle.subjects.find((candidate) => candidate.id === nomination.subjectId);
        return (
          subject !== undefined &&
          (administered.has(subject.id) ||
            subject.supervisorId === actor.id ||
            (subjectPersonId(subject) === actor.id && nomination.proposedBy === actor.id))
        );
      });
    },

    /** The reviews a staff member is asked to write in a cycle. */
    async myReviews(cycleId: string, user: User): Promise<Nomination[]> {
      return (await repository.listNominations(cycleId, { raterKey: `user:${user.id}` })).filter(
        (nomination) => nomination.status === 'approved',
      );
    },

    /**
     * A rater declines with a reason (before submitting).
     *
     * @throws KamError `NOT_FOUND` for anyone but the rater; `INVALID_STATE` after submitting.
     */
    async decline(nominationId: string, reason: string, rater: RaterIdentity): Promise<Nomination> {
      const nomination = await nominationOfRater(nominationId, rater);
      const cycle = await cycleOf(nomination.cycleId);
      assertCycleState(cycle, ['nominating', 'open'], 'decline');
      requireReason(reason, { 'zh-CN': '请说明拒绝的理由', en: 'Give a reason for declining' });
      const submission = await repository.getSubmission(cycle.id, nominationId);
      if (submission?.status === 'submitted')
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_STATE,
          message: { 'zh-CN': '已提交的评价不能拒绝', en: 'A submitted review cannot be declined' },
        });
      const declined = {
        ...nomination,
        status: 'declined' as const,
        reason: reason.trim(),
        updatedAt: now().toISOString(),
      };
      await repository.putNomination(declined, { actor: RATER_ACTOR, reason: declined.reason });
      return declined;
    },

    /**
     * Invite an external rater (customer contact): returns a random token to
     * send them; only its hash is stored. Expires after the cycle's
     * `invitationTtlDays`. Admins or the subject's supervisor.
     */
    async invite(nominationId: string, actor: User): Promise<{ token: string; expiresAt: string }> {
      const { nomination, cycle, subject } = await nominationSeenBy(nominationId, actor);
      if (!(await managesRaters(actor, subject))) throw adminOnly();
      if (!nomination.rater.external || nomination.status !== 'approved')
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_STATE,
          message: {
            'zh-CN': '只能邀请已批准的外部评价人',
            en: 'Only approved external raters are invited',
          },
        });
      const { token, invitation } = createInvitation({
        nominationId,
        cycleId: cycle.id,
        now: now(),
        ttlDays: cycle.invitationTtlDays,
        ...(options.randomBytes ? { randomBytes: options.randomBytes } : {}),
      });
      await repository.putInvitation(invitation, { actor: actor.id });
      return { token, expiresAt: invitation.expiresAt };
    },

    /**
     * What an invitation token opens: its nomination id, the subject's name and the model.
     *
     * @throws KamError `NOT_FOUND` for an unknown token; `FORBIDDEN` for an expired one.
     */
    async openInvitation(
      token: string,
    ): Promise<{ nominationId: string; subjectName: string; model: CompetencyModel }> {
      const invitation = await repository.findInvitation(hashInvitationToken(token));
      if (!invitation) throw notFound('邀请 / invitation', 'token');
      const nomination = await nominationOfRater(invitation.nominationId, { token });
      const cycle = await cycleOf(nomination.cycleId);
      return {
        nominationId: nomination.id,
        subjectName: subjectOf(cycle, nomination.subjectId).name,
        model: modelOf(cycle.modelId),
      };
    },

    /**
     * Save a draft (partial answers allowed) to resume later. Only the rater;
     * only while the cycle is open; not after submitting (submit again to change).
     *
     * @throws KamError `INVALID_INPUT` naming each bad item; `NOT_FOUND` for anyone but the rater.
     */
    async saveDraft(nominationId: string, input: SubmissionInput, rater: RaterIdentity): Promise<Submission> {
      return write(nominationId, input, rater, 'draft').then((outcome) => outcome.submission);
    },

    /**
     * Submit a review: every item answered on the scale. Editable (by
     * submitting again) until the cycle closes; submitting the same answers
     * again stores nothing new (`changed: false`).
     *
     * @throws KamError `INVALID_INPUT` naming each bad or missing item; `NOT_FOUND` for anyone but the rater;
     *   `INVALID_STATE` when the cycle is not open.
     */
    submit(
      nominationId: string,
      input: SubmissionInput,
      rater: RaterIdentity,
    ): Promise<{ submission: Submission; changed: boolean }> {
      return write(nominationId, input, rater, 'submitted');
    },

    /**
     * What a rater needs to write one review: the nomination, its cycle, the
     * subject's name and the competency model. Only the rater (by user or
     * invitation token); anyone else gets the NOT_FOUND of a missing nomination.
     */
    async reviewContext(
      nominationId: string,
      rater: RaterIdentity,
    ): Promise<{ nomination: Nomination; cycle: Cycle; subjectName: string; model: CompetencyModel }> {
      const nomination = await nominationOfRater(nominationId, rater);
      const cycle = await cycleOf(nomination.cycleId);
      const subject = cycle.subjects.find((candidate) => candidate.id === nomination.subjectId);
      return {
        nomination,
        cycle,
        subjectName: subject?.name ?? nomination.subjectId,
        model: modelOf(cycle.modelId),
      };
    },

    /** The open cycles in which `user` has reviews to write, with those reviews and their drafts or submissions. */
    async myOpenReviews(
      user: User,
    ): Promise<{ cycle: Cycle; nomination: Nomination; submission: Submission | undefined }[]> {
      if (user.status !== 'active') return [];
      const found: { cycle: Cycle; nomination: Nomination; submission: Submission | undefined }[] = [];
      for (const cycle of await repository.listCycles()) {
        if (cycle.state !== 'open') continue;
        const mine = (await repository.listNominations(cycle.id, { raterKey: `user:${user.id}` })).filter(
          (nomination) => nomination.status === 'approved',
        );
        for (const nomination of mine)
          found.push({
            cycle,
            nomination,
            submission: await repository.getSubmission(cycle.id, nomination.id),
          });
      }
      return found;
    },

    /** The rater's own draft or submission, to resume. @throws KamError `NOT_FOUND` for anyone else. */
    async mySubmission(nominationId: string, rater: RaterIdentity): Promise<Submission | undefined> {
      const nomination = await nominationOfRater(nominationId, rater);
      return repository.getSubmission(nomination.cycleId, nominationId);
    },

    /** Progress counts per subject (admins: all; others: the subjects whose results they may read). */
    async progress(cycleId: string, actor: User): Promise<CycleProgress> {
      const cycle = await cycleOf(cycleId);
      const progress = cycleProgress({
        cycle,
        nominations: await repository.listNominations(cycleId),
        submissions: await repository.listSubmissions(cycleId),
      });
      if (review360AdminScope(actor, options.policy) === 'all') return progress;
      const readable = new Set<string>();
      for (const subject of cycle.subjects)
        if (
          canReadResult(actor, { ...cycle, state: 'published' }, subject.id) ||
          (await administers(actor, subject))
        )
          readable.add(subject.id);
      const subjects = progress.subjects.filter((entry) => readable.has(entry.subjectId));
      const total = { raters: 0, submitted: 0, inProgress: 0, notStarted: 0, declined: 0 };
      for (const entry of subjects)
        for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += entry.counts[key];
      return { cycleId, total, subjects };
    },

    /** Reminder events at `at` (default now) for the bots and the scheduler. */
    async reminders(cycleId: string, at: Date = now()): Promise<ReminderEvent[]> {
      const cycle = await cycleOf(cycleId);
      return reminderEvents({
        cycle,
        nominations: await repository.listNominations(cycleId),
        submissions: await repository.listSubmissions(cycleId),
        now: at,
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      });
    },

    /**
     * Read a published result. Only the people the cycle names may read it;
     * for everyone else it does not exist.
     *
     * @throws KamError `NOT_FOUND` — the same for "not allowed" and "not there".
     */
    async readResult(
      cycleId: string,
      subjectId: string,
      user: User,
    ): Promise<SubjectResult & { version: number }> {
      const cycle = await repository.getCycle(cycleId);
      assertCanReadResult(user, cycle, subjectId);
      const stored = await repository.getResult(cycleId, subjectId);
      if (!stored) throw resultNotFound(cycleId, subjectId);
      return { ...stored.result, version: stored.version };
    },

    /** Admin-only outlier flags of a subject (never naming a rater). @throws KamError `NOT_FOUND` for others. */
    async outlierFlags(cycleId: string, subjectId: string, actor: User): Promise<OutlierFlag[]> {
      const cycle = await repository.getCycle(cycleId);
      const subject = cycle?.subjects.find((candidate) => candidate.id === subjectId);
      if (!subject || !(await administers(actor, subject))) throw resultNotFound(cycleId, subjectId);
      const stored = await repository.getResult(cycleId, subjectId);
      if (!stored) throw resultNotFound(cycleId, subjectId);
      return stored.outlierFlags;
    },

    /**
     * The subject appeals their published result with a reason; the cycle
     * enters `appeal` until every appeal is decided.
     *
     * @throws KamError `NOT_FOUND` for anyone but the subject; `INVALID_STATE` before publication.
     */
    async fileAppeal(cycleId: string, subjectId: string, reason: string, user: User): Promise<Appeal> {
      const cycle = await cycleOf(cycleId);
      // A missing subject and someone else's read the same: no result to appeal.
      const subject = cycle.subjects.find((candidate) => candidate.id === subjectId);
      if (!subject || subjectPersonId(subject) !== user.id || user.status !== 'active')
        throw resultNotFound(cycleId, subjectId);
      assertCycleState(cycle, ['published', 'appeal'], 'appeal');
      requireReason(reason, { 'zh-CN': '请写明申诉理由', en: 'Give a reason for the appeal' });
      const appeal: Appeal = {
        id: generateId(),
        cycleId,
        subjectId,
        filedBy: user.id,
        reason: reason.trim(),
        filedAt: now().toISOString(),
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        decision: null,
        level: 1,
        voided: [],
      };
      await repository.putAppeal(appeal, { actor: user.id });
      await audit({
        actor: user.id,
        action: 'review360.appeal.file',
        entity: 'review360-appeal',
        entityId: appeal.id,
        before: null,
        after: { cycleId, subjectId, status: 'pending' },
        reason: appeal.reason,
      });
      if (cycle.state === 'published') await moveCycle(cycle, 'appeal', user.id);
      return appeal;
    },

    /**
     * The subject escalates a decided first-level appeal, once, with a reason:
     * a second-level appeal that only the committee (`review360.committee`)
     * decides, finally. The cycle is under appeal until it is decided.
     *
     * @throws KamError `NOT_FOUND` for anyone who has nothing to do with the appeal (as for a missing id);
     *   `FORBIDDEN` for an administrator or committee member of the subject (only the subject escalates);
     *   `INVALID_STATE` before the first decision, for a second-level appeal, or when already escalated.
     */
    async escalateAppeal(appealId: string, reason: string, user: User): Promise<Appeal> {
      const appeal = await repository.getAppeal(appealId);
      const cycle = appeal && (await repository.getCycle(appeal.cycleId));
      const subject = cycle?.subjects.find((candidate) => candidate.id === appeal?.subjectId);
      if (!appeal || !cycle || !subject) throw appealNotFound(appealId);
      if (user.status !== 'active' || subjectPersonId(subject) !== user.id) {
        if ((await administers(user, subject)) || (await onCommitteeFor(user, subject, rights)))
          throw forbidden({
            'zh-CN': '只有被评价人本人可以把申诉提交考核领导小组',
            en: 'Only the subject may escalate an appeal to the committee',
          });
        throw appealNotFound(appealId);
      }
      const refuse = (message: LocalisedText) =>
        new KamError({ code: KAM_ERROR_CODES.INVALID_STATE, message });
      if (appealLevel(appeal) === 2)
        throw refuse({
          'zh-CN': '考核领导小组的裁决为最终裁决，不能再申诉',
          en: 'The committee’s decision is final; it cannot be escalated',
        });
      if (appeal.status === 'pending')
        throw refuse({
          'zh-CN': '申诉尚未裁决；裁决后才能提交考核领导小组',
          en: 'The appeal is not decided yet; it can be escalated once decided',
        });
      const siblings = await repository.listAppeals(cycle.id, { subjectId: subject.id });
      if (siblings.some((candidate) => candidate.escalates === appeal.id))
        throw refuse({
          'zh-CN': '该申诉已提交过考核领导小组，只能升级一次',
          en: 'This appeal was already escalated; an appeal is escalated once',
        });
      assertCycleState(cycle, ['published', 'appeal'], 'escalate an appeal');
      requireReason(reason, {
        'zh-CN': '请写明再次申诉的理由',
        en: 'Give a reason for escalating the appeal',
      });
      const escalated: Appeal = {
        id: generateId(),
        cycleId: cycle.id,
        subjectId: subject.id,
        filedBy: user.id,
        reason: reason.trim(),
        filedAt: now().toISOString(),
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        decision: null,
        level: 2,
        escalates: appeal.id,
        voided: [],
      };
      await repository.putAppeal(escalated, { actor: user.id });
      await audit({
        actor: user.id,
        action: 'review360.appeal.escalate',
        entity: 'review360-appeal',
        entityId: escalated.id,
        before: { escalates: appeal.id, level: 1, status: appeal.status },
        after: { cycleId: cycle.id, subjectId: subject.id, level: 2, status: 'pending' },
        reason: escalated.reason,
      });
      if (cycle.state === 'published') await moveCycle(cycle, 'appeal', user.id);
      return escalated;
    },

    /**
     * Appeals of a cycle: an administrator sees every appeal of the subjects
     * they administer; a committee member the second-level appeals of the
     * subjects in their reach, with the first-level appeals they escalate.
     *
     * @throws KamError `FORBIDDEN` for anyone who is neither.
     */
    async listAppeals(cycleId: string, actor: User): Promise<Appeal[]> {
      if (
        review360AdminScope(actor, options.policy) === 'none' &&
        review360CommitteeScope(actor, options.policy) === 'none'
      )
        throw noAppealRights();
      const cycle = await repository.getCycle(cycleId);
      const appeals = await repository.listAppeals(cycleId);
      const escalated = new Set(appeals.flatMap((appeal) => (appeal.escalates ? [appeal.escalates] : [])));
      const kept: Appeal[] = [];
      for (const appeal of appeals) {
        const subject = cycle?.subjects.find((candidate) => candidate.id === appeal.subjectId);
        if (!subject) continue;
        if (
          (await administers(actor, subject)) ||
          ((appealLevel(appeal) === 2 || escalated.has(appeal.id)) &&
            (await onCommitteeFor(actor, subject, rights)))
        )
          kept.push(appeal);
      }
      return kept;
    },

    /**
     * Decide an appeal: a first-level one by a 360° administrator of the
     * subject, a second-level (escalated) one by the committee
     * (`review360.committee`) — never by whoever decided the first level —
     * and that decision is final. Upholding may void disputed ratings
     * (`void`: nomination ids of submitted ratings of this subject) and/or
     * recompute with another aggregation; either recomputes the subject's
     * result, which then says how many ratings were voided, never whose. The
     * decision and the recomputation (overall before → after) are audited.
     * The cycle returns to `published` when no appeal is pending.
     *
     * @throws KamError `NOT_FOUND` for an appeal out of reach (as for a missing id); `FORBIDDEN` for an
     *   administrator deciding an escalated appeal, or the first-level decider on the committee;
     *   `INVALID_STATE` when already decided; `INVALID_INPUT` naming a bad `void[i]`.
     */
    async decideAppeal(
      appealId: string,
      decision: {
        outcome: 'upheld' | 'rejected';
        reason: string;
        recompute?: { aggregation?: AggregationInput };
        /** Nomination ids whose submitted ratings the decision voids (upheld only). */
        void?: readonly string[];
      },
      actor: User,
    ): Promise<{ appeal: Appeal; result: StoredResult | null }> {
      if (
        review360AdminScope(actor, options.policy) === 'none' &&
        review360CommitteeScope(actor, options.policy) === 'none'
      )
        throw noAppealRights();
      const appeal = await repository.getAppeal(appealId);
      if (!appeal) throw appealNotFound(appealId);
      const appealed = (await repository.getCycle(appeal.cycleId))?.subjects.find(
        (candidate) => candidate.id === appeal.subjectId,
      );
      if (!appealed) throw appealNotFound(appealId);
      const level = appealLevel(appeal);
      const admin = await administers(actor, appealed);
      const committee = level === 2 && (await onCommitteeFor(actor, appealed, rights));
      // An appeal outside the actor's reach reads like one that does not exist.
      if (!admin && !committee) throw appealNotFound(appealId);
      if (level === 2 && !committee)
        throw forbidden({
          'zh-CN': '升级的申诉由考核领导小组裁决',
          en: 'An escalated appeal is decided by the review committee',
        });
      if (appeal.status !== 'pending')
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_STATE,
          message: { 'zh-CN': '该申诉已裁决', en: 'This appeal is already decided' },
        });
      const first = appeal.escalates === undefined ? undefined : await repository.getAppeal(appeal.escalates);
      if (first?.decidedBy === actor.id)
        throw forbidden({
          'zh-CN': '已裁决第一级申诉的人不能再裁决其升级申诉',
          en: 'Whoever decided the first level may not decide the escalated appeal',
        });
      const cycle = await cycleOf(appeal.cycleId);
      const voids = [...new Set(decision.void ?? [])];
      if (voids.length > 0 && decision.outcome !== 'upheld')
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_INPUT,
          path: 'void',
          message: {
            'zh-CN': '只有支持申诉时才能作废评分',
            en: 'Ratings are voided only when the appeal is upheld',
          },
        });
      const voidedBefore = await voidedNominations(cycle.id);
      if (voids.length > 0) {
        const counted = new Set(
          (await repository.listSubmissions(cycle.id, { subjectId: appeal.subjectId, status: 'submitted' }))
            .map((submission) => submission.nominationId)
            .filter((id) => !voidedBefore.has(id)),
        );
        voids.forEach((id, index) => {
          // Someone else's rating, a missing id and one already voided read the same.
          if (!counted.has(id))
            throw new KamError({
              code: KAM_ERROR_CODES.INVALID_INPUT,
              path: `void[${index}]`,
              message: {
                'zh-CN': `${id} 不是该被评价人的一份有效评分`,
                en: `${id} is not a counted rating of this subject`,
              },
            });
        });
      }
      const before = await repository.getResult(cycle.id, appeal.subjectId);
      const aggregation = decision.recompute?.aggregation
        ? parseWith(AggregationSchema, decision.recompute.aggregation, {
            'zh-CN': '汇总方法',
            en: 'aggregation',
          })
        : (before?.result.aggregation ?? cycle.aggregation);
      const recomputes =
        decision.outcome === 'upheld' && (decision.recompute !== undefined || voids.length > 0);
      // Everything the decision changes is computed before anything is written.
      let result: StoredResult | null = null;
      if (recomputes) {
        const results = await resultsOf(cycle, {
          aggregation,
          satisfaction: await satisfactionFigures(cycle, modelOf(cycle.modelId), actor),
          voided: new Set([...voidedBefore, ...voids]),
        });
        result = {
          cycleId: cycle.id,
          subjectId: appeal.subjectId,
          version: (before?.version ?? 0) + 1,
          computedAt: now().toISOString(),
          result: results.resultFor(appeal.subjectId),
          outlierFlags: results.outlierFlagsFor(appeal.subjectId),
        };
      }
      const decided: Appeal = {
        ...appeal,
        status: decision.outcome,
        decidedBy: actor.id,
        decidedAt: now().toISOString(),
        decision: decision.reason,
        level,
        voided: voids,
      };
      await repository.putAppeal(decided, { actor: actor.id });
      await audit({
        actor: actor.id,
        action: 'review360.appeal.decide',
        entity: 'review360-appeal',
        entityId: appeal.id,
        before: { status: 'pending', level },
        after: { status: decision.outcome, level, final: level === 2, voided: voids },
        reason: decision.reason,
      });
      if (result) {
        await repository.saveResult(result, { actor: actor.id });
        await audit({
          actor: actor.id,
          action: 'review360.result.recompute',
          entity: 'review360-result',
          entityId: `${cycle.id}/${appeal.subjectId}`,
          before: {
            version: before?.version ?? null,
            overall: before?.result.overall.score ?? null,
            voidedRatings: before?.result.voidedRatings ?? 0,
          },
          after: {
            version: result.version,
            overall: result.result.overall.score,
            aggregation,
            voidedRatings: result.result.voidedRatings,
          },
          reason: decision.reason,
        });
      }
      const pending = await repository.listAppeals(cycle.id, { status: 'pending' });
      if (pending.length === 0 && cycle.state === 'appeal') await moveCycle(cycle, 'published', actor.id);
      return { appeal: decided, result };
    },

    /**
     * The audit trail of 360° actions (entities `review360-*`), for admins:
     * all of it for an `all` admin, the entries about subjects of their
     * division for a division admin. The rest of the store's audit log is
     * read through the scoped store's `listAudit`.
     */
    async auditTrail(actor: User, filter: AuditFilter = {}): Promise<AuditEntry[]> {
      if (review360AdminScope(actor, options.policy) === 'none') throw adminOnly();
      const { limit, ...rest } = filter;
      const entries = options.store ? await options.store.listAudit(rest) : await repository.listAudit(rest);
      const kept: AuditEntry[] = [];
      for (const entry of entries) {
        if (!entry.entity.startsWith('review360')) continue;
        if (await entryInReach(entry, actor)) kept.push(entry);
        if (limit !== undefined && kept.length >= limit) break;
      }
      return kept;
    },
  };

  async function write(
    nominationId: string,
    input: SubmissionInput,
    rater: RaterIdentity,
    status: Submission['status'],
  ): Promise<{ submission: Submission; changed: boolean }> {
    const nomination = await nominationOfRater(nominationId, rater);
    const cycle = await cycleOf(nomination.cycleId);
    assertCycleState(cycle, ['open'], status === 'draft' ? 'save a draft' : 'submit');
    if (nomination.status !== 'approved')
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_STATE,
        message: {
          'zh-CN': `这份评价${NOMINATION_STATUS_TEXT[nomination.status]['zh-CN']}，不能作答`,
          en: `This review ${NOMINATION_STATUS_TEXT[nomination.status].en}; it cannot be answered`,
        },
      });
    const content = validateAnswers(modelOf(cycle.modelId), input, { complete: status === 'submitted' });
    if (status === 'draft') {
      const existing = await repository.getSubmission(cycle.id, nominationId);
      if (existing?.status === 'submitted')
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_STATE,
          message: {
            'zh-CN': '已提交的评价不能存为草稿；如需修改请重新提交',
            en: 'A submitted review cannot go back to draft; submit again to change it',
          },
        });
    }
    const at = now().toISOString();
    return repository.upsertSubmission(
      {
        cycleId: cycle.id,
        nominationId,
        subjectId: nomination.subjectId,
        raterKey: nomination.raterKey,
        relation: nomination.relation,
        answers: content.answers,
        comments: content.comments,
        status,
        contentHash: submissionHash({ ...content, status }),
        updatedAt: at,
        submittedAt: status === 'submitted' ? at : null,
      },
      { actor: RATER_ACTOR },
    );
  }
}

/** Refuse an empty reason (declining, appealing, escalating), naming `reason` with `message`. */
function requireReason(reason: string, message: LocalisedText): void {
  if (reason.trim() === '')
    throw new KamError({ code: KAM_ERROR_CODES.INVALID_INPUT, path: 'reason', message });
}
