/**
 * The 360° review dialog: item by item on text channels (back, skip, save,
 * submit with a confirm step, invalid answers re-asked with the valid range),
 * or the whole review as one form where the channel has forms. State lives
 * in the store with an expiry; saved drafts live in the review360 repository
 * and outlive the dialog.
 *
 * @module
 */
import type { ScopedStore } from '../access/scoped-store.js';
import type { User } from '../domain/user.js';
import { isKamError, type Locale, type LocalisedText } from '../errors/kam-error.js';
import type { Review360Engine } from '../review360/engine.js';
import { type CompetencyModel, modelItems } from '../review360/model.js';
import type { ReviewRepository } from '../review360/repository.js';
import type { Store } from '../store/port.js';
import { dialogKeys, type ReviewState, ReviewStateSchema } from './dialog-state.js';
import type { PlatformUser } from './identity.js';
import type { ParsedCommand } from './parse-command.js';
import { localised, type Reply, type ReviewItemView, type ScaleStep } from './replies.js';

/** The parts of a turn the review dialog needs. */
export interface ReviewTurn {
  user: User;
  scoped: ScopedStore;
  locale: Locale;
  platformUser: PlatformUser;
  forms: boolean;
}

/** A review waiting for the user. */
export interface PendingReview {
  nominationId: string;
  cycleId: string;
  label: LocalisedText;
}

/** The review dialog; see {@link createReviewDialog}. */
export interface ReviewDialog {
  /** Reviews the user still has to submit, in open cycles. */
  pending(user: User): Promise<PendingReview[]>;
  /** Start (or resume from the saved draft) one review. */
  start(turn: ReviewTurn, nominationId: string): Promise<Reply[]>;
  /** Show the current item of an open review dialog, or `undefined` when none is open. */
  resume(turn: ReviewTurn): Promise<Reply[] | undefined>;
  /**
   * A late 提交 / 好的 with no review open: "already submitted" when the
   * user's reviews in open cycles are all submitted; `undefined` otherwise.
   */
  alreadySubmitted(turn: ReviewTurn): Promise<Reply[] | undefined>;
  /** Handle a message inside an open review dialog; `undefined` when none is open or the message is a new command. */
  step(turn: ReviewTurn, command: ParsedCommand): Promise<Reply[] | undefined>;
  /** Save or submit a whole review from a form. */
  submitForm(
    turn: ReviewTurn,
    input: {
      nominationId: string;
      answers: Record<string, unknown>;
      comments?: Record<string, string>;
      action: 'save' | 'submit';
    },
  ): Promise<Reply[]>;
}

/** Options of {@link createReviewDialog}. */
export interface ReviewDialogOptions {
  engine: Review360Engine;
  /**
   * @deprecated Not read any more: nominations, drafts and submissions are
   * read through the engine, which checks who may see them.
   */
  repository?: ReviewRepository;
  store: Store;
  dialogTtlMs: number;
  now: () => Date;
}

const RELATION_TEXT: Record<string, LocalisedText> = {
  self: localised('自评', 'self'),
  supervisor: localised('上级', 'supervisor'),
  peer: localised('同事', 'peer'),
  subordinate: localised('下属', 'subordinate'),
  customer: localised('客户', 'customer'),
  partner: localised('合作伙伴', 'partner'),
};

/** Commands the dialog answers while a review is open; any other command leaves it open and runs. */
const DIALOG_COMMANDS: ReadonlySet<ParsedCommand['kind']> = new Set([
  'number',
  'comment',
  'back',
  'skip',
  'save',
  'submit',
  'confirm',
  'cancel',
  'unknown',
]);

/** Create the review dialog over the 360° engine. */
export function createReviewDialog(options: ReviewDialogOptions): ReviewDialog {
  const { engine, store } = options;

  const rater = (user: User) => ({ user });

  /** The rater's view of a nomination, through the engine (only the rater gets one). */
  async function context(nominationId: string, user: User) {
    try {
      const found = await engine.reviewContext(nominationId, rater(user));
      return {
        nomination: found.nomination,
        cycle: found.cycle,
        model: found.model,
        subject: found.subjectName,
      };
    } catch (error) {
      if (isKamError(error) && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  function scaleOf(model: CompetencyModel): ScaleStep[] {
    const steps: ScaleStep[] = [];
    for (let value = model.scale.min; value <= model.scale.max; value++)
      steps.push({ value, label: model.scale.labels.find((entry) => entry.value === value)?.label ?? null });
    return steps;
  }

  function views(model: CompetencyModel, answers: Readonly<Record<string, number>>): ReviewItemView[] {
    return modelItems(model).map(({ item, dimensionIndex }, index) => ({
      itemId: item.id,
      number: index + 1,
      dimension: model.dimensions[dimensionIndex]!.name,
      text: item.text,
      high: item.high ?? null,
      low: item.low ?? null,
      answer: answers[item.id] ?? null,
    }));
  }

  function itemReply(
    state: ReviewState,
    model: CompetencyModel,
    locale: Locale,
    problem: LocalisedText | null,
  ): Reply {
    const items = views(model, state.answers);
    const item = items[Math.min(state.position, items.length - 1)]!;
    return {
      kind: 'review-item',
      nominationId: state.nominationId,
      subject: state.subject,
      total: items.length,
      answered: items.filter((view) => view.answer !== null).length,
      scale: scaleOf(model),
      item,
      problem,
      locale,
    };
  }

  function confirmReply(state: ReviewState, total: number, locale: Locale): Reply {
    return {
      kind: 'confirmation',
      prompt: localised(
        `${total} 题已全部作答。确认提交对 ${state.subject} 的评价吗？提交后在周期结束前仍可重新提交修改。`,
        `All ${total} items are answered. Submit your review of ${state.subject}? You can submit again to change it until the cycle closes.`,
      ),
      confirm: localised('确认', 'confirm'),
      cancel: localised('取消', 'cancel'),
      locale,
    };
  }

  async function readState(turn: ReviewTurn): Promise<ReviewState | undefined> {
    const parsed = ReviewStateSchema.safeParse(await store.getDialog(dialogKeys(turn.platformUser).review));
    return parsed.success ? parsed.data : undefined;
  }

  async function writeState(turn: ReviewTurn, state: ReviewState): Promise<void> {
    await store.putDialog(
      dialogKeys(turn.platformUser).review,
      state,
      new Date(options.now().getTime() + options.dialogTtlMs).toISOString(),
    );
  }

  function firstUnanswered(
    model: CompetencyModel,
    answers: Readonly<Record<string, number>>,
    from = 0,
  ): number {
    const items = modelItems(model);
    for (let offset = 0; offset < items.length; offset++) {
      const index = (from + offset) % items.length;
      if (answers[items[index]!.item.id] === undefined) return index;
    }
    return -1;
  }

  async function pending(user: User): Promise<PendingReview[]> {
    const result: PendingReview[] = [];
    for (const { cycle, nomination, submission } of await engine.myOpenReviews(user)) {
      if (submission?.status === 'submitted') continue;
      const subject = cycle.subjects.find((candidate) => candidate.id === nomination.subjectId);
      const name = subject?.name ?? nomination.subjectId;
      const relation = RELATION_TEXT[nomination.relation] ?? localised(nomination.relation);
      const draft = submission ? Object.keys(submission.answers).length : 0;
      result.push({
        nominationId: nomination.id,
        cycleId: cycle.id,
        label: localised(
          `${cycle.name} · ${name}（${relation['zh-CN']}）${draft > 0 ? ` · 草稿 ${draft} 题` : ''}`,
          `${cycle.name} · ${name} (${relation.en})${draft > 0 ? ` · draft, ${draft} answered` : ''}`,
        ),
      });
    }
    return result;
  }

  async function start(turn: ReviewTurn, nominationId: string): Promise<Reply[]> {
    const found = await context(nominationId, turn.user);
    if (!found)
      return [
        {
          kind: 'error',
          code: 'NOT_FOUND',
          message: localised('未找到该评价。', 'No such review.'),
          locale: turn.locale,
        },
      ];
    const draft = await engine.mySubmission(nominationId, rater(turn.user));
    const answers = draft?.status === 'draft' ? { ...draft.answers } : {};
    const comments = draft?.status === 'draft' ? { ...(draft.comments ?? {}) } : {};
    if (turn.forms)
      return [
        {
          kind: 'review-form',
          nominationId,
          subject: found.subject,
          scale: scaleOf(found.model),
          items: views(found.model, answers),
          locale: turn.locale,
        },
      ];
    const position = Math.max(0, firstUnanswered(found.model, answers));
    const state: ReviewState = {
      kind: 'review',
      nominationId,
      subject: found.subject,
      position,
      answers,
      comments,
      confirming: false,
      locale: turn.locale,
    };
    await writeState(turn, state);
    const replies: Reply[] = [];
    if (Object.keys(answers).length > 0)
      replies.push({
        kind: 'text',
        text: localised(
          `已从保存的草稿继续（已答 ${Object.keys(answers).length} 题）。`,
          `Resuming from your saved draft (${Object.keys(answers).length} answered).`,
        ),
        locale: turn.locale,
      });
    replies.push(itemReply(state, found.model, turn.locale, null));
    return replies;
  }

  async function resume(turn: ReviewTurn): Promise<Reply[] | undefined> {
    const state = await readState(turn);
    if (!state) return undefined;
    const found = await context(state.nominationId, turn.user);
    if (!found) return undefined;
    if (state.confirming) return [confirmReply(state, modelItems(found.model).length, turn.locale)];
    return [itemReply(state, found.model, turn.locale, null)];
  }

  async function saveDraft(turn: ReviewTurn, state: ReviewState): Promise<void> {
    await engine.saveDraft(
      state.nominationId,
      { answers: state.answers, comments: state.comments },
      rater(turn.user),
    );
  }

  async function step(turn: ReviewTurn, command: ParsedCommand): Promise<Reply[] | undefined> {
    if (!DIALOG_COMMANDS.has(command.kind)) return undefined;
    const state = await readState(turn);
    if (!state) return undefined;
    const found = await context(state.nominationId, turn.user);
    if (!found) {
      await store.deleteDialog(dialogKeys(turn.platformUser).review);
      return undefined;
    }
    const locale = command.locale ?? state.locale;
    const { model } = found;
    const items = modelItems(model);
    const total = items.length;
    const range = localised(
      `请输入 ${model.scale.min}–${model.scale.max} 之间的整数，或 上一题 / 跳过 / 保存 / 提交。`,
      `Answer with a whole number from ${model.scale.min} to ${model.scale.max}, or back / skip / save / submit.`,
    );
    const next: ReviewState = { ...state, locale };

    if (state.confirming) {
      // 确认 / 好的 / ok, and 确认提交 / 提交了 at the confirm step, all submit.
      if (command.kind === 'confirm' || command.kind === 'submit') {
        const outcome = await engine.submit(
          state.nominationId,
          { answers: state.answers, comments: state.comments },
          rater(turn.user),
        );
        await store.deleteDialog(dialogKeys(turn.platformUser).review);
        return [
          {
            kind: 'text',
            text: outcome.changed
              ? localised(
                  `已提交对 ${state.subject} 的评价，谢谢！`,
                  `Your review of ${state.subject} is submitted. Thank you!`,
                )
              : localised(
                  '这份评价此前已提交，内容相同，未重复保存。',
                  'This review was already submitted with the same answers; nothing new was stored.',
                ),
            locale,
          },
        ];
      }
      if (command.kind === 'cancel' || command.kind === 'back') {
        next.confirming = false;
        await writeState(turn, next);
        return [itemReply(next, model, locale, null)];
      }
      return [confirmReply(state, total, locale)];
    }

    switch (command.kind) {
      case 'number': {
        const value = command.value;
        if (!Number.isInteger(value) || value < model.scale.min || value > model.scale.max)
          return [itemReply(state, model, locale, range)];
        const item = items[Math.min(state.position, total - 1)]!.item;
        next.answers = { ...state.answers, [item.id]: value };
        const following = firstUnanswered(model, next.answers, state.position + 1);
        if (following < 0) {
          next.confirming = true;
          next.position = total - 1;
          await writeState(turn, next);
          return [confirmReply(next, total, locale)];
        }
        next.position = state.position + 1 < total ? state.position + 1 : following;
        await writeState(turn, next);
        return [itemReply(next, model, locale, null)];
      }
      case 'comment': {
        const dimension = model.dimensions[items[Math.min(state.position, total - 1)]!.dimensionIndex]!;
        next.comments = { ...state.comments, [dimension.id]: command.text };
        await writeState(turn, next);
        return [
          {
            kind: 'text',
            text: localised(
              `已记下对「${dimension.name['zh-CN']}」的评语。`,
              `Comment on "${dimension.name.en}" noted.`,
            ),
            locale,
          },
          itemReply(next, model, locale, null),
        ];
      }
      case 'back':
        next.position = Math.max(0, state.position - 1);
        await writeState(turn, next);
        return [itemReply(next, model, locale, null)];
      case 'skip': {
        next.position =
          state.position + 1 < total
            ? state.position + 1
            : Math.max(0, firstUnanswered(model, state.answers));
        await writeState(turn, next);
        return [itemReply(next, model, locale, null)];
      }
      case 'save': {
        await saveDraft(turn, state);
        await writeState(turn, next);
        const answered = Object.keys(state.answers).length;
        return [
          {
            kind: 'text',
            text: localised(
              `已保存草稿（${answered}/${total}）。随时发送 评价 继续。`,
              `Draft saved (${answered}/${total}). Send review any time to continue.`,
            ),
            locale,
          },
          itemReply(next, model, locale, null),
        ];
      }
      case 'submit': {
        const missing = items
          .filter(({ item }) => state.answers[item.id] === undefined)
          .map((_, index) => index);
        const missingNumbers = items
          .map(({ item }, index) => (state.answers[item.id] === undefined ? index + 1 : 0))
          .filter((number) => number > 0);
        if (missing.length > 0) {
          next.position = missingNumbers[0]! - 1;
          await writeState(turn, next);
          return [
            {
              kind: 'error',
              code: 'INVALID_INPUT',
              message: localised(
                `还有 ${missingNumbers.length} 题未答：第 ${missingNumbers.join('、')} 题。`,
                `${missingNumbers.length} items are not answered yet: ${missingNumbers.join(', ')}.`,
              ),
              locale,
            },
            itemReply(next, model, locale, null),
          ];
        }
        next.confirming = true;
        await writeState(turn, next);
        return [confirmReply(next, total, locale)];
      }
      case 'cancel': {
        await saveDraft(turn, state);
        await store.deleteDialog(dialogKeys(turn.platformUser).review);
        return [
          {
            kind: 'text',
            text: localised(
              '已暂停并保存草稿。发送 评价 继续。',
              'Paused; your draft is saved. Send review to continue.',
            ),
            locale,
          },
        ];
      }
      default:
        return [itemReply(state, model, locale, range)];
    }
  }

  async function submitForm(
    turn: ReviewTurn,
    input: {
      nominationId: string;
      answers: Record<string, unknown>;
      comments?: Record<string, string>;
      action: 'save' | 'submit';
    },
  ): Promise<Reply[]> {
    const content = { answers: input.answers, comments: input.comments ?? {} };
    if (input.action === 'save') {
      await engine.saveDraft(input.nominationId, content, rater(turn.user));
      return [{ kind: 'text', text: localised('已保存草稿。', 'Draft saved.'), locale: turn.locale }];
    }
    const outcome = await engine.submit(input.nominationId, content, rater(turn.user));
    await store.deleteDialog(dialogKeys(turn.platformUser).review);
    return [
      {
        kind: 'text',
        text: outcome.changed
          ? localised('评价已提交，谢谢！', 'Your review is submitted. Thank you!')
          : localised(
              '这份评价此前已提交，内容相同，未重复保存。',
              'This review was already submitted with the same answers; nothing new was stored.',
            ),
        locale: turn.locale,
      },
    ];
  }

  async function alreadySubmitted(turn: ReviewTurn): Promise<Reply[] | undefined> {
    const open = await engine.myOpenReviews(turn.user);
    const submitted = open.filter((entry) => entry.submission?.status === 'submitted');
    if (submitted.length === 0 || submitted.length < open.length) return undefined;
    const names = submitted.map(
      ({ cycle, nomination }) =>
        cycle.subjects.find((candidate) => candidate.id === nomination.subjectId)?.name ?? cycle.name,
    );
    return [
      {
        kind: 'text',
        text: localised(
          `已提交：你对 ${names.join('、')} 的评价已经提交，无需再次提交。`,
          `Already submitted: your review of ${names.join(', ')} is in; there is nothing more to submit.`,
        ),
        locale: turn.locale,
      },
    ];
  }

  return { pending, start, resume, step, alreadySubmitted, submitForm };
}
